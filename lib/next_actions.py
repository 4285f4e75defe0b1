"""Home: progress toward the goal, the next actions computed from the data, and the five-step checklist.

Reads the storage-contract tables of every step directly (outreach, meetings, meeting_questions,
reviews, contacts), so Home works whatever each step's own module adds on top.

Dates: a follow-up dated on the coming weekend counts as due on the Friday before (nobody waits until
Monday to see it); "this week" runs Monday to Sunday; "the next 7 days" are today and the seven after.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import duckdb

from lib import business_days, db, goals, meetings, outreach, page_registry, vocab
from lib import wording

REPLIES = ("replied_yes", "replied_no")
PLAN_READY = 12          # M18: about 12–14 questions make a plan
UPCOMING_DAYS = 7
THANK_YOU_HOURS = 24     # common practice: a thank-you within a day of the meeting
ITEM_LIMIT = 8           # Home shows the first few of each kind; the step's page has the rest


# ---- dates --------------------------------------------------------------------------------------

# One rule for "due" everywhere (Home, Outreach, its Follow-ups tab): lib.business_days.due_horizon.
next_business_day = business_days.next_business_day
due_horizon = business_days.due_horizon


def week_start(today: date) -> date:
    """The Monday of today's week."""
    return today - timedelta(days=today.weekday())


# ---- progress -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Progress:
    """Where the workbook stands against its goal. With no goal saved, target is the default (10)."""
    has_goal: bool
    target: int
    done: int
    target_date: date | None
    days_left: int | None
    weekly_pace: float | None
    done_this_week: int
    booked_this_week: int
    average_per_week: float | None
    pace: goals.PaceCheck

    @property
    def fraction(self) -> float:
        return min(self.done / self.target, 1.0) if self.target else 0.0


@db.reads
def interviews_done(con: duckdb.DuckDBPyConnection, workbook_id: int) -> int:
    """Meetings held, as every page counts them (lib.meetings.held_sql)."""
    return meetings.held_count(con, workbook_id)


@db.reads
def progress(con: duckdb.DuckDBPyConnection, workbook_id: int, today: date) -> Progress:
    goal = goals.get(con, workbook_id)
    monday = week_start(today)
    row = db.one(
        con,
        f"""SELECT count(*) FILTER (WHERE {meetings.held_sql()}) AS done,
                  count(*) FILTER (WHERE {meetings.held_sql()} AND scheduled_at >= ? AND scheduled_at < ?) AS done_week,
                  count(*) FILTER (WHERE status = 'planned' AND scheduled_at >= ? AND scheduled_at < ?) AS booked_week
           FROM meetings WHERE workbook_id = ?""",
        [_midnight(monday), _midnight(monday + timedelta(days=7)),
         _midnight(monday), _midnight(monday + timedelta(days=7)), workbook_id],
    )
    target = goal.target_interviews if goal else goals.DEFAULT_TARGET
    target_date = goal.target_date if goal else None
    pace = goal.weekly_pace if goal else None
    average = None
    if goal and goal.start_date and goal.start_date < today:
        average = row["done"] / ((today - goal.start_date).days / 7)
    return Progress(
        has_goal=goal is not None, target=target, done=row["done"], target_date=target_date,
        days_left=None if target_date is None else (target_date - today).days, weekly_pace=pace,
        done_this_week=row["done_week"], booked_this_week=row["booked_week"], average_per_week=average,
        pace=goals.pace_check(target=target, done=row["done"], weekly_pace=pace, target_date=target_date,
                              today=today),
    )


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time())


# ---- next actions -------------------------------------------------------------------------------

@dataclass(frozen=True)
class ActionGroup:
    """One kind of next action: how many there are, the first few, and the page where they are done.

    items are rows ready to show (Person, Organization, When, Status …) plus an `id` column
    (outreach, meeting or contact id) that pages hide.
    """
    key: str
    title: str
    page: str
    link_label: str
    hint: str
    total: int
    items: list[dict] = field(default_factory=list)
    urgent: bool = False
    link_params: dict[str, str] = field(default_factory=dict)   # what the link opens: ?contact=, ?meeting=, ?view=


