"""Keeping in touch with people met (M26): a cadence per contact and the date of the next touch.

The next touch is computed, never stored: the last interaction with the person plus their cadence. Any
interaction counts — an outreach attempt, a meeting that took place, a review or thank-you note, or a
"we talked" entry logged here — so a reminder never fires right after the user spoke with someone.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

import duckdb

from lib import actions, db, fields, reviews, rows
from lib.errors import Invalid, NotFound

# The last interaction per contact of a workbook, from every table that records one (past and today only).
_LAST_TOUCH = """
    SELECT contact_id, max(day) AS last_touch FROM (
        SELECT contact_id, CAST(attempted_at AS DATE) AS day FROM outreach WHERE workbook_id = $wb
        UNION ALL
        SELECT contact_id, CAST(scheduled_at AS DATE) FROM meetings WHERE workbook_id = $wb AND status = 'done'
        UNION ALL
        SELECT m.contact_id, CAST(r.created_at AS DATE) FROM reviews r JOIN meetings m ON m.id = r.meeting_id
            WHERE r.workbook_id = $wb
        UNION ALL
        SELECT m.contact_id, r.thank_you_sent_on FROM reviews r JOIN meetings m ON m.id = r.meeting_id
            WHERE r.workbook_id = $wb AND r.thank_you_sent_on IS NOT NULL
        UNION ALL
        SELECT contact_id, happened_on FROM interactions WHERE workbook_id = $wb
    ) AS touches WHERE day <= $today GROUP BY contact_id
"""

_SCHEDULE = f"""
    WITH last AS ({_LAST_TOUCH}),
    upcoming AS (
        SELECT contact_id, min(CAST(scheduled_at AS DATE)) AS next_meeting FROM meetings
        WHERE workbook_id = $wb AND status = 'planned' AND CAST(scheduled_at AS DATE) >= $today
        GROUP BY contact_id
    )
    SELECT c.id AS contact_id, c.full_name, o.name AS organization, c.title, c.stage, c.keep_in_touch_days,
           coalesce(l.last_touch, CAST(c.created_at AS DATE)) AS last_touch,
           CAST(coalesce(l.last_touch, CAST(c.created_at AS DATE)) + c.keep_in_touch_days * INTERVAL '1 day' AS DATE)
               AS next_touch_on,
           u.next_meeting
    FROM contacts c
    LEFT JOIN organizations o ON o.id = c.organization_id
    LEFT JOIN last l ON l.contact_id = c.id
    LEFT JOIN upcoming u ON u.contact_id = c.id
    WHERE c.workbook_id = $wb AND c.keep_in_touch_days IS NOT NULL AND c.stage <> 'closed'
