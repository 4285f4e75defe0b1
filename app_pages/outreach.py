"""Step 3 · Outreach: a script per channel, checked against the method; the attempt log with 3B7
follow-ups; meetings with a calendar file."""
import streamlit as st

from lib import outreach
from views import kit, layout
from views.outreach import attempts, follow_ups, meetings, picker, write

ctx = kit.context()
layout.step_header(
    "Outreach", "Step 3",
    "Ask for a short conversation the right way, keep track of every attempt, and book the meeting.",
    tooltip=layout.method_help("M11–M17"),
)

if outreach.count_contacts(ctx.cur, ctx.wb.id) == 0:
    layout.empty_state("Add the people you want to talk to first; then come back to write to them, log attempts "
                   "and schedule meetings.", "research", "Add people to contact")
else:
    picker.open_from_url(ctx)
    person = picker.contact_picker(ctx)
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