def _first(row: dict | None, param: str, column: str = "id") -> dict[str, str]:
    """The link to one listed row (the first one a person should do), or no parameter when none."""
    return {param: str(row[column])} if row else {}


def _one_or(rows: list[dict], param: str, column: str, several: dict[str, str]) -> dict[str, str]:
    """The link to the one row the group names; to the list of them (`several`) when it names more."""
    if not rows:
        return {}
    return {param: str(rows[0][column])} if rows[0]["total"] == 1 else several


def _day_text(day: date, today: date) -> str:
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    if delta < 0:
        return f"{-delta} days ago"
    return f"{wording.weekday(day)}"


# The lists below pick their first few rows (and count them all) from the meetings alone, then look up the
# names of those few: a join over every person of a 30,000-contact workbook costs more than the rest.
_NAMES_OF_FIRST = """FROM todo t
           LEFT JOIN contacts c ON c.id = t.contact_id AND c.workbook_id = ?
           LEFT JOIN organizations org ON org.id = c.organization_id
           ORDER BY t.scheduled_at, t.id"""


@db.reads
def follow_ups_due(con, workbook_id: int, today: date, limit: int = ITEM_LIMIT) -> ActionGroup:
    """The reminders Outreach's Follow-ups tab lists (outreach.follow_ups, the one rule: latest attempt with a
    reminder, no reply since, not closed, no meeting set; due by lib.business_days.due_horizon)."""
    rows = outreach.follow_ups(con, workbook_id, today=today, limit=limit)  # each row holds the total too
    for r in rows:
        r.update(person=r["full_name"], organization=r["org"])
    items = [{"id": r["id"], "Person": r["person"], "Organization": r["organization"],
              "Last tried by": vocab.label(vocab.CHANNELS, r["channel"]), "Due": _day_text(r["follow_up_on"], today)} for r in rows]
    return ActionGroup(
        "follow_ups", "Follow-ups due", "outreach", "Follow up on the Outreach page",
        "No reply yet: after 3 business days try a second person at the same organization; after 7, "
        "send one short follow-up. A reply cancels both.",
        rows[0]["total"] if rows else 0, items, urgent=any(r["follow_up_on"] < today for r in rows),
        link_params=_one_or(rows, "contact", "contact_id", {"view": "follow-ups"}),
    )


@db.reads
def upcoming_meetings(con, workbook_id: int, today: date, limit: int = ITEM_LIMIT, *,
                      now: datetime | None = None) -> ActionGroup:
    """Planned meetings not yet over (by `now`, default the start of today) up to 7 days ahead, with whether
    their question plan is ready. A meeting whose end has passed is past_meetings_to_update's, as on Outreach."""
    rows = db.rows(
        con,
        f"""WITH todo AS (
               SELECT m.id, m.scheduled_at, m.format, m.contact_id, count(*) OVER () AS total FROM meetings m
               WHERE m.workbook_id = ? AND m.status = 'planned'
                 AND m.scheduled_at + m.duration_minutes * INTERVAL '1 minute' >= ? AND m.scheduled_at < ?
               ORDER BY m.scheduled_at, m.id LIMIT ?)
           SELECT t.id, t.scheduled_at, t.format, c.full_name AS person, org.name AS organization,
                  (SELECT count(*) FROM meeting_questions mq WHERE mq.meeting_id = t.id) AS questions, t.total
           {_NAMES_OF_FIRST}""",
        [workbook_id, now or _midnight(today), _midnight(today + timedelta(days=UPCOMING_DAYS + 1)), limit, workbook_id],
    )
    items = []
    for r in rows:
        day = r["scheduled_at"].date()
        status = plan_status(r["questions"])
        if day == next_business_day(today) or (day == today + timedelta(days=1)):
            status += " · confirm today"
        items.append({"id": r["id"], "Person": r["person"], "Organization": r["organization"],
                      "When": f"{_day_text(day, today)} {r['scheduled_at']:%H:%M}", "Question plan": status,
                      "plan_ready": r["questions"] >= PLAN_READY})
    return ActionGroup(
        "upcoming", "Meetings in the next 7 days", "questions", "Prepare questions on the Questions page",
        "Prepare 12–14 questions for each meeting and print them for an in-person one. Confirm the day before.",
        rows[0]["total"] if rows else 0, items, urgent=any(not i["plan_ready"] for i in items),
        link_params=_first(next((i for i in items if not i["plan_ready"]), items[0] if items else None), "meeting"),
    )


