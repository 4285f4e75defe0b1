"""The meetings a plan is made for (step 4): the picker's list, its cache key and labels, and what a
printed sheet says about the meeting.
"""
from __future__ import annotations

from datetime import date

import duckdb

from lib import db
from lib.errors import NotFound
from lib.meetings import label as _label


@db.reads
def meetings(con: duckdb.DuckDBPyConnection, workbook_id: int, today: date | None = None) -> list[dict]:
    """Meetings to plan for: upcoming planned ones first (soonest first), then the others (latest first)."""
    today = today or date.today()
    return db.rows(
        con,
        """SELECT m.id, m.scheduled_at, m.duration_minutes, m.format, m.location, m.status,
                  c.full_name, c.title, o.name AS organization,
                  (SELECT count(*) FROM meeting_questions mq WHERE mq.meeting_id = m.id) AS questions
           FROM meetings m
           JOIN contacts c ON c.id = m.contact_id
           LEFT JOIN organizations o ON o.id = c.organization_id
           WHERE m.workbook_id = ?
           ORDER BY CASE WHEN m.status = 'planned' AND m.scheduled_at >= ? THEN 0 ELSE 1 END,
                    CASE WHEN m.status = 'planned' AND m.scheduled_at >= ? THEN epoch(m.scheduled_at)
                         ELSE -epoch(m.scheduled_at) END,
                    m.id""",
        [workbook_id, today, today],
    )


@db.reads
def meetings_fingerprint(con: duckdb.DuckDBPyConnection, workbook_id: int) -> str:
    """A cheap summary of what the meeting picker shows (when, how long, status, whose, how many questions):
    it changes when a meeting is added, moved, ended or deleted, or any plan grows or shrinks (also while
    another shrinks by as much), so the picker's labels can be cached by it. About 1 ms at 3,000 meetings."""
    row = con.execute(
        """SELECT
             (SELECT bit_xor(hash(id, scheduled_at, duration_minutes, status, contact_id)) FROM meetings
               WHERE workbook_id = ?),
             (SELECT count(*) FROM meetings WHERE workbook_id = ?),
             (SELECT count(*) || '/' || coalesce(bit_xor(hash(mq.meeting_id, mq.question_id)), 0)
                FROM meeting_questions mq JOIN meetings m ON m.id = mq.meeting_id
               WHERE m.workbook_id = ?)""",
        [workbook_id] * 3,
    ).fetchone()
    return ":".join(str(v) for v in row)


def meeting_label(m: dict, name: str | None = None) -> str:
    """One line for a picker: when, who (or `name`, e.g. initials on a shared screen), where from, how long,
    how many questions (meetings.label, plan style)."""
    return _label(m, name, style="plan")


@db.reads
def meeting_info(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int) -> dict:
    """Who, when, where, and the research notes a sheet needs (private notes are never included)."""
    row = db.one(
        con,
        """SELECT m.id, m.scheduled_at, m.duration_minutes, m.format, m.location, m.status,
                  c.full_name, c.title, c.notes AS contact_notes,
                  o.name AS organization, o.industry, o.location AS org_location, o.why_interested,
                  o.notes AS organization_notes,
                  g.purpose, g.target_roles, g.target_industries, p.full_name AS my_name
           FROM meetings m
           JOIN contacts c ON c.id = m.contact_id
           LEFT JOIN organizations o ON o.id = c.organization_id
           LEFT JOIN goals g ON g.workbook_id = m.workbook_id
           LEFT JOIN profiles p ON p.workbook_id = m.workbook_id
           WHERE m.id = ? AND m.workbook_id = ?""",
        [meeting_id, workbook_id],
    )
    if row is None:
        raise NotFound("That meeting is not in this workbook (it may have been deleted).")
    return row
