"""One rule per field (lib/fields.py), used by every path that writes it (issue 14, items 8, 11 and 12).

Each path that writes a field refuses what the others refuse, with a message, and changes nothing; a value is
never changed silently (cut, rounded or truncated): LinkedIn rows breaking a rule are skipped with the reason.
"""
from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from lib import (contacts, fields, keep_in_touch, linkedin, meetings, organizations, question_plans, questions,
                 referrals, reviews, scripts)
from lib.errors import Invalid
from tests.test_bad_input import table_rows

FIXTURES = Path(__file__).parent / "fixtures" / "linkedin"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"


@pytest.fixture
def met(con, wb):
    """(meeting id, contact id) of a meeting done with Helen."""
    helen = contacts.add(con, wb, full_name="Helen Nguyen", stage="met")
    m = con.execute("INSERT INTO meetings (workbook_id, contact_id, scheduled_at, status) VALUES (?, ?, ?, 'done')"
                    " RETURNING id", [wb, helen, datetime(2026, 3, 2, 10)]).fetchone()[0]
    return m, helen


def refused(con, call, match: str | None = None) -> str:
    """Run a write that must be refused: Invalid (with `match` in its message) and every table unchanged."""
    before = table_rows(con)
    with pytest.raises(Invalid) as caught:
        call()
    assert table_rows(con) == before
    if match:
        assert match.lower() in str(caught.value).lower()
    return str(caught.value)


# ---- item 11: the referral form and the contact form share their rules ------------------------------

BAD_CONTACT_VALUES = [
    ("phone", "<b>x</b>"),
    ("phone", "12"),
    ("email", "not an email"),
    ("email", "a@b"),
    ("linkedin_url", "https://evil.example/linkedin.com/in/x"),
    ("title", "t" * 301),
    ("full_name", "n" * 201),
]


@pytest.mark.parametrize("field, value", BAD_CONTACT_VALUES)
def test_the_referral_form_refuses_what_the_contact_form_refuses(con, wb, met, field, value):
    kwargs = {"full_name": "Priya Nair", field: value}
    contact_message = refused(con, lambda: contacts.add(con, wb, **kwargs))
    referral_message = refused(con, lambda: referrals.add(con, wb, met[0], **kwargs))
    assert contact_message.split(" ")[-3:] == referral_message.split(" ")[-3:]  # the same rule said the same


def test_a_referral_keeps_a_title_the_contact_form_accepts(con, wb, met):
    title = "Director of Water Resources Planning and Long-Range Infrastructure Investment, " * 3
    title = title.strip()[:300].strip()
    new_id, _ = referrals.add(con, wb, met[0], full_name="Priya Nair", title=title)
    assert contacts.get(con, wb, new_id)["title"] == title


def test_your_own_email_and_phone_follow_the_contact_rules(con, wb):
    refused(con, lambda: scripts.save_profile(con, wb, phone="<b>555 0100</b>"), "phone")
    refused(con, lambda: scripts.save_profile(con, wb, email="a@b"), "email")


def test_every_vocabulary_field_refuses_an_unknown_word(con, wb, met):
    person = met[1]
    refused(con, lambda: contacts.add(con, wb, full_name="Ada", stage="bogus"), "not a stage")
    refused(con, lambda: contacts.add(con, wb, full_name="Ada", source="bogus"), "not a way of knowing")
    refused(con, lambda: meetings.schedule(con, wb, person, day=date(2026, 4, 1), at=time(10), format="bogus"),
            "where you meet")
    refused(con, lambda: keep_in_touch.log_interaction(con, wb, person, happened_on=date(2026, 3, 1), kind="bogus"),
            "kind of contact")


def test_an_organization_website_and_a_contact_linkedin_follow_their_rules(con, wb):
    refused(con, lambda: organizations.add(con, wb, name="Bow River", website="javascript:alert(1)"), "web address")
    refused(con, lambda: organizations.add(con, wb, name="Bow River", website="http://[::1"), "web address")


# ---- item 12: never changed silently ------------------------------------------------------------------

def test_seven_and_a_half_minutes_is_refused_not_stored_as_seven(con, wb, met):
    person = met[1]
    refused(con, lambda: meetings.schedule(con, wb, person, day=date(2026, 4, 1), at=time(10), duration_minutes=7.5),
            "whole number")
    refused(con, lambda: meetings.schedule(con, wb, person, day=date(2026, 4, 1), at=time(10), duration_minutes="7.5"),
            "whole number")
    saved = meetings.schedule(con, wb, person, day=date(2026, 4, 1), at=time(10), duration_minutes=20.0)
    assert meetings.get(con, wb, saved.id)["duration_minutes"] == 20


def test_a_template_length_of_seven_and_a_half_minutes_is_refused(con, wb):
    refused(con, lambda: question_plans.create_template(con, wb, name="Short", duration_minutes=7.5), "whole number")


def test_a_cadence_of_thirty_and_a_half_days_is_refused_not_stored_as_thirty(con, wb, met):
    refused(con, lambda: keep_in_touch.set_cadence(con, wb, met[1], 30.5), "30, 60 or 90")
    refused(con, lambda: reviews.save(con, wb, met[0], insights="x", usefulness=4, keep_in_touch_days=30.5),
            "30, 60 or 90")


def test_a_usefulness_of_three_and_a_half_is_refused_not_rounded(con, wb, met):
    refused(con, lambda: reviews.save(con, wb, met[0], insights="x", usefulness=3.5), "1 to 5")


def test_question_minutes_off_the_quarter_steps_are_refused_not_rounded(con, wb):
    refused(con, lambda: questions.add(con, wb, text="What surprised you?", category="role", minutes=1.3),
            "quarter")
    qid = questions.add(con, wb, text="What surprised you?", category="role", minutes=1.75)
    assert questions.get(con, wb, qid)["minutes"] == 1.75


