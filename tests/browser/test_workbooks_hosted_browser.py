"""The Workbooks page in hosted mode in Chromium, signed in through the real OpenID Connect flow (the test
provider, as `make demo-hosted`): alice's new workbook is hers alone, bob's cohort is empty until a client shares
one with him, and only the administrator named in the secrets sees the database backup."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (assert_no_exception, open_backup_box, screenshot, serve_hosted, show_view, wait_idle,
                                   sign_in as sign_in_at)

pytestmark = pytest.mark.browser

ADMIN = "admin@example.com"
SECOND = "Alice's second workbook"


@pytest.fixture(scope="module")
def hosted_server(tmp_path_factory):
    with serve_hosted(tmp_path_factory.mktemp("hosted_workbooks"), admins=(ADMIN,)) as server:
        yield server


def sign_in(browser, server, email: str):
    """A browser context of its own, signed in as `email`, on the Workbooks page."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    pg = context.new_page()
    sign_in_at(pg, server.url, email)
    pg.goto(f"{server.url}/workbooks")
    wait_idle(pg)
    pg.get_by_text("Open or archive a workbook").wait_for()
    assert_no_exception(pg)
    return context, pg


def test_each_person_manages_their_own_and_only_the_admin_backs_up(browser, hosted_server):
    alice_ctx, alice = sign_in(browser, hosted_server, "alice@example.com")
    try:
        alice.get_by_label("Name (for example the person's name)").fill(SECOND)
        alice.get_by_role("button", name="Create workbook").click()
        wait_idle(alice)
        alice.get_by_text("Open or archive a workbook").wait_for()
        # the save's run switches to the new workbook and reruns: wait for the value, idle can be read in between
        expect(alice.get_by_role("combobox", name="Workbook")).to_have_value(SECOND)
        wait_idle(alice)
        body = alice.inner_text("body")
        assert "My workbook" in body and SECOND in body and "Demo workbook" not in body
        screenshot(alice, "workbooks_hosted_alice")
        show_view(alice, "Clients at a glance")
        assert "No client has shared a workbook with you yet" in alice.inner_text("body")
        open_backup_box(alice)
        assert "Back up every workbook" not in alice.inner_text("body")
        assert_no_exception(alice)
    finally:
        alice_ctx.close()

    bob_ctx, bob = sign_in(browser, hosted_server, "bob@example.com")
    try:
        body = bob.inner_text("body")
        assert SECOND not in body and "Alice" not in body
        show_view(bob, "Clients at a glance")
        assert "No client has shared a workbook with you yet" in bob.inner_text("body")  # his cohort is empty
        assert bob.locator("[data-testid=stDataFrame]").count() == 0
        open_backup_box(bob)
        assert "Back up every workbook" not in bob.inner_text("body")
        bob.get_by_role("combobox", name="Workbook").click()
        options = bob.get_by_role("option").all_inner_texts()
        bob.keyboard.press("Escape")
        assert options == ["My workbook"]
        screenshot(bob, "workbooks_hosted_bob")
    finally:
        bob_ctx.close()

    admin_ctx, admin = sign_in(browser, hosted_server, ADMIN)
    try:
        body = admin.inner_text("body")
        assert "Demo workbook" in body and SECOND not in body
        open_backup_box(admin)
        assert "Back up every workbook" in admin.inner_text("body")
        admin.get_by_role("button", name="Prepare a database backup").click()
        wait_idle(admin)
        admin.get_by_role("button", name="Download the backup").wait_for()
        assert_no_exception(admin)
        screenshot(admin, "workbooks_hosted_admin")
    finally:
        admin_ctx.close()


def _alice_shares_with_bob(con):
    from lib import access, workbooks

    plan = workbooks.create(con, "Alice's plan", owner="alice@example.com")
    access.grant(con, "alice@example.com", plan, "bob@example.com")
    return plan


def test_a_coach_whose_access_was_taken_back_gets_no_report_from_a_page_left_open(browser, tmp_path):
    """The report's downloads are built when pressed: by then bob's access is gone, and the build is refused."""
    with serve_hosted(tmp_path, prepare=_alice_shares_with_bob) as server:
        bob_ctx = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
        alice_ctx = None
        try:
            bob = bob_ctx.new_page()
            sign_in_at(bob, server.url, "bob@example.com")
            bob.goto(f"{server.url}/workbooks?wb={server.extra}&view=report")
            wait_idle(bob)
            bob.get_by_role("button", name="Download Markdown").wait_for()
            assert "Alice's plan" in bob.get_by_role("combobox", name="Workbook").input_value()
            with bob.expect_download() as shared:  # while shared, the report downloads
                bob.get_by_role("button", name="Download Markdown").click()
            assert shared.value.suggested_filename.endswith(".md")

            alice_ctx, alice = sign_in(browser, server, "alice@example.com")
            alice.goto(f"{server.url}/workbooks?wb={server.extra}")
            wait_idle(alice)
            alice.get_by_role("button", name="Stop sharing").click()
            alice.get_by_text("Not shared with anyone: only you can open this workbook.").wait_for()

            downloads = []
            bob.on("download", lambda d: downloads.append(d))
            bob.get_by_role("button", name="Download Markdown").click()  # no rerun: the page is as it was
            bob.get_by_text("Failed to generate file for download").wait_for()
            assert downloads == []
            screenshot(bob, "workbooks_hosted_revoked_download")
        finally:
            bob_ctx.close()
            if alice_ctx is not None:
                alice_ctx.close()
