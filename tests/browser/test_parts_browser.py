"""Parts of a page that run alone (views/part.py), in Chromium, where Streamlit really runs a fragment by itself
(AppTest runs the whole script on every click): a click in a part saves and redraws it, and whenever the page
around it would be drawn differently (a mode turned on in another tab, the plan's count in the Meeting picker,
another person picked from a reminder) the whole page runs, so the part never disagrees with the page."""
from __future__ import annotations

import contextlib
import re
from datetime import date, time, timedelta

import pytest
from playwright.sync_api import expect

from lib import contacts, meetings, outreach
from lib import question_plans as plans
from tests.browser.conftest import (SHARE_CAPTION, assert_no_exception, click_and_wait_for_run, open_page,
                                    own_demo_server, screenshot, set_share_mode, wait_idle)
from tests.browser.test_screen_share_leaks import screen_text

pytestmark = pytest.mark.browser

def _people(con, demo_id: int) -> dict:
    """Robin, not written to yet; Casey, with a meeting whose plan a test has open while Casey is deleted."""
    casey = contacts.add(con, demo_id, full_name="Casey Goneby", email="casey@example.org")
    meeting = meetings.schedule(con, demo_id, casey, day=date.today() + timedelta(days=4), at=time(9, 0)).id
    plans.apply_proposal(con, demo_id, plans.meeting(meeting))
    written = {}
    for key, name, days_ago in (("dana", "Dana Logsalone", 8), ("eli", "Eli Saysno", 0), ("fay", "Fay Saysyes", 0)):
        written[key] = contacts.add(con, demo_id, full_name=name, email=f"{key}@example.org", notes="Met at a talk.")
        outreach.log_attempt(con, demo_id, written[key], channel="email", message="Hello",
                             attempted_at=date.today() - timedelta(days=days_ago))
    return {"robin": contacts.add(con, demo_id, full_name="Robin Partwise", email="robin@example.org"),
            "casey": casey, "casey_meeting": meeting, **written}


server = own_demo_server("parts", _people)  # these tests write and turn screen-share mode on


def _main(page):
    return page.locator("[data-testid=stMain]")


def _meeting_box(page):
    return page.get_by_role("combobox", name="Meeting")


def _plan_rows(page) -> list[str]:
    """The plan's questions as the radio shows them, in order."""
    plan = page.get_by_role("radiogroup", name=re.compile("^Your plan"))
    return [text.strip() for text in plan.locator("label").all_inner_texts()]


def _pick_meeting(page, label_has: str) -> str:
    _meeting_box(page).click()
    page.get_by_role("option").filter(has_text=label_has).first.click()
    wait_idle(page)
    return _meeting_box(page).input_value()


def test_a_question_moved_in_the_plan_is_saved_and_redrawn(server, page):
    open_page(page, f"{server.url}/questions?wb={server.demo_id}")
    label = _pick_meeting(page, re.compile(r"[1-9]\d* questions"))
    before = _plan_rows(page)
    assert len(before) >= 3, before
    click_and_wait_for_run(page, page.get_by_role("button", name="Down"))
    expect(page.get_by_test_id("stToast").filter(has_text="Moved")).to_be_visible()  # said by the part's own run
    after = _plan_rows(page)
    assert after[0].split(".", 1)[1] == before[1].split(".", 1)[1]  # the first question went one down
    assert after[1].split(".", 1)[1] == before[0].split(".", 1)[1]
    assert _meeting_box(page).input_value() == label  # the page around the plan is as it was
    assert_no_exception(page)
    screenshot(page, "parts-question-moved")
    page.reload()
    wait_idle(page)
    assert _plan_rows(page)[0].split(".", 1)[1] == before[1].split(".", 1)[1]  # stored, not only drawn


def test_a_plan_proposed_for_a_meeting_without_one_updates_the_meeting_picker_above_it(server, page):
    open_page(page, f"{server.url}/questions?wb={server.demo_id}")
    label = _pick_meeting(page, "0 questions")
    assert "0 questions" in label
    click_and_wait_for_run(page, page.get_by_role("button", name="Propose a balanced plan"))
    expect(page.get_by_role("button", name="Propose a new plan")).to_be_visible()
    wait_idle(page)
    shown = _meeting_box(page).input_value()
    assert "0 questions" not in shown and re.search(r"\d+ questions", shown), shown
    assert_no_exception(page)


