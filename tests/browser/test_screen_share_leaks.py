"""Screen-share mode, end to end: once the mode is turned on (with the sidebar toggle, in a tab of its own), no
stored email, phone number, LinkedIn address or private note reaches the screen on any page, nor the browser at
all, in any other tab or browser opened afterwards without `?share=true` (the mode is stored on the server).

The secrets are read from the database before the server starts (DuckDB lets one process hold the
file). Each page is checked twice:
- on screen: the body's visible text, its whole text content (hidden tabs, collapsed expanders) and
  the values of inputs and text areas, after visiting the page and each of its tabs, radio options
  and segmented-control options, with every expander of each view opened;
- on the wire: every WebSocket message the server sent while the page was shown (table cells drawn
  on a canvas, chart data, select options and tooltips are there even when not in the DOM).
A failure names the page, the view, where it leaked and the value.
"""
from __future__ import annotations

import re
from datetime import date
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from lib import cohort, db, demo, workbooks
from views.registry import PAGES
from tests.browser.conftest import Server, assert_no_exception, screenshot, set_share_mode, wait_idle

pytestmark = pytest.mark.browser

MAIN = "[data-testid=stMain]"
MAX_OPTIONS = 8   # per radio or segmented control: the main views, not every filter value
MAX_EXPANDERS = 40  # per view: a long list of expanders is one kind of thing repeated
PHONE_RUN = re.compile(r"\+?[\d(][\d\s().\-\u00a0\u2010-\u2015]{5,}\d")


def url_path(name: str) -> str:
    """The URL path app.py gives a page (st.Page defaults to the file's name; Home is the root)."""
    return "" if name == "home" else Path(PAGES[name]).stem


@dataclass
class Secrets:
    emails: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    links: set[str] = field(default_factory=set)
    notes: set[str] = field(default_factory=set)

    def count(self) -> int:
        return len(self.emails) + len(self.phones) + len(self.links) + len(self.notes)


def read_secrets(con, workbook_id: int) -> Secrets:
    """Every stored email, phone, LinkedIn URL and private note of the workbook, from every table
    that has such a column (so columns other helpers add, like a private note on a review, count too)."""
    found = Secrets()
    columns = con.execute(
        """SELECT c.table_name, c.column_name FROM information_schema.columns c
           WHERE c.data_type = 'VARCHAR' AND c.table_name IN (
                 SELECT table_name FROM information_schema.columns WHERE column_name = 'workbook_id')
             AND (c.column_name IN ('email', 'phone', 'linkedin_url') OR c.column_name LIKE '%private%')"""
    ).fetchall()
    for table, column in columns:
        values = [r[0] for r in con.execute(
            f'SELECT DISTINCT "{column}" FROM "{table}" WHERE workbook_id = ? AND nullif(trim("{column}"), \'\') IS NOT NULL',
            [workbook_id]).fetchall()]
        target = {"email": found.emails, "phone": found.phones, "linkedin_url": found.links}.get(column, found.notes)
        target.update(v.strip() for v in values)
    return found


def leaks_in(text: str, secrets: Secrets) -> list[str]:
    """The secrets present in a text, each as 'kind: value'."""
    out = []
    lowered = text.lower()
    out += [f"email: {e}" for e in secrets.emails if e.lower() in lowered]
    runs = {re.sub(r"\D", "", m) for m in PHONE_RUN.findall(text)}
    for phone in secrets.phones:
        tail = re.sub(r"\D", "", phone)[-7:]
        if phone in text or any(tail in run for run in runs):
            out.append(f"phone: {phone}")
    for link in secrets.links:
        bare = re.sub(r"^(https?://)?(www\.)?", "", link, flags=re.I).rstrip("/").lower()
        slug = bare.split("/in/", 1)[-1] if "/in/" in bare else ""
        if bare in lowered or (len(slug) >= 6 and slug in lowered):
            out.append(f"LinkedIn: {link}")
    for note in secrets.notes:
        # A shortened note still leaks: look for its first words as well as the whole.
        if note in text or (len(note) > 24 and note[:24] in text):
            out.append(f"private note: {note}")
    return sorted(out)


