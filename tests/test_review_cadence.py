"""Issue 15 item 6: every keep-in-touch control on the Review page shows the person's stored cadence, and
saving a form whose cadence was left alone never wipes it."""
import pytest

from lib import db, keep_in_touch, reviews
from views.registry import PAGES
from tests.conftest import open_tab, page_errors, run_cursor, workbook_id
from tests.test_review_page import fill_review, open_review

pytestmark = pytest.mark.apptest


def two_people_met(at) -> tuple[int, int]:
    """Two people met, one kept in touch every 60 days, the other every 90."""
    con = run_cursor(at)
    people = keep_in_touch.people_met(con, workbook_id(at))
    first, second = people[0]["id"], people[1]["id"]
    keep_in_touch.set_cadence(con, workbook_id(at), first, 60)
    keep_in_touch.set_cadence(con, workbook_id(at), second, 90)
    return first, second


def cadence_shown(at):
    return at.selectbox(key="cadence_days").value


def test_the_cadence_form_shows_the_chosen_persons_cadence_also_after_switching(demo_app):
    open_review(demo_app)
    first, second = two_people_met(demo_app)
    open_tab(demo_app, "review_tab", "Keep in touch")
    demo_app.selectbox(key="cadence_person").set_value(first).run()
    assert cadence_shown(demo_app) == 60
    demo_app.selectbox(key="cadence_person").set_value(second).run()
    assert cadence_shown(demo_app) == 90
    demo_app.selectbox(key="cadence_person").set_value(first).run()
    assert cadence_shown(demo_app) == 60
    assert not page_errors(demo_app)


def test_a_link_with_contact_opens_keep_in_touch_with_that_persons_cadence(demo_app):
    demo_app.run()
    first, second = two_people_met(demo_app)
    demo_app.query_params["contact"] = str(second)
    demo_app.switch_page(PAGES["review"]).run()
    assert not page_errors(demo_app)
    assert demo_app.session_state["review_tab"] == "Keep in touch"
    assert demo_app.selectbox(key="cadence_person").value == second
    assert demo_app.selectbox(key="touch_log_form_person").value == second  # "We talked" opens on them too
    assert cadence_shown(demo_app) == 90
    demo_app.selectbox(key="cadence_person").set_value(first).run()  # the link chose once; the person may change it
    assert cadence_shown(demo_app) == 60


def test_a_link_to_someone_not_met_says_so(demo_app):
    demo_app.run()
    con = run_cursor(demo_app)
    met = {p["id"] for p in keep_in_touch.people_met(con, workbook_id(demo_app))}
    stranger = next(i for (i,) in con.execute("SELECT id FROM contacts WHERE workbook_id = ?", [workbook_id(demo_app)]).fetchall()
                    if i not in met)
    demo_app.query_params["contact"] = str(stranger)
    demo_app.switch_page(PAGES["review"]).run()
    assert not [e for e in demo_app.exception]
    assert demo_app.selectbox(key="cadence_person").value is None
    assert any("have not met" in i.value for i in demo_app.info)


def test_the_review_form_shows_the_cadence_set_on_keep_in_touch_and_saving_keeps_it(demo_app):
    mid = open_review(demo_app)
    con, wb = run_cursor(demo_app), workbook_id(demo_app)
    fill_review(demo_app, mid, cadence=None)  # reviewed with no reminders ...
    contact = reviews.meeting(con, wb, mid)["contact_id"]
    keep_in_touch.set_cadence(con, wb, contact, 60)  # ... then a cadence chosen on Keep in touch
    open_tab(demo_app, "review_tab", "Keep in touch")
    open_tab(demo_app, "review_tab", "Review a meeting")
    assert demo_app.selectbox(key=f"review_cadence_{mid}").value == 60
    demo_app.text_area(key=f"review_insights_{mid}").input("Second thoughts.")
    demo_app.button(key=f"FormSubmitter:review_form_{mid}-Save review").click().run()
    assert not page_errors(demo_app)
    assert db.scalar(con, "SELECT keep_in_touch_days FROM contacts WHERE id = ?", [contact]) == 60


def test_no_reminders_is_shown_as_a_choice_not_as_an_empty_box(demo_app):
    """A selectbox shows a None option as its empty placeholder ("Choose an option"): "No reminders" is an option of
    its own, and choosing it stores no cadence."""
    mid = open_review(demo_app)
    con, wb = run_cursor(demo_app), workbook_id(demo_app)
    contact = reviews.meeting(con, wb, mid)["contact_id"]
    keep_in_touch.set_cadence(con, wb, contact, None)
    demo_app.run()
    box = demo_app.selectbox(key=f"review_cadence_{mid}")
    assert box.value == 0 and box.options[box.index] == "No reminders"
    keep_in_touch.set_cadence(con, wb, contact, 60)
    demo_app.run()
    fill_review(demo_app, mid, cadence=0)  # "No reminders", and save
    assert not page_errors(demo_app)
    assert db.scalar(con, "SELECT keep_in_touch_days FROM contacts WHERE id = ?", [contact]) is None
