"""Two app processes on one PostgreSQL database (issue 20), as `make demo-scaled` runs them: a throw-away
PostgreSQL cluster, the test identity provider, and two `streamlit run app.py` processes in hosted mode, here on
free ports (tools/demo_scaled.py `serve`).

A save through one process is seen through the other, also where a page shows a cached read (the cache is keyed
by the data version both processes read from the database), and two forms opened before a save, one per process,
clash as two forms on one process do (row versions live in the shared rows).

Skipped when PostgreSQL is not installed, except in CI (CI=true), where .ci/run installs it: there it fails.
"""
from __future__ import annotations

import os
from urllib.parse import parse_qs, urlparse

import psycopg
import pytest

from tests.browser.conftest import assert_no_exception, screenshot, wait_idle
from tools import demo_scaled, pg_cluster

pytestmark = pytest.mark.browser

ALICE = "alice@example.com"


@pytest.fixture(scope="module")
def scaled(tmp_path_factory):
    if pg_cluster.binaries() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL is missing: CI must install Debian's postgresql package (.ci/run)")
        pytest.skip("PostgreSQL is not installed (Debian: apt-get install postgresql)")
    with demo_scaled.serve(tmp_path_factory.mktemp("scaled")) as s:
        yield s


@pytest.fixture
def alice(browser):
    """One browser (one cookie jar) for alice: her tabs on either process."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    yield context
    context.close()


def open_signed_in(context, url: str, email: str = ALICE):
    """A new tab on `url`, signed in as `email`, through the provider unless this browser has signed in on that
    process already (tools/demo_scaled.py: each process has a host name, so a sign-in cookie, of its own)."""
    pg = context.new_page()
    pg.goto(url)
    wait_idle(pg)
    if pg.get_by_role("button", name="Sign in").count():
        pg.get_by_role("button", name="Sign in").click()
        pg.wait_for_url("**/oauth2/authorize**")
        pg.fill("input[name=sub]", email)
        pg.get_by_role("button", name="Authorize").click()
        origin = urlparse(url)
        pg.wait_for_url(f"{origin.scheme}://{origin.netloc}/**")
        wait_idle(pg)
        pg.goto(url)  # the sign-in comes back to the home page: on to the page asked for
        wait_idle(pg)
    pg.get_by_role("combobox", name="Workbook").wait_for()
    assert email.split("@")[0] in pg.locator("[data-testid=stSidebar]").inner_text()
    assert_no_exception(pg)
    return pg


def to_front(pg):
    """Switch to the tab `pg` (a tab behind another gets no animation frames: clicks there wait for ever)."""
    pg.bring_to_front()
    wait_idle(pg)
    return pg


def param(pg, name: str) -> str | None:
    return (parse_qs(urlparse(pg.url).query).get(name) or [None])[0]


def add_form(pg):
    """The add form, its box opened if closed (it is closed once someone is listed)."""
    wait_idle(pg)
    form = pg.locator("[data-testid=stForm]").filter(has=pg.get_by_role("button", name="Add person"))
    if not form.get_by_label("Name", exact=True).is_visible():
        pg.get_by_text("Add a person").click()
        form.get_by_label("Name", exact=True).wait_for()
        wait_idle(pg)
    return form


def add_person(pg, name: str, title: str, organization: str) -> None:
    form = add_form(pg)
    form.get_by_label("Name", exact=True).fill(name)
    form.get_by_label("Title or role").fill(title)
    form.get_by_role("combobox", name="Organization").click()
    pg.keyboard.type(organization)
    pg.keyboard.press("Enter")  # a new organization, typed in
    form.get_by_role("button", name="Add person").click()
    pg.get_by_text(f"Added {name} to your list.").wait_for()
    wait_idle(pg)


def options_of(pg, label: str) -> list[str]:
    """The options a selectbox of the add form offers (opened, read, closed again)."""
    for _ in range(3):  # a run that ends as the list opens may close it again: open it once more
        add_form(pg).get_by_role("combobox", name=label).click()
        try:
            pg.get_by_role("option").first.wait_for(timeout=5_000)
            break
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError
            pg.keyboard.press("Escape")
    options = pg.get_by_role("option").all_inner_texts()
    pg.keyboard.press("Escape")
    return options


def open_person(pg, name: str) -> int:
    """Open `name` with the list's picker, as a person does (click, type, click the option); their id."""
    wait_idle(pg)
    choice = pg.get_by_role("option").filter(has_text=name).first
    for _ in range(3):  # a run that ends as the list opens may close it again: open it once more
        pg.get_by_role("combobox", name="Open a person on this page").click()
        pg.keyboard.type(name)
        try:
            choice.wait_for(timeout=5_000)
            break
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError
            pg.keyboard.press("Escape")
            wait_idle(pg)
    choice.click()
    pg.get_by_role("heading", name=name).wait_for()
    wait_idle(pg)
    return int(param(pg, "contact"))


