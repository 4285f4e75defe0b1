"""lib/next_actions.py: Home's figures, next actions and checklist, against counts made by hand from data/demo.

The demo is dated DEMO_TODAY (Wednesday 11 March 2026); "now" is 09:00 that day unless a test says otherwise.
"""
from datetime import date, datetime, time, timedelta

import pytest

from lib import db, goals, next_actions, outreach, workbooks
from tests.conftest import DEMO_TODAY

NOW = datetime.combine(DEMO_TODAY, time(9))
MON, THU, FRI, SAT, SUN = (date(2026, 3, 9), date(2026, 3, 12), date(2026, 3, 13), date(2026, 3, 14),
                           date(2026, 3, 15))


def names(group):
    return [item["Person"] for item in group.items]


# ---- a blank workbook with rows made to measure ---------------------------------------------------

@pytest.fixture
def blank(con) -> int:
    return workbooks.create(con, "Blank")


def person(con, wb, name, stage="contacted") -> int:
    return con.execute("INSERT INTO contacts (workbook_id, full_name, stage) VALUES (?, ?, ?) RETURNING id",
                       [wb, name, stage]).fetchone()[0]


def attempt(con, wb, contact, on: date, outcome="no_reply", follow_up_on=None) -> int:
    return con.execute(
        "INSERT INTO outreach (workbook_id, contact_id, channel, attempted_at, outcome, follow_up_on)"
        " VALUES (?, ?, 'email', ?, ?, ?) RETURNING id",
        [wb, contact, datetime.combine(on, time(10)), outcome, follow_up_on]).fetchone()[0]


def meeting(con, wb, contact, at: datetime, status="planned", minutes=20) -> int:
    return con.execute(
        "INSERT INTO meetings (workbook_id, contact_id, scheduled_at, duration_minutes, status)"
        " VALUES (?, ?, ?, ?, ?) RETURNING id", [wb, contact, at, minutes, status]).fetchone()[0]


# ---- dates ---------------------------------------------------------------------------------------

def test_the_due_horizon_is_today_on_weekdays_and_reaches_sunday_from_friday():
    assert next_actions.due_horizon(MON) == MON
    assert next_actions.due_horizon(THU) == THU
    assert next_actions.due_horizon(FRI) == SUN
    assert next_actions.due_horizon(SAT) == SUN
    assert next_actions.due_horizon(SUN) == SUN


def test_the_next_business_day_skips_the_weekend():
    assert next_actions.next_business_day(THU) == FRI
    assert next_actions.next_business_day(FRI) == date(2026, 3, 16)
    assert next_actions.next_business_day(SAT) == date(2026, 3, 16)


def test_a_week_starts_on_monday():
    assert {next_actions.week_start(d) for d in (MON, DEMO_TODAY, FRI, SUN)} == {MON}


# ---- progress on the demo --------------------------------------------------------------------------

def test_interviews_done_are_the_meetings_with_status_done(con, demo_id):
    assert next_actions.interviews_done(con, demo_id) == 10  # m01..m10


def test_demo_progress_matches_the_files(con, demo_id):
    p = next_actions.progress(con, demo_id, DEMO_TODAY)
    assert (p.done, p.target, p.days_left, p.weekly_pace) == (10, 12, 60, 1.0)
    assert p.fraction == pytest.approx(10 / 12)
    assert p.done_this_week == 0      # m10 was on Friday 6 March, last week
    assert p.booked_this_week == 1    # m11 on Friday 13 March; m12 is on Monday 16, next week
    assert p.average_per_week == pytest.approx(1.0)  # 10 done in the 10 weeks since the start
    assert p.pace.status == "on_track"


def test_on_sunday_the_week_still_counts_from_monday(con, demo_id):
    p = next_actions.progress(con, demo_id, SUN)
    assert (p.done_this_week, p.booked_this_week) == (0, 1)  # m11 on Friday is still marked planned


def test_once_the_target_date_has_passed_progress_says_so(con, demo_id):
    p = next_actions.progress(con, demo_id, DEMO_TODAY + timedelta(days=61))
    assert p.days_left == -1
    assert p.pace.status == "passed"


def test_without_a_goal_progress_uses_the_default_target(con, blank):
    p = next_actions.progress(con, blank, DEMO_TODAY)
    assert (p.has_goal, p.target, p.done, p.fraction) == (False, 10, 0, 0.0)
    assert p.pace.status == "no_date"


# ---- next actions on the demo ------------------------------------------------------------------------

