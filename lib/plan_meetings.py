"""The meetings a plan is made for (step 4): the picker's list and labels, and what a
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
                    CASE WHEN m.status = 'planned' AND m.scheduled_at >= ? THEN extract(epoch FROM m.scheduled_at)
                         ELSE -extract(epoch FROM m.scheduled_at) END,
                    m.id""",
        [workbook_id, today, today],
    )



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
