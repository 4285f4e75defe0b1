"""What each Network chart shows, in plain words: the caption under it (Markdown, so names are escaped)."""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from lib import conversion, goal_pace, referral_tree
from lib.text import md_escape  # the caption is shown as Markdown
from lib.wording import day, plural


def growth_caption(growth: pd.DataFrame, met: pd.DataFrame, today: date | None = None) -> str:
    """`today`: when the weeks shown end before its week, nobody met by then is said so, not as "yet" (a range
    in the past read as if the workbook had no meetings: a hostile tester)."""
    if growth.empty:
        return "Nobody is in this network yet."
    weeks = growth.groupby("week", as_index=False)["total"].sum()
    first, last = weeks.iloc[0], weeks.iloc[-1]
    first_n, last_n = int(first.total), int(last.total)
    # new since the first week shown: its own additions are in the size it starts from
    added = (growth[growth["week"] != first.week].groupby("source_label")["added"].sum()
             .sort_values(ascending=False))
    new = [f"{label} {n:,}" for label, n in added.items() if n]
    by_source = growth[growth["week"] == last.week].sort_values("total", ascending=False)
    mix = ", ".join(f"{r.source_label}: {int(r.total):,}" for r in by_source.itertuples() if r.total)
    met_now = int(met["met"].iloc[-1]) if not met.empty else 0
    text = "Each bar is the size of your network at the end of a week, coloured by how people came in. "
    mix = f" ({mix})" if mix else ""
    if len(weeks) == 1:
        text += f"In the week of {day(last.week)} it holds {plural(last_n, 'person', 'people')}{mix}."
    elif first_n == last_n:
        text += (f"It stayed at {plural(last_n, 'person', 'people')} from the week of {day(first.week)} "
                 f"to the week of {day(last.week)}{mix}.")
    else:
        text += (f"It grew from {plural(first_n, 'person', 'people')} in the week of {day(first.week)} to "
                 f"{last_n:,} in the week of {day(last.week)}" + (f" (new: {', '.join(new)})." if new else "."))
    past = today is not None and pd.Timestamp(last.week).date() + timedelta(days=6) < today
    if met_now:
        text += f" The dark line counts the people you have actually met: {met_now:,} " + (
            f"by the week of {day(last.week)}." if past else "so far.")
    else:
        text += (f" Nobody had been met by the week of {day(last.week)}." if past else
                 " Nobody has been met yet; the dark line will show them.")
    return text + " Click a bar to see who was in your network by then."


def goal_caption(frame: pd.DataFrame, pace: goal_pace.Pace) -> str:
    if pace.target_date is None:
        return (f"The dark line counts meetings held since {day(pace.start_date)}: {pace.done} of {pace.target}. "
                "Add a target date on the Goals page to see the planned pace beside it.")
    return (f"The dark line counts meetings held since {day(pace.start_date)}; the dashed line is the steady pace "
            f"that reaches {pace.target} meetings on {day(pace.target_date)} (this chart always covers the whole "
            f"goal period; the source filter applies). {pace.words} "
            "Click a point to see the meetings counted up to that day.")


def per_week(pace: float) -> str:
    return f"{pace:g} meeting a week" if pace == 1 else f"{pace:g} meetings a week"


def activity_caption(frame: pd.DataFrame, weekly_pace: float | None) -> str:
    if frame.empty:
        return "No outreach or meetings in this range yet."
    totals = frame.groupby("measure")["count"].sum()
    weeks = frame["week"].nunique()
    quiet = int((frame.groupby("week")["count"].sum() == 0).sum())
    met_weeks = frame[frame["measure"] == "meetings"]
    text = (f"Over {plural(weeks, 'week')}: {plural(int(totals.get('attempts', 0)), 'outreach attempt')}, "
            f"{plural(int(totals.get('replies', 0)), 'reply', 'replies')} (counted on the day they came) and "
            f"{plural(int(totals.get('meetings', 0)), 'meeting')} held.")
    if quiet:
        text += f" {plural(quiet, 'week')} had no activity at all."
    if weekly_pace:
        on_pace = int((met_weeks["count"] >= weekly_pace).sum())
        text += (f" The dashed line is your plan of {per_week(weekly_pace)}, "
                 + (f"reached in {on_pace} of {weeks} weeks." if weeks > 1 else ("reached this week." if on_pace else "not reached yet.")))
    return text + " Click a bar to see the people behind it."


def funnel_caption(frame: pd.DataFrame, rates: dict) -> str:
    if frame.empty or not int(frame["people"].iloc[0]):
        return "Nobody is in this network yet."

    n = [int(v) for v in frame["people"]]
    text = (f"Of the {plural(n[0], 'person', 'people')} identified, {n[1]:,} {'was' if n[1] == 1 else 'were'} "
            f"contacted, {n[2]:,} replied, {n[3]:,} {'was' if n[3] == 1 else 'were'} met and {n[4]:,} of them "
            "introduced you to someone. ")
    steps = frame.iloc[1:][[p > 0 for p in n[:-1]]]  # a drop needs people in the step before
    if len(steps):
        leak = steps.sort_values("of_previous").iloc[0]
        text += f"The biggest drop is at “{leak['label']}” ({leak['of_previous']:.0%} of the step before). "
    text += f"{conversion.reply_rate_words(rates)} Meetings per attempt: "
    text += "none yet" if rates["meetings_per_attempt"] is None else f"{rates['meetings_per_attempt']:.2f}"
    text += ". Referrals per meeting: "
    text += "none yet" if rates["referrals_per_meeting"] is None else f"{rates['referrals_per_meeting']:.1f}"
    return text + ". Click a bar to see those people."


def tree_caption(tree: referral_tree.ReferralTree, nodes: pd.DataFrame) -> str:
    if nodes.empty:
        return "No referrals yet."
    deepest = int(nodes["x"].max())
    top = nodes[nodes["x"] == 0].sort_values("referred", ascending=False).iloc[0]
    text = (f"{plural(tree.total_people, 'person', 'people')} {'is' if tree.total_people == 1 else 'are'} in {plural(tree.chains, 'referral chain')}, "
            f"up to {plural(deepest, 'generation')} away from your first contacts. "
            f"The largest starts with {md_escape(top['name'])}, who led to {plural(int(top['referred']), 'person', 'people')}. "
            "Filled circles are people you have met; (+N) is how many people came through someone.")
    if tree.cut:
        text += (f" Only the {plural(tree.shown_chains, 'largest chain')} "
                 f"are drawn ({len(nodes)} of {tree.total_people} people) so the names stay readable.")
    return text + " Click a person to see them and whom they introduced."
