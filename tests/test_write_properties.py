"""Every public write of lib/, driven with generated input (issue 14, "Done when": the property-based test).

For each call: either it raises Invalid and every table is exactly as before, or it succeeds and what it stored
is exactly what it was given (read back; text stripped of surrounding spaces, names with their spacing collapsed,
as lib.fields documents). Any other exception fails. Text includes Markdown, HTML, NUL, emoji, right-to-left,
combining accents and 100,000-character pastes; numbers include 7.5, NaN, infinities, negatives and huge ones;
dates run from year 1 to 9999.

`test_every_write_function_is_driven` lists the write functions of lib/ (decorated with db.retry_on_conflict, or
calling one): a new one fails that test until it gets a driver here (or a reason to be left out).
Fixed seed (derandomize) and a few hundred examples in all, so CI is stable and quick; for a long search set
PROPERTY_EXAMPLES (e.g. `PROPERTY_EXAMPLES=300 .venv/bin/python -m pytest tests/test_write_properties.py`).
"""
from __future__ import annotations

import importlib
import inspect
import io
import os
import pkgutil
import re
import zipfile
from datetime import date, datetime, time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lib
from lib import (backup, contacts, db, demo, goals, keep_in_touch, linkedin, meetings, organizations, outreach,
                 question_plans, questions, readiness, referrals, reviews, scripts, thank_you, workbooks)
from lib import access, calendar_feed
from lib import settings as settings_store
from lib.errors import Invalid
from tests.conftest import DEMO_TODAY
from tests.test_bad_input import World, table_rows

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "6"))
PROFILE = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                          HealthCheck.data_too_large])

# ---- generated input ------------------------------------------------------------------------------

ODD_TEXT = [
    "**bold** _it_ [link](http://evil.example) ![img](http://evil.example/a.png) $x^2$ :red[red] :material/home:",
    "<b>x</b><script>alert(1)</script>", "Ada\x00Lovelace", "Zoë 🚀👩🏽‍💻 مرحبا שלום e\u0301", "\u202eevil\u202c",
    "'); DROP TABLE contacts;--", "=HYPERLINK(\"http://evil.example\")", "  padded  ", "   ", "", "a\nb\r\nc",
    "x" * 100_000, "y" * 301, "z" * 200, "+1 403 555 0111", "ada@example.com", "linkedin.com/in/ada",
    "https://www.linkedin.com/in/ada-lovelace", "example.com", "http://[::1", "١٢٣٤٥٦٧",
]
texts = st.one_of(st.none(), st.sampled_from(ODD_TEXT), st.text(max_size=60),
                  st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=400))
numbers = st.one_of(
    st.none(), st.sampled_from([0, 1, 3, 5, 7.5, 15, 20, 30, 30.5, 60, 90, 99, -7, 10**12, "7", "7.5", "", "ten", True]),
    st.integers(min_value=-(10**15), max_value=10**15), st.floats(allow_nan=True, allow_infinity=True),
)
dates = st.one_of(st.dates(), st.sampled_from([date(1, 1, 1), date(9999, 12, 31), date(2003, 5, 4), DEMO_TODAY]))
moments = st.one_of(st.datetimes(), dates)
def vocab_words(words) -> st.SearchStrategy:
    """A word of a vocabulary, or any text (an unknown word)."""
    return st.one_of(st.sampled_from(list(words)), texts) if words else texts


# Plausible values: a call gets these for every field but (usually) one, which gets a generated value, so that
# successful writes are read back as often as refusals are checked.
_SAFE_CHARS = st.characters(codec="utf-8", blacklist_characters="\x00")
P_TEXT = st.one_of(st.none(), st.sampled_from(["Likes **Markdown** _a lot_ [x](http://evil.example)",
                                               "שלום 🚀 مرحبا e\u0301", "'); DROP TABLE contacts;--", "<b>x</b>",
                                               "  padded  ", "line\nbreak", ":red[x] $x$"]),
                   st.text(alphabet=_SAFE_CHARS, max_size=40))
P_NAME = st.builds(lambda base, n: f"{base} {n}",
                   st.sampled_from(["Ada Lovelace", "  Zoë   Ångström ", "محمد علي", "**Bold** [x](http://e.x)",
                                    "李小龍", "O'Brien-Smith", "<b>x</b>"]), st.integers(0, 10**9))
P_EMAIL = st.sampled_from([None, "ada@example.com", " a.b+c@sub.example.org "])
P_PHONE = st.sampled_from([None, "+1 403 555 0111", "(403) 555-0100 ext 12"])
P_LINKEDIN = st.sampled_from([None, "linkedin.com/in/ada", "https://www.linkedin.com/in/zoë-ångström"])
P_URL = st.sampled_from([None, "example.com", "https://bow-river.example.org/about"])
P_DAY = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 3, 1))
P_FUTURE_DAY = st.dates(min_value=date(2026, 4, 1), max_value=date(2028, 1, 1))
P_MEETING_MINUTES = st.sampled_from([15, 20, 45, "30", 60.0])
P_USEFULNESS = st.sampled_from([1, 3, 5, "4"])
P_CADENCE = st.sampled_from([None, 30, 60, 90, "60"])
P_QUESTION_MINUTES = st.sampled_from([1, 1.25, 2.5, "1.5"])


def mixed(data, plausible: dict, generated: dict) -> dict:
    """Keyword arguments: plausible values, except one field (or none, or all) that gets a generated value."""
    wild = data.draw(st.sampled_from([*plausible, None, "*"]))
    return {k: data.draw(generated[k] if wild in (k, "*") else plausible[k]) for k in plausible}


