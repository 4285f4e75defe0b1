"""The value summary: what the conversations have given so far, against the goal, for a coaching session."""
from __future__ import annotations

import streamlit as st

from lib import knowledge, wording
from views import kit, layout, ui


def fit_summary(ctx: kit.Context) -> None:
    """M30: what the person brings and wants to test about fit, and what each conversation changed."""
    fit = knowledge.fit_review(ctx.cur, ctx.wb.id)
    with st.expander("Fit and next steps", icon=":material/balance:", expanded=bool(fit["entries"])):
        for label, value in (("What you bring", fit["what_you_bring"]),
                             ("What you want to test about fit", fit["fit_to_test"])):
            st.caption(label)
            st.text(ui.masked_text(value) if value else "Not written yet: add it to your goal (Step 1).")
        st.caption(f"What your conversations changed ({len(fit['entries'])})", help=layout.method_help("M30", "M28"))
        for e in fit["entries"]:
            who = " · ".join(filter(None, [f"{wording.day(e['met_on'])}", ui.masked_name(e["person"]),
                                           e["organization"]]))
            lines = [f"Changes to the plan: {e['plan_changes']}" if e["plan_changes"] else "",
                     f"Seen at the workplace: {e['workplace_seen']}" if e["workplace_seen"] else ""]
            st.text(who + "\n" + "\n".join(ui.masked_text(x) for x in lines if x))


def _figures(s: dict) -> None:
    target = s["target_interviews"]
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Interviews done", f"{s['interviews_done']}" + (f" of {target}" if target else ""), border=True)
    c2.metric("Referrals received", s["referrals"], border=True,
              help="People the people you met suggested you talk to.")
    c3.metric("Network multiplier", f"{s['multiplier']:.1f}×", border=True,
              help="Referrals received divided by interviews done. Above 1, each conversation opens more than one door.")
    c4.metric("Insights recorded", s["insights_recorded"], border=True,
              help="Insights, things not findable online, advice and resources written in your reviews.")
    if s["goal_progress"] is not None:
        days = s["days_left"]
        when = "" if days is None else (f", {wording.plural(days, 'day')} left" if days >= 0
                                        else f", target date passed {wording.plural(-days, 'day')} ago")
        st.progress(s["goal_progress"], text=f"Goal: {s['interviews_done']} of {target} interviews{when}")
    else:
        st.caption("Set a target number of interviews in Step 1 to see your progress here.")
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Reviews written", f"{s['reviewed']} of {s['interviews_done']}")
    c2.metric("Average usefulness", f"{s['average_usefulness']:.1f} / 5" if s["average_usefulness"] else "–")
    c3.metric("Referrals you then met", s["referrals_met"])
    c4.metric("Keeping in touch with", s["keeping_in_touch"])


def summary_tab(ctx: kit.Context) -> None:
    s = knowledge.value_summary(ctx.cur, ctx.wb.id)
    if not s["interviews_done"]:
        layout.empty_state("The value summary fills in after your first meeting: interviews done, referrals received "
                       "per interview, insights recorded and progress toward your goal.", "goals", "Check your goal")
        return
    _figures(s)
    fit_summary(ctx)
    st.caption("For a coaching session: which conversations were most useful, which led to others, "
               "and what to adjust in the plan.")
    st.dataframe(
        ui.masked(knowledge.per_interview(ctx.cur, ctx.wb.id).drop(columns=["Reviewed"])), hide_index=True,
        width="stretch",
        column_config={
            "Met on": st.column_config.DateColumn(format=wording.DATE_COLUMN_FORMAT),
            "Thank-you sent": st.column_config.DateColumn(format=wording.DATE_COLUMN_FORMAT),
            "Usefulness": st.column_config.NumberColumn(width="small"),
            "Referrals": st.column_config.NumberColumn(width="small"),
        },
        placeholder="",
    )
