"""Step 2 in Chromium: the people list, a person, an organization, and the LinkedIn import preview and confirm.

Runs its own server: the import writes, and the shared demo server must stay as the smoke tests expect it.
"""
from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from lib import contacts, db, demo, organizations, workbooks
from tests.browser.conftest import (Server, assert_no_exception, choose_workbook, click_and_wait_for_run, open_page,
                                    screenshot, wait_idle)
from tests.test_linkedin import FIXTURES, generated_export
from views.research.people import EDIT_IN_PLACE_LABEL

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def research_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("research")
    con = db.open(folder / "research.duckdb")
    ids = {"import": workbooks.create(con, "Import here"), "big": workbooks.create(con, "Thirty thousand")}
    ids["demo"] = demo.load(con)
    ids["helen"] = int(contacts.search(con, ids["demo"], text_filter="Helen Nguyen")[0]["id"].iloc[0])
    ids["bow"] = organizations.find_id(con, ids["demo"], "Bow River Water Partners")
    con.close()
    big = folder / "Connections-30000.csv"
    big.write_bytes(generated_export(30_000))
    server = Server(folder / "research.duckdb")
    server.ids, server.big_file = ids, big
    yield server
    server.stop()


SHOWS = {"People": "Add a person", "Organizations": "Add an organization", "Import LinkedIn": "How to get the file"}


def view(page, label: str) -> None:
    page.locator("[data-testid=stButtonGroup] button", has_text=label).first.click()
    page.get_by_text(SHOWS[label]).first.wait_for()
    wait_idle(page)


def search_one(page, text: str) -> None:
    """Search the people list for `text` and wait until it lists the one person found."""
    page.get_by_role("textbox", name="Search", exact=True).fill(text)
    page.get_by_role("textbox", name="Search", exact=True).press("Enter")
    page.get_by_text("Showing 1–1 of 1 person").wait_for()
    wait_idle(page)


def pick(page, label: str, typed: str, option: str) -> None:
    """Choose in a selectbox the way a person does: click, type a few letters, click the option."""
    picker = page.get_by_role("combobox", name=label)
    picker.click()
    picker.fill(typed)
    page.get_by_role("option", name=option).click()
    wait_idle(page)


def test_the_people_list_of_the_demo(research_server, page):
    open_page(page, f"{research_server.url}/research?wb={research_server.ids['demo']}")
    assert_no_exception(page)
    assert page.get_by_text("Showing 1–").count() == 1
    page.locator("[data-testid=stDataFrameGlideDataEditor], [data-testid=stDataFrame] canvas").first.wait_for()
    wait_idle(page)
    screenshot(page, "research-people")
    page.get_by_text(EDIT_IN_PLACE_LABEL).scroll_into_view_if_needed()
    screenshot(page, "research-people-table")


def test_searching_then_opening_a_person_shows_their_history(research_server, page):
    open_page(page, f"{research_server.url}/research?wb={research_server.ids['demo']}")
    search_one(page, "helen")
    pick(page, "Open a person on this page", "Helen", "Helen Nguyen (Bow River Water Partners)")
    page.get_by_role("heading", name="Helen Nguyen").wait_for()
    wait_idle(page)
    assert_no_exception(page)
    assert f"contact={research_server.ids['helen']}" in page.url  # a person has an address of their own
    screenshot(page, "research-contact")
    page.get_by_role("tab", name=re.compile("^Meetings and reviews")).scroll_into_view_if_needed()
    screenshot(page, "research-contact-history")


def test_a_person_in_screen_share_mode_shows_no_email(research_server, page, share_mode_reset):
    share_mode_reset(research_server)  # the mode is stored on the server: off again for the tests after this one
    open_page(page, f"{research_server.url}/research?wb={research_server.ids['demo']}"
                    f"&contact={research_server.ids['helen']}&share=true")
    assert_no_exception(page)
    assert "helen.nguyen@bowriverwater.example" not in page.content()
    screenshot(page, "research-contact-share")