def test_meeting_and_attempt_dates_outside_a_sane_range_are_refused(con, wb, met):
    person = met[1]
    refused(con, lambda: meetings.schedule(con, wb, person, day=date(1, 1, 1), at=time(10)), "check the year")
    refused(con, lambda: meetings.schedule(con, wb, person, day=date(9999, 12, 31), at=time(10)), "check the year")
    from lib import outreach
    refused(con, lambda: outreach.log_attempt(con, wb, person, channel="email", attempted_at=date(1, 1, 1)),
            "check the year")
    refused(con, lambda: keep_in_touch.log_interaction(con, wb, person, happened_on=date(1, 1, 1)), "check the year")


def _csv(*rows: str) -> bytes:
    return (HEADER + "".join(r + "\r\n" for r in rows)).encode()


def test_a_500_character_linkedin_position_skips_the_row_with_the_reason(con, wb):
    long_position = "Senior " + "very " * 98 + "engineer"
    assert len(long_position) > 300
    parsed = linkedin.read(_csv(f"Ada,Lovelace,,,Engines Ltd,{long_position},07 Dec 2025",
                                "Grace,Hopper,,,Navy,Rear Admiral,08 Dec 2025"))
    plan = linkedin.preview(con, wb, parsed)
    assert [r.full_name for r in plan.new] == ["Grace Hopper"]
    (line, who, reason), = plan.skipped
    assert who == "Ada Lovelace" and "300" in reason and "Position" in reason
    linkedin.import_connections(con, wb, parsed)
    titles = {r[0] for r in con.execute("SELECT title FROM contacts WHERE workbook_id = ?", [wb]).fetchall()}
    assert titles == {"Rear Admiral"}  # nobody got a cut position


@pytest.mark.parametrize("when, reason", [
    ("01 Jan 0001", "before LinkedIn existed"),
    ("31 Dec 9999", "in the future"),
    ("01 Jan 1999", "before LinkedIn existed"),
])
def test_a_connected_on_date_outside_linkedins_lifetime_skips_the_row_with_the_reason(con, wb, when, reason):
    parsed = linkedin.read(_csv(f"Ada,Lovelace,,,Engines Ltd,Analyst,{when}", "Grace,Hopper,,,Navy,Admiral,08 Dec 2025"))
    plan = linkedin.preview(con, wb, parsed)
    assert [r.full_name for r in plan.new] == ["Grace Hopper"]
    (_, who, why), = plan.skipped
    assert who == "Ada Lovelace" and reason in why
    linkedin.import_connections(con, wb, parsed)
    assert con.execute("SELECT min(connected_on), max(connected_on) FROM contacts WHERE workbook_id = ?",
                       [wb]).fetchone() == (date(2025, 12, 8), date(2025, 12, 8))


def test_a_contact_connected_on_linkedin_before_linkedin_existed_is_refused(con, wb):
    refused(con, lambda: contacts.add(con, wb, full_name="Ada", source="linkedin", connected_on=date(2001, 1, 1)),
            "before LinkedIn existed")
    refused(con, lambda: contacts.add(con, wb, full_name="Ada", connected_on=date(1, 1, 1)), "check the year")
    ada = contacts.add(con, wb, full_name="Ada", source="alumni", connected_on=date(1998, 6, 1))
    assert contacts.get(con, wb, ada)["connected_on"] == date(1998, 6, 1)


# ---- item 8: broken LinkedIn archives -----------------------------------------------------------------

@pytest.mark.parametrize("name, says", [
    ("encrypted.zip", "password"),
    ("corrupt_deflate.zip", "damaged"),
    ("lying_size_small.zip", "damaged"),
    ("lying_size_bomb.zip", "damaged"),
])
def test_a_broken_linkedin_archive_is_refused_with_a_message_about_the_file(name, says):
    with pytest.raises(Invalid, match=says) as caught:
        linkedin.read((FIXTURES / name).read_bytes(), name)
    assert "Connections.csv" in str(caught.value)


def test_an_archive_that_unpacks_past_the_limit_is_refused_while_reading(monkeypatch):
    """A header may claim any size: the read stops one byte past the limit, whatever the header says."""
    import io
    import zipfile
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Connections.csv", HEADER + "Ada,Lovelace,,,,,\r\n" * 2_000)
    monkeypatch.setattr(linkedin, "MAX_BYTES", 10_000)
    with pytest.raises(Invalid, match="MB"):
        linkedin.read(buffer.getvalue(), "archive.zip")


def test_the_fixture_script_rebuilds_the_same_archives(tmp_path, monkeypatch):
    import shutil
    import sys
    sys.path.insert(0, str(FIXTURES))
    try:
        import make_bad_zips
    finally:
        sys.path.remove(str(FIXTURES))
    shutil.copy(FIXTURES / "connections_current.csv", tmp_path)
    monkeypatch.setattr(make_bad_zips, "HERE", tmp_path)
    monkeypatch.setattr(make_bad_zips, "SOURCE", tmp_path / "connections_current.csv")
    for built in make_bad_zips.build():
        assert built.read_bytes() == (FIXTURES / built.name).read_bytes()


# ---- the rules themselves -------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [7.5, "7.5", float("nan"), float("inf"), True, "seven", None, 4, 181])
def test_meeting_minutes_take_only_whole_numbers_in_range(value):
    with pytest.raises(Invalid):
        fields.meeting_minutes(value)


@pytest.mark.parametrize("value, stored", [(15, 15), ("20", 20), (30.0, 30)])
def test_meeting_minutes_keep_whole_numbers_as_they_are(value, stored):
    assert fields.meeting_minutes(value) == stored
