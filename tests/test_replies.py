"""Issue 15 item 4: one way to record a reply, prompts that read the latest state, and one definition of a
reply for the funnel and the weekly chart."""
from datetime import date, datetime

import pytest

from lib import conversion, db, meetings, metrics, outreach, weekly
from lib.metrics import Filters
from tests.conftest import open_page, page_errors, run_cursor, workbook_id

TODAY = date(2026, 3, 11)


@pytest.fixture
def sofia(con, wb):
    return con.execute("INSERT INTO contacts (workbook_id, full_name, stage, created_at) VALUES (?, 'Sofia', 'researched', DATE '2026-01-05')"
                       " RETURNING id",
                       [wb]).fetchone()[0]


def _rows(con, cid):
    return db.rows(con, "SELECT id, outcome, replied_at, follow_up_on FROM outreach WHERE contact_id = ? ORDER BY id", [cid])


def test_a_reply_logged_as_what_happened_answers_the_waiting_attempt(con, wb, sofia):
    sent = outreach.log_attempt(con, wb, sofia, channel="email", attempted_at=date(2026, 3, 2), today=TODAY)
    logged = outreach.log_attempt(con, wb, sofia, channel="email", outcome="replied_yes",
                                  attempted_at=date(2026, 3, 4), today=TODAY)
    assert logged.id == sent.id and logged.follow_up_on is None
    rows = _rows(con, sofia)
    assert len(rows) == 1  # one attempt, answered; not a second attempt
    assert rows[0]["outcome"] == "replied_yes" and rows[0]["replied_at"].date() == date(2026, 3, 4)
    assert rows[0]["follow_up_on"] is None
    assert outreach.latest_open_attempt(con, wb, sofia) is None


def test_both_ways_of_recording_a_reply_leave_the_same_rows(con, wb, sofia, tmp_path):
    outreach.log_attempt(con, wb, sofia, channel="email", attempted_at=date(2026, 3, 2), today=TODAY)
    outreach.log_attempt(con, wb, sofia, channel="email", outcome="replied_no", attempted_at=date(2026, 3, 4), today=TODAY)
    other = con.execute("INSERT INTO contacts (workbook_id, full_name) VALUES (?, 'Dana') RETURNING id", [wb]).fetchone()[0]
    first = outreach.log_attempt(con, wb, other, channel="email", attempted_at=date(2026, 3, 2), today=TODAY)
    outreach.record_reply(con, wb, first.id, "replied_no", date(2026, 3, 4))
    strip = [{k: v for k, v in r.items() if k != "id"} for r in _rows(con, sofia)]
    assert strip == [{k: v for k, v in r.items() if k != "id"} for r in _rows(con, other)]


def test_a_reply_with_nothing_waiting_is_logged_as_its_own_attempt(con, wb, sofia):
    outreach.log_attempt(con, wb, sofia, channel="phone", outcome="replied_yes", attempted_at=date(2026, 3, 2), today=TODAY)
    assert [r["outcome"] for r in _rows(con, sofia)] == ["replied_yes"]


def test_an_attempt_followed_by_a_reply_logged_apart_is_no_longer_waiting(con, wb, sofia):
    """Rows written by the old second path: an unanswered email, then a reply logged as a new attempt."""
    for at, outcome in ((datetime(2026, 3, 2, 9), "no_reply"), (datetime(2026, 3, 4, 9), "replied_yes")):
        con.execute("INSERT INTO outreach (workbook_id, contact_id, channel, attempted_at, outcome) VALUES (?, ?, 'email', ?, ?)",
                    [wb, sofia, at, outcome])
    assert outreach.latest_open_attempt(con, wb, sofia) is None


def test_a_meeting_planned_after_an_attempt_answers_it(con, wb, sofia):
    outreach.log_attempt(con, wb, sofia, channel="email", attempted_at=date(2026, 3, 2), today=TODAY)
    assert outreach.latest_open_attempt(con, wb, sofia) is not None
    meetings.schedule(con, wb, sofia, day=datetime(2026, 3, 20, 10))
    assert outreach.latest_open_attempt(con, wb, sofia) is None


def test_a_new_attempt_after_a_reply_waits_again(con, wb, sofia):
    outreach.log_attempt(con, wb, sofia, channel="email", outcome="replied_no", attempted_at=date(2026, 3, 2), today=TODAY)
    again = outreach.log_attempt(con, wb, sofia, channel="email", attempted_at=date(2026, 3, 9), today=TODAY)
    assert outreach.latest_open_attempt(con, wb, sofia)["id"] == again.id


def test_the_funnel_and_the_weekly_chart_count_a_reply_on_the_day_it_came(con, wb, sofia):
    """Sent Mon 2 Mar, answered Tue 10 Mar: in the week of 9 Mar both charts show the reply."""
    sent = outreach.log_attempt(con, wb, sofia, channel="email", attempted_at=date(2026, 3, 2), today=TODAY)
    outreach.record_reply(con, wb, sent.id, "replied_yes", datetime(2026, 3, 10, 9))
    week = Filters(date(2026, 3, 9), date(2026, 3, 15))
    activity = weekly.weekly_activity(con, wb, week, TODAY)
    replies = activity[activity["measure"] == "replies"]["count"].sum()
    funnel = conversion.funnel(con, wb, week, TODAY).set_index("step")["people"]
    assert replies == 1 and funnel["replied"] == 1
    behind, _ = metrics.people_behind(con, wb, week, TODAY, chart="activity", week="2026-03-09", measure="replies")
    assert behind["Name"].tolist() == ["Sofia"]
    before = Filters(date(2026, 3, 2), date(2026, 3, 8))
    activity = weekly.weekly_activity(con, wb, before, TODAY)
    assert activity[activity["measure"] == "replies"]["count"].sum() == 0
    assert conversion.funnel(con, wb, before, TODAY).set_index("step")["people"]["replied"] == 0


# ---- the Outreach page ------------------------------------------------------------------------

def test_after_logging_a_yes_the_page_no_longer_asks_whether_they_replied(demo_app):
    open_page(demo_app, "outreach", check=False)
    con = run_cursor(demo_app)
    wb_id = workbook_id(demo_app)
    cid = db.scalar(con, "SELECT id FROM contacts WHERE workbook_id = ? AND full_name = 'Laura Chen'", [wb_id])
    demo_app.selectbox(key="outreach_contact").select(cid).run()
    assert any("Did they reply?" in m.value for m in demo_app.markdown)
    attempts = db.scalar(con, "SELECT count(*) FROM outreach WHERE contact_id = ?", [cid])
    demo_app.selectbox(key="attempt_outcome").select("replied_yes")
    demo_app.button(key="FormSubmitter:log_attempt-Log this attempt").click().run()
    assert not page_errors(demo_app)
    assert not any("Did they reply?" in m.value for m in demo_app.markdown)  # in the very run that saved it
    assert db.scalar(con, "SELECT count(*) FROM outreach WHERE contact_id = ?", [cid]) == attempts
    assert any(e.label.startswith("Schedule a meeting with") for e in demo_app.expander)
