"""Numbers behind the Network page: every aggregation runs in DuckDB and returns a small frame.

Rows are bounded by weeks (or by funnel steps, or by a capped number of people in the referral
tree), never by the size of the workbook, so the charts stay quick at tens of thousands of contacts.

Definitions a person may rely on:
- A person *joins* the network on `connected_on` when they came from a LinkedIn import, otherwise on
  the day they were added (`created_at`).
- A *reply* is an outreach attempt with outcome `replied_yes` or `replied_no`, dated the day of the answer
  (`replied_at`; the attempt's day when that is unknown). The weekly chart counts replies, the funnel the
  people who replied, both by that one definition (`replied_sql`, `REPLY_DAY`).
- The *reply rate* is a share of people, never of attempts: of the people contacted in the range, how many
  replied (yes or no) or met you in it; the funnel's "Replied" step over its "Contacted" step.
- A meeting is *held* as lib.meetings.held_sql defines it for every page (status `done`, its start not in
  the future); it counts on its day. A person is *met* when one of their meetings was held.
- A *referral given* is a contact whose `referred_by_contact_id` points to someone met.
- Weeks start on Monday and are labelled by that Monday.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb
import pandas as pd

from lib import db, meetings, vocab
from lib import wording

REPLY_OUTCOMES = ("replied_yes", "replied_no")
SOURCE_ORDER = tuple(vocab.SOURCES)
FUNNEL_STEPS = {
    "identified": "Identified",
    "contacted": "Contacted",
    "replied": "Replied",
    "met": "Met",
    "referral": "Gave a referral",
}
ACTIVITY_MEASURES = {"attempts": "Outreach attempts", "replies": "Replies", "meetings": "Meetings held"}
TREE_LIMIT = 100  # people drawn in the referral tree; more is unreadable on a projector

# The day an attempt was answered, as SQL over an alias `o` of outreach.
REPLY_DAY = "CAST(coalesce(o.replied_at, o.attempted_at) AS DATE)"


def replied_sql(alias: str = "o") -> str:
    """The one definition of a reply, as a SQL condition over an alias of outreach."""
    return f"{alias}.outcome IN ({', '.join(repr(o) for o in REPLY_OUTCOMES)})"


def _held(today: date, alias: str | None = "m") -> str:
    """Meetings held by `today` (lib.meetings.held_sql), the moment written in as a constant (never user input)."""
    moment = meetings.as_of(today).replace(microsecond=0).isoformat(sep=" ")
    return meetings.held_sql(alias, as_of=f"TIMESTAMP '{moment}'")


# The day a person joined the network, as SQL over an alias `c` of contacts.
JOINED = "CAST(CASE WHEN c.source = 'linkedin' AND c.connected_on IS NOT NULL THEN c.connected_on ELSE c.created_at END AS DATE)"


@dataclass(frozen=True)
class Filters:
    """What the page narrows the charts to: a date range (inclusive) and the ways people came in."""

    start: date | None = None
    end: date | None = None
    sources: tuple[str, ...] = field(default_factory=tuple)  # empty = every source

    def source_list(self) -> list[str]:
        return list(self.sources) if self.sources else list(SOURCE_ORDER) + ["__any__"]

    def any_source(self) -> bool:
        return not self.sources


def _source_clause(f: Filters, alias: str = "c") -> tuple[str, list]:
    if f.any_source():
        return "TRUE", []
    marks = ", ".join("?" for _ in f.sources)
    return f"{alias}.source IN ({marks})", list(f.sources)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


# ---- the range the charts cover ---------------------------------------------------------------

def goal(con: duckdb.DuckDBPyConnection, workbook_id: int) -> dict | None:
    """The workbook's goal: start_date, target_date, target_interviews, weekly_pace (or None)."""
    return db.one(
        con,
        "SELECT start_date, target_date, target_interviews, weekly_pace FROM goals WHERE workbook_id = ?",
        [workbook_id],
    )


def first_activity(con: duckdb.DuckDBPyConnection, workbook_id: int) -> date | None:
    """The earliest day anything happened in the workbook (a person joined, an attempt, a meeting)."""
    return db.scalar(
        con,
        f"""SELECT min(d) FROM (
              SELECT min({JOINED}) AS d FROM contacts c WHERE c.workbook_id = ?
              UNION ALL SELECT min(CAST(attempted_at AS DATE)) FROM outreach WHERE workbook_id = ?
              UNION ALL SELECT min(CAST(scheduled_at AS DATE)) FROM meetings WHERE workbook_id = ?)""",
        [workbook_id, workbook_id, workbook_id],
    )