"""


def next_touch(last_touch: date, cadence_days: int | None) -> date | None:
    """The rule in one line: the next touch is the last interaction plus the cadence (None: no reminder)."""
    return None if cadence_days is None else last_touch + timedelta(days=cadence_days)


def _contact(cur, workbook_id: int, contact_id: int) -> dict:
    row = db.one(cur, "SELECT id, full_name, stage FROM contacts WHERE id = ? AND workbook_id = ?",
                 [contact_id, workbook_id])
    if row is None:
        raise NotFound("That person is not in this workbook any more.")
    return row


@db.writes
def set_cadence(con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int, days: int | None, *,
                opened: rows.Opened | None = None) -> None:
    """Keep in touch every 30/60/90 days, or None for no reminders.

    With `opened` (the person as the form was opened), a cadence another session saved meanwhile raises
    Conflict and nothing is saved (lib/rows.py)."""
    days = reviews.check_cadence(days)
    with db.transaction(con) as cur:
        person = _contact(cur, workbook_id, contact_id)
        rows.update(cur, "contacts", workbook_id, contact_id, {"keep_in_touch_days": days}, opened,
                    labels={"keep_in_touch_days": "Keep in touch"})
        if days is not None and person["stage"] == "met":  # the stage follows; never a clash of its own
            cur.execute("UPDATE contacts SET stage = 'keeping_in_touch' WHERE id = ? AND workbook_id = ?",
                        [contact_id, workbook_id])


@db.writes
def log_interaction(
    con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int, *, happened_on: date | None,
    kind: str = "talked", note: str | None = None, today: date | None = None, token: str | None = None,
) -> int:
    """Record that the user was in touch with someone; their next touch date starts again from that day.
    A repeat with the same `token` (quick clicks on one form) stores nothing and returns the first id."""
    today = today or date.today()
    if happened_on is None:
        raise Invalid("Choose the day you were in touch.")
    if not isinstance(happened_on, date) or isinstance(happened_on, datetime):
        raise Invalid("Choose the day you were in touch.")
    if happened_on > today:
        raise Invalid("That day is in the future; log an interaction once it has happened.")
    fields.past_moment(happened_on, field="The day you were in touch", today=today)
    fields.interaction_kind(kind)
    note = fields.note(note, field="Note")
    with db.transaction(con) as cur:
        done = actions.first(cur, token)
        if done is not None:
            return done
        _contact(cur, workbook_id, contact_id)
        new_id = cur.execute(
            "INSERT INTO interactions (workbook_id, contact_id, happened_on, kind, note) VALUES (?, ?, ?, ?, ?)"
            " RETURNING id",
            [workbook_id, contact_id, happened_on, kind, note],
        ).fetchone()[0]
        actions.record(cur, token, workbook_id, "log_interaction", new_id)
        return new_id


def _params(workbook_id: int, today: date, **extra) -> dict:
    return {"wb": workbook_id, "today": today, **extra}


def _named_rows(con: duckdb.DuckDBPyConnection, sql: str, params: dict) -> list[dict]:
    """Like db.rows, with named $parameters (the workbook appears many times in one query)."""
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


@db.reads
def schedule_of(con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int, today: date | None = None) -> dict | None:
    """Cadence, last touch and next touch of one person (None when they have no cadence)."""
    today = today or date.today()
    found = _named_rows(con, _SCHEDULE + " AND c.id = $cid", _params(workbook_id, today, cid=contact_id))
    return found[0] if found else None


@db.reads
def losing_touch(
    con: duckdb.DuckDBPyConnection, workbook_id: int, today: date | None = None, *, within_days: int = 0,
    limit: int = 50,
) -> list[dict]:
    """People whose next touch is due (today or earlier, or within `within_days`), most overdue first.

    People with a meeting already planned are left out: that meeting is the touch.
    """
    today = today or date.today()
    rows = _named_rows(
        con,
        f"""SELECT *, (CAST($today AS DATE) - next_touch_on) AS days_overdue FROM ({_SCHEDULE}) AS schedule
            WHERE next_touch_on <= $horizon AND next_meeting IS NULL
            ORDER BY next_touch_on, full_name LIMIT $limit""",
        _params(workbook_id, today, horizon=today + timedelta(days=within_days), limit=limit),
    )
    return rows


@db.reads
def met_without_cadence(
    con: duckdb.DuckDBPyConnection, workbook_id: int, *, limit: int = 50
) -> list[dict]:
    """People the user met (a meeting done) who have no keep-in-touch cadence yet."""
    return db.rows(
        con,
        """SELECT c.id AS contact_id, c.full_name, o.name AS organization, max(m.scheduled_at) AS last_met
           FROM contacts c JOIN meetings m ON m.contact_id = c.id AND m.workbook_id = c.workbook_id
           LEFT JOIN organizations o ON o.id = c.organization_id
           WHERE c.workbook_id = ? AND m.status = 'done' AND c.keep_in_touch_days IS NULL AND c.stage <> 'closed'
           GROUP BY c.id, c.full_name, o.name ORDER BY last_met DESC LIMIT ?""",
        [workbook_id, limit],
    )


@db.reads
def people_met(con: duckdb.DuckDBPyConnection, workbook_id: int, limit: int = 500) -> list[dict]:
    """Everyone met or kept in touch with (choices for the cadence and 'we talked' forms)."""
    return db.rows(
        con,
        """WITH chosen AS (
               SELECT id FROM contacts WHERE workbook_id = ?
                 AND (stage IN ('met', 'keeping_in_touch') OR keep_in_touch_days IS NOT NULL)
               UNION
               SELECT contact_id FROM meetings WHERE workbook_id = ? AND status = 'done')
           SELECT c.id, c.full_name, o.name AS organization, c.keep_in_touch_days, coalesce(c.version, 0) AS version
           FROM chosen JOIN contacts c ON c.id = chosen.id AND c.workbook_id = ?
           LEFT JOIN organizations o ON o.id = c.organization_id
           ORDER BY c.full_name LIMIT ?""",
        [workbook_id, workbook_id, workbook_id, limit],
    )


@db.reads
def recent_interactions(con: duckdb.DuckDBPyConnection, workbook_id: int, limit: int = 20) -> list[dict]:
    """The latest "we talked" entries."""
    return db.rows(
        con,
        """SELECT i.happened_on, c.full_name, i.kind, i.note FROM interactions i
           JOIN contacts c ON c.id = i.contact_id AND c.workbook_id = i.workbook_id
           WHERE i.workbook_id = ? ORDER BY i.happened_on DESC, i.id DESC LIMIT ?""",
        [workbook_id, limit],
    )
