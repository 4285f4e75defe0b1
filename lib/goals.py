"""Step 1: the workbook's goal (M1–M7), its earlier versions (M28), and the pace realism rule (M5/M6).

One goal per workbook. Saving a change writes the previous version to goal_history in the same
transaction, so a person can look back at how their plan moved during a review.
"""
from __future__ import annotations

import json
import math
import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import duckdb

from lib import business_days, db, fields, rows, text
from lib.errors import Conflict, Invalid
from lib import wording

EXAMPLES_FILE = db.ROOT / "data" / "goal_examples.json"

DEFAULT_TARGET = 10          # M4: at least ten conversations
MIN_TARGET, MAX_TARGET = 1, 100
MAX_WEEKLY_PACE = 14.0       # two a day, every day: beyond that nobody can prepare (M7)
HEAVY_WEEKLY_PACE = 3.0      # above this, preparation time gets squeezed: a gentle note, not a refusal
MAX_YEARS_AHEAD = 5          # a long-term goal (M5), but a date a person can still plan toward
SAVE_ROUNDS = 6             # rounds of db.writes (retry_on_conflict) when many sessions save one goal at once
LONG_TEXT = 4_000
SHORT_TEXT = text.MAX_SHORT_CHARS

# The stored fields a person edits, in form order (the version and timestamps are kept by save()).
FIELDS = (
    "purpose", "intentions", "target_roles", "target_industries", "location", "career_direction",
    "target_interviews", "start_date", "target_date", "weekly_pace",
    "what_you_bring", "fit_to_test", "holiday_country", "holiday_subdivision",
)
LABELS = {
    "purpose": "What you want to learn",
    "intentions": "Your intentions",
    "target_roles": "Target roles",
    "target_industries": "Target industries",
    "location": "Place",
    "career_direction": "Long-term direction",
    "target_interviews": "Target number of interviews",
    "start_date": "Start date",
    "target_date": "Target date",
    "weekly_pace": "Meetings per week",
    "what_you_bring": "What you bring",
    "fit_to_test": "What you want to test about fit",
    "holiday_country": "Holiday calendar: country",
    "holiday_subdivision": "Holiday calendar: province or state",
    "change_note": "What changed and why",
}


@dataclass(frozen=True)
class Goal:
    workbook_id: int
    purpose: str | None
    intentions: str | None
    target_roles: str | None
    target_industries: str | None
    location: str | None
    career_direction: str | None
    target_interviews: int
    start_date: date | None
    target_date: date | None
    weekly_pace: float | None
    version: int
    change_note: str | None
    updated_at: datetime | None
    what_you_bring: str | None = None       # M30/M31: skills and experience, said as a peer would
    fit_to_test: str | None = None          # M30: what each conversation should tell you about fit
    holiday_country: str | None = None      # the public holidays reminders skip (lib.business_days)
    holiday_subdivision: str | None = None


@db.reads
def get(con: duckdb.DuckDBPyConnection, workbook_id: int) -> Goal | None:
    """The workbook's current goal, or None when none was saved yet."""
    row = db.one(
        con,
        f"SELECT workbook_id, {', '.join(FIELDS)}, coalesce(version, 1) AS version, change_note, updated_at"
        " FROM goals WHERE workbook_id = ?",
        [workbook_id],
    )
    return Goal(**row) if row else None


