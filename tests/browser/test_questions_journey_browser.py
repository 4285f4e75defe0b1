"""Issue 15 in Chromium at 1280x720, Questions page: the picker's count follows the plan, and in live mode
the current question sits above the clock, on screen without scrolling."""
import pytest
from playwright.sync_api import expect

from lib import question_plans as plans
from tests.browser.conftest import assert_no_exception, open_page, screenshot, serve_demo, wait_idle

pytestmark = pytest.mark.browser


def _empty_and_planned(con, demo_id: int) -> dict:
    found = plans.meetings(con, demo_id)
    return {"empty": next(m["id"] for m in found if not m["questions"]),
            "planned": next(m["id"] for m in found if m["questions"])}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server of its own: these tests propose plans and start clocks."""
    with serve_demo(tmp_path_factory, "questions_journey", prepare=_empty_and_planned) as s:
        yield s


def _meeting_picker(page):
    return page.get_by_role("combobox", name="Meeting")


def test_the_picker_shows_the_new_count_right_after_a_plan_is_proposed(server, page):
    open_page(page, f"{server.url}/questions?wb={server.demo_id}&meeting={server.extra['empty']}")
    assert "0 questions" in _meeting_picker(page).input_value()
    page.get_by_role("button", name="Propose a balanced plan").click()
    wait_idle(page)
    assert_no_exception(page)
    assert "12 questions" in _meeting_picker(page).input_value()
    page.locator("[class*='st-key-q_rm_meeting_'] button").first.click()
    wait_idle(page)
    assert "11 questions" in _meeting_picker(page).input_value()
    screenshot(page, "questions-picker-count")
