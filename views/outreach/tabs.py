"""Below the Person picker: the facts about the picked person and the four tabs."""
from __future__ import annotations

import streamlit as st

from views import kit
from views.outreach import attempts, follow_ups, meetings, picker, write


def person_tabs(ctx: kit.Context, person: dict | None) -> None:
    due_count = picker.due_count(ctx, ctx.today)
    picker.person_caption(ctx, person, due_count)
    # Only the open tab runs (a tab switch reruns the page): the hidden ones cost nothing at 100,000 attempts.
    tabs = st.tabs(picker.TABS, key=picker.TABS_KEY, on_change="rerun")
    with tabs[0]:
        if tabs[0].open is not False:
            if person is None:
                st.info("Pick a person above to write to them.", icon=":material/lightbulb:")
            else:
                write.write_tab(ctx, person)
    with tabs[1]:
        if tabs[1].open:
            attempts.attempts_tab(ctx, person)
    with tabs[2]:
        if tabs[2].open:
            follow_ups.follow_ups_tab(ctx, due_count)
    with tabs[3]:
        if tabs[3].open:
            meetings.meetings_tab(ctx, person)
