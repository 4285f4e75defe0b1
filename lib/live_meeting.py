"""Live meeting mode (M21, M22): the clock, the current question, notes and what was asked, stored so a
reload or a second device picks up where the meeting stands.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from lib import db
from lib.errors import Invalid, NotFound
from lib.plan_items import NUDGE_MINUTES, _settings, meeting
from lib.text import MAX_NOTE_CHARS, clean


@db.reads
def live_state(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int) -> dict:
    """Where the live run stands: started_at (None before the clock starts), position, finished_at."""
    _settings(con, workbook_id, meeting(meeting_id))
    row = db.one(
        con, "SELECT live_started_at, live_position, live_finished_at FROM meeting_plans WHERE meeting_id = ?",
        [meeting_id],
    )
    if row is None:
        return {"started_at": None, "position": 1, "finished_at": None}
    return {"started_at": row["live_started_at"], "position": row["live_position"], "finished_at": row["live_finished_at"]}


def _upsert_live(cur, workbook_id: int, meeting_id: int, **values) -> None:
    exists = db.scalar(cur, "SELECT count(*) FROM meeting_plans WHERE meeting_id = ?", [meeting_id])
    if not exists:
        cur.execute("INSERT INTO meeting_plans (meeting_id, workbook_id) VALUES (?, ?)", [meeting_id, workbook_id])
    for column, value in values.items():  # column names come from the callers below
        cur.execute(f"UPDATE meeting_plans SET {column} = ? WHERE meeting_id = ?", [value, meeting_id])


@db.writes
def start_clock(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int, now: datetime | None = None) -> datetime:
    """Start the meeting clock (kept if already running, so a reload does not restart it)."""
    with db.transaction(con) as cur:
        _settings(cur, workbook_id, meeting(meeting_id))
        started = db.scalar(cur, "SELECT live_started_at FROM meeting_plans WHERE meeting_id = ?", [meeting_id])
        if started is None:
            started = (now or datetime.now()).replace(microsecond=0)
            _upsert_live(cur, workbook_id, meeting_id, live_started_at=started, live_finished_at=None)
    return started


@db.writes
def reset_clock(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int) -> None:
    """Stop and clear the clock and go back to the first question (notes are kept)."""
    with db.transaction(con) as cur:
        _settings(cur, workbook_id, meeting(meeting_id))
        _upsert_live(cur, workbook_id, meeting_id, live_started_at=None, live_finished_at=None, live_position=1)


@db.writes
def finish(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int, now: datetime | None = None) -> None:
    """Stop the clock at the end of the meeting."""
    with db.transaction(con) as cur:
        _settings(cur, workbook_id, meeting(meeting_id))
        _upsert_live(cur, workbook_id, meeting_id, live_finished_at=(now or datetime.now()).replace(microsecond=0))


@db.writes
def go_to(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int, position: int) -> int:
    """Show question `position` in live mode (clamped to the plan); remembered across reloads."""
    with db.transaction(con) as cur:
        _settings(cur, workbook_id, meeting(meeting_id))
        n = db.scalar(cur, "SELECT count(*) FROM meeting_questions WHERE meeting_id = ?", [meeting_id]) or 1
        position = max(1, min(int(position), n))
        _upsert_live(cur, workbook_id, meeting_id, live_position=position)
    return position


ANY = object()  # save_note's `seen` when the caller does not say what it showed: the note is written as given


@dataclass(frozen=True)
class NoteSaved:
    """The note as stored, and whether another window's note was kept with it (`merged`)."""
    notes: str | None
    merged: bool = False


