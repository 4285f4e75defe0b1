"""Step 5 in Chromium: review a meeting, add a referral, search what was learned, read the value summary."""
import pytest

from lib import db
from tests.browser import conftest as browser
from tests.browser.conftest import assert_no_exception, open_page, own_demo_server, screenshot, wait_idle

pytestmark = pytest.mark.browser


def _notes_from_live_mode(con, demo_id: int) -> None:
    """Notes as live mode (Step 4) would have left them, on the meeting still waiting for its review."""
    waiting = db.scalar(con, "SELECT m.id FROM meetings m LEFT JOIN reviews r ON r.meeting_id = m.id"
                             " WHERE m.workbook_id = ? AND m.status = 'done' AND r.meeting_id IS NULL", [demo_id])
    for position, note in ((1, "Forecasts run every 6 hours in spring; models are rebuilt each winter."),
                           (11, "Suggested Lucas Moreau and Thabo Nkosi; I may use her name.")):
        con.execute("UPDATE meeting_questions SET notes = ? WHERE meeting_id = ? AND position = ?",
                    [note, waiting, position])


review_server = own_demo_server("review-browser", _notes_from_live_mode)  # these tests write


def open_review(page, server):
    """The Review page on the meeting it offers first: its form (open for a meeting not reviewed yet), or its
    saved review as text with the form waiting in "Edit this review"."""
    open_page(page, f"{server.url}/review?wb={server.demo_id}")
    page.get_by_text("Key insights").first.wait_for()
    assert_no_exception(page)


def tall(page, height=1900):
    """Streamlit scrolls inside its own container, so a taller window shows the whole step in one image."""
    page.set_viewport_size({"width": 1280, "height": height})
    wait_idle(page)


def click_tab(page, name, shows):
    """Tabs run lazily: wait for something only the opened tab draws."""
    page.get_by_role("tab", name=name).click()
    page.get_by_text(shows).first.wait_for()
    wait_idle(page)


def test_reviewing_a_meeting_and_adding_a_referral(review_server, page):
    open_review(page, review_server)
    assert page.get_by_text("Forecasts run every 6 hours").count() == 1  # live-mode notes beside the form
    screenshot(page, "review-form-1280x720")
    tall(page)
    screenshot(page, "review-form")
    page.get_by_role("textbox", name="Key insights").fill("Flood forecasts drive most of the lab's consulting work.")
    page.get_by_role("textbox", name="What you could not have found online").fill("The lab hires modellers from consultancies.")
    page.locator("[data-testid=stRadio]").get_by_text("4", exact=True).click()
    page.get_by_role("button", name="Save review").click()
    page.get_by_text("Review saved.").wait_for()  # the click's run has finished and shows its confirmation
    wait_idle(page)
    assert_no_exception(page)
    picked = page.get_by_role("combobox", name="Meeting")
    chosen = picked.input_value()
    assert chosen.endswith(" · reviewed"), chosen  # its new label: the same meeting, now reviewed
    # a click sends the label the browser drew before the save: it still names this meeting
    browser.click_and_wait_for_run(page, page.get_by_text("Include not done", exact=True))
    assert picked.input_value() == chosen
    browser.click_and_wait_for_run(page, page.get_by_text("Include not done", exact=True))
    assert_no_exception(page)
    browser.click_and_wait_for_run(page, page.locator("[data-testid=stExpander] summary",
                                                      has_text="Add a person they suggested"))
    form = page.locator("[data-testid=stForm]").filter(has=page.get_by_role("button", name="Add referral"))
    form.get_by_role("textbox", name="Name", exact=True).fill("Rosa Diaz")
    form.get_by_role("textbox", name="Organization").fill("Prairie Rivers Institute")
    form.get_by_role("button", name="Add referral").click()
    page.get_by_text("Rosa Diaz is now in your contacts").wait_for()
    wait_idle(page)
    screenshot(page, "review-after-save")
    assert_no_exception(page)


def test_searching_what_was_learned(review_server, page):
    open_review(page, review_server)
    tall(page)
    click_tab(page, "What you learned", "reviews match.")
    page.get_by_role("textbox", name="Search what you learned").fill("mentor")
    page.get_by_role("textbox", name="Search what you learned").press("Enter")
    page.get_by_text("2 reviews match.").wait_for()  # the search has run
    wait_idle(page)
    assert_no_exception(page)
    screenshot(page, "review-knowledge")


def test_the_value_summary_and_keep_in_touch(review_server, page):
    open_review(page, review_server)
    tall(page, 1100)
    click_tab(page, "Value summary", "Network multiplier")
    assert page.get_by_text("Network multiplier").count() >= 1
    assert_no_exception(page)
    screenshot(page, "review-value-summary")
    click_tab(page, "Keep in touch", "Losing touch")
    assert page.get_by_text("Losing touch").count() >= 1
    screenshot(page, "review-keep-in-touch")


first_review_server = own_demo_server("review-first-browser")  # its own: both tabs write the first review


def write_review(page, insights: str, score: str) -> None:
    page.get_by_role("textbox", name="Key insights").fill(insights)
    page.locator("[data-testid=stRadio]").get_by_text(score, exact=True).click()
    page.get_by_role("button", name="Save review").click()
    wait_idle(page)


def test_two_tabs_writing_the_first_review_show_the_second_the_clash(first_review_server, browser):
    """Two tabs open the meeting waiting for its review; A saves, then B: B is shown the clash, A's review stays."""
    tabs = [browser.new_context(viewport={"width": 1280, "height": 720}).new_page() for _ in range(2)]
    try:
        for tab in tabs:
            open_review(tab, first_review_server)
        a, b = tabs
        write_review(a, "A: forecasts drive the consulting work.", "4")
        a.get_by_text("Review saved.").wait_for()
        write_review(b, "B: the lab hires from consultancies.", "2")
        b.get_by_text("Someone else changed this after you opened the form").wait_for()
        assert_no_exception(b)
        assert b.get_by_role("textbox", name="Key insights").input_value() == "B: the lab hires from consultancies."
        assert b.get_by_text("Review saved.").count() == 0
        screenshot(b, "review-first-review-clash")
        a.reload()
        wait_idle(a)
        a.get_by_text("What you learned").first.wait_for()
        summary = a.locator("[data-testid=stMain] [class*=st-key-review_summary_]")
        assert "A: forecasts drive the consulting work." in summary.inner_text()  # the stored review, read first
        assert a.get_by_text("Earlier versions of this review").count() == 0  # A's review was not replaced
    finally:
        for tab in tabs:
            tab.context.close()