def test_demo_follow_ups_due_are_the_six_unanswered_people(con, demo_id):
    group = next_actions.follow_ups_due(con, demo_id, DEMO_TODAY)
    # Dated as logging dates them, in business days from each person's latest unanswered attempt (lib/demo.py).
    assert names(group) == ["Tomasz Kowalski", "Olivia Brown", "Sofia Marchetti", "Emily Laurent", "Laura Chen",
                            "Musa Ibrahim"]
    assert [i["Due"] for i in group.items] == ["36 days ago", "5 days ago", "yesterday", "yesterday", "today", "today"]
    assert group.total == 6 and group.page == "outreach"


def test_a_reply_after_the_attempt_cancels_its_follow_up(con, demo_id):
    # Ben Carter: an introduction with a follow-up 3 days ago, then a yes by email.
    assert "Ben Carter" not in names(next_actions.follow_ups_due(con, demo_id, DEMO_TODAY))


def test_a_follow_up_due_tomorrow_is_not_due_yet_and_is_the_day_after(con, wb):
    cid = con.execute("INSERT INTO contacts (workbook_id, full_name, stage) VALUES (?, 'Emily Laurent', 'researched')"
                      " RETURNING id", [wb]).fetchone()[0]
    outreach.log_attempt(con, wb, cid, channel="email", attempted_at=date(2026, 3, 6), today=date(2026, 3, 6))
    # Friday 6 March + 3 business days: due on Wednesday 11 March, not yet on the Tuesday
    assert "Emily Laurent" not in names(next_actions.follow_ups_due(con, wb, DEMO_TODAY - timedelta(days=1)))
    assert "Emily Laurent" in names(next_actions.follow_ups_due(con, wb, DEMO_TODAY))


def test_demo_meetings_in_the_next_seven_days_show_whether_their_plan_is_ready(con, demo_id):
    group = next_actions.upcoming_meetings(con, demo_id, DEMO_TODAY)
    assert names(group) == ["Ben Carter", "Noah Williams"]
    assert [i["Question plan"] for i in group.items] == ["Ready: 12 questions", "No question plan yet"]
    assert group.page == "questions" and group.urgent  # one plan is missing


def test_the_day_before_a_meeting_says_to_confirm_it(con, demo_id):
    items = next_actions.upcoming_meetings(con, demo_id, THU).items
    assert items[0]["Person"] == "Ben Carter" and items[0]["Question plan"].endswith("confirm today")
    assert not items[1]["Question plan"].endswith("confirm today")


def test_on_friday_a_monday_meeting_is_confirmed_before_the_weekend(con, demo_id):
    items = next_actions.upcoming_meetings(con, demo_id, FRI).items
    noah = next(i for i in items if i["Person"] == "Noah Williams")
    assert noah["Question plan"].endswith("confirm today")


def test_demo_meetings_done_without_a_review(con, demo_id):
    group = next_actions.unreviewed_meetings(con, demo_id, DEMO_TODAY)
    assert names(group) == ["Mei Lin Zhou"] and group.page == "review"


def test_demo_thank_you_missing_is_overdue(con, demo_id):
    group = next_actions.thank_yous_missing(con, demo_id, NOW)
    assert names(group) == ["Mei Lin Zhou"]
    assert group.items[0]["Thank-you"] == "Overdue by 4 days" and group.urgent


def test_demo_has_one_thank_you_sent_late(con, demo_id):
    assert next_actions.late_thank_yous(con, demo_id) == 1  # m09: met 14 days ago, thanked 12 days ago


def test_demo_researched_contacts_never_contacted(con, demo_id):
    group = next_actions.researched_not_contacted(con, demo_id)
    assert group.total == 8
    assert set(names(group)) == {"Rachel Greene", "Grace Thompson", "Ethan Clarke", "Sara Lindqvist",
                                 "Raj Patel", "Isabella Rossi", "Ana Souza", "Grace Kim"}


def test_home_shows_the_first_few_and_counts_all(con, demo_id):
    group = next_actions.researched_not_contacted(con, demo_id, limit=3)
    assert group.total == 8 and len(group.items) == 3


def test_demo_has_no_past_meeting_left_planned_until_its_day_passes(con, demo_id):
    assert next_actions.past_meetings_to_update(con, demo_id, DEMO_TODAY).total == 0
    assert names(next_actions.past_meetings_to_update(con, demo_id, SAT)) == ["Ben Carter"]


def test_every_action_leads_to_a_page_of_the_app(con, demo_id):
    from views.registry import PAGES

    groups = next_actions.all_actions(con, demo_id, NOW)
    assert [g.key for g in groups] == ["thank_you", "unreviewed", "upcoming", "follow_ups", "past_planned",
                                       "not_contacted"]
    assert all(g.page in PAGES for g in groups)


