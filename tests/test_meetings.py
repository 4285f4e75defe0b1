"""lib/meetings.py: scheduling with the method's defaults, reschedule and cancel with history, statuses."""
from datetime import date, datetime, time

import pytest

from lib import db, meetings, outreach, workbooks
from lib.errors import Invalid, NotFound

NOW = datetime(2026, 3, 11, 12, 0)
FRI = date(2026, 3, 13)


@pytest.fixture
def ana(con, wb):
    return con.execute("INSERT INTO contacts (workbook_id, full_name, stage) VALUES (?, 'Ana', 'contacted') RETURNING id",
                       [wb]).fetchone()[0]


def _meeting(con, mid):
    return db.one(con, "SELECT * FROM meetings WHERE id = ?", [mid])


def _stage(con, cid):
    return db.scalar(con, "SELECT stage FROM contacts WHERE id = ?", [cid])


def test_a_meeting_is_15_minutes_at_their_workplace_by_default(con, wb, ana):
    saved = meetings.schedule(con, wb, ana, day=FRI, at=time(10), now=NOW)
    m = _meeting(con, saved.id)
    assert (m["duration_minutes"], m["format"], m["status"]) == (15, "workplace", "planned")
    assert m["scheduled_at"] == datetime(2026, 3, 13, 10, 0)
    assert saved.warnings == []


def test_scheduling_moves_the_contact_to_scheduled(con, wb, ana):
    meetings.schedule(con, wb, ana, day=FRI, at=time(10), now=NOW)
    assert _stage(con, ana) == "scheduled"


def test_scheduling_cancels_the_persons_follow_up_reminders(con, wb, ana):
    logged = outreach.log_attempt(con, wb, ana, channel="email", attempted_at=date(2026, 3, 9), today=NOW.date())
    meetings.schedule(con, wb, ana, day=FRI, at=time(10), now=NOW)
    assert db.scalar(con, "SELECT follow_up_on FROM outreach WHERE id = ?", [logged.id]) is None


def test_20_minutes_brings_no_warning(con, wb, ana):
    assert meetings.schedule(con, wb, ana, day=FRI, at=time(10), duration_minutes=20, now=NOW).warnings == []


def test_more_than_20_minutes_is_saved_with_a_warning(con, wb, ana):
    saved = meetings.schedule(con, wb, ana, day=FRI, at=time(10), duration_minutes=30, now=NOW)
    assert _meeting(con, saved.id)["duration_minutes"] == 30
    assert any("longer than the 20 minutes" in w for w in saved.warnings)


def test_a_place_other_than_their_workplace_brings_the_m17_reminder(con, wb, ana):
    saved = meetings.schedule(con, wb, ana, day=FRI, at=time(10), format="coffee", now=NOW)
    assert any("Their workplace is the preferred place" in w for w in saved.warnings)


def test_a_time_in_the_past_is_saved_with_a_warning(con, wb, ana):
    saved = meetings.schedule(con, wb, ana, day=date(2026, 3, 2), at=time(10), now=NOW)
    assert any("past" in w for w in saved.warnings)


def test_a_second_planned_meeting_with_the_same_person_is_saved_with_a_warning(con, wb, ana):
    """Two tabs, each booking after the same yes, stored two meetings without a word (found by a hostile tester)."""
    meetings.schedule(con, wb, ana, day=FRI, at=time(10), now=NOW)
    saved = meetings.schedule(con, wb, ana, day=date(2026, 3, 20), at=time(9), now=NOW)
    assert [w for w in saved.warnings if "already have a meeting planned with this person" in w] == [
        "You already have a meeting planned with this person (13 Mar 2026, 10:00): cancel one of them in the "
        "Meetings tab if it was booked twice."]
    assert db.scalar(con, "SELECT count(*) FROM meetings") == 2  # the person decides


def test_a_meeting_that_overlaps_another_is_saved_with_a_warning_that_names_no_one(con, wb, ana):
    bo = con.execute("INSERT INTO contacts (workbook_id, full_name, stage) VALUES (?, 'Bo', 'contacted') RETURNING id",
                     [wb]).fetchone()[0]
    meetings.schedule(con, wb, bo, day=FRI, at=time(10), duration_minutes=20, now=NOW)
    clash = meetings.schedule(con, wb, ana, day=FRI, at=time(10, 15), now=NOW)
    assert [w for w in clash.warnings if "overlaps" in w] == [
        "It overlaps another meeting you have planned (13 Mar 2026, 10:00)."]
    after = meetings.schedule(con, wb, ana, day=FRI, at=time(10, 20), now=NOW)  # starts as the other ends
    assert not [w for w in after.warnings if "overlaps" in w]


