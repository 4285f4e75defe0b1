"""Value review of a meeting (Step 5, M24): what was learned, kept with its history when edited.

A review belongs to one meeting that took place (status done). Saving it again keeps the previous
version in review_history. The person met gets the keep-in-touch cadence chosen in the review.
"""
from __future__ import annotations

from datetime import datetime

import duckdb

from lib import db, fields, meetings, rows, text_search, vocab, wording
from lib.errors import Conflict, Invalid

# The free-text parts of a review, with the words a person reads in messages.
FIELDS = {
    "insights": "Key insights",
    "not_online": "What you could not have found online",
    "advice": "Advice received",
    "resources": "Resources mentioned",
    "next_steps": "Next steps you commit to",
    "plan_changes": "What this changes in your plan",      # M30/M28: feeds the goal review
    "workplace_seen": "What you saw at their workplace",   # M17/M30: meetings at their workplace only
}
# Stages a contact is moved past when the review is saved (they were met).
_BEFORE_MET = ("identified", "researched", "contacted", "scheduled")


# The meeting with the person met and their organization; NotFound when not in this workbook.
meeting = meetings.get


def check_done(row: dict) -> None:
    """Raise Invalid unless the meeting took place: a review is for a conversation that happened."""
    if row["status"] != "done":
        status = vocab.label(vocab.MEETING_STATUSES, row["status"]).lower()
        raise Invalid(
            f"The meeting with {row['full_name'] or 'this person'} on {wording.day(row['scheduled_at'])} is {status}, "
            "not done. Mark it done on the Outreach page once it has taken place, then review it here."
        )


@db.reads
def done_meetings(
    con: duckdb.DuckDBPyConnection, workbook_id: int, *, text: str | None = None, limit: int = 200
) -> list[dict]:
    """Meetings that took place, those still waiting for a review first, then the most recent first;
    `text` narrows them to a person or organization name."""
    pattern = text_search.like_pattern(text)
    # The page of meetings is chosen first; names are joined for those rows only.
    return db.rows(
        con,
        f"""WITH page AS (
               SELECT m.id, m.contact_id, m.scheduled_at, r.meeting_id IS NOT NULL AS reviewed, r.thank_you_sent_on
               FROM meetings m LEFT JOIN reviews r ON r.meeting_id = m.id
               WHERE m.workbook_id = ? AND {meetings.held_sql("m")}
                 AND (?::VARCHAR IS NULL OR m.contact_id IN (
                      SELECT c.id FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id
                      WHERE c.workbook_id = ? AND ({text_search.like("c.full_name")} OR {text_search.like("o.name")})))
               ORDER BY reviewed, m.scheduled_at DESC, m.id DESC LIMIT ?)
           SELECT page.id, page.scheduled_at, c.full_name, o.name AS organization, page.reviewed,
                  page.thank_you_sent_on
           FROM page
           LEFT JOIN contacts c ON c.id = page.contact_id
           LEFT JOIN organizations o ON o.id = c.organization_id
           ORDER BY page.reviewed, page.scheduled_at DESC, page.id DESC""",
        [workbook_id, pattern, workbook_id, pattern, pattern, limit],
    )


@db.reads
def done_count(con: duckdb.DuckDBPyConnection, workbook_id: int) -> int:
    """How many meetings took place."""
    return meetings.held_count(con, workbook_id)


@db.reads
def other_meetings(con: duckdb.DuckDBPyConnection, workbook_id: int) -> list[dict]:
    """Meetings not done (planned, cancelled, no-show), newest first: they cannot be reviewed yet."""
    return db.rows(
        con,
        """SELECT m.id, m.scheduled_at, m.status, c.full_name, o.name AS organization
           FROM meetings m
           LEFT JOIN contacts c ON c.id = m.contact_id AND c.workbook_id = m.workbook_id
           LEFT JOIN organizations o ON o.id = c.organization_id
           WHERE m.workbook_id = ? AND m.status <> 'done'
           ORDER BY m.scheduled_at DESC, m.id DESC LIMIT 200""",
        [workbook_id],
    )


@db.reads
def get(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int) -> dict | None:
    """The review of a meeting, or None when it has not been written yet."""
    return db.one(
        con, "SELECT * FROM reviews WHERE meeting_id = ? AND workbook_id = ?", [meeting_id, workbook_id]
    )


