"""The question bank: shipped questions (workbook_id NULL) and a person's own."""
from __future__ import annotations

from pathlib import Path

import duckdb

from lib import actions, db, fields, question_bank, rows, text_search
from lib.errors import Invalid, NotFound
from lib.text import clean

BANK_FILE = question_bank.BANK_FILE
read_bank_file = question_bank.read_file


@db.writes
def sync_bank(con: duckdb.DuckDBPyConnection, path: Path = BANK_FILE) -> int:
    """Bring the shipped bank in the database up to the file: insert new keys, update changed ones.

    Writes nothing when already in step. Returns how many rows were written (db.sync_reference_data).
    """
    return db.sync_reference_data(con, path)


# ---- a person's own questions ----------------------------------------------------------------

SOURCES = {"all": "All questions", "bank": "Shipped bank", "own": "My own"}
MAX_QUESTION_CHARS = 300
# What each field is called on the form (a conflict names the fields that changed meanwhile).
LABELS = {"text": "Question", "category": "Category", "tiara": "TIARA", "minutes": "Minutes",
          "asks_referral": "Asks to be referred"}
# Shipped questions that ask to be referred to other people (M22); own ones carry asks_referral.
REFERRAL_KEY_PREFIX = "close-referral"
DEFAULT_REFERRAL_KEY = "close-referral"


def _check(category: str | None, tiara: str | None, minutes) -> tuple[str, str | None, float]:
    """Category, TIARA tag and minutes by their rules in lib.fields (1.3 minutes is refused, not rounded)."""
    return fields.question_category(category), fields.tiara(tiara), fields.question_minutes(minutes)


@db.writes
def add(
    con: duckdb.DuckDBPyConnection, workbook_id: int, *, text: str, category: str,
    tiara: str | None = None, minutes: float = 1.5, asks_referral: bool = False, token: str | None = None,
) -> int:
    """Add one of the person's own questions to their bank; returns its id.
    A repeat with the same `token` (quick clicks on one form) adds nothing and returns the first id."""
    body = clean(text, field="The question", required=True, limit=MAX_QUESTION_CHARS)
    category, tiara, minutes = _check(category, tiara, minutes)
    with db.transaction(con) as cur:
        done = actions.first(cur, token)
        if done is not None:
            return done
        duplicate = db.scalar(
            cur,
            "SELECT count(*) FROM questions WHERE (workbook_id = ? OR workbook_id IS NULL)"
            " AND lower(trim(text)) = lower(?)",
            [workbook_id, body],
        )
        if duplicate:
            raise Invalid("That question is already in the bank; search for it and add it to a plan.")
        new_id = cur.execute(
            "INSERT INTO questions (workbook_id, category, tiara, text, minutes, asks_referral)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [workbook_id, category, tiara, body, minutes, bool(asks_referral)],
        ).fetchone()[0]
        actions.record(cur, token, workbook_id, "add_question", new_id)
        return new_id


@db.reads
def get(con: duckdb.DuckDBPyConnection, workbook_id: int, question_id: int) -> dict:
    """A question this workbook can use (shipped or its own); NotFound otherwise."""
    row = db.one(
        con,
        "SELECT id, workbook_id, bank_key, category, tiara, text, minutes,"
        " coalesce(asks_referral, false) AS asks_referral FROM questions"
        " WHERE id = ? AND (workbook_id = ? OR workbook_id IS NULL)",
        [question_id, workbook_id],
    )
    if row is None:
        raise NotFound("That question is not in this workbook's bank (it may have been deleted).")
    row["own"] = row["workbook_id"] is not None
    row["is_referral"] = is_referral(row)
    return row


def _own(cur, workbook_id: int, question_id: int) -> dict:
    row = get(cur, workbook_id, question_id)
    if not row["own"]:
        raise Invalid("Shipped questions stay as they are. Add your own version instead, then edit that one.")
    return row


@db.writes
def update(
    con: duckdb.DuckDBPyConnection, workbook_id: int, question_id: int, *, text: str, category: str,
    tiara: str | None = None, minutes: float = 1.5, asks_referral: bool = False,
    opened: rows.Opened | None = None, only: set[str] | None = None,
) -> int:
    """Change one of the person's own questions (plans that use it show the new wording); returns its version.

    With `only` (the fields the person changed) and `opened` (what the form was opened with), just those
    fields are written, merged with changes made meanwhile; a field changed on both sides raises Conflict
    with nothing saved (lib/rows.py).
    """
    body = clean(text, field="The question", required=True, limit=MAX_QUESTION_CHARS)
    category, tiara, minutes = _check(category, tiara, minutes)
    values = {"text": body, "category": category, "tiara": tiara, "minutes": minutes,
              "asks_referral": bool(asks_referral)}
    if only is not None:
        values = {k: v for k, v in values.items() if k in only}
    with db.transaction(con) as cur:
        _own(cur, workbook_id, question_id)
        return rows.update(cur, "questions", workbook_id, question_id, values, opened, labels=LABELS)


