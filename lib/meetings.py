"""Meetings: schedule from a positive reply, reschedule, cancel, mark done or no-show; every change is
kept in meeting_history.

The method asks for a short meeting (15 minutes by default, 20 at most: M15, M21) at a place that suits
the professional, their workplace first (M16, M17). Longer meetings and other places are allowed, with a
warning, because the person decides.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import duckdb
import pandas as pd

from lib import actions, contacts, db, fields, outreach, rows, vocab
from lib.errors import Invalid, NotFound
from lib import wording

DEFAULT_MINUTES = 15
WARN_ABOVE_MINUTES = 20
MAX_MINUTES = fields.MEETING_MINUTES[1]  # beyond this it is a typo, not a meeting
PREFERRED_FORMAT = "workplace"
OPEN_STATUSES = ("planned",)
# Statuses that say how a meeting went: only once it has started.
AFTER_START_STATUSES = ("done", "no_show")
# Stages that scheduling moves to 'scheduled'; 'met' and later are never moved back.
BEFORE_SCHEDULED = ("identified", "researched", "contacted")


@dataclass(frozen=True)
class Saved:
    """A meeting write: its id and warnings to show (the write happened)."""
    id: int
    warnings: list[str] = field(default_factory=list)


def _warnings(when: datetime, minutes: int, fmt: str, now: datetime) -> list[str]:
    out = []
    if minutes > WARN_ABOVE_MINUTES:
        out.append(f"{minutes} minutes is longer than the 20 minutes the method suggests: "
                   "a short request is easier to accept and to keep.")
    if fmt != PREFERRED_FORMAT:
        out.append("Their workplace is the preferred place when they can offer it: you see where and how "
                   "they work.")
    if when < now:
        out.append("This time is in the past: check the date.")
    return out


def _clashes(cur, workbook_id: int, contact_id: int, meeting_id: int, when: datetime, minutes: int) -> list[str]:
    """Other planned meetings this one meets: one with the same person (two tabs, or a second booking), one at the
    same time. Warnings only, never names (share mode shows them as they are): the person decides."""
    out = []
    same_person = cur.execute(
        "SELECT min(scheduled_at) FROM meetings WHERE workbook_id = ? AND contact_id = ? AND id <> ?"
        " AND status = 'planned'", [workbook_id, contact_id, meeting_id]).fetchone()[0]
    if same_person is not None:
        out.append(f"You already have a meeting planned with this person ({wording.day_and_time(same_person)}): "
                   "cancel one of them in the Meetings tab if it was booked twice.")
    overlap = cur.execute(
        "SELECT min(scheduled_at) FROM meetings WHERE workbook_id = ? AND contact_id <> ? AND id <> ?"
        " AND status = 'planned' AND scheduled_at < ? AND scheduled_at + duration_minutes * INTERVAL '1 minute' > ?",
        [workbook_id, contact_id, meeting_id, when + timedelta(minutes=minutes), when]).fetchone()[0]
    if overlap is not None:
        out.append(f"It overlaps another meeting you have planned ({wording.day_and_time(overlap)}).")
    return out


def _check(minutes, fmt: str) -> int:
    """The length and place by their rules in lib.fields (7.5 minutes is refused, never stored as 7)."""
    minutes = fields.meeting_minutes(minutes)
    fields.meeting_format(fmt)
    return minutes


def _when(day: date | datetime, at: time | None = None) -> datetime:
    if isinstance(day, datetime):
        fields.meeting_day(day)
        return day.replace(second=0, microsecond=0)
    if day is None or at is None:
        raise Invalid("Choose a date and a time for the meeting.")
    if not isinstance(day, date) or not isinstance(at, time):
        raise Invalid("Choose a date and a time for the meeting.")
    fields.meeting_day(day)
    return datetime.combine(day, at).replace(second=0, microsecond=0)


def _history(cur, workbook_id: int, meeting_id: int, action: str, old: datetime | None, new: datetime | None,
             reason: str | None) -> None:
    cur.execute(
        "INSERT INTO meeting_history (workbook_id, meeting_id, action, old_scheduled_at, new_scheduled_at, reason)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [workbook_id, meeting_id, action, old, new, reason],
    )


def held_sql(alias: str | None = None, *, as_of: str = "current_localtimestamp()") -> str:
    """The one definition of an interview held, as a SQL condition every count uses: a meeting whose status is
    'done' and whose start is not in the future. `alias` names the meetings table; `as_of` is a SQL expression
    for "now" (the clock by default, or "?" to bind a time, see `as_of`)."""
    a = f"{alias}." if alias else ""
    return f"({a}status = 'done' AND {a}scheduled_at <= {as_of})"


def as_of(today: date | None = None) -> datetime:
    """The moment the held count is taken for a day: now for today, the day's end for another day."""
    now = datetime.now()
    if today is None or today == now.date():
        return now
    return datetime.combine(today, time.max)