@db.writes
def save_note(
    con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int, question_id: int, notes: str | None,
    now: datetime | None = None, *, seen: str | None | object = ANY,
) -> NoteSaved:
    """Save the note taken under one question (live mode saves on every change; the review step reads it).

    `seen`: the note as the box showed it before the person typed. When the stored note changed since (another
    window saved meanwhile), nothing of it is lost: theirs is kept first, this one after it (`merged`). A merged
    note over the length limit is refused (Invalid) and nothing is saved."""
    body = clean(notes, field="The note", limit=MAX_NOTE_CHARS)
    with db.transaction(con) as cur:
        _settings(cur, workbook_id, meeting(meeting_id))
        found = db.one(
            cur, "SELECT notes FROM meeting_questions WHERE meeting_id = ? AND question_id = ?", [meeting_id, question_id]
        )
        if found is None:
            raise NotFound("That question is no longer in this meeting's plan.")
        stored = found["notes"] or None
        merged = seen is not ANY and stored != (seen or None) and stored not in (None, body)
        if merged:
            both = f"{stored}\n\n{body}" if body else stored
            if len(both) > MAX_NOTE_CHARS:
                raise Invalid(f"Another window saved a note on this question meanwhile ({len(stored):,} characters); "
                              f"kept with yours it would be {len(both):,}, over the limit of {MAX_NOTE_CHARS:,}. "
                              f"Nothing was saved: shorten yours to {MAX_NOTE_CHARS - len(stored) - 2:,} characters.")
            body = both
        cur.execute(
            "UPDATE meeting_questions SET notes = ?, notes_saved_at = ?,"
            " asked = CASE WHEN CAST(? AS VARCHAR) IS NOT NULL THEN true ELSE coalesce(asked, false) END"
            " WHERE meeting_id = ? AND question_id = ?",
            [body, now or datetime.now(), body, meeting_id, question_id],
        )
    return NoteSaved(body, merged)


@db.writes
def set_asked(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int, question_id: int, value: bool) -> None:
    """Tick a question as asked (or not) during the meeting."""
    with db.transaction(con) as cur:
        _settings(cur, workbook_id, meeting(meeting_id))
        cur.execute(
            "UPDATE meeting_questions SET asked = ? WHERE meeting_id = ? AND question_id = ?",
            [bool(value), meeting_id, question_id],
        )


def clock(started_at: datetime | None, duration_minutes: int, now: datetime, plan: list[dict],
          finished_at: datetime | None = None) -> dict:
    """The meeting clock computed from the stored start time (never slept on).

    phase: "not_started", "on_track", "wrap_up" (time to ask the referral question and close, M21/M22),
    "over" (past the agreed length) or "finished". `expected` is the question the plan's minutes say
    you would be on by now.
    """
    length = duration_minutes * 60
    referral = next((q for q in plan if q.get("is_referral")), None)
    if started_at is None:
        return {"phase": "not_started", "elapsed": 0, "remaining": length, "fraction": 0.0, "expected": 1,
                "referral": referral, "message": f"The clock starts when you do: {duration_minutes} minutes agreed."}
    end = finished_at or now
    elapsed = max(0, int((end - started_at).total_seconds()))
    remaining = length - elapsed
    spent = 0.0
    expected = len(plan) or 1
    for q in plan:
        spent += q["minutes"] * 60
        if spent > elapsed:
            expected = q["position"]
            break
    tail = 0.0
    if referral is not None:
        tail = sum(q["minutes"] for q in plan if q["position"] >= referral["position"])
    threshold = max(NUDGE_MINUTES, tail + 1) * 60
    ask = f"ask question {referral['position']} (who else to talk to) " if referral else ""
    if finished_at is not None:
        phase, message = "finished", f"Meeting ended after {elapsed // 60} min {elapsed % 60:02d} s."
    elif remaining <= 0:
        phase, message = "over", f"The agreed {duration_minutes} minutes are up: {ask}and thank them now."
    elif remaining <= threshold:
        mins = max(1, round(remaining / 60))
        phase, message = "wrap_up", f"About {mins} min left: {ask}and close on time."
    else:
        phase, message = "on_track", ""
    return {"phase": phase, "elapsed": elapsed, "remaining": remaining,
            "fraction": min(1.0, elapsed / length) if length else 1.0, "expected": expected,
            "referral": referral, "message": message}


def mmss(seconds: int) -> str:
    sign = "-" if seconds < 0 else ""
    seconds = abs(int(seconds))
    return f"{sign}{seconds // 60:d}:{seconds % 60:02d}"