def plan_status(questions: int) -> str:
    if questions == 0:
        return "No question plan yet"
    if questions < PLAN_READY:
        return f"Plan started: {questions} questions (aim for 12–14)"
    return f"Ready: {questions} questions"


@db.reads
def past_meetings_to_update(con, workbook_id: int, today: date, limit: int = ITEM_LIMIT, *,
                            now: datetime | None = None) -> ActionGroup:
    """Meetings still marked planned whose end has passed (by `now`, default the start of today), the rule
    Outreach uses (meetings.to_close): did they happen?"""
    rows = db.rows(
        con,
        f"""WITH todo AS (
               SELECT m.id, m.scheduled_at, m.contact_id, count(*) OVER () AS total FROM meetings m
               WHERE m.workbook_id = ? AND m.status = 'planned'
                 AND m.scheduled_at + m.duration_minutes * INTERVAL '1 minute' < ?   -- over: the rule of meetings.to_close
               ORDER BY m.scheduled_at, m.id LIMIT ?)
           SELECT t.id, t.scheduled_at, c.full_name AS person, org.name AS organization, t.total
           {_NAMES_OF_FIRST}""",
        [workbook_id, now or _midnight(today), limit, workbook_id],
    )
    items = [{"id": r["id"], "Person": r["person"], "Organization": r["organization"],
              "Was planned": _day_text(r["scheduled_at"].date(), today)} for r in rows]
    return ActionGroup(
        "past_planned", "Past meetings still marked planned", "outreach", "Update them on the Outreach page",
        "Mark each one done, a no-show, or reschedule it, so your progress counts it.",
        rows[0]["total"] if rows else 0, items,
        link_params=_one_or(rows, "meeting", "id", {"view": "meetings"}),
    )


@db.reads
def unreviewed_meetings(con, workbook_id: int, today: date, limit: int = ITEM_LIMIT) -> ActionGroup:
    """Meetings done that have no review yet."""
    rows = db.rows(
        con,
        f"""WITH todo AS (
               SELECT m.id, m.scheduled_at, m.contact_id, count(*) OVER () AS total FROM meetings m
               WHERE m.workbook_id = ? AND {meetings.held_sql("m")}
                 AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.meeting_id = m.id)
               ORDER BY m.scheduled_at, m.id LIMIT ?)
           SELECT t.id, t.scheduled_at, c.full_name AS person, org.name AS organization, t.total
           {_NAMES_OF_FIRST}""",
        [workbook_id, limit, workbook_id],
    )
    items = [{"id": r["id"], "Person": r["person"], "Organization": r["organization"],
              "Met": _day_text(r["scheduled_at"].date(), today)} for r in rows]
    return ActionGroup(
        "unreviewed", "Meetings done but not reviewed", "review", "Write the review on the Review page",
        "Write down what you learned while it is fresh, especially what you could not have found online, "
        "and add the people you were referred to.",
        rows[0]["total"] if rows else 0, items, urgent=bool(rows), link_params=_first(rows[0] if rows else None, "meeting"),
    )