def opened_version(review: dict | None) -> int:
    """The row version a review form states when it opens `review` (None: not written yet, rows.ABSENT)."""
    return rows.ABSENT if review is None else (review.get("version") or 0)


@db.reads
def history(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int) -> list[dict]:
    """Earlier versions of a review, the most recently replaced first."""
    return db.rows(
        con,
        """SELECT insights, not_online, advice, resources, next_steps, plan_changes, workplace_seen, usefulness,
                  keep_in_touch_days, saved_at, replaced_at
           FROM review_history WHERE meeting_id = ? AND workbook_id = ?
           ORDER BY replaced_at DESC, id DESC""",
        [meeting_id, workbook_id],
    )


@db.reads
def question_notes(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int) -> list[dict]:
    """The notes taken per question in live mode, in the order of the plan (questions without notes too)."""
    return db.rows(
        con,
        """SELECT mq.position, q.text AS question, mq.notes
           FROM meeting_questions mq
           JOIN meetings m ON m.id = mq.meeting_id
           JOIN questions q ON q.id = mq.question_id
           WHERE mq.meeting_id = ? AND m.workbook_id = ?
           ORDER BY mq.position""",
        [meeting_id, workbook_id],
    )


def _clean_fields(values: dict) -> dict:
    cleaned = {}
    for key, field in FIELDS.items():
        cleaned[key] = fields.note(values.get(key), field=field, required=(key == "insights"))
    return cleaned


def _check_usefulness(usefulness) -> int:
    return fields.usefulness(usefulness)


def check_cadence(days) -> int | None:
    """A keep-in-touch cadence from the vocabulary (30/60/90 days) or None for no reminders."""
    return fields.cadence(days)


@db.writes
def save(
    con: duckdb.DuckDBPyConnection,
    workbook_id: int,
    meeting_id: int,
    *,
    insights: str | None,
    usefulness: int | None,
    not_online: str | None = None,
    advice: str | None = None,
    resources: str | None = None,
    next_steps: str | None = None,
    keep_in_touch_days: int | None = None,
    plan_changes: str | None = None,
    workplace_seen: str | None = None,
    opened: rows.Opened | None = None,
    only: set[str] | None = None,
) -> bool:
    """Write the review of a meeting that took place; return True when it was new, False when edited.

    Editing keeps the previous version in review_history. The person met gets the cadence (with `only`, when
    it is among the changed fields; else theirs stays, e.g. one set on Keep in touch since), and moves to
    stage 'keeping_in_touch' when a cadence is chosen (else at least 'met'). What was seen at the workplace
    is kept only for a meeting held at their workplace.
    With `only` (the fields the person changed) and `opened` (what the form was opened with: opened_version()),
    the other fields keep what is stored now, and a field someone else changed meanwhile raises Conflict with
    nothing saved (lib/rows.py). A form opened before any review was written (rows.ABSENT) insists on that: when
    another session wrote one meanwhile, every field typed here that differs from theirs is a clash.
    """
    fields = _clean_fields(
        {"insights": insights, "not_online": not_online, "advice": advice, "resources": resources,
         "next_steps": next_steps, "plan_changes": plan_changes, "workplace_seen": workplace_seen}
    )
    usefulness = _check_usefulness(usefulness)
    cadence = check_cadence(keep_in_touch_days)
    now = datetime.now()
    with db.transaction(con) as cur:
        row = meeting(cur, workbook_id, meeting_id)
        check_done(row)
        if row["format"] != "workplace":
            fields["workplace_seen"] = None
        old = get(cur, workbook_id, meeting_id)
        mine = {**fields, "usefulness": usefulness, "keep_in_touch_days": cadence}
        person_cadence = cadence
        first = opened is not None and opened.version == rows.ABSENT  # the form read "no review yet"
        if old is not None and (only is not None or first):
            mine = _merge_edit(old, mine, set(mine) if only is None else only, opened)
            if only is not None and "keep_in_touch_days" not in only:  # left alone: Keep in touch's cadence stays
                person_cadence = row["keep_in_touch_days"]
        _store(cur, workbook_id, meeting_id, old, [*(mine[k] for k in fields), mine["usefulness"],
                                                   mine["keep_in_touch_days"]], now)
        if row["full_name"] is not None:
            _move_person(cur, workbook_id, row, person_cadence)
    return old is None