@db.reads
def held_count(con: duckdb.DuckDBPyConnection, workbook_id: int, now: datetime | None = None) -> int:
    """How many interviews were held (see `held_sql`), as every page counts them."""
    return int(db.scalar(con, f"SELECT count(*) FROM meetings WHERE workbook_id = ? AND {held_sql(as_of='?')}",
                         [workbook_id, now or datetime.now()]) or 0)


@db.writes
def schedule(con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int, *, day: date | datetime,
             at: time | None = None, duration_minutes: int = DEFAULT_MINUTES, format: str = PREFERRED_FORMAT,  # noqa: A002
             location: str | None = None, notes: str | None = None, now: datetime | None = None,
             token: str | None = None, answering: int | None = None) -> Saved:
    """Plan a meeting; the person's stage becomes 'scheduled' (unless already met or later).

    A repeat with the same `token` (quick clicks on one form) stores nothing and answers with the first meeting.
    `answering`: the attempt whose yes the form books; refused (Invalid, nothing stored) when it is no longer the
    person's latest answer, or a meeting was booked since it (a form left open in another tab booked a second
    meeting, or one after a no).
    """
    minutes = _check(duration_minutes, format)
    when = _when(day, at)
    location = fields.short(location, field="Place or link", limit=500)
    notes = fields.note(notes, field="Note")
    with db.transaction(con) as cur:
        done = actions.first(cur, token)
        if done is not None:
            return Saved(done, _warnings(when, minutes, format, now or datetime.now())
                         + _clashes(cur, workbook_id, contact_id, done, when, minutes))
        stage = contacts.stage(cur, workbook_id, contact_id)
        if answering is not None:
            _still_to_book(cur, workbook_id, contact_id, answering)
        meeting_id = cur.execute(
            "INSERT INTO meetings (workbook_id, contact_id, scheduled_at, duration_minutes, format, location, status, notes)"
            " VALUES (?, ?, ?, ?, ?, ?, 'planned', ?) RETURNING id",
            [workbook_id, contact_id, when, minutes, format, location, notes],
        ).fetchone()[0]
        _history(cur, workbook_id, meeting_id, "scheduled", None, when, None)
        if stage in BEFORE_SCHEDULED:
            cur.execute("UPDATE contacts SET stage = 'scheduled' WHERE workbook_id = ? AND id = ?", [workbook_id, contact_id])
        # A meeting is the answer to the outreach: no more reminders for this person.
        cur.execute("UPDATE outreach SET follow_up_on = NULL, follow_up_kind = NULL"
                    " WHERE workbook_id = ? AND contact_id = ? AND follow_up_on IS NOT NULL", [workbook_id, contact_id])
        actions.record(cur, token, workbook_id, "schedule", meeting_id)
        clashes = _clashes(cur, workbook_id, contact_id, meeting_id, when, minutes)
    return Saved(meeting_id, _warnings(when, minutes, format, now or datetime.now()) + clashes)


_NO_PERSON = {"full_name": None, "title": None, "email": None, "stage": None, "keep_in_touch_days": None,
              "organization_id": None}


@db.reads
def get(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int) -> dict:
    """The one reader of a meeting: its columns, the person met (full_name, title, email, stage,
    keep_in_touch_days, organization_id; None when they are gone) and their organization (`organization`,
    also under `org`, and `industry`). NotFound when the meeting is not in this workbook."""
    # Three lookups by primary key: much cheaper than joining whole tables in a large workbook.
    row = db.one(con, "SELECT * FROM meetings WHERE id = ? AND workbook_id = ?", [meeting_id, workbook_id])
    if row is None:
        raise NotFound("That meeting is not in this workbook any more.")
    person = db.one(
        con,
        "SELECT full_name, title, email, stage, keep_in_touch_days, organization_id FROM contacts"
        " WHERE id = ? AND workbook_id = ?",
        [row["contact_id"], workbook_id],
    ) or _NO_PERSON
    org = db.one(
        con, "SELECT name AS organization, industry FROM organizations WHERE id = ? AND workbook_id = ?",
        [person["organization_id"], workbook_id],
    ) if person["organization_id"] is not None else None
    org = org or {"organization": None, "industry": None}
    return {**row, **person, **org, "org": org["organization"]}