def edit_tab(pg):
    """The person's Edit tab, open; its form."""
    pg.get_by_role("tab", name="Edit").click()
    form = pg.locator("[data-testid=stForm]").filter(has=pg.get_by_role("button", name="Save changes"))
    form.wait_for()
    wait_idle(pg)
    return form


def stored_title(scaled, contact_id: int) -> str:
    with psycopg.connect(scaled.database_url) as con:
        return con.execute("SELECT title FROM contacts WHERE id = %s", [contact_id]).fetchone()[0]


def test_a_save_through_one_process_is_seen_through_the_other(scaled, alice):
    app_a, app_b = scaled.apps
    a = open_signed_in(alice, f"{app_a.url}/research")
    add_person(a, "Amara Okafor", "Hydrologist", "Bow River Water")
    # The add form's "Referred by" picker is a cached read (views/kit.py cached): filled now, on process A.
    assert "Amara Okafor (Bow River Water)" in options_of(a, "Referred by")
    contact_id = open_person(a, "Amara Okafor")
    wb = param(a, "wb")
    screenshot(a, "scaled-a-added")

    b = open_signed_in(alice, f"{app_b.url}/research?wb={wb}&contact={contact_id}")
    b.get_by_role("heading", name="Amara Okafor").wait_for()  # saved through A, read through B
    assert "Hydrologist" in b.locator("[data-testid=stMain]").inner_text()
    screenshot(b, "scaled-b-sees-her")
    form = edit_tab(b)
    form.get_by_label("Name", exact=True).fill("Amara Okafor-Bello")
    form.get_by_label("Title or role").fill("Senior hydrologist")
    form.get_by_role("button", name="Save changes").click()
    b.get_by_text("Saved.").first.wait_for()
    wait_idle(b)
    assert_no_exception(b)
    screenshot(b, "scaled-b-edited")

    to_front(a).get_by_role("button", name="Back to the list").click()  # a navigation in A's session, on process A
    wait_idle(a)
    main = a.locator("[data-testid=stMain]")
    main.get_by_text("Showing 1–1 of 1 person").wait_for()
    # Not the label cached before B's save: the data version both processes read has moved on.
    referrers = options_of(a, "Referred by")
    assert "Amara Okafor-Bello (Bow River Water)" in referrers, referrers
    assert "Amara Okafor (Bow River Water)" not in referrers, referrers
    assert_no_exception(a)
    screenshot(a, "scaled-a-sees-the-edit")
    assert open_person(a, "Amara Okafor-Bello") == contact_id
    assert "Senior hydrologist" in a.locator("[data-testid=stMain]").inner_text()


def test_forms_read_before_a_save_clash_across_processes(scaled, alice):
    app_a, app_b = scaled.apps
    a = open_signed_in(alice, f"{app_a.url}/research")
    add_person(a, "Ravi Menon", "Hydrologist", "Bow River Water")
    contact_id = open_person(a, "Ravi Menon")
    address = f"research?wb={param(a, 'wb')}&contact={contact_id}"
    b = open_signed_in(alice, f"{app_b.url}/{address}")
    form_b, form_a = edit_tab(b), edit_tab(to_front(a))  # both read before either saves

    form_a.get_by_label("Title or role").fill("Lead hydrologist")
    form_a.get_by_role("button", name="Save changes").click()
    a.get_by_text("Saved.").first.wait_for()
    wait_idle(a)
    assert stored_title(scaled, contact_id) == "Lead hydrologist"

    to_front(b)
    form_b.get_by_label("Title or role").fill("Principal hydrologist")
    form_b.get_by_role("button", name="Save changes").click()
    b.get_by_text("Someone else changed this after you opened the form").wait_for()
    wait_idle(b)
    assert_no_exception(b)
    clash = b.locator("[data-testid=stMain]").inner_text()
    assert "Saved." not in clash
    assert stored_title(scaled, contact_id) == "Lead hydrologist"  # nothing overwritten
    assert form_b.get_by_label("Title or role").input_value() == "Principal hydrologist"  # her typing kept
    b.get_by_role("button", name="Keep mine").scroll_into_view_if_needed()  # the warning, the table, the choice
    screenshot(b, "scaled-b-clash")

    b.get_by_role("button", name="Keep mine").click()  # she chooses: saved over A's, knowingly
    b.get_by_text("Saved.").first.wait_for()
    wait_idle(b)
    assert stored_title(scaled, contact_id) == "Principal hydrologist"
    to_front(a).goto(f"{app_a.url}/{address}")  # a new session on process A
    wait_idle(a)
    screenshot(a, "scaled-a-after-keep-mine")
    a.get_by_role("heading", name="Ravi Menon").wait_for()
    assert "Principal hydrologist" in a.locator("[data-testid=stMain]").inner_text()
