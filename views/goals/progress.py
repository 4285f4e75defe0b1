"""Where the saved goal stands (its pace against the target), how it has changed, and what the conversations
changed (M28, M30)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import goals, knowledge, next_actions, wording
from views import kit, layout, ui


def standing(ctx: kit.Context, goal: goals.Goal | None) -> None:
    """The pace check of the saved goal, or what to do when there is none yet."""
    if goal is None:
        layout.empty_state(
            "No goal yet. Write what you want to learn below, or start from one of the worked examples, "
            "then save. Nothing is booked or sent from here: this step is about being clear first."
        )
        return
    check = goals.pace_check(target=goal.target_interviews, done=next_actions.interviews_done(ctx.cur, ctx.wb.id),
                             weekly_pace=goal.weekly_pace, target_date=goal.target_date, today=ctx.today)
    show = st.warning if check.warn else st.success if check.status in ("on_track", "reached") else st.info
    show(check.message, icon=":material/speed:")
    for note in check.notes:
        st.info(note, icon=":material/hourglass_top:")


def history(ctx: kit.Context) -> None:
    """Earlier versions of the goal (M28)."""
    versions = goals.history(ctx.cur, ctx.wb.id)
    if len(versions) <= 1:
        return
    box = layout.folded(f"How your goal has changed ({wording.plural(len(versions) - 1, 'earlier version')})",
                        key="goal_history_box", icon=":material/history:")
    if box is None:
        return
    with box:
        st.caption("Look back at these when you review your progress: adjusting the plan is part of the method.",
                   help=layout.method_help("M28"))
        frame = pd.DataFrame([{
            "Version": v["version"],
            "Saved": v["saved_at"],
            "Target": v["target_interviews"],
            "Target date": v["target_date"],
            "Per week": v["weekly_pace"],
            "What changed": "; ".join(v["changes"]),
            "Note": v["change_note"],
        } for v in versions])
        st.dataframe(ui.masked(frame), hide_index=True, key="goal_history_table",
                     column_config={"Saved": st.column_config.DatetimeColumn(format=wording.DATETIME_COLUMN_FORMAT),
                                    "Target date": st.column_config.DateColumn(format=wording.DATE_COLUMN_FORMAT)},
                     placeholder="")


def what_changed(ctx: kit.Context) -> None:
    """What the conversations changed, from the reviews (M28, M30)."""
    changed = knowledge.fit_review(ctx.cur, ctx.wb.id)["entries"]
    if not changed:
        return
    box = layout.folded(f"What your conversations changed ({len(changed)})", key="goal_changes_box",
                        icon=":material/alt_route:")
    if box is None:
        return
    with box:
        st.caption("From your reviews: read these when you adjust your goal, step by step.",
                   help=layout.method_help("M28", "M30"))
        for e in changed:
            who = " · ".join(filter(None, [f"{wording.day(e['met_on'])}", ui.masked_name(e["person"]),
                                           ui.masked_text(e["organization"])]))
            lines = [x for x in (e["plan_changes"], e["workplace_seen"] and f"Seen there: {e['workplace_seen']}") if x]
            st.text(who + "\n" + "\n".join(ui.masked_text(x) for x in lines))
