"""Hosted mode in Chromium (issue 19): bob, signed in through the real OpenID Connect flow, opens every page with
alice's workbook, person, organization and meeting ids in the URL (?wb=, ?contact=, ?org=, ?meeting=) and never
sees one of alice's names; another person's workbook gets the one refusal."""
from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from lib import access, contacts, demo, meetings, organizations, workbooks
from lib.page_registry import PAGES
from tests.browser.conftest import assert_no_exception, serve_hosted, sign_in, wait_idle

pytestmark = pytest.mark.browser

ALICE, BOB = "alice@example.com", "bob@example.com"
ALICE_PERSON, ALICE_ORG = "Quintessa Marlowe-Vexley", "Zyphrax Orbital Cartography"


def _seed(con) -> dict:
    """alice's workbook: the demo (many names) plus a person, organization and meeting of unmistakable names."""
    wid = demo.load(con)
    access.set_owner(con, wid, ALICE)
    person = contacts.add(con, wid, full_name=ALICE_PERSON, organization_name=ALICE_ORG)
    meeting = meetings.schedule(con, wid, person, day=date.today() + timedelta(days=2), at=time(10))
    people = contacts.search(con, wid, limit=1000)[0]["full_name"].tolist()
    orgs = organizations.search(con, wid, limit=1000)[0]["name"].tolist()
    return {"wb": wid, "contact": person, "org": organizations.find_id(con, wid, ALICE_ORG),
            "meeting": meeting.id,
            "names": sorted({workbooks.get(con, wid).name, *people, *orgs})}


@pytest.fixture(scope="module")
def hosted(tmp_path_factory):
    with serve_hosted(tmp_path_factory.mktemp("hosted_access"), _seed) as server:
        server.alice = server.extra
        yield server



def _leaks(body: str, names: list[str]) -> list[str]:
    return [n for n in names if n and n in body]


def test_bob_never_sees_alices_data_by_any_page_or_url_parameter(hosted, page):
    alice = hosted.alice
    assert ALICE_PERSON in alice["names"] and len(alice["names"]) > 10
    sign_in(page, hosted.url, BOB)
    assert page.get_by_role("combobox", name="Workbook").input_value() == "My workbook"
    seen = []
    for p in PAGES:
        base = hosted.url + ("/" if p.key == "home" else f"/{p.key}")
        for param in ("wb", "contact", "org", "meeting"):
            page.goto(f"{base}?{param}={alice[param]}")
            wait_idle(page)
            body = page.inner_text("body")
            assert _leaks(body, alice["names"]) == [], f"{p.key}?{param}= shows alice's data"
            assert_no_exception(page)
            if param == "wb":
                assert access.refusal(alice["wb"]) in body, p.key  # the one message, on every page
            assert page.get_by_role("combobox", name="Workbook").input_value() == "My workbook"
            seen.append((p.key, param))
    assert len(seen) == 4 * len(PAGES)