def _as_date(value, field_label: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise Invalid(f"{field_label} is not a date I can read; use the calendar or YYYY-MM-DD.") from None


def _target(value) -> int:
    if value is None or value == "":
        raise Invalid(f"A target number of interviews is needed: {MIN_TARGET} to {MAX_TARGET}. Ten is a good start.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise Invalid("The target number of interviews must be a whole number, such as 10.") from None
    if not math.isfinite(number) or number != int(number):
        raise Invalid("The target number of interviews must be a whole number, such as 10.")
    number = int(number)
    if number < MIN_TARGET:
        raise Invalid(
            f"A target of {wording.plural(number, 'interview')} leaves nothing to aim for. Choose at least {MIN_TARGET}; "
            "ten conversations is a good start."
        )
    if number > MAX_TARGET:
        raise Invalid(
            f"A target of {number:,} interviews is more than anyone can prepare for. Choose {MAX_TARGET} "
            "or fewer; ten well-prepared conversations teach more than many rushed ones."
        )
    return number


def _pace(value) -> float | None:
    if value is None or value == "":
        return None
    try:
        pace = float(value)
    except (TypeError, ValueError):
        raise Invalid("Meetings per week must be a number, such as 1 or 1.5.") from None
    if not math.isfinite(pace) or pace <= 0:
        raise Invalid("Meetings per week must be more than 0 (for example 0.5 for one every two weeks), or left empty.")
    if pace > MAX_WEEKLY_PACE:
        raise Invalid(
            f"{pace:g} meetings a week leaves no time to prepare for each one. Choose {MAX_WEEKLY_PACE:g} or fewer."
        )
    return pace


def validate_pace(value) -> float | None:
    """Meetings per week: more than 0 and at most MAX_WEEKLY_PACE, or None."""
    return _pace(value)


def validate(values: dict, *, today: date, saved: Goal | None = None) -> dict:
    """The cleaned values to store, or Invalid with a message a person can act on.

    A target date in the past is refused, except when it is the date already saved (so a goal
    whose date has passed can still be edited, and the page asks for a new date).
    """
    clean = {
        "purpose": fields.short(values.get("purpose"), field=LABELS["purpose"], required=True, limit=LONG_TEXT),
        "intentions": fields.short(values.get("intentions"), field=LABELS["intentions"], limit=LONG_TEXT),
        "target_roles": fields.short(values.get("target_roles"), field=LABELS["target_roles"], limit=SHORT_TEXT),
        "target_industries": fields.short(
            values.get("target_industries"), field=LABELS["target_industries"], limit=SHORT_TEXT),
        "location": fields.short(values.get("location"), field=LABELS["location"], limit=SHORT_TEXT),
        "career_direction": fields.short(
            values.get("career_direction"), field=LABELS["career_direction"], limit=LONG_TEXT),
        "target_interviews": _target(values.get("target_interviews", DEFAULT_TARGET)),
        "weekly_pace": _pace(values.get("weekly_pace")),
        "change_note": fields.short(values.get("change_note"), field=LABELS["change_note"], limit=1_000),
        "what_you_bring": fields.short(values.get("what_you_bring"), field=LABELS["what_you_bring"], limit=LONG_TEXT),
        "fit_to_test": fields.short(values.get("fit_to_test"), field=LABELS["fit_to_test"], limit=LONG_TEXT),
    }
    clean["holiday_country"], clean["holiday_subdivision"] = business_days.check(
        values.get("holiday_country"), values.get("holiday_subdivision"))
    target_date = _as_date(values.get("target_date"), LABELS["target_date"])
    start_date = _as_date(values.get("start_date"), LABELS["start_date"])
    if start_date is None:
        start_date = saved.start_date if saved and saved.start_date else today
    unchanged_date = saved is not None and target_date == saved.target_date
    if target_date is not None and target_date < today and not unchanged_date:
        raise Invalid(
            f"The target date {wording.day(target_date)} is in the past. Choose today or a later date: "
            "a few months ahead gives relationships time to grow."
        )
    latest = today.replace(year=today.year + MAX_YEARS_AHEAD) if not (today.month == 2 and today.day == 29) \
        else today + timedelta(days=365 * MAX_YEARS_AHEAD)
    if target_date is not None and target_date > latest:
        raise Invalid(
            f"The target date {wording.day(target_date)} is more than {MAX_YEARS_AHEAD} years away. "
            "Set a nearer milestone and move it on when you review your goal."
        )
    if start_date < today - timedelta(days=365 * MAX_YEARS_AHEAD):
        raise Invalid(f"The start date {wording.day(start_date)} is too far in the past; use when you began this search.")
    if target_date is not None and start_date > target_date:
        raise Invalid("The start date comes after the target date. Start on or before the day you aim to finish.")
    clean["target_date"] = target_date
    clean["start_date"] = start_date
    return clean


def _merged(saved: Goal | None, changes: dict, opened: rows.Opened, today: date) -> dict:
    """The goal stored now with the person's changed fields on top; Conflict when one of them moved meanwhile."""
    stored = {name: getattr(saved, name) for name in FIELDS} if saved else {
        name: None for name in FIELDS} | {"target_interviews": DEFAULT_TARGET, "start_date": today}
    fields = {k: v for k, v in changes.items() if k in FIELDS}
    clashes = rows.clashes(stored, saved.version if saved else 0, fields, opened, LABELS)
    if clashes:
        raise Conflict(clashes, stored, saved.version if saved else 0)
    return stored | changes


def _same(saved: Goal, clean: dict) -> bool:
    return all(getattr(saved, name) == clean[name] for name in FIELDS)


@db.reads
def save(con: duckdb.DuckDBPyConnection, workbook_id: int, *, today: date | None = None,
         opened: rows.Opened | None = None, **values) -> Goal:
    """Create or change the goal in one transaction; the version it replaces goes to goal_history.

    `values` are the FIELDS plus an optional change_note. Saving the same values again changes
    nothing (no new version). Raises Invalid, with nothing saved, on bad input.
    With `opened` (the version and values the form was opened with; version 0 for no goal yet), `values`
    holds only the fields the person changed: they are merged into the goal stored now, and a field someone
    else changed meanwhile raises Conflict with nothing saved (lib/rows.py).
    """
    unknown = set(values) - set(FIELDS) - {"change_note"}
    if unknown:
        raise TypeError(f"unknown goal fields: {sorted(unknown)}")
    today = today or date.today()
    for round_ in range(SAVE_ROUNDS):
        try:
            return _save(con, workbook_id, today, values, opened)
        except (duckdb.ConstraintException, duckdb.TransactionException):
            # Other sessions saved this goal at the same moment (a duplicate first goal, or conflicts that
            # outlasted the retries): wait a random while so we do not collide in step again, then save
            # ours as an edit of theirs.
            if round_ == SAVE_ROUNDS - 1:
                raise
            time.sleep(random.uniform(0.01, 0.05) * (round_ + 1))
    raise AssertionError("unreachable")


@db.writes
def _save(con: duckdb.DuckDBPyConnection, workbook_id: int, today: date, values: dict,
          opened: rows.Opened | None = None) -> Goal:
    with db.transaction(con) as cur:
        saved = get(cur, workbook_id)
        if opened is not None:
            values = _merged(saved, values, opened, today)
        clean = validate(values, today=today, saved=saved)
        if saved is not None and _same(saved, clean):
            return saved
        columns = list(FIELDS) + ["change_note"]
        if saved is None:
            cur.execute(
                f"INSERT INTO goals (workbook_id, {', '.join(columns)}, version, updated_at)"
                f" VALUES (?, {', '.join('?' for _ in columns)}, 1, current_localtimestamp())",
                [workbook_id] + [clean[c] for c in columns],
            )
        else:
            cur.execute(
                f"INSERT INTO goal_history (workbook_id, version, {', '.join(columns)}, saved_at)"
                f" VALUES (?, ?, {', '.join('?' for _ in columns)}, ?)",
                [workbook_id, saved.version] + [getattr(saved, c) for c in columns] + [saved.updated_at],
            )
            cur.execute(
                f"UPDATE goals SET {', '.join(f'{c} = ?' for c in columns)}, version = ?,"
                " updated_at = current_localtimestamp() WHERE workbook_id = ?",
                [clean[c] for c in columns] + [saved.version + 1, workbook_id],
            )
        return get(cur, workbook_id)


@db.reads
def history(con: duckdb.DuckDBPyConnection, workbook_id: int) -> list[dict]:
    """Every version of the goal, newest first, the current one included (marked current=True).

    Each version carries `changes`: short phrases saying what differs from the version before it.
    """
    columns = ", ".join(FIELDS)
    rows = db.rows(
        con,
        f"SELECT version, {columns}, change_note, updated_at AS saved_at, true AS current"
        " FROM goals WHERE workbook_id = ?"
        f" UNION ALL SELECT version, {columns}, change_note, saved_at, false AS current"
        " FROM goal_history WHERE workbook_id = ?"
        " ORDER BY current DESC, version DESC, saved_at DESC",
        [workbook_id, workbook_id],
    )
    for newer, older in zip(rows, rows[1:] + [None]):
        newer["changes"] = describe_changes(older, newer) if older else ["First version"]
    return rows


def _show(name: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, date):
        return f"{wording.day(value)}"
    if isinstance(value, float):
        return f"{value:g}"
    value = str(value)
    return value if len(value) <= 40 else value[:37] + "…"


def describe_changes(older: dict, newer: dict) -> list[str]:
    """What changed between two versions, one short phrase per field."""
    out = []
    for name in FIELDS:
        before, after = older.get(name), newer.get(name)
        if before == after:
            continue
        if name in ("purpose", "intentions", "career_direction", "what_you_bring", "fit_to_test"):
            out.append(f"{LABELS[name]} rewritten")
        else:
            out.append(f"{LABELS[name]}: {_show(name, before)} → {_show(name, after)}")
    return out or ["No field changed"]


# ---- the pace realism rule (M5/M6) --------------------------------------------------------------

@dataclass(frozen=True)
class PaceCheck:
    """How the planned pace compares with what is left to do by the target date.

    status: "no_date" (no target date yet), "reached" (target met), "passed" (date gone, target not met),
    "no_pace" (no weekly pace given), "on_track", or "behind" (the pace cannot reach the target by the date).
    """
    status: str
    done: int
    target: int
    remaining: int
    days_left: int | None
    weekly_pace: float | None
    needed_per_week: float | None
    reachable: float | None
    message: str
    notes: tuple[str, ...] = field(default=())

    @property
    def warn(self) -> bool:
        return self.status in ("behind", "passed")

    @property
    def weeks_left(self) -> float | None:
        return None if self.days_left is None else max(self.days_left, 0) / 7


def realistic(weekly_pace: float, weeks_left: float, remaining: int) -> bool:
    """The rule itself: a pace is realistic when pace × weeks left covers the interviews still to do."""
    return weekly_pace * weeks_left >= remaining


def pace_check(*, target: int, done: int, weekly_pace: float | None, target_date: date | None,
               today: date) -> PaceCheck:
    """Check a pace against the target and date, with a gentle message (never a refusal)."""
    remaining = max(target - done, 0)
    notes: list[str] = []
    if weekly_pace is not None and weekly_pace > HEAVY_WEEKLY_PACE:
        notes.append(
            f"{weekly_pace:g} meetings a week is a lot: each one needs research and a question plan "
            "first, and preparation is most of the work."
        )
    days_left = None if target_date is None else (target_date - today).days
    base = dict(done=done, target=target, remaining=remaining, days_left=days_left, weekly_pace=weekly_pace,
                notes=tuple(notes))
    if remaining == 0:
        return PaceCheck("reached", needed_per_week=0.0, reachable=None, message=(
            f"You have held {done} of the {target} interviews you aimed for. Well done: review what you "
            "learned and set your next goal."), **base)
    if target_date is None:
        return PaceCheck("no_date", needed_per_week=None, reachable=None, message=(
            "Add a target date: with a date, the app can tell you whether your weekly pace gets you there."),
            **base)
    if days_left < 0:
        return PaceCheck("passed", needed_per_week=None, reachable=None, message=(
            f"Your target date ({wording.day(target_date)}) has passed with {remaining} of {target} interviews "
            "still to go. That is normal: trust takes time. Review your goal and pick a new date."), **base)
    weeks_left = days_left / 7
    needed = remaining / weeks_left if weeks_left > 0 else math.inf
    needed_text = "all of them today" if math.isinf(needed) else f"about {needed:.1f} a week"
    if weekly_pace is None:
        return PaceCheck("no_pace", needed_per_week=needed, reachable=None, message=(
            f"{wording.plural(remaining, 'interview')} to go by {wording.day(target_date)}: that is {needed_text}. "
            "Set a weekly pace you can keep up."), **base)
    reachable = weekly_pace * weeks_left
    if realistic(weekly_pace, weeks_left, remaining):
        return PaceCheck("on_track", needed_per_week=needed, reachable=reachable, message=(
            f"At {weekly_pace:g} a week you can hold the {remaining} interviews still to go by "
            f"{wording.day(target_date)} ({wording.plural(days_left, 'day')} left)."), **base)
    when = "today" if days_left == 0 else f"in the {wording.plural(days_left, 'day')} left"
    return PaceCheck("behind", needed_per_week=needed, reachable=reachable, message=(
        f"At {weekly_pace:g} a week you would hold about {math.floor(reachable + 1e-9)} more {when}, "
        f"but {remaining} are still to go. Relationships take time: a later target date is a fine "
        f"choice, or a pace of {needed_text} if your preparation time allows."), **base)


# ---- worked examples ------------------------------------------------------------------------------

def examples() -> list[dict]:
    """Worked examples a person can start from: each has key, title, who, and values for FIELDS.

    Dates are not part of an example: the person picks their own.
    """
    data = json.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))
    for example in data:
        unknown = set(example["values"]) - set(FIELDS)
        if unknown:
            raise ValueError(f"goal example {example['key']} has unknown fields {sorted(unknown)}")
    return data
