"""What was learned, together: search across every review (M27) and the workbook's value summary (M28)."""
from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from lib import db

# Reviews with the person, organization and the live-mode notes of the meeting, one row per review.
_KNOWLEDGE = """
    WITH notes AS (
        SELECT mq.meeting_id, string_agg(mq.notes, chr(10) ORDER BY mq.position) AS question_notes
        FROM meeting_questions mq JOIN meetings m ON m.id = mq.meeting_id
        WHERE m.workbook_id = ? AND mq.notes IS NOT NULL AND trim(mq.notes) <> ''
        GROUP BY mq.meeting_id
    )
    SELECT m.id AS meeting_id, CAST(m.scheduled_at AS DATE) AS met_on, c.full_name AS person, c.title AS role,
           o.id AS organization_id, o.name AS organization, o.industry,
           r.insights, r.not_online, r.advice, r.resources, r.next_steps, r.usefulness, n.question_notes
    FROM reviews r
    JOIN meetings m ON m.id = r.meeting_id AND m.workbook_id = r.workbook_id
    LEFT JOIN contacts c ON c.id = m.contact_id AND c.workbook_id = m.workbook_id
    LEFT JOIN organizations o ON o.id = c.organization_id
    LEFT JOIN notes n ON n.meeting_id = m.id
    WHERE r.workbook_id = ?
"""
_TEXT_COLUMNS = ("r.insights", "r.not_online", "r.advice", "r.resources", "r.next_steps", "n.question_notes")


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(text: str | None, organization_id: int | None, industry: str | None, role: str | None) -> tuple[str, list]:
    sql, params = "", []
    words = (text or "").split()
    for word in words:  # every word must appear somewhere in what was learned
        sql += " AND (" + " OR ".join(f"{c} ILIKE ? ESCAPE '\\'" for c in _TEXT_COLUMNS) + ")"
        params += [_like(word)] * len(_TEXT_COLUMNS)
    if organization_id is not None:
        sql += " AND o.id = ?"
        params.append(organization_id)
    if industry:
        sql += " AND lower(o.industry) = lower(?)"
        params.append(industry)
    if role and role.strip():
        sql += " AND c.title ILIKE ? ESCAPE '\\'"
        params.append(_like(role.strip()))
    return sql, params


def search(
    con: duckdb.DuckDBPyConnection, workbook_id: int, *, text: str | None = None,
    organization_id: int | None = None, industry: str | None = None, role: str | None = None,
    limit: int = 20, offset: int = 0,
) -> tuple[pd.DataFrame, int]:
    """Reviews matching every filter (text in any part of the review or the question notes), newest first,
    one page of them, and how many match in all."""
    where, params = _where(text, organization_id, industry, role)
    base = [workbook_id, workbook_id]
    total = db.scalar(con, f"SELECT count(*) FROM ({_KNOWLEDGE} {where})", base + params)
    frame = con.execute(
        f"{_KNOWLEDGE} {where} ORDER BY met_on DESC, meeting_id DESC LIMIT ? OFFSET ?",
        base + params + [limit, offset],
    ).df()
    return frame, total


def filters(con: duckdb.DuckDBPyConnection, workbook_id: int) -> dict:
    """Choices for the filters: organizations and industries that have at least one review."""
    orgs = db.rows(
        con,
        """SELECT DISTINCT o.id, o.name FROM reviews r JOIN meetings m ON m.id = r.meeting_id
           JOIN contacts c ON c.id = m.contact_id JOIN organizations o ON o.id = c.organization_id
           WHERE r.workbook_id = ? ORDER BY o.name""",
        [workbook_id],
    )
    industries = [
        r["industry"] for r in db.rows(
            con,
            """SELECT DISTINCT o.industry FROM reviews r JOIN meetings m ON m.id = r.meeting_id
               JOIN contacts c ON c.id = m.contact_id JOIN organizations o ON o.id = c.organization_id
               WHERE r.workbook_id = ? AND o.industry IS NOT NULL ORDER BY o.industry""",
            [workbook_id],
        )
    ]
    return {"organizations": {r["id"]: r["name"] for r in orgs}, "industries": industries}


