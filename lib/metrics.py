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

REPLY_OUTCOMES = ("replied_yes", "replied_no")
SOURCE_ORDER = tuple(vocab.SOURCES)

# The day an attempt was answered, as SQL over an alias `o` of outreach.
REPLY_DAY = "CAST(coalesce(o.replied_at, o.attempted_at) AS DATE)"


def replied_sql(alias: str = "o") -> str:
    """The one definition of a reply, as a SQL condition over an alias of outreach."""
    return f"{alias}.outcome IN ({', '.join(repr(o) for o in REPLY_OUTCOMES)})"


def held(today: date, alias: str | None = "m") -> str:
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


def source_clause(f: Filters, alias: str = "c") -> tuple[str, list]:
    if f.any_source():
        return "TRUE", []
    marks = ", ".join("?" for _ in f.sources)
    return f"{alias}.source IN ({marks})", list(f.sources)


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


# ---- the range the charts cover ---------------------------------------------------------------

@db.reads
def goal(con: duckdb.DuckDBPyConnection, workbook_id: int) -> dict | None:
    """The workbook's goal: start_date, target_date, target_interviews, weekly_pace (or None)."""
    return db.one(
        con,
        "SELECT start_date, target_date, target_interviews, weekly_pace FROM goals WHERE workbook_id = ?",
        [workbook_id],
    )


@db.reads
def first_activity(con: duckdb.DuckDBPyConnection, workbook_id: int) -> date | None:
    """The earliest day anything happened in the workbook (a person joined, an attempt, a meeting)."""
    return db.scalar(
        con,
        f"""SELECT min(d) FROM (
              SELECT min({JOINED}) AS d FROM contacts c WHERE c.workbook_id = ?
              UNION ALL SELECT min(CAST(attempted_at AS DATE)) FROM outreach WHERE workbook_id = ?
              UNION ALL SELECT min(CAST(scheduled_at AS DATE)) FROM meetings WHERE workbook_id = ?) AS firsts""",
        [workbook_id, workbook_id, workbook_id],
    )


@db.reads
def resolve_range(con: duckdb.DuckDBPyConnection, workbook_id: int, f: Filters, today: date) -> tuple[date, date]:
    """The concrete (start, end) of the filters: open ends become the first activity and today."""
    end = f.end or today
    start = f.start or first_activity(con, workbook_id) or end
    if start > end:
        start, end = end, start
    return start, end


def week_spine(start: date, end: date) -> str:
    return (
        "SELECT CAST(w AS DATE) AS week FROM generate_series("
        f"DATE '{monday(start).isoformat()}', DATE '{monday(end).isoformat()}', INTERVAL '7 DAY') t(w)"
    )


def week_key(day) -> str:
    """The label a week carries in chart data and selections: its Monday as YYYY-MM-DD."""
    return pd.Timestamp(day).date().isoformat()



# ---- the funnel -------------------------------------------------------------------------------

def funnel_people_sql(f: Filters, today: date) -> tuple[str, list]:
    """One row per person in the network by the range end, with the furthest step reached in the range."""
    where, params = source_clause(f)
    sql = f"""
        WITH people AS (
          SELECT c.id, c.full_name, c.organization_id, c.title, c.source, c.stage, {JOINED} AS joined
          FROM contacts c WHERE c.workbook_id = ? AND {where} AND {JOINED} <= ?),
        tried AS (SELECT DISTINCT contact_id FROM outreach
                  WHERE workbook_id = ? AND CAST(attempted_at AS DATE) BETWEEN ? AND ?),
        answered AS (SELECT DISTINCT o.contact_id FROM outreach o
                     WHERE o.workbook_id = ? AND {replied_sql()} AND {REPLY_DAY} BETWEEN ? AND ?),
        met AS (SELECT DISTINCT contact_id FROM meetings
                WHERE workbook_id = ? AND {held(today, None)} AND CAST(scheduled_at AS DATE) BETWEEN ? AND ?),
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


def funnel_params(workbook_id: int, params: list, start: date, end: date) -> list:
    return [workbook_id, *params, end, workbook_id, start, end, workbook_id, start, end,
            workbook_id, start, end, workbook_id]




REPLY_RATE_HELP = ("Of the people you contacted in the time range, the share who answered, yes or no, or met you "
                   "(the funnel's Replied over Contacted). A share of people, not of messages, so extra follow-ups "
                   "never lower it.")


# ---- the people behind a mark -----------------------------------------------------------------

PEOPLE_COLUMNS = ["Name", "Organization", "Came from", "Stage", "Date"]  # fits 1280 px without scrolling


@db.reads
def people_behind(con: duckdb.DuckDBPyConnection, workbook_id: int, f: Filters, today: date, *,
                  chart: str, week: str | None = None, source: str | None = None,
                  measure: str | None = None, step: str | None = None, contact_id: int | None = None,
                  limit: int = 50) -> tuple[pd.DataFrame, int]:
    """The people behind one clicked mark, at most `limit` of them, and how many there are in all.

    chart: "growth" (week, source), "met" (week), "goal" (week = a day: meetings held up to it),
    "activity" (week, measure), "funnel" (step), "tree" (contact_id: the person and whom they referred).
    """
    mark = _Mark(workbook_id, f, today, *resolve_range(con, workbook_id, f, today), week,
                 source, measure, step, contact_id)
    if chart not in _MARK_HITS:
        raise ValueError(f"unknown chart {chart!r}")
    sql, args = _MARK_HITS[chart](mark)
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


@dataclass(frozen=True)
class _Mark:
    """A clicked mark with the filters' concrete range: what the per-chart queries below select by."""

    workbook_id: int
    f: Filters
    today: date
    start: date
    end: date
    week: str | None
    source: str | None
    measure: str | None
    step: str | None
    contact_id: int | None

    @property
    def week_start(self) -> date | None:
        return date.fromisoformat(self.week) if self.week else None

    @property
    def week_end(self) -> date | None:
        return self.week_start + timedelta(days=6) if self.week else None


