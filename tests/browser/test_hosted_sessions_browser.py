"""Hosted mode in Chromium, through the real sign-in flow (serve_hosted): signing out in one tab ends the person's
other tabs at their next click, and a burst of clicks on "Add person" stores one person (issue 19)."""
from __future__ import annotations

import pytest

from lib import db
from tests.browser.conftest import IDLE, assert_no_exception, screenshot, serve_hosted, wait_idle, sign_in as sign_in_at

pytestmark = pytest.mark.browser


@pytest.fixture
def hosted(tmp_path):
    with serve_hosted(tmp_path) as server:
        yield server


def sign_in(pg, server, email: str) -> None:
    """Sign in through the provider's page as `email`, from the sign-in page of the app."""
    sign_in_at(pg, server.url, email)


def open_add_form(pg, server) -> None:
    """Research's "Add a person" form, opened (it starts closed once the list has someone)."""
    pg.goto(f"{server.url}/research")
    wait_idle(pg)
    name = pg.get_by_label("Name", exact=True).first
    if not name.is_visible():
        pg.get_by_text("Add a person").first.click()
    name.wait_for()


def stored(server, sql: str, params=()) -> int:
    server.stop()  # it holds the file
    con = db.open(server.db_path)
    try:
        return db.scalar(con, sql, list(params))
    finally:
        con.close()


def test_a_burst_of_clicks_on_add_person_adds_one_person(hosted, page):
    sign_in(page, hosted, "alice@example.com")
    open_add_form(page, hosted)
    page.get_by_label("Name", exact=True).first.fill("Burst Click")
    button = page.get_by_role("button", name="Add person")
    button.evaluate("el => { for (let i = 0; i < 3; i++) el.click(); }")
    page.wait_for_selector(IDLE)
    page.get_by_text("Added Burst Click").wait_for()
    wait_idle(page)
    assert_no_exception(page)
    screenshot(page, "hosted_burst_add_person")
    # The clicks that came after the save carried what was typed back into the renewed form; one more click on it,
    # as a person seeing their typing still there would make, must not store the person again.
    button.click()
    wait_idle(page)
    assert_no_exception(page)
    screenshot(page, "hosted_burst_add_person_one_more_click")
    assert stored(hosted, "SELECT count(*) FROM contacts WHERE full_name = 'Burst Click'") == 1


def sign_out(pg, server) -> None:
    """The sidebar's Sign out, through the provider's "End session", back to the app's sign-in page."""
    pg.locator("[data-testid=stSidebar]").get_by_role("button", name="Sign out").click()
    pg.wait_for_url("**/oauth2/end_session**")
    pg.get_by_role("button", name="End session").click()
    pg.wait_for_url(f"{server.url}/**")
    wait_idle(pg)
    pg.get_by_role("button", name="Sign in").wait_for()


def add_person(pg, server, name: str) -> None:
    open_add_form(pg, server)
    pg.get_by_label("Name", exact=True).first.fill(name)
    pg.get_by_role("button", name="Add person").click()
    pg.get_by_text(f"Added {name}").wait_for()
    wait_idle(pg)


def shows_nothing_of_alice(pg) -> None:
    body = pg.inner_text("body")
    assert "Harriet Hidden" not in body and "alice" not in body and "My workbook" not in body
    sidebar = pg.locator("[data-testid=stSidebar]")  # a tab that had one keeps it, empty: no pages, no picker
    assert sidebar.count() == 0 or sidebar.inner_text().strip() == ""
    assert pg.get_by_role("combobox", name="Workbook").count() == 0
    assert_no_exception(pg)


def test_signing_out_in_one_tab_ends_the_other_tabs(hosted, browser):
    same_browser = browser.new_context(viewport={"width": 1280, "height": 720})  # one cookie jar: two tabs
    try:
        tab1, tab2 = same_browser.new_page(), same_browser.new_page()
        sign_in(tab1, hosted, "alice@example.com")
        add_person(tab2, hosted, "Harriet Hidden")  # tab 2: signed in by the same cookie, alice's list on screen

        sign_out(tab1, hosted)
        tab2.get_by_label("Name", exact=True).first.fill("After Signout")  # alice's tab 2 has not noticed yet
        tab2.get_by_role("button", name="Add person").click()  # its next click: the sign-in page, nothing saved
        tab2.get_by_text("You signed out in another tab").wait_for()
        wait_idle(tab2)
        screenshot(tab2, "hosted_signed_out_in_another_tab")
        tab2.get_by_role("button", name="Sign in").wait_for()
        shows_nothing_of_alice(tab2)

        sign_in(tab1, hosted, "bob@example.com")  # someone else signs in in the same browser (a shared computer)
        assert "Harriet Hidden" not in tab1.inner_text("body")
        tab2.get_by_role("button", name="Sign in").wait_for()  # tab 2, not reloaded, still shows nothing of alice's
        shows_nothing_of_alice(tab2)
        tab2.reload()  # reloaded, it is bob's: his workbook, not alice's
        wait_idle(tab2)
        tab2.get_by_role("combobox", name="Workbook").wait_for()
        assert "Harriet Hidden" not in tab2.inner_text("body")
        assert "Signed in as bob" in tab2.locator("[data-testid=stSidebar]").inner_text()

        sign_out(tab1, hosted)
        sign_in(tab1, hosted, "alice@example.com")  # a fresh sign-in of alice after her sign-out works
        tab1.goto(f"{hosted.url}/research")
        wait_idle(tab1)
        tab1.get_by_text("Harriet Hidden").first.wait_for(state="attached")  # her list (a grid cell)
        screenshot(tab1, "hosted_alice_signs_in_again")
        assert_no_exception(tab1)
    finally:
        same_browser.close()
    assert stored(hosted, "SELECT count(*) FROM contacts WHERE full_name = 'After Signout'") == 0
    assert stored(hosted, "SELECT count(*) FROM contacts WHERE full_name = 'Harriet Hidden'") == 1
