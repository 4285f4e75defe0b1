"""Screen-share mode per person in hosted mode (issue 19), in Chromium: turned on by alice, it holds in a new
session of hers (another browser, signed in again), and it is hers alone: bob's sessions are not masked, and
turning it off in one of alice's sessions leaves it off in her next."""
from __future__ import annotations

import pytest

from lib import access, contacts, workbooks
from tests.browser.conftest import assert_no_exception, screenshot, serve_hosted, sign_in, wait_idle
from tests.browser.test_screen_share_leaks import screen_text
from tests.browser.test_share_mode_holds_browser import flip_switch, switch_on

pytestmark = pytest.mark.browser

ALICE, BOB = "alice@example.com", "bob@example.com"
SECRET = "ottoline.private@secret-mail.example"  # a private detail: hidden in screen-share mode


def _seed(con) -> int:
    wid = workbooks.create(con, "Alice's search", owner=ALICE)
    return contacts.add(access.as_person(con, ALICE), wid, full_name="Ottoline Quay", email=SECRET)


@pytest.fixture(scope="module")
def hosted(tmp_path_factory):
    with serve_hosted(tmp_path_factory.mktemp("hosted_share"), _seed) as server:
        server.person_url = f"{server.url}/research?contact={server.extra}"
        yield server


def _session(browser, url: str, email: str):
    """A new browser (no shared cookies or storage): a session of its own, signed in through the provider."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    pg = context.new_page()
    sign_in(pg, url, email)
    return context, pg


def test_screen_share_mode_follows_the_person_across_sessions(hosted, browser):
    first, alice = _session(browser, hosted.url, ALICE)
    try:
        assert not switch_on(alice)
        alice.goto(hosted.person_url)
        wait_idle(alice)
        assert SECRET in screen_text(alice)  # her private detail, shown while the mode is off
        flip_switch(alice, now_on=True)
    finally:
        first.close()

    second, alice_again = _session(browser, hosted.url, ALICE)
    other, bob = _session(browser, hosted.url, BOB)
    try:
        alice_again.goto(hosted.person_url)  # the address that showed her private detail before
        wait_idle(alice_again)
        assert switch_on(alice_again), "alice's screen-share mode was lost in her new session"
        assert SECRET not in screen_text(alice_again)
        assert_no_exception(alice_again)
        screenshot(alice_again, "hosted-share-mode-new-session")
        assert not switch_on(bob), "alice's screen-share mode reached bob"
        flip_switch(alice_again, now_on=False)
    finally:
        second.close()
        other.close()

    third, alice_later = _session(browser, hosted.url, ALICE)
    try:
        assert not switch_on(alice_later), "turned off on purpose, the mode came back in alice's next session"
    finally:
        third.close()
