"""Step 4 in Chromium: the plan builder, the printable sheet, and live mode's notes surviving a reload."""
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from lib import question_plans as plans
from tests.browser.conftest import assert_no_exception, click_and_wait_for_run, open_page, screenshot, serve_demo, wait_idle

pytestmark = pytest.mark.browser


def _meeting_running_late(con, demo_id: int) -> int:
    """A meeting already 12.5 minutes into its 15: live mode must nudge towards the referral question."""
    late = next(m for m in plans.meetings(con, demo_id) if m["duration_minutes"] == 15 and m["questions"]
                and m["status"] == "done")
    con.execute("INSERT INTO meeting_plans (meeting_id, workbook_id, live_started_at) VALUES (?, ?, ?)",
                [late["id"], demo_id, datetime.now().replace(microsecond=0) - timedelta(minutes=12, seconds=30)])
    return late["id"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server of its own: these tests write notes and start clocks, which other pages' tests should not see."""
    with serve_demo(tmp_path_factory, "questions", prepare=_meeting_running_late) as s:
        s.late_meeting = s.extra
        yield s


def _open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    wait_idle(page)


def _tall_screenshot(page, name: str) -> None:
    """Streamlit scrolls inside its own container, so a taller window is how the whole page gets on one image."""
    page.set_viewport_size({"width": 1280, "height": 2200})
    wait_idle(page)
    screenshot(page, name)
    page.set_viewport_size({"width": 1280, "height": 720})
    wait_idle(page)


def test_the_builder_shows_the_plan_its_time_budget_and_coverage(server, page):
    open_page(page, f"{server.url}/questions?wb={server.demo_id}")
    expect(page.get_by_test_id("stMetric")).to_contain_text("Time budget")
    expect(page.get_by_text("Coverage", exact=True)).to_be_visible()
    wait_idle(page)
    screenshot(page, "questions-builder")
    assert_no_exception(page)
    _tall_screenshot(page, "questions-builder-full")


def test_a_meeting_without_a_plan_gets_a_balanced_proposal_in_one_click(server, page):
    open_page(page, f"{server.url}/questions?wb={server.demo_id}")
    page.get_by_role("combobox", name="Meeting").click()
    page.get_by_role("option").filter(has_text="0 questions").first.click()
    wait_idle(page)
    page.get_by_role("button", name="Propose a balanced plan").click()
    wait_idle(page)
    assert_no_exception(page)
    expect(page.get_by_role("button", name="Propose a new plan")).to_be_visible()
    screenshot(page, "questions-builder-proposed")


def test_the_print_tab_offers_pdf_and_markdown(server, page):
    open_page(page, f"{server.url}/questions?wb={server.demo_id}")
    _open_tab(page, "Print")
    assert_no_exception(page)
    expect(page.get_by_role("button", name="Download PDF")).to_be_visible()
    expect(page.get_by_role("button", name="Download Markdown")).to_be_visible()
    screenshot(page, "questions-print")


def test_live_mode_keeps_a_typed_note_after_a_reload(server, page):
    open_page(page, f"{server.url}/questions?wb={server.demo_id}")
    _open_tab(page, "Live meeting")
    page.get_by_role("button", name="Start the clock").click()
    wait_idle(page)
    notes = page.get_by_label("Notes")
    notes.fill("Licensing takes about two years; ask Noah about the EIT programme.")
    page.get_by_text("Question 1 of").click()  # leaving the box commits the note
    wait_idle(page)
    assert_no_exception(page)
    screenshot(page, "questions-live")
    _tall_screenshot(page, "questions-live-full")
    page.reload()
    wait_idle(page)
    assert "Live meeting" in page.url or page.get_by_role("tab", name="Live meeting").get_attribute("aria-selected") == "true"
    expect(page.get_by_label("Notes")).to_have_value("Licensing takes about two years; ask Noah about the EIT programme.")
    screenshot(page, "questions-live-after-reload")


def test_live_mode_nudges_to_ask_for_referrals_when_time_is_nearly_up(server, page):
    open_page(page, f"{server.url}/questions?wb={server.demo_id}&meeting={server.late_meeting}&q_tab=Live+meeting")
    expect(page.get_by_text("who else to talk to")).to_be_visible()
    wait_idle(page)
    assert_no_exception(page)
    screenshot(page, "questions-live-nudge")


def _plan_options(page):
    return page.locator("[data-testid=stRadio]").filter(has_text="Your plan").locator("[data-testid=stRadioOption]")


def test_a_question_moved_stays_chosen_and_moves_again(server, page):
    """The radio keeps the label the browser showed; after a move the chosen question's label (its number) changes:
    the next click must still act on it (found by a hostile tester: no question chosen, then an error)."""
    open_page(page, f"{server.url}/questions?wb={server.demo_id}")
    options = _plan_options(page)
    text = options.nth(2).inner_text().split(".", 1)[1].strip()[:30]  # the third question
    click_and_wait_for_run(page, options.nth(2))
    for _ in range(2):
        click_and_wait_for_run(page, page.get_by_role("button", name="Down", exact=True))
        assert_no_exception(page)
    labels = options.all_inner_texts()
    assert labels[4].startswith("5.") and text in labels[4], labels
    chosen = options.and_(page.locator("[data-selected=true]"))
    assert chosen.count() == 1 and text in chosen.inner_text()  # still the one chosen
    click_and_wait_for_run(page, page.get_by_role("button", name="Up", exact=True))
    assert text in options.nth(3).inner_text()
    assert_no_exception(page)


def _open_meeting_list(page) -> None:
    """Open the Meeting picker's list (the first click, from a text box, may only move the focus to it)."""
    picker = page.get_by_role("combobox", name="Meeting")
    picker.click()
    if not page.get_by_role("option").count():
        picker.click()
    page.get_by_role("option").first.wait_for()


def test_questions_typed_from_research_stay_with_their_meeting(server, page):
    """Typed for one meeting, the text is not offered to another one (its Add to the plan added it there: a hostile
    tester), and it is back when the first meeting is chosen again."""
    open_page(page, f"{server.url}/questions?wb={server.demo_id}")
    first = page.get_by_role("combobox", name="Meeting").input_value()
    click_and_wait_for_run(page, page.locator("[data-testid=stExpander] summary",
                                              has_text="Your research, and questions built from it"))
    box = page.get_by_label("Questions from your research, one per line")
    box.fill("What changed after the 2013 flood?")
    screenshot(page, "questions-research-typed")
    _open_meeting_list(page)  # its click ends the typing: a run of the plan's part may start here
    click_and_wait_for_run(page, page.get_by_role("option").filter(has_not_text=first).first)
    assert page.get_by_role("combobox", name="Meeting").input_value() != first
    expect(box).to_have_count(1)   # the old meeting's box is gone once the runs are over
    expect(box).to_have_value("")   # another meeting's box
    _open_meeting_list(page)
    click_and_wait_for_run(page, page.get_by_role("option", name=first).first)
    expect(box).to_have_count(1)
    expect(box).to_have_value("What changed after the 2013 flood?")   # not lost
    assert_no_exception(page)