def resolve_range(con: duckdb.DuckDBPyConnection, workbook_id: int, f: Filters, today: date) -> tuple[date, date]:
    """The concrete (start, end) of the filters: open ends become the first activity and today."""
    end = f.end or today
    start = f.start or first_activity(con, workbook_id) or end
    if start > end:
        start, end = end, start
    return start, end


def _week_spine(start: date, end: date) -> str:
    return (
        "SELECT CAST(w AS DATE) AS week FROM generate_series("
        f"DATE '{monday(start).isoformat()}', DATE '{monday(end).isoformat()}', INTERVAL 7 DAY) t(w)"
    )


def week_key(day) -> str:
    """The label a week carries in chart data and selections: its Monday as YYYY-MM-DD."""
    return pd.Timestamp(day).date().isoformat()


# ---- network growth ---------------------------------------------------------------------------

def network_growth(con: duckdb.DuckDBPyConnection, workbook_id: int, f: Filters, today: date) -> pd.DataFrame:
    """Per week and source: people who joined that week (`added`) and the network size so far (`total`).

    Everyone who joined before the range counts in the totals. Columns: week, week_key, source,
    source_label, added, total. Empty when nobody is in the network.
    """
    start, end = resolve_range(con, workbook_id, f, today)
    where, params = _source_clause(f)
    frame = con.execute(
        f"""WITH joined AS (
              SELECT c.source, {JOINED} AS day FROM contacts c WHERE c.workbook_id = ? AND {where}),
            weeks AS ({_week_spine(start, end)}),
            sources AS (SELECT DISTINCT source FROM joined),
            counts AS (
              SELECT source, CAST(date_trunc('week', day) AS DATE) AS week, count(*) AS added
              FROM joined WHERE day <= ? GROUP BY ALL),
            before AS (SELECT source, count(*) AS n FROM joined WHERE day < ? GROUP BY ALL)
            SELECT w.week, s.source, coalesce(k.added, 0) AS added
                 , coalesce(b.n, 0) + sum(coalesce(k.added, 0)) OVER (PARTITION BY s.source ORDER BY w.week) AS total
            FROM weeks w CROSS JOIN sources s
            LEFT JOIN counts k ON k.week = w.week AND k.source = s.source
            LEFT JOIN before b ON b.source = s.source
            ORDER BY w.week, s.source""",
        [workbook_id, *params, end, monday(start)],
    ).df()
    if frame.empty:
        return _empty(["week", "week_key", "source", "source_label", "added", "total"])
    frame["week"] = pd.to_datetime(frame["week"])
    frame["week_key"] = frame["week"].map(week_key)
    frame["source_label"] = frame["source"].map(lambda s: vocab.label(vocab.SOURCES, s))
    frame["added"] = frame["added"].astype(int)
    frame["total"] = frame["total"].astype(int)
    order = {s: i for i, s in enumerate(SOURCE_ORDER)}
    frame = frame.sort_values(["week", "source"], key=lambda col: col.map(order).fillna(99) if col.name == "source" else col)
    return frame[["week", "week_key", "source", "source_label", "added", "total"]].reset_index(drop=True)


def people_met(con: duckdb.DuckDBPyConnection, workbook_id: int, f: Filters, today: date) -> pd.DataFrame:
    """Per week: people met for the first time that week (`new_met`) and everyone met so far (`met`)."""
    start, end = resolve_range(con, workbook_id, f, today)
    where, params = _source_clause(f)
    frame = con.execute(
        f"""WITH first_met AS (
              SELECT m.contact_id, min(CAST(m.scheduled_at AS DATE)) AS day
              FROM meetings m JOIN contacts c ON c.id = m.contact_id AND c.workbook_id = m.workbook_id
              WHERE m.workbook_id = ? AND {_held(today)} AND {where} GROUP BY ALL),
            weeks AS ({_week_spine(start, end)}),
            counts AS (SELECT CAST(date_trunc('week', day) AS DATE) AS week, count(*) AS n
                       FROM first_met WHERE day <= ? GROUP BY ALL)
            SELECT w.week, coalesce(k.n, 0) AS new_met,
                   (SELECT count(*) FROM first_met WHERE day < ?) + sum(coalesce(k.n, 0)) OVER (ORDER BY w.week) AS met
            FROM weeks w LEFT JOIN counts k ON k.week = w.week ORDER BY w.week""",
        [workbook_id, *params, end, monday(start)],
    ).df()
    if frame.empty:
        return _empty(["week", "week_key", "new_met", "met"])
    frame["week"] = pd.to_datetime(frame["week"])
    frame["week_key"] = frame["week"].map(week_key)
    frame["new_met"] = frame["new_met"].astype(int)
    frame["met"] = frame["met"].astype(int)
    if not int(frame["met"].max()):
        return _empty(["week", "week_key", "new_met", "met"])
    return frame[["week", "week_key", "new_met", "met"]]


