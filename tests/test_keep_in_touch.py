"""lib/keep_in_touch.py: the next touch is the last interaction plus the cadence; any interaction resets it."""
from datetime import date, datetime

import pytest

from lib import keep_in_touch, reviews, thank_you, workbooks
from lib.errors import Invalid, NotFound
from tests.conftest import DEMO_TODAY

TODAY = date(2026, 3, 11)


def person(con, wb, name="Ada Obi", cadence=30, created=datetime(2026, 1, 1, 9), stage="keeping_in_touch"):
    return con.execute(
        "INSERT INTO contacts (workbook_id, full_name, keep_in_touch_days, created_at, stage) VALUES (?, ?, ?, ?, ?)"
        " RETURNING id", [wb, name, cadence, created, stage],
    ).fetchone()[0]


def meeting(con, wb, contact, at, status="done"):
    return con.execute("INSERT INTO meetings (workbook_id, contact_id, scheduled_at, status) VALUES (?, ?, ?, ?)"
                       " RETURNING id", [wb, contact, at, status]).fetchone()[0]


def next_touch(con, wb, contact, today=TODAY):
    return keep_in_touch.schedule_of(con, wb, contact, today)["next_touch_on"]


def test_the_rule_is_last_interaction_plus_cadence():
    assert keep_in_touch.next_touch(date(2026, 1, 31), 30) == date(2026, 3, 2)
    assert keep_in_touch.next_touch(date(2026, 1, 31), None) is None


def test_without_any_interaction_the_cadence_counts_from_when_the_person_was_added(con, wb):
    c = person(con, wb, cadence=60)
    assert next_touch(con, wb, c) == date(2026, 3, 2)


def test_a_meeting_done_resets_the_next_touch(con, wb):
    c = person(con, wb)
    meeting(con, wb, c, datetime(2026, 2, 20, 10))
    assert next_touch(con, wb, c) == date(2026, 3, 22)


def test_an_outreach_attempt_resets_the_next_touch(con, wb):
    c = person(con, wb)
    con.execute("INSERT INTO outreach (workbook_id, contact_id, channel, attempted_at) VALUES (?, ?, 'email', ?)",
                [wb, c, datetime(2026, 3, 1, 9)])
    assert next_touch(con, wb, c) == date(2026, 3, 31)


def test_a_logged_we_talked_resets_the_next_touch(con, wb):
    c = person(con, wb)
    assert c in {r["contact_id"] for r in keep_in_touch.losing_touch(con, wb, TODAY)}
    keep_in_touch.log_interaction(con, wb, c, happened_on=date(2026, 3, 10), kind="talked", today=TODAY)
    assert next_touch(con, wb, c) == date(2026, 4, 9)
    assert c not in {r["contact_id"] for r in keep_in_touch.losing_touch(con, wb, TODAY)}


def test_a_review_and_a_thank_you_count_as_interactions(con, wb):
    c = person(con, wb)
    m = meeting(con, wb, c, datetime(2026, 1, 10, 10))
    con.execute("INSERT INTO reviews (meeting_id, workbook_id, insights, usefulness, created_at) VALUES (?, ?, 'x', 3, ?)",
                [m, wb, datetime(2026, 1, 12, 9)])
    assert next_touch(con, wb, c) == date(2026, 2, 11)
    thank_you.mark_sent(con, wb, m, date(2026, 1, 20), today=TODAY)
    assert next_touch(con, wb, c) == date(2026, 2, 19)


def test_an_older_interaction_logged_later_does_not_move_the_date_back(con, wb):
    c = person(con, wb)
    keep_in_touch.log_interaction(con, wb, c, happened_on=date(2026, 3, 1), today=TODAY)
    keep_in_touch.log_interaction(con, wb, c, happened_on=date(2026, 2, 1), today=TODAY)
    assert next_touch(con, wb, c) == date(2026, 3, 31)


def test_losing_touch_lists_the_most_overdue_first(con, wb):
    late = person(con, wb, "Late", created=datetime(2026, 1, 1, 9))
    later = person(con, wb, "Later", created=datetime(2025, 12, 1, 9))
    person(con, wb, "Fine", created=datetime(2026, 3, 1, 9))
    rows = keep_in_touch.losing_touch(con, wb, TODAY)
    assert [r["contact_id"] for r in rows] == [later, late]
    assert rows[1]["days_overdue"] == 39


def test_losing_touch_can_look_ahead(con, wb):
    soon = person(con, wb, "Soon", created=datetime(2026, 2, 15, 9))  # due 17 March
    assert keep_in_touch.losing_touch(con, wb, TODAY) == []
    assert [r["contact_id"] for r in keep_in_touch.losing_touch(con, wb, TODAY, within_days=7)] == [soon]


def test_people_with_no_cadence_closed_or_with_a_meeting_planned_are_not_losing_touch(con, wb):
    person(con, wb, "No cadence", cadence=None)
    person(con, wb, "Closed", stage="closed")
    planned = person(con, wb, "Planned")
    meeting(con, wb, planned, datetime(2026, 3, 20, 10), status="planned")
    assert keep_in_touch.losing_touch(con, wb, TODAY) == []


def test_setting_a_cadence_moves_a_person_met_to_keeping_in_touch(con, wb):
    c = person(con, wb, cadence=None, stage="met")
    keep_in_touch.set_cadence(con, wb, c, 90)
    assert keep_in_touch.schedule_of(con, wb, c, TODAY)["stage"] == "keeping_in_touch"
    keep_in_touch.set_cadence(con, wb, c, None)
    assert keep_in_touch.schedule_of(con, wb, c, TODAY) is None


def test_a_cadence_other_than_30_60_90_is_refused(con, wb):
    with pytest.raises(Invalid):
        keep_in_touch.set_cadence(con, wb, person(con, wb), 7)


def test_an_interaction_in_the_future_is_refused(con, wb):
    with pytest.raises(Invalid, match="future"):
        keep_in_touch.log_interaction(con, wb, person(con, wb), happened_on=date(2026, 3, 12), today=TODAY)


def test_an_interaction_with_someone_of_another_workbook_is_refused(con, wb):
    other = workbooks.create(con, "Other")
    with pytest.raises(NotFound):
        keep_in_touch.log_interaction(con, wb, person(con, other), happened_on=TODAY, today=TODAY)


def test_people_met_without_a_cadence_are_listed(con, wb):
    c = person(con, wb, cadence=None, stage="met")
    meeting(con, wb, c, datetime(2026, 3, 2, 10))
    assert [r["contact_id"] for r in keep_in_touch.met_without_cadence(con, wb)] == [c]


def test_the_demo_has_someone_losing_touch(con, demo_id):
    names = [r["full_name"] for r in keep_in_touch.losing_touch(con, demo_id, DEMO_TODAY)]
    assert names == ["Aisha Bello"]


def test_a_review_with_a_cadence_puts_the_person_on_the_schedule(con, wb):
    c = person(con, wb, cadence=None, stage="scheduled")
    m = meeting(con, wb, c, datetime(2026, 3, 2, 10))
    reviews.save(con, wb, m, insights="x", usefulness=4, keep_in_touch_days=30)
    assert keep_in_touch.schedule_of(con, wb, c, date.today())["keep_in_touch_days"] == 30