def multiplier(interviews_done: int, referrals: int) -> float | None:
    """Referrals received per interview done: the network multiplier (None before the first interview)."""
    return None if not interviews_done else referrals / interviews_done


def value_summary(con: duckdb.DuckDBPyConnection, workbook_id: int, today: date | None = None) -> dict:
    """Figures for a coach's review (M28), aggregated in SQL."""
    today = today or date.today()
    row = db.one(
        con,
        """WITH met AS (SELECT DISTINCT contact_id FROM meetings WHERE workbook_id = ? AND status = 'done')
           SELECT
             (SELECT count(*) FROM meetings WHERE workbook_id = ? AND status = 'done') AS interviews_done,
             (SELECT count(*) FROM met) AS people_met,
             (SELECT count(*) FROM reviews r JOIN meetings m ON m.id = r.meeting_id
                WHERE r.workbook_id = ? AND m.status = 'done') AS reviewed,
             (SELECT count(*) FROM contacts WHERE workbook_id = ?
                AND referred_by_contact_id IN (SELECT contact_id FROM met)) AS referrals,
             (SELECT count(*) FROM contacts c WHERE c.workbook_id = ?
                AND c.referred_by_contact_id IN (SELECT contact_id FROM met)
                AND c.id IN (SELECT contact_id FROM met)) AS referrals_met,
             (SELECT count(*) FILTER (WHERE nullif(trim(insights), '') IS NOT NULL)
                   + count(*) FILTER (WHERE nullif(trim(not_online), '') IS NOT NULL)
                   + count(*) FILTER (WHERE nullif(trim(advice), '') IS NOT NULL)
                   + count(*) FILTER (WHERE nullif(trim(resources), '') IS NOT NULL)
                FROM reviews WHERE workbook_id = ?) AS insights_recorded,
             (SELECT avg(usefulness) FROM reviews WHERE workbook_id = ?) AS average_usefulness,
             (SELECT count(*) FROM reviews WHERE workbook_id = ? AND thank_you_sent_on IS NOT NULL) AS thank_yous,
             (SELECT count(*) FROM contacts WHERE workbook_id = ? AND keep_in_touch_days IS NOT NULL
                AND stage <> 'closed') AS keeping_in_touch,
             (SELECT count(*) FROM contacts WHERE workbook_id = ?) AS network_size
        """,
        [workbook_id] * 10,
    )
    goal = db.one(
        con, "SELECT target_interviews, start_date, target_date FROM goals WHERE workbook_id = ?", [workbook_id]
    )
    target = goal["target_interviews"] if goal else None
    done = row["interviews_done"]
    target_date = goal["target_date"] if goal else None
    return {
        **row,
        "multiplier": multiplier(done, row["referrals"]),
        "target_interviews": target,
        "goal_progress": (min(done / target, 1.0) if target else None),
        "interviews_left": (max(target - done, 0) if target else None),
        "target_date": target_date,
        "days_left": ((target_date - today).days if target_date else None),
    }


def per_interview(con: duckdb.DuckDBPyConnection, workbook_id: int, limit: int = 200) -> pd.DataFrame:
    """Each interview done with its usefulness and how many referrals came from the person met."""
    return con.execute(
        """SELECT CAST(m.scheduled_at AS DATE) AS "Met on", c.full_name AS "Person", o.name AS "Organization",
                  r.usefulness AS "Usefulness",
                  (SELECT count(*) FROM contacts x WHERE x.workbook_id = m.workbook_id
                     AND x.referred_by_contact_id = m.contact_id) AS "Referrals",
                  r.meeting_id IS NOT NULL AS "Reviewed",
                  r.thank_you_sent_on AS "Thank-you sent"
           FROM meetings m
           LEFT JOIN contacts c ON c.id = m.contact_id AND c.workbook_id = m.workbook_id
           LEFT JOIN organizations o ON o.id = c.organization_id
           LEFT JOIN reviews r ON r.meeting_id = m.id
           WHERE m.workbook_id = ? AND m.status = 'done'
           ORDER BY m.scheduled_at DESC LIMIT ?""",
        [workbook_id, limit],
    ).df()
