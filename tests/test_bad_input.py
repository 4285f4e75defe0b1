"""Bad input on every write of lib/ (each form of the app calls one of these) and on the importers.

A refused input raises Invalid with a message a person can act on, and the database content is exactly what it
was (every table compared row by row). Input that is odd but legitimate (emoji, right-to-left text, combining
characters, SQL-looking or Markdown/HTML text) is stored exactly as typed and never interpreted.
"""
from __future__ import annotations

import io
import re
import shutil
import zipfile
from datetime import date, time
from pathlib import Path

import pytest

from lib import (backup, contacts, db, demo, goals, keep_in_touch, linkedin, meetings, organizations, outreach,
                 question_plans, questions, referrals, reviews, scripts, thank_you, workbooks)
from lib.errors import Invalid
from tests.conftest import DEMO_TODAY, ROOT

# Its `con` is a copy of one prepared DuckDB file (below), so the PostgreSQL half of the lib suite does not apply.
pytestmark = pytest.mark.duckdb_only

LINKEDIN_FILES = ROOT / "tests" / "fixtures" / "linkedin"
HUGE = "x" * 100_000            # a paste accident: far over every limit
NUL = "Ada\x00Lovelace"
FAR_PAST = date(1, 1, 1)
FAR_FUTURE = date(9999, 12, 31)


def table_rows(con) -> dict[str, list[str]]:
    """Every row of every table, in a stable order: two equal snapshots mean the same content."""
    names = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE'"
        " ORDER BY table_name").fetchall()]
    return {n: sorted(map(repr, con.execute(f'SELECT * FROM "{n}"').fetchall())) for n in names}


class World:
    """Ids of the demo workbook the cases write to."""

    def __init__(self, con, workbook_id: int):
        self.wb = workbook_id
        one = lambda sql: db.scalar(con, sql, [workbook_id])  # noqa: E731
        self.contact = one("SELECT min(id) FROM contacts WHERE workbook_id = ?")
        self.other_contact = one("SELECT max(id) FROM contacts WHERE workbook_id = ?")
        self.org = one("SELECT min(id) FROM organizations WHERE workbook_id = ?")
        self.org_name = one("SELECT name FROM organizations WHERE workbook_id = ? ORDER BY id LIMIT 1")
        self.done = one("SELECT min(m.id) FROM meetings m JOIN reviews r ON r.meeting_id = m.id"
                        " WHERE m.workbook_id = ? AND m.status = 'done'")
        self.planned = one("SELECT min(id) FROM meetings WHERE workbook_id = ? AND status = 'planned'")
        self.attempt = one("SELECT min(id) FROM outreach WHERE workbook_id = ?")
        self.question = questions.add(con, workbook_id, text="What would you do differently?", category="role")
        self.bank_text = db.scalar(con, "SELECT text FROM questions WHERE workbook_id IS NULL ORDER BY id LIMIT 1")
        self.template = question_plans.create_template(con, workbook_id, name="Engineers")
        self.bank_question = db.scalar(con, "SELECT min(id) FROM questions WHERE workbook_id IS NULL")
        self.other_wb = workbooks.create(con, "Another client")


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> tuple[Path, World]:
    """The demo workbook and a few more rows, built once; each test gets its own copy of the file."""
    path = tmp_path_factory.mktemp("bad-input") / "world.duckdb"
    c = db.open(path)
    world = World(c, demo.load(c, today=DEMO_TODAY))
    c.execute("CHECKPOINT")
    c.close()
    return path, world


@pytest.fixture
def con(prepared, tmp_path):
    path = tmp_path / "copy.duckdb"
    shutil.copy(prepared[0], path)
    c = db.open(path)
    yield c
    c.close()


@pytest.fixture
def world(prepared, con) -> World:
    return prepared[1]


def goal(**changes):
    values = {"purpose": "Learn how bridge engineers spend their week", "target_interviews": 10,
              "target_date": date(2026, 6, 30)}
    return {**values, **changes}


def meeting_at(**changes):
    return {"day": date(2026, 4, 2), "at": time(10), "duration_minutes": 20, "format": "workplace", **changes}