@pytest.fixture(scope="module")
def leak_server(tmp_path_factory, browser):
    path = tmp_path_factory.mktemp("leaks") / "leaks.duckdb"
    con = db.open(path)
    workbooks.create(con, "Empty workbook")
    demo_id = demo.load(con)
    secrets = read_secrets(con, demo_id)
    frame = cohort.overview(con, today=date.today())
    overdue = int(frame.loc[frame["id"] == demo_id, "follow_ups_overdue"].iloc[0])   # the demo's dates follow today
    con.close()
    server = Server(path)
    server.demo_id, server.secrets, server.overdue = demo_id, secrets, overdue
    try:
        set_share_mode(browser, server, True)  # in a tab of its own: every page below is opened in another
        yield server
    finally:
        server.stop()


class Wire:
    """Every WebSocket message the server sends to the page, as text (binary parts ignored)."""

    def __init__(self, pg):
        self.frames: list[bytes] = []
        pg.on("websocket", lambda ws: ws.on("framereceived", self._add))

    def _add(self, payload) -> None:
        self.frames.append(payload if isinstance(payload, bytes) else payload.encode("utf-8"))

    def text(self) -> str:
        return b"\n".join(self.frames).decode("utf-8", errors="ignore")


SWITCH = "[role=switch][aria-label='Screen-share mode']"


def settle(pg) -> None:
    """Wait for the first run of a freshly loaded page: the sidebar toggle only exists once app.py has
    run, so waiting for it first keeps wait_idle from answering for the empty shell."""
    pg.wait_for_selector(SWITCH, state="attached")
    wait_idle(pg)


def open_settled(pg, url: str) -> None:
    pg.goto(url)
    settle(pg)


def reload_settled(pg) -> None:
    pg.reload()
    settle(pg)


def go_to_page(pg, title: str) -> None:
    """Click a page in the sidebar navigation and wait until that page has been drawn and its run is over
    (its title replaced the old one): wait_idle alone can answer before the new run has begun."""
    before = pg.locator(f"{MAIN} h1").first.inner_text()
    pg.locator("[data-testid=stSidebarNav]").get_by_text(title, exact=True).click()
    pg.wait_for_function(
        """before => { const h = document.querySelector('[data-testid=stMain] h1');
                       return h && h.innerText !== before; }""", arg=before)
    wait_idle(pg)


def screen_text(pg) -> str:
    values = pg.eval_on_selector_all("input, textarea", "els => els.map(e => e.value || '')")
    return "\n".join([pg.inner_text("body"), pg.evaluate("document.body.textContent || ''"), *values])


def open_expanders(pg) -> int:
    """Open every visible, closed expander of the view (nested ones too, as they appear); how many were opened."""
    opened = 0
    closed = pg.locator(f"{MAIN} [data-testid=stExpander] details:not([open]) > summary")
    while opened < MAX_EXPANDERS:
        visible = [i for i in range(closed.count()) if closed.nth(i).is_visible()]
        if not visible:
            break
        closed.nth(visible[0]).click()
        wait_idle(pg)
        opened += 1
    return opened


def sub_views(pg):
    """Click through the page's tabs, radio options and segmented controls; yield a label for each view, and
    again once its expanders are open."""
    if open_expanders(pg):
        yield "first view, expanders open"
    yield from _each_view(pg, f"{MAIN} [role=tab]", "tab", only_usable=False)
    yield from _each_view(pg, f"{MAIN} [role=radiogroup] label", "option", MAX_OPTIONS)
    yield from _each_view(pg, f"{MAIN} [data-testid=stButtonGroup] button", "view", MAX_OPTIONS)


def _each_view(pg, selector: str, kind: str, most: int | None = None, *, only_usable: bool = True):
    """Click each `selector` item (the first `most`; unless told otherwise only those visible and enabled) in
    turn; yield a label for each view, and again once its expanders are open."""
    count = pg.locator(selector).count()
    for i in range(count if most is None else min(count, most)):
        item = pg.locator(selector).nth(i)
        if only_usable and (not item.is_visible() or not item.is_enabled()):
            continue
        label = item.inner_text().strip()
        item.click()
        wait_idle(pg)
        yield f"{kind} “{label}”"
        if open_expanders(pg):
            yield f"{kind} “{label}”, expanders open"


