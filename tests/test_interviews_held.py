"""Issue 15 item 3: a meeting is done only once it has started, a wrong status can be undone, and every page
counts interviews held by one definition (lib.meetings.held_sql)."""
from datetime import date, datetime, time, timedelta

import pytest

from lib import cohort, conversion, db, goal_pace, knowledge, meetings, metrics, next_actions, report, reviews, thank_you
from lib.errors import Invalid


def _person(con, wb, name="Dana"):
    return con.execute("INSERT INTO contacts (workbook_id, full_name, stage) VALUES (?, ?, 'contacted') RETURNING id",
                       [wb, name]).fetchone()[0]


def _status(con, mid):
    return db.scalar(con, "SELECT status FROM meetings WHERE id = ?", [mid])


def _stage(con, cid):
    return db.scalar(con, "SELECT stage FROM contacts WHERE id = ?", [cid])


def test_a_meeting_a_week_ahead_cannot_be_marked_done(con, wb):
    dana = _person(con, wb)
    ahead = datetime.now().replace(second=0, microsecond=0) + timedelta(days=7)
    mid = meetings.schedule(con, wb, dana, day=ahead).id
    with pytest.raises(Invalid, match="once it has started"):
        meetings.mark_done(con, wb, mid)
    assert _status(con, mid) == "planned" and _stage(con, dana) == "scheduled"
    assert [h["action"] for h in meetings.history(con, wb, mid)] == ["scheduled"]


def test_a_meeting_ahead_cannot_be_a_no_show_either(con, wb):
    mid = meetings.schedule(con, wb, _person(con, wb), day=datetime.now() + timedelta(hours=2)).id
    with pytest.raises(Invalid, match="no-show"):
        meetings.set_status(con, wb, mid, "no_show")
    assert _status(con, mid) == "planned"


def test_a_meeting_that_has_started_can_be_marked_done(con, wb):
    mid = meetings.schedule(con, wb, _person(con, wb), day=datetime(2026, 3, 13, 10)).id
    meetings.mark_done(con, wb, mid, now=datetime(2026, 3, 13, 10, 5))
    assert _status(con, mid) == "done"
    assert meetings.can_close({"scheduled_at": datetime(2026, 3, 13, 10)}, datetime(2026, 3, 13, 10))
    assert not meetings.can_close({"scheduled_at": datetime(2026, 3, 13, 10)}, datetime(2026, 3, 13, 9, 59))


@pytest.mark.parametrize("wrong", ["done", "no_show", "cancelled"])
def test_a_wrong_status_can_be_undone_and_the_history_keeps_both_steps(con, wb, wrong):
    dana = _person(con, wb)
    mid = meetings.schedule(con, wb, dana, day=datetime(2026, 3, 13, 10)).id
    meetings.set_status(con, wb, mid, wrong)
    meetings.reopen(con, wb, mid)
    assert _status(con, mid) == "planned"
    assert _stage(con, dana) == "scheduled"  # 'met' (or 'contacted') undone with it
    steps = meetings.history(con, wb, mid)
    assert [h["action"] for h in steps] == ["scheduled", wrong, "planned_again"]
    assert steps[-1]["reason"] == f"was {meetings.vocab.label(meetings.vocab.MEETING_STATUSES, wrong).lower()}"


def test_undoing_one_done_meeting_keeps_a_person_met_in_another(con, wb):
    dana = _person(con, wb)
    first = meetings.schedule(con, wb, dana, day=datetime(2026, 3, 2, 10)).id
    meetings.mark_done(con, wb, first)
    second = meetings.schedule(con, wb, dana, day=datetime(2026, 3, 13, 10)).id
    meetings.mark_done(con, wb, second)
    meetings.reopen(con, wb, second)
    assert _stage(con, dana) == "met"


def _every_count(con, wb, today):
    """The interviews-held figure as each page shows it."""
    f = metrics.Filters(None, today)
    return {
        "home": next_actions.progress(con, wb, today).done,
        "home_checklist": next_actions.counts(con, wb)["held"],
        "review": knowledge.value_summary(con, wb, today)["interviews_done"],
        "review_list": reviews.done_count(con, wb),
        "workbooks": int(cohort.overview(con, today=today, workbook_id=wb)["interviews_done"].iloc[0]),
        "report": int(report.gather(con, wb, today=today, charts=False).numbers["done"]),
        "network_pace": goal_pace.pace(con, wb, f, today).done,
        "network_chart": int(goal_pace.interviews_vs_goal(con, wb, f, today)["done"].dropna().iloc[-1]),
        "network_activity": int(conversion.conversion_rates(con, wb, f, today)["meetings"]),
    }


def test_every_page_counts_interviews_held_alike_even_with_a_done_meeting_ahead(con, wb):
    """A 'done' meeting in the future (as older versions let anyone save) is not an interview held anywhere:
    Review, Workbooks and the report said 2 while Network said 1."""
    today = date.today()
    start = datetime.combine(today - timedelta(days=14), time(10))
    con.execute("INSERT INTO goals (workbook_id, start_date, target_date, target_interviews) VALUES (?, ?, ?, 8)",
                [wb, start.date(), today + timedelta(days=60)])
    past = meetings.schedule(con, wb, _person(con, wb, "Ana"), day=start + timedelta(days=7)).id
    meetings.mark_done(con, wb, past)
    ahead = meetings.schedule(con, wb, _person(con, wb, "Dana"), day=datetime.combine(today, time(10)) + timedelta(days=7)).id
    con.execute("UPDATE meetings SET status = 'done' WHERE id = ?", [ahead])  # as an older version allowed
    counts = _every_count(con, wb, today)
    assert set(counts.values()) == {1}, counts
    assert meetings.held_count(con, wb) == 1


def test_no_thank_you_is_asked_for_a_meeting_that_has_not_happened(con, wb):
    ahead = meetings.schedule(con, wb, _person(con, wb), day=datetime.now() + timedelta(days=7)).id
    con.execute("UPDATE meetings SET status = 'done' WHERE id = ?", [ahead])  # as an older version allowed
    assert next_actions.thank_yous_missing(con, wb, datetime.now()).total == 0
    assert next_actions.unreviewed_meetings(con, wb, date.today()).total == 0
    assert thank_you.overdue(con, wb, datetime.now() + timedelta(days=30)) == []