def test_an_organization_shows_what_was_learned_there(research_server, page):
    open_page(page, f"{research_server.url}/research?wb={research_server.ids['demo']}")
    view(page, "Organizations")
    screenshot(page, "research-organizations")
    pick(page, "Open an organization on this page", "Bow River", "Bow River Water Partners")
    page.get_by_role("heading", name="Bow River Water Partners").wait_for()
    wait_idle(page)
    assert_no_exception(page)
    assert page.get_by_text("Consultancies here split water work", exact=False).count() >= 1
    screenshot(page, "research-organization")
    page.get_by_text("Consultancies here split water work", exact=False).first.scroll_into_view_if_needed()
    screenshot(page, "research-organization-knowledge")


def test_adding_a_person_with_a_new_organization_typed_in(research_server, page):
    open_page(page, f"{research_server.url}/research?wb={research_server.ids['import']}")
    page.get_by_label("Name", exact=True).first.fill("Amara Okafor")
    org = page.get_by_role("combobox", name="Organization").first
    org.click()
    org.fill("Prairie Water Co")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Add person").click()
    page.get_by_text("Added Amara Okafor to your list.").wait_for()
    wait_idle(page)
    assert_no_exception(page)
    view(page, "Organizations")
    page.get_by_text("Showing 1–1 of 1 organization.").wait_for()
    page.get_by_role("combobox", name="Open an organization on this page").click()
    assert page.get_by_role("option", name="Prairie Water Co").count() == 1


def test_the_import_preview_then_confirm(research_server, page):
    open_page(page, f"{research_server.url}/research?wb={research_server.ids['import']}")
    view(page, "Import LinkedIn")
    page.locator("input[type=file]").set_input_files(str(FIXTURES / "connections_current.csv"))
    page.get_by_text("New people").first.wait_for()
    wait_idle(page)
    assert_no_exception(page)
    screenshot(page, "research-import-preview")
    page.get_by_role("tab", name="Skipped (2)").click()
    page.get_by_role("tab", name="Skipped (2)").scroll_into_view_if_needed()
    screenshot(page, "research-import-preview-skipped")
    page.get_by_role("button", name="Import 6 people").click()
    page.get_by_text("Imported 6 people").wait_for(timeout=60_000)
    wait_idle(page)
    assert_no_exception(page)
    screenshot(page, "research-import-done")


def test_a_bad_file_gets_a_message_in_the_browser(research_server, page):
    open_page(page, f"{research_server.url}/research?wb={research_server.ids['import']}")
    view(page, "Import LinkedIn")
    page.locator("input[type=file]").set_input_files(str(FIXTURES / "wrong_columns.csv"))
    page.get_by_text("does not look like LinkedIn's Connections.csv").wait_for()
    assert_no_exception(page)
    screenshot(page, "research-import-bad-file")


def test_thirty_thousand_connections_through_the_browser(research_server, page):
    """Measured, not asserted on time: the timings are printed (pytest -s) for the report."""
    open_page(page, f"{research_server.url}/research?wb={research_server.ids['big']}")
    view(page, "Import LinkedIn")
    started = time.perf_counter()
    page.locator("input[type=file]").set_input_files(str(research_server.big_file))
    page.get_by_role("button", name="Import 30,000 people").wait_for(timeout=120_000)
    wait_idle(page, timeout=120_000)
    previewed = time.perf_counter()
    screenshot(page, "research-import-30000-preview")
    page.get_by_role("button", name="Import 30,000 people").click()
    page.get_by_text("Imported 30,000 people").wait_for(timeout=120_000)
    wait_idle(page, timeout=120_000)
    imported = time.perf_counter()
    view(page, "People")
    page.get_by_text("of 30,000 people").first.wait_for()
    listed = time.perf_counter()
    search_one(page, "first29999")
    searched = time.perf_counter()
    assert_no_exception(page)
    screenshot(page, "research-people-30000-search")
    print(f"\n30,000 rows: upload+preview {previewed - started:.1f}s, import {imported - previewed:.1f}s, "
          f"list {listed - imported:.1f}s, search {searched - listed:.1f}s")


