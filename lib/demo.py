"""The demo workbook: a fictional engineer new to Calgary, built from the files in data/demo/.

Dates in the files are day offsets from "today", so the demo always has meetings coming up,
follow-ups due and reviews missing, whatever day it is loaded. Loading again resets the same
workbook (same id) instead of adding a second one.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from pathlib import Path

import duckdb

from lib import business_days, db, hosting, outreach, workbooks

DEMO_DIR = db.ROOT / "data" / "demo"

# Which bank questions each plan draws on, per category, in order: 12 questions (M18), referral last (M22).
PLAN_SHAPE = (("role", 3), ("organization", 2), ("industry", 2), ("career_path", 3))
PLAN_CLOSING = ("close-referral", "close-name")


def _csv(name: str) -> list[dict]:
    with (DEMO_DIR / name).open(encoding="utf-8", newline="") as f:
        return [{k: (v if v != "" else None) for k, v in row.items()} for row in csv.DictReader(f)]


def _day(today: date, offset: str | int | None) -> date | None:
    return None if offset is None else today + timedelta(days=int(offset))


def _at(today: date, offset: str | int, hour: str | int) -> datetime:
    return datetime.combine(_day(today, offset), time(int(hour)))


@db.writes
def load(con: duckdb.DuckDBPyConnection, today: date | None = None, *, admins: Iterable[str] = ()) -> int:
    """Create (or reset) the demo workbook in one transaction and return its id. In hosted mode only an
    administrator (one of `admins`, lib/hosting.py) may, and the demo is theirs: each has their own."""
    hosting.require_admin(con, admins, "load the demo workbook")
    today = today or date.today()
    spec = json.loads((DEMO_DIR / "profile.json").read_text(encoding="utf-8"))
    with db.transaction(con) as cur:
        workbook_id = _reset_workbook(cur, spec["workbook_name"], hosting.new_owner(cur))
        for table in ("review_history", "interactions"):  # review-step tables (migration 006)
            cur.execute(f"DELETE FROM {table} WHERE workbook_id = ?", [workbook_id])
        _insert_profile_and_goal(cur, workbook_id, spec, today)
        orgs = _insert_organizations(cur, workbook_id)
        people = _insert_contacts(cur, workbook_id, orgs, today)
        _insert_outreach(cur, workbook_id, people, today)
        meetings = _insert_meetings(cur, workbook_id, people, today)
        _insert_question_plans(cur, meetings)
        _insert_reviews(cur, workbook_id, meetings, today)
    return workbook_id


def _reset_workbook(cur, name: str, owner: str | None) -> int:
    own, person = hosting.only_own(cur)  # hosted: the person's own demo and names; local: every workbook
    existing = db.scalar(cur, f"SELECT min(id) FROM workbooks WHERE is_demo{own}", person)
    if existing is None:
        clash = db.scalar(cur, f"SELECT count(*) FROM workbooks WHERE lower(trim(name)) = lower(?){own}",
                          [name, *person])
        label = name if not clash else f"{name} (demo)"
        return cur.execute(
            "INSERT INTO workbooks (name, is_demo, owner) VALUES (?, true, ?) RETURNING id", [label, owner]
        ).fetchone()[0]
    workbooks.delete_rows(cur, existing)
    cur.execute("UPDATE workbooks SET archived = false WHERE id = ?", [existing])
    return existing


def _insert_profile_and_goal(cur, workbook_id: int, spec: dict, today: date) -> None:
    p = spec["profile"]
    cur.execute(
        "INSERT INTO profiles (workbook_id, full_name, headline, background, elevator_pitch, email, phone)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [workbook_id, p["full_name"], p["headline"], p["background"], p["elevator_pitch"], p["email"], p["phone"]],
    )
    g = spec["goal"]
    cur.execute(
        "INSERT INTO goals (workbook_id, purpose, intentions, target_roles, target_industries, location,"
        " career_direction, target_interviews, start_date, target_date, weekly_pace, what_you_bring, fit_to_test,"
        " holiday_country, holiday_subdivision)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            workbook_id, g["purpose"], g["intentions"], g["target_roles"], g["target_industries"],
            g["location"], g["career_direction"], g["target_interviews"],
            _day(today, g["start_offset_days"]), _day(today, g["target_offset_days"]), g["weekly_pace"],
            g.get("what_you_bring"), g.get("fit_to_test"), g.get("holiday_country"), g.get("holiday_subdivision"),
        ],
    )
    _insert_goal_history(cur, workbook_id, g, today)


def _insert_goal_history(cur, workbook_id: int, g: dict, today: date) -> None:
    """Earlier versions of the goal (lib/goals.py, migration 002): the current one is the last in the list."""
    cur.execute("DELETE FROM goal_history WHERE workbook_id = ?", [workbook_id])
    versions = g.get("earlier_versions", [])
    for version, earlier in enumerate(versions, start=1):
        v = g | earlier
        cur.execute(
            "INSERT INTO goal_history (workbook_id, version, purpose, intentions, target_roles, target_industries,"
            " location, career_direction, target_interviews, start_date, target_date, weekly_pace, change_note,"
            " saved_at, replaced_at, what_you_bring, fit_to_test, holiday_country, holiday_subdivision)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [workbook_id, version, v["purpose"], v["intentions"], v["target_roles"], v["target_industries"],
             v["location"], v["career_direction"], v["target_interviews"], _day(today, v["start_offset_days"]),
             _day(today, v["target_offset_days"]), v["weekly_pace"], earlier.get("change_note"),
             _at(today, earlier["saved_offset_days"], 9), _at(today, earlier["replaced_offset_days"], 9),
             v.get("what_you_bring"), v.get("fit_to_test"), v.get("holiday_country"), v.get("holiday_subdivision")],
        )
    if versions:
        cur.execute("UPDATE goals SET version = ?, change_note = ?, updated_at = ? WHERE workbook_id = ?",
                    [len(versions) + 1, g.get("change_note"), _at(today, versions[-1]["replaced_offset_days"], 9),
                     workbook_id])


def _insert_organizations(cur, workbook_id: int) -> dict[str, int]:
    ids = {}
    for o in _csv("organizations.csv"):
        ids[o["key"]] = cur.execute(
            "INSERT INTO organizations (workbook_id, name, industry, location, website, size, why_interested, notes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [workbook_id, o["name"], o["industry"], o["location"], o["website"], o["size"],
             o["why_interested"], o["notes"]],
        ).fetchone()[0]
        # The research checklist (M8): most organizations researched, a few not yet, so the warning shows.
        for item in filter(None, (o.get("checked") or "").split(";")):
            cur.execute(f"UPDATE organizations SET chk_{item} = true WHERE id = ?",  # names from the shipped file
                        [ids[o["key"]]])
    return ids


def _insert_contacts(cur, workbook_id: int, orgs: dict[str, int], today: date) -> dict[str, int]:
    ids: dict[str, int] = {}
    for c in _csv("contacts.csv"):
        referred_by = ids[c["referred_by"]] if c["referred_by"] else None  # referrers come first in the file
        created = datetime.combine(_day(today, c["created_offset"]), time(9))
        ids[c["key"]] = cur.execute(
            "INSERT INTO contacts (workbook_id, full_name, organization_id, title, email, phone, linkedin_url,"
            " source, referred_by_contact_id, stage, notes, private_notes, connected_on, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [workbook_id, c["full_name"], orgs[c["org"]], c["title"], c["email"], c["phone"],
             c["linkedin_url"], c["source"], referred_by, c["stage"], c["notes"], c["private_notes"],
             _day(today, c["connected_offset"]), created],
        ).fetchone()[0]
    return ids


def _insert_outreach(cur, workbook_id: int, people: dict[str, int], today: date) -> None:
    """The demo's attempts. A row with a follow_up_offset asks for a reminder, dated as logging it would date it
    (3B7 in business days from the attempt, lib/outreach.py), so the demo never shows a reminder the method would
    not set (a calendar offset put one on a Sunday: a hostile tester). A later attempt settles it, as logging does."""
    rows = _csv("outreach.csv")
    holidays = business_days.for_workbook(cur, workbook_id)
    for o in rows:
        at = _at(today, o["day_offset"], o["hour"])
        theirs = [r for r in rows if r["contact"] == o["contact"]]
        settled = any(int(r["day_offset"]) > int(o["day_offset"]) and r["outcome"] != "no_answer" for r in theirs)
        due = kind = seven = None
        if o["follow_up_offset"] is not None and not settled:
            follows = any(int(r["day_offset"]) < int(o["day_offset"]) and r["outcome"] in ("no_reply", "left_voicemail")
                          for r in theirs)
            due, kind, seven = outreach.reminder_after(o["outcome"], at.date(), follows, holidays)
        cur.execute(
            "INSERT INTO outreach (workbook_id, contact_id, channel, message, attempted_at, outcome, follow_up_on,"
            " follow_up_kind, follow_up_7_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [workbook_id, people[o["contact"]], o["channel"], o["message"], at, o["outcome"], due, kind, seven],
        )


def _insert_meetings(cur, workbook_id: int, people: dict[str, int], today: date) -> dict[str, int]:
    ids = {}
    for m in _csv("meetings.csv"):
        ids[m["key"]] = cur.execute(
            "INSERT INTO meetings (workbook_id, contact_id, scheduled_at, duration_minutes, format, location,"
            " status, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [workbook_id, people[m["contact"]], _at(today, m["day_offset"], m["hour"]),
             int(m["duration_minutes"]), m["format"], m["location"], m["status"], m["notes"]],
        ).fetchone()[0]
    return ids


def _insert_question_plans(cur, meetings: dict[str, int]) -> None:
    bank = db.rows(cur, "SELECT id, bank_key, category FROM questions WHERE workbook_id IS NULL ORDER BY bank_key")
    by_category: dict[str, list[dict]] = {}
    for q in bank:
        by_category.setdefault(q["category"], []).append(q)
    by_key = {q["bank_key"]: q["id"] for q in bank}
    # Every meeting but the last gets a plan, so Home can show one upcoming meeting without a plan.
    for index, key in enumerate(sorted(meetings)[:-1]):
        chosen = []
        for category, count in PLAN_SHAPE:
            pool = by_category.get(category, [])
            chosen += [pool[(index + i) % len(pool)]["id"] for i in range(min(count, len(pool)))]
        chosen += [by_key[k] for k in PLAN_CLOSING if k in by_key]
        for position, question_id in enumerate(chosen, start=1):
            cur.execute(
                "INSERT INTO meeting_questions (meeting_id, question_id, position, must_ask) VALUES (?, ?, ?, ?)",
                [meetings[key], question_id, position, position == len(chosen) - 1],
            )


def _insert_reviews(cur, workbook_id: int, meetings: dict[str, int], today: date) -> None:
    for r in _csv("reviews.csv"):
        meeting_id = meetings[r["meeting"]]
        met_on = db.scalar(cur, "SELECT scheduled_at FROM meetings WHERE id = ?", [meeting_id])
        cur.execute(
            "INSERT INTO reviews (meeting_id, workbook_id, insights, not_online, advice, next_steps, usefulness,"
            " thank_you_sent_on, keep_in_touch_days, created_at, plan_changes, workplace_seen)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [meeting_id, workbook_id, r["insights"], r["not_online"], r["advice"], r["next_steps"],
             int(r["usefulness"]), _day(today, r["thank_you_offset"]),
             int(r["keep_in_touch_days"]) if r["keep_in_touch_days"] else None,
             met_on + timedelta(hours=3), r.get("plan_changes") or None, r.get("workplace_seen") or None],
        )
        # The cadence chosen in the review is the person's keep-in-touch cadence (lib/keep_in_touch.py).
        cur.execute(
            "UPDATE contacts SET keep_in_touch_days = ? WHERE id = (SELECT contact_id FROM meetings WHERE id = ?)",
            [int(r["keep_in_touch_days"]) if r["keep_in_touch_days"] else None, meeting_id],
        )


def demo_files() -> list[Path]:
    """The data files the demo is made from (for docs and tests)."""
    return sorted(DEMO_DIR.iterdir())