def stripped(value):
    """What a text rule stores for a value: stripped, None when empty."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def collapsed(value):
    value = stripped(value)
    return " ".join(value.split()) if value else None


# ---- the world the calls write to -----------------------------------------------------------------

@pytest.fixture(scope="module")
def world(tmp_path_factory):
    path = tmp_path_factory.mktemp("properties") / "world.duckdb"
    c = db.open(path)
    w = World(c, demo.load(c, today=DEMO_TODAY))
    w.plan = question_plans.meeting(w.planned)
    tiny = workbooks.create(c, "Tiny export")
    for name in ("Ada Lovelace", "Grace Hopper"):
        contacts.add(c, tiny, full_name=name, email="a@example.com", notes="n")
    w.tiny, w.export = tiny, backup.export_workbook(c, tiny, "csv")
    yield c, w
    c.close()


def row(con, sql: str, params) -> dict:
    found = db.one(con, sql, params)
    assert found is not None
    return found


def run(con, call):
    """Call; on Invalid every table must be as before. On success, the data version (db.data_version) of every
    workbook whose rows changed has moved on, of every workbook for rows of none (settings, the shared bank).
    Returns (ok, result)."""
    before = table_rows(con)
    by_workbook, versions = rows_by_workbook(con), data_versions(con)
    try:
        result = call()
    except Invalid as e:
        assert str(e).strip(), "an Invalid needs a message"
        assert table_rows(con) == before, f"refused ({e}) but changed the database"
        return False, None
    after = rows_by_workbook(con)
    for table, workbook in sorted({k for k in by_workbook.keys() | after.keys()
                                   if by_workbook.get(k) != after.get(k)}, key=repr):
        if table in _LOCKS_NOT_DATA:
            continue
        if workbook is None:
            assert db.data_version(-1) != versions["every"], (
                f"{table} changed (rows of no workbook) but not every data version moved on: a write lacks @db.writes")
        else:
            assert db.data_version(workbook) != versions.get(workbook, (0, versions["every"][1])), (
                f"{table} of workbook {workbook} changed but its data version did not move on: a write lacks @db.writes")
    return True, result


# Tables a write touches only to hold back a concurrent one (migration 017): no read shows them, no cache keys on them.
_LOCKS_NOT_DATA = {"name_locks"}

# Where a table's rows belong: its workbook_id, a workbook's own id, a plan's meeting's workbook; None for none.
_WORKBOOK_OF = {"workbooks": "SELECT id AS _wb, * FROM workbooks",
                "meeting_questions": "SELECT m.workbook_id AS _wb, mq.* FROM meeting_questions mq"
                                     " LEFT JOIN meetings m ON m.id = mq.meeting_id"}


def rows_by_workbook(con) -> dict[tuple[str, int | None], list[str]]:
    """Every row of every table, by (table, workbook it belongs to), in a stable order."""
    tables = db.rows(con, "SELECT t.table_name AS name, bool_or(c.column_name = 'workbook_id') AS has_workbook"
                          " FROM information_schema.tables t JOIN information_schema.columns c USING (table_name)"
                          " WHERE t.table_schema = 'main' AND t.table_type = 'BASE TABLE' GROUP BY ALL ORDER BY 1")
    found: dict[tuple[str, int | None], list[str]] = {}
    for t in tables:
        sql = _WORKBOOK_OF.get(t["name"]) or (f'SELECT workbook_id AS _wb, * FROM "{t["name"]}"' if t["has_workbook"]
                                               else f'SELECT NULL AS _wb, * FROM "{t["name"]}"')
        for r in con.execute(sql).fetchall():
            found.setdefault((t["name"], r[0]), []).append(repr(r[1:]))
    return {k: sorted(v) for k, v in found.items()}


def data_versions(con) -> dict:
    """db.data_version of every workbook, and under "every" the part that moves for all of them."""
    ids = [r[0] for r in con.execute("SELECT id FROM workbooks").fetchall()]
    versions: dict = {i: db.data_version(i) for i in ids}
    versions["every"] = db.data_version(-1)  # no workbook has id -1: (0, the every-workbook version)
    return versions


def fresh_contact(con, w, name="Disposable Person") -> int:
    return contacts.add(con, w.wb, full_name=name)


# ---- one driver per write function ----------------------------------------------------------------

def run_then_check(con, call, check) -> None:
    """`call` as `run` does; when it was accepted, `check(what it returned)`."""
    ok, answer = run(con, call)
    if ok:
        check(answer)


def drive_contacts_add(con, w, data):
    kw = mixed(data, {"full_name": P_NAME, "title": P_TEXT, "email": P_EMAIL, "phone": P_PHONE,
                      "linkedin_url": P_LINKEDIN, "notes": P_TEXT,
                      "stage": st.sampled_from(["identified", "met", "closed"]),
                      "source": st.sampled_from(["manual", "linkedin", "alumni"]), "connected_on": P_DAY},
               {"full_name": texts, "title": texts, "email": texts, "phone": texts, "linkedin_url": texts,
                "notes": texts, "stage": vocab_words([]), "source": vocab_words([]),
                "connected_on": st.one_of(st.none(), dates)})
    ok, new = run(con, lambda: contacts.add(con, w.wb, **kw))
    if ok:
        got = contacts.get(con, w.wb, new)
        assert got["full_name"] == collapsed(kw["full_name"])
        for k in ("title", "email", "phone", "linkedin_url", "notes"):
            assert got[k] == stripped(kw[k]), k
        assert (got["stage"], got["source"]) == (kw["stage"] or "identified", kw["source"] or "manual")
        assert got["connected_on"] == kw["connected_on"]


def drive_contacts_update(con, w, data):
    field = data.draw(st.sampled_from(["title", "email", "phone", "linkedin_url", "notes", "private_notes",
                                       "full_name", "stage", "connected_on"]))
    plausible = {"email": P_EMAIL, "phone": P_PHONE, "linkedin_url": P_LINKEDIN, "full_name": P_NAME,
                 "stage": st.just("met"), "connected_on": P_DAY}.get(field, P_TEXT)
    value = data.draw(st.one_of(plausible, dates if field == "connected_on" else texts))
    ok, _ = run(con, lambda: contacts.update(con, w.wb, w.other_contact, **{field: value}))
    if ok:
        got = contacts.get(con, w.wb, w.other_contact)[field]
        if field == "full_name":
            assert got == collapsed(value)
        elif field == "stage":
            assert got == (value or "identified")
        elif field == "connected_on":
            assert got == value
        else:
            assert got == stripped(value)


def drive_contacts_apply_edits(con, w, data):
    change = mixed(data, {"title": P_TEXT, "stage": st.just("researched"), "notes": P_TEXT},
                   {"title": texts, "stage": vocab_words([]), "notes": texts})
    ok, _ = run(con, lambda: contacts.apply_edits(con, w.wb, {w.other_contact: change}))
    if ok:
        got = contacts.get(con, w.wb, w.other_contact)
        assert (got["title"], got["notes"]) == (stripped(change["title"]), stripped(change["notes"]))


def drive_contacts_delete(con, w, data):
    victim = fresh_contact(con, w)
    ok, _ = run(con, lambda: contacts.delete(con, w.wb, victim))
    assert ok and db.scalar(con, "SELECT count(*) FROM contacts WHERE id = ?", [victim]) == 0


def _org_kw(data):
    return mixed(data, {"name": P_NAME, "industry": P_TEXT, "website": P_URL, "notes": P_TEXT,
                        "why_interested": P_TEXT},
                 {"name": texts, "industry": texts, "website": texts, "notes": texts, "why_interested": texts})


def _check_org(con, w, org_id, kw):
    got = organizations.get(con, w.wb, org_id)
    assert got["name"] == collapsed(kw["name"])
    for k in ("industry", "website", "notes", "why_interested"):
        assert got[k] == stripped(kw[k]), k


def drive_organizations_add(con, w, data):
    kw = _org_kw(data)
    run_then_check(con, lambda: organizations.add(con, w.wb, **kw), lambda new: _check_org(con, w, new, kw))


def drive_organizations_update(con, w, data):
    kw = _org_kw(data)
    if isinstance(kw["name"], str):
        kw["name"] += " (new name)"  # the same seed draws the names organizations.add already took
    run_then_check(con, lambda: organizations.update(con, w.wb, w.org, **kw), lambda _: _check_org(con, w, w.org, kw))


def drive_organizations_delete(con, w, data):
    victim = organizations.add(con, w.wb, name=f"Disposable {datetime.now().timestamp()}")
    ok, _ = run(con, lambda: organizations.delete(con, w.wb, victim))
    assert ok


def drive_outreach_log_attempt(con, w, data):
    kw = mixed(data, {"channel": st.sampled_from(["email", "phone"]), "outcome": st.sampled_from(["no_reply"]),
                      "message": P_TEXT, "attempted_at": st.one_of(st.none(), P_DAY)},
               {"channel": vocab_words([]), "outcome": vocab_words([]), "message": texts,
                "attempted_at": st.one_of(st.none(), moments)})
    ok, logged = run(con, lambda: outreach.log_attempt(con, w.wb, w.contact, **kw))
    if ok:
        got = row(con, "SELECT * FROM outreach WHERE id = ?", [logged.id])
        assert (got["channel"], got["outcome"], got["message"]) == (kw["channel"], kw["outcome"], stripped(kw["message"]))
        if isinstance(kw["attempted_at"], datetime):
            assert got["attempted_at"] == kw["attempted_at"].replace(microsecond=0)
        elif kw["attempted_at"] is not None:
            assert got["attempted_at"].date() == kw["attempted_at"]


def drive_outreach_record_reply(con, w, data):
    outcome = data.draw(st.one_of(st.sampled_from(["replied_yes", "replied_no"]), vocab_words([])))
    when = data.draw(st.one_of(st.none(), P_DAY, moments))
    ok, _ = run(con, lambda: outreach.record_reply(con, w.wb, w.attempt, outcome, when))
    if ok:
        assert row(con, "SELECT outcome FROM outreach WHERE id = ?", [w.attempt])["outcome"] == outcome


def drive_outreach_complete_follow_up(con, w, data):
    ok, _ = run(con, lambda: outreach.complete_follow_up(con, w.wb, w.attempt))
    assert ok


def drive_outreach_stop_follow_ups(con, w, data):
    ok, _ = run(con, lambda: outreach.stop_follow_ups(con, w.wb, w.attempt))
    assert ok and row(con, "SELECT follow_up_on FROM outreach WHERE id = ?", [w.attempt])["follow_up_on"] is None


def _meeting_kw(data):
    return mixed(data, {"day": P_FUTURE_DAY, "at": st.times(), "duration_minutes": P_MEETING_MINUTES,
                        "format": st.sampled_from(["workplace", "video"]), "location": P_TEXT},
                 {"day": st.one_of(dates, st.datetimes()), "at": st.one_of(st.none(), st.times()),
                  "duration_minutes": numbers, "format": vocab_words([]), "location": texts})


def _check_meeting(con, meeting_id, kw):
    got = row(con, "SELECT * FROM meetings WHERE id = ?", [meeting_id])
    assert got["duration_minutes"] == kw["duration_minutes"] and float(kw["duration_minutes"]) == got["duration_minutes"]
    assert (got["format"], got["location"]) == (kw["format"], stripped(kw["location"]))
    day = kw["day"] if isinstance(kw["day"], datetime) else datetime.combine(kw["day"], kw["at"])
    assert got["scheduled_at"] == day.replace(second=0, microsecond=0)


def drive_meetings_schedule(con, w, data):
    kw = _meeting_kw(data)
    kw["duration_minutes"] = kw["duration_minutes"] if kw["duration_minutes"] is not None else 15
    ok, saved = run(con, lambda: meetings.schedule(con, w.wb, w.other_contact, notes=None, **kw))
    if ok:
        if isinstance(kw["duration_minutes"], str):
            kw["duration_minutes"] = int(kw["duration_minutes"])
        _check_meeting(con, saved.id, kw)


def drive_meetings_reschedule(con, w, data):
    kw = _meeting_kw(data)
    kw["duration_minutes"] = kw["duration_minutes"] if kw["duration_minutes"] is not None else 20
    target = meetings.schedule(con, w.wb, w.other_contact, day=date(2026, 4, 1), at=time(10)).id
    ok, _ = run(con, lambda: meetings.reschedule(con, w.wb, target, reason=data.draw(texts), **kw))
    if ok:
        kw["format"] = kw["format"] or "workplace"  # no format given: the meeting keeps its own (documented)
        if isinstance(kw["duration_minutes"], str):
            kw["duration_minutes"] = int(kw["duration_minutes"])
        _check_meeting(con, target, kw)


def drive_meetings_set_status(con, w, data):
    target = meetings.schedule(con, w.wb, w.other_contact, day=date(2026, 4, 1), at=time(10)).id
    status = data.draw(vocab_words(["done", "cancelled", "no_show", "planned"]))
    ok, _ = run(con, lambda: meetings.set_status(con, w.wb, target, status, data.draw(texts)))
    if ok:
        assert row(con, "SELECT status FROM meetings WHERE id = ?", [target])["status"] == status


def drive_meetings_cancel(con, w, data):
    target = meetings.schedule(con, w.wb, w.other_contact, day=date(2026, 4, 1), at=time(10)).id
    ok, _ = run(con, lambda: meetings.cancel(con, w.wb, target, data.draw(texts)))
    if ok:
        assert row(con, "SELECT status FROM meetings WHERE id = ?", [target])["status"] == "cancelled"


def drive_meetings_mark_done(con, w, data):
    target = meetings.schedule(con, w.wb, w.other_contact, day=date(2026, 3, 1), at=time(10)).id
    ok, _ = run(con, lambda: meetings.mark_done(con, w.wb, target))
    assert ok and row(con, "SELECT status FROM meetings WHERE id = ?", [target])["status"] == "done"


def drive_reviews_save(con, w, data):
    kw = mixed(data, {"insights": P_NAME, "usefulness": P_USEFULNESS, "advice": P_TEXT,
                      "keep_in_touch_days": P_CADENCE},
               {"insights": texts, "usefulness": numbers, "advice": texts, "keep_in_touch_days": numbers})
    ok, _ = run(con, lambda: reviews.save(con, w.wb, w.done, **kw))
    if ok:
        got = row(con, "SELECT * FROM reviews WHERE meeting_id = ?", [w.done])
        assert (got["insights"], got["advice"]) == (stripped(kw["insights"]), stripped(kw["advice"]))
        assert got["usefulness"] == float(kw["usefulness"])
        assert got["keep_in_touch_days"] == (None if kw["keep_in_touch_days"] in (None, "") else
                                             float(kw["keep_in_touch_days"]))


def drive_keep_in_touch_set_cadence(con, w, data):
    days = data.draw(st.one_of(P_CADENCE, numbers))
    ok, _ = run(con, lambda: keep_in_touch.set_cadence(con, w.wb, w.contact, days))
    if ok:
        got = row(con, "SELECT keep_in_touch_days FROM contacts WHERE id = ?", [w.contact])["keep_in_touch_days"]
        assert got == (None if days in (None, "") else float(days))


def drive_keep_in_touch_log_interaction(con, w, data):
    kw = mixed(data, {"happened_on": P_DAY, "kind": st.sampled_from(["talked", "met"]), "note": P_TEXT},
               {"happened_on": st.one_of(st.none(), dates), "kind": vocab_words([]), "note": texts})
    ok, new = run(con, lambda: keep_in_touch.log_interaction(con, w.wb, w.contact, **kw))
    if ok:
        got = row(con, "SELECT * FROM interactions WHERE id = ?", [new])
        assert (got["happened_on"], got["kind"], got["note"]) == (kw["happened_on"], kw["kind"], stripped(kw["note"]))


def drive_goals_save(con, w, data):
    kw = mixed(data, {"purpose": P_NAME, "intentions": P_TEXT, "target_interviews": st.sampled_from([10, 12, "15"]),
                      "target_date": st.one_of(st.none(), st.dates(date.today(), date(2029, 1, 1))),
                      "weekly_pace": st.sampled_from([None, 1, 1.5, "2"])},
               {"purpose": texts, "intentions": texts, "target_interviews": numbers,
                "target_date": st.one_of(st.none(), dates), "weekly_pace": numbers})
    ok, goal = run(con, lambda: goals.save(con, w.wb, **kw))
    if ok:
        got = goals.get(con, w.wb)
        assert (got.purpose, got.intentions) == (stripped(kw["purpose"]), stripped(kw["intentions"]))
        assert got.target_interviews == float(kw["target_interviews"])
        assert got.target_date == kw["target_date"]
        assert got.weekly_pace == (None if kw["weekly_pace"] in (None, "") else float(kw["weekly_pace"]))


def drive_workbooks_create(con, w, data):
    name = data.draw(st.one_of(P_NAME, texts))
    ok, new = run(con, lambda: workbooks.create(con, name))
    if ok:
        assert workbooks.get(con, new).name == stripped(name)


def drive_workbooks_rename(con, w, data):
    name = data.draw(st.one_of(P_NAME.map(lambda n: n + " (new name)"), texts))
    ok, _ = run(con, lambda: workbooks.rename(con, w.other_wb, name))
    if ok:
        assert workbooks.get(con, w.other_wb).name == stripped(name)


def drive_workbooks_set_archived(con, w, data):
    value = data.draw(st.booleans())
    ok, _ = run(con, lambda: workbooks.set_archived(con, w.other_wb, value))
    assert ok and workbooks.get(con, w.other_wb).archived == value


def drive_workbooks_ensure_one(con, w, data):
    ok, got = run(con, lambda: workbooks.ensure_one(con, data.draw(st.sampled_from(["My workbook", "Zoë 🚀"]))))
    assert ok and not got.archived


def _question_kw(data):
    return mixed(data, {"text": P_NAME.map(lambda t: t + "?"), "category": st.sampled_from(["role", "closing"]),
                        "tiara": st.sampled_from([None, "trends"]), "minutes": P_QUESTION_MINUTES},
                 {"text": texts, "category": vocab_words([]), "tiara": vocab_words([]), "minutes": numbers})


def _check_question(con, w, qid, kw):
    got = questions.get(con, w.wb, qid)
    assert (got["text"], got["category"], got["tiara"]) == (stripped(kw["text"]), kw["category"], kw["tiara"] or None)
    assert got["minutes"] == float(kw["minutes"])


def drive_questions_add(con, w, data):
    kw = _question_kw(data)
    run_then_check(con, lambda: questions.add(con, w.wb, **kw), lambda new: _check_question(con, w, new, kw))


def drive_questions_update(con, w, data):
    kw = _question_kw(data)
    run_then_check(con, lambda: questions.update(con, w.wb, w.question, **kw),
                   lambda _: _check_question(con, w, w.question, kw))


def drive_questions_delete(con, w, data):
    victim = questions.add(con, w.wb, text=f"Disposable question {datetime.now().timestamp()}?", category="role")
    ok, _ = run(con, lambda: questions.delete(con, w.wb, victim))
    assert ok


def _pick(ids: list[int], data) -> int:
    """One of the ids (drawn as a position, so the draw does not depend on the database's state)."""
    return ids[data.draw(st.integers(0, 50)) % len(ids)]


def _plan_ids(con, w, refill: bool = True):
    """The plan's question ids; a plan emptied by earlier examples gets questions again (so every example draws
    the same way, whatever the examples before it did)."""
    ids = [q["question_id"] for q in question_plans.items(con, w.wb, w.plan)]
    if refill and len(ids) < 2:
        question_plans.replace(con, w.wb, w.plan, [(w.question, False), (w.bank_question, False)])
        ids = [q["question_id"] for q in question_plans.items(con, w.wb, w.plan)]
    return ids


def drive_plan_edit_add(con, w, data):
    ok, _ = run(con, lambda: question_plans.add(con, w.wb, w.plan, [w.question, w.bank_question]))
    if ok:
        assert {w.question, w.bank_question} <= set(_plan_ids(con, w, refill=False))


def drive_plan_edit_remove(con, w, data):
    ids = _plan_ids(con, w)
    if ids:
        qid = _pick(ids, data)
        ok, _ = run(con, lambda: question_plans.remove(con, w.wb, w.plan, qid))
        if ok:
            assert qid not in _plan_ids(con, w, refill=False)


def drive_plan_edit_move(con, w, data):
    ids = _plan_ids(con, w)
    if ids:
        qid, step = _pick(ids, data), data.draw(st.integers(-20, 20))
        run(con, lambda: question_plans.move(con, w.wb, w.plan, qid, step))
        assert sorted(_plan_ids(con, w, refill=False)) == sorted(ids)  # a move never adds or loses a question


def _set_a_flag(con, w, data, setter, meeting) -> None:
    """Set a yes/no flag of a question drawn from the plan of `meeting` (must-ask, asked)."""
    ids = _plan_ids(con, w)
    if ids:
        qid, value = _pick(ids, data), data.draw(st.booleans())
        run(con, lambda: setter(con, w.wb, meeting, qid, value))


def drive_plan_edit_set_must_ask(con, w, data):
    _set_a_flag(con, w, data, question_plans.set_must_ask, w.plan)


def drive_plan_edit_drop_many(con, w, data):
    ids = _plan_ids(con, w)
    chosen = [ids[i % len(ids)] for i in data.draw(st.lists(st.integers(0, 50), max_size=3))] if ids else []
    ok, _ = run(con, lambda: question_plans.drop_many(con, w.wb, w.plan, chosen))
    if ok:
        left = _plan_ids(con, w, refill=False)
        assert not (set(chosen) - {q for q in ids if questions.get(con, w.wb, q)["is_referral"]}) & set(left)


def drive_plan_edit_replace(con, w, data):
    chosen = [(w.question, data.draw(st.booleans())), (w.bank_question, False)]
    ok, _ = run(con, lambda: question_plans.replace(con, w.wb, w.plan, chosen))
    if ok:
        assert {w.question, w.bank_question} <= set(_plan_ids(con, w, refill=False))


def drive_plan_edit_restore_referral(con, w, data):
    run(con, lambda: question_plans.restore_referral(con, w.wb, w.plan))


def drive_plan_proposal_apply_proposal(con, w, data):
    ok, replaced = run(con, lambda: question_plans.apply_proposal(con, w.wb, w.plan))
    if ok:
        assert len(_plan_ids(con, w, refill=False)) == replaced.count == len(replaced.after.order)


def drive_plan_edit_put_back(con, w, data):
    before = _plan_ids(con, w)
    try:
        replaced = question_plans.apply_proposal(con, w.wb, w.plan)
    except Invalid:  # the plan holds notes from the meeting (an earlier example): putting back is refused too
        now = question_plans.snapshot_of(question_plans.items(con, w.wb, w.plan), False)
        ok, _ = run(con, lambda: question_plans.put_back(con, w.wb, w.plan, question_plans.Replaced(0, now, now)))
        assert not ok
        return
    if data.draw(st.booleans()):  # changed since the proposal: refused
        question_plans.move(con, w.wb, w.plan, replaced.after.order[0][0], 1)
    ok, n = run(con, lambda: question_plans.put_back(con, w.wb, w.plan, replaced))
    if ok:
        assert _plan_ids(con, w, refill=False) == before and n == len(before)


def drive_plan_templates_create_template(con, w, data):
    kw = mixed(data, {"name": P_NAME, "target_role": P_TEXT, "duration_minutes": P_MEETING_MINUTES},
               {"name": texts, "target_role": texts, "duration_minutes": numbers})
    ok, new = run(con, lambda: question_plans.create_template(con, w.wb, **kw))
    if ok:
        got = row(con, "SELECT * FROM question_templates WHERE id = ?", [new])
        assert (got["name"], got["target_role"]) == (stripped(kw["name"]), stripped(kw["target_role"]))
        assert got["duration_minutes"] == float(kw["duration_minutes"])


def drive_plan_templates_delete_template(con, w, data):
    victim = question_plans.create_template(con, w.wb, name=f"Disposable {datetime.now().timestamp()}")
    ok, _ = run(con, lambda: question_plans.delete_template(con, w.wb, victim))
    assert ok


def drive_plan_templates_apply_template(con, w, data):
    run(con, lambda: question_plans.apply_template(con, w.wb, w.planned, w.template))


def drive_live_meeting_start_clock(con, w, data):
    when = data.draw(st.one_of(st.none(), st.datetimes()))
    ok, started = run(con, lambda: question_plans.start_clock(con, w.wb, w.planned, when))
    if ok:
        assert question_plans.live_state(con, w.wb, w.planned)["started_at"] == started


def drive_live_meeting_reset_clock(con, w, data):
    ok, _ = run(con, lambda: question_plans.reset_clock(con, w.wb, w.planned))
    assert ok and question_plans.live_state(con, w.wb, w.planned)["started_at"] is None


def drive_live_meeting_finish(con, w, data):
    run(con, lambda: question_plans.finish(con, w.wb, w.planned, data.draw(st.one_of(st.none(), st.datetimes()))))


def drive_live_meeting_go_to(con, w, data):
    position = data.draw(st.integers(-(10**6), 10**6))
    ok, shown = run(con, lambda: question_plans.go_to(con, w.wb, w.planned, position))
    if ok:
        assert question_plans.live_state(con, w.wb, w.planned)["position"] == shown


def drive_live_meeting_save_note(con, w, data):
    ids = _plan_ids(con, w)
    if ids:
        qid, note = _pick(ids, data), data.draw(texts)
        ok, _ = run(con, lambda: question_plans.save_note(con, w.wb, w.planned, qid, note))
        if ok:
            got = row(con, "SELECT notes FROM meeting_questions WHERE meeting_id = ? AND question_id = ?",
                      [w.planned, qid])
            assert got["notes"] == stripped(note)


def drive_live_meeting_set_asked(con, w, data):
    _set_a_flag(con, w, data, question_plans.set_asked, w.planned)


def drive_scripts_save_profile(con, w, data):
    kw = mixed(data, {"full_name": P_NAME, "email": P_EMAIL, "phone": P_PHONE, "elevator_pitch": P_TEXT},
               {"full_name": texts, "email": texts, "phone": texts, "elevator_pitch": texts})
    ok, _ = run(con, lambda: scripts.save_profile(con, w.wb, **kw))
    if ok:
        got = scripts.profile(con, w.wb)
        assert {k: got[k] for k in kw} == {k: stripped(v) for k, v in kw.items()}


def drive_scripts_save_version(con, w, data):
    kw = mixed(data, {"kind": st.sampled_from(list(scripts.templates())[:2]), "title": P_NAME, "body": P_NAME,
                      "subject": P_TEXT},
               {"kind": vocab_words([]), "title": texts, "body": texts, "subject": texts})
    ok, new = run(con, lambda: scripts.save_version(con, w.wb, **kw))
    if ok:
        got = row(con, "SELECT * FROM script_versions WHERE id = ?", [new])
        assert (got["kind"], got["title"]) == (kw["kind"], stripped(kw["title"]))


def drive_scripts_delete_version(con, w, data):
    victim = scripts.save_version(con, w.wb, kind=next(iter(scripts.templates())),
                                  title=f"Disposable {data.draw(st.uuids())}", body="Hello")
    ok, _ = run(con, lambda: scripts.delete_version(con, w.wb, victim))
    assert ok


def drive_thank_you_mark_sent(con, w, data):
    sent_on = data.draw(st.one_of(st.dates(date(2026, 3, 1), date.today()), st.none(), dates, st.datetimes()))
    note = data.draw(st.one_of(P_TEXT, texts))
    ok, _ = run(con, lambda: thank_you.mark_sent(con, w.wb, w.done, sent_on, note))
    if ok:
        got = row(con, "SELECT thank_you_sent_on, thank_you_note FROM reviews WHERE meeting_id = ?", [w.done])
        assert got["thank_you_sent_on"] == sent_on
        if stripped(note) is not None:
            assert got["thank_you_note"] == stripped(note)


def drive_thank_you_clear_sent(con, w, data):
    ok, _ = run(con, lambda: thank_you.clear_sent(con, w.wb, w.done))
    assert ok


def drive_referrals_add(con, w, data):
    kw = mixed(data, {"full_name": P_NAME, "title": P_TEXT, "email": P_EMAIL, "phone": P_PHONE,
                      "linkedin_url": P_LINKEDIN, "organization": P_TEXT},
               {"full_name": texts, "title": texts, "email": texts, "phone": texts, "linkedin_url": texts,
                "organization": texts})
    ok, result = run(con, lambda: referrals.add(con, w.wb, w.done, **kw))
    if ok and result[1]:
        got = contacts.get(con, w.wb, result[0])
        assert got["full_name"] == collapsed(kw["full_name"])
        for k in ("title", "email", "phone", "linkedin_url"):
            assert got[k] == stripped(kw[k]), k


def _csv_cell(value) -> str:
    return '"' + str(value or "").replace('"', '""') + '"'


def drive_linkedin_import_connections(con, w, data):
    people = data.draw(st.lists(st.tuples(texts, texts, texts, texts, dates), min_size=1, max_size=4))
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for first, last, company, position, when in people:
        lines.append(",".join(_csv_cell(v) for v in (first, last, "", "", company, position,
                                                      f"{when.day:02d} {when:%b} {when.year:04d}")))
    try:
        parsed = linkedin.read("\r\n".join(lines).encode("utf-8"))
    except Invalid:
        return
    plan = linkedin.preview(con, w.wb, parsed)
    ok, result = run(con, lambda: linkedin.import_connections(con, w.wb, parsed))
    if ok:
        assert result.added == len(plan.new)
        for person in plan.new:  # each new row is stored as the preview showed it
            got = db.one(con, "SELECT c.title, c.connected_on FROM contacts c WHERE c.workbook_id = ?"
                              " AND c.full_name = ? ORDER BY c.id DESC LIMIT 1", [w.wb, person.full_name])
            assert got is not None and (got["title"], got["connected_on"]) == (person.position, person.connected_on)


def drive_workbook_import_import_workbook(con, w, data):
    """A workbook export with one generated value put in a text or number cell of its contacts file."""
    column = data.draw(st.sampled_from(["stage", "phone", "email", "notes", "title", "keep_in_touch_days",
                                        "connected_on"]))
    value = data.draw(st.one_of(texts, numbers.map(lambda n: None if n is None else str(n))))
    source, changed = io.BytesIO(w.export), io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(changed, "w") as zout:
        for item in zin.infolist():
            body = zin.read(item)
            if item.filename == "contacts.csv":
                import csv
                rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
                at = rows[0].index(column)
                rows[1][at] = backup.neutralize_cell(value) if value is not None else ""
                out = io.StringIO()
                csv.writer(out, lineterminator="\n").writerows(rows)
                body = out.getvalue().encode("utf-8")
            zout.writestr(item, body)
    ok, new = run(con, lambda: backup.import_workbook(con, changed.getvalue(), name=f"Imported {datetime.now()}"))
    if ok:
        assert contacts.count(con, new) == contacts.count(con, w.tiny)


def drive_meetings_reopen(con, w, data):
    target = meetings.schedule(con, w.wb, w.other_contact, day=date(2026, 3, 1), at=time(10)).id
    meetings.set_status(con, w.wb, target, data.draw(st.sampled_from(["done", "no_show", "cancelled"])))
    reason = data.draw(texts)
    ok, _ = run(con, lambda: meetings.reopen(con, w.wb, target, reason))
    if ok:
        assert row(con, "SELECT status FROM meetings WHERE id = ?", [target])["status"] == "planned"


def drive_plan_proposal_add_own_questions(con, w, data):
    lines = data.draw(st.lists(st.one_of(texts.filter(lambda t: t is not None), P_NAME), min_size=0, max_size=3))
    category = data.draw(vocab_words(["role", "organization", "industry", "career_path"]))
    ok, added = run(con, lambda: question_plans.add_own_questions(con, w.wb, w.plan, lines, category=category))
    if ok:
        plan = {q["text"] for q in question_plans.items(con, w.wb, w.plan)}
        assert {stripped(t).lower() for t in lines} <= {t.lower() for t in plan}
        assert added <= len(lines)


def drive_readiness_let_go(con, w, data):
    target = fresh_contact(con, w, name=data.draw(P_NAME))
    outreach.log_attempt(con, w.wb, target, channel="email", outcome="no_reply", attempted_at=date(2026, 3, 2),
                         today=DEMO_TODAY)
    ok, _ = run(con, lambda: readiness.let_go(con, w.wb, target))
    assert ok
    assert row(con, "SELECT stage FROM contacts WHERE id = ?", [target])["stage"] == "closed"
    assert db.scalar(con, "SELECT count(*) FROM outreach WHERE contact_id = ? AND follow_up_on IS NOT NULL",
                     [target]) == 0


def drive_settings_set_flag(con, w, data):
    name = data.draw(st.one_of(st.sampled_from(list(settings_store.FLAGS)), texts))
    on = data.draw(st.booleans())
    ok, _ = run(con, lambda: settings_store.set_flag(con, name, on, person="property-test"))
    if ok:
        assert settings_store.flag(con, name, person="property-test") is on
    else:
        assert name not in settings_store.FLAGS


def _feed_person(person) -> tuple[str, bool]:
    """Whose link a person's text names ('' for the local person), and whether that is a hosted person."""
    key = access.person_key(person)
    return key or "", key is not None


def drive_calendar_feed_feed_url_token(con, w, data):
    person = data.draw(texts)
    ok, token = run(con, lambda: calendar_feed.feed_url_token(con, person))
    key, hosted = _feed_person(person)
    assert ok and calendar_feed.feed_url_token(con, person) == token
    assert calendar_feed.person_for_token(con, token, hosted=hosted) == key


def drive_calendar_feed_reset_token(con, w, data):
    person = data.draw(texts)
    old = calendar_feed.feed_url_token(con, person)
    ok, new = run(con, lambda: calendar_feed.reset_token(con, person))
    key, hosted = _feed_person(person)
    assert ok and new != old
    assert calendar_feed.person_for_token(con, old, hosted=hosted) is None
    assert calendar_feed.person_for_token(con, new, hosted=hosted) == key


def _dotted(driver: str) -> str:
    """drive_keep_in_touch_set_cadence -> keep_in_touch.set_cadence (the longest lib module name that fits)."""
    rest = driver[len("drive_"):]
    module = max((m.name for m in pkgutil.iter_modules(lib.__path__) if rest.startswith(m.name + "_")), key=len)
    return f"{module}.{rest[len(module) + 1:]}"


DRIVERS = {_dotted(name): fn for name, fn in list(globals().items()) if name.startswith("drive_")}
# Write functions left out of the property, with the reason.
LEFT_OUT = {
    "demo.load": "writes shipped demo data; takes no input but a date",
    "questions.sync_bank": "writes the shipped question bank from data/; takes no user input",
    "backup.export_workbook": "reads only (in one transaction, for a consistent copy)",
    "database_backup.backup_database": "reads only (in one transaction, for a consistent copy)",
    "database_backup.restore_database": "replaces the database file; tests/test_restore_and_import_guards.py covers it",
    "db.migrate": "applies the shipped migrations; takes no input",
    "db.sync_reference_data": "writes the shipped question bank from data/; takes no user input",
    "db.transaction": "the transaction helper every write uses",
    "access.grant": "who may open a workbook, not its content; tests/test_access.py covers it",
    "access.revoke": "who may open a workbook, not its content; tests/test_access.py covers it",
    "access.set_owner": "the app's own creation paths and operators; tests/test_access.py covers it",
    "access.record_open": "the coach access log: not a workbook's content, so it moves no data version "
                          "(db.writes_aside); tests/test_access_log.py covers it",
    "account.delete_account": "a person's whole account, after a typed confirmation; tests/test_account.py covers "
                              "what it deletes and that a wrong confirmation changes nothing",
    "settings.set_last_workbook": "which workbook a link without ?wb= opens, not a workbook's content, so it moves "
                                  "no data version (db.writes_aside); tests/test_settings.py covers it",
    "sign_outs.record": "a person's sign-out, not a workbook's content; tests/test_sign_outs.py covers it",
    "workshops.create": "a facilitator's workshop, not a workbook's content; tests/test_workshops.py covers it",
    "workshops.close": "a facilitator's workshop, not a workbook's content; tests/test_workshops.py covers it",
    "workshops.join": "a new workbook and its grant in one transaction; tests/test_workshops.py covers it",
}


def write_functions() -> set[str]:
    """module.function of every public write of lib/: decorated with db.retry_on_conflict, or calling one of its
    own module's writes (goals.save → _save, meetings.cancel → set_status), or opening a db.transaction."""
    found = set()
    for info in pkgutil.iter_modules(lib.__path__):
        if info.name == "ui":  # Streamlit helpers: they call the writes of the other modules
            continue
        module = importlib.import_module(f"lib.{info.name}")
        functions = {n: f for n, f in vars(module).items()
                     if inspect.isfunction(f) and f.__module__ == module.__name__}
        writes = {n for n, f in functions.items()
                  if hasattr(f, "__wrapped__") and f.__code__ is not _READS_CODE}  # db.reads: a read
        for name, fn in functions.items():
            if name.startswith("_"):
                continue
            lines = inspect.getsource(fn).splitlines()
            body_at = next(i for i, line in enumerate(lines) if line.rstrip().endswith(":")) + 1
            body = "\n".join(lines[body_at:])
            calls_a_write = any(re.search(rf"(?<![\w.]){w}\(", body) for w in writes if w != name)
            if name in writes or "db.transaction(" in body or calls_a_write:
                found.add(f"{info.name}.{name}")
    return found


_READS_CODE = db.reads(lambda con, workbook_id: None).__code__  # the wrapper of a read's access check
_WRITES_CODE = db.writes(lambda: None).__code__  # the wrapper every function decorated with db.writes runs


def _marked(fn) -> bool:
    """Decorated with db.writes."""
    return getattr(fn, "__code__", None) is _WRITES_CODE


def test_every_write_function_moves_the_data_version():
    """Each write of lib/ is decorated with db.writes, or only calls writes of its module that are."""
    unmarked = []
    for dotted in sorted(write_functions() - set(LEFT_OUT)):
        module_name, name = dotted.split(".")
        module = importlib.import_module(f"lib.{module_name}")
        fn = getattr(module, name)
        if _marked(fn):
            continue
        body = inspect.getsource(fn)
        callees = [f for n, f in vars(module).items() if inspect.isfunction(f) and re.search(rf"(?<![\w.]){n}\(", body)
                   and n != name]
        if "db.transaction(" in body or not any(_marked(f) for f in callees):
            unmarked.append(dotted)
    assert unmarked == [], "a write of lib/ lacks @db.writes (its workbook's cached pages would go stale)"


def test_every_write_function_is_driven():
    found = write_functions()
    assert found - set(DRIVERS) - set(LEFT_OUT) == set(), "a write function of lib/ has no driver here"
    assert set(DRIVERS) - found == set(), "a driver for a function that is not a write (renamed?)"


@pytest.mark.parametrize("name", sorted(DRIVERS))
def test_a_write_stores_what_it_reports_or_refuses_and_changes_nothing(world, name):
    con, w = world

    @PROFILE
    @given(data=st.data())
    def check(data):
        DRIVERS[name](con, w, data)

    check()
