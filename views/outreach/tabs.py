"""Below the Person picker: the facts about the picked person and the four tabs, a part of the page
(views/part.py), so a logged attempt, a reply or a meeting booked redraws these alone."""
from __future__ import annotations

import streamlit as st

from views import kit, part
from views.outreach import attempts, due, follow_ups, meetings, picker, reads, write


def person_tabs(ctx: kit.Context, person: dict | None) -> None:
    _tabs(ctx, None if person is None else person["id"], outside=picker.shown)


@part.part
def _tabs(ctx: kit.Context, person_id: int | None) -> None:
    person = None if person_id is None else reads.contact(ctx, person_id)  # read again: a save moves their stage
    due_count = due.total(ctx, ctx.today)
    # Drawn by the Write tab's log section when it shows (its writes move what it says). A container, not st.empty:
    # Streamlit lets a part inside this one fill only a container this part made in the same run.
    caption = st.container()
    # Only the open tab runs (a tab switch reruns the part): the hidden ones cost nothing at 100,000 attempts.
    tabs = st.tabs(picker.TABS, key=picker.TABS_KEY, on_change="rerun")
    if person is None or tabs[0].open is False:
        picker.person_caption(ctx, person, due_count, caption)
    with tabs[0]:
        if tabs[0].open is not False:
            if person is None:
                st.info("Pick a person above to write to them.", icon=":material/lightbulb:")
            else:
                write.write_tab(ctx, person, caption)
    with tabs[1]:
        if tabs[1].open:
            attempts.attempts_tab(ctx, person)
    with tabs[2]:
        if tabs[2].open:
            follow_ups.follow_ups_tab(ctx, due_count)
    with tabs[3]:
        if tabs[3].open:
            meetings.meetings_tab(ctx, person)