def test_another_workbook_sees_none_of_the_demo_actions(con, demo_id, blank):
    assert [g.total for g in next_actions.all_actions(con, blank, NOW)] == [0] * 6


# ---- next actions around the edges, on rows made to measure --------------------------------------------

def test_a_follow_up_dated_saturday_is_due_from_friday_not_thursday(con, blank):
    c = person(con, blank, "Sam Weekend")
    attempt(con, blank, c, MON - timedelta(days=5), follow_up_on=SAT)
    assert names(next_actions.follow_ups_due(con, blank, THU)) == []
    for day in (FRI, SAT, SUN):
        assert names(next_actions.follow_ups_due(con, blank, day)) == ["Sam Weekend"], day


def test_a_follow_up_dated_monday_is_not_due_on_friday(con, blank):
    c = person(con, blank, "Mo Monday")
    attempt(con, blank, c, MON - timedelta(days=5), follow_up_on=date(2026, 3, 16))
    assert names(next_actions.follow_ups_due(con, blank, FRI)) == []
    assert names(next_actions.follow_ups_due(con, blank, date(2026, 3, 16))) == ["Mo Monday"]


def test_a_later_attempt_replaces_the_earlier_follow_up(con, blank):
    c = person(con, blank, "Pat Twice")
    attempt(con, blank, c, date(2026, 2, 20), follow_up_on=date(2026, 3, 1))
    attempt(con, blank, c, date(2026, 3, 2), follow_up_on=date(2026, 3, 20))
    assert names(next_actions.follow_ups_due(con, blank, DEMO_TODAY)) == []


def test_a_closed_contact_or_one_with_a_meeting_needs_no_follow_up(con, blank):
    closed = person(con, blank, "Cleo Closed", stage="closed")
    booked = person(con, blank, "Bo Booked", stage="scheduled")
    for c in (closed, booked):
        attempt(con, blank, c, date(2026, 3, 1), follow_up_on=date(2026, 3, 5))
    meeting(con, blank, booked, datetime(2026, 3, 20, 10))
    assert names(next_actions.follow_ups_due(con, blank, DEMO_TODAY)) == []


def test_the_next_seven_days_include_today_and_the_seventh_day_only(con, blank):
    c = person(con, blank, "Any")
    early_today = meeting(con, blank, c, datetime.combine(DEMO_TODAY, time(7)))
    seventh = meeting(con, blank, c, datetime.combine(DEMO_TODAY + timedelta(days=7), time(23)))
    meeting(con, blank, c, datetime.combine(DEMO_TODAY + timedelta(days=8), time(8)))
    meeting(con, blank, c, datetime.combine(DEMO_TODAY + timedelta(days=2), time(8)), status="cancelled")
    group = next_actions.upcoming_meetings(con, blank, DEMO_TODAY)
    assert [i["id"] for i in group.items] == [early_today, seventh]


def test_a_plan_with_fewer_than_twelve_questions_is_started_not_ready():
    assert next_actions.plan_status(0) == "No question plan yet"
    assert next_actions.plan_status(5).startswith("Plan started: 5 questions")
    assert next_actions.plan_status(12) == "Ready: 12 questions"


def test_a_thank_you_is_due_within_24_hours_of_the_end_of_the_meeting(con, blank):
    c = person(con, blank, "Tess Thanks", stage="met")
    meeting(con, blank, c, datetime(2026, 3, 10, 15), status="done", minutes=20)
    before = next_actions.thank_yous_missing(con, blank, datetime(2026, 3, 11, 15, 19))
    after = next_actions.thank_yous_missing(con, blank, datetime(2026, 3, 11, 15, 21))
    assert before.items[0]["Thank-you"] == "Send by Wed 15:20" and not before.urgent
    assert after.items[0]["Thank-you"] == "Overdue" and after.urgent


def test_a_thank_you_recorded_in_the_review_clears_the_action(con, blank):
    c = person(con, blank, "Tess Thanks", stage="met")
    m = meeting(con, blank, c, datetime(2026, 3, 10, 15), status="done")
    con.execute("INSERT INTO reviews (meeting_id, workbook_id, thank_you_sent_on) VALUES (?, ?, ?)",
                [m, blank, date(2026, 3, 10)])
    assert next_actions.thank_yous_missing(con, blank, NOW).total == 0
    assert next_actions.unreviewed_meetings(con, blank, DEMO_TODAY).total == 0


def test_a_researched_contact_with_any_attempt_is_no_longer_listed(con, blank):
    c = person(con, blank, "Rita Researched", stage="researched")
    assert names(next_actions.researched_not_contacted(con, blank)) == ["Rita Researched"]
    attempt(con, blank, c, DEMO_TODAY)
    assert next_actions.researched_not_contacted(con, blank).total == 0