def _merge_edit(old: dict, mine: dict, only: set[str], opened: rows.Opened | None) -> dict:
    """The fields to save when the person changed only `only`: the others keep what is stored now; Conflict when
    someone else changed one of theirs since the form was `opened`."""
    changed = {k: v for k, v in mine.items() if k in only}
    clashes = rows.clashes(old, old.get("version") or 0, changed, opened, {**FIELDS, "usefulness": "Usefulness",
                                                                         "keep_in_touch_days": "Keep in touch"})
    if clashes:
        raise Conflict(clashes, old, old.get("version") or 0)
    return {k: (v if k in only else old[k]) for k, v in mine.items()}


def _store(cur, workbook_id: int, meeting_id: int, old: dict | None, values: list, now: datetime) -> None:
    """Insert the review, or keep the stored one in review_history and update it with `values` (the text fields,
    usefulness, cadence)."""
    if old is None:
        cur.execute(
            "INSERT INTO reviews (meeting_id, workbook_id, insights, not_online, advice, resources, next_steps,"
            " plan_changes, workplace_seen, usefulness, keep_in_touch_days, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [meeting_id, workbook_id, *values, now, now],
        )
        return
    cur.execute(
        "INSERT INTO review_history (meeting_id, workbook_id, insights, not_online, advice, resources,"
        " next_steps, plan_changes, workplace_seen, usefulness, keep_in_touch_days, saved_at, replaced_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [meeting_id, workbook_id, old["insights"], old["not_online"], old["advice"], old["resources"],
         old["next_steps"], old["plan_changes"], old["workplace_seen"], old["usefulness"],
         old["keep_in_touch_days"], old["updated_at"] or old["created_at"], now],
    )
    cur.execute(
        "UPDATE reviews SET insights = ?, not_online = ?, advice = ?, resources = ?, next_steps = ?,"
        " plan_changes = ?, workplace_seen = ?, usefulness = ?, keep_in_touch_days = ?, updated_at = ?,"
        " version = coalesce(version, 0) + 1"
        " WHERE meeting_id = ?",
        [*values, now, meeting_id],
    )


def _move_person(cur, workbook_id: int, row: dict, cadence: int | None) -> None:
    """The person met takes the cadence and moves to 'keeping_in_touch' with one (else at least to 'met')."""
    stage = row["stage"]
    if cadence is not None and stage != "closed":
        stage = "keeping_in_touch"
    elif stage in _BEFORE_MET:
        stage = "met"
    cur.execute(
        "UPDATE contacts SET keep_in_touch_days = ?, stage = ? WHERE id = ? AND workbook_id = ?",
        [cadence, stage, row["contact_id"], workbook_id],
    )


@db.reads
def require(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int) -> dict:
    """The review, or Invalid with what to do when it has not been saved yet."""
    found = get(con, workbook_id, meeting_id)
    if found is None:
        raise Invalid("Save the review of this meeting first.")
    return found


@db.reads
def unreviewed_count(con: duckdb.DuckDBPyConnection, workbook_id: int) -> int:
    """How many meetings took place without a review yet."""
    return reminders(con, workbook_id)["unreviewed"]


@db.reads
def reminders(con: duckdb.DuckDBPyConnection, workbook_id: int, now: datetime | None = None) -> dict:
    """In one pass: meetings done without a review, and thank-you notes overdue (24 hours after the end)."""
    now = now or datetime.now()
    return db.one(
        con,
        f"""SELECT count(*) FILTER (WHERE r.meeting_id IS NULL) AS unreviewed,
                  count(*) FILTER (WHERE r.thank_you_sent_on IS NULL
                      AND m.scheduled_at + m.duration_minutes * INTERVAL '1 minute' + INTERVAL '24 HOUR' < ?) AS thank_you_overdue
           FROM meetings m LEFT JOIN reviews r ON r.meeting_id = m.id
           WHERE m.workbook_id = ? AND {meetings.held_sql("m", as_of="?")}""",
        [now, workbook_id, now],
    )