_PEOPLE = (f"SELECT c.id, c.full_name, c.organization_id, c.title, c.source, c.stage, {JOINED} AS joined "
           "FROM contacts c WHERE c.workbook_id = ?")
_HELD_PEOPLE = """SELECT c.id, {day} AS day
    FROM meetings m JOIN contacts c ON c.id = m.contact_id AND c.workbook_id = m.workbook_id
    WHERE m.workbook_id = ? AND {held} AND {where}"""


def _growth_hits(k: _Mark) -> tuple[str, list]:
    """A bar is the network's size at the week's end: everyone in it by then."""
    where, params = source_clause(k.f)
    sql = f"""SELECT id, joined AS day FROM ({_PEOPLE} AND {where}) p
              WHERE joined <= ? AND (CAST(? AS VARCHAR) IS NULL OR source = ?)"""
    return sql, [k.workbook_id, *params, min(k.week_end, k.end), k.source, k.source]


def _met_hits(k: _Mark) -> tuple[str, list]:
    """People met for the first time in the week."""
    where, params = source_clause(k.f)
    sql = _HELD_PEOPLE.format(day="min(CAST(m.scheduled_at AS DATE))", held=held(k.today), where=where)
    return sql + " GROUP BY c.id HAVING day BETWEEN ? AND ?", [k.workbook_id, *params, k.week_start, k.week_end]


def _goal_hits(k: _Mark) -> tuple[str, list]:
    """A point counts every meeting held up to its day."""
    where, params = source_clause(k.f)
    sql = _HELD_PEOPLE.format(day="CAST(m.scheduled_at AS DATE)", held=held(k.today), where=where)
    return sql + " AND CAST(m.scheduled_at AS DATE) <= ?", [k.workbook_id, *params, k.week_start]


def _activity_hits(k: _Mark) -> tuple[str, list]:
    """The meetings held, the replies or the attempts of the week."""
    where, params = source_clause(k.f)
    if k.measure == "meetings":
        sql = _HELD_PEOPLE.format(day="CAST(m.scheduled_at AS DATE)", held=held(k.today), where=where)
        sql += " AND CAST(m.scheduled_at AS DATE) BETWEEN ? AND ?"
    else:
        replied = k.measure == "replies"
        day = REPLY_DAY if replied else "CAST(o.attempted_at AS DATE)"
        sql = f"""SELECT c.id, {day} AS day
                  FROM outreach o JOIN contacts c ON c.id = o.contact_id AND c.workbook_id = o.workbook_id
                  WHERE o.workbook_id = ? AND {replied_sql() if replied else 'TRUE'} AND {where}
                    AND {day} BETWEEN ? AND ?"""
    return sql, [k.workbook_id, *params, max(k.week_start, k.start), min(k.week_end, k.end)]


def _funnel_hits(k: _Mark) -> tuple[str, list]:
    """The people who reached a step of the funnel."""
    column = {"identified": "TRUE", "contacted": "is_contacted", "replied": "is_replied",
              "met": "is_met", "referral": "is_referral"}[k.step or "identified"]
    funnel_sql, params = funnel_people_sql(k.f, k.today)
    sql = funnel_sql + f" SELECT id, joined AS day FROM steps WHERE {column}"
    return sql, funnel_params(k.workbook_id, params, k.start, k.end)


def _tree_hits(k: _Mark) -> tuple[str, list]:
    """The person and whom they referred."""
    sql = f"""SELECT p.id, p.joined AS day FROM ({_PEOPLE}) p
              WHERE p.id = ? OR p.id IN (SELECT id FROM contacts WHERE workbook_id = ? AND referred_by_contact_id = ?)"""
    return sql, [k.workbook_id, k.contact_id, k.workbook_id, k.contact_id]


_MARK_HITS = {"growth": _growth_hits, "met": _met_hits, "goal": _goal_hits, "activity": _activity_hits,
              "funnel": _funnel_hits, "tree": _tree_hits}


def empty_frame(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in columns})


# ---- the time ranges the page offers ----------------------------------------------------------

RANGES = {
    "goal": "Since the goal started",
    "12w": "Last 12 weeks",
    "4w": "Last 4 weeks",
    "all": "All time",
    "custom": "Choose dates",
}


@db.reads
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
