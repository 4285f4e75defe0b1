"""lib/calendar_export.py: the .ics file, parsed back with the icalendar library."""
from datetime import date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from lib import calendar_export, meetings, workbooks

NOW = datetime(2026, 3, 11, 12, 0)


def _event(data: bytes):
    cal = Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    return cal, events[0]


@pytest.fixture
def ben_meeting(con, demo_id):
    ben = meetings.listing(con, demo_id, now=datetime(2026, 3, 11, 12))[0]
    assert ben["full_name"] == "Ben Carter"
    return ben["id"]


def test_the_file_holds_one_event_at_the_meeting_time(con, demo_id, ben_meeting):
    cal, event = _event(calendar_export.meeting_ics(con, demo_id, ben_meeting, now=NOW))
    assert str(cal["version"]) == "2.0"
    assert event.decoded("dtstart") == datetime(2026, 3, 13, 10, 0)
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=15)
    assert str(event["summary"]) == "Informational interview: Ben Carter (Alpine Stormwater Solutions)"
    assert str(event["location"]) == "Good Earth café, Canmore"


def test_an_alarm_the_day_before_asks_to_confirm(con, demo_id, ben_meeting):
    _, event = _event(calendar_export.meeting_ics(con, demo_id, ben_meeting, now=NOW))
    alarms = list(event.walk("VALARM"))
    assert len(alarms) == 1
    assert alarms[0].decoded("trigger") == timedelta(days=-1)
    assert str(alarms[0]["action"]) == "DISPLAY"
    assert "confirm" in str(alarms[0]["description"]).lower()


def test_the_description_carries_the_purpose_and_the_question_plan(con, demo_id, ben_meeting):
    _, event = _event(calendar_export.meeting_ics(con, demo_id, ben_meeting, base_url="http://localhost:8501", now=NOW))
    text = str(event["description"])
    assert "Purpose: Understand how water-resources" in text
    assert f"Question plan: http://localhost:8501/questions?wb={demo_id}&meeting={ben_meeting}" in text
    assert "12 questions planned:" in text and "\n1. " in text
    assert str(event["url"]) == f"http://localhost:8501/questions?wb={demo_id}&meeting={ben_meeting}"


def test_without_a_plan_or_address_the_description_says_what_to_prepare(con):
    wb = workbooks.create(con, "Bare")
    cid = con.execute("INSERT INTO contacts (workbook_id, full_name) VALUES (?, 'Robin') RETURNING id", [wb]).fetchone()[0]
    mid = meetings.schedule(con, wb, cid, day=date(2026, 3, 13), at=time(9), now=NOW).id
    _, event = _event(calendar_export.meeting_ics(con, wb, mid, now=NOW))
    text = str(event["description"])
    assert "No question plan yet" in text and "Purpose" not in text and "None" not in text
    assert "url" not in event
    assert str(event["location"]) == "At their workplace"


def test_a_rescheduled_meeting_keeps_its_uid_and_raises_the_sequence(con, demo_id, ben_meeting):
    _, before = _event(calendar_export.meeting_ics(con, demo_id, ben_meeting, now=NOW))
    meetings.reschedule(con, demo_id, ben_meeting, day=date(2026, 3, 16), at=time(11), now=NOW)
    _, after = _event(calendar_export.meeting_ics(con, demo_id, ben_meeting, now=NOW))
    assert str(after["uid"]) == str(before["uid"])
    assert int(after["sequence"]) == int(before["sequence"]) + 1
    assert after.decoded("dtstart") == datetime(2026, 3, 16, 11, 0)


def test_a_cancelled_meeting_exports_as_cancelled(con, demo_id, ben_meeting):
    meetings.cancel(con, demo_id, ben_meeting)
    _, event = _event(calendar_export.meeting_ics(con, demo_id, ben_meeting, now=NOW))
    assert str(event["status"]) == "CANCELLED"


def test_the_file_name_has_the_date_and_the_person():
    assert calendar_export.file_name({"full_name": "Mei Lin Zhou", "scheduled_at": datetime(2026, 3, 13, 9)}) == \
        "interview-2026-03-13-mei-lin-zhou.ics"


def test_a_mask_reaches_every_persons_text_in_the_file_and_the_name(con, demo_id, ben_meeting):
    from lib import privacy, render
    secret = "403-555-0188 secret.person@example.com"
    con.execute("UPDATE contacts SET full_name = full_name || ? WHERE id = (SELECT contact_id FROM meetings WHERE id = ?)",
                [f" {secret}", ben_meeting])
    con.execute("UPDATE meetings SET location = 'https://www.linkedin.com/in/ben-carter-42', notes = 'NOTE-SECRET' "
                "WHERE id = ?", [ben_meeting])
    data = calendar_export.meeting_ics(
        con, demo_id, ben_meeting, now=NOW, base_url="http://localhost:8501",
        mask=lambda d: render.map_text(d, privacy.mask_text, private=lambda v: privacy.PRIVATE_NOTE,
                                       private_keys=("notes",)))
    text = data.decode().replace("\r\n ", "")   # unfolded
    assert "Ben Carter" in text and "questions?wb=" in text   # masked, not emptied; the app's own link kept
    for leak in ("0188", "secret.person", "ben-carter-42", "NOTE-SECRET"):
        assert leak not in text
    m = meetings.get(con, demo_id, ben_meeting)
    assert calendar_export.file_name({**m, "full_name": privacy.mask_text(m["full_name"])}) == \
        f"interview-{m['scheduled_at']:%Y-%m-%d}-ben-carter.ics"
