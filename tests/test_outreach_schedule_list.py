"""AppTest: a meeting booked under "Book a new meeting" is listed and opened in "Meeting to manage" at once
(issue 15, items 1-2): the list above the form never says "No meeting planned yet" beside "Scheduled"."""
from datetime import date, timedelta

import pytest

from lib import contacts, db, workbooks
from tests.conftest import open_page, page_errors, run_cursor

pytestmark = pytest.mark.apptest

SCHEDULE = "FormSubmitter:schedule_meeting-Schedule"


def _open_on_outreach(app, db_path, name: str) -> int:
    """A person just researched (at Prairie Water Co, in the first workbook), opened on the Outreach page."""
    con = db.open(db_path)
    wb = workbooks.ensure_one(con).id
    cid = contacts.add(con, wb, full_name=name, organization_name="Prairie Water Co", stage="researched")
    con.close()
    app.query_params.update({"wb": str(wb), "contact": str(cid)})
    open_page(app, "outreach", check=False)
    return cid


@pytest.mark.parametrize("days", [-1, 6], ids=["held-yesterday", "next-week"])
def test_a_meeting_just_booked_is_the_one_to_manage(app, db_path, days):
    cid = _open_on_outreach(app, db_path, "Dana Whitfield")
    app.session_state["outreach_tabs"] = "Meetings"
    app.run()
    app.date_input(key="meeting_date").set_value(date.today() + timedelta(days=days))
    app.number_input(key="meeting_minutes").set_value(30)
    app.button(key=SCHEDULE).click().run()
    assert not page_errors(app)
    mid = db.scalar(run_cursor(app), "SELECT id FROM meetings WHERE contact_id = ?", [cid])
    assert mid is not None
    assert not [i for i in app.info if "No meeting planned yet" in i.value]
    assert app.selectbox(key="meeting_pick").value == mid
    assert any("Scheduled" in s.value for s in app.success)
    assert any("longer than the 20 minutes" in w.value for w in app.warning)   # the warnings survive the rerun


def test_a_reply_logged_right_after_an_attempt_is_saved_at_the_first_click(app, db_path):
    """The log form is renewed after each save: the form on screen must be the renewed one, so the next click
    (here: "What happened: Replied: yes" right after the email was logged) is not silently dropped."""
    cid = _open_on_outreach(app, db_path, "Sofia Marquez")
    [submit] = [b for b in app.button if b.key.startswith("FormSubmitter:log_attempt")]
    submit.click().run()
    assert any("Logged. Next reminder" in s.value for s in app.success)
    app.selectbox(key="attempt_outcome").select("replied_yes")
    [submit] = [b for b in app.button if b.key.startswith("FormSubmitter:log_attempt")]   # the form on screen
    submit.click().run()
    assert not page_errors(app)
    outcomes = [r["outcome"] for r in db.rows(run_cursor(app),
                                              "SELECT outcome FROM outreach WHERE contact_id = ? ORDER BY id", [cid])]
    assert "replied_yes" in outcomes   # the reply is recorded (on the attempt it answers)
    assert any("Logged. No reminder needed" in s.value for s in app.success)
    assert not [m for m in app.markdown if "Did they reply?" in m.value]


def test_booking_a_second_meeting_with_the_same_person_warns_without_naming_them(app, db_path):
    """A second tab booked the same person again without a word (found by a hostile tester): now a warning, in
    screen-share mode too, and the name is never in it."""
    cid = _open_on_outreach(app, db_path, "**Dana** Whitfield")
    app.session_state["outreach_tabs"] = "Meetings"
    app.run()
    for days in (3, 4):  # the second as another tab would: its own form, its own values
        app.date_input(key="meeting_date").set_value(date.today() + timedelta(days=days))
        next(b for b in app.button if b.label == "Schedule" and b.form_id.startswith("schedule_meeting")).click().run()
    assert not page_errors(app)
    assert db.scalar(run_cursor(app), "SELECT count(*) FROM meetings WHERE contact_id = ?", [cid]) == 2
    twice = [w.value for w in app.warning if "already have a meeting planned with this person" in w.value]
    assert len(twice) == 1 and "Dana" not in twice[0]