@db.writes
def reschedule(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int, *, day: date | datetime,
               at: time | None = None, duration_minutes: int | None = None, format: str | None = None,  # noqa: A002
               location: str | None = None, reason: str | None = None, now: datetime | None = None,
               opened: rows.Opened | None = None) -> Saved:
    """Move a planned meeting; the old and new times are kept in the history.

    With `opened` (what the form was opened with), only the fields that differ from it are written: a change
    another session made meanwhile to the same field raises Conflict and nothing is saved; others merge."""
    m = get(con, workbook_id, meeting_id)
    if m["status"] != "planned":
        raise Invalid("Only a planned meeting can be moved; schedule a new one instead.")
    minutes = _check(duration_minutes if duration_minutes is not None else m["duration_minutes"], format or m["format"])
    fmt = format or m["format"]
    when = _when(day, at)
    place = fields.short(location, field="Place or link", limit=500) if location is not None else m["location"]
    reason = fields.short(reason, field="Reason", limit=500)
    changes = {"scheduled_at": when, "duration_minutes": minutes, "format": fmt, "location": place}
    if opened is not None:  # only what this form changed: the rest may have moved on in another session
        changes = {k: v for k, v in changes.items() if not rows.same(v, opened.values.get(k, m[k]))}
    with db.transaction(con) as cur:
        before = rows.read(cur, "meetings", workbook_id, meeting_id)
        rows.update(cur, "meetings", workbook_id, meeting_id, changes, opened, labels=_LABELS)
        _history(cur, workbook_id, meeting_id, "rescheduled", before["scheduled_at"],
                 changes.get("scheduled_at", before["scheduled_at"]), reason)
        after = rows.read(cur, "meetings", workbook_id, meeting_id)
        clashes = _clashes(cur, workbook_id, after["contact_id"], meeting_id, after["scheduled_at"],
                           after["duration_minutes"])
    return Saved(meeting_id, _warnings(when, minutes, fmt, now or datetime.now()) + clashes)


_LABELS = {"scheduled_at": "Date and time", "duration_minutes": "Length", "format": "Format", "location": "Place or link"}


@db.writes
def set_status(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int, status: str,
               reason: str | None = None, now: datetime | None = None) -> None:
    """Cancel, mark done or no-show, or set a meeting back to planned (an undo: the history keeps both steps).

    Done and no-show are refused (Invalid) before the meeting starts. The person's stage follows:
    done -> 'met'; cancelled or no-show with no other planned meeting -> back to 'contacted';
    back to planned -> 'scheduled' (from 'met' only when no other meeting of theirs was held)."""
    fields.meeting_status(status)
    m = get(con, workbook_id, meeting_id)
    reason = fields.short(reason, field="Reason", limit=500)
    if m["status"] == status:
        return
    now = now or datetime.now()
    if status in AFTER_START_STATUSES and m["scheduled_at"] > now:
        word = "done" if status == "done" else "a no-show"
        raise Invalid(f"This meeting starts on {wording.weekday(m['scheduled_at'])} at {m['scheduled_at']:%H:%M}: it can be marked {word} "
                      "once it has started. If it moved earlier, reschedule it first.")
    action = {"planned": "planned_again", "done": "done", "cancelled": "cancelled", "no_show": "no_show"}[status]
    if status == "planned" and not reason:
        reason = f"was {vocab.label(vocab.MEETING_STATUSES, m['status']).lower()}"
    with db.transaction(con) as cur:
        cur.execute("UPDATE meetings SET status = ? WHERE workbook_id = ? AND id = ?", [status, workbook_id, meeting_id])
        _history(cur, workbook_id, meeting_id, action, m["scheduled_at"], None, reason)
        stage = contacts.stage(cur, workbook_id, m["contact_id"])
        if status == "done" and stage in BEFORE_SCHEDULED + ("scheduled",):
            cur.execute("UPDATE contacts SET stage = 'met' WHERE workbook_id = ? AND id = ?", [workbook_id, m["contact_id"]])
        elif status in ("cancelled", "no_show") and stage == "scheduled":
            others = db.scalar(cur, "SELECT count(*) FROM meetings WHERE workbook_id = ? AND contact_id = ? AND status = 'planned'",
                               [workbook_id, m["contact_id"]])
            if not others:
                cur.execute("UPDATE contacts SET stage = 'contacted' WHERE workbook_id = ? AND id = ?",
                            [workbook_id, m["contact_id"]])
        elif status == "planned" and stage in BEFORE_SCHEDULED:
            cur.execute("UPDATE contacts SET stage = 'scheduled' WHERE workbook_id = ? AND id = ?", [workbook_id, m["contact_id"]])
        elif status == "planned" and m["status"] == "done" and stage == "met":
            # The wrong 'done' made them 'met': undo that unless another meeting with them was held.
            held = db.scalar(cur, "SELECT count(*) FROM meetings WHERE workbook_id = ? AND contact_id = ?"
                                  f" AND {held_sql(as_of='?')}", [workbook_id, m["contact_id"], now])
            if not held:
                cur.execute("UPDATE contacts SET stage = 'scheduled' WHERE workbook_id = ? AND id = ?",
                            [workbook_id, m["contact_id"]])


