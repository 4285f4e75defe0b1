"""The coach's cohort overview: every workbook (client) in one table, so a coach sees who is stuck.

One SQL query over the storage-contract tables gives, per workbook: the goal, interviews done of
the target, the last day something happened, follow-ups overdue and meetings this week.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import NamedTuple

import duckdb
import pandas as pd

from lib import acting, db, hosting, meetings, text_search, wording, workbooks

# A workbook with no activity for this many days is flagged as stalled.
STALLED_AFTER_DAYS = 14

# Sort orders a coach can choose: label -> ORDER BY (constants only; never built from input).
SORTS = {
    "Needs attention first": "attention DESC, days_idle DESC NULLS FIRST, name",
    "Name": "name",
    "Least progress first": "progress ASC, name",
    "Longest without activity": "days_idle DESC NULLS FIRST, name",
    "Most follow-ups overdue": "follow_ups_overdue DESC, name",
    "Most meetings this week": "meetings_this_week DESC, name",
}
DEFAULT_SORT = "Needs attention first"

# Column names a person reads, in the order shown.
COLUMNS = {
    "id": "id",
    "name": "Workbook",
    "owner": "Whose",
    "goal": "Goal",
    "interviews_done": "Interviews done",
    "target_interviews": "Target",
    "progress": "Progress",
    "last_activity": "Last activity",
    "days_idle": "Days since",
    "follow_ups_overdue": "Follow-ups overdue",
    "meetings_this_week": "Meetings this week",
    "status": "Status",
    "archived": "Archived",
}

_QUERY = """
WITH
done AS (
    SELECT workbook_id, count(*) AS n FROM meetings WHERE {held} GROUP BY workbook_id
),
week AS (
    SELECT workbook_id, count(*) AS n FROM meetings
    WHERE status NOT IN ('cancelled', 'no_show') AND scheduled_at >= $week_start AND scheduled_at < $week_end
    GROUP BY workbook_id
),
-- A follow-up is overdue when its day has passed, the attempt got no answer, nothing newer was sent
-- to that person, and no meeting with them is on the books.
-- Only attempts already past their follow-up day are candidates (a few of the outreach rows), so the
-- "nothing newer" test runs on those instead of ranking every attempt of every workbook.
due AS (
    SELECT a.id, a.workbook_id, a.contact_id, a.attempted_at
    FROM outreach a
    WHERE a.follow_up_on IS NOT NULL AND a.follow_up_on < $today
      AND a.outcome NOT IN ('replied_yes', 'replied_no'){only_outreach}
),
overdue AS (
    SELECT a.workbook_id, count(*) AS n
    FROM due a
    LEFT JOIN contacts c ON c.id = a.contact_id
    WHERE coalesce(c.stage, '') <> 'closed'
      AND NOT EXISTS (
          SELECT 1 FROM outreach newer
          WHERE newer.contact_id = a.contact_id
            AND (newer.attempted_at > a.attempted_at OR (newer.attempted_at = a.attempted_at AND newer.id > a.id)))
      AND NOT EXISTS (
          SELECT 1 FROM meetings m
          WHERE m.contact_id = a.contact_id AND m.status NOT IN ('cancelled', 'no_show'))
    GROUP BY a.workbook_id
),
-- What a person did, dated by when they did it (rows' own creation times, where the demo sets them).
activity AS (
    SELECT workbook_id, attempted_at AS happened_at FROM outreach
    UNION ALL SELECT workbook_id, created_at FROM contacts
    UNION ALL SELECT workbook_id, created_at FROM reviews
    UNION ALL SELECT workbook_id, scheduled_at FROM meetings WHERE {held}
),
last_seen AS (
    SELECT workbook_id, max(happened_at) AS happened_at FROM activity WHERE happened_at <= $now GROUP BY workbook_id
)
SELECT
    w.id,
    w.name,
    w.owner,
    nullif(trim(coalesce(nullif(trim(g.purpose), ''), g.target_roles, '')), '') AS goal,
    coalesce(done.n, 0) AS interviews_done,
    coalesce(g.target_interviews, 10) AS target_interviews,
    least(CAST(coalesce(done.n, 0) AS DOUBLE PRECISION) / greatest(coalesce(g.target_interviews, 10), 1), 1.0) AS progress,
    CAST(last_seen.happened_at AS DATE) AS last_activity,
    (CAST($today AS DATE) - CAST(last_seen.happened_at AS DATE)) AS days_idle,
    coalesce(overdue.n, 0) AS follow_ups_overdue,
    coalesce(week.n, 0) AS meetings_this_week,
    w.archived,
    w.is_demo,
    CASE WHEN w.archived THEN 0  -- put away by the coach: listed when asked, never flagged
         ELSE (CASE WHEN coalesce(overdue.n, 0) > 0 THEN 2 ELSE 0 END)
              + (CASE WHEN last_seen.happened_at IS NULL
                       OR (CAST($today AS DATE) - CAST(last_seen.happened_at AS DATE)) >= $stalled THEN 1 ELSE 0 END)
    END AS attention
FROM workbooks w
LEFT JOIN goals g ON g.workbook_id = w.id
LEFT JOIN done ON done.workbook_id = w.id
LEFT JOIN week ON week.workbook_id = w.id
LEFT JOIN overdue ON overdue.workbook_id = w.id
LEFT JOIN last_seen ON last_seen.workbook_id = w.id
WHERE ($include_archived OR NOT w.archived){only_workbook}
ORDER BY {order}
"""


def week_bounds(today: date) -> tuple[datetime, datetime]:
    """Monday 00:00 of today's week and the Monday after."""
    monday = today - timedelta(days=today.weekday())
    start = datetime.combine(monday, time())
    return start, start + timedelta(days=7)


def _status(row) -> str:
    if row.archived:
        return "Archived"
    parts = []
    if row.follow_ups_overdue:
        parts.append(f"{wording.plural(row.follow_ups_overdue, 'follow-up')} overdue")
    if pd.isna(row.days_idle):
        parts.append("Not started")
    elif row.days_idle >= STALLED_AFTER_DAYS:
        parts.append(f"Quiet for {wording.plural(int(row.days_idle), 'day')}")
    if not parts:
        parts.append("Goal reached" if row.interviews_done >= row.target_interviews else "On track")
    return "; ".join(parts)


def overview(
    con: duckdb.DuckDBPyConnection,
    *,
    today: date | None = None,
    sort: str = DEFAULT_SORT,
    include_archived: bool = False,
    workbook_id: int | None = None,
    clients_only: bool = False,
) -> pd.DataFrame:
    """Every workbook the person acting through `con` may open (lib/acting.py; the local person: every one), with
    its goal and progress, one row each, in the chosen order (see SORTS). With `clients_only`, a signed-in
    person's clients only: the workbooks shared with them as a coach, not their own (no change for the local
    person, whose workbooks are all their clients').

    Columns (machine names): id, name, goal, interviews_done, target_interviews, progress (0..1),
    last_activity (date or NaT), days_idle, follow_ups_overdue, meetings_this_week, archived,
    is_demo, attention (0-3, higher needs the coach more), status (a short phrase).
    With `workbook_id`, only that workbook's row (archived or not), read without scanning the others'; a workbook
    the person may not open is refused (NoAccess), as by db.reads.
    """
    if workbook_id is not None:
        acting.enforce(con, workbook_id)
    today = today or date.today()
    order = SORTS.get(sort, SORTS[DEFAULT_SORT])
    week_start, week_end = week_bounds(today)
    now = datetime.combine(today, time(23, 59, 59))
    params = {"today": today, "now": now, "week_start": week_start, "week_end": week_end,
              "stalled": STALLED_AFTER_DAYS, "include_archived": include_archived or workbook_id is not None}
    only_outreach = only_workbook = ""
    if workbook_id is not None:  # constant SQL fragments; the id itself is a bound parameter
        only_outreach, only_workbook = " AND a.workbook_id = $only", " AND w.id = $only"
        params["only"] = int(workbook_id)
    else:
        only_workbook = _visible(con, params, clients_only)
    frame = con.execute(
        _QUERY.format(order=order, only_outreach=only_outreach, only_workbook=only_workbook,
                      held=meetings.held_sql()), params
    ).df()
    frame["status"] = [_status(r) for r in frame.itertuples()] if len(frame) else pd.Series(dtype=object)
    return frame


def _visible(con, params: dict, clients_only: bool) -> str:
    """The condition (constant SQL, named parameters added to `params`) that keeps the overview to the workbooks
    the acting person may open, and with `clients_only` to those they do not own."""
    person = acting.acting_person(con)
    if person is acting.LOCAL:
        return ""
    params["person"] = person
    # acting's one rule, its two ? (both the person) named for this query's named parameters
    condition = f" AND w.id IN ({acting.VISIBLE_IDS.replace('?', '$person')})"
    return condition + (" AND w.owner IS DISTINCT FROM $person" if clients_only else "")


def for_display(frame: pd.DataFrame) -> pd.DataFrame:
    """The overview with the column names a person reads (id kept for opening a workbook).

    Progress is a whole percentage; "Interviews" reads "10 / 12"; the last activity is a date
    (shown day month year by the page's date column) or missing when nothing has happened yet.
    """
    keep = [c for c in COLUMNS if c in frame.columns]
    shown = frame[keep].rename(columns=COLUMNS)
    shown["Progress"] = (shown["Progress"] * 100).round().astype("Int64")
    shown["Goal"] = shown["Goal"].fillna("—").astype(object)
    shown.insert(3, "Interviews", [f"{d} / {t}" for d, t in zip(frame["interviews_done"], frame["target_interviews"])])
    shown["Last activity"] = pd.to_datetime(frame["last_activity"])  # a date column sorts by date, not by text
    return shown


def needing_attention(frame: pd.DataFrame, limit: int = 5) -> list[tuple[int, str, str]]:
    """(id, name, status) of the workbooks that need the coach most, worst first (at most `limit`)."""
    if not len(frame):
        return []
    worst = frame[frame["attention"] > 0].sort_values(
        ["attention", "days_idle", "name"], ascending=[False, False, True], na_position="first")
    return [(int(r.id), r.name, r.status) for r in worst.head(limit).itertuples()]


def summary(frame: pd.DataFrame) -> dict[str, int]:
    """Headline numbers for the cohort: clients, needing attention, meetings this week, follow-ups overdue. An
    archived workbook listed on request is counted as a client but adds nothing to the coach's current load."""
    active = frame[~frame["archived"].astype(bool)] if len(frame) else frame
    return {
        "clients": int(len(frame)),
        "need_attention": int((active["attention"] > 0).sum()) if len(active) else 0,
        "meetings_this_week": int(active["meetings_this_week"].sum()) if len(active) else 0,
        "follow_ups_overdue": int(active["follow_ups_overdue"].sum()) if len(active) else 0,
    }


# How many workbooks the page lists at a time for opening, archiving and restoring.
MANAGE_PAGE_SIZE = 10


class WorkbookPage(NamedTuple):
    items: list[workbooks.Workbook]  # this page's workbooks, in the order they were created
    matching: int  # workbooks whose name holds the search
    total: int  # every workbook, archived too
    active: int  # workbooks not archived (the last one open cannot be archived)
    page: int  # this page, from 1, brought back into range
    pages: int


def workbook_page(
    con: duckdb.DuckDBPyConnection, *, search: str = "", page: int = 1, per_page: int = MANAGE_PAGE_SIZE,
    own_only: bool = False,
) -> WorkbookPage:
    """One page of the workbooks (archived ones too) whose name holds `search` (any case), read with
    LIMIT/OFFSET, with the counts a pager needs: those the acting person may open, or with `own_only` those
    they own (the local person: every workbook either way)."""
    matches, needle = text_search.any_column(["name"], search)
    mine, visible = acting.only_visible(con)  # the acting person's workbooks (every one for the local person)
    if own_only:
        mine, visible = hosting.only_own(con)
    matching, total, active = con.execute(
        f"SELECT count(*) FILTER (WHERE {matches}), count(*), count(*) FILTER (WHERE NOT archived)"
        f" FROM workbooks WHERE TRUE{mine}",
        [*needle, *visible],
    ).fetchone()
    pages = max(1, -(-int(matching) // per_page))
    page = min(max(1, int(page or 1)), pages)
    rows = db.rows(
        con,
        f"SELECT id, name, created_at, archived, is_demo FROM workbooks WHERE {matches}{mine}"
        " ORDER BY id LIMIT ? OFFSET ?",
        [*needle, *visible, per_page, (page - 1) * per_page],
    )
    return WorkbookPage([workbooks.Workbook(**r) for r in rows], int(matching), int(total), int(active), page, pages)


@db.reads
def page_holding(con: duckdb.DuckDBPyConnection, workbook_id: int, *, search: str = "",
                 per_page: int = MANAGE_PAGE_SIZE, own_only: bool = False) -> int | None:
    """The page of workbook_page (same search, same people) that lists `workbook_id`; None when it lists it on none
    (not matching the search, or not the acting person's)."""
    matches, needle = text_search.any_column(["name"], search)
    mine, visible = hosting.only_own(con) if own_only else acting.only_visible(con)
    listed, before = con.execute(
        f"SELECT count(*) FILTER (WHERE id = ?), count(*) FILTER (WHERE id < ?) FROM workbooks WHERE {matches}{mine}",
        [workbook_id, workbook_id, *needle, *visible],
    ).fetchone()
    return int(before) // per_page + 1 if listed else None