def test_the_demo_workbook_holds_secrets_to_look_for(leak_server):
    s = leak_server.secrets
    assert s.emails and s.phones and s.links and s.notes, s


@pytest.mark.parametrize("name", list(PAGES))
def test_no_private_data_reaches_the_screen_in_screen_share_mode(leak_server, page, name):
    """The page opened in a new browser context, without ?share=true: the mode turned on elsewhere holds."""
    wire = Wire(page)
    open_settled(page, f"{leak_server.url}/{url_path(name)}?wb={leak_server.demo_id}")
    screenshot(page, f"share-{name}")
    assert_no_exception(page)
    assert page.get_by_role("switch", name="Screen-share mode").is_checked()
    assert "share=" not in page.url
    found: dict[str, list[str]] = {}
    views = ["first view"]
    leaks = leaks_in(screen_text(page), leak_server.secrets)
    if leaks:
        found["on screen, first view"] = leaks
    for view in sub_views(page):
        views.append(view)
        assert_no_exception(page)
        leaks = leaks_in(screen_text(page), leak_server.secrets)
        if leaks:
            found[f"on screen, {view}"] = leaks
    wire_leaks = leaks_in(wire.text(), leak_server.secrets)
    if wire_leaks:
        found["sent to the browser (not necessarily visible)"] = wire_leaks
    assert not found, f"page {name} ({PAGES[name]}), views checked {views}, leaked: {found}"


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_keeps_screen_share_mode_on_after_a_reload(leak_server, page, name):
    open_settled(page, f"{leak_server.url}/{url_path(name)}?wb={leak_server.demo_id}")
    reload_settled(page)
    assert page.get_by_role("switch", name="Screen-share mode").is_checked()
    assert "share=" not in page.url  # held by the server, not by the URL


def test_the_mode_stays_on_while_moving_between_pages_and_after_a_reload(leak_server, page):
    open_settled(page, f"{leak_server.url}/?wb={leak_server.demo_id}")
    for title, name in (("2 · Research", "research"), ("Network", "network"), ("Workbooks", "workbooks"),
                        ("Home", "home")):
        go_to_page(page, title)
        assert re.search(rf"/{url_path(name)}(\?|$)", page.url), page.url
        assert page.get_by_role("switch", name="Screen-share mode").is_checked(), f"off after opening {title}"
        reload_settled(page)
        assert page.get_by_role("switch", name="Screen-share mode").is_checked(), f"off after reloading {title}"


def test_the_detector_finds_each_kind_of_secret_in_any_spelling(leak_server):
    s = leak_server.secrets
    email, phone, link, note = sorted(s.emails)[0], sorted(s.phones)[0], sorted(s.links)[0], sorted(s.notes)[0]
    digits = re.sub(r"\D", "", phone)
    text = (f"Mail {email.upper()} or call {digits[:3]}.{digits[3:6]}.{digits[6:]} "
            f"https://www.{link}/ — {note[:30]}…")
    assert {hit.split(":")[0] for hit in leaks_in(text, s)} == {"email", "phone", "LinkedIn", "private note"}
    assert leaks_in("h•••@•••.example •••-•••-••11 linkedin.com/in/••• ••• private note hidden •••", s) == []


def test_the_wire_check_sees_table_cells_drawn_on_a_canvas(leak_server, page):
    """Table cells are painted on a canvas, not in the DOM: the wire is where they can be checked."""
    wire = Wire(page)
    open_settled(page, f"{leak_server.url}/workbooks?wb={leak_server.demo_id}&view=clients")
    assert "10 / 12" in wire.text()  # only the cohort table says it this way


def test_the_cohort_view_in_screen_share_mode_with_initials(leak_server, page):
    open_settled(page, f"{leak_server.url}/workbooks?wb={leak_server.demo_id}&view=clients&share=true&share_names=true")
    assert page.get_by_role("switch", name="Names as initials").is_checked()
    page.get_by_text("All clients at a glance").scroll_into_view_if_needed()
    screenshot(page, "share-cohort-initials")
    # the count as of the fixture's day, or the next one's when a run crosses midnight (the demo's dates follow today)
    shown = re.search(r"D\. M\. A\.: (\d+) follow-ups? overdue", page.inner_text(MAIN))
    assert leak_server.overdue and shown and int(shown.group(1)) >= leak_server.overdue
