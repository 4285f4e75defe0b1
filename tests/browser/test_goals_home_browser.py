"""Goals and Home in Chromium: guided start, setting a goal, the dashboard's links, screenshots to look at."""
from datetime import date, timedelta

import pytest

from tests.browser import conftest as browser
from tests.browser.conftest import assert_no_exception, wait_idle

pytestmark = pytest.mark.browser


def settle(pg) -> None:
    """Wait for the run to finish and for every element to be drawn (Streamlit shows skeletons first)."""
    wait_idle(pg)
    pg.wait_for_function("() => document.querySelectorAll('[data-testid=stSkeleton]').length === 0")


def open_page(pg, url: str) -> None:
    pg.goto(url)
    settle(pg)


def screenshot(pg, name: str):
    settle(pg)
    return browser.screenshot(pg, name)


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    """A server of our own (this module writes goals, so the shared demo_server stays untouched)."""
    with browser.serve_demo(tmp_path_factory, "goals_home", first_workbook="Fresh start") as server:
        yield server


def test_home_on_the_demo_shows_progress_next_actions_and_the_five_steps(demo_server, page):
    open_page(page, f"{demo_server.url}/?wb={demo_server.demo_id}")
    screenshot(page, "home-demo")
    assert_no_exception(page)
    body = page.locator("[data-testid=stMain]").inner_text()
    assert "10 of 12 interviews done" in body
    for heading in ("Next actions", "The five steps", "Follow-ups due", "Meetings in the next 7 days",
                    "Meetings done but not reviewed", "Thank-you notes to send", "Researched but never contacted"):
        assert heading in body


def test_home_on_an_empty_workbook_offers_a_guided_start(demo_server, page):
    open_page(page, f"{demo_server.url}/?wb={demo_server.first_id}")
    screenshot(page, "home-empty")
    assert_no_exception(page)
    assert page.get_by_role("button", name="Begin with Step 1: your goal").is_visible()


def test_goals_page_on_the_demo_shows_the_saved_goal_and_its_pace(demo_server, page):
    open_page(page, f"{demo_server.url}/goals?wb={demo_server.demo_id}")
    screenshot(page, "goals-demo")
    assert_no_exception(page)
    main = page.locator("[data-testid=stMain]").inner_text()
    assert "a week you can hold" in main
    assert "Looking at:" in main and "Calgary, Alberta" in main   # the saved goal, read as text
    assert not page.get_by_label("Place (city or region)").count()  # its form waits in "Edit your goal"
    browser.click_and_wait_for_run(page, page.locator("[data-testid=stExpander] summary", has_text="Edit your goal"))
    page.get_by_label("Place (city or region)").wait_for()
    screenshot(page, "goals-demo-edit")
    assert "Calgary, Alberta" in page.get_by_label("Place (city or region)").input_value()
    page.get_by_label("Place (city or region)").fill("Halifax, typed but not saved")
    browser.click_and_wait_for_run(page, page.locator("[data-testid=stExpander] summary", has_text="Edit your goal"))
    browser.click_and_wait_for_run(page, page.locator("[data-testid=stExpander] summary", has_text="Edit your goal"))
    assert page.get_by_label("Place (city or region)").input_value() == "Halifax, typed but not saved"  # kept


def test_goals_page_on_an_empty_workbook_offers_examples(demo_server, page):
    open_page(page, f"{demo_server.url}/goals?wb={demo_server.first_id}")
    screenshot(page, "goals-empty")
    assert_no_exception(page)
    assert page.get_by_role("button", name="Use this example in the form").is_visible()


def test_a_new_user_begins_at_home_sets_a_goal_and_comes_back_to_progress(own_server, page):
    open_page(page, f"{own_server.url}/?wb={own_server.first_id}")
    page.get_by_role("button", name="Begin with Step 1: your goal").click()
    page.wait_for_url("**/goals**")
    settle(page)
    page.get_by_role("button", name="Use this example in the form").click()
    page.get_by_text("The form now holds the example").wait_for()
    settle(page)
    target_date = date.today() + timedelta(days=14)
    page.get_by_role("spinbutton", name="day, Target date").click()
    page.keyboard.type(f"{target_date:%d%m%Y}")  # the segments advance by themselves
    page.keyboard.press("Tab")
    assert page.get_by_role("spinbutton", name="day, Target date").inner_text() == f"{target_date:%d}"
    page.get_by_role("button", name="Save goal").click()
    page.get_by_text("Goal saved (version 1)").wait_for()
    settle(page)
    assert_no_exception(page)
    main = page.locator("[data-testid=stMain]")
    assert "Goal saved (version 1)" in main.inner_text()
    # Ten interviews in two weeks at one a week cannot work: the gentle warning shows.
    assert "still to go" in main.inner_text()
    page.get_by_text("Goal saved (version 1)").scroll_into_view_if_needed()
    screenshot(page, "goals-saved-with-pace-warning")
    page.get_by_role("link", name="Home").click()
    page.wait_for_function("() => document.querySelector('[data-testid=stMain]').innerText.includes('Next actions')")
    settle(page)
    assert_no_exception(page)
    assert "0 of 10 interviews done" in page.locator("[data-testid=stMain]").inner_text()
    screenshot(page, "home-after-goal")


def test_a_next_action_link_on_home_leads_to_the_page_where_it_is_done(own_server, page):
    open_page(page, f"{own_server.url}/?wb={own_server.demo_id}")
    page.get_by_role("link", name="Write the review on the Review page").click()
    page.wait_for_url("**/review**")
    settle(page)
    assert_no_exception(page)
    assert f"wb={own_server.demo_id}" in page.url


LONG_NAME = "Llanfair" + "pwllgwyngyll" * 9  # 116 letters, not one break


def _long_names(con, demo_id) -> int:
    """A workbook of its own holding one researched person, never contacted, with very long unbroken words."""
    from lib import contacts, workbooks

    wb = workbooks.create(con, "Long names")
    contacts.add(con, wb, full_name=LONG_NAME, title="T" * 150, organization_name="O" * 120, stage="researched")
    return wb


@pytest.fixture(scope="module")
def long_names_server(tmp_path_factory):
    with browser.serve_demo(tmp_path_factory, "home_long_names", prepare=_long_names) as server:
        yield server


def test_a_long_unbroken_name_wraps_inside_homes_list_and_the_page_never_scrolls_sideways(long_names_server, page):
    """Found by a hostile test: a 130-letter name made one of Home's lists 4,586 px wide, out of its box."""
    open_page(page, f"{long_names_server.url}/?wb={long_names_server.extra}")
    page.locator(".st-key-action_not_contacted table").get_by_text(LONG_NAME[:20]).first.wait_for()
    main = page.locator("[data-testid=stMain]")
    assert main.evaluate("m => m.scrollWidth <= m.clientWidth")
    box, table = (page.locator(".st-key-action_not_contacted").bounding_box(),
                  page.locator(".st-key-action_not_contacted table").bounding_box())
    assert table["x"] + table["width"] <= box["x"] + box["width"]
    screenshot(page, "home-long-names")
