"""Reusable question plans for a target role (step 4): list, create (optionally from a meeting's plan),
delete, and apply to a meeting.
"""
from __future__ import annotations

import duckdb

from lib import actions, db, fields
from lib.errors import Invalid
from lib.plan_edit import _rows, _write_order, replace
from lib.plan_items import _settings, items, meeting, template
from lib.text import MAX_SHORT_CHARS, clean


@db.reads
def templates(con: duckdb.DuckDBPyConnection, workbook_id: int) -> list[dict]:
    """The workbook's reusable templates with their question counts."""
    return db.rows(
        con,
        "SELECT t.id, t.name, t.target_role, t.duration_minutes,"
        " (SELECT count(*) FROM template_questions tq WHERE tq.template_id = t.id) AS questions"
        " FROM question_templates t WHERE t.workbook_id = ? ORDER BY lower(t.name), t.id",
        [workbook_id],
    )


def _check_duration(value) -> int:
    return fields.template_minutes(value)


@db.writes
def create_template(
    con: duckdb.DuckDBPyConnection, workbook_id: int, *, name: str, target_role: str | None = None,
    duration_minutes: int = 20, from_meeting: int | None = None, token: str | None = None,
) -> int:
    """A new template; copies a meeting's plan when `from_meeting` is given. Returns its id.
    A repeat with the same `token` (quick clicks on one form) creates nothing and returns the first id."""
    name = clean(name, field="The template name", required=True, limit=MAX_SHORT_CHARS)
    target_role = clean(target_role, field="The target role", limit=MAX_SHORT_CHARS)
    minutes = _check_duration(duration_minutes)
    with db.transaction(con) as cur:
        done = actions.first(cur, token)
        if done is not None:
            return done
        clash = db.scalar(
            cur, "SELECT count(*) FROM question_templates WHERE workbook_id = ? AND lower(name) = lower(?)",
            [workbook_id, name],
        )
        if clash:
            raise Invalid(f"A template called “{name}” already exists; choose another name.")
        template_id = cur.execute(
            "INSERT INTO question_templates (workbook_id, name, target_role, duration_minutes) VALUES (?, ?, ?, ?)"
            " RETURNING id",
            [workbook_id, name, target_role, minutes],
        ).fetchone()[0]
        if from_meeting is not None:
            source = meeting(from_meeting)
            settings = _settings(cur, workbook_id, source)
            rows = _rows(cur, source)
            _write_order(cur, workbook_id, template(template_id), rows)
            cur.execute("UPDATE question_templates SET skip_referral = ? WHERE id = ?",
                        [bool(settings["skip_referral"]), template_id])
        actions.record(cur, token, workbook_id, "create_template", template_id)
    return template_id


@db.writes
def delete_template(con: duckdb.DuckDBPyConnection, workbook_id: int, template_id: int) -> None:
    """Delete a template and its rows (meeting plans made from it stay as they are)."""
    with db.transaction(con) as cur:
        _settings(cur, workbook_id, template(template_id))
        cur.execute("DELETE FROM template_questions WHERE template_id = ?", [template_id])
        cur.execute("DELETE FROM question_templates WHERE id = ? AND workbook_id = ?", [template_id, workbook_id])


@db.writes
def apply_template(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int, template_id: int) -> int:
    """Use a template as the meeting's plan (replaces it; refused when the plan already holds notes)."""
    rows = items(con, workbook_id, template(template_id))
    if not rows:
        raise Invalid("That template has no questions yet.")
    return replace(con, workbook_id, meeting(meeting_id), [(q["question_id"], q["must_ask"]) for q in rows])
