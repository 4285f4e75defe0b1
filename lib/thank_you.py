"""Thank-you notes after a meeting: a draft filled from the review, the date it was sent, and lateness.

Common practice: send it within 24 hours of the meeting, naming one specific thing learned.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import duckdb

from lib import db, fields, meetings, reviews, rows
from lib.errors import Invalid
from lib import wording

WINDOW = timedelta(hours=24)

STATUS_LABELS = {
    "sent": "Sent on time",
    "sent_late": "Sent, later than 24 hours",
    "due": "Due within 24 hours of the meeting",
    "overdue": "Overdue: more than 24 hours since the meeting",
}


def meeting_end(scheduled_at: datetime, duration_minutes: int | None) -> datetime:
    return scheduled_at + timedelta(minutes=duration_minutes or 0)


def deadline(scheduled_at: datetime, duration_minutes: int | None) -> datetime:
    """The note should go out within 24 hours of the end of the meeting."""
    return meeting_end(scheduled_at, duration_minutes) + WINDOW


def status(scheduled_at: datetime, duration_minutes: int | None, sent_on: date | None, now: datetime) -> str:
    """One of STATUS_LABELS. A note sent on the meeting's day or the day after counts as on time."""
    due_by = deadline(scheduled_at, duration_minutes)
    if sent_on is not None:
        return "sent" if sent_on <= due_by.date() else "sent_late"
    return "overdue" if now > due_by else "due"


def is_overdue(scheduled_at: datetime, duration_minutes: int | None, sent_on: date | None, now: datetime) -> bool:
    return status(scheduled_at, duration_minutes, sent_on, now) == "overdue"


def _first_sentence(value: str | None) -> str | None:
    if not value:
        return None
    first = re.split(r"(?<=[.!?])\s+|\n", value.strip(), maxsplit=1)[0].strip()
    return first.rstrip(".!?") or None


def specific_thing(review: dict | None) -> str | None:
    """One specific thing learned: what could not be found online first, else the first insight."""
    if not review:
        return None
    return _first_sentence(review.get("not_online")) or _first_sentence(review.get("insights"))


@db.reads
def draft(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int) -> str:
    """A short thank-you note filled from the profile, the meeting and its review; the user edits it freely."""
    m = meetings.get(con, workbook_id, meeting_id)
    review = reviews.get(con, workbook_id, meeting_id)
    me = db.scalar(con, "SELECT full_name FROM profiles WHERE workbook_id = ?", [workbook_id]) or "[your name]"
    first_name = (m["full_name"] or "").split(" ")[0] or "[their name]"
    thing = specific_thing(review)
    learned = thing if thing else "[one specific thing you learned]"
    step = _first_sentence(review.get("next_steps")) if review else None
    at = f" at {m['organization']}" if m["organization"] else ""
    lines = [
        f"Hi {first_name},",
        "",
        f"Thank you for taking the time to talk with me on {m['scheduled_at']:%A} about your work{at}.",
        f"One thing I keep thinking about: {learned}.",
    ]
    if step:
        lines.append(f"What I will do next: {step}.")
    lines += ["I will let you know how it goes.", "", "With thanks,", me]
    return "\n".join(lines)


@db.writes
def mark_sent(
    con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int, sent_on: date | None,
    note: str | None = None, *, today: date | None = None, opened: rows.Opened | None = None,
) -> None:
    """Record the day the note was sent (and the text sent). Needs a saved review; not before the meeting.

    With `opened` (the review as the form was opened), only what differs from it is written: a date or note
    another session saved meanwhile raises Conflict (nothing saved) when this one changed it too; others merge."""
    today = today or date.today()
    if sent_on is None or not isinstance(sent_on, date) or isinstance(sent_on, datetime):
        raise Invalid("Choose the day you sent the thank-you note.")
    note = fields.note(note, field="Thank-you note")
    with db.transaction(con) as cur:
        m = meetings.get(cur, workbook_id, meeting_id)
        reviews.check_done(m)
        reviews.require(cur, workbook_id, meeting_id)
        if sent_on < m["scheduled_at"].date():
            raise Invalid(f"The note cannot be sent before the meeting ({wording.day(m['scheduled_at'])}).")
        if sent_on > today:
            raise Invalid("The sent date is in the future; choose the day you actually sent it.")
        changes = {"thank_you_sent_on": sent_on, **({"thank_you_note": note} if note is not None else {})}
        if opened is not None:  # only what this form changed: the rest may have moved on in another session
            changes = {k: v for k, v in changes.items() if not rows.same(v, opened.values.get(k))}
        rows.update(cur, "reviews", workbook_id, meeting_id, changes, opened, key="meeting_id",
                    labels={"thank_you_sent_on": "Sent on", "thank_you_note": "Your note"})


@db.writes
def clear_sent(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int) -> None:
    """Undo 'sent' (marked by mistake)."""
    with db.transaction(con) as cur:
        reviews.require(cur, workbook_id, meeting_id)
        # through rows.update: the version moves on, so a thank-you form open elsewhere refills or sees the clash
        rows.update(cur, "reviews", workbook_id, meeting_id, {"thank_you_sent_on": None}, None, key="meeting_id")


@db.reads
def overdue(con: duckdb.DuckDBPyConnection, workbook_id: int, now: datetime | None = None) -> list[dict]:
    """Meetings done more than 24 hours ago whose thank-you note is not marked sent (reviewed or not)."""
    now = now or datetime.now()
    return db.rows(
        con,
        f"""SELECT m.id AS meeting_id, m.scheduled_at, c.full_name
           FROM meetings m
           LEFT JOIN contacts c ON c.id = m.contact_id AND c.workbook_id = m.workbook_id
           LEFT JOIN reviews r ON r.meeting_id = m.id
           WHERE m.workbook_id = ? AND {meetings.held_sql("m")} AND r.thank_you_sent_on IS NULL
             AND m.scheduled_at + m.duration_minutes * INTERVAL '1 minute' + INTERVAL '24 HOUR' < ?
           ORDER BY m.scheduled_at""",
        [workbook_id, now],
    )
