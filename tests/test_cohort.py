"""lib/cohort.py: the coach's overview of every workbook."""
from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from lib import cohort, workbooks
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY  # Wednesday 11 March 2026


def _contact(con, wb, name="Person", stage="contacted"):
    return con.execute(
        "INSERT INTO contacts (workbook_id, full_name, stage, created_at) VALUES (?, ?, ?, ?) RETURNING id",
        [wb, name, stage, datetime(2026, 2, 1, 9)],
    ).fetchone()[0]


def _attempt(con, wb, contact, day, outcome="no_reply", follow_up=None):
    con.execute(
        "INSERT INTO outreach (workbook_id, contact_id, channel, attempted_at, outcome, follow_up_on)"
        " VALUES (?, ?, 'email', ?, ?, ?)",
        [wb, contact, datetime.combine(day, datetime.min.time()), outcome, follow_up],
    )


def _meeting(con, wb, contact, at, status="planned"):
    con.execute(
        "INSERT INTO meetings (workbook_id, contact_id, scheduled_at, status) VALUES (?, ?, ?, ?)",
        [wb, contact, at, status],
    )


def _row(con, wb, **kw):
    frame = cohort.overview(con, today=TODAY, **kw)
    return frame[frame["id"] == wb].iloc[0]


@pytest.fixture
def client(con):
    return workbooks.create(con, "Client: Jordan Lee")


def test_every_active_workbook_has_one_row(con, demo_id, client):
    frame = cohort.overview(con, today=TODAY)
    assert sorted(frame["id"]) == sorted([demo_id, client])


def test_archived_workbooks_are_left_out_unless_asked(con, client):
    other = workbooks.create(con, "Old client")
    workbooks.set_archived(con, other, True)
    assert other not in cohort.overview(con, today=TODAY)["id"].tolist()
    assert other in cohort.overview(con, today=TODAY, include_archived=True)["id"].tolist()


def test_an_archived_workbook_shown_on_request_never_needs_attention(con, client):
    """A coach puts a finished client away: counting it in "Need attention" (found by a hostile tester) was noise."""
    other = workbooks.create(con, "Old client")  # no activity: it would need attention while active
    assert _attention(con, other) > 0
    workbooks.set_archived(con, other, True)
    frame = cohort.overview(con, today=TODAY, include_archived=True)
    row = frame[frame["id"] == other].iloc[0]
    assert (row["attention"], row["status"]) == (0, "Archived")
    assert other not in [i for i, _, _ in cohort.needing_attention(frame)]


def test_the_headline_numbers_leave_out_an_archived_workbooks_load(con, demo_id, client):
    """Need attention dropped an archived client but its overdue follow-ups and meetings stayed (a hostile tester)."""
    active = cohort.summary(cohort.overview(con, today=TODAY))
    assert active["follow_ups_overdue"] or active["meetings_this_week"]  # the demo has some: the test can fail
    workbooks.set_archived(con, demo_id, True)
    shown = cohort.summary(cohort.overview(con, today=TODAY, include_archived=True))
    without_demo = cohort.summary(cohort.overview(con, today=TODAY))
    assert shown["clients"] == without_demo["clients"] + 1
    assert {k: shown[k] for k in ("need_attention", "meetings_this_week", "follow_ups_overdue")} == \
        {k: without_demo[k] for k in ("need_attention", "meetings_this_week", "follow_ups_overdue")}


def _attention(con, workbook_id: int) -> int:
    frame = cohort.overview(con, today=TODAY)
    return int(frame[frame["id"] == workbook_id].iloc[0]["attention"])


def test_the_demo_shows_its_goal_and_interviews_done_of_the_target(con, demo_id):
    row = _row(con, demo_id)
    assert row["goal"].startswith("Understand how water-resources")
    assert (row["interviews_done"], row["target_interviews"]) == (10, 12)
    assert row["progress"] == pytest.approx(10 / 12)


def test_the_demo_has_five_follow_ups_overdue_and_one_meeting_this_week(con, demo_id):
    # Tomasz, Laura and Sofia (the 3-day step past), Olivia and Emily (move on): dated in business days
    row = _row(con, demo_id)
    assert row["follow_ups_overdue"] == 5
    assert row["meetings_this_week"] == 1


def test_the_demo_last_activity_is_its_latest_attempt_or_meeting(con, demo_id):
    row = _row(con, demo_id)
    assert row["last_activity"].date() == TODAY - timedelta(days=3)
    assert row["days_idle"] == 3


def test_a_new_workbook_has_no_activity_and_the_default_target(con, client):
    row = _row(con, client)
    assert row["interviews_done"] == 0 and row["target_interviews"] == 10
    assert row["last_activity"] is None or str(row["last_activity"]) == "NaT"
    assert row["status"] == "Not started"


def test_a_follow_up_whose_day_has_passed_without_reply_is_overdue(con, client):
    person = _contact(con, client)
    _attempt(con, client, person, TODAY - timedelta(days=10), follow_up=TODAY - timedelta(days=1))
    assert _row(con, client)["follow_ups_overdue"] == 1


def test_a_follow_up_due_today_is_not_yet_overdue(con, client):
    person = _contact(con, client)
    _attempt(con, client, person, TODAY - timedelta(days=10), follow_up=TODAY)
    assert _row(con, client)["follow_ups_overdue"] == 0


