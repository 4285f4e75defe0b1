"""Where the person stands: progress toward the goal, its pace, and the five steps as a checklist."""
from __future__ import annotations

import streamlit as st

from lib import next_actions, wording
from views import kit, layout, registry, ui

STATUS_ICONS = {
    next_actions.DONE: ":material/check_circle:",
    next_actions.UNDER_WAY: ":material/pending:",
    next_actions.NOT_STARTED: ":material/radio_button_unchecked:",
}
STATUS_COLORS = {next_actions.DONE: "green", next_actions.UNDER_WAY: "orange", next_actions.NOT_STARTED: "gray"}


@kit.cached
def _checklist(cur, workbook_id: int) -> list[next_actions.Step] | None:
    numbers = next_actions.counts(cur, workbook_id)  # a dozen small counts
    return None if next_actions.is_empty(cur, workbook_id, numbers) else next_actions.checklist(cur, workbook_id, numbers)


def checklist(ctx: kit.Context) -> list[next_actions.Step] | None:
    """The five steps with their status; None for a workbook with nothing in it yet. Kept until a write, as are
    the progress figures below: a visit to Home reads nothing when nothing changed."""
    return _checklist(ctx)


_progress = kit.cached(next_actions.progress)
_late_thank_yous = kit.cached(next_actions.late_thank_yous)


def toward_goal(ctx: kit.Context) -> None:
    """The progress bar, this week, the days left, the pace needed, and whether the goal is on track."""
    progress = _progress(ctx, ctx.today)
    pace = progress.pace
    st.progress(progress.fraction, text=f"**{progress.done} of {progress.target} interviews done** "
                f"({progress.fraction:.0%})")
    planned = f" (plan: {progress.weekly_pace:g})" if progress.weekly_pace else ""
    if progress.days_left is None:
        days = ("—", "", "Set a target date on the Goals page.")
    elif progress.days_left < 0:
        days = ("Passed", f"{wording.plural(-progress.days_left, 'day')} ago", "")
    else:
        days = (progress.days_left, "", f"Until {wording.day(progress.target_date)}.")
    needed = pace.needed_per_week
    ui.figures(("Interviews done", f"{progress.done:,} of {progress.target:,}", "", "Meetings marked done."),
               (f"This week{planned}", f"{progress.done_this_week} done", f"{progress.booked_this_week} booked",
                "Monday to Sunday: meetings held, and meetings still booked for this week."),
               ("Days left", *days),
               ("Needed per week", "—" if needed is None or needed == float("inf") else f"{needed:.1f}", "",
                "Interviews still to go, spread over the weeks left."))
    if not progress.has_goal:
        layout.empty_state("You have not set a goal yet: the figures above use the default target of ten.",
                       "goals", "Set your goal")
        return
    show = st.warning if pace.warn else st.success if pace.status in ("on_track", "reached") else st.info
    show(pace.message, icon=":material/speed:")
    if pace.warn:
        st.page_link(registry.PAGES["goals"], label="Review your goal", icon=":material/flag:")


def five_steps(ctx: kit.Context, steps: list[next_actions.Step]) -> None:
    """Each step's status, where the person stands, and what "done" means; and thank-you notes sent late."""
    st.header("The five steps")
    # one Markdown table, not five bordered cards with a link each (16 elements; issue 17): the sidebar lists
    # the same five pages beside it
    rows = ["| Step | Status | Where you stand | Done when |", "| --- | --- | --- | --- |"]
    for step in steps:
        badge = f":{STATUS_COLORS[step.status]}-badge[{STATUS_ICONS[step.status]} {{status}}]"
        rows.append(ui.md("| **{number}\u00a0·\u00a0{title}** | " + badge + " | {detail} | {done} |", number=step.number,
                          title=step.title, status=next_actions.STATUS_LABELS[step.status], detail=step.detail,
                          done=step.done_means))
    st.markdown("\n".join(rows))
    late = _late_thank_yous(ctx)
    if late:
        st.caption(f"{late} thank-you note{'s were' if late > 1 else ' was'} sent more than a day after "
                   "the meeting. Sending it the same day shows you valued their time.")
