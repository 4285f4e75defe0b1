"""Hosted mode in Chromium (issue 19): alice, signed in through the real OpenID Connect flow, downloads all her
data from the Workbooks page (each of her workbooks, importable, and her account; nothing of bob's workbook shared
with her), then deletes her account: a wrong address deletes nothing, her address deletes her data and signs her
out, and bob's workbook is intact."""
from __future__ import annotations

import io
import json
import zipfile

import pytest

from lib import access, backup, calendar_feed, contacts, db, workbooks
from tests.browser.conftest import assert_no_exception, click_and_wait_for_run, screenshot, serve_hosted, sign_in, wait_idle

pytestmark = pytest.mark.browser

ALICE, BOB = "alice@example.com", "bob@example.com"
ALICE_BOOK, ALICE_PERSON = "Alice's job search", "Quintessa Marlowe-Vexley"
BOB_BOOK, BOB_PERSON = "Bob's job search", "Bartholomew Quayle"


def _seed(con) -> dict:
    """alice owns a workbook with one person in it and has a calendar feed; bob owns one and shares it with her."""
    alice = workbooks.create(con, ALICE_BOOK, owner=ALICE)
    contacts.add(con, alice, full_name=ALICE_PERSON)
    bob = workbooks.create(con, BOB_BOOK, owner=BOB)
    contacts.add(con, bob, full_name=BOB_PERSON)
    access.grant(con, BOB, bob, ALICE)
    calendar_feed.feed_url_token(con, ALICE)
    return {"alice": alice, "bob": bob}



def _download_all(pg) -> zipfile.ZipFile:
    with pg.expect_download() as info:
        pg.get_by_role("button", name="Download all my data (.zip)").click()
    download = info.value
    assert download.suggested_filename.startswith("my-data-") and "alice" not in download.suggested_filename
    return zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read()))  # noqa: SIM115 - read at once


def _flip_share_mode(pg) -> None:
    click_and_wait_for_run(pg, pg.get_by_text("Screen-share mode", exact=True))


def _delete_with(pg, typed: str) -> None:
    box = pg.locator("[data-testid=stExpander]", has_text="Delete my account")
    box.locator("input").fill(typed)
    pg.get_by_role("button", name="Delete my account and my workbooks").click()


def test_alice_downloads_all_her_data_deletes_her_account_and_bobs_workbook_stays(tmp_path, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    pg = context.new_page()
    with serve_hosted(tmp_path, _seed) as server:
        ids = server.extra
        sign_in(pg, server.url, ALICE)
        pg.goto(f"{server.url}/workbooks?wb={ids['alice']}")
        wait_idle(pg)
        pg.get_by_role("heading", name="Your data").scroll_into_view_if_needed()
        assert_no_exception(pg)
        screenshot(pg, "account_your_data")

        zf = _download_all(pg)
        inner = [n for n in zf.namelist() if n.startswith("workbooks/")]
        assert inner == [n for n in inner if n.startswith(f"workbooks/{ids['alice']}-")] and len(inner) == 1
        info = json.loads(zf.read("account.json"))
        assert info["person"] == ALICE and info["calendar_feed"]["exists"] is True
        assert [(g["workbook"], g["granted_by"]) for g in info["coach_access_received"]] == [(ids["bob"], BOB)]
        manifest = json.loads(zipfile.ZipFile(io.BytesIO(zf.read(inner[0]))).read("manifest.json"))
        assert manifest["format"] == backup.FORMAT_NAME and manifest["workbook"]["name"] == ALICE_BOOK
        everything = b"".join(zf.read(n) for n in zf.namelist())
        assert BOB_BOOK.encode() not in everything and BOB_PERSON.encode() not in everything

        pg.get_by_text("Delete my account", exact=True).click()
        pg.get_by_text("Deleting your account cannot be undone").wait_for()
        _flip_share_mode(pg)  # on a shared screen her address is masked everywhere, this section included
        box = pg.locator("[data-testid=stExpander]", has_text="Delete my account")
        assert "cannot be undone" in box.inner_text()  # still open after the mode changed
        assert "type your email address (a•••" in box.inner_text() and ALICE not in pg.inner_text("body")
        screenshot(pg, "account_share_mode")
        _flip_share_mode(pg)
        _delete_with(pg, BOB)
        pg.get_by_text("That is not the email address you signed in with").wait_for()
        wait_idle(pg)
        pg.mouse.move(0, 0)
        screenshot(pg, "account_wrong_confirmation")
        assert pg.get_by_role("combobox", name="Workbook").input_value() == ALICE_BOOK  # still signed in

        _delete_with(pg, ALICE.upper())
        pg.wait_for_url("**/oauth2/end_session**")  # signed out, through the provider's sign-out
        pg.get_by_role("button", name="End session").click()
        pg.wait_for_url(f"{server.url}/**")
        wait_idle(pg)
        pg.get_by_role("button", name="Sign in").wait_for()
        assert pg.locator("[data-testid=stSidebar]").count() == 0
        screenshot(pg, "account_deleted_signed_out")

        context.close()
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        pg = context.new_page()
        sign_in(pg, server.url, BOB)
        assert pg.get_by_role("combobox", name="Workbook").input_value() == BOB_BOOK
        pg.goto(f"{server.url}/research?wb={ids['bob']}")
        wait_idle(pg)
        assert_no_exception(pg)
        screenshot(pg, "account_bob_intact")  # his person is in the table (drawn on a canvas: checked below)
        context.close()

        context = browser.new_context(viewport={"width": 1280, "height": 720})
        pg = context.new_page()
        sign_in(pg, server.url, ALICE)  # back as a new person: a fresh workbook, and bob's is not shared any more
        pg.get_by_role("combobox", name="Workbook").click()
        assert pg.get_by_role("option").all_inner_texts() == ["My workbook"]
        context.close()

    con = db.open(server.db_path)  # the server has stopped: the database as it left it
    try:
        assert [w["name"] for w in db.rows(con, "SELECT name FROM workbooks WHERE owner = ?", [ALICE])] == [
            "My workbook"]  # only the one made at her new sign-in
        assert db.scalar(con, "SELECT count(*) FROM workbooks WHERE id = ?", [ids["alice"]]) == 0
        assert db.scalar(con, "SELECT count(*) FROM contacts WHERE workbook_id = ?", [ids["alice"]]) == 0
        assert calendar_feed.current_token(con, ALICE) is None
        assert db.scalar(con, "SELECT count(*) FROM coach_access") == 0
        assert contacts.count(con, ids["bob"]) == 1 and workbooks.get(con, ids["bob"]).name == BOB_BOOK
    finally:
        con.close()