def test_a_newer_attempt_settles_an_older_follow_up(con, client):
    person = _contact(con, client)
    _attempt(con, client, person, TODAY - timedelta(days=10), follow_up=TODAY - timedelta(days=5))
    _attempt(con, client, person, TODAY - timedelta(days=4), follow_up=TODAY + timedelta(days=3))
    assert _row(con, client)["follow_ups_overdue"] == 0


def test_a_reply_or_a_meeting_settles_a_follow_up(con, client):
    replied, booked = _contact(con, client, "Replied"), _contact(con, client, "Booked")
    _attempt(con, client, replied, TODAY - timedelta(days=10), "replied_yes", TODAY - timedelta(days=2))
    _attempt(con, client, booked, TODAY - timedelta(days=10), follow_up=TODAY - timedelta(days=2))
    _meeting(con, client, booked, datetime(2026, 3, 20, 10))
    assert _row(con, client)["follow_ups_overdue"] == 0


def test_a_closed_contact_has_no_follow_up_overdue(con, client):
    person = _contact(con, client, stage="closed")
    _attempt(con, client, person, TODAY - timedelta(days=10), follow_up=TODAY - timedelta(days=2))
    assert _row(con, client)["follow_ups_overdue"] == 0


def test_meetings_this_week_run_from_monday_to_sunday(con, client):
    person = _contact(con, client)
    _meeting(con, client, person, datetime(2026, 3, 9, 0, 0))      # Monday, first minute
    _meeting(con, client, person, datetime(2026, 3, 15, 23, 30))   # Sunday night
    _meeting(con, client, person, datetime(2026, 3, 8, 23, 59))    # the Sunday before
    _meeting(con, client, person, datetime(2026, 3, 16, 0, 0))     # next Monday
    _meeting(con, client, person, datetime(2026, 3, 12, 9), status="cancelled")
    assert _row(con, client)["meetings_this_week"] == 2


def test_a_quiet_workbook_needs_attention_and_says_for_how_long(con, client):
    person = _contact(con, client)
    _attempt(con, client, person, TODAY - timedelta(days=20), "replied_yes")
    row = _row(con, client)
    assert row["days_idle"] == 20
    assert row["attention"] == 1
    assert row["status"] == "Quiet for 20 days"


def test_needs_attention_first_puts_overdue_follow_ups_on_top(con, demo_id, client):
    calm = workbooks.create(con, "Calm client")
    person = _contact(con, calm)
    _attempt(con, calm, person, TODAY - timedelta(days=1), "replied_yes")
    frame = cohort.overview(con, today=TODAY, sort="Needs attention first")
    assert frame["id"].tolist() == [demo_id, client, calm]


@pytest.mark.parametrize("sort", list(cohort.SORTS))
def test_every_sort_order_runs_and_keeps_every_workbook(con, demo_id, client, sort):
    assert sorted(cohort.overview(con, today=TODAY, sort=sort)["id"]) == sorted([demo_id, client])


def test_sorting_by_name_is_alphabetical(con, demo_id, client):
    names = cohort.overview(con, today=TODAY, sort="Name")["name"].tolist()
    assert names == sorted(names)


def test_an_unknown_sort_falls_back_to_needs_attention(con, demo_id, client):
    frame = cohort.overview(con, today=TODAY, sort="'; DROP TABLE workbooks; --")
    assert len(frame) == 2 and con.execute("SELECT count(*) FROM workbooks").fetchone()[0] == 2


def test_other_workbooks_data_does_not_leak_into_a_row(con, demo_id, client):
    row = _row(con, client)
    assert (row["follow_ups_overdue"], row["meetings_this_week"], row["interviews_done"]) == (0, 0, 0)


def test_the_display_frame_has_readable_columns(con, demo_id, client):
    shown = cohort.for_display(cohort.overview(con, today=TODAY))
    demo_row = shown[shown["id"] == demo_id].iloc[0]
    assert demo_row["Interviews"] == "10 / 12" and demo_row["Progress"] == 83
    assert demo_row["Last activity"].date() == date(2026, 3, 8)  # a date, so the table sorts it as one
    assert pd.isna(shown[shown["id"] == client].iloc[0]["Last activity"])


def test_the_summary_counts_clients_needing_attention(con, demo_id, client):
    assert cohort.summary(cohort.overview(con, today=TODAY)) == {
        "clients": 2, "need_attention": 2, "meetings_this_week": 1, "follow_ups_overdue": 5}


def test_needing_attention_lists_the_worst_first(con, demo_id, client):
    found = cohort.needing_attention(cohort.overview(con, today=TODAY))
    assert [i for i, _, _ in found] == [demo_id, client]
    assert found[0][2] == "5 follow-ups overdue"


def test_an_empty_database_gives_an_empty_overview(con):
    frame = cohort.overview(con, today=TODAY)
    assert frame.empty and cohort.summary(frame)["clients"] == 0 and cohort.needing_attention(frame) == []


def test_the_overview_is_one_query_that_stays_quick_with_many_workbooks(con):
    for i in range(60):
        wb = workbooks.create(con, f"Client {i}")
        person = _contact(con, wb)
        _attempt(con, wb, person, date(2026, 3, 1), follow_up=date(2026, 3, 5))
    frame = cohort.overview(con, today=TODAY)
    assert len(frame) == 60 and set(frame["follow_ups_overdue"]) == {1}
