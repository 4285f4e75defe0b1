"""Each person's private calendar feed (issue 19): a secret link a calendar app subscribes to, so meetings, due
follow-ups and keep-in-touch dates reach a phone's calendar without opening the app.

The link holds a token of 32 random bytes (URL-safe). It is stored per person (the signed-in person's email in
hosted mode, '' for the local app's single person) with its SHA-256: a request is found by the hash of what it
carries, so no comparison of secrets leaks timing. Resetting makes a new token; the old link then finds nothing.

The feed holds, for every workbook the person may open (access.visible_workbooks; the local person: all):
- meetings (planned and held) from FEED_DAYS_BACK days ago on, at their time, with the question plan;
- follow-up reminders (outreach.follow_ups): a due one on today, a coming one on the day it becomes due (a
  weekend date is due on the Friday before, business_days.due_horizon's rule);
- keep-in-touch dates (keep_in_touch.losing_touch): an overdue one on today.
Reminders are all-day events with an alarm at 9:00. UIDs are stable, so a calendar app updates, never doubles.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import date, datetime, time, timedelta

import duckdb
from icalendar import Alarm, Calendar, Event

from lib import access, calendar_export, db, keep_in_touch, outreach, wording

FEED_DAYS_BACK = 30      # meetings this many days old stay in the calendar
FEED_DAYS_AHEAD = 60     # reminders this far ahead are in the feed already
_MAX_ROWS = 500          # per workbook and kind: a calendar, not an archive
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
_LOCAL = ""              # the local app's person in the table (as lib/settings.py)
CALENDAR_NAME = "Informational interviews"


# ---- the secret link ---------------------------------------------------------------------------

def _person(person: str | None) -> str:
    return access.person_key(person) or _LOCAL


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def current_token(con: duckdb.DuckDBPyConnection, person: str | None) -> str | None:
    """The person's token, or None when they never asked for a link."""
    return db.scalar(con, "SELECT token FROM calendar_feeds WHERE person = ?", [_person(person)])


@db.writes
def _store(con: duckdb.DuckDBPyConnection, person: str | None, *, replace: bool) -> str:
    token = secrets.token_urlsafe(32)
    with db.transaction(con) as cur:
        cur.execute(
            "INSERT INTO calendar_feeds (person, token, token_hash) VALUES (?, ?, ?) ON CONFLICT (person) DO "
            + ("UPDATE SET token = excluded.token, token_hash = excluded.token_hash, "
               "created_at = current_localtimestamp()" if replace else "NOTHING"),
            [_person(person), token, _hash(token)],
        )
        return db.scalar(cur, "SELECT token FROM calendar_feeds WHERE person = ?", [_person(person)])


def feed_url_token(con: duckdb.DuckDBPyConnection, person: str | None) -> str:
    """The secret part of the person's feed link, made on first use (writes only then)."""
    return current_token(con, person) or _store(con, person, replace=False)


def reset_token(con: duckdb.DuckDBPyConnection, person: str | None) -> str:
    """A new secret for the person's link: the old link stops working at once. Returns the new token."""
    return _store(con, person, replace=True)


