"""Home: progress toward the goal, what to do next (each item leads to its page), and the five steps."""
from datetime import datetime

import pandas as pd
import streamlit as st

from lib import next_actions
from views import ui
from lib import wording

wb = ui.current_workbook()
con = ui.db()
now = datetime.now()
today = now.date()

STEPS_INTRO = (
    (1, "goals", "Goals", "Write what you want to learn, why, and a target: about ten conversations by a date."),
    (2, "research", "Research", "Find organizations and people in the roles you are curious about, and learn about them first."),
    (3, "outreach", "Outreach", "Ask each person for 15–20 minutes to learn from them, never for a job, and follow up."),
    (4, "questions", "Questions", "Prepare 12–14 questions for each meeting, print them, and keep to the time."),
    (5, "review", "Review", "Write down what you learned, thank them within a day, and follow up on referrals."),
)
STATUS_ICONS = {
    next_actions.DONE: ":material/check_circle:",
    next_actions.UNDER_WAY: ":material/pending:",
    next_actions.NOT_STARTED: ":material/radio_button_unchecked:",
}
STATUS_COLORS = {next_actions.DONE: "green", next_actions.UNDER_WAY: "orange", next_actions.NOT_STARTED: "gray"}

ui.step_header("Home", None, "Where you stand against your goal, and what to do next.")

numbers = next_actions.counts(con, wb.id)
if next_actions.is_empty(con, wb.id, numbers):
    # ---- guided start -------------------------------------------------------------------------
    st.subheader("Welcome: five steps to your first ten conversations")
    st.write(
        "Informational interviews are short conversations with people who do work you are curious about. "
        "You go to learn, not to ask for a job, and each one grows your network. This workbook walks you "
        "through the method one step at a time and keeps track of everything for you."
    )
    if st.button("Begin with Step 1: your goal", key="begin_goals", type="primary", icon=":material/flag:"):
        st.switch_page(ui.PAGES["goals"])
    st.page_link(ui.PAGES["workbooks"], label="Or look around the demo workbook first (Workbooks page)",
                 icon=":material/folder_shared:")
    st.subheader("The five steps")
    st.markdown("\n".join(f"{number}. **{title}:** {text}" for number, _, title, text in STEPS_INTRO))
    st.caption("Home then shows your progress toward the goal and what to do next: follow-ups due, "
               "meetings coming up, reviews and thank-you notes to write.")
else:
    progress = next_actions.progress(con, wb.id, today)
    pace = progress.pace
    steps = next_actions.checklist(con, wb.id, numbers)

    # ---- next actions --------------------------------------------------------------------------
    st.header("Next actions")
    groups = [g for g in next_actions.all_actions(con, wb.id, now) if g.total]
    if not groups:
        open_step = next((step for step in steps if step.status != next_actions.DONE), None)
        if open_step is None:
            st.success("Nothing is waiting for you right now. Look back at what you learned and at how "
                       "your network has grown, then set your next goal.", icon=":material/task_alt:")
        else:
            st.info(f"Nothing is due right now. Your next step: {open_step.number} · {open_step.title}. "
                    f"{STEPS_INTRO[open_step.number - 1][3]}", icon=":material/lightbulb:")
            st.page_link(ui.PAGES[open_step.page], label=f"Go to {open_step.title}",
                         icon=":material/arrow_forward:")
    for group in groups:
        with st.container(border=True, key=f"action_{group.key}"):
            icon = ":material/priority_high:" if group.urgent else ":material/arrow_circle_right:"
            st.markdown(f"{icon} **{group.title}: {group.total}**")
            st.caption(group.hint)
            frame = pd.DataFrame(group.items).drop(columns=["id", "plan_ready", "overdue"], errors="ignore")
            st.dataframe(ui.masked(frame), hide_index=True, key=f"action_table_{group.key}", placeholder="")
            if group.total > len(group.items):
                st.caption(f"… and {group.total - len(group.items)} more.")
            st.page_link(ui.PAGES[group.page], label=group.link_label, icon=":material/arrow_forward:",
                         query_params={"wb": str(wb.id), **group.link_params})  # the exact person, meeting or tab

    # ---- progress toward the goal -------------------------------------------------------------
    st.progress(progress.fraction, text=f"**{progress.done} of {progress.target} interviews done** "
                f"({progress.fraction:.0%})")
    m1, m2, m3, m4 = st.columns(4)
    m1.metric("Interviews done", f"{progress.done} of {progress.target}", border=True,
              help="Meetings marked done.")
    planned = f" (plan: {progress.weekly_pace:g})" if progress.weekly_pace else ""
    m2.metric(f"This week{planned}", f"{progress.done_this_week} done", border=True,
              delta=f"{progress.booked_this_week} booked", delta_color="off", delta_arrow="off",
              help="Monday to Sunday: meetings held, and meetings still booked for this week.")
    if progress.days_left is None:
        m3.metric("Days left", "—", border=True, help="Set a target date on the Goals page.")
    elif progress.days_left < 0:
        m3.metric("Days left", "Passed", border=True, delta=f"{wording.plural(-progress.days_left, 'day')} ago",
                  delta_color="off", delta_arrow="off")
    else:
        m3.metric("Days left", progress.days_left, border=True, help=f"Until {wording.day(progress.target_date)}.")
    needed = pace.needed_per_week
    m4.metric("Needed per week", "—" if needed is None or needed == float("inf") else f"{needed:.1f}",
              border=True, help="Interviews still to go, spread over the weeks left.")

    if not progress.has_goal:
        ui.empty_state("You have not set a goal yet: the figures above use the default target of ten.",
                       "goals", "Set your goal")
    else:
        show = st.warning if pace.warn else st.success if pace.status in ("on_track", "reached") else st.info
        show(pace.message, icon=":material/speed:")
        if pace.warn:
            st.page_link(ui.PAGES["goals"], label="Review your goal", icon=":material/flag:")

    # ---- the five steps ------------------------------------------------------------------------
    st.header("The five steps")
    for column, step in zip(st.columns(5), steps):
        with column.container(border=True, key=f"step_{step.number}"):
            st.markdown(f"**{step.number} · {step.title}**")
            st.badge(next_actions.STATUS_LABELS[step.status], icon=STATUS_ICONS[step.status],
                     color=STATUS_COLORS[step.status])
            st.caption(step.detail)
            st.page_link(ui.PAGES[step.page], label="Open", icon=":material/arrow_forward:",
                         help=f"Done when: {step.done_means}")

    late = next_actions.late_thank_yous(con, wb.id)
    if late:
        st.caption(f"{late} thank-you note{'s were' if late > 1 else ' was'} sent more than a day after "
                   "the meeting. Sending it the same day shows you valued their time.")
