"""Links from Home open the exact person or tab on Outreach; each meeting's controls sit in its own box under
the person's name, apart from booking a new one (issue 15, items 1 and 2). Reads the demo only."""
import re

import pytest
from playwright.sync_api import expect

from lib import contacts, db, workbooks
from tests.browser.conftest import Server, assert_no_exception, choose_workbook, open_page, screenshot, wait_idle

pytestmark = pytest.mark.browser


def _home(page, demo_server):
    open_page(page, f"{demo_server.url}/?wb={demo_server.demo_id}")
    assert_no_exception(page)


def _follow(page, label: str) -> None:
    page.get_by_role("link", name=label).click()
    page.get_by_role("heading", name="Outreach").wait_for()
    wait_idle(page)
    assert_no_exception(page)


def test_homes_follow_up_link_opens_the_follow_ups_tab(demo_server, page):
    _home(page, demo_server)
    _follow(page, "Follow up on the Outreach page")       # the demo has several due: the tab that lists them
    assert page.get_by_role("tab", name="Follow-ups").get_attribute("aria-selected") == "true"
    page.get_by_text("The 3B7 routine").wait_for()
    # Said as the workbook's total (other tests on this shared server may have answered some reminders).
    assert page.get_by_text(re.compile(r"In the whole workbook: \d+ follow-ups? due")).count() == 1
    screenshot(page, "outreach-from-home-follow-ups")


def test_homes_write_link_opens_the_person_it_lists_first(demo_server, page):
    _home(page, demo_server)
    first = page.locator(".st-key-action_not_contacted table")
    first.wait_for()
    _follow(page, "Write to them on the Outreach page")
    assert page.get_by_role("tab", name="Write").get_attribute("aria-selected") == "true"
    assert page.get_by_role("combobox", name="Person").input_value().startswith("Rachel Greene")
    screenshot(page, "outreach-from-home-write")


def test_each_meeting_has_its_controls_in_a_box_under_the_persons_name(demo_server, page):
    open_page(page, f"{demo_server.url}/outreach?wb={demo_server.demo_id}")
    page.get_by_role("tab", name="Meetings").click()
    page.get_by_role("heading", name="Book a new meeting").wait_for()
    wait_idle(page)
    assert_no_exception(page)
    box = page.locator("[class*=st-key-meeting_box_]")
    assert box.count() == 1
    assert box.get_by_role("heading").first.inner_text().startswith("Meeting with ")
    assert box.get_by_text("Calendar file (.ics)").count() == 1
    assert box.get_by_text("Move the meeting").count() == 1 and box.get_by_text("Cancel the meeting").count() == 1
    assert box.get_by_text("Schedule a meeting with").count() == 0      # booking a new one is not in this box
    booking = page.get_by_role("heading", name="Book a new meeting").bounding_box()
    assert booking["y"] > box.bounding_box()["y"] + box.bounding_box()["height"]
    schedule = page.locator("[data-testid=stExpander]").filter(has_text="Schedule a meeting with")
    assert schedule.bounding_box()["y"] > booking["y"]
    box.scroll_into_view_if_needed()
    screenshot(page, "outreach-meetings-box")
    page.get_by_role("heading", name="Book a new meeting").scroll_into_view_if_needed()
    screenshot(page, "outreach-meetings-book-new")


def test_after_a_workbook_switch_the_person_picker_shows_the_person_the_page_acts_on(tmp_path, page):
    """The picker kept showing the person of the workbook open before while the script, the log and Schedule were
    for the first person of the new one (8 of 8, a hostile tester)."""
    path = tmp_path / "switch.duckdb"
    con = db.open(path)
    first, other = workbooks.create(con, "First client"), workbooks.create(con, "Other client")
    dana = contacts.add(con, first, full_name="Dana Park", stage="researched")
    contacts.add(con, other, full_name="Zoe Quinn", stage="researched")
    con.close()
    server = Server(path)
    try:
        open_page(page, f"{server.url}/outreach?wb={first}&contact={dana}")
        person = page.get_by_role("combobox", name="Person")
        expect(person).to_have_value(re.compile("Dana Park"))
        choose_workbook(page, "Other client")
        screenshot(page, "outreach-person-after-switch")
        assert_no_exception(page)
        expect(person).to_have_value(re.compile("Zoe Quinn"))
        assert page.get_by_text("Hi Zoe").count() + page.get_by_text("Zoe Quinn").count() > 0
    finally:
        server.stop()
