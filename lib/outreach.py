"""Outreach attempts and the 3B7 follow-up routine.

3B7 (a common practice): with no reply after 3 business days, approach a second person at the same
organization; after 7 business days, send one follow-up to the first person. A reply cancels both.
`outreach.follow_up_on` always holds the next date a reminder is due (NULL when none is), and
`outreach.follow_up_kind` says what that reminder asks for. The one follow-up's date is stored from the start
(`follow_up_7_on`), so it comes due on its own day even when the 3-day step was never marked done. Business
days skip weekends and the public holidays of the place the goal names (lib.business_days).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import duckdb
import pandas as pd

from lib import actions, business_days, contacts, db, fields, vocab
from lib.errors import Invalid, NotFound
from lib import wording

SECOND_CONTACT_DAYS = 3
FOLLOW_UP_DAYS = 7
REPLIES = ("replied_yes", "replied_no")
# Outcomes that wait for an answer (the routine runs on them).
WAITING = ("no_reply", "left_voicemail")
# Stages that logging an attempt moves forward to 'contacted'; later stages are never moved back.
BEFORE_CONTACT = ("identified", "researched")

FOLLOW_UP_KINDS = {
    "second_contact": "Approach a second person at the organization",
    "follow_up": "Send one follow-up",
    "move_on": "Let it rest and turn to others",
    "call_again": "Call again at another time",
}

VOICEMAIL_ADVICE = (
    "You have not spoken with this person before and nobody introduced you: rather than leave a voicemail, "
    "hang up before the beep and call again another day or at another hour. A voicemail from a stranger is "
    "easy to ignore; a live conversation is not."
)


# ---- business days ----------------------------------------------------------------------------

def add_business_days(start: date, days: int, holidays=business_days.NO_HOLIDAYS) -> date:
    """The date `days` business days after `start` (Saturdays, Sundays and the given holidays are skipped).

    From a Friday, 1 business day is the Monday; from a Saturday, 1 business day is the Monday too.
    """
    return business_days.add(start, days, holidays)


def business_days_between(start: date, end: date, holidays=business_days.NO_HOLIDAYS) -> int:
    """How many business days after `start` `end` is (0 when end <= start)."""
    return business_days.between(start, end, holidays)


# ---- contacts, as outreach sees them ------------------------------------------------------------

@db.reads
def search_contacts(con: duckdb.DuckDBPyConnection, workbook_id: int, query: str | None = None,
                    limit: int = 50) -> list[dict]:
    """People to write to, matching `query` in name, title or organization; people not yet contacted first.
    Each has id, full_name, title, stage and org (read by contacts.search)."""
    frame, _ = contacts.search(con, workbook_id, text_filter=query, order="to_contact", limit=limit, names_only=True)
    frame = frame.rename(columns={"organization": "org"})[["id", "full_name", "title", "stage", "org"]]
    return [{k: (None if pd.isna(v) else v) for k, v in row.items()} for row in frame.to_dict("records")]


# How many people the workbook holds (contacts' own count).
count_contacts = contacts.count


@db.reads
def contact(con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int) -> dict:
    """One person (contacts.get) with their organization's name also under `org`; NotFound if not in this
    workbook."""
    found = contacts.get(con, workbook_id, contact_id)
    return {**found, "org": found["organization"]}


@db.reads
def is_cold(con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int) -> bool:
    """Never spoken with: nobody introduced them, they never replied, and no meeting was held or planned."""
    c = contact(con, workbook_id, contact_id)
    if c["referred_by_contact_id"] is not None or c["source"] == "referral":
        return False
    replied = db.scalar(
        con,
        "SELECT count(*) FROM outreach WHERE workbook_id = ? AND contact_id = ? AND outcome IN ('replied_yes', 'replied_no')",
        [workbook_id, contact_id],
    )
    met = db.scalar(
        con, "SELECT count(*) FROM meetings WHERE workbook_id = ? AND contact_id = ? AND status <> 'cancelled'",
        [workbook_id, contact_id],
    )
    return not replied and not met


@db.reads
def voicemail_advice(con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int) -> str | None:
    """The M13 advice when a voicemail would go to a cold contact, else None."""
    return VOICEMAIL_ADVICE if is_cold(con, workbook_id, contact_id) else None


@db.reads
def second_contacts(con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int, limit: int = 5) -> list[dict]:
    """Other people at the same organization, not yet contacted, for the 3-business-day step."""
    return db.rows(
        con,
        "SELECT o.id, o.full_name, o.title, o.stage FROM contacts c"
        " JOIN contacts o ON o.workbook_id = c.workbook_id AND o.organization_id = c.organization_id AND o.id <> c.id"
        " WHERE c.workbook_id = ? AND c.id = ?"
        " AND NOT EXISTS (SELECT 1 FROM outreach x WHERE x.workbook_id = o.workbook_id AND x.contact_id = o.id)"
        " ORDER BY CASE o.stage WHEN 'researched' THEN 0 ELSE 1 END, o.full_name LIMIT ?",
        [workbook_id, contact_id, limit],
    )


# ---- logging attempts -------------------------------------------------------------------------

@dataclass(frozen=True)
class Logged:
    """What logging an attempt did: its id, the next reminder, and advice to show now (or None)."""
    id: int
    follow_up_on: date | None
    follow_up_kind: str | None
    advice: str | None = None
    later_attempt: datetime | None = None  # set when this one is older than the person's latest: history only


def _as_datetime(when: date | datetime | None) -> datetime:
    if when is None:
        return datetime.now().replace(microsecond=0)
    if isinstance(when, datetime):
        return when.replace(microsecond=0)
    now = datetime.now()
    return datetime.combine(when, now.time().replace(microsecond=0) if when == now.date() else datetime.min.time().replace(hour=9))


def _next_reminder(outcome: str, day: date, is_follow_up: bool,
                   holidays=business_days.NO_HOLIDAYS) -> tuple[date | None, str | None]:
    if outcome in REPLIES:
        return None, None
    if outcome == "no_answer":
        return add_business_days(day, 1, holidays), "call_again"
    if is_follow_up:
        return add_business_days(day, FOLLOW_UP_DAYS, holidays), "move_on"
    return add_business_days(day, SECOND_CONTACT_DAYS, holidays), "second_contact"


def reminder_after(outcome: str, day: date, follows_unanswered: bool,
                   holidays=business_days.NO_HOLIDAYS) -> tuple[date | None, str | None, date | None]:
    """The reminder an attempt of `day` starts (its date and kind) and, for the 3-day step, the follow-up's own
    date: the one follow-up keeps its date from the start, it never waits on the 3-day step being marked done.
    `follows_unanswered`: the person left an earlier attempt unanswered (this one is the follow-up)."""
    due, kind = _next_reminder(outcome, day, follows_unanswered, holidays)
    seven = add_business_days(day, FOLLOW_UP_DAYS, holidays) if kind == "second_contact" else None
    return due, kind, seven


def _attempt_moment(attempted_at: date | datetime | None, today: date) -> datetime:
    """When the attempt happened (now when not given); Invalid for anything but a day up to today."""
    if attempted_at is not None and not isinstance(attempted_at, date):
        raise Invalid("Choose the day of the attempt.")
    when = _as_datetime(attempted_at)
    if when.date() > today:
        raise Invalid("An attempt is logged once it has happened: choose today or an earlier day.")
    fields.past_moment(when, field="The day of the attempt", today=today)
    return when


ANY_SEEN = object()  # log_attempt without a page's view of the person's attempts (imports, the demo, tests)


@db.writes
def log_attempt(con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int, *, channel: str,
                outcome: str = "no_reply", message: str | None = None,
                attempted_at: date | datetime | None = None, today: date | None = None,
                token: str | None = None, seen: int | None | object = ANY_SEEN) -> Logged:
    """Record one attempt to reach a person and start (or carry on) the 3B7 reminders.

    - A reply (replied_yes / replied_no) answers the person's latest open attempt: that attempt is updated
      through `record_reply` (the one way a reply is recorded) and its id returned; a reply with no attempt
      waiting is logged as an attempt of its own. Either way every open reminder for the person is cancelled,
      unless the reply is dated before their latest attempt (it cannot answer it: history, below).
    - A call nobody answered asks for another call the next business day.
    - Otherwise the first unanswered attempt is due for a second contact after 3 business days; an attempt
      that follows an unanswered one is the follow-up, and after 7 more business days the routine says move on.
    - An attempt dated before the person's latest one (entered late) is history: it gets no reminder and leaves
      the reminders alone, which run from the latest contact (`later_attempt` says which).
    - The person's stage becomes 'contacted' if they were only identified or researched.
    A repeat with the same `token` (quick clicks on one form) stores nothing and answers like the first.
    `seen`: the person's newest attempt (`newest_attempt_id`) when the page drew its form; when another was
    logged since (in another tab), Invalid and nothing is stored (a page left open logged the same email twice,
    and the copy turned the first one's 3-day reminder into a follow-up: a hostile tester).
    """
    today = today or date.today()
    fields.channel(channel)
    fields.outcome(outcome)
    if outcome not in vocab.outcomes_for(channel):
        raise Invalid(f"“{vocab.OUTCOMES[outcome]}” happens to a phone call, and this attempt's channel is "
                      f"{wording.in_sentence(vocab.CHANNELS[channel])}: nothing was logged. Pick what happened, "
                      "or choose the Phone call or Voicemail script above for a call.")
    message = fields.note(message, field="The message")
    when = _attempt_moment(attempted_at, today)
    changed = seen is not ANY_SEEN and newest_attempt_id(con, workbook_id, contact_id) != seen
    if changed and actions.first(con, token) is None:  # a quick repeat of a log made answers as the first
        raise Invalid("This person's attempts changed meanwhile (in another tab?): nothing was logged. The page now "
                      "shows them; log yours again if it is another attempt.")
    waiting = latest_open_attempt(con, workbook_id, contact_id) if outcome in REPLIES else None
    if waiting is not None and waiting["attempted_at"] <= when:
        record_reply(con, workbook_id, waiting["id"], outcome, when)
        return Logged(waiting["id"], None, None)
    stage = contacts.stage(con, workbook_id, contact_id)
    advice = VOICEMAIL_ADVICE if outcome == "left_voicemail" and is_cold(con, workbook_id, contact_id) else None
    earlier_waiting = db.scalar(
        con,
        "SELECT count(*) FROM outreach WHERE workbook_id = ? AND contact_id = ? AND outcome IN ('no_reply', 'left_voicemail')"
        " AND attempted_at <= ?",
        [workbook_id, contact_id, when],
    )
    later = db.scalar(
        con, "SELECT max(attempted_at) FROM outreach WHERE workbook_id = ? AND contact_id = ? AND attempted_at > ?",
        [workbook_id, contact_id, when])
    holidays = business_days.for_workbook(con, workbook_id)
    due, kind, seven = (None, None, None) if later else reminder_after(outcome, when.date(), bool(earlier_waiting),
                                                                       holidays)
    with db.transaction(con) as cur:
        done = actions.first(cur, token)
        if done is not None:
            row = db.one(cur, "SELECT follow_up_on, follow_up_kind FROM outreach WHERE id = ?", [done]) or {}
            return Logged(done, row.get("follow_up_on"), row.get("follow_up_kind"), advice, later)
        if outcome != "no_answer" and not later:
            # This attempt carries the routine on: earlier reminders for the person are settled.
            cur.execute(
                "UPDATE outreach SET follow_up_on = NULL, follow_up_kind = NULL"
                " WHERE workbook_id = ? AND contact_id = ? AND follow_up_on IS NOT NULL",
                [workbook_id, contact_id],
            )
        new_id = cur.execute(
            "INSERT INTO outreach (workbook_id, contact_id, channel, message, attempted_at, outcome, follow_up_on,"
            " follow_up_kind, replied_at, follow_up_7_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [workbook_id, contact_id, channel, message, when, outcome, due, kind, when if outcome in REPLIES else None,
             seven],
        ).fetchone()[0]
        if stage in BEFORE_CONTACT:
            cur.execute("UPDATE contacts SET stage = 'contacted' WHERE workbook_id = ? AND id = ?", [workbook_id, contact_id])
        actions.record(cur, token, workbook_id, "log_attempt", new_id)
    return Logged(new_id, due, kind, advice, later)


def _attempt(con, workbook_id: int, attempt_id: int) -> dict:
    found = db.one(con, "SELECT * FROM outreach WHERE workbook_id = ? AND id = ?", [workbook_id, attempt_id])
    if found is None:
        raise NotFound("That attempt is not in this workbook.")
    return found


@db.writes
def record_reply(con: duckdb.DuckDBPyConnection, workbook_id: int, attempt_id: int, outcome: str,
                 replied_at: date | datetime | None = None) -> None:
    """They answered: set the outcome and cancel every open reminder for the person (a reply cancels both)."""
    if outcome not in REPLIES:
        raise Invalid("A reply is either yes or no.")
    attempt = _attempt(con, workbook_id, attempt_id)
    if replied_at is not None and not isinstance(replied_at, date):
        raise Invalid("Choose the day of the reply.")
    when = _as_datetime(replied_at)
    fields.day(when, field="The day of the reply", latest=date.today() + timedelta(days=1))
    if when < attempt["attempted_at"]:
        when = attempt["attempted_at"]
    with db.transaction(con) as cur:
        cur.execute(
            "UPDATE outreach SET outcome = ?, replied_at = ?, follow_up_on = NULL, follow_up_kind = NULL"
            " WHERE workbook_id = ? AND id = ?",
            [outcome, when, workbook_id, attempt_id],
        )
        cur.execute(
            "UPDATE outreach SET follow_up_on = NULL, follow_up_kind = NULL"
            " WHERE workbook_id = ? AND contact_id = ? AND follow_up_on IS NOT NULL",
            [workbook_id, attempt["contact_id"]],
        )


@db.reads
def newest_attempt_id(con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int) -> int | None:
    """The person's attempt logged last, whatever its date (None: none yet): what a log form saw."""
    return db.scalar(con, "SELECT max(id) FROM outreach WHERE workbook_id = ? AND contact_id = ?",
                     [workbook_id, contact_id])


@db.reads
def latest_open_attempt(con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int) -> dict | None:
    """The person's latest attempt when it still waits for an answer, or None: an attempt is answered by a
    reply (on it or on any later attempt) and by a meeting planned or held after it was sent."""
    latest = db.one(
        con,
        "SELECT o.id, o.channel, o.attempted_at, o.outcome, o.follow_up_on,"
        " EXISTS (SELECT 1 FROM meetings m WHERE m.workbook_id = o.workbook_id AND m.contact_id = o.contact_id"
        "         AND m.status <> 'cancelled' AND m.created_at >= o.attempted_at) AS met_since"
        " FROM outreach o WHERE o.workbook_id = ? AND o.contact_id = ?"
        " ORDER BY o.attempted_at DESC, o.id DESC LIMIT 1",
        [workbook_id, contact_id],
    )
    if latest is None or latest["outcome"] in REPLIES or latest.pop("met_since"):
        return None
    return latest


def _listed(con, workbook_id: int, attempt_id: int, today: date) -> str | None:
    """The kind `follow_ups` lists the attempt's reminder as `today` (None: no reminder), by the same rule."""
    row = db.one(con, f"SELECT attempted_at, {_LISTED.format(switch='follow_up_7_on')} FROM outreach"
                      " WHERE workbook_id = ? AND id = ?",
                 [business_days.due_horizon(today)] * 2 + [workbook_id, attempt_id])
    return None if row is None or row["follow_up_on"] is None else _kind_of(row)


def _kind_of(row: dict) -> str:
    """Rows written before the routine had kinds (e.g. imported) read by their distance in business days."""
    if row.get("follow_up_kind"):
        return row["follow_up_kind"]
    gap = business_days_between(row["attempted_at"], row["follow_up_on"])
    return "second_contact" if gap <= SECOND_CONTACT_DAYS else "follow_up"


_HANDLED_MEANWHILE = ("This reminder was handled or changed meanwhile (in another tab?): nothing was saved. "
                      "The list now shows what is due.")


@db.writes
def complete_follow_up(con: duckdb.DuckDBPyConnection, workbook_id: int, attempt_id: int,
                       today: date | None = None, *, seen: str | None = None) -> date | None:
    """The due reminder is handled. After the second-contact step, the follow-up step is due 7 business days
    after the attempt (its stored date); after any other step nothing more is due. From the follow-up's own
    date (`today` on or after it) the reminder is the follow-up, so handling it ends the reminders.
    Returns the next due date or None.

    `seen`: the reminder's kind as the page listed it (`follow_ups`' `kind`). When it was handled or moved on
    since (in another tab), Invalid and nothing is saved: a click on a page left open must not mark done a step
    it never showed."""
    attempt = _attempt(con, workbook_id, attempt_id)
    listed = _listed(con, workbook_id, attempt_id, today or date.today())
    if seen is not None and listed != seen:
        raise Invalid(_HANDLED_MEANWHILE)
    if listed is None:
        return None
    if listed == "second_contact":
        due = attempt["follow_up_7_on"] or add_business_days(attempt["attempted_at"].date(), FOLLOW_UP_DAYS,
                                                             business_days.for_workbook(con, workbook_id))
        kind = "follow_up"
    else:
        # The follow-up itself was handled (from its own date on, the 3-day step is listed as the follow-up).
        due, kind = None, None
    with db.transaction(con) as cur:
        cur.execute("UPDATE outreach SET follow_up_on = ?, follow_up_kind = ? WHERE workbook_id = ? AND id = ?",
                    [due, kind, workbook_id, attempt_id])
    return due


@db.writes
def stop_follow_ups(con: duckdb.DuckDBPyConnection, workbook_id: int, attempt_id: int, today: date | None = None, *,
                    seen: str | None = None) -> None:
    """No more reminders for this attempt. `seen`: as for complete_follow_up (a page left open stopped the
    follow-up another tab's Done had just moved on to, without a word: a hostile tester)."""
    _attempt(con, workbook_id, attempt_id)
    if seen is not None and _listed(con, workbook_id, attempt_id, today or date.today()) != seen:
        raise Invalid(_HANDLED_MEANWHILE)
    with db.transaction(con) as cur:
        cur.execute("UPDATE outreach SET follow_up_on = NULL, follow_up_kind = NULL WHERE workbook_id = ? AND id = ?",
                    [workbook_id, attempt_id])


def _action(kind: str, name: str, org: str | None) -> str:
    at = org or "their organization"
    return {
        "second_contact": f"No reply from {name} after 3 business days: approach a second person at {at}.",
        "follow_up": f"Send {name} one short follow-up: 7 business days without a reply.",
        "move_on": f"No reply to your follow-up: let {name} rest and turn to other people at {at}.",
        "call_again": f"Nobody answered: call {name} again at another time of day.",
    }[kind]


# An attempt's reminder as listed: from the day of the one follow-up (follow_up_7_on), a 3-day step never marked
# done shows as that follow-up, on its own date. {switch} is the date compared with the due horizon (a parameter,
# twice): the follow-up's own date for the due list, the attempt log and marking done; the 3-day date for the
# upcoming list (an overdue 3-day step is in the due list already). The one place this rule is written.
_SWITCHED = "follow_up_kind = 'second_contact' AND follow_up_7_on IS NOT NULL AND {switch} <= ?"
_LISTED = (f"CASE WHEN {_SWITCHED} THEN follow_up_7_on ELSE follow_up_on END AS follow_up_on,"
           f" CASE WHEN {_SWITCHED} THEN 'follow_up' ELSE follow_up_kind END AS follow_up_kind")
_REMINDERS = (
    "WITH latest AS ("
    "  SELECT id, workbook_id, contact_id, channel, attempted_at, outcome, " + _LISTED + ","
    "  row_number() OVER (PARTITION BY contact_id ORDER BY attempted_at DESC, id DESC) AS rn"
    "  FROM outreach WHERE workbook_id = ?{one} AND follow_up_on IS NOT NULL),"
    " replies AS ("
    "  SELECT contact_id, max(attempted_at) AS last_reply FROM outreach"
    "  WHERE workbook_id = ?{one} AND outcome IN ('replied_yes', 'replied_no') GROUP BY contact_id)"
    " SELECT {columns}"
    " FROM latest x JOIN contacts c ON c.id = x.contact_id AND c.workbook_id = x.workbook_id"
    " LEFT JOIN organizations o ON o.id = c.organization_id AND o.workbook_id = c.workbook_id"
    " LEFT JOIN replies r ON r.contact_id = x.contact_id"
    " WHERE x.rn = 1 AND x.follow_up_on > ? AND x.follow_up_on <= ? AND x.outcome NOT IN ('replied_yes', 'replied_no')"
    " AND (r.last_reply IS NULL OR r.last_reply < x.attempted_at) AND c.stage <> 'closed'"
    " AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.workbook_id = x.workbook_id AND m.contact_id = x.contact_id"
    "   AND m.status <> 'cancelled')"
)
# `total`: how many reminders the query finds before LIMIT/OFFSET (count_follow_ups without a second scan: Home's
# list and its count were two ~15 ms queries at 100,000 attempts, after every write)
_REMINDER_COLUMNS = ("x.id, x.contact_id, x.channel, x.attempted_at, x.follow_up_on, x.follow_up_kind, x.outcome,"
                     " c.full_name, c.organization_id, o.name AS org, count(*) OVER () AS total")


def _window(today: date, due_only: bool, upcoming_only: bool, within_days: int) -> tuple[date, date]:
    """(after, until]: due means on or before business_days.due_horizon(today), the same rule as Home."""
    horizon = business_days.due_horizon(today)
    if upcoming_only:
        return horizon, today + timedelta(days=within_days)
    return date.min, horizon if due_only else max(horizon, today + timedelta(days=within_days))


@db.reads
def follow_ups(con: duckdb.DuckDBPyConnection, workbook_id: int, *, today: date | None = None,
               due_only: bool = True, upcoming_only: bool = False, within_days: int = 14,
               limit: int = 50, offset: int = 0) -> list[dict]:
    """Reminders, oldest first: the due ones (follow_up_on on or before today); with due_only=False also
    those of the next `within_days`; with upcoming_only=True only those. Each row's `total` is how many there are
    in all (count_follow_ups).

    The same rule as Home: the person's latest attempt with a reminder, no reply since, not closed, and no
    meeting set (a meeting is the answer).
    """
    today = today or date.today()
    after, until = _window(today, due_only, upcoming_only, within_days)
    found = db.rows(
        con,
        _REMINDERS.format(columns=_REMINDER_COLUMNS, switch=_switch(upcoming_only), one="")
        + " ORDER BY x.follow_up_on, x.attempted_at, x.id LIMIT ? OFFSET ?",
        [business_days.due_horizon(today)] * 2 + [workbook_id, workbook_id, after, until, limit, offset],
    )
    for row in found:
        row["kind"] = _kind_of(row)
        row["action"] = _action(row["kind"], row["full_name"], row["org"])
        row["due"] = row["follow_up_on"] <= business_days.due_horizon(today)
        row["days_overdue"] = (today - row["follow_up_on"]).days
    return found


@db.reads
def follow_up_for(con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int, *,
                  today: date | None = None) -> dict | None:
    """This person's due reminder (the row `follow_ups` would list for them), or None when none is due."""
    today = today or date.today()
    after, until = _window(today, True, False, 0)
    found = db.one(  # only this person's attempts are read (the whole workbook's took ~13 ms at 100,000 attempts)
        con,
        _REMINDERS.format(columns=_REMINDER_COLUMNS, switch=_switch(False), one=" AND contact_id = ?"),
        [business_days.due_horizon(today)] * 2 + [workbook_id, contact_id, workbook_id, contact_id, after, until],
    )
    if found is not None:
        found["kind"] = _kind_of(found)
        found["action"] = _action(found["kind"], found["full_name"], found["org"])
        found["days_overdue"] = (today - found["follow_up_on"]).days
    return found


def when_due(reminder: dict) -> str:
    """'3 days late', 'due today', or 'due Sat 5 Dec 2026' (a weekend reminder is already due on Friday)."""
    late = reminder["days_overdue"]
    if late > 0:
        return f"{wording.plural(late, 'day')} late"
    return "due today" if late == 0 else f"due {wording.weekday(reminder['follow_up_on'])}"


@db.reads
def count_follow_ups(con: duckdb.DuckDBPyConnection, workbook_id: int, *, today: date | None = None,
                     due_only: bool = True, upcoming_only: bool = False, within_days: int = 14) -> int:
    """How many reminders `follow_ups` would list without a limit."""
    today = today or date.today()
    after, until = _window(today, due_only, upcoming_only, within_days)
    return db.scalar(con, _REMINDERS.format(columns="count(*)", switch=_switch(upcoming_only), one=""),
                     [business_days.due_horizon(today)] * 2 + [workbook_id, workbook_id, after, until])


def _switch(upcoming_only: bool) -> str:
    return "follow_up_on" if upcoming_only else "follow_up_7_on"


# ---- the attempt log --------------------------------------------------------------------------

@db.reads
def attempts(con: duckdb.DuckDBPyConnection, workbook_id: int, *, contact_id: int | None = None,
             limit: int = 20, offset: int = 0, today: date | None = None) -> pd.DataFrame:
    """One page of the attempt log, newest first, with words a person reads. Its next reminder is said as the
    Follow-ups list says it `today` (the follow-up in place of the 3-day step from the follow-up's own date)."""
    today = today or date.today()
    # The page of ids first (narrow columns, top-N), then names and messages for those rows only: joining
    # 100,000 attempts to their people before the LIMIT cost tens of milliseconds.
    found = db.rows(
        con,
        "WITH page AS (SELECT id, workbook_id, contact_id, attempted_at, channel, outcome, "
        + _LISTED.format(switch="follow_up_7_on") +
        "  FROM outreach WHERE workbook_id = ? AND (?::BIGINT IS NULL OR contact_id = ?)"
        "  ORDER BY attempted_at DESC, id DESC LIMIT ? OFFSET ?)"
        " SELECT x.attempted_at, c.full_name, x.channel, x.outcome, x.follow_up_on, x.follow_up_kind, m.message"
        " FROM page x JOIN outreach m ON m.id = x.id AND m.workbook_id = x.workbook_id"
        " JOIN contacts c ON c.id = x.contact_id AND c.workbook_id = x.workbook_id"
        " ORDER BY x.attempted_at DESC, x.id DESC",
        [business_days.due_horizon(today)] * 2 + [workbook_id, contact_id, contact_id, limit, offset],
    )

    def reminder(row: dict) -> str:
        if row["follow_up_on"] is None:
            return ""
        return f"{wording.weekday(row['follow_up_on'])} · {FOLLOW_UP_KINDS[_kind_of(row)]}"

    return pd.DataFrame({
        "When": pd.Series([r["attempted_at"] for r in found], dtype="datetime64[us]"),
        "Person": pd.Series([r["full_name"] for r in found], dtype=object),
        "Channel": pd.Series([vocab.label(vocab.CHANNELS, r["channel"]) for r in found], dtype=object),
        "Outcome": pd.Series([vocab.label(vocab.OUTCOMES, r["outcome"]) for r in found], dtype=object),
        "Next reminder": pd.Series([reminder(r) for r in found], dtype=object),
        "Message": pd.Series([r["message"] for r in found], dtype=object),
    })


@db.reads
def count_attempts(con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int | None = None) -> int:
    return db.scalar(
        con, "SELECT count(*) FROM outreach WHERE workbook_id = ? AND (?::BIGINT IS NULL OR contact_id = ?)",
        [workbook_id, contact_id, contact_id],
    )


@db.reads
def mutual_contacts(con: duckdb.DuckDBPyConnection, workbook_id: int, exclude_id: int | None = None,
                    limit: int = 50) -> list[dict]:
    """People who could introduce you (M10): those you have met or keep in touch with, by name."""
    return db.rows(
        con,
        "SELECT c.id, c.full_name, o.name AS org FROM contacts c"
        " LEFT JOIN organizations o ON o.id = c.organization_id AND o.workbook_id = c.workbook_id"
        " WHERE c.workbook_id = ? AND c.stage IN ('met', 'keeping_in_touch') AND c.id <> coalesce(?, -1)"
        " ORDER BY c.full_name, c.id LIMIT ?",
        [workbook_id, exclude_id, limit],
    )


@db.reads
def last_reply(con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int) -> dict | None:
    """The person's latest answer (replied_yes / replied_no) with its date, or None."""
    return db.one(
        con,
        "SELECT id, outcome, coalesce(replied_at, attempted_at) AS replied_at FROM outreach"
        " WHERE workbook_id = ? AND contact_id = ? AND outcome IN ('replied_yes', 'replied_no')"
        " ORDER BY coalesce(replied_at, attempted_at) DESC, id DESC LIMIT 1",
        [workbook_id, contact_id],
    )