# ---- the five steps ------------------------------------------------------------------------------------

def test_demo_checklist_shows_three_steps_done_and_two_under_way(con, demo_id):
    steps = next_actions.checklist(con, demo_id)
    assert [(s.page, s.status) for s in steps] == [
        ("goals", "done"), ("research", "done"), ("outreach", "done"), ("questions", "under_way"),
        ("review", "under_way")]
    assert steps[3].detail == "11 meetings with a plan · aim 12"
    assert steps[4].detail == "9 of 10 meetings held reviewed · aim 12"


def test_an_empty_workbook_is_empty_and_has_no_step_started(con, blank):
    assert next_actions.is_empty(con, blank)
    assert {s.status for s in next_actions.checklist(con, blank)} == {"not_started"}


def test_a_goal_without_a_date_is_under_way_and_with_one_is_done(con, blank):
    goals.save(con, blank, today=DEMO_TODAY, purpose="Learn")
    assert not next_actions.is_empty(con, blank)
    assert next_actions.checklist(con, blank)[0].status == "under_way"
    goals.save(con, blank, today=DEMO_TODAY, purpose="Learn", target_date=DEMO_TODAY + timedelta(days=60))
    assert next_actions.checklist(con, blank)[0].status == "done"


def test_research_is_done_when_as_many_people_are_researched_as_the_target(con, blank):
    goals.save(con, blank, today=DEMO_TODAY, purpose="Learn", target_interviews=2)
    person(con, blank, "One", stage="identified")
    assert next_actions.checklist(con, blank)[1].status == "under_way"
    person(con, blank, "Two", stage="researched")
    person(con, blank, "Three", stage="met")
    assert next_actions.checklist(con, blank)[1].status == "done"


def test_cancelled_meetings_do_not_count_as_booked(con, blank):
    goals.save(con, blank, today=DEMO_TODAY, purpose="Learn", target_interviews=1)
    c = person(con, blank, "Cal")
    attempt(con, blank, c, date(2026, 3, 2), outcome="replied_yes")
    meeting(con, blank, c, datetime(2026, 3, 20, 10), status="cancelled")
    outreach_step = next_actions.checklist(con, blank)[2]
    assert outreach_step.status == "under_way"
    assert outreach_step.detail == "0 meetings booked · aim 1"
    assert db.scalar(con, "SELECT count(*) FROM meetings WHERE workbook_id = ?", [blank]) == 1


@pytest.mark.parametrize("today", [THU, FRI, SAT, MON])
def test_home_and_outreach_count_due_follow_ups_by_one_rule(con, blank, today):
    """Home's "Follow-ups due" and Outreach's Follow-ups tab list the same people on every day of the week."""
    for name, on in (("Sat Person", SAT), ("Fri Person", FRI), ("Mon Person", date(2026, 3, 16))):
        attempt(con, blank, person(con, blank, name), date(2026, 3, 2), follow_up_on=on)
    home = next_actions.follow_ups_due(con, blank, today)
    tab = outreach.follow_ups(con, blank, today=today)
    assert names(home) == [r["full_name"] for r in tab]
    assert home.total == outreach.count_follow_ups(con, blank, today=today) == len(tab)
    one = next_actions.follow_ups_due(con, blank, today, limit=1)  # the total counts beyond the rows listed
    assert len(one.items) == min(1, len(tab)) and one.total == len(tab)


def test_a_weekend_reminder_shown_on_friday_says_its_day(con, blank):
    attempt(con, blank, person(con, blank, "Sat Person"), date(2026, 3, 2), follow_up_on=SAT)
    (row,) = outreach.follow_ups(con, blank, today=FRI)
    assert outreach.when_due(row) == "due Sat 14 Mar 2026"


def test_a_meeting_over_earlier_today_is_to_update_not_upcoming_as_on_outreach(con, blank):
    """Home and Outreach agree when a meeting has passed: its end is before now (meetings.to_close)."""
    from lib import meetings
    over = meeting(con, blank, person(con, blank, "Early Bird"), datetime.combine(DEMO_TODAY, time(8)), minutes=15)
    later = meeting(con, blank, person(con, blank, "Late Riser"), datetime.combine(DEMO_TODAY, time(15)))
    groups = {g.key: g for g in next_actions.all_actions(con, blank, NOW)}   # 09:00
    assert [i["id"] for i in groups["upcoming"].items] == [later]
    assert [i["id"] for i in groups["past_planned"].items] == [over]
    assert [m["id"] for m in meetings.to_close(con, blank, now=NOW)] == [over]