def test_screen_share_mode_turned_on_in_another_tab_masks_the_whole_page_at_the_next_click_in_a_part(
        server, page, browser, share_mode_reset):
    open_page(page, f"{server.url}/questions?wb={server.demo_id}")
    label = _pick_meeting(page, re.compile(r"[1-9]\d* questions"))
    person = re.search(r" · ([A-Z][a-z]+ [A-Z][a-z]+) \(", label).group(1)  # "…, 10:00 · Ben Carter (Org) · …"
    assert person in screen_text(page)  # the control: shown while the mode is off
    share_mode_reset(server)
    set_share_mode(browser, server, True, initials=True)  # in a tab of its own
    page.bring_to_front()
    click_and_wait_for_run(page, page.get_by_role("button", name="Down"))
    expect(page.get_by_text(SHARE_CAPTION)).to_be_visible()  # the sidebar: the whole page ran
    wait_idle(page)
    assert person not in screen_text(page)  # nowhere: not in the part, not in the picker above it
    assert_no_exception(page)
    screenshot(page, "parts-share-mode-from-another-tab")


def test_an_attempt_logged_in_the_outreach_tabs_moves_the_stage_in_the_caption_above_them(server, page):
    open_page(page, f"{server.url}/outreach?wb={server.demo_id}&contact={server.extra['robin']}")
    caption = _main(page).locator("[data-testid=stCaptionContainer]").filter(has_text="Robin Partwise").first
    expect(caption).to_contain_text("Identified")
    click_and_wait_for_run(page, page.get_by_role("button", name="Log this attempt"))
    expect(_main(page).get_by_text("Logged.").first).to_be_visible()
    expect(caption).to_contain_text("Contacted")
    assert_no_exception(page)


def _person_caption(page, name: str):
    return _main(page).locator("[data-testid=stCaptionContainer]").filter(has_text=name).first


def test_a_log_in_the_log_section_moves_the_reminder_in_the_caption_above_and_keeps_the_edited_message(server, page):
    """The log section is a part inside the tabs' part: its own run draws the person's caption again."""
    open_page(page, f"{server.url}/outreach?wb={server.demo_id}&contact={server.extra['dana']}")
    caption = _person_caption(page, "Dana Logsalone")
    expect(caption).to_contain_text("Reminder for Dana Logsalone")   # written to eight days ago
    box = _main(page).get_by_label("Your message (edit freely)")
    box.fill("Dana, a short follow-up on my note of last week. EDITED-BEFORE-LOG")
    box.blur()
    wait_idle(page)
    click_and_wait_for_run(page, page.get_by_role("button", name="Log this attempt"))
    expect(_main(page).get_by_text("Logged. Next reminder on").first).to_be_visible()
    expect(caption).not_to_contain_text("Reminder for Dana Logsalone")   # the new attempt's reminder is not due yet
    expect(caption).to_contain_text("Contacted")
    expect(box).to_have_value(re.compile("EDITED-BEFORE-LOG$"))   # the script above was left as it was
    page.get_by_role("tab", name="Attempts").click()
    expect(_main(page).get_by_text("EDITED-BEFORE-LOG").first).to_be_attached()   # what was logged
    click_and_wait_for_run(page, page.get_by_role("tab", name="Write"))   # the tabs' part draws the caption again
    click_and_wait_for_run(page, page.get_by_role("button", name="They said yes"))
    expect(_main(page).get_by_role("button", name="Schedule")).to_be_visible()
    captions = _main(page).locator("[data-testid=stCaptionContainer]").filter(has_text="Dana Logsalone ·")
    expect(captions).to_have_count(1)   # one caption, never the tabs' and the section's both
    assert_no_exception(page)
    screenshot(page, "parts-log-section")


def test_their_no_brings_the_graceful_close_above_the_log_section(server, page):
    """A no changes what the Write tab draws above the section (the graceful close): the whole page runs."""
    open_page(page, f"{server.url}/outreach?wb={server.demo_id}&contact={server.extra['eli']}")
    expect(_main(page).get_by_role("button", name="Write the thank-you")).to_have_count(0)
    click_and_wait_for_run(page, page.get_by_role("button", name="They said no"))
    expect(page.get_by_test_id("stToast").filter(has_text="Reply saved")).to_be_visible()
    expect(_main(page).get_by_role("button", name="Write the thank-you")).to_be_visible()
    expect(page.get_by_role("button", name="They said no")).to_have_count(0)
    assert_no_exception(page)


