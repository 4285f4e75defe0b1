"""Question plans, the address and the reading (step 4, M18): a plan is addressed by a `Ref`, `meeting(id)`
(rows in meeting_questions) or `template(id)` (rows in template_questions); items() reads it in order.
The limits every plan module shares live here too.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb

from lib import db, questions
from lib.errors import NotFound

RECOMMENDED = (12, 14)          # M18: about 12 to 14 questions
RESERVE_MINUTES = 2             # greeting, thanks and goodbye take time too
NUDGE_MINUTES = 3               # live mode: start closing at least this long before the end
MAX_QUESTIONS = 30              # a plan past this is a list, not a plan
CONTENT = ("role", "organization", "industry", "career_path")
PERMISSION_KEY = "close-name"   # asks permission to mention the person's name to the people they suggest


@dataclass(frozen=True)
class Ref:
    kind: str   # "meeting" or "template"
    id: int


def meeting(meeting_id: int) -> Ref:
    return Ref("meeting", int(meeting_id))


def template(template_id: int) -> Ref:
    return Ref("template", int(template_id))


_TABLE = {"meeting": ("meeting_questions", "meeting_id"), "template": ("template_questions", "template_id")}


def _settings(cur, workbook_id: int, ref: Ref) -> dict:
    """Check the plan belongs to the workbook; its length in minutes and whether the referral was removed."""
    if ref.kind == "meeting":
        row = db.one(
            cur,
            "SELECT m.duration_minutes, coalesce(mp.skip_referral, false) AS skip_referral"
            " FROM meetings m LEFT JOIN meeting_plans mp ON mp.meeting_id = m.id"
            " WHERE m.id = ? AND m.workbook_id = ?",
            [ref.id, workbook_id],
        )
        if row is None:
            raise NotFound("That meeting is not in this workbook (it may have been deleted).")
    elif ref.kind == "template":
        row = db.one(
            cur,
            "SELECT duration_minutes, skip_referral FROM question_templates WHERE id = ? AND workbook_id = ?",
            [ref.id, workbook_id],
        )
        if row is None:
            raise NotFound("That template is not in this workbook (it may have been deleted).")
    else:
        raise ValueError(ref.kind)
    return row


@db.reads
def items(con: duckdb.DuckDBPyConnection, workbook_id: int, ref: Ref) -> list[dict]:
    """The plan's questions in order: position, question_id, text, category, tiara, minutes, must_ask,
    is_referral, and for meetings notes and asked."""
    _settings(con, workbook_id, ref)
    table, key = _TABLE[ref.kind]
    extra = "t.notes, coalesce(t.asked, false) AS asked" if ref.kind == "meeting" else "NULL AS notes, false AS asked"
    found = db.rows(
        con,
        f"""SELECT t.position, t.question_id, q.text, q.category, q.tiara, q.minutes, t.must_ask,
                   q.bank_key, coalesce(q.asks_referral, false) AS asks_referral, {extra}
            FROM {table} t JOIN questions q ON q.id = t.question_id
            WHERE t.{key} = ? ORDER BY t.position""",  # table/key from _TABLE, never from input
        [ref.id],
    )
    for row in found:
        row["is_referral"] = questions.is_referral(row)
    return found


@db.reads
def skip_referral(con: duckdb.DuckDBPyConnection, workbook_id: int, ref: Ref) -> bool:
    """True when the person removed the referral question from this plan on purpose."""
    return bool(_settings(con, workbook_id, ref)["skip_referral"])


@db.reads
def duration(con: duckdb.DuckDBPyConnection, workbook_id: int, ref: Ref) -> int:
    return int(_settings(con, workbook_id, ref)["duration_minutes"])