def review(**changes):
    return {"insights": "They plan two years ahead.", "usefulness": 4, **changes}


def li_file(name: str) -> bytes:
    return (LINKEDIN_FILES / name).read_bytes()


def zipped(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(name, content)
    return buffer.getvalue()


# (id, the write, a piece of the message). Every one must be refused and change nothing.
REFUSED = [
    # workbooks
    ("workbook: empty name", lambda c, w: workbooks.create(c, ""), "needed"),
    ("workbook: whitespace name", lambda c, w: workbooks.create(c, " \t\n "), "needed"),
    ("workbook: NUL in name", lambda c, w: workbooks.create(c, NUL), "NUL"),
    ("workbook: name too long", lambda c, w: workbooks.create(c, "N" * 500), "limit is 80"),
    ("workbook: rename to a taken name", lambda c, w: workbooks.rename(c, w.other_wb, "  demo: MATEO alvarez "),
     "already exists"),
    # goals (step 1)
    ("goal: empty purpose", lambda c, w: goals.save(c, w.wb, today=DEMO_TODAY, **goal(purpose="")), "needed"),
    ("goal: whitespace purpose", lambda c, w: goals.save(c, w.wb, today=DEMO_TODAY, **goal(purpose="   ")),
     "needed"),
    ("goal: 100,000-character intentions",
     lambda c, w: goals.save(c, w.wb, today=DEMO_TODAY, **goal(intentions=HUGE)), "100,000"),
    ("goal: NUL in purpose", lambda c, w: goals.save(c, w.wb, today=DEMO_TODAY, **goal(purpose=NUL)), "NUL"),
    ("goal: zero interviews", lambda c, w: goals.save(c, w.wb, today=DEMO_TODAY, **goal(target_interviews=0)),
     "at least"),
    ("goal: negative interviews",
     lambda c, w: goals.save(c, w.wb, today=DEMO_TODAY, **goal(target_interviews=-5)), None),
    ("goal: enormous interviews",
     lambda c, w: goals.save(c, w.wb, today=DEMO_TODAY, **goal(target_interviews=10**15)), "or fewer"),
    ("goal: interviews not a number",
     lambda c, w: goals.save(c, w.wb, today=DEMO_TODAY, **goal(target_interviews="ten")), "whole number"),
    ("goal: pace not a number",
     lambda c, w: goals.save(c, w.wb, today=DEMO_TODAY, **goal(weekly_pace=float("nan"))), None),
    ("goal: impossible date",
     lambda c, w: goals.save(c, w.wb, today=DEMO_TODAY, **goal(target_date="2026-02-31")), "date"),
    ("goal: target date far in the past",
     lambda c, w: goals.save(c, w.wb, today=DEMO_TODAY, **goal(target_date=FAR_PAST)), "past"),
    ("goal: target date far in the future",
     lambda c, w: goals.save(c, w.wb, today=DEMO_TODAY, **goal(target_date=FAR_FUTURE)), "years away"),
    ("goal: start date far in the past",
     lambda c, w: goals.save(c, w.wb, today=DEMO_TODAY, **goal(start_date=FAR_PAST)), "past"),
    # organizations (step 2)
    ("organization: empty name", lambda c, w: organizations.add(c, w.wb, name=""), "needed"),
    ("organization: duplicate name", lambda c, w: organizations.add(c, w.wb, name=f"  {w.org_name.upper()} "),
     "already"),
    ("organization: javascript website",
     lambda c, w: organizations.add(c, w.wb, name="Acme", website="javascript:alert(1)"), "web address"),
    ("organization: website with spaces",
     lambda c, w: organizations.add(c, w.wb, name="Acme", website="not a website"), "web address"),
    ("organization: 100,000-character notes", lambda c, w: organizations.add(c, w.wb, name="Acme", notes=HUGE),
     "100,000"),
    ("organization: edited to a bad website",
     lambda c, w: organizations.update(c, w.wb, w.org, website="http://exa mple.com"), "web address"),
    ("organization: NUL in name", lambda c, w: organizations.update(c, w.wb, w.org, name=NUL), "NUL"),
    # contacts (step 2)
    ("contact: whitespace name", lambda c, w: contacts.add(c, w.wb, full_name="  \t "), "needed"),
    ("contact: invalid email", lambda c, w: contacts.add(c, w.wb, full_name="Ada", email="ada-at-example"),
     "email"),
    ("contact: email without domain", lambda c, w: contacts.add(c, w.wb, full_name="Ada", email="ada@localhost"),
     "email"),
    ("contact: phone with words", lambda c, w: contacts.add(c, w.wb, full_name="Ada", phone="call me maybe"),
     "phone"),
    ("contact: phone too short", lambda c, w: contacts.add(c, w.wb, full_name="Ada", phone="12"), "phone"),
    ("contact: not a LinkedIn address",
     lambda c, w: contacts.add(c, w.wb, full_name="Ada", linkedin_url="https://evil.example/in/ada"), "LinkedIn"),
    ("contact: connected in the far future",
     lambda c, w: contacts.add(c, w.wb, full_name="Ada", connected_on=FAR_FUTURE), "future"),
    ("contact: unknown stage", lambda c, w: contacts.add(c, w.wb, full_name="Ada", stage="winning"), "stage"),
    ("contact: 100,000-character private notes",
     lambda c, w: contacts.update(c, w.wb, w.contact, private_notes=HUGE), "100,000"),
    ("contact: NUL in notes", lambda c, w: contacts.update(c, w.wb, w.contact, notes=NUL), "NUL"),
    ("contact: one bad row of a table edit refuses them all",
     lambda c, w: contacts.apply_edits(c, w.wb, {w.contact: {"title": "Chief engineer"},
                                                 w.other_contact: {"stage": "winning"}}), "Nothing was saved"),
    ("contact: own referrer", lambda c, w: contacts.update(c, w.wb, w.contact, referred_by_contact_id=w.contact),
     "own referrer"),
    # outreach (step 3)
    ("outreach: unknown channel",
     lambda c, w: outreach.log_attempt(c, w.wb, w.contact, channel="carrier pigeon", today=DEMO_TODAY), None),
    ("outreach: unknown outcome",
     lambda c, w: outreach.log_attempt(c, w.wb, w.contact, channel="email", outcome="ghosted", today=DEMO_TODAY),
     None),
    ("outreach: 100,000-character message",
     lambda c, w: outreach.log_attempt(c, w.wb, w.contact, channel="email", message=HUGE, today=DEMO_TODAY),
     "100,000"),
    ("outreach: attempt in the far future",
     lambda c, w: outreach.log_attempt(c, w.wb, w.contact, channel="email", attempted_at=FAR_FUTURE,
                                       today=DEMO_TODAY), "earlier"),
    ("outreach: reply that is not yes or no", lambda c, w: outreach.record_reply(c, w.wb, w.attempt, "maybe"),
     None),
    ("script: empty version name",
     lambda c, w: scripts.save_version(c, w.wb, kind=next(iter(scripts.templates())), title=" ", body="Hi"),
     "needed"),
    ("profile: invalid email", lambda c, w: scripts.save_profile(c, w.wb, email="me@"), None),
    # meetings (step 3)
    ("meeting: zero minutes",
     lambda c, w: meetings.schedule(c, w.wb, w.contact, **meeting_at(duration_minutes=0)), "between"),
    ("meeting: negative minutes",
     lambda c, w: meetings.schedule(c, w.wb, w.contact, **meeting_at(duration_minutes=-15)), "between"),
    ("meeting: enormous minutes",
     lambda c, w: meetings.schedule(c, w.wb, w.contact, **meeting_at(duration_minutes=10**12)), "between"),
    ("meeting: minutes not a number",
     lambda c, w: meetings.schedule(c, w.wb, w.contact, **meeting_at(duration_minutes="half an hour")), "number"),
    ("meeting: unknown format",
     lambda c, w: meetings.schedule(c, w.wb, w.contact, **meeting_at(format="teleport")), None),
    ("meeting: no date", lambda c, w: meetings.schedule(c, w.wb, w.contact, **meeting_at(day=None)), "date"),
    ("meeting: 100,000-character note",
     lambda c, w: meetings.schedule(c, w.wb, w.contact, **meeting_at(notes=HUGE)), "100,000"),
    ("meeting: rescheduled to zero minutes",
     lambda c, w: meetings.reschedule(c, w.wb, w.planned, **meeting_at(duration_minutes=0)), "between"),
    ("meeting: unknown status", lambda c, w: meetings.set_status(c, w.wb, w.planned, "vanished"), None),
    # questions and plans (step 4)
    ("question: empty text", lambda c, w: questions.add(c, w.wb, text="", category="role"), "needed"),
    ("question: negative minutes",
     lambda c, w: questions.add(c, w.wb, text="Why?", category="role", minutes=-1), "between"),
    ("question: enormous minutes",
     lambda c, w: questions.add(c, w.wb, text="Why?", category="role", minutes=1e300), "between"),
    ("question: unknown category", lambda c, w: questions.add(c, w.wb, text="Why?", category="gossip"), None),
    ("question: copy of a shipped one",
     lambda c, w: questions.add(c, w.wb, text=f"  {w.bank_text.upper()}  ", category="role"), "already"),
    ("question: shipped ones cannot be edited",
     lambda c, w: questions.update(c, w.wb, w.bank_question, text="Mine now", category="role"), "Shipped"),
    ("plan: template without a name", lambda c, w: question_plans.create_template(c, w.wb, name=" "), "needed"),
    ("plan: template of zero minutes",
     lambda c, w: question_plans.create_template(c, w.wb, name="Quick", duration_minutes=0), "between"),
    ("plan: adding nothing", lambda c, w: question_plans.add(c, w.wb, question_plans.meeting(w.planned), []),
     "at least one"),
    ("plan: 100,000-character live note",
     lambda c, w: question_plans.save_note(c, w.wb, w.done, w.question, HUGE), "100,000"),
    # reviews (step 5)
    ("review: usefulness zero", lambda c, w: reviews.save(c, w.wb, w.done, **review(usefulness=0)), "1 to 5"),
    ("review: usefulness negative", lambda c, w: reviews.save(c, w.wb, w.done, **review(usefulness=-3)), "1 to 5"),
    ("review: usefulness enormous",
     lambda c, w: reviews.save(c, w.wb, w.done, **review(usefulness=10**18)), "1 to 5"),
    ("review: usefulness missing", lambda c, w: reviews.save(c, w.wb, w.done, **review(usefulness=None)), "Rate"),
    ("review: odd keep-in-touch cadence",
     lambda c, w: reviews.save(c, w.wb, w.done, **review(keep_in_touch_days=45)), "30, 60 or 90"),
    ("review: 100,000-character insights",
     lambda c, w: reviews.save(c, w.wb, w.done, **review(insights=HUGE)), "100,000"),
    ("review: meeting not held yet", lambda c, w: reviews.save(c, w.wb, w.planned, **review()), None),
    ("referral: whitespace name", lambda c, w: referrals.add(c, w.wb, w.done, full_name="   "), "needed"),
    ("thank-you: sent in the far future",
     lambda c, w: thank_you.mark_sent(c, w.wb, w.done, FAR_FUTURE, today=DEMO_TODAY), "future"),
    ("thank-you: sent long before the meeting",
     lambda c, w: thank_you.mark_sent(c, w.wb, w.done, FAR_PAST, today=DEMO_TODAY), "before the meeting"),
    ("keep in touch: odd cadence", lambda c, w: keep_in_touch.set_cadence(c, w.wb, w.contact, -30), "30, 60 or 90"),
    ("keep in touch: interaction in the future",
     lambda c, w: keep_in_touch.log_interaction(c, w.wb, w.contact, happened_on=FAR_FUTURE, today=DEMO_TODAY),
     "future"),
    # the LinkedIn importer
    ("linkedin: empty file", lambda c, w: linkedin.read(li_file("empty.csv")), "empty"),
    ("linkedin: binary file", lambda c, w: linkedin.read(li_file("binary.csv")), "binary"),
    ("linkedin: wrong encoding", lambda c, w: linkedin.read(li_file("latin1.csv")), "UTF-8"),
    ("linkedin: wrong columns", lambda c, w: linkedin.read(li_file("wrong_columns.csv")), "First Name"),
    ("linkedin: header only", lambda c, w: linkedin.read(li_file("header_only.csv")), "no connections"),
    ("linkedin: 50 MB file", lambda c, w: linkedin.read(b"First Name,Last Name\n" + b"a,b\n" * 13_107_200),
     "limit"),
    ("linkedin: zip without the csv", lambda c, w: linkedin.read(zipped("photo.jpg", b"\xff\xd8"), "export.zip"),
     None),
    # the workbook importer
    ("workbook import: empty file", lambda c, w: backup.import_workbook(c, b""), "empty"),
    ("workbook import: binary file", lambda c, w: backup.import_workbook(c, bytes(range(256)) * 100), "not a zip"),
    ("workbook import: a LinkedIn csv", lambda c, w: backup.import_workbook(c, li_file("connections_current.csv")),
     "not a zip"),
]


@pytest.mark.parametrize("case", [pytest.param(c, id=c[0]) for c in REFUSED])
def test_a_refused_input_says_why_and_changes_nothing(con, world, case):
    _, write, expected = case
    before = table_rows(con)
    with pytest.raises(Invalid) as refused:
        write(con, world)
    message = str(refused.value)
    assert len(message) > 10 and "Traceback" not in message
    if expected:
        assert expected.lower() in message.lower()
    assert table_rows(con) == before


def test_there_are_at_least_forty_refused_cases():
    assert len(REFUSED) >= 40


def test_a_too_long_note_names_its_length_and_the_limit(con, world):
    with pytest.raises(Invalid) as refused:
        contacts.update(con, world.wb, world.contact, notes=HUGE)
    assert "100,000" in str(refused.value) and "20,000" in str(refused.value)


def test_a_note_at_the_limit_is_kept_whole(con, world):
    note = "y" * 20_000
    contacts.update(con, world.wb, world.contact, notes=note)
    assert contacts.get(con, world.wb, world.contact)["notes"] == note


# ---- odd but legitimate text is stored exactly and never interpreted --------------------------------

LITERALS = {
    "emoji": "Zoë 🚀👩🏽‍💻 café",
    "right to left": "مرحبا بالعالم — שלום",
    "combining characters": "Rene\u0301e Ska\u030aner",  # decomposed accents stay decomposed
    "sql": "Robert'); DROP TABLE contacts;--",
    "sql comment": "x' OR '1'='1' /*",
    "html": "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "markdown": "**bold** [click](javascript:alert(1)) # heading `code`",
    "spreadsheet formula": "=HYPERLINK(\"http://evil.example\")",
    "template braces": "{full_name} {{ config }} %s",
}


@pytest.mark.parametrize("kind", list(LITERALS))
def test_odd_text_in_a_contact_is_stored_exactly(con, world, kind):
    value = LITERALS[kind]
    new = contacts.add(con, world.wb, full_name=value, notes=value, title=value)
    stored = contacts.get(con, world.wb, new)
    assert (stored["full_name"], stored["notes"], stored["title"]) == (value, value, value)


@pytest.mark.parametrize("kind", ["sql", "html", "markdown", "right to left", "combining characters"])
def test_odd_text_is_stored_exactly_by_every_step(con, world, kind):
    value = LITERALS[kind]
    org = organizations.add(con, world.wb, name=value, notes=value)
    goals.save(con, world.wb, today=DEMO_TODAY, **goal(purpose=value))
    attempt = outreach.log_attempt(con, world.wb, world.other_contact, channel="email", message=value,
                                   attempted_at=DEMO_TODAY, today=DEMO_TODAY)
    meeting = meetings.schedule(con, world.wb, world.contact, **meeting_at(location=value, notes=value))
    question = questions.add(con, world.wb, text=f"{value}?", category="role")
    reviews.save(con, world.wb, world.done, **review(insights=value, advice=value))
    assert organizations.get(con, world.wb, org)["name"] == value
    assert goals.get(con, world.wb).purpose == value
    assert db.scalar(con, "SELECT message FROM outreach WHERE id = ?", [attempt.id]) == value
    assert db.scalar(con, "SELECT location FROM meetings WHERE id = ?", [meeting.id]) == value
    assert questions.get(con, world.wb, question)["text"] == f"{value}?"
    assert reviews.get(con, world.wb, world.done)["insights"] == value


def test_sql_looking_text_leaves_every_table_in_place(con, world):
    tables = set(table_rows(con))
    contacts.add(con, world.wb, full_name=LITERALS["sql"], notes="'; DELETE FROM workbooks; --")
    assert set(table_rows(con)) == tables
    assert db.scalar(con, "SELECT count(*) FROM workbooks") >= 1


def test_odd_text_survives_an_export_and_import(con, world, tmp_path):
    from tests.test_backup import workbook_content

    for kind, value in LITERALS.items():
        contacts.add(con, world.wb, full_name=f"{kind}: {value}", notes=value)
    other = db.open(tmp_path / "other.duckdb")
    try:
        for fmt in backup.FORMATS:
            new = backup.import_workbook(other, backup.export_workbook(con, world.wb, fmt))
            assert workbook_content(other, new) == workbook_content(con, world.wb)
    finally:
        other.close()


def test_a_linkedin_file_in_utf16_is_read_not_refused(con, world):
    parsed = linkedin.read(li_file("utf16.csv"))
    assert [r.full_name for r in parsed.rows] == ["Zoë Müller"]


def test_a_linkedin_import_stores_names_exactly(con, world):
    parsed = linkedin.read(li_file("connections_long_preamble.csv"))
    linkedin.import_connections(con, world.wb, parsed)
    assert db.scalar(con, "SELECT count(*) FROM contacts WHERE workbook_id = ? AND full_name = 'Zoë Müller'",
                     [world.wb]) == 1


# ---- hostile text on the pages: shown as text, never as Markdown or HTML -------------------------

HOSTILE = "**bold** <script>alert(1)</script> [x](javascript:alert(1))"


def unescaped(markdown: str) -> str:
    """Markdown with its backslash-escaped characters removed: what is left is what Markdown would act on."""
    return re.sub(r"\\.", "", markdown, flags=re.DOTALL)


PAGES_TO_CHECK = ["home", "goals", "research", "outreach", "questions", "review", "network", "workbooks"]


@pytest.mark.apptest
@pytest.mark.parametrize("page", PAGES_TO_CHECK)
def test_hostile_text_is_never_handed_to_markdown_on_any_page(db_path, page):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from lib import demo
    from views import registry
    from tests.conftest import page_errors

    c = db.open(db_path)
    wb = demo.load(c)
    first = db.scalar(c, "SELECT min(id) FROM contacts WHERE workbook_id = ?", [wb])
    contacts.update(c, wb, first, full_name=f"Helen {HOSTILE}", notes=HOSTILE, title=HOSTILE)
    organizations.update(c, wb, db.scalar(c, "SELECT min(id) FROM organizations WHERE workbook_id = ?", [wb]),
                         name=f"Org {HOSTILE}")
    workbooks.rename(c, wb, "Client <b>bold</b> **x**")
    c.close()
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["wb"] = str(wb)
    try:
        at.run()
        at.switch_page(registry.PAGES[page]).run()
        assert page_errors(at) == []
        rendered = [m.value for m in at.markdown] + [m.value for m in at.caption] + [
            getattr(m, "body", "") for m in at.get("html")]
        needles = ("**bold**", "<script>", "](javascript:", "<b>bold</b>", "**x**")
        leaks = [r for r in rendered if any(n in unescaped(r) for n in needles)]
        assert leaks == []
    finally:
        st.cache_resource.clear()