def edit_in_place(page) -> None:
    """Turn the people list into the table to edit (it is one to read until asked), unless it is already."""
    toggle = page.locator(".st-key-people_edit_in_place input")
    toggle.wait_for(state="attached")
    if not toggle.is_checked():
        click_and_wait_for_run(page, page.get_by_text(EDIT_IN_PLACE_LABEL))
    page.get_by_text("Change a title, stage or note right in the table, then save.").wait_for()


def type_first_title(page, text: str) -> None:
    """Type `text` into the people table's first row's Title, as a person does (not saved)."""
    edit_in_place(page)
    grid = page.locator("[data-testid=stDataFrame]").first
    grid.wait_for()
    box = grid.bounding_box()
    # Title is the third visible column (Name 150 px, Organization 160 px); the first row is under the header.
    cell = (box["x"] + 150 + 160 + 60, box["y"] + 35 + 18)
    cell_editor = page.locator("#portal textarea.gdg-input")
    for _ in range(5):  # the grid may still be drawing after the rerun: double-click until the cell editor opens
        page.mouse.dblclick(*cell)
        try:
            cell_editor.wait_for(timeout=3_000)
            break
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError: try again
            continue
    cell_editor.fill(text)
    cell_editor.press("Enter")


def test_an_inline_edit_in_the_table_is_saved(research_server, page):
    open_page(page, f"{research_server.url}/research?wb={research_server.ids['demo']}")
    search_one(page, "helen nguyen")
    type_first_title(page, "Principal Water Engineer")
    page.get_by_role("button", name="Save 1 change").click()
    page.get_by_text("Change a title, stage or note right in the table, then save.").wait_for()
    wait_idle(page)
    assert_no_exception(page)
    screenshot(page, "research-people-inline-edit")
    pick(page, "Open a person on this page", "Helen", "Helen Nguyen (Bow River Water Partners)")
    page.get_by_text("Principal Water Engineer · Bow River Water Partners").wait_for()


def _open_filters(page, box) -> None:
    """The Stage, Source, Organization and Sort pickers wait in the Filters popover: open it unless it is open."""
    if not box.is_visible():
        page.locator("[data-testid=stPopover] button", has_text="Filters").click()
    box.wait_for()


def test_the_filters_wait_in_a_popover_whose_label_says_how_many_are_on(research_server, page):
    """Issue 17: four pickers drawn loose cost every visit of the page; in the popover they are drawn when opened.
    A filter on is said on the button, so a short list is never unexplained."""
    open_page(page, f"{research_server.url}/research?wb={research_server.ids['demo']}")
    stage = page.get_by_role("combobox", name="Stage")
    assert not stage.is_visible()
    shown = page.get_by_text(re.compile(r"^Showing 1–\d+ of \d+ people"))
    everyone = shown.inner_text()
    _open_filters(page, stage)
    stage.click()
    click_and_wait_for_run(page, page.get_by_role("option", name="Contacted"))
    expect(page.locator("[data-testid=stPopover] button")).to_contain_text("Filters (1 on)")
    expect(stage).to_be_visible()   # still open after the run its pick started
    assert shown.inner_text() != everyone
    screenshot(page, "research-filters-open")
    stage.click()
    click_and_wait_for_run(page, page.get_by_role("option", name="Any"))
    expect(page.locator("[data-testid=stPopover] button")).not_to_contain_text("on)")
    expect(shown).to_have_text(everyone)
    assert_no_exception(page)