def test_moving_a_meeting_onto_another_warns_and_a_cancelled_one_is_no_clash(con, wb, ana):
    bo = con.execute("INSERT INTO contacts (workbook_id, full_name, stage) VALUES (?, 'Bo', 'contacted') RETURNING id",
                     [wb]).fetchone()[0]
    other = meetings.schedule(con, wb, bo, day=FRI, at=time(10), now=NOW).id
    mid = meetings.schedule(con, wb, ana, day=date(2026, 3, 16), at=time(10), now=NOW).id
    assert any("overlaps" in w for w in meetings.reschedule(con, wb, mid, day=FRI, at=time(10, 5), now=NOW).warnings)
    meetings.cancel(con, wb, other)
    assert meetings.reschedule(con, wb, mid, day=FRI, at=time(10), now=NOW).warnings == []


@pytest.mark.parametrize("kwargs", [{"duration_minutes": 0}, {"duration_minutes": 600}, {"format": "canoe"},
                                    {"duration_minutes": "soon"}])
def test_impossible_meetings_are_refused_and_nothing_is_saved(con, wb, ana, kwargs):
    with pytest.raises(Invalid):
        meetings.schedule(con, wb, ana, day=FRI, at=time(10), now=NOW, **kwargs)
    assert db.scalar(con, "SELECT count(*) FROM meetings") == 0
    assert _stage(con, ana) == "contacted"


def test_a_meeting_needs_a_time(con, wb, ana):
    with pytest.raises(Invalid, match="date and a time"):
        meetings.schedule(con, wb, ana, day=FRI, at=None)


def test_a_meeting_with_someone_of_another_workbook_is_refused(con, wb, ana):
    other = workbooks.create(con, "Other")
    with pytest.raises(NotFound):
        meetings.schedule(con, other, ana, day=FRI, at=time(10))


def test_rescheduling_keeps_the_old_and_new_times_in_the_history(con, wb, ana):
    mid = meetings.schedule(con, wb, ana, day=FRI, at=time(10), now=NOW).id
    meetings.reschedule(con, wb, mid, day=date(2026, 3, 16), at=time(14, 30), reason="They are on site", now=NOW)
    assert _meeting(con, mid)["scheduled_at"] == datetime(2026, 3, 16, 14, 30)
    h = meetings.history(con, wb, mid)
    assert [r["action"] for r in h] == ["scheduled", "rescheduled"]
    assert (h[1]["old_scheduled_at"], h[1]["new_scheduled_at"], h[1]["reason"]) == (
        datetime(2026, 3, 13, 10), datetime(2026, 3, 16, 14, 30), "They are on site")


def test_a_cancelled_meeting_cannot_be_moved(con, wb, ana):
    mid = meetings.schedule(con, wb, ana, day=FRI, at=time(10), now=NOW).id
    meetings.cancel(con, wb, mid)
    with pytest.raises(Invalid, match="Only a planned meeting"):
        meetings.reschedule(con, wb, mid, day=date(2026, 3, 16), at=time(9))


def test_cancelling_keeps_the_meeting_with_its_reason_and_puts_the_contact_back(con, wb, ana):
    mid = meetings.schedule(con, wb, ana, day=FRI, at=time(10), now=NOW).id
    meetings.cancel(con, wb, mid, "Ill")
    assert _meeting(con, mid)["status"] == "cancelled"
    assert meetings.history(con, wb, mid)[-1]["action"] == "cancelled"
    assert meetings.history(con, wb, mid)[-1]["reason"] == "Ill"
    assert _stage(con, ana) == "contacted"


def test_cancelling_one_of_two_planned_meetings_keeps_the_contact_scheduled(con, wb, ana):
    first = meetings.schedule(con, wb, ana, day=FRI, at=time(10), now=NOW).id
    meetings.schedule(con, wb, ana, day=date(2026, 3, 20), at=time(10), now=NOW)
    meetings.cancel(con, wb, first)
    assert _stage(con, ana) == "scheduled"