# ---- interviews against the goal --------------------------------------------------------------

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
        return f"{abs(self.ahead)} {'ahead of' if self.ahead > 0 else 'behind'} the plan"


def planned_by_today(expected: float) -> int:
    return int(expected + 0.5)


def _goal_start(con, workbook_id: int, g: dict | None, today: date) -> date:
    if g and g.get("start_date"):
        return g["start_date"]
    return first_activity(con, workbook_id) or today


def interviews_vs_goal(con: duckdb.DuckDBPyConnection, workbook_id: int, f: Filters, today: date) -> pd.DataFrame:
    """Meetings done so far against the pace line, one row per week from the goal's start.

    Columns: day (the Sunday closing each week, the goal's start, today and the target date), day_key,
    done (cumulative meetings with status done up to that day; blank after today), pace (the straight
    line from 0 at the start to the target on the target date; blank without a target date), target.
    """
    g = goal(con, workbook_id)
    start = _goal_start(con, workbook_id, g, today)
    target = int(g["target_interviews"]) if g and g.get("target_interviews") else 10
    target_date = g.get("target_date") if g else None
    last = max(today, target_date or today, start)
    where, params = _source_clause(f)
    frame = con.execute(
        f"""WITH days AS (
              SELECT DISTINCT d FROM (
                SELECT CAST(x AS DATE) AS d FROM generate_series(?::DATE, ?::DATE, INTERVAL 7 DAY) t(x)
                UNION ALL SELECT ?::DATE UNION ALL SELECT ?::DATE UNION ALL SELECT ?::DATE)),
            done AS (
              SELECT CAST(m.scheduled_at AS DATE) AS day, count(*) AS n
              FROM meetings m JOIN contacts c ON c.id = m.contact_id AND c.workbook_id = m.workbook_id
              WHERE m.workbook_id = ? AND {_held(today)} AND {where} GROUP BY ALL)
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
    frame["day_key"] = frame["day"].map(week_key)
    frame["target"] = target
    frame["done"] = frame["done"].astype("Int64")
    return frame[["day", "day_key", "done", "pace", "target"]]


def pace(con: duckdb.DuckDBPyConnection, workbook_id: int, f: Filters, today: date) -> Pace:
    """Meetings done by today against where the pace line is today, said in words."""
    g = goal(con, workbook_id)
    start = _goal_start(con, workbook_id, g, today)
    target = int(g["target_interviews"]) if g and g.get("target_interviews") else 10
    target_date = g.get("target_date") if g else None
    where, params = _source_clause(f)
    done = int(db.scalar(
        con,
        f"""SELECT count(*) FROM meetings m JOIN contacts c ON c.id = m.contact_id AND c.workbook_id = m.workbook_id
            WHERE m.workbook_id = ? AND {_held(today)} AND CAST(m.scheduled_at AS DATE) <= ? AND {where}""",
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
        return f"Goal reached: {done} of {target} meetings held."
    planned = planned_by_today(expected)
    gap = done - planned
    if gap == 0:
        verdict = f"On pace: {done} of {target} meetings held, as planned for today."
    elif gap > 0:
        verdict = f"Ahead of pace by {_meetings(gap)}: {done} of {target} held, the plan called for {planned} by today."
    else:
        verdict = f"Behind pace by {_meetings(-gap)}: {done} of {target} held, the plan called for {planned} by today."
    if today >= target_date:
        return verdict + f" The target date ({when}) has passed; set a new one on the Goals page."
    weeks_left = max((target_date - today).days / 7, 1 / 7)
    per_week = (target - done) / weeks_left
    return verdict + f" To reach {target} by {when}, about {per_week:.1f} a week from now on."


# ---- weekly activity --------------------------------------------------------------------------

def weekly_activity(con: duckdb.DuckDBPyConnection, workbook_id: int, f: Filters, today: date) -> pd.DataFrame:
    """Per week and measure (attempts, replies, meetings held), weeks without activity as zeros.

    Columns: week, week_key, measure, measure_label, count. Empty when nothing happened at all.
    """
    start, end = resolve_range(con, workbook_id, f, today)
    where, params = _source_clause(f)
    frame = con.execute(
        f"""WITH people AS (SELECT c.id FROM contacts c WHERE c.workbook_id = ? AND {where}),
            events AS (
              SELECT 'attempts' AS measure, CAST(o.attempted_at AS DATE) AS day FROM outreach o
                WHERE o.workbook_id = ? AND o.contact_id IN (SELECT id FROM people)
              UNION ALL
              SELECT 'replies', {REPLY_DAY} FROM outreach o
                WHERE o.workbook_id = ? AND {replied_sql()} AND o.contact_id IN (SELECT id FROM people)
              UNION ALL
              SELECT 'meetings', CAST(m.scheduled_at AS DATE) FROM meetings m
                WHERE m.workbook_id = ? AND {_held(today)} AND m.contact_id IN (SELECT id FROM people)),
            counts AS (SELECT measure, CAST(date_trunc('week', day) AS DATE) AS week, count(*) AS n
                       FROM events WHERE day BETWEEN ? AND ? GROUP BY ALL),
            weeks AS ({_week_spine(start, end)}),
            measures AS (SELECT unnest(['attempts', 'replies', 'meetings']) AS measure)
            SELECT w.week, m.measure, coalesce(k.n, 0) AS count
            FROM weeks w CROSS JOIN measures m LEFT JOIN counts k ON k.week = w.week AND k.measure = m.measure
            ORDER BY w.week""",
        [workbook_id, *params, workbook_id, workbook_id, workbook_id, start, end],
    ).df()
    if frame.empty or not int(frame["count"].sum()):
        return _empty(["week", "week_key", "measure", "measure_label", "count"])
    frame["week"] = pd.to_datetime(frame["week"])
    frame["week_key"] = frame["week"].map(week_key)
    frame["measure_label"] = frame["measure"].map(ACTIVITY_MEASURES)
    frame["count"] = frame["count"].astype(int)
    order = list(ACTIVITY_MEASURES)
    frame["_o"] = frame["measure"].map(order.index)
    frame = frame.sort_values(["week", "_o"]).drop(columns="_o").reset_index(drop=True)
    return frame[["week", "week_key", "measure", "measure_label", "count"]]


def weekly_pace(con: duckdb.DuckDBPyConnection, workbook_id: int) -> float | None:
    """The planned meetings per week from the goal, or None when not set."""
    g = goal(con, workbook_id)
    value = g.get("weekly_pace") if g else None
    return float(value) if value else None


# ---- the funnel -------------------------------------------------------------------------------

def _funnel_people_sql(f: Filters, today: date) -> tuple[str, list]:
    """One row per person in the network by the range end, with the furthest step reached in the range."""
    where, params = _source_clause(f)
    sql = f"""
        WITH people AS (
          SELECT c.id, c.full_name, c.organization_id, c.title, c.source, c.stage, {JOINED} AS joined
          FROM contacts c WHERE c.workbook_id = ? AND {where} AND {JOINED} <= ?),
        tried AS (SELECT DISTINCT contact_id FROM outreach
                  WHERE workbook_id = ? AND CAST(attempted_at AS DATE) BETWEEN ? AND ?),
        answered AS (SELECT DISTINCT o.contact_id FROM outreach o
                     WHERE o.workbook_id = ? AND {replied_sql()} AND {REPLY_DAY} BETWEEN ? AND ?),
        met AS (SELECT DISTINCT contact_id FROM meetings
                WHERE workbook_id = ? AND {_held(today, None)} AND CAST(scheduled_at AS DATE) BETWEEN ? AND ?),
        referrers AS (SELECT DISTINCT referred_by_contact_id AS contact_id FROM contacts
                      WHERE workbook_id = ? AND referred_by_contact_id IS NOT NULL),
        steps AS (
          SELECT p.*,
                 met.contact_id IS NOT NULL AS is_met,
                 met.contact_id IS NOT NULL OR answered.contact_id IS NOT NULL AS is_replied,
                 met.contact_id IS NOT NULL OR answered.contact_id IS NOT NULL OR tried.contact_id IS NOT NULL AS is_contacted,
                 met.contact_id IS NOT NULL AND referrers.contact_id IS NOT NULL AS is_referral
          FROM people p
          LEFT JOIN tried ON tried.contact_id = p.id
          LEFT JOIN answered ON answered.contact_id = p.id
          LEFT JOIN met ON met.contact_id = p.id
          LEFT JOIN referrers ON referrers.contact_id = p.id)"""
    return sql, params


def _funnel_params(workbook_id: int, params: list, start: date, end: date) -> list:
    return [workbook_id, *params, end, workbook_id, start, end, workbook_id, start, end,
            workbook_id, start, end, workbook_id]


def funnel(con: duckdb.DuckDBPyConnection, workbook_id: int, f: Filters, today: date) -> pd.DataFrame:
    """People at each step: identified → contacted → replied → met → gave a referral.

    Identified is everyone in the network by the range end; the other steps count what happened in
    the range, and reaching a step counts for the steps before it (someone met was contacted).
    Columns: step, label, people, of_previous (share of the step before, 0..1), of_first.
    """
    start, end = resolve_range(con, workbook_id, f, today)
    sql, params = _funnel_people_sql(f, today)
    row = con.execute(
        sql + """ SELECT count(*), count(*) FILTER (is_contacted), count(*) FILTER (is_replied),
                         count(*) FILTER (is_met), count(*) FILTER (is_referral) FROM steps""",
        _funnel_params(workbook_id, params, start, end),
    ).fetchone()
    counts = [int(v or 0) for v in row]
    frame = pd.DataFrame({"step": list(FUNNEL_STEPS), "label": list(FUNNEL_STEPS.values()), "people": counts})
    previous = [counts[0]] + counts[:-1]
    frame["of_previous"] = [round(n / p, 4) if p else 0.0 for n, p in zip(counts, previous)]
    frame["of_first"] = [round(n / counts[0], 4) if counts[0] else 0.0 for n in counts]
    return frame


def conversion_rates(con: duckdb.DuckDBPyConnection, workbook_id: int, f: Filters, today: date,
                     funnel_frame: pd.DataFrame | None = None) -> dict:
    """Rates over the range: the reply rate (a share of people: of those contacted in the range, how many replied
    or met you in it, as the funnel counts them), meetings per attempt, referrals per meeting.

    Also returns the counts they come from: attempts, replies, meetings, referrals, and the people behind the
    reply rate (contacted, replied). A rate is None when its denominator is zero. `funnel_frame` is
    `funnel(...)` for the same arguments when the caller already has it.
    """
    start, end = resolve_range(con, workbook_id, f, today)
    where, params = _source_clause(f)
    row = con.execute(
        f"""WITH people AS (SELECT c.id FROM contacts c WHERE c.workbook_id = ? AND {where}),
            met AS (SELECT DISTINCT m.contact_id FROM meetings m
                    WHERE m.workbook_id = ? AND {_held(today)} AND CAST(m.scheduled_at AS DATE) <= ?
                      AND m.contact_id IN (SELECT id FROM people))
            SELECT
              (SELECT count(*) FROM outreach WHERE workbook_id = ? AND contact_id IN (SELECT id FROM people)
                 AND CAST(attempted_at AS DATE) BETWEEN ? AND ?),
              (SELECT count(*) FROM outreach o WHERE o.workbook_id = ? AND o.contact_id IN (SELECT id FROM people)
                 AND {replied_sql()} AND {REPLY_DAY} BETWEEN ? AND ?),
              (SELECT count(*) FROM meetings WHERE workbook_id = ? AND {_held(today, None)}
                 AND contact_id IN (SELECT id FROM people) AND CAST(scheduled_at AS DATE) BETWEEN ? AND ?),
              (SELECT count(*) FROM contacts c WHERE c.workbook_id = ? AND c.referred_by_contact_id IN (SELECT contact_id FROM met)
                 AND {JOINED} BETWEEN ? AND ?)""",
        [workbook_id, *params, workbook_id, end, workbook_id, start, end, workbook_id, start, end,
         workbook_id, start, end, workbook_id, start, end],
    ).fetchone()
    attempts, answered, held, referrals = (int(v or 0) for v in row)
    steps = (funnel_frame if funnel_frame is not None else funnel(con, workbook_id, f, today)).set_index("step")["people"]
    contacted, replied = int(steps["contacted"]), int(steps["replied"])
    return {
        "attempts": attempts, "replies": answered, "meetings": held, "referrals": referrals,
        "contacted": contacted, "replied": replied,
        "reply_rate": replied / contacted if contacted else None,
        "meetings_per_attempt": held / attempts if attempts else None,
        "referrals_per_meeting": referrals / held if held else None,
    }


REPLY_RATE_HELP = ("Of the people you contacted in the time range, the share who answered, yes or no, or met you "
                   "(the funnel's Replied over Contacted). A share of people, not of messages, so extra follow-ups "
                   "never lower it.")


def reply_rate_words(rates: dict) -> str:
    """The reply rate with its definition, e.g. 'Reply rate 50%: 2 of the 4 people you contacted in this range
    answered (yes or no) or met you.'"""
    contacted, replied = rates["contacted"], rates["replied"]
    if not contacted:
        return "No reply rate yet: nobody was contacted in this range."
    return (f"Reply rate {replied / contacted:.0%}: {replied:,} of the {wording.plural(contacted, 'person', 'people')} you contacted in this "
            "range answered (yes or no) or met you.")


# ---- the referral tree ------------------------------------------------------------------------

@dataclass(frozen=True)
class ReferralTree:
    """People in referral chains, capped for reading: `nodes` has one row per person drawn."""

    nodes: pd.DataFrame      # id, parent_id, name, generation, met, root_id, chain_size
    total_people: int        # people in any referral chain, before the cap
    chains: int              # chains (first contacts who referred someone), before the cap
    shown_chains: int

    @property
    def cut(self) -> bool:
        return len(self.nodes) < self.total_people


def referral_tree(con: duckdb.DuckDBPyConnection, workbook_id: int, f: Filters, today: date,
                  limit: int = TREE_LIMIT) -> ReferralTree:
    """Who introduced whom, from the first contacts (generation 0) down, largest chains first.

    Only people in a chain (who referred someone or were referred) are drawn. The source filter
    applies to the first contact of each chain; people added after the range end are left out.
    At most `limit` people: whole chains by size, and the last one cut by generation.
    """
    _, end = resolve_range(con, workbook_id, f, today)
    where, params = _source_clause(f, "r")
    frame = con.execute(
        f"""WITH RECURSIVE people AS (
              SELECT c.id, c.full_name, c.source, c.referred_by_contact_id AS parent_id, {JOINED} AS joined
              FROM contacts c WHERE c.workbook_id = ?),
            roots AS (
              SELECT r.id FROM people r
              WHERE (r.parent_id IS NULL OR r.parent_id NOT IN (SELECT id FROM people))
                AND r.joined <= ? AND {where}
                AND EXISTS (SELECT 1 FROM people k WHERE k.parent_id = r.id AND k.joined <= ?)),
            tree(id, parent_id, root_id, generation) AS (
              SELECT id, NULL::BIGINT, id, 0 FROM roots
              UNION ALL
              SELECT p.id, p.parent_id, t.root_id, t.generation + 1
              FROM people p JOIN tree t ON p.parent_id = t.id
              WHERE t.generation < 30 AND p.joined <= ?),
            sized AS (SELECT *, count(*) OVER (PARTITION BY root_id) AS chain_size FROM tree),
            ranked AS (SELECT *, dense_rank() OVER (ORDER BY chain_size DESC, root_id) AS chain_rank FROM sized),
            ordered AS (SELECT *, row_number() OVER (ORDER BY chain_rank, generation, id) AS n FROM ranked)
            SELECT o.id, o.parent_id, p.full_name AS name, o.generation, o.root_id, o.chain_size, o.chain_rank,
                   EXISTS (SELECT 1 FROM meetings m WHERE m.workbook_id = ? AND m.contact_id = o.id
                           AND {_held(today)} AND CAST(m.scheduled_at AS DATE) <= ?) AS met,
                   (SELECT count(*) FROM ordered) AS total_people,
                   (SELECT count(*) FROM roots) AS chains
            FROM ordered o JOIN people p ON p.id = o.id
            WHERE o.n <= ? ORDER BY o.n""",
        [workbook_id, end, *params, end, end, workbook_id, end, limit],
    ).df()
    if frame.empty:
        empty = _empty(["id", "parent_id", "name", "generation", "met", "root_id", "chain_size"])
        return ReferralTree(empty, 0, 0, 0)
    total, chains = int(frame["total_people"].iloc[0]), int(frame["chains"].iloc[0])
    shown = int(frame["root_id"].nunique())
    nodes = frame[["id", "parent_id", "name", "generation", "met", "root_id", "chain_size"]].copy()
    nodes["parent_id"] = nodes["parent_id"].astype("Int64")
    nodes["met"] = nodes["met"].astype(bool)
    return ReferralTree(nodes.reset_index(drop=True), total, chains, shown)


# ---- the people behind a mark -----------------------------------------------------------------

PEOPLE_COLUMNS = ["Name", "Organization", "Came from", "Stage", "Date"]  # fits 1280 px without scrolling


def people_behind(con: duckdb.DuckDBPyConnection, workbook_id: int, f: Filters, today: date, *,
                  chart: str, week: str | None = None, source: str | None = None,
                  measure: str | None = None, step: str | None = None, contact_id: int | None = None,
                  limit: int = 50) -> tuple[pd.DataFrame, int]:
    """The people behind one clicked mark, at most `limit` of them, and how many there are in all.

    chart: "growth" (week, source), "met" (week), "goal" (week = a day: meetings held up to it),
    "activity" (week, measure), "funnel" (step), "tree" (contact_id: the person and whom they referred).
    """
    start, end = resolve_range(con, workbook_id, f, today)
    where, params = _source_clause(f)
    week_start = date.fromisoformat(week) if week else None
    week_end = week_start + timedelta(days=6) if week_start else None
    base = (f"SELECT c.id, c.full_name, c.organization_id, c.title, c.source, c.stage, {JOINED} AS joined "
            "FROM contacts c WHERE c.workbook_id = ?")
    if chart == "growth":  # a bar is the network's size at the week's end: everyone in it by then
        sql = f"""SELECT id, joined AS day FROM ({base} AND {where}) p
                  WHERE joined <= ? AND (? IS NULL OR source = ?)"""
        args = [workbook_id, *params, min(week_end, end), source, source]
    elif chart in ("met", "goal"):
        sql = f"""SELECT c.id, min(CAST(m.scheduled_at AS DATE)) AS day
                  FROM meetings m JOIN contacts c ON c.id = m.contact_id AND c.workbook_id = m.workbook_id
                  WHERE m.workbook_id = ? AND {_held(today)} AND {where}
                  GROUP BY c.id HAVING day BETWEEN ? AND ?"""
        args = [workbook_id, *params, week_start, week_end]
        if chart == "goal":  # a point counts every meeting held up to its day
            sql = f"""SELECT c.id, CAST(m.scheduled_at AS DATE) AS day
                      FROM meetings m JOIN contacts c ON c.id = m.contact_id AND c.workbook_id = m.workbook_id
                      WHERE m.workbook_id = ? AND {_held(today)} AND {where}
                        AND CAST(m.scheduled_at AS DATE) <= ?"""
            args = [workbook_id, *params, week_start]
    elif chart == "activity":
        if measure == "meetings":
            sql = f"""SELECT c.id, CAST(m.scheduled_at AS DATE) AS day
                      FROM meetings m JOIN contacts c ON c.id = m.contact_id AND c.workbook_id = m.workbook_id
                      WHERE m.workbook_id = ? AND {_held(today)} AND {where}
                        AND CAST(m.scheduled_at AS DATE) BETWEEN ? AND ?"""
        else:
            replied = measure == "replies"
            day = REPLY_DAY if replied else "CAST(o.attempted_at AS DATE)"
            sql = f"""SELECT c.id, {day} AS day
                      FROM outreach o JOIN contacts c ON c.id = o.contact_id AND c.workbook_id = o.workbook_id
                      WHERE o.workbook_id = ? AND {replied_sql() if replied else 'TRUE'} AND {where}
                        AND {day} BETWEEN ? AND ?"""
        args = [workbook_id, *params, max(week_start, start), min(week_end, end)]
    elif chart == "funnel":
        column = {"identified": "TRUE", "contacted": "is_contacted", "replied": "is_replied",
                  "met": "is_met", "referral": "is_referral"}[step or "identified"]
        funnel_sql, fparams = _funnel_people_sql(f, today)
        sql = funnel_sql + f" SELECT id, joined AS day FROM steps WHERE {column}"
        args = _funnel_params(workbook_id, fparams, start, end)
    elif chart == "tree":
        sql = f"""SELECT p.id, p.joined AS day FROM ({base}) p
                  WHERE p.id = ? OR p.id IN (SELECT id FROM contacts WHERE workbook_id = ? AND referred_by_contact_id = ?)"""
        args = [workbook_id, contact_id, workbook_id, contact_id]
    else:
        raise ValueError(f"unknown chart {chart!r}")
    frame = con.execute(
        f"""WITH hits AS ({sql}),
            picked AS (SELECT id, max(day) AS day, count(*) OVER () AS total FROM hits GROUP BY id)
            SELECT c.full_name AS "Name", o.name AS "Organization",
                   c.source AS "Came from", c.stage AS "Stage", picked.day AS "Date", picked.total
            FROM picked JOIN contacts c ON c.id = picked.id
            LEFT JOIN organizations o ON o.id = c.organization_id
            ORDER BY picked.id = ? DESC, picked.day DESC, c.full_name LIMIT ?""",
        [*args, contact_id if contact_id is not None else -1, limit],
    ).df()
    total = int(frame["total"].iloc[0]) if len(frame) else 0
    frame = frame.drop(columns="total")
    frame["Came from"] = frame["Came from"].map(lambda s: vocab.label(vocab.SOURCES, s))
    frame["Stage"] = frame["Stage"].map(lambda s: vocab.label(vocab.STAGES, s))
    return frame[PEOPLE_COLUMNS], total


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in columns})


