"""AppTest: details saved in the sender's profile show at once in every script (issue 15, item 5)."""
import pytest

from lib import contacts, db, workbooks
from tests.conftest import open_page, page_errors

pytestmark = pytest.mark.apptest

SAVE = "FormSubmitter:profile-Save my details"


@pytest.fixture
def ana(db_path) -> int:
    con = db.open(db_path)
    wb = workbooks.ensure_one(con).id
    cid = contacts.add(con, wb, full_name="Ana Silva", organization_name="Harbour Health", stage="researched")
    con.close()
    return cid


def _message(at) -> str:
    return next(t for t in at.text_area if t.key.startswith("outreach_text_")).value


def test_saved_details_show_at_once_in_the_open_script_and_the_others(app, ana):
    open_page(app, "outreach", check=False)
    assert "Maya Chen" not in _message(app)
    app.text_input(key="profile_name").input("Maya Chen")
    app.text_area(key="profile_pitch").input("I am a nurse moving into health data and would love to learn how you work.")
    app.button(key=SAVE).click().run()
    assert not page_errors(app)
    assert "Maya Chen" in _message(app)                         # the script already open
    app.radio(key="outreach_kind").set_value("linkedin").run()
    assert "Thank you, Maya" in _message(app)                  # another script filled from them
    app.radio(key="outreach_kind").set_value("email").run()
    assert "Maya Chen" in _message(app)                         # and back: not the text kept from before


def test_an_edited_script_is_kept_when_details_are_saved(app, ana):
    open_page(app, "outreach", check=False)
    box = next(t for t in app.text_area if t.key.startswith("outreach_text_"))
    box.input("Hi Ana, my own words here.").run()
    app.text_input(key="profile_name").input("Maya Chen")
    app.button(key=SAVE).click().run()
    assert _message(app) == "Hi Ana, my own words here."   # the person's own edit is never replaced


def test_the_box_says_when_the_method_check_runs(app, ana):
    open_page(app, "outreach", check=False)
    assert any("the checks update when you click outside the box or press Ctrl+Enter" in c.value
               for c in app.caption)
