"""Interviews against the goal: meetings held so far against the straight line from the goal's start to its
target, as a frame for the chart and as a verdict in words (definitions of lib.metrics)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import duckdb
import pandas as pd

from lib import db, metrics, wording


@dataclass(frozen=True)
class Pace:
    """Where the meetings stand against the straight line from the goal's start to its target."""

    done: int
    expected: float          # where the pace line is today
    target: int
    start_date: date
    target_date: date | None
    words: str               # the verdict in a sentence, e.g. "2 meetings ahead of pace."

    @property
    def planned(self) -> int:
        """Whole meetings the plan calls for by today (the pace line rounded half up): the one figure the
        verdict, the page's delta and the chart all use."""
        return planned_by_today(self.expected)

    @property
    def ahead(self) -> int:
        """Meetings ahead of the plan (negative: behind), in whole meetings."""
        return self.done - self.planned

    @property
    def difference(self) -> int:
        return self.ahead

    @property
    def delta(self) -> str | None:
        """The gap to the plan in a few words for a metric's delta, the same figure as `words`."""
        if self.target_date is None:
            return None
        if self.ahead == 0:
            return "On plan"
        return f"{abs(self.ahead):,} {'ahead of' if self.ahead > 0 else 'behind'} the plan"


def planned_by_today(expected: float) -> int:
    return int(expected + 0.5)


def _goal_start(con, workbook_id: int, g: dict | None, today: date) -> date:
    if g and g.get("start_date"):
        return g["start_date"]
    return metrics.first_activity(con, workbook_id) or today


@db.reads
def interviews_vs_goal(con: duckdb.DuckDBPyConnection, workbook_id: int, f: metrics.Filters, today: date) -> pd.DataFrame:
    """Meetings done so far against the pace line, one row per week from the goal's start.

    Columns: day (the Sunday closing each week, the goal's start, today and the target date), day_key,
    done (cumulative meetings with status done up to that day; blank after today), pace (the straight
    line from 0 at the start to the target on the target date; blank without a target date), target.
    """
    g = metrics.goal(con, workbook_id)
    start = _goal_start(con, workbook_id, g, today)
    target = int(g["target_interviews"]) if g and g.get("target_interviews") else 10
    target_date = g.get("target_date") if g else None
    last = max(today, target_date or today, start)
    where, params = metrics.source_clause(f)
    frame = con.execute(
        f"""WITH days AS (
              SELECT DISTINCT d FROM (
                SELECT CAST(x AS DATE) AS d FROM generate_series(?::DATE, ?::DATE, INTERVAL '7 DAY') t(x)
                UNION ALL SELECT ?::DATE UNION ALL SELECT ?::DATE UNION ALL SELECT ?::DATE) AS all_days),
            done AS (
              SELECT CAST(m.scheduled_at AS DATE) AS day, count(*) AS n
              FROM meetings m JOIN contacts c ON c.id = m.contact_id AND c.workbook_id = m.workbook_id
              WHERE m.workbook_id = ? AND {metrics.held(today)} AND {where} GROUP BY 1)
            SELECT d AS day,
                   CASE WHEN d <= ? THEN (SELECT coalesce(sum(n), 0) FROM done WHERE done.day <= d) END AS done
            FROM days WHERE d >= ? AND d <= ? ORDER BY d""",
        [start + timedelta(days=6 - start.weekday()), last, start, today, last, workbook_id, *params, today, start, last],
    ).df()
    if target_date and target_date > start:
        span = (target_date - start).days
        frame["pace"] = frame["day"].map(lambda d: round(min(target, max(0.0, target * (pd.Timestamp(d).date() - start).days / span)), 2))
    else:
        frame["pace"] = None
    frame["day"] = pd.to_datetime(frame["day"])
    frame["day_key"] = frame["day"].map(metrics.week_key)
    frame["target"] = target
    frame["done"] = frame["done"].astype("Int64")
    return frame[["day", "day_key", "done", "pace", "target"]]


@db.reads
def pace(con: duckdb.DuckDBPyConnection, workbook_id: int, f: metrics.Filters, today: date) -> Pace:
    """Meetings done by today against where the pace line is today, said in words."""
    g = metrics.goal(con, workbook_id)
    start = _goal_start(con, workbook_id, g, today)
    target = int(g["target_interviews"]) if g and g.get("target_interviews") else 10
    target_date = g.get("target_date") if g else None
    where, params = metrics.source_clause(f)
    done = int(db.scalar(
        con,
        f"""SELECT count(*) FROM meetings m JOIN contacts c ON c.id = m.contact_id AND c.workbook_id = m.workbook_id
            WHERE m.workbook_id = ? AND {metrics.held(today)} AND CAST(m.scheduled_at AS DATE) <= ? AND {where}""",
        [workbook_id, today, *params],
    ) or 0)
    if not target_date:
        return Pace(done, float(done), target, start, None,
                    f"{_meetings(done)} held of {target}. Set a target date on the Goals page to see the pace.")
    if target_date <= start:
        expected = float(target)
    else:
        elapsed = min(max((today - start).days, 0), (target_date - start).days)
        expected = target * elapsed / (target_date - start).days
    return Pace(done, round(expected, 2), target, start, target_date,
                _pace_words(done, expected, target, target_date, today))


def _meetings(n: float) -> str:
    n = int(round(n))
    return wording.plural(n, "meeting")


def _pace_words(done: int, expected: float, target: int, target_date: date, today: date) -> str:
    when = wording.day(target_date)
    if done >= target:
        return f"Goal reached: {done:,} of {target:,} meetings held."
    planned = planned_by_today(expected)
    gap = done - planned
    if gap == 0:
        verdict = f"On pace: {done:,} of {target:,} meetings held, as planned for today."
    elif gap > 0:
        verdict = f"Ahead of pace by {_meetings(gap)}: {done:,} of {target:,} held, the plan called for {planned:,} by today."
    else:
        verdict = f"Behind pace by {_meetings(-gap)}: {done:,} of {target:,} held, the plan called for {planned:,} by today."
    if today >= target_date:
        return verdict + f" The target date ({when}) has passed; set a new one on the Goals page."
    weeks_left = max((target_date - today).days / 7, 1 / 7)
    per_week = (target - done) / weeks_left
    return verdict + f" To reach {target:,} by {when}, about {per_week:.1f} a week from now on."


@db.reads
def weekly_pace(con: duckdb.DuckDBPyConnection, workbook_id: int) -> float | None:
    """The planned meetings per week from the goal, or None when not set."""
    g = metrics.goal(con, workbook_id)
    value = g.get("weekly_pace") if g else None
    return float(value) if value else None
