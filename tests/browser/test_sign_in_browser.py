"""Hosted mode in Chromium: the local test provider (oidc-provider-mock) and the app with an [auth] secrets section,
each on a free port, signed in through the real OpenID Connect flow (the same as `make demo-hosted`)."""
from __future__ import annotations

import json
import urllib.request

import pytest

from lib import workbooks
from tests.browser.conftest import assert_no_exception, serve_hosted, wait_idle

pytestmark = pytest.mark.browser

OTHER_WORKBOOK = "Zebediah's private workbook"  # someone else's: never shown before sign-in


@pytest.fixture(scope="module")
def hosted_server(tmp_path_factory):
    def prepare(con) -> int:
        return workbooks.create(con, OTHER_WORKBOOK, owner="zebediah@example.com")

    with serve_hosted(tmp_path_factory.mktemp("hosted"), prepare) as server:
        server.other_id = server.extra
        yield server


def _assert_sign_in_page_only(pg) -> None:
    """The sign-in page and nothing else: no navigation, no sidebar, no workbook picker or name."""
    pg.get_by_role("button", name="Sign in").wait_for()
    assert_no_exception(pg)
    assert pg.locator("[data-testid=stSidebar]").count() == 0
    assert pg.get_by_role("combobox", name="Workbook").count() == 0
    body = pg.inner_text("body")
    assert OTHER_WORKBOOK not in body
    assert "Signed in as" not in body


def test_sign_in_and_out_through_the_provider(hosted_server, page):
    page.goto(hosted_server.url)
    wait_idle(page)
    _assert_sign_in_page_only(page)
    page.goto(f"{hosted_server.url}/workbooks?wb=1")  # a page's address or a workbook's link opens nothing either
    wait_idle(page)
    _assert_sign_in_page_only(page)

    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/oauth2/authorize**")  # the provider's own page
    page.fill("input[name=sub]", "alice@example.com")
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{hosted_server.url}/**")
    wait_idle(page)
    picker = page.get_by_role("combobox", name="Workbook")
    picker.wait_for()
    assert picker.input_value() == "My workbook"  # a first visit makes her a workbook of her own
    sidebar = page.locator("[data-testid=stSidebar]")
    assert "alice" in sidebar.inner_text() and "example.com" in sidebar.inner_text()
    picker.click()
    options = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    assert options == ["My workbook"]  # only hers: never Zebediah's
    assert OTHER_WORKBOOK not in page.inner_text("body")
    assert_no_exception(page)

    page.goto(f"{hosted_server.url}/?wb={hosted_server.other_id}")  # someone else's workbook by its link
    wait_idle(page)
    page.get_by_text(f"Workbook {hosted_server.other_id} is not one you can open").wait_for()
    assert OTHER_WORKBOOK not in page.inner_text("body")
    assert page.get_by_role("combobox", name="Workbook").input_value() == "My workbook"
    page.goto(f"{hosted_server.url}/workbooks")  # her own workbooks only (test_workbooks_hosted_browser.py)
    wait_idle(page)
    page.get_by_text("Open or archive a workbook").wait_for()
    assert OTHER_WORKBOOK not in page.inner_text("body")
    assert_no_exception(page)
    sidebar = page.locator("[data-testid=stSidebar]")

    sidebar.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/oauth2/end_session**")  # the provider confirms the end of its session
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{hosted_server.url}/**")
    wait_idle(page)
    _assert_sign_in_page_only(page)
    page.reload()  # the sign-in cookie is gone: a reload does not sign back in
    wait_idle(page)
    _assert_sign_in_page_only(page)


def test_an_address_the_provider_has_not_verified_opens_nothing(hosted_server, page):
    """A provider that says the email is unverified (someone typed another person's address) gets no workbook."""
    claims = json.dumps({"email": "alice@example.com", "email_verified": False}).encode()
    request = urllib.request.Request(f"{hosted_server.idp_url}/users/eve", data=claims, method="PUT",
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).close()
    page.goto(hosted_server.url)
    wait_idle(page)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/oauth2/authorize**")
    page.fill("input[name=sub]", "eve")
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{hosted_server.url}/**")
    wait_idle(page)
    page.get_by_text("did not give this app a verified email address").wait_for()
    assert page.get_by_role("combobox", name="Workbook").count() == 0
    assert page.locator("[data-testid=stSidebar]").count() == 0
    assert "My workbook" not in page.inner_text("body") and OTHER_WORKBOOK not in page.inner_text("body")
    assert_no_exception(page)
