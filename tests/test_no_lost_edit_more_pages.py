"""No lost edit through the pages, for the forms issue 14 reached last (workbook name, sender's profile,
rescheduling, thank-you note, keep-in-touch cadence): two sessions on one database open the same form.
A saves one field, B (opened before) saves another: both are kept. Both change one field: B is shown the clash,
nothing is overwritten, and B chooses."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from lib import workbooks
from tests.conftest import open_box, open_page, open_tab, page_errors, run_cursor, second_session, type_and_save, workbook_id

pytestmark = pytest.mark.apptest


def clash_rows(at: AppTest) -> list[dict]:
    assert any("Someone else changed" in w.value for w in at.warning)
    return next(d.value for d in at.dataframe if "Yours" in d.value.columns).to_dict("records")


# ---- workbook name (Workbooks page) ------------------------------------------------------------

RENAME = "FormSubmitter:rename_workbook-Rename"


def test_a_rename_from_a_form_opened_before_another_rename_shows_the_clash(demo_app):
    a, b = open_page(demo_app, "workbooks"), open_page(second_session(demo_app), "workbooks")
    type_and_save(a, "rename_workbook_name", "Coaching Sam", RENAME)
    assert workbooks.get(run_cursor(a), workbook_id(a)).name == "Coaching Sam"
    type_and_save(b, "rename_workbook_name", "Coaching Ana", RENAME)
    assert workbooks.get(run_cursor(a), workbook_id(a)).name == "Coaching Sam"  # not overwritten
    assert clash_rows(b) == [{"Field": "Workbook name", "Yours": "Coaching Ana", "Stored now": "Coaching Sam"}]
    b.button(key="conflict_mine_rename_workbook").click().run()
    assert workbooks.get(run_cursor(a), workbook_id(a)).name == "Coaching Ana"
    assert not page_errors(a) and not page_errors(b)


# ---- the sender's profile (Outreach page) ------------------------------------------------------

PROFILE = "FormSubmitter:profile-Save my details"


def profile_of(at: AppTest) -> dict:
    from lib import scripts

    return scripts.profile(run_cursor(at), workbook_id(at))


def test_two_sessions_saving_different_details_of_the_profile_keep_both(demo_app):
    a, b = open_page(demo_app, "outreach"), open_page(second_session(demo_app), "outreach")
    open_box(a, "profile_box"), open_box(b, "profile_box")
    type_and_save(a, "profile_headline", "Engineer new to Calgary", PROFILE)
    type_and_save(b, "profile_phone", "+1 403 555 0142", PROFILE)
    assert not page_errors(a) and not page_errors(b)
    mine = profile_of(a)
    assert (mine["headline"], mine["phone"]) == ("Engineer new to Calgary", "+1 403 555 0142")


def test_two_sessions_changing_the_pitch_show_the_clash_and_overwrite_nothing(demo_app):
    a, b = open_page(demo_app, "outreach"), open_page(second_session(demo_app), "outreach")
    open_box(a, "profile_box"), open_box(b, "profile_box")
    type_and_save(a, "profile_pitch", "Pitch from A.", PROFILE)
    type_and_save(b, "profile_pitch", "Pitch from B.", PROFILE)
    assert profile_of(a)["elevator_pitch"] == "Pitch from A."
    assert clash_rows(b) == [{"Field": "Elevator pitch", "Yours": "Pitch from B.", "Stored now": "Pitch from A."}]
    assert b.text_area(key="profile_pitch").value == "Pitch from B."
    b.button(key="conflict_mine_profile").click().run()
    assert profile_of(a)["elevator_pitch"] == "Pitch from B."


# ---- rescheduling a meeting (Outreach page) ----------------------------------------------------

def meetings_tab(at: AppTest) -> int:
    open_page(at, "outreach")
    open_tab(at, "outreach_tabs", "Meetings")
    return at.selectbox(key="meeting_pick").value


def test_two_sessions_moving_one_meeting_show_the_clash_and_overwrite_nothing(demo_app):
    from datetime import date, timedelta

    from lib import db

    a, b = demo_app, second_session(demo_app)
    mid = meetings_tab(a)
    b.run()
    assert meetings_tab(b) == mid
    day = lambda: db.scalar(run_cursor(a), "SELECT CAST(scheduled_at AS DATE) FROM meetings WHERE id = ?", [mid])  # noqa: E731
    a.date_input(key=f"resched_date_{mid}").set_value(date.today() + timedelta(days=9))
    a.button(key=f"FormSubmitter:reschedule_{mid}-Move the meeting").click().run()
    assert day() == date.today() + timedelta(days=9)
    b.date_input(key=f"resched_date_{mid}").set_value(date.today() + timedelta(days=12))
    b.button(key=f"FormSubmitter:reschedule_{mid}-Move the meeting").click().run()
    assert day() == date.today() + timedelta(days=9)  # not overwritten
    assert {r["Field"]: r["Yours"] for r in clash_rows(b)}["New date"] == str(date.today() + timedelta(days=12))
    b.button(key=f"conflict_mine_reschedule_{mid}").click().run()
    assert day() == date.today() + timedelta(days=12)
    assert not page_errors(a) and not page_errors(b)


# ---- the thank-you note and its sent date (Review page) ----------------------------------------

def thank_you_sent(a: AppTest) -> tuple[AppTest, AppTest, int]:
    """A has saved a review and marked its thank-you as sent; B has the same review open since."""
    from tests.test_review_page import fill_review, open_review

    mid = open_review(a)
    fill_review(a, mid)
    a.button(key=f"FormSubmitter:thank_you_form_{mid}-Mark as sent").click().run()
    b = second_session(a)
    assert open_review(b) == mid
    return a, b, mid


def save_thank_you(at: AppTest, mid: int) -> None:
    next(x for x in at.button if str(x.key).startswith(f"FormSubmitter:thank_you_form_{mid}-")).click().run()


def stored_review(at: AppTest, mid: int) -> dict:
    from lib import reviews

    return reviews.get(run_cursor(at), workbook_id(at), mid)


def test_two_sessions_saving_the_note_and_the_date_keep_both(demo_app):
    from datetime import date, timedelta

    a, b, mid = thank_you_sent(demo_app)
    a.text_area(key=f"thank_you_note_{mid}").input("Thank you, A wrote this.")
    save_thank_you(a, mid)
    b.date_input(key=f"thank_you_sent_on_{mid}").set_value(date.today() - timedelta(days=1))
    save_thank_you(b, mid)
    assert not page_errors(a) and not page_errors(b)
    r = stored_review(a, mid)
    assert (r["thank_you_note"], r["thank_you_sent_on"]) == ("Thank you, A wrote this.", date.today() - timedelta(days=1))


def test_two_sessions_changing_the_note_show_the_clash_and_overwrite_nothing(demo_app):
    a, b, mid = thank_you_sent(demo_app)
    a.text_area(key=f"thank_you_note_{mid}").input("Thank you, A wrote this.")
    save_thank_you(a, mid)
    b.text_area(key=f"thank_you_note_{mid}").input("Thank you, B wrote this.")
    save_thank_you(b, mid)
    assert stored_review(a, mid)["thank_you_note"] == "Thank you, A wrote this."
    assert clash_rows(b) == [{"Field": "Your note", "Yours": "Thank you, B wrote this.",
                              "Stored now": "Thank you, A wrote this."}]
    b.button(key=f"conflict_mine_thank_you_form_{mid}").click().run()
    assert stored_review(a, mid)["thank_you_note"] == "Thank you, B wrote this."


# ---- keep-in-touch cadence (Review page) -------------------------------------------------------

def test_two_sessions_setting_one_persons_cadence_show_the_clash_and_overwrite_nothing(demo_app):
    from lib import contacts
    from tests.test_review_page import open_review

    a, b = demo_app, second_session(demo_app)
    for at in (a, b):
        open_review(at)
        open_tab(at, "review_tab", "Keep in touch")
    who = a.selectbox(key="cadence_person").options[0]
    for at in (a, b):
        at.selectbox(key="cadence_person").select(who).run()
    pid = a.selectbox(key="cadence_person").value
    a.selectbox(key="cadence_days").set_value(60)
    a.button(key="FormSubmitter:cadence_form-Save cadence").click().run()
    assert contacts.get(run_cursor(a), workbook_id(a), pid)["keep_in_touch_days"] == 60
    b.selectbox(key="cadence_days").set_value(90)
    b.button(key="FormSubmitter:cadence_form-Save cadence").click().run()
    assert contacts.get(run_cursor(a), workbook_id(a), pid)["keep_in_touch_days"] == 60  # not overwritten
    assert [r["Field"] for r in clash_rows(b)] == ["Keep in touch"]
    b.button(key="conflict_mine_cadence_form").click().run()
    assert contacts.get(run_cursor(a), workbook_id(a), pid)["keep_in_touch_days"] == 90
    assert not page_errors(a) and not page_errors(b)
