"""Issue 15 in Chromium at 1280x720, Questions page: the picker's count follows the plan, and in live mode
the current question sits above the clock, on screen without scrolling."""
import re

import pytest
from playwright.sync_api import expect

from lib import question_plans as plans
from tests.browser.conftest import assert_no_exception, open_page, own_demo_server, screenshot, wait_idle

pytestmark = pytest.mark.browser


def _empty_and_planned(con, demo_id: int) -> dict:
    found = plans.meetings(con, demo_id)
    return {"empty": next(m["id"] for m in found if not m["questions"]),
            "planned": next(m["id"] for m in found if m["questions"])}


server = own_demo_server("questions_journey", _empty_and_planned)  # these tests propose plans and start clocks


def _meeting_picker(page):
    return page.get_by_role("combobox", name="Meeting")


def test_the_picker_shows_the_new_count_right_after_a_plan_is_proposed(server, page):
    open_page(page, f"{server.url}/questions?wb={server.demo_id}&meeting={server.extra['empty']}")
    assert "0 questions" in _meeting_picker(page).input_value()
    page.get_by_role("button", name="Propose a balanced plan").click()
    wait_idle(page)
    assert_no_exception(page)
    # The label follows the plan's count in the run the click started (on a busy machine the browser may be idle a
    # moment before that run's last delta lands, so the assertion waits for the value, not for a fixed time).
    expect(_meeting_picker(page)).to_have_value(re.compile(r"\b12 questions"))
    page.locator("[class*='st-key-q_rm_meeting'] button").first.click()
    wait_idle(page)
    expect(_meeting_picker(page)).to_have_value(re.compile(r"\b11 questions"))
    screenshot(page, "questions-picker-count")


def test_in_live_mode_the_current_question_is_above_the_clock_and_on_screen(server, page):
    open_page(page, f"{server.url}/questions?wb={server.demo_id}&meeting={server.extra['planned']}&q_tab=Live+meeting")
    page.get_by_role("button", name="Start the clock").click()
    wait_idle(page)
    page.reload()  # measured as the page opens, not scrolled to the button just clicked
    wait_idle(page)
    assert_no_exception(page)
    question = page.get_by_test_id("stHeading").filter(has_text="?").first  # the question is the subheading
    clock = page.get_by_test_id("stMetric").filter(has_text="Elapsed")
    expect(question).to_be_visible()
    expect(clock).to_be_visible()
    asked, ticking = question.bounding_box(), clock.bounding_box()
    assert asked["y"] < ticking["y"], "the question the person reads mid-conversation comes before the clock"
    assert asked["y"] + asked["height"] <= 720, "the question is above the fold at 1280x720"
    page.screenshot(path=str(screenshot(page, "questions-live-question-first").with_name(
        "questions-live-question-first-fold.png")))  # what the screen shows, without scrolling


def test_every_template_action_sits_under_templates(server, page):
    open_page(page, f"{server.url}/questions?wb={server.demo_id}&meeting={server.extra['planned']}")
    expect(page.get_by_text("Templates: reuse a plan")).to_have_count(0)  # no second template control
    page.get_by_text("Templates for a target role", exact=True).click()
    wait_idle(page)
    page.get_by_label("Name", exact=True).fill("Stormwater engineer")
    page.get_by_text("The chosen meeting's plan").click()
    page.get_by_role("button", name="Create template").click()
    wait_idle(page)
    assert_no_exception(page)
    expect(page.get_by_role("button", name="Use this template for the chosen meeting")).to_be_visible()
    screenshot(page, "questions-templates-one-place")