@db.reads
def reopen(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int, reason: str | None = None) -> None:
    """Undo a status set by mistake (done, no-show or cancelled): the meeting is planned again."""
    set_status(con, workbook_id, meeting_id, "planned", reason)


def can_close(meeting: dict, now: datetime | None = None) -> bool:
    """Whether the meeting may be marked done or no-show yet (it has started)."""
    return meeting["scheduled_at"] <= (now or datetime.now())


@db.reads
def cancel(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int, reason: str | None = None) -> None:
    set_status(con, workbook_id, meeting_id, "cancelled", reason)


@db.reads
def mark_done(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int, now: datetime | None = None) -> None:
    set_status(con, workbook_id, meeting_id, "done", now=now)


@db.reads
def history(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int) -> list[dict]:
    """The meeting's changes, oldest first."""
    return db.rows(
        con,
        "SELECT action, old_scheduled_at, new_scheduled_at, reason, changed_at FROM meeting_history"
        " WHERE workbook_id = ? AND meeting_id = ? ORDER BY changed_at, id",
        [workbook_id, meeting_id],
    )


@db.reads
def listing(con: duckdb.DuckDBPyConnection, workbook_id: int, *, upcoming: bool = True, now: datetime | None = None,
            contact_id: int | None = None, limit: int = 20, offset: int = 0) -> list[dict]:
    """Planned meetings from now on (soonest first), or past and closed ones (latest first)."""
    now = now or datetime.now()
    order = "ASC" if upcoming else "DESC"
    where = ("m.status = 'planned' AND m.scheduled_at + m.duration_minutes * INTERVAL '1 minute' >= ?" if upcoming
             else "(m.status <> 'planned' OR m.scheduled_at + m.duration_minutes * INTERVAL '1 minute' < ?)")
    return db.rows(
        con,
        "SELECT m.id, m.contact_id, m.scheduled_at, m.duration_minutes, m.format, m.location, m.status, m.notes,"
        " c.full_name, c.title, o.name AS org FROM meetings m"
        " JOIN contacts c ON c.id = m.contact_id AND c.workbook_id = m.workbook_id"
        " LEFT JOIN organizations o ON o.id = c.organization_id AND o.workbook_id = c.workbook_id"
        f" WHERE m.workbook_id = ? AND {where} AND (?::BIGINT IS NULL OR m.contact_id = ?)"  # where: one of two constants
        f" ORDER BY m.scheduled_at {order}, m.id LIMIT ? OFFSET ?",
        [workbook_id, now, contact_id, contact_id, limit, offset],
    )


@db.reads
def count(con: duckdb.DuckDBPyConnection, workbook_id: int, *, upcoming: bool = True, now: datetime | None = None) -> int:
    now = now or datetime.now()
    where = ("status = 'planned' AND scheduled_at + duration_minutes * INTERVAL '1 minute' >= ?" if upcoming
             else "(status <> 'planned' OR scheduled_at + duration_minutes * INTERVAL '1 minute' < ?)")
    return db.scalar(con, f"SELECT count(*) FROM meetings WHERE workbook_id = ? AND {where}", [workbook_id, now])