@db.writes
def delete(con: duckdb.DuckDBPyConnection, workbook_id: int, question_id: int) -> int:
    """Delete an own question and take it out of every plan and template (positions closed up).

    Refused when a meeting already has notes under it, so nothing written in a meeting is lost.
    Returns how many plans or templates it was taken out of.
    """
    with db.transaction(con) as cur:
        _own(cur, workbook_id, question_id)
        with_notes = db.scalar(
            cur,
            "SELECT count(*) FROM meeting_questions WHERE question_id = ? AND coalesce(trim(notes), '') <> ''",
            [question_id],
        )
        if with_notes:
            raise Invalid(
                "This question holds notes from a meeting, so it is kept. Remove it from future plans instead."
            )
        touched = []
        for table, key in (("meeting_questions", "meeting_id"), ("template_questions", "template_id")):
            ids = [r[0] for r in cur.execute(
                f"SELECT DISTINCT {key} FROM {table} WHERE question_id = ?", [question_id]  # names from this tuple
            ).fetchall()]
            cur.execute(f"DELETE FROM {table} WHERE question_id = ?", [question_id])
            for plan_id in ids:
                _renumber(cur, table, key, plan_id)
            touched += ids
        cur.execute("DELETE FROM questions WHERE id = ? AND workbook_id = ?", [question_id, workbook_id])
    return len(touched)


def _renumber(cur, table: str, key: str, plan_id: int) -> None:
    """Positions 1..n again, in the current order (table and key come from code, never from input)."""
    cur.execute(
        f"UPDATE {table} AS t SET position = r.rn FROM ("
        f" SELECT question_id, row_number() OVER (ORDER BY position, question_id) AS rn"
        f" FROM {table} WHERE {key} = ?) r"
        f" WHERE t.{key} = ? AND t.question_id = r.question_id",
        [plan_id, plan_id],
    )


def is_referral(question: dict) -> bool:
    """Does this question ask to be referred to other people (M22)?"""
    key = question.get("bank_key") or ""
    return key.startswith(REFERRAL_KEY_PREFIX) or bool(question.get("asks_referral"))


def _filters(workbook_id: int, text: str | None, category: str | None, tiara: str | None, source: str | None):
    where = ["(workbook_id = ? OR workbook_id IS NULL)"]
    params: list = [workbook_id]
    matches, words = text_search.any_column(["text"], text)
    where.append(matches)
    params += words
    db.where_equal(where, params, {"category": category, "tiara": tiara})
    if source == "bank":
        where.append("workbook_id IS NULL")
    elif source == "own":
        where.append("workbook_id IS NOT NULL")
    return " AND ".join(where), params


_ORDER = (
    " ORDER BY CASE category WHEN 'role' THEN 1 WHEN 'organization' THEN 2 WHEN 'industry' THEN 3"
    " WHEN 'career_path' THEN 4 ELSE 5 END, workbook_id NULLS FIRST, id"
)


@db.reads
def search(
    con: duckdb.DuckDBPyConnection, workbook_id: int, *, text: str | None = None, category: str | None = None,
    tiara: str | None = None, source: str | None = None, exclude_ids=(), limit: int = 25, offset: int = 0,
) -> tuple[list[dict], int]:
    """One page of the bank matching the filters, and how many match in all (searched in SQL)."""
    where, params = _filters(workbook_id, text, category, tiara, source)
    exclude = [int(i) for i in exclude_ids]
    if exclude:
        where += " AND id NOT IN (" + ", ".join("?" * len(exclude)) + ")"
        params += exclude
    total = db.scalar(con, f"SELECT count(*) FROM questions WHERE {where}", params)
    found = db.rows(
        con,
        "SELECT id, bank_key, workbook_id IS NOT NULL AS own, category, tiara, minutes, text,"
        f" coalesce(asks_referral, false) AS asks_referral FROM questions WHERE {where}{_ORDER} LIMIT ? OFFSET ?",
        params + [int(limit), int(offset)],
    )
    return found, total


@db.reads
def own_questions(con: duckdb.DuckDBPyConnection, workbook_id: int) -> list[dict]:
    """The person's own questions, for the edit picker."""
    return db.rows(
        con,
        "SELECT id, category, tiara, minutes, text, coalesce(asks_referral, false) AS asks_referral,"
        " coalesce(version, 0) AS version FROM questions WHERE workbook_id = ? ORDER BY id",
        [workbook_id],
    )


def bank_id(con: duckdb.DuckDBPyConnection, key: str) -> int | None:
    """The id of a shipped question by its stable key."""
    return db.scalar(con, "SELECT id FROM questions WHERE workbook_id IS NULL AND bank_key = ?", [key])