@db.reads
def thank_yous_missing(con, workbook_id: int, now: datetime, limit: int = ITEM_LIMIT) -> ActionGroup:
    """Meetings done with no thank-you sent (no review, or no sent date). Overdue once 24 hours have passed
    since the meeting ended."""
    rows = db.rows(
        con,
        f"""WITH todo AS (
               SELECT m.id, m.scheduled_at, m.contact_id,
                      m.scheduled_at + (coalesce(m.duration_minutes, 0)) * INTERVAL '1 minute' + ? * INTERVAL '1 hour' AS deadline,
                      count(*) OVER () AS total
               FROM meetings m LEFT JOIN reviews r ON r.meeting_id = m.id
               WHERE m.workbook_id = ? AND {meetings.held_sql("m")} AND r.thank_you_sent_on IS NULL
               ORDER BY m.scheduled_at, m.id LIMIT ?)
           SELECT t.id, t.scheduled_at, c.full_name AS person, org.name AS organization, t.deadline, t.total
           {_NAMES_OF_FIRST}""",
        [THANK_YOU_HOURS, workbook_id, limit, workbook_id],
    )
    items = []
    for r in rows:
        overdue = now > r["deadline"]
        if overdue:
            late = (now.date() - r["deadline"].date()).days
            status = "Overdue" + (f" by {wording.plural(late, 'day')}" if late >= 1 else "")
        else:
            status = f"Send by {r['deadline']:%a %H:%M}"
        items.append({"id": r["id"], "Person": r["person"], "Organization": r["organization"],
                      "Met": _day_text(r["scheduled_at"].date(), now.date()), "Thank-you": status,
                      "overdue": overdue})
    return ActionGroup(
        "thank_you", "Thank-you notes to send", "review", "Send and record it on the Review page",
        "Within 24 hours of a meeting, thank the person and name one specific thing you learned.",
        rows[0]["total"] if rows else 0, items, urgent=any(i["overdue"] for i in items),
        link_params=_first(next((i for i in items if i["overdue"]), items[0] if items else None), "meeting"),
    )


@db.reads
def late_thank_yous(con, workbook_id: int) -> int:
    """Thank-you notes recorded as sent more than a day after the meeting (feedback, not an action)."""
    return db.scalar(
        con,
        f"""SELECT count(*) FROM meetings m JOIN reviews r ON r.meeting_id = m.id
           WHERE m.workbook_id = ? AND {meetings.held_sql("m")}
             AND r.thank_you_sent_on > CAST(m.scheduled_at AS DATE) + INTERVAL '1 DAY'""",
        [workbook_id],
    )


@db.reads
def researched_not_contacted(con, workbook_id: int, limit: int = ITEM_LIMIT) -> ActionGroup:
    """Contacts at stage 'researched' with no outreach attempt at all."""
    rows = db.rows(
        con,
        """WITH todo AS (
               SELECT c.id, c.full_name, c.organization_id, c.title, c.created_at, count(*) OVER () AS total
               FROM contacts c
               WHERE NOT EXISTS (SELECT 1 FROM outreach o WHERE o.workbook_id = ? AND o.contact_id = c.id)
                 AND c.workbook_id = ? AND c.stage = 'researched'
               ORDER BY c.created_at, c.full_name, c.id LIMIT ?)
           SELECT t.id, t.full_name AS person, org.name AS organization, t.title, t.total
           FROM todo t LEFT JOIN organizations org ON org.id = t.organization_id
           ORDER BY t.created_at, t.full_name, t.id""",
        [workbook_id, workbook_id, limit],
    )
    items = [{"id": r["id"], "Person": r["person"], "Organization": r["organization"], "Title": r["title"]}
             for r in rows]
    return ActionGroup(
        "not_contacted", "Researched but never contacted", "outreach", "Write to them on the Outreach page",
        "Your research is done: ask for 15–20 minutes to learn from them, never for a job.",
        rows[0]["total"] if rows else 0, items, link_params=_first(rows[0] if rows else None, "contact"),
    )


@db.reads
def all_actions(con, workbook_id: int, now: datetime) -> list[ActionGroup]:
    """Every kind of next action, in the order Home shows them (the most time-bound first)."""
    today = now.date()
    return [
        thank_yous_missing(con, workbook_id, now),
        unreviewed_meetings(con, workbook_id, today),
        upcoming_meetings(con, workbook_id, today, now=now),
        follow_ups_due(con, workbook_id, today),
        past_meetings_to_update(con, workbook_id, today, now=now),
        researched_not_contacted(con, workbook_id),
    ]


# ---- the five steps as a checklist -------------------------------------------------------------

