"""Workshops in hosted mode, in Chromium, through the real sign-in flow (serve_hosted): a facilitator makes a workshop;
a participant opens its join link in a fresh browser, signs in (the link survives the sign-in round trip), sees the
consent screen, joins, and adds a person; the facilitator then opens that workbook; a third person who did not join
sees none of it, and after the facilitator closes the workshop the link lets nobody in."""
from __future__ import annotations

import re

import pytest

from lib import db
from tests.browser.conftest import assert_no_exception, screenshot, serve_hosted, wait_idle

pytestmark = pytest.mark.browser

FACILITATOR, ANN, CAROL = "fac@example.com", "ann@example.com", "carol@example.com"
WORKSHOP = "Spring cohort"
ANN_BOOK = f"{WORKSHOP} · {ANN}"  # a participant's workbook is named after the workshop and them
PERSON = "Quentin Workshopper"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_hosted(tmp_path_factory.mktemp("workshops")) as s:
        yield s


def _sign_in(pg, email: str) -> None:
    """From the sign-in page, through the provider's page, back to the app."""
    pg.get_by_role("button", name="Sign in").click()
    pg.wait_for_url("**/oauth2/authorize**")
    pg.fill("input[name=sub]", email)
    pg.get_by_role("button", name="Authorize").click()
    pg.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/(?!oauth2)"))
    wait_idle(pg)


def _picker_options(pg) -> list[str]:
    pg.get_by_role("combobox", name="Workbook").click()
    options = pg.get_by_role("option").all_inner_texts()
    pg.keyboard.press("Escape")
    return options


def _body(pg) -> str:
    """The page's text as read (an address is drawn with an invisible word joiner after its first part)."""
    return pg.inner_text("body").replace("\u2060", "")


def _new_page(browser):
    return browser.new_context(viewport={"width": 1280, "height": 720}).new_page()


def test_a_participant_joins_by_the_link_and_only_the_facilitator_sees_the_workbook(server, browser):
    fac = _new_page(browser)
    fac.goto(f"{server.url}/workbooks")
    wait_idle(fac)
    _sign_in(fac, FACILITATOR)
    fac.goto(f"{server.url}/workbooks")
    wait_idle(fac)
    fac.get_by_label("New workshop's name").fill(WORKSHOP)
    fac.get_by_role("button", name="Make the workshop").click()
    wait_idle(fac)
    code = fac.locator("[data-testid=stCode]").filter(has_text="/join/")
    code.wait_for()  # on a busy machine the idle page may come a moment before the run's last delta
    link = code.inner_text().strip()
    assert re.fullmatch(rf"{re.escape(server.url)}/join/[A-Za-z0-9_-]{{43}}", link), link
    fac.get_by_text("0 joined").first.wait_for()
    screenshot(fac, "workshops-facilitator-made")

    ann = _new_page(browser)  # a browser of her own: not signed in
    ann.goto(link)
    wait_idle(ann)
    _sign_in(ann, ANN)  # the provider sends her back to the app's root: the link came through as a cookie
    ann.get_by_role("button", name="Join and create my workbook").wait_for()
    body = _body(ann)
    assert f"Join the workshop “{WORKSHOP}”" in body and FACILITATOR in body
    assert "What fac@example.com will see" in body and "Nothing of your other workbooks" in body
    assert "stop sharing it at any time on the Workbooks page" in body
    assert ann.get_by_role("combobox", name="Workbook").count() == 0  # no workbook made before she agrees
    assert_no_exception(ann)
    screenshot(ann, "workshops-consent")
    ann.get_by_role("button", name="Join and create my workbook").click()
    wait_idle(ann)
    ann.get_by_role("combobox", name="Workbook").wait_for()
    assert ann.get_by_role("combobox", name="Workbook").input_value() == ANN_BOOK
    assert _picker_options(ann) == [ANN_BOOK]  # the workshop's workbook, and no empty "My workbook" beside it
    workbook_id = int(re.search(r"[?&]wb=(\d+)", ann.url)[1])

    ann.goto(f"{server.url}/research?wb={workbook_id}")
    wait_idle(ann)
    # an empty workbook opens with the "Add a person" form unfolded
    ann.get_by_label("Name", exact=True).first.fill(PERSON)
    ann.get_by_role("button", name="Add person").click()
    ann.get_by_text(f"Added {PERSON} to your list.").first.wait_for()
    wait_idle(ann)

    ann.goto(link)  # the link again: her workbook is offered, nothing new is made
    wait_idle(ann)
    ann.get_by_role("button", name="Open my workshop workbook").wait_for()
    assert f"You are in the workshop “{WORKSHOP}”" in _body(ann)
    screenshot(ann, "workshops-joined-again")
    ann.get_by_role("button", name="Open my workshop workbook").click()
    wait_idle(ann)
    assert _picker_options(ann) == [ANN_BOOK]

    fac.goto(f"{server.url}/research?wb={workbook_id}")  # the facilitator opens the participant's workbook
    wait_idle(fac)
    assert fac.get_by_role("combobox", name="Workbook").input_value() == ANN_BOOK
    fac.get_by_text(PERSON).first.wait_for(state="attached")  # a cell of the people table (drawn on a canvas)
    screenshot(fac, "workshops-facilitator-opens")
    assert ANN_BOOK in _picker_options(fac)
    assert_no_exception(fac)
    fac.goto(f"{server.url}/workbooks")
    wait_idle(fac)
    fac.get_by_text("1 joined, 1 sharing their workbook with you").first.wait_for()

    carol = _new_page(browser)  # signed in, never opened the link
    carol.goto(server.url)
    wait_idle(carol)
    _sign_in(carol, CAROL)
    assert _picker_options(carol) == ["My workbook"]
    carol.goto(f"{server.url}/research?wb={workbook_id}")
    wait_idle(carol)
    carol.get_by_text(f"Workbook {workbook_id} is not one you can open").wait_for()
    assert PERSON not in _body(carol) and WORKSHOP not in _body(carol)
    carol.goto(f"{server.url}/workbooks")
    wait_idle(carol)
    assert WORKSHOP not in _body(carol)

    fac.get_by_role("button", name="Close to new participants").click()
    wait_idle(fac)
    fac.get_by_text("closed to new participants").first.wait_for()
    assert fac.locator("[data-testid=stCode]").filter(has_text="/join/").count() == 0
    screenshot(fac, "workshops-closed")
    carol.goto(link)  # too late: one clear message, nothing made
    wait_idle(carol)
    carol.get_by_text("This workshop link does not work").wait_for()
    assert carol.get_by_role("button", name="Join and create my workbook").count() == 0
    assert _picker_options(carol) == ["My workbook"]
    screenshot(carol, "workshops-closed-link")
    for pg in (fac, ann, carol):
        pg.context.close()

    server.stop()  # it holds the file
    con = db.open(server.db_path)
    try:
        assert db.scalar(con, "SELECT count(*) FROM workbooks WHERE owner = ?", [ANN]) == 1
        assert db.scalar(con, "SELECT count(*) FROM contacts WHERE workbook_id = ? AND full_name = ?",
                         [workbook_id, PERSON]) == 1
    finally:
        con.close()
