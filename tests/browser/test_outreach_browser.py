"""Outreach in Chromium: the script with its method findings, the follow-ups, the meetings."""
import pytest

from tests.browser.conftest import assert_no_exception, open_page, screenshot, wait_idle

pytestmark = pytest.mark.browser


def _open(page, demo_server):
    page.set_viewport_size({"width": 1280, "height": 1500})  # tall, so one screenshot shows script and findings
    open_page(page, f"{demo_server.url}/outreach?wb={demo_server.demo_id}")
    assert_no_exception(page)


def test_the_script_shows_its_method_findings(demo_server, page):
    _open(page, demo_server)
    assert page.get_by_text("Method check").count() == 1
    screenshot(page, "outreach-write")


def test_a_job_word_typed_in_the_script_raises_a_finding(demo_server, page):
    _open(page, demo_server)
    box = page.get_by_label("Your message (edit freely)")
    box.fill("Hi, I saw you are hiring. Could I send you my resume for the opening? It would take an hour.")
    box.blur()
    page.keyboard.press("Tab")
    # Leaving the box starts a run a moment later: wait for its finding, then for the run to end.
    page.get_by_text("Found: hiring, send you my resume, opening").first.wait_for(timeout=30_000)
    wait_idle(page)
    assert_no_exception(page)
    assert page.get_by_text("Found: hiring, send you my resume, opening").count() >= 1
    screenshot(page, "outreach-findings")


def test_the_follow_ups_tab_lists_what_is_due(demo_server, page):
    _open(page, demo_server)
    page.get_by_role("tab", name="Follow-ups").click()   # only the open tab runs: the click reruns the page
    page.get_by_text("The 3B7 routine").wait_for()
    wait_idle(page)
    assert page.get_by_text("The 3B7 routine").count() == 1
    screenshot(page, "outreach-follow-ups")
    assert_no_exception(page)


def test_the_meetings_tab_offers_the_calendar_file(demo_server, page):
    _open(page, demo_server)
    page.get_by_role("tab", name="Meetings").click()
    wait_idle(page)
    ics = page.locator("[data-testid=stDownloadButton]").filter(has_text="Calendar file (.ics)")
    ics.wait_for()
    wait_idle(page)
    screenshot(page, "outreach-meetings")
    assert ics.count() == 1
    with page.expect_download() as download:
        ics.locator("button").click()
    from icalendar import Calendar

    event = next(iter(Calendar.from_ical(download.value.path().read_bytes()).walk("VEVENT")))
    assert str(event["summary"]).startswith("Informational interview: Ben Carter")
    assert f"/questions?wb={demo_server.demo_id}&meeting=" in str(event["description"])
    assert_no_exception(page)


def test_the_linkedin_note_shows_its_character_counter(demo_server, page):
    _open(page, demo_server)
    page.get_by_text("LinkedIn note", exact=True).click()
    # The click starts a run a moment later (the page can still read as idle right after it): wait for the counter.
    page.get_by_text("/ 300 characters").first.wait_for()
    wait_idle(page)
    assert page.get_by_text("/ 300 characters").count() >= 1
    screenshot(page, "outreach-linkedin")
    assert_no_exception(page)


def test_the_attempt_log_is_a_readable_table(demo_server, page):
    _open(page, demo_server)
    page.get_by_role("tab", name="Attempts").click()
    page.get_by_text("attempts in all, newest first").wait_for()
    wait_idle(page)
    assert page.locator("[data-testid=stDataFrame]").count() >= 1
    screenshot(page, "outreach-attempts")
    assert_no_exception(page)


def test_the_page_reads_at_1280_by_720(demo_server, page):
    open_page(page, f"{demo_server.url}/outreach?wb={demo_server.demo_id}")
    page.get_by_text("Method check").wait_for()
    page.get_by_label("Your message (edit freely)").wait_for()
    wait_idle(page)
    assert_no_exception(page)
    screenshot(page, "outreach-1280x720")
    width = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollWidth")
    assert width <= 1280


def test_a_yes_reply_brings_up_the_meeting_form(demo_server, page):
    _open(page, demo_server)
    page.get_by_label("Find a person").fill("Laura Chen")
    page.keyboard.press("Enter")
    wait_idle(page)
    screenshot(page, "outreach-search")
    page.locator("button", has_text="They said yes").click()
    wait_idle(page)
    assert_no_exception(page)
    page.get_by_text("They said yes on").first.wait_for()
    screenshot(page, "outreach-yes-to-meeting")
    assert page.locator("[data-testid=stForm]").filter(has_text="Place or link").first.is_visible()


def test_screen_share_mode_hides_the_phone_number_in_the_voicemail_script(demo_server, page, share_mode_reset):
    share_mode_reset(demo_server)  # the mode is stored on the server: off again for the tests after this one
    page.set_viewport_size({"width": 1280, "height": 1500})
    open_page(page, f"{demo_server.url}/outreach?wb={demo_server.demo_id}&share=true")
    page.get_by_text("Voicemail", exact=True).click()
    page.get_by_text("hang up before the beep", exact=False).first.wait_for()   # the voicemail script is drawn
    wait_idle(page)
    page.get_by_label("Your message (edit freely)").wait_for()
    assert_no_exception(page)
    assert "555 0100" not in page.locator("[data-testid=stMain]").inner_text()
    assert page.get_by_label("Your message (edit freely)").input_value().count("•••") >= 1
    screenshot(page, "outreach-share-mode")