def test_a_name_typed_in_the_organization_filter_finds_it_and_an_unknown_one_says_so(research_server, page):
    # Issue 17: the filter offers the organizations with the most people; a typed name finds any organization.
    open_page(page, f"{research_server.url}/research?wb={research_server.ids['demo']}")
    box = page.locator(".st-key-people_org input")
    _open_filters(page, box)
    box.click()
    box.fill("nowhere water cooperative")
    page.keyboard.press("Enter")
    page.get_by_text("No organization has that name; showing every organization.").wait_for()
    wait_idle(page)
    assert_no_exception(page)
    screenshot(page, "research-org-filter-unknown")
    _open_filters(page, box)
    box.click()
    box.fill("BOW RIVER WATER PARTNERS")
    page.keyboard.press("Enter")
    # the box shows the organization's own spelling once the run the Enter started has drawn it (wait_idle alone
    # can return before that run begins on a busy machine: seen in a full run)
    expect(box).to_have_value("Bow River Water Partners", timeout=30_000)
    wait_idle(page)
    names = page.get_by_text(re.compile(r"^Showing 1–\d+ of \d+ (person|people)"))
    names.wait_for()
    screenshot(page, "research-org-filter-typed")


def test_what_is_typed_in_add_a_person_stays_when_the_box_is_closed_and_opened_again(research_server, page):
    """The box's form is drawn from its first opening on (views/layout.opened_once), so closing it loses nothing."""
    open_page(page, f"{research_server.url}/research?wb={research_server.ids['demo']}")
    name = page.get_by_label("Name", exact=True)
    assert name.count() == 0  # closed on a list with people: its inputs are not drawn yet
    header = page.locator("[data-testid=stExpander] summary", has_text="Add a person")
    header.click()
    name.wait_for()
    name.fill("Half Typed")
    page.get_by_label("Title or role").fill("Hydrologist")
    header.click()  # closed again: a rerun, the form stays in the page
    wait_idle(page)
    expect(name).to_be_hidden()
    header.click()
    wait_idle(page)
    expect(name).to_have_value("Half Typed")
    expect(page.get_by_label("Title or role")).to_have_value("Hydrologist")
    assert_no_exception(page)


def test_what_is_typed_in_a_persons_edit_tab_stays_while_another_tab_is_looked_at(research_server, page):
    """The person's tabs are lazy; the edit form is drawn from the Edit tab's first opening on (not only while open)."""
    open_page(page, f"{research_server.url}/research?wb={research_server.ids['demo']}&contact={research_server.ids['helen']}")
    title = page.get_by_label("Title or role", exact=True)
    assert title.count() == 0  # the edit form is not drawn until Edit is opened
    page.get_by_role("tab", name="Edit", exact=True).click()
    title.wait_for()
    title.fill("Half-typed title")
    page.get_by_role("tab", name=re.compile(r"^Outreach \(")).click()
    wait_idle(page)
    expect(title).to_be_hidden()
    page.get_by_role("tab", name="Edit", exact=True).click()
    wait_idle(page)
    expect(title).to_have_value("Half-typed title")
    assert_no_exception(page)


@pytest.fixture
def two_tables(tmp_path):
    path = tmp_path / "two.duckdb"
    con = db.open(path)
    first, other = workbooks.create(con, "First client"), workbooks.create(con, "Other client")
    contacts.add(con, first, full_name="Ana Ruiz", title="Analyst")
    theirs = contacts.add(con, other, full_name="Zoe Park", title="Engineer")
    con.close()
    server = Server(path)
    server.first, server.other, server.theirs = first, other, theirs
    try:
        yield server
    finally:
        server.stop()


def test_an_unsaved_table_edit_stays_with_its_workbook_after_a_switch(two_tables, page):
    """Streamlit keeps a keyed editor's edits by row position across changes of its data: a title typed in one
    workbook's table showed on the other workbook's person after a switch, and Save wrote it there."""
    open_page(page, f"{two_tables.url}/research?wb={two_tables.first}")
    type_first_title(page, "Typed in the first")
    page.get_by_role("button", name="Save 1 change").wait_for()
    wait_idle(page)
    choose_workbook(page, "Other client")
    screenshot(page, "research-table-edit-after-switch")
    assert_no_exception(page)
    assert page.get_by_role("button", name="Save 1 change").count() == 0
    page.get_by_text("Not saved: your change in the table to Ana Ruiz.").wait_for()
    two_tables.stop()
    con = db.open(two_tables.db_path)
    try:
        assert contacts.get(con, two_tables.other, two_tables.theirs)["title"] == "Engineer"
    finally:
        con.close()
