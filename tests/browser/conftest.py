"""Tier 3: a real Streamlit server on a free port and a temporary database, driven in Debian's Chromium."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.browser import CHROMIUM, CHROMIUM_ARGS
from lib import db, demo, workbooks
from tools.streamlit_server import StreamlitServer

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "screenshots"
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"


class Server(StreamlitServer):
    """A `streamlit run app.py` on its own port and database; stopped when the tests are done."""

    def __init__(self, db_path: Path, env: dict | None = None):
        self.db_path = db_path
        super().__init__(ROOT / "app.py", db_path.with_suffix(".log"), {"WORKBOOK_DB": str(db_path), **(env or {})})


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is missing at {CHROMIUM}: CI must install Debian's chromium")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        new_context = b.new_context

        def counting_context(*args, **kwargs):
            context = new_context(*args, **kwargs)
            context.add_init_script(COUNT_FINISHED_RUNS)
            return context

        b.new_context = counting_context  # every tab of every test counts its finished script runs
        yield b
        b.close()


# Counts the server's "script finished" messages (ForwardMsg field 6, read from the top level of each binary
# message). A quick run can be drawn in one React render, its "running" state never reaching the page's
# data-test-script-state (seen on a busy CI machine), so click_and_wait_for_run also waits for this count.
COUNT_FINISHED_RUNS = """(() => {
    window.__scriptFinished = 0;
    const finishes = buffer => {
        const b = new Uint8Array(buffer);
        let i = 0;
        const varint = () => { let v = 0, s = 0, x; do { x = b[i++]; v += (x & 0x7f) * 2 ** s; s += 7; }
                                while ((x & 0x80) && i < b.length); return v; };
        while (i < b.length) {
            const tag = varint(), field = Math.floor(tag / 8), wire = tag & 7;
            if (field === 6) return true;
            if (wire === 0) varint(); else if (wire === 2) i += varint(); else if (wire === 1) i += 8;
            else if (wire === 5) i += 4; else return false;
        }
        return false;
    };
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
        constructor(...args) {
            super(...args);
            this.addEventListener('message', e => {
                if (e.data instanceof ArrayBuffer && finishes(e.data)) window.__scriptFinished++;
            });
        }
    };
})();"""


@contextmanager
def serve_demo(tmp_path_factory, name: str, *, first_workbook: str | None = None,
               prepare: Callable[[object, int], object] | None = None) -> Iterator[Server]:
    """A server on a database of its own holding the demo workbook (after `first_workbook`, if given);
    `prepare(con, demo_id)` may add what a module's tests need. `server.demo_id` is the demo's id, `server.first_id`
    the first workbook's. A link without ?wb= opens the workbook last opened on the server, so a test names its own."""
    path = tmp_path_factory.mktemp(name) / f"{name}.duckdb"
    con = db.open(path)
    first_id = workbooks.create(con, first_workbook) if first_workbook else None
    demo_id = demo.load(con)
    extra = prepare(con, demo_id) if prepare else None
    con.close()
    server = Server(path)
    server.demo_id = demo_id
    server.first_id = first_id  # the first workbook's id, if one was asked for (a link gives it: ?wb=)
    server.extra = extra
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def serve_hosted(folder: Path, prepare: Callable[[object], object] | None = None,
                 admins: tuple[str, ...] = ()) -> Iterator[Server]:
    """Hosted mode as `make demo-hosted` runs it: the test identity provider (anyone signs in as any email) and
    the app with an [auth] secrets file, on free ports and a database in `folder`. `prepare(con)` may seed it;
    what it returns is `server.extra`. `server.idp_url` is the provider's address. `admins`: the administrators
    named in the secrets (as `make demo-hosted ADMINS=...`)."""
    from tools import demo_hosted
    from tools.streamlit_server import free_port

    idp_port = free_port()
    provider = demo_hosted.start_provider(idp_port, log=open(folder / "provider.log", "w"))  # noqa: SIM115
    # Streamlit puts the app's own port in place of {port}: the Server picks its port when it starts.
    secrets_file = demo_hosted.write_secrets(folder / "secrets.toml", app_url="http://127.0.0.1:{port}",
                                             idp_port=idp_port, admins=admins)
    path = folder / "hosted.duckdb"
    con = db.open(path)
    extra = prepare(con) if prepare else None
    con.close()
    try:
        server = Server(path, env={"STREAMLIT_SECRETS_FILES": str(secrets_file)})
    except RuntimeError:
        provider.terminate()
        raise
    server.extra, server.idp_url = extra, demo_hosted.provider_url(idp_port)
    try:
        yield server
    finally:
        server.stop()
        provider.terminate()
        provider.wait(timeout=10)


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """A server whose database holds an empty first workbook and the demo workbook (tests only read it)."""
    with serve_demo(tmp_path_factory, "browser", first_workbook="Empty workbook") as server:
        yield server


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    pg = context.new_page()
    yield pg
    context.close()


# An expander that opens or grows animates its height, then drops the height it animated from in the animation's
# finish event. Until that event the page can be laid out for a moment at the old height (seen in headless Chromium
# on a busy machine): the page shrinks, its scroll jumps, and a click then lands on something else.
EXPANDERS_SETTLED = "[...document.querySelectorAll('details')].every(d => !d.style.height && !d.getAnimations().length)"


