"""lib/calendar_feed.py: each person's private calendar feed, parsed back with the icalendar library."""
from datetime import date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from lib import access, calendar_feed, contacts, keep_in_touch, meetings, outreach, workbooks
from tests.conftest import DEMO_TODAY

ALICE, BOB = "alice@example.com", "bob@example.com"
NOW = datetime.combine(DEMO_TODAY, time(12, 0))


def _events(data: bytes) -> list:
    cal = Calendar.from_ical(data)
    assert str(cal["version"]) == "2.0"
    return list(cal.walk("VEVENT"))


def _summaries(data: bytes) -> list[str]:
    return [str(e["summary"]) for e in _events(data)]


def _feed(con, person, today=DEMO_TODAY) -> bytes:
    return calendar_feed.feed(con, person, today, now=NOW)


# ---- the secret link ---------------------------------------------------------------------------

def test_a_person_gets_one_long_random_link_that_stays_the_same(con):
    token = calendar_feed.feed_url_token(con, ALICE)
    assert len(token) == 43 and token.replace("-", "").replace("_", "").isalnum()
    assert calendar_feed.feed_url_token(con, " Alice@Example.com ") == token
    assert calendar_feed.feed_url_token(con, BOB) != token
    assert calendar_feed.current_token(con, "carol@example.com") is None


def test_the_link_opens_its_persons_feed_and_nothing_else_does(con):
    alice = calendar_feed.feed_url_token(con, ALICE)
    local = calendar_feed.feed_url_token(con, None)
    assert calendar_feed.person_for_token(con, alice, hosted=True) == ALICE
    assert calendar_feed.person_for_token(con, local) == ""
    for unknown in ["", None, "x" * 43, alice[:-1], alice + "A", alice.upper(), "../../etc/passwd", 12345]:
        assert calendar_feed.person_for_token(con, unknown, hosted=True) is None
        assert calendar_feed.person_for_token(con, unknown) is None


def test_hosted_mode_never_serves_a_link_the_local_app_made_and_local_mode_no_hosted_link(con):
    local = calendar_feed.feed_url_token(con, None)
    alice = calendar_feed.feed_url_token(con, ALICE)
    assert calendar_feed.person_for_token(con, local, hosted=True) is None  # the local person sees every workbook
    assert calendar_feed.person_for_token(con, alice, hosted=False) is None


def test_resetting_the_link_makes_the_old_one_open_nothing(con):
    old = calendar_feed.feed_url_token(con, ALICE)
    new = calendar_feed.reset_token(con, ALICE)
    assert new != old
    assert calendar_feed.person_for_token(con, old, hosted=True) is None
    assert calendar_feed.person_for_token(con, new, hosted=True) == ALICE
    assert calendar_feed.feed_url_token(con, ALICE) == new


def test_only_a_hash_is_looked_up_and_no_workbook_export_carries_the_link(con):
    token = calendar_feed.feed_url_token(con, ALICE)
    stored = con.execute("SELECT token_hash FROM calendar_feeds").fetchone()[0]
    assert stored != token and len(stored) == 64
    assert "calendar_feeds" not in workbooks.workbook_tables(con)


# ---- what the feed holds -----------------------------------------------------------------------

def test_the_local_feed_holds_the_demos_meetings_follow_ups_and_keep_in_touch_dates(con, demo_id):
    summaries = _summaries(_feed(con, None))
    assert "Informational interview: Ben Carter (Alpine Stormwater Solutions)" in summaries
    due = outreach.follow_ups(con, demo_id, today=DEMO_TODAY)
    assert due and all(f"Follow up: {r['full_name']}" in summaries for r in due)
    losing = keep_in_touch.losing_touch(con, demo_id, DEMO_TODAY)
    assert losing and all(f"Keep in touch: {r['full_name']}" in summaries for r in losing)


def test_a_meeting_is_at_its_time_with_the_question_plan(con, demo_id):
    ben = next(e for e in _events(calendar_feed.feed(con, None, DEMO_TODAY, now=NOW, base_url="http://h:8501"))
               if "Ben Carter" in str(e["summary"]))
    assert ben.decoded("dtstart") == datetime(2026, 3, 13, 10, 0)
    assert ben.decoded("dtend") - ben.decoded("dtstart") == timedelta(minutes=15)
    assert "12 questions planned:" in str(ben["description"])
    assert str(ben["url"]).startswith(f"http://h:8501/questions?wb={demo_id}&meeting=")