def person_for_token(con: duckdb.DuckDBPyConnection, token: str | None, *, hosted: bool = False) -> str | None:
    """Whose feed a link opens: the person ('' for the local app's), or None for anything unknown, reset or
    malformed. Hosted: only a signed-in person's link works (a link the local app made opens nothing, since the
    local person sees every workbook); local: only the local person's."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    row = db.one(con, "SELECT person, token FROM calendar_feeds WHERE token_hash = ?", [_hash(token)])
    if row is None or not hmac.compare_digest(row["token"], token):
        return None
    if (row["person"] == _LOCAL) == hosted:
        return None
    return row["person"]


# ---- the feed ----------------------------------------------------------------------------------

def _meetings(con: duckdb.DuckDBPyConnection, workbook_id: int, since: datetime) -> list[int]:
    return [r[0] for r in con.execute(
        "SELECT id FROM meetings WHERE workbook_id = ? AND status IN ('planned', 'done') AND scheduled_at >= ?"
        " ORDER BY scheduled_at, id LIMIT ?", [workbook_id, since, _MAX_ROWS]).fetchall()]


def _meeting_event(con, workbook_id: int, meeting_id: int, prefix: str, base_url: str | None) -> Event:
    m = calendar_export.meeting_data(con, workbook_id, meeting_id)
    event = Event()
    event.add("uid", calendar_export.uid(workbook_id, meeting_id))
    event.add("dtstart", m["scheduled_at"])
    event.add("dtend", m["scheduled_at"] + timedelta(minutes=m["duration_minutes"]))
    event.add("summary", f"{prefix}Informational interview: {m['full_name']}" + (f" ({m['org']})" if m.get("org") else ""))
    event.add("location", m["place"])
    link = calendar_export.plan_link(base_url, workbook_id, meeting_id)
    event.add("description", calendar_export.description(m, link))
    if link:
        event.add("url", link)
    event.add("status", "CONFIRMED")
    return event


def _reminder(uid: str, day: date, summary: str, description: str) -> Event:
    """An all-day event with an alarm at 9:00 that day."""
    event = Event()
    event.add("uid", f"{uid}@{calendar_export.UID_DOMAIN}")
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")  # a reminder does not make the person busy
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", timedelta(hours=9))
    alarm.add("description", summary)
    event.add_component(alarm)
    return event


def due_day(follow_up_on: date, today: date) -> date:
    """The day a follow-up shows in the calendar: today once due; else the day it becomes due (a Saturday or
    Sunday reminder is due on the Friday before, as business_days.due_horizon counts it)."""
    day = follow_up_on
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return max(day, today)


def _follow_ups(con, workbook_id: int, today: date, prefix: str) -> list[Event]:
    found = outreach.follow_ups(con, workbook_id, today=today, due_only=False, within_days=FEED_DAYS_AHEAD,
                                limit=_MAX_ROWS)
    return [_reminder(f"follow-up-{r['id']}-{r['kind']}-wb{workbook_id}", due_day(r["follow_up_on"], today),
                      f"{prefix}Follow up: {r['full_name']}", r["action"]) for r in found]


def _keep_in_touch(con, workbook_id: int, today: date, prefix: str) -> list[Event]:
    found = keep_in_touch.losing_touch(con, workbook_id, today, within_days=FEED_DAYS_AHEAD, limit=_MAX_ROWS)
    return [_reminder(
        f"keep-in-touch-{r['contact_id']}-wb{workbook_id}", max(r["next_touch_on"], today),
        f"{prefix}Keep in touch: {r['full_name']}",
        f"Time to get back in touch with {r['full_name']}" + (f" ({r['organization']})" if r.get("organization") else "")
        + f": you aim for every {wording.plural(r['keep_in_touch_days'], 'day')}, and the last time was "
        f"{wording.day(r['last_touch'])}.") for r in found]


def feed(con: duckdb.DuckDBPyConnection, person: str | None, today: date, *, now: datetime | None = None,
         base_url: str | None = None) -> bytes:
    """The .ics calendar of everything the person should not miss, over every workbook they may open (with
    several, each event's title starts with the workbook's name). `base_url`: the app's address, for links."""
    cal = Calendar()
    cal.add("prodid", calendar_export.PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", CALENDAR_NAME)
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    stamp = now or datetime.now()
    visible = access.visible_workbooks(con, access.person_key(person))
    since = datetime.combine(today - timedelta(days=FEED_DAYS_BACK), time())
    for wb in visible:
        prefix = f"{wb.name} · " if len(visible) > 1 else ""
        events = [_meeting_event(con, wb.id, m, prefix, base_url) for m in _meetings(con, wb.id, since)]
        events += _follow_ups(con, wb.id, today, prefix) + _keep_in_touch(con, wb.id, today, prefix)
        for event in events:
            event.add("dtstamp", stamp)
            cal.add_component(event)
    return cal.to_ical()