def as_frame(rows: list[dict]) -> pd.DataFrame:
    """Meetings as a table with words a person reads."""
    return pd.DataFrame({
        "When": [r["scheduled_at"] for r in rows],
        "Person": [r["full_name"] for r in rows],
        "Organization": [r["org"] for r in rows],
        "Minutes": [r["duration_minutes"] for r in rows],
        "Format": [vocab.label(vocab.FORMATS, r["format"]) for r in rows],
        "Place or link": [r["location"] for r in rows],
        "Status": [vocab.label(vocab.MEETING_STATUSES, r["status"]) for r in rows],
    })


def label(row: dict, name: str | None = None, *, style: str = "short") -> str:
    """One line naming a meeting for a picker; `name` stands for the person's name (initials on a shared
    screen). The organization is read from `organization` or `org`. Styles:
    short: 'Wed 11 Mar 2026, 14:00 · Ben Carter (Alpine Stormwater)';
    plan:  'Wed 11 Mar 2026, 14:00 · Ben Carter (Alpine Stormwater) · 20 min · 12 questions' (and the status
           when not planned; needs duration_minutes, questions, status)."""
    organization = row.get("organization") or row.get("org")
    org = f" ({organization})" if organization else ""
    who = name or row["full_name"]
    when = f"{wording.weekday(row['scheduled_at'])}, {row['scheduled_at']:%H:%M}"
    if style == "short":
        return f"{when} · {who}{org}"
    if style != "plan":
        raise ValueError(f"unknown meeting label style {style!r}")
    status = "" if row["status"] == "planned" else f" · {vocab.label(vocab.MEETING_STATUSES, row['status']).lower()}"
    return (f"{when} · {who}{org} · {row['duration_minutes']} min"
            f" · {wording.plural(row['questions'], 'question')}{status}")


def question_plan(con: duckdb.DuckDBPyConnection, meeting_id: int) -> list[str]:
    """The planned questions of a meeting, in order (empty when no plan yet)."""
    return [r["text"] for r in db.rows(
        con,
        "SELECT q.text FROM meeting_questions mq JOIN questions q ON q.id = mq.question_id"
        " WHERE mq.meeting_id = ? ORDER BY mq.position",
        [meeting_id],
    )]


def default_slot(now: datetime | None = None) -> tuple[date, time]:
    """A sensible first proposal: the next business day at 10:00."""
    now = now or datetime.now()
    day = now.date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day, time(10, 0)


@db.reads
def to_close(con: duckdb.DuckDBPyConnection, workbook_id: int, *, now: datetime | None = None, limit: int = 20) -> list[dict]:
    """Planned meetings whose time has passed: did they happen? (most recent first)."""
    now = now or datetime.now()
    return db.rows(
        con,
        "SELECT m.id, m.contact_id, m.scheduled_at, m.duration_minutes, m.format, m.location, m.status,"
        " c.full_name, o.name AS org FROM meetings m"
        " JOIN contacts c ON c.id = m.contact_id AND c.workbook_id = m.workbook_id"
        " LEFT JOIN organizations o ON o.id = c.organization_id AND o.workbook_id = c.workbook_id"
        " WHERE m.workbook_id = ? AND m.status = 'planned' AND m.scheduled_at + m.duration_minutes * INTERVAL '1 minute' < ?"
        " ORDER BY m.scheduled_at DESC, m.id LIMIT ?",
        [workbook_id, now, limit],
    )


def _still_to_book(cur, workbook_id: int, contact_id: int, attempt_id: int) -> None:
    answer = outreach.last_reply(cur, workbook_id, contact_id)
    if answer is None or answer["id"] != attempt_id or answer["outcome"] != "replied_yes":
        raise Invalid("Their answer changed meanwhile (in another tab?): nothing was booked. The page now shows "
                      "their latest answer.")
    booked = db.scalar(cur, "SELECT count(*) FROM meetings WHERE workbook_id = ? AND contact_id = ?"
                            " AND status <> 'cancelled' AND created_at >= ?", [workbook_id, contact_id, answer["replied_at"]])
    if booked:
        raise Invalid("A meeting with them was booked meanwhile (in another tab?): nothing was booked twice. It is "
                      "in the Meetings tab.")


@db.reads
def latest_for(con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int) -> dict | None:
    """The person's most recently created meeting that was not cancelled, or None."""
    return db.one(
        con,
        "SELECT id, scheduled_at, status, created_at FROM meetings"
        " WHERE workbook_id = ? AND contact_id = ? AND status <> 'cancelled' ORDER BY created_at DESC, id DESC LIMIT 1",
        [workbook_id, contact_id],
    )