def test_a_due_follow_up_is_an_all_day_reminder_today_with_an_alarm_at_nine(con, demo_id):
    due = outreach.follow_ups(con, demo_id, today=DEMO_TODAY)[0]
    event = next(e for e in _events(_feed(con, None)) if str(e["summary"]) == f"Follow up: {due['full_name']}")
    assert event.decoded("dtstart") == DEMO_TODAY and not isinstance(event.decoded("dtstart"), datetime)
    assert event.decoded("dtend") == DEMO_TODAY + timedelta(days=1)
    assert str(event["description"]) == due["action"]
    assert [a.decoded("trigger") for a in event.walk("VALARM")] == [timedelta(hours=9)]


def test_a_coming_weekend_follow_up_shows_on_the_friday_it_becomes_due():
    wednesday = date(2026, 3, 11)
    assert calendar_feed.due_day(date(2026, 3, 14), wednesday) == date(2026, 3, 13)   # Saturday -> Friday
    assert calendar_feed.due_day(date(2026, 3, 16), wednesday) == date(2026, 3, 16)   # Monday stays
    assert calendar_feed.due_day(date(2026, 3, 2), wednesday) == wednesday            # late: today


def test_every_event_has_a_stable_unique_uid(con, demo_id):
    first = [str(e["uid"]) for e in _events(_feed(con, None))]
    assert len(first) == len(set(first))
    assert first == [str(e["uid"]) for e in _events(_feed(con, None))]


def test_a_cancelled_meeting_leaves_the_feed(con, demo_id):
    ben = meetings.listing(con, demo_id, now=NOW)[0]
    meetings.cancel(con, demo_id, ben["id"])
    assert not any("Ben Carter" in s and "interview" in s for s in _summaries(_feed(con, None)))


def test_an_archived_workbook_is_not_in_the_feed(con, demo_id):
    workbooks.set_archived(con, demo_id, True)
    assert _events(_feed(con, None)) == []


# ---- alice's data never reaches bob ------------------------------------------------------------

@pytest.fixture
def alice_and_bob(con, demo_id):
    """The demo is alice's; bob has a workbook of his own with one meeting, one follow-up and one cadence."""
    access.set_owner(con, demo_id, ALICE)
    bob = workbooks.create(con, "Bob's", owner=BOB)
    zoe = contacts.add(con, bob, full_name="Zoe Bobsfriend")
    meetings.schedule(con, bob, zoe, day=DEMO_TODAY + timedelta(days=2), at=time(9), now=NOW)
    yan = contacts.add(con, bob, full_name="Yan Bobscontact")
    outreach.log_attempt(con, bob, yan, channel="email", attempted_at=DEMO_TODAY - timedelta(days=10),
                         today=DEMO_TODAY)
    keep_in_touch.set_cadence(con, bob, zoe, 30)
    return {"alice": demo_id, "bob": bob}


def test_bobs_feed_holds_only_bobs_workbook(con, alice_and_bob):
    summaries = _summaries(_feed(con, BOB))
    assert any("Zoe Bobsfriend" in s for s in summaries)
    assert "Follow up: Yan Bobscontact" in summaries
    assert not any("Ben Carter" in s for s in summaries)
    alice_names = set(con.execute("SELECT full_name FROM contacts WHERE workbook_id = ?",
                                  [alice_and_bob["alice"]]).fetchall())
    assert len(alice_names) > 10
    text = _feed(con, BOB).decode().replace("\r\n ", "")  # unfolded: a long line is split in two
    assert not [n for (n,) in alice_names if n in text]


def test_bobs_link_opens_bobs_feed_never_alices(con, alice_and_bob):
    bob_token = calendar_feed.feed_url_token(con, BOB)
    alice_token = calendar_feed.feed_url_token(con, ALICE)
    person = calendar_feed.person_for_token(con, bob_token, hosted=True)
    assert person == BOB
    assert "Ben Carter" not in _feed(con, person).decode()
    assert "Ben Carter" in _feed(con, calendar_feed.person_for_token(con, alice_token, hosted=True)).decode()


def test_a_coach_sees_a_shared_workbook_in_the_feed_until_it_is_revoked(con, alice_and_bob):
    access.grant(con, ALICE, alice_and_bob["alice"], BOB)
    summaries = _summaries(_feed(con, BOB))
    assert any(s.endswith("Ben Carter (Alpine Stormwater Solutions)") for s in summaries)
    assert all(" · " in s for s in summaries)  # two workbooks: each title starts with its workbook's name
    access.revoke(con, ALICE, alice_and_bob["alice"], BOB)
    assert not any("Ben Carter" in s for s in _summaries(_feed(con, BOB)))


def test_someone_with_no_workbook_gets_an_empty_calendar(con, alice_and_bob):
    assert _events(_feed(con, "carol@example.com")) == []
