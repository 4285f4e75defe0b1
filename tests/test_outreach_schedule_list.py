"""AppTest: a meeting booked under "Book a new meeting" is listed and opened in "Meeting to manage" at once
(issue 15, items 1-2): the list above the form never says "No meeting planned yet" beside "Scheduled"."""
from datetime import date, timedelta

import pytest

from lib import contacts, db, workbooks
from lib.ui import PAGES
from tests.conftest import page_errors

pytestmark = pytest.mark.apptest

SCHEDULE = "FormSubmitter:schedule_meeting-Schedule"


@pytest.mark.parametrize("days", [-1, 6], ids=["held-yesterday", "next-week"])
def test_a_meeting_just_booked_is_the_one_to_manage(app, db_path, days):
    con = db.open(db_path)
    wb = workbooks.ensure_one(con).id
    cid = contacts.add(con, wb, full_name="Dana Whitfield", organization_name="Prairie Water Co", stage="researched")
    con.close()
    app.query_params.update({"wb": str(wb), "contact": str(cid)})
    app.run()
    app.switch_page(PAGES["outreach"]).run()
    app.session_state["outreach_tabs"] = "Meetings"
    app.run()
    app.date_input(key="meeting_date").set_value(date.today() + timedelta(days=days))
    app.number_input(key="meeting_minutes").set_value(30)
    app.button(key=SCHEDULE).click().run()
    assert not page_errors(app)
    mid = db.scalar(app.session_state["_db_cursor"][1], "SELECT id FROM meetings WHERE contact_id = ?", [cid])
    assert mid is not None
    assert not [i for i in app.info if "No meeting planned yet" in i.value]
    assert app.selectbox(key="meeting_pick").value == mid
    assert any("Scheduled" in s.value for s in app.success)
    assert any("longer than the 20 minutes" in w.value for w in app.warning)   # the warnings survive the rerun
