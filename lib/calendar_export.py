"""A meeting as an .ics calendar invitation, written by the icalendar library.

The event carries the purpose and the question plan in its description, and an alarm the day before
to confirm the meeting (a common courtesy). Times are the workbook's naive local times, written as
floating times, so the calendar shows them as entered.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import duckdb
from icalendar import Alarm, Calendar, Event

from lib import db, meetings, vocab
from lib import wording

PRODID = "-//Informational Interview Workbook//EN"
UID_DOMAIN = "informational-interview-workbook"


def uid(workbook_id: int, meeting_id: int) -> str:
    """Stable across exports, so a rescheduled meeting updates the same calendar entry."""
    return f"meeting-{meeting_id}-wb{workbook_id}@{UID_DOMAIN}"


def plan_link(base_url: str | None, workbook_id: int, meeting_id: int) -> str | None:
    """The Questions page of this meeting in the app, when the app's address is known."""
    if not base_url:
        return None
    return f"{base_url.rstrip('/')}/questions?wb={workbook_id}&meeting={meeting_id}"


@db.reads
def meeting_data(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int) -> dict:
    """Every piece of user text the file will carry, in one dict (so a caller can mask it first):
    the meeting's fields, `purpose` (the workbook's goal or None), `questions` (the plan) and `place`."""
    m = dict(meetings.get(con, workbook_id, meeting_id))
    goal = db.one(con, "SELECT purpose FROM goals WHERE workbook_id = ?", [workbook_id]) or {}
    m["purpose"] = goal.get("purpose")
    m["questions"] = list(meetings.question_plan(con, meeting_id))
    m["place"] = m.get("location") or vocab.label(vocab.FORMATS, m["format"])
    return m


def description(meeting: dict, link: str | None) -> str:
    """Purpose first, then the practical reminders and the question plan (from meeting_data())."""
    who = meeting["full_name"] + (f", {meeting['title']}" if meeting.get("title") else "") + (
        f" ({meeting['org']})" if meeting.get("org") else "")
    lines = [f"Informational interview with {who}: {meeting['duration_minutes']} minutes."]
    if meeting.get("purpose"):
        lines += ["", f"Purpose: {meeting['purpose']}"]
    lines += ["", "Confirm the day before. Keep to the agreed time and ask, before the end, who else you could talk to."]
    if meeting.get("notes"):
        lines += ["", f"Note: {meeting['notes']}"]
    questions = meeting["questions"]
    lines += [""]
    if link:
        lines.append(f"Question plan: {link}")
    if questions:
        lines.append(f"{wording.plural(len(questions), 'question')} planned:")
        lines += [f"{i}. {q}" for i, q in enumerate(questions, start=1)]
    else:
        lines.append("No question plan yet: prepare 12 to 14 questions on the Questions page.")
    return "\n".join(lines)


@db.reads
def meeting_ics(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int, *,
                base_url: str | None = None, now: datetime | None = None,
                mask: Callable[[dict], dict] | None = None) -> bytes:
    """The .ics file of one meeting (a cancelled meeting exports as a cancelled event).

    `mask`: given meeting_data()'s dict, returns it as it may leave the app (screen-share mode); every person's
    text in the file comes from that dict. The app's own link to the question plan is added after it."""
    m = meeting_data(con, workbook_id, meeting_id)
    if mask is not None:
        m = mask(m)
    changes = db.scalar(
        con, "SELECT count(*) FROM meeting_history WHERE workbook_id = ? AND meeting_id = ? AND action = 'rescheduled'",
        [workbook_id, meeting_id],
    )
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid(workbook_id, meeting_id))
    event.add("dtstamp", now or datetime.now())
    event.add("dtstart", m["scheduled_at"])
    event.add("dtend", m["scheduled_at"] + timedelta(minutes=m["duration_minutes"]))
    event.add("summary", f"Informational interview: {m['full_name']}" + (f" ({m['org']})" if m.get("org") else ""))
    event.add("location", m["place"])
    link = plan_link(base_url, workbook_id, meeting_id)
    event.add("description", description(m, link))
    if link:
        event.add("url", link)
    event.add("sequence", changes or 0)
    event.add("status", "CANCELLED" if m["status"] == "cancelled" else "CONFIRMED")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", timedelta(days=-1))
    alarm.add("description", f"Tomorrow: confirm your meeting with {m['full_name']}.")
    event.add_component(alarm)
    cal.add_component(event)
    return cal.to_ical()


def file_name(meeting: dict) -> str:
    """'interview-2026-03-13-ben-carter.ics'. Words holding a mask's dots (a masked phone or email) are left out."""
    words = [part for part in meeting["full_name"].split() if "•" not in part]
    slug = "-".join(w for w in ("".join(ch for ch in part.lower() if ch.isalnum()) for part in words) if w)
    return f"interview-{meeting['scheduled_at']:%Y-%m-%d}-{slug or 'meeting'}.ics"