def wait_idle(pg, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished the script run the last action started and drawn every element
    (it shows skeleton placeholders for a moment after a run), and every expander has stopped moving."""
    pg.wait_for_selector("[data-testid=stApp]", timeout=timeout)
    pg.wait_for_function(
        """() => { const app = document.querySelector('[data-testid=stApp]');
                   return app && app.getAttribute('data-test-script-state') === 'notRunning'
                     && !document.querySelector('[data-testid=stStatusWidget] [data-testid=stStatusWidgetRunningIcon]')
                     && document.querySelectorAll('[data-testid=stSkeleton]').length === 0
                     && """ + EXPANDERS_SETTLED + "; }",
        timeout=timeout,
    )


def open_page(pg, url: str) -> None:
    pg.goto(url)
    wait_idle(pg)


def assert_no_exception(pg) -> None:
    assert pg.locator("[data-testid=stException]").count() == 0, pg.locator("[data-testid=stException]").first.inner_text()


def screenshot(pg, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    return path


def active_workbook(pg) -> str:
    """The name shown in the sidebar's workbook picker."""
    return pg.get_by_role("combobox", name="Workbook").input_value()


SHARE_CAPTION = "Private details are hidden on every page"  # the sidebar says so while screen-share mode is on


def click_and_wait_for_run(pg, target) -> None:
    """Click the widget `target` and wait until the script run the click starts has ended and been drawn. A switch or
    radio shows its new value at the click, before that run starts: waiting for idle alone can read the page first."""
    pg.evaluate(
        """() => { const app = document.querySelector('[data-testid=stApp]');
                   window.__runSeen = false;
                   window.__finishedBefore = window.__scriptFinished;
                   if (window.__runWatch) window.__runWatch.disconnect();
                   window.__runWatch = new MutationObserver(records => {
                       if (app.getAttribute('data-test-script-state') !== 'notRunning'
                           || records.some(r => r.oldValue && r.oldValue !== 'notRunning')) window.__runSeen = true;
                   });
                   window.__runWatch.observe(app, {attributes: true, attributeOldValue: true,
                                                   attributeFilter: ['data-test-script-state']}); }""")
    target.click()
    pg.wait_for_function("() => window.__runSeen || window.__scriptFinished > window.__finishedBefore")
    # a run drawn in one render: let React commit what the finished run sent before reading the page
    pg.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    wait_idle(pg)


def _flip(pg, name: str) -> None:
    """Click a sidebar toggle and wait until the run it starts has ended."""
    click_and_wait_for_run(pg, pg.get_by_text(name, exact=True))


def set_share_mode(browser, server: Server, on: bool, *, initials: bool = False) -> None:
    """Set screen-share mode (and "names as initials") with the sidebar toggles, in a tab of its own. The mode is
    stored on the server, so it holds for every tab and session until set again: a test that turns it on on a
    shared server turns it off afterwards (see the `share_mode_reset` fixture)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        pg = context.new_page()
        pg.goto(server.url)
        pg.wait_for_selector("[role=switch][aria-label='Screen-share mode']", state="attached")
        wait_idle(pg)
        mode = pg.get_by_role("switch", name="Screen-share mode")
        names = pg.get_by_role("switch", name="Names as initials")
        if not mode.is_checked():
            _flip(pg, "Screen-share mode")  # "names as initials" can only be changed while the mode is on
        if names.is_checked() != (on and initials):
            _flip(pg, "Names as initials")
        if not on:
            _flip(pg, "Screen-share mode")
    finally:
        context.close()


@pytest.fixture
def share_mode_reset(browser):
    """Call it with a server on which the test turns screen-share mode on: the mode (and initials) is turned off
    after the test."""
    servers: list[Server] = []
    yield servers.append
    for server in servers:
        set_share_mode(browser, server, False)


def own_demo_server(name: str, prepare: Callable[[object, int], object] | None = None):
    """A module-scoped fixture: a server of the module's own on the demo workbook (see serve_demo), for tests
    that write, or change what the shared demo server must keep as loaded."""

    @pytest.fixture(scope="module")
    def server(tmp_path_factory):
        with serve_demo(tmp_path_factory, name, prepare=prepare) as s:
            yield s

    return server


def sign_in(pg, url: str, email: str) -> None:
    """Sign in as `email` through the test provider's page (hosted mode, serve_hosted), from the app at `url`;
    returns when the signed-in app has drawn its workbook picker."""
    pg.goto(url)
    wait_idle(pg)
    pg.get_by_role("button", name="Sign in").click()
    pg.wait_for_url("**/oauth2/authorize**")
    pg.fill("input[name=sub]", email)
    pg.get_by_role("button", name="Authorize").click()
    pg.wait_for_url(f"{url}/**")
    wait_idle(pg)
    pg.get_by_role("combobox", name="Workbook").wait_for()


def open_chart_tab(pg, name: str) -> None:
    """On the Network page, open the tab of chart `name` (growth, goal, activity, funnel, tree) and wait until
    vega-embed has drawn it (it draws after the script run ends)."""
    from views.network.charts import TABS

    tab = pg.get_by_role("tab", name=TABS[name], exact=True)
    if tab.get_attribute("aria-selected") != "true":
        click_and_wait_for_run(pg, tab)
    pg.locator(f".st-key-net_chart_{name} svg.marks, .st-key-net_chart_{name} canvas").first.wait_for()


def show_view(pg, label: str) -> None:
    """Show the view `label` of a page drawn one view at a time (views/layout.view_switch: Workbooks)."""
    click_and_wait_for_run(pg, pg.locator("[data-testid=stButtonGroup] button", has_text=label).first)


def open_backup_box(pg) -> None:
    """On Workbooks, show "Export and backup"."""
    show_view(pg, "Export and backup")
    pg.get_by_text("Import a workbook").first.wait_for()


def choose_workbook(pg, name: str) -> None:
    """Switch workbook in the sidebar picker, as a person does, and wait for the page of that workbook."""
    from playwright.sync_api import expect

    picker = pg.get_by_role("combobox", name="Workbook")
    picker.click()
    pg.get_by_role("option", name=name).click()
    expect(picker).to_have_value(name, timeout=30_000)
    wait_idle(pg)