def test_marking_done_moves_the_contact_to_met(con, wb, ana):
    mid = meetings.schedule(con, wb, ana, day=FRI, at=time(10), now=NOW).id
    meetings.mark_done(con, wb, mid)
    assert _meeting(con, mid)["status"] == "done"
    assert _stage(con, ana) == "met"


def test_a_no_show_is_recorded(con, wb, ana):
    mid = meetings.schedule(con, wb, ana, day=FRI, at=time(10), now=NOW).id
    meetings.set_status(con, wb, mid, "no_show")
    assert _meeting(con, mid)["status"] == "no_show"
    assert meetings.history(con, wb, mid)[-1]["action"] == "no_show"


def test_an_unknown_status_is_refused(con, wb, ana):
    mid = meetings.schedule(con, wb, ana, day=FRI, at=time(10), now=NOW).id
    with pytest.raises(Invalid):
        meetings.set_status(con, wb, mid, "postponed")


def test_upcoming_lists_planned_meetings_soonest_first(con, wb, ana):
    later = meetings.schedule(con, wb, ana, day=date(2026, 3, 20), at=time(10), now=NOW).id
    sooner = meetings.schedule(con, wb, ana, day=FRI, at=time(10), now=NOW).id
    gone = meetings.schedule(con, wb, ana, day=date(2026, 3, 18), at=time(10), now=NOW).id
    meetings.cancel(con, wb, gone)
    meetings.schedule(con, wb, ana, day=date(2026, 3, 2), at=time(10), now=NOW)
    assert [m["id"] for m in meetings.listing(con, wb, now=NOW)] == [sooner, later]
    assert meetings.count(con, wb, now=NOW) == 2


def test_a_planned_meeting_whose_time_passed_waits_to_be_closed(con, wb, ana):
    past = meetings.schedule(con, wb, ana, day=date(2026, 3, 2), at=time(10), now=NOW).id
    meetings.schedule(con, wb, ana, day=FRI, at=time(10), now=NOW)
    assert [m["id"] for m in meetings.to_close(con, wb, now=NOW)] == [past]


def test_a_meeting_in_progress_is_still_upcoming(con, wb, ana):
    mid = meetings.schedule(con, wb, ana, day=NOW.date(), at=time(11, 50), duration_minutes=20, now=NOW).id
    assert [m["id"] for m in meetings.listing(con, wb, now=NOW)] == [mid]


def test_the_demo_shows_two_meetings_coming(con, demo_id):
    coming = meetings.listing(con, demo_id, now=datetime(2026, 3, 11, 12))
    assert [m["full_name"] for m in coming] == ["Ben Carter", "Noah Williams"]
    assert meetings.as_frame(coming)["Format"].tolist() == ["Coffee shop nearby", "At their workplace"]


def test_the_default_slot_is_the_next_business_day_at_ten():
    assert meetings.default_slot(datetime(2026, 3, 13, 15)) == (date(2026, 3, 16), time(10))


def _said_yes(con, wb, cid) -> int:
    attempt = outreach.log_attempt(con, wb, cid, channel="email", attempted_at=date.today()).id
    outreach.record_reply(con, wb, attempt, "replied_yes")
    return attempt


def test_a_form_booking_a_yes_books_once_though_a_second_tab_still_shows_it(con, wb, ana):
    yes = _said_yes(con, wb, ana)
    meetings.schedule(con, wb, ana, day=FRI, at=time(10), now=NOW, token="tab-a", answering=yes)
    with pytest.raises(Invalid, match="booked meanwhile"):
        meetings.schedule(con, wb, ana, day=FRI, at=time(11), now=NOW, token="tab-b", answering=yes)
    assert db.scalar(con, "SELECT count(*) FROM meetings WHERE contact_id = ?", [ana]) == 1


def test_a_form_booking_a_yes_is_refused_after_a_later_no(con, wb, ana):
    yes = _said_yes(con, wb, ana)
    outreach.log_attempt(con, wb, ana, channel="phone", outcome="replied_no", attempted_at=date.today())
    with pytest.raises(Invalid, match="answer changed meanwhile"):
        meetings.schedule(con, wb, ana, day=FRI, at=time(10), now=NOW, token="tab-b", answering=yes)
    assert db.scalar(con, "SELECT count(*) FROM meetings WHERE contact_id = ?", [ana]) == 0
    assert _stage(con, ana) != "scheduled"