NOT_STARTED, UNDER_WAY, DONE = "not_started", "under_way", "done"
STATUS_LABELS = {NOT_STARTED: "Not started", UNDER_WAY: "Under way", DONE: "Done"}


@dataclass(frozen=True)
class Step:
    number: int
    page: str
    title: str
    status: str
    detail: str      # where the person stands, in numbers
    done_means: str  # what "done" means for this step


COUNTS = {
    "goal": "SELECT count(*) FROM goals WHERE workbook_id = ? AND purpose IS NOT NULL",
    "goal_dated": "SELECT count(*) FROM goals WHERE workbook_id = ? AND purpose IS NOT NULL AND target_date IS NOT NULL",
    "organizations": "SELECT count(*) FROM organizations WHERE workbook_id = ?",
    "contacts": "SELECT count(*) FROM contacts WHERE workbook_id = ?",
    "researched": "SELECT count(*) FROM contacts WHERE workbook_id = ? AND stage <> 'identified'",
    "attempts": "SELECT count(*) FROM outreach WHERE workbook_id = ?",
    "meetings": "SELECT count(*) FROM meetings WHERE workbook_id = ? AND status <> 'cancelled'",
    "plans": "SELECT count(DISTINCT mq.meeting_id) FROM meeting_questions mq JOIN meetings m ON m.id = mq.meeting_id"
             " WHERE m.workbook_id = ? AND m.status <> 'cancelled'",
    "held": f"SELECT count(*) FROM meetings WHERE workbook_id = ? AND {meetings.held_sql()}",
    "reviews": "SELECT count(*) FROM reviews r JOIN meetings m ON m.id = r.meeting_id"
               f" WHERE r.workbook_id = ? AND {meetings.held_sql('m')}",
}


@db.reads
def counts(con, workbook_id: int) -> dict:
    """The numbers the checklist and the empty-workbook check are made from.

    One small query each: DuckDB plans a single SELECT of many scalar subqueries far more slowly.
    """
    return {name: db.scalar(con, sql, [workbook_id]) for name, sql in COUNTS.items()}


@db.reads
def is_empty(con, workbook_id: int, c: dict | None = None) -> bool:
    """Nothing entered yet: no goal and no step's data. `c` reuses counts() already made."""
    c = c or counts(con, workbook_id)
    return not (c["goal"] or c["organizations"] or c["contacts"] or c["attempts"] or c["meetings"])


def _status(started: bool, finished: bool) -> str:
    return DONE if finished else UNDER_WAY if started else NOT_STARTED


@db.reads
def checklist(con, workbook_id: int, c: dict | None = None) -> list[Step]:
    """The five steps, each not started / under way / done, measured against the target number.
    `c` reuses counts() already made."""
    c = c or counts(con, workbook_id)
    goal = goals.get(con, workbook_id)
    target = goal.target_interviews if goal else goals.DEFAULT_TARGET
    where = {  # each step's status and where the person stands, in numbers
        "goals": (_status(bool(c["goal"]), bool(c["goal_dated"])),
                  ("Goal saved" if c["goal_dated"] else "Saved; add a target date") if c["goal"] else "No goal yet"),
        "research": (_status(bool(c["organizations"] or c["contacts"]), c["researched"] >= target),
                     f"{wording.plural(c['researched'], 'person', 'people')} researched · aim {target}"),
        "outreach": (_status(bool(c["attempts"] or c["meetings"]), c["meetings"] >= target),
                     f"{wording.plural(c['meetings'], 'meeting')} booked · aim {target}"),
        "questions": (_status(bool(c["plans"]), c["plans"] >= target),
                      f"{wording.plural(c['plans'], 'meeting')} with a plan · aim {target}"),
        "review": (_status(bool(c["reviews"]), c["reviews"] >= target),
                   f"{c['reviews']} of {wording.plural(c['held'], 'meeting')} held reviewed · aim {target}"),
    }
    return [Step(p.step, p.key, p.title, *where[p.key], p.done_means.format(target=target))
            for p in page_registry.steps()]