def test_a_yes_then_a_booking_in_the_log_section_moves_the_stage_in_the_caption_above(server, page):
    open_page(page, f"{server.url}/outreach?wb={server.demo_id}&contact={server.extra['fay']}")
    caption = _person_caption(page, "Fay Saysyes")
    expect(caption).to_contain_text("Contacted")
    click_and_wait_for_run(page, page.get_by_role("button", name="They said yes"))
    schedule = _main(page).get_by_role("button", name="Schedule")
    expect(schedule).to_be_visible()
    click_and_wait_for_run(page, schedule)
    expect(_main(page).get_by_text("Scheduled. Its calendar file").first).to_be_visible()
    expect(caption).to_contain_text("Scheduled")
    expect(schedule).to_have_count(0)
    assert_no_exception(page)
    screenshot(page, "parts-booked-after-yes")


def test_write_to_them_on_a_reminder_opens_that_person_in_the_picker_above_the_tabs(server, page):
    open_page(page, f"{server.url}/outreach?wb={server.demo_id}")
    page.get_by_role("tab", name="Follow-ups").click()
    page.get_by_text("The 3B7 routine").wait_for()
    wait_idle(page)
    button = _main(page).get_by_role("button", name=re.compile(r"^Write to ")).first
    who = button.inner_text().removeprefix("Write to ").strip()
    assert who and who not in _main(page).get_by_role("combobox", name="Person").input_value()
    click_and_wait_for_run(page, button)
    expect(_main(page).get_by_role("combobox", name="Person")).to_have_value(re.compile(re.escape(who)))
    expect(page.get_by_role("tab", name="Write", selected=True)).to_be_visible()
    assert_no_exception(page)


@contextlib.contextmanager
def _person_in_another_tab(server, browser, who: str, tab: str):
    """A person's Research page, on `tab`, in a browser context of its own (another tab)."""
    other = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        tab_b = other.new_page()
        open_page(tab_b, f"{server.url}/research?wb={server.demo_id}&contact={server.extra[who]}")
        tab_b.get_by_role("tab", name=tab).click()
        wait_idle(tab_b)
        yield tab_b
    finally:
        other.close()


def test_a_click_in_a_plan_whose_meeting_was_deleted_in_another_tab_lets_the_page_pick_again(server, page, browser):
    """The part said "Something went wrong" under a picker still showing the deleted meeting (a hostile tester)."""
    open_page(page, f"{server.url}/questions?wb={server.demo_id}&meeting={server.extra['casey_meeting']}")
    assert "Casey Goneby" in _meeting_box(page).input_value()
    with _person_in_another_tab(server, browser, "casey", "Delete") as tab_b:
        click_and_wait_for_run(tab_b, tab_b.get_by_role("button", name="Delete this person…"))
        click_and_wait_for_run(tab_b, tab_b.get_by_role("button", name="Yes, delete"))
    page.bring_to_front()
    click_and_wait_for_run(page, page.get_by_role("button", name="Down"))
    expect(_meeting_box(page)).not_to_have_value(re.compile("Casey Goneby"))
    assert "Something went wrong" not in screen_text(page)
    assert_no_exception(page)


def test_a_person_renamed_in_another_tab_is_renamed_in_the_picker_at_the_next_click_in_the_tabs(server, page, browser):
    """The tabs said the new name under a picker still showing the old one (a hostile tester)."""
    open_page(page, f"{server.url}/outreach?wb={server.demo_id}&contact={server.extra['robin']}")
    person = _main(page).get_by_role("combobox", name="Person")
    assert "Robin Partwise" in person.input_value()
    with _person_in_another_tab(server, browser, "robin", "Edit") as tab_b:
        tab_b.get_by_label("Name", exact=True).fill("Robin Renamedby")
        click_and_wait_for_run(tab_b, tab_b.get_by_role("button", name="Save changes"))
    page.bring_to_front()
    click_and_wait_for_run(page, _main(page).get_by_text("LinkedIn note", exact=True))
    expect(person).to_have_value(re.compile("Robin Renamedby"))
    assert "Robin Partwise" not in screen_text(page)
    assert_no_exception(page)


