"""What was learned, together: search across every review (M27) and the workbook's value summary (M28)."""
from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from lib import db, meetings, text_search

# Reviews with the person and organization, one row per review; live-mode notes are fetched for one page only.
_KNOWLEDGE = """
    SELECT m.id AS meeting_id, CAST(m.scheduled_at AS DATE) AS met_on, c.full_name AS person, c.title AS role,
           o.id AS organization_id, o.name AS organization, o.industry,
           r.insights, r.not_online, r.advice, r.resources, r.next_steps, r.plan_changes, r.workplace_seen,
           r.usefulness
    FROM reviews r
    JOIN meetings m ON m.id = r.meeting_id AND m.workbook_id = r.workbook_id
    LEFT JOIN contacts c ON c.id = m.contact_id AND c.workbook_id = m.workbook_id
    LEFT JOIN organizations o ON o.id = c.organization_id
    WHERE r.workbook_id = ?
"""
_TEXT_COLUMNS = ("r.insights", "r.not_online", "r.advice", "r.resources", "r.next_steps", "r.plan_changes",
                 "r.workplace_seen")
_IN_NOTES = ("EXISTS (SELECT 1 FROM meeting_questions mq WHERE mq.meeting_id = r.meeting_id"
             f" AND {text_search.like('mq.notes')})")


def _where(text: str | None, organization_id: int | None, industry: str | None, role: str | None) -> tuple[str, list]:
    # every word must appear somewhere in what was learned
    words, params = text_search.every_word(_TEXT_COLUMNS, text, extra=[_IN_NOTES])
    sql = f" AND {words}"
    if organization_id is not None:
        sql += " AND o.id = ?"
        params.append(organization_id)
    if industry:
        sql += " AND lower(o.industry) = lower(?)"
        params.append(industry)
    if role and role.strip():
        sql += f" AND {text_search.like('c.title')}"
        params.append(text_search.like_pattern(role))
    return sql, params


@db.reads
def count(
    con: duckdb.DuckDBPyConnection, workbook_id: int, *, text: str | None = None,
    organization_id: int | None = None, industry: str | None = None, role: str | None = None,
) -> int:
    """How many reviews match the filters of `search`."""
    where, params = _where(text, organization_id, industry, role)
    return db.scalar(con, f"SELECT count(*) FROM ({_KNOWLEDGE} {where}) AS found", [workbook_id] + params)


@db.reads
def search(
    con: duckdb.DuckDBPyConnection, workbook_id: int, *, text: str | None = None,
    organization_id: int | None = None, industry: str | None = None, role: str | None = None,
    limit: int = 20, offset: int = 0, with_total: bool = True,
) -> tuple[pd.DataFrame, int | None]:
    """Reviews matching every filter (text in any part of the review or the live-mode notes), newest first,
    one page of them with their notes, and how many match in all (None when `with_total` is False)."""
    where, params = _where(text, organization_id, industry, role)
    total = (count(con, workbook_id, text=text, organization_id=organization_id, industry=industry, role=role)
             if with_total else None)
    frame = con.execute(
        f"{_KNOWLEDGE} {where} ORDER BY met_on DESC, meeting_id DESC LIMIT ? OFFSET ?",
        [workbook_id] + params + [limit, offset],
    ).df()
    notes: dict[int, str] = {}
    ids = [int(i) for i in frame["meeting_id"]] if len(frame) else []
    if ids:
        marks = ", ".join("?" for _ in ids)
        notes = dict(con.execute(
            f"SELECT meeting_id, string_agg(notes, chr(10) ORDER BY position) FROM meeting_questions"
            f" WHERE meeting_id IN ({marks}) AND nullif(trim(notes), '') IS NOT NULL GROUP BY meeting_id",
            ids,
        ).fetchall())
    frame["question_notes"] = [notes.get(i) for i in ids]
    return frame, total


@db.reads
def filters(con: duckdb.DuckDBPyConnection, workbook_id: int) -> dict:
    """Choices for the filters: organizations and industries that have at least one review."""
    rows = db.rows(
        con,
        """SELECT DISTINCT o.id, o.name, o.industry FROM reviews r JOIN meetings m ON m.id = r.meeting_id
           JOIN contacts c ON c.id = m.contact_id JOIN organizations o ON o.id = c.organization_id
           WHERE r.workbook_id = ? ORDER BY o.name, o.id""",
        [workbook_id],
    )
    orgs = rows
    industries = sorted({r["industry"] for r in rows if r["industry"]})
    return {"organizations": {r["id"]: r["name"] for r in orgs}, "industries": industries}


def multiplier(interviews_done: int, referrals: int) -> float | None:
    """Referrals received per interview done: the network multiplier (None before the first interview)."""
    return None if not interviews_done else referrals / interviews_done