# ---- the time ranges the page offers ----------------------------------------------------------

RANGES = {
    "goal": "Since the goal started",
    "12w": "Last 12 weeks",
    "4w": "Last 4 weeks",
    "all": "All time",
    "custom": "Choose dates",
}


def preset_filters(con: duckdb.DuckDBPyConnection, workbook_id: int, preset: str, today: date, *,
                   sources: tuple[str, ...] = (), custom: tuple[date, date] | None = None) -> Filters:
    """Filters for a named range: since the goal's start date (all time when it has none), the last
    4 or 12 weeks up to today, all time, or the custom (start, end) pair."""
    if preset == "custom" and custom:
        start, end = sorted(custom)
        return Filters(start, end, tuple(sources))
    if preset in ("4w", "12w"):
        weeks = 4 if preset == "4w" else 12
        return Filters(monday(today) - timedelta(weeks=weeks - 1), today, tuple(sources))
    if preset == "goal":
        g = goal(con, workbook_id)
        if g and g.get("start_date") and g["start_date"] <= today:
            return Filters(g["start_date"], today, tuple(sources))
    return Filters(None, today, tuple(sources))


def fingerprint(con: duckdb.DuckDBPyConnection, workbook_id: int) -> str:
    """A cheap summary of everything the charts read: it changes whenever a chart could change, so
    cached chart data can be keyed by it (one scan per table, content hash and row count together:
    about 4 ms at 30,000 contacts and 100,000 outreach rows)."""
    row = con.execute(
        """SELECT
             (SELECT concat_ws(':', bit_xor(hash(id, source, referred_by_contact_id, connected_on, created_at,
                                                  full_name, organization_id)), count(*))
              FROM contacts WHERE workbook_id = ?),
             (SELECT concat_ws(':', bit_xor(hash(id, contact_id, attempted_at, outcome, replied_at)), count(*))
              FROM outreach WHERE workbook_id = ?),
             (SELECT concat_ws(':', bit_xor(hash(id, contact_id, scheduled_at, status)), count(*))
              FROM meetings WHERE workbook_id = ?),
             (SELECT hash(start_date, target_date, target_interviews, weekly_pace) FROM goals WHERE workbook_id = ?)""",
        [workbook_id] * 4,
    ).fetchone()
    return ":".join(str(v) for v in row)