def test_a_workbook_created_in_another_tab_is_in_the_picker_at_the_next_click_in_the_tabs(server, page, browser):
    """A click in the Outreach tabs ran the tabs alone, and the sidebar's picker went on missing the workbook made
    in another tab (a hostile tester)."""
    open_page(page, f"{server.url}/outreach?wb={server.demo_id}&contact={server.extra['robin']}")
    other = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        tab_b = other.new_page()
        open_page(tab_b, f"{server.url}/workbooks?wb={server.demo_id}")
        tab_b.get_by_role("textbox", name="Name (for example the person's name)").fill("Made Elsewhere")
        click_and_wait_for_run(tab_b, tab_b.get_by_role("button", name="Create workbook"))
        expect(tab_b.get_by_role("combobox", name="Workbook")).to_have_value("Made Elsewhere")
    finally:
        other.close()
    page.bring_to_front()
    picker = page.get_by_role("combobox", name="Workbook")
    expect(picker).to_have_value(re.compile("Demo"))
    click_and_wait_for_run(page, _main(page).get_by_role("tab", name="Attempts"))
    picker.click()
    expect(page.get_by_role("option", name="Made Elsewhere")).to_be_visible()
    page.keyboard.press("Escape")
    expect(picker).to_have_value(re.compile("Demo"))  # listed, not opened
    assert_no_exception(page)


def _pick_person(page, name: str) -> None:
    picker = _main(page).get_by_role("combobox", name="Person")
    picker.click()
    if not page.get_by_role("option").count():
        picker.click()
    click_and_wait_for_run(page, page.get_by_role("option").filter(has_text=name).first)


def test_an_edited_message_stays_when_another_person_is_picked_and_back_and_through_screen_share_mode(
        server, page, share_mode_reset):
    """A hostile tester: the message box, not drawn while another person (or the mode) was shown, came back as the
    template. Typed, then the picker (outside the part) or the sidebar toggle clicked at once, as a person does."""
    share_mode_reset(server)
    open_page(page, f"{server.url}/outreach?wb={server.demo_id}&contact={server.extra['robin']}")
    box = _main(page).get_by_label("Your message (edit freely)")
    box.fill("Robin, may I ask you about your path into water policy? EDITED-ONCE")
    _pick_person(page, "Ana Souza")
    expect(box).not_to_have_value(re.compile("EDITED-ONCE"))
    search = _main(page).get_by_role("textbox", name="Find a person")
    search.fill("Robin")   # (maybe renamed by another test of this module: the search finds either name)
    search.press("Enter")
    expect(_main(page).get_by_role("combobox", name="Person")).to_have_value(re.compile("^Robin"))
    wait_idle(page)
    expect(box).to_have_value(re.compile("EDITED-ONCE$"))
    box.fill("Robin, may I ask you about your path into water policy? EDITED-TWICE")
    mode = page.get_by_text("Screen-share mode", exact=True)   # the toggle's label: the switch itself is covered
    click_and_wait_for_run(page, mode)
    expect(page.get_by_text("Your edit of it is kept")).to_be_visible()
    expect(box).not_to_have_value(re.compile("EDITED"))
    click_and_wait_for_run(page, mode)
    expect(box).to_have_value(re.compile("EDITED-TWICE$"))
    assert_no_exception(page)
    screenshot(page, "parts-edit-kept")


def test_an_edited_message_and_subject_stay_when_a_click_in_the_tabs_comes_while_screen_share_mode_is_on(
        server, page, share_mode_reset):
    """A hostile tester: edit, mode on, log an attempt (a run of the tabs part alone), mode off: the boxes were empty
    while the page's copy block still held the edit (the edit had been put back under the key of a box the mode
    did not draw, so the server held it and the browser did not)."""
    share_mode_reset(server)
    open_page(page, f"{server.url}/outreach?wb={server.demo_id}&contact={server.extra['robin']}")
    subject, box = (_main(page).get_by_label(name) for name in ("Subject", "Your message (edit freely)"))
    subject.fill("SUBJECT-KEPT")
    subject.press("Tab")
    wait_idle(page)
    box.fill("Robin, may I ask you about your path into water policy? BODY-KEPT")
    box.press("Control+Enter")
    wait_idle(page)
    mode = page.get_by_text("Screen-share mode", exact=True)
    click_and_wait_for_run(page, mode)
    click_and_wait_for_run(page, _main(page).get_by_role("tab", name="Attempts"))   # the part runs alone
    click_and_wait_for_run(page, _main(page).get_by_role("tab", name="Write"))
    click_and_wait_for_run(page, mode)
    expect(subject).to_have_value("SUBJECT-KEPT")
    expect(box).to_have_value(re.compile("BODY-KEPT$"))
    assert_no_exception(page)