@db.reads
def value_summary(con: duckdb.DuckDBPyConnection, workbook_id: int, today: date | None = None) -> dict:
    """Figures for a coach's review (M28), aggregated in SQL."""
    today = today or date.today()
    row = db.one(
        con,
        f"""WITH met_ids AS (SELECT DISTINCT contact_id FROM meetings WHERE workbook_id = ? AND {meetings.held_sql()}),
           met AS (
               SELECT count(*) AS interviews_done FROM meetings WHERE workbook_id = ? AND {meetings.held_sql()}),
           people AS (
               SELECT count(*) AS network_size,
                      count(*) FILTER (WHERE c.keep_in_touch_days IS NOT NULL AND c.stage <> 'closed')
                          AS keeping_in_touch,
                      count(by_met.contact_id) AS referrals,
                      count(by_met.contact_id) FILTER (WHERE was_met.contact_id IS NOT NULL) AS referrals_met,
                      count(was_met.contact_id) AS people_met
               FROM contacts c
               LEFT JOIN met_ids by_met ON by_met.contact_id = c.referred_by_contact_id
               LEFT JOIN met_ids was_met ON was_met.contact_id = c.id
               WHERE c.workbook_id = ?),
           learned AS (
               SELECT count(*) FILTER (WHERE {meetings.held_sql("m")}) AS reviewed,
                      count(nullif(trim(r.insights), '')) + count(nullif(trim(r.not_online), ''))
                        + count(nullif(trim(r.advice), '')) + count(nullif(trim(r.resources), '')) AS insights_recorded,
                      avg(r.usefulness) AS average_usefulness,
                      count(nullif(trim(r.plan_changes), '')) AS plan_changes_recorded,
                      count(r.thank_you_sent_on) AS thank_yous
               FROM reviews r LEFT JOIN meetings m ON m.id = r.meeting_id WHERE r.workbook_id = ?)
           SELECT met.interviews_done, people.people_met, learned.reviewed, people.referrals, people.referrals_met,
                  learned.insights_recorded, learned.average_usefulness, learned.thank_yous,
                  learned.plan_changes_recorded,
                  people.keeping_in_touch, people.network_size
           FROM met, people, learned""",
        [workbook_id] * 4,
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


@db.reads
def per_interview(con: duckdb.DuckDBPyConnection, workbook_id: int, limit: int = 200) -> pd.DataFrame:
    """Each interview done with its usefulness and how many referrals came from the person met."""
    return con.execute(
        """SELECT CAST(m.scheduled_at AS DATE) AS "Met on", c.full_name AS "Person", o.name AS "Organization",
                  r.usefulness AS "Usefulness",
                  coalesce(ref.n, 0) AS "Referrals",
                  r.meeting_id IS NOT NULL AS "Reviewed",
                  r.thank_you_sent_on AS "Thank-you sent"
           FROM meetings m
           LEFT JOIN contacts c ON c.id = m.contact_id AND c.workbook_id = m.workbook_id
           LEFT JOIN organizations o ON o.id = c.organization_id
           LEFT JOIN reviews r ON r.meeting_id = m.id
           LEFT JOIN (SELECT referred_by_contact_id AS by, count(*) AS n FROM contacts
                      WHERE workbook_id = ? AND referred_by_contact_id IS NOT NULL GROUP BY 1) ref
                  ON ref.by = m.contact_id
           WHERE m.workbook_id = ? AND m.status = 'done'
           ORDER BY m.scheduled_at DESC LIMIT ?""",
        [workbook_id, workbook_id, limit],
    ).df()


@db.reads
def fit_review(con: duckdb.DuckDBPyConnection, workbook_id: int, limit: int = 20) -> dict:
    """Fit and next steps (M30) for the goal review (M28): what the goal says the person brings and wants to
    test about fit, and what each reviewed conversation changed in the plan or showed of a workplace, newest
    first (at most `limit` entries, each with the date, person and organization)."""
    goal = db.one(con, "SELECT what_you_bring, fit_to_test FROM goals WHERE workbook_id = ?", [workbook_id]) or {
        "what_you_bring": None, "fit_to_test": None}
    entries = db.rows(
        con,
        """SELECT CAST(m.scheduled_at AS DATE) AS met_on, c.full_name AS person, o.name AS organization,
                  nullif(trim(r.plan_changes), '') AS plan_changes, nullif(trim(r.workplace_seen), '') AS workplace_seen
           FROM reviews r
           JOIN meetings m ON m.id = r.meeting_id AND m.workbook_id = r.workbook_id
           LEFT JOIN contacts c ON c.id = m.contact_id AND c.workbook_id = m.workbook_id
           LEFT JOIN organizations o ON o.id = c.organization_id
           WHERE r.workbook_id = ? AND (nullif(trim(r.plan_changes), '') IS NOT NULL
                 OR nullif(trim(r.workplace_seen), '') IS NOT NULL)
           ORDER BY m.scheduled_at DESC, m.id DESC LIMIT ?""",
        [workbook_id, limit],
    )
    return {**goal, "entries": entries}
