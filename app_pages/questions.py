"""Step 4 · Questions: the bank, a 12–14 question plan per meeting (or template) that fits the time,
a printable sheet, and a live meeting mode that saves notes per question (M18–M23)."""
import streamlit as st

from views import kit, layout
from views.questions import bank, live, picker, plan, research, sheet, templates

ctx = kit.context()

layout.step_header(
    "Questions", "Step 4",
    "Prepare 12 to 14 questions that fit the 15 to 20 minutes you asked for, print them, and keep notes "
    "under each one during the meeting. Done when the next meeting has a plan that fits its time.",
)

meeting_id, current = picker.meeting_picker(ctx)  # the chosen meeting: who, when, how long
NO_MEETING = {"page": "outreach", "label": "Go to Outreach", "query_params": ctx.link(view="meetings")}


def meeting_tab(tab, no_meeting: str, view) -> None:
    """A tab that works on the chosen meeting: `view(ctx, meeting_id, current)`, or `no_meeting` while none is."""
    if tab.open is False:
        return
    with tab:
        if meeting_id is None:
            layout.empty_state(no_meeting, **NO_MEETING)
        else:
            view(ctx, meeting_id, current)


tab_builder, tab_bank, tab_print, tab_live = st.tabs(["Plan builder", "Question bank", "Print", "Live meeting"],
                                                     key="q_tab", on_change="rerun", bind="query-params")

if tab_builder.open is not False:
    with tab_builder:
        mode = st.segmented_control(
            "Build", ["meeting", "template"], key="q_mode", default="meeting", required=True,
            format_func={"meeting": "This meeting's plan", "template": "Templates for a target role"}.get,
            label_visibility="collapsed",
        )
        if mode == "template":
            templates.template_builder(ctx, meeting_id, current)
        elif meeting_id is None:
            layout.empty_state("No meetings yet. Schedule one from the Outreach page, or build a reusable template "
                           "for a target role in the meantime.", **NO_MEETING)
        else:
            plan.cancelled_note(current)
            plan.meeting_plan(ctx, meeting_id, current["duration_minutes"], picker.about(meeting_id))
        research.other_sources()

if tab_bank.open is not False:
    with tab_bank:
        bank.bank(ctx)

meeting_tab(tab_print, "Print a sheet once a meeting is scheduled (Outreach page).", sheet.printable)
meeting_tab(tab_live, "Live mode runs a meeting's plan. Schedule a meeting first (Outreach page).", live.live)
