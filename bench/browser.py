"""The browser section of `make bench`: what a person feels, from a click to a settled page, in Chromium.

Two servers run side by side: the app on a copy of a benchmark database, and a bare two-page Streamlit app
(bench/bare_app/). Every timed app step (a sidebar navigation, or one of the ten common actions) is paired with a
navigation of the bare app in the same run, so both see the same machine load; the figures are medians over
rounds (the first round warms the servers and is left out) and ratios to the bare navigation's median.

The bare step an app step is compared with has the same place in its tab's history, since Chromium runs the same
code up to two to three times slower in a tab just loaded (its JavaScript not yet optimised: React's own work on
the same Research navigation, 55 ms in a tab in use, 140 ms after a page load). Every step, app or bare, is
counted as the first click since its tab's last load, the second, or a later one, and an app step's ratio is to
the median of the bare navigations of its kind (`vs_bare`). Each round loads both tabs and walks the pages twice:
the first walk is each page's first visit since the load, the second a visit in a tab in use. Before each
action the bare tab takes a navigation in use, then a load and two navigations (most actions' setups load their
page). Each step also keeps its ratio to the bare navigation in a tab in use (`vs_warm_bare`: how runs before
this pairing were reported, the bare tab then never being reloaded).

A step ends when the server has sent the end of the run the click started (`script_finished` over the websocket)
and the page is idle: `[data-testid=stApp][data-test-script-state=notRunning]`, no stale element
(`[data-stale=true]`), no skeleton and no running icon. The app and the bare app each have a Chromium of their own:
a tab in the background gets no animation frames, so it would neither draw nor be seen idle. Per step it also records the bytes the
server sent over the websocket (the run's deltas) and the element count after the run, to see where time goes.

Runnable alone: `python bench/run.py --browser-only [--size small|large|both]`.
"""
from __future__ import annotations

import os
import re
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tools.streamlit_server import StreamlitServer

ROOT = Path(__file__).resolve().parent.parent
BARE_APP = ROOT / "bench" / "bare_app" / "app.py"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1280, "height": 720}
LATER = 2  # a step's place since its tab's last load: the first (0), the second (1), or a later one (2)
ROUNDS = int(os.environ.get("BENCH_BROWSER_ROUNDS", "5"))
TIMEOUT_MS = 120_000

TARGETS = {
    "median_nav_vs_bare": 2.0,    # median of the pages' navigation medians ÷ bare navigation
    "page_vs_bare": 2.5,          # every page's navigation ÷ bare navigation
    "action_vs_bare": 2.0,        # each of the ten actions ÷ bare navigation
    "large_vs_small": 1.2,        # each page and action at large ÷ the same at small
}

# (key, title, URL path): the app's st.navigation order; each is reached from the one before it.
NAV = [("home", "Home", ""), ("goals", "Goals", "goals"), ("research", "Research", "research"),
       ("outreach", "Outreach", "outreach"), ("questions", "Questions", "questions"), ("review", "Review", "review"),
       ("network", "Network", "network"), ("workbooks", "Workbooks", "workbooks")]
ACTIONS = ["search people", "open a person", "log an attempt", "reply yes", "schedule", "propose a plan",
           "reorder a question", "save a review", "change a Network filter", "switch workbook"]

# Idle: the page shows the run's end (Streamlit's own flag), nothing stale or still a skeleton.
_IDLE = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-stale="true"]') && !document.querySelector('[data-testid=stSkeleton]')
    && !document.querySelector('[data-testid=stStatusWidgetRunningIcon]');
}"""
_STATE = """() => ({state: document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state'),
                   stale: document.querySelectorAll('[data-stale="true"]').length,
                   skeletons: document.querySelectorAll('[data-testid=stSkeleton]').length})"""
_ELEMENTS = """() => ({elements: document.querySelectorAll('[data-testid=stElementContainer]').length,
                     nodes: document.getElementsByTagName('*').length})"""


# ---- one tab and its timed steps ----------------------------------------------------------------------------

def _finished(payload) -> bool:
    """Whether a websocket frame from the server is the end of a script run (not one cut short by a rerun)."""
    if isinstance(payload, str):
        return False
    try:
        msg = ForwardMsg.FromString(payload)
    except Exception:  # noqa: BLE001 - not a ForwardMsg: not the end of a run
        return False
    return (msg.WhichOneof("type") == "script_finished"
            and msg.script_finished != ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN)


@dataclass
class Tab:
    """A browser page that counts the bytes the server sends over the websocket."""

    pg: object
    ws: object = None
    received: int = 0
    frames: int = 0
    runs: int = 0  # runs the server has finished for this tab
    since_load: int = 0  # timed steps since the last page load: the first ones run on JavaScript not yet optimised

    @classmethod
    def open(cls, browser) -> Tab:
        tab = cls(browser.new_context(viewport=VIEWPORT).new_page())

        def on_frame(payload):
            tab.received += len(payload)
            tab.frames += 1
            tab.runs += _finished(payload)

        def on_socket(ws):
            tab.ws = ws  # a new one on every page load; a sidebar navigation keeps it
            ws.on("framereceived", on_frame)

        tab.pg.on("websocket", on_socket)
        return tab

    def goto(self, url: str) -> None:
        """Load `url` (untimed) and wait for its first run to settle."""
        before = self.runs
        self.since_load = 0
        self.pg.goto(url)
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while self.runs == before and time.monotonic() < deadline:
            self.pg.wait_for_timeout(20)  # lets Playwright deliver the websocket's frames meanwhile
        self.pg.wait_for_function(_IDLE, timeout=TIMEOUT_MS)
        self.check()

    def timed(self, trigger: Callable[[], object]) -> dict:
        """Run `trigger` (one click or key press) and wait for the run it starts to settle: the server has sent
        the end of the run, and the page shows it (idle, nothing stale). The wall time in ms, the websocket bytes
        and frames received meanwhile, and the element and DOM node counts after it."""
        self.received = self.frames = 0
        since_load = min(self.since_load, LATER)
        self.since_load += 1
        started = time.perf_counter()
        try:
            with self.ws.expect_event("framereceived", predicate=_finished, timeout=TIMEOUT_MS):
                trigger()
            server_ms = (time.perf_counter() - started) * 1000
            self.pg.wait_for_function(_IDLE, timeout=TIMEOUT_MS)
        except Exception as error:
            raise RuntimeError(f"no idle after the step on {self.pg.url}: {self.pg.evaluate(_STATE)}") from error
        ms = (time.perf_counter() - started) * 1000
        counts = self.pg.evaluate(_ELEMENTS)
        self.check()
        return {"ms": ms, "server_ms": server_ms, "ws_bytes": self.received, "ws_frames": self.frames,
                "since_load": since_load, **counts}

    def check(self) -> None:
        errors = self.pg.locator("[data-testid=stException]")
        if errors.count():
            raise RuntimeError(f"exception on the page {self.pg.url}: {errors.first.inner_text()[:500]}")



def _nav_link(pg, url: str, path: str):
    """The sidebar link to `path` (its text also holds the icon's name, so the address is what finds it)."""
    return pg.locator(f'[data-testid=stSidebarNavLink][href="{url}/{path}"]')


# ---- the ten actions, as a person does them -----------------------------------------------------------------

@dataclass
class Data:
    """What the actions need from the database copy: the workbook, a search that finds one person, people to
    write to (one per round), and a second workbook to switch to."""

    workbook_id: int
    other_workbook: str
    search: str
    contacts: list[int]
    round: int = 0
    samples: dict = field(default_factory=dict)


def _pick_option(tab: Tab, label: str, option: str | re.Pattern | None = None, typed: str | None = None):
    """Open a selectbox (untimed) and return the click on its option, for `timed`."""
    box = tab.pg.get_by_role("combobox", name=label)
    target = tab.pg.get_by_role("option", name=option) if option is not None else tab.pg.get_by_role("option")
    for attempt in range(4):  # a click that lands while the page is still settling may not open the list
        box.click()
        if typed:
            box.fill(typed)
        try:
            target.first.wait_for(timeout=5_000)
            break
        except Exception:
            if attempt == 3:
                raise
            tab.pg.keyboard.press("Escape")
    return lambda: target.first.click()


def _shows(pg, text: str | re.Pattern) -> Callable[[], object]:
    """A check after the timed step (untimed): the page shows what the action should have led to."""
    return lambda: pg.get_by_text(text).filter(visible=True).first.wait_for(timeout=10_000)


def _no_check() -> None:
    pass


def _scenarios(app: Tab, d: Data, url: str, wanted: list[str]):
    """Yield (action, trigger, check) for one round in ACTIONS order, doing each action's setup (untimed) on the
    way; `check` fails when the action did not do its job (a benchmark of an error message would be no use)."""
    wb = f"wb={d.workbook_id}"
    pg = app.pg

    def want(*actions: str) -> bool:  # an action's group is set up only when one of it is measured
        return any(a in wanted for a in actions)

    if want("search people", "open a person"):
        yield from _research(app, d, url, wb)
    if want("log an attempt", "reply yes", "schedule"):
        yield from _outreach(app, d, url, wb)
    if want("propose a plan", "reorder a question"):
        yield from _questions(app, url, wb)
    if want("save a review"):
        yield from _review(app, d, url, wb)
    if want("change a Network filter"):
        app.goto(f"{url}/network?{wb}")
        # a person clicks a range once they see the chart: vega-embed draws it after the run (the drop-down's
        # opening, untimed, used to leave it that time)
        pg.locator(".st-key-net_chart_growth svg.marks").first.wait_for(timeout=10_000)
        all_time = pg.locator(".st-key-net_range button", has_text="All time")
        yield "change a Network filter", lambda: all_time.click(), _no_check
    if want("switch workbook"):
        app.goto(f"{url}/?{wb}")
        yield ("switch workbook", _pick_option(app, "Workbook", d.other_workbook, typed=d.other_workbook),
               lambda: pg.wait_for_function("(name) => [...document.querySelectorAll('[data-testid=stSidebar] input')]"
                                            ".some(i => i.value === name)", arg=d.other_workbook, timeout=10_000))


def _research(app: Tab, d: Data, url: str, wb: str):
    """Search people, then open the one found."""
    pg = app.pg
    app.goto(f"{url}/research?{wb}")
    search = pg.get_by_role("textbox", name="Search", exact=True)
    search.fill(d.search)
    yield "search people", lambda: search.press("Enter"), _shows(pg, re.compile(r"Showing 1–1 of 1 (person|people)"))
    yield "open a person", _pick_option(app, "Open a person on this page"), _shows(pg, "Back to the list")


def _outreach(app: Tab, d: Data, url: str, wb: str):
    """Log an attempt to a person (one per round), they say yes, schedule the meeting."""
    pg = app.pg
    contact = d.contacts[d.round % len(d.contacts)]
    app.goto(f"{url}/outreach?{wb}&contact={contact}")
    yield "log an attempt", lambda: pg.get_by_role("button", name="Log this attempt").click(), _shows(pg, "Logged.")
    yield "reply yes", lambda: pg.get_by_role("button", name="They said yes").click(), _shows(pg, "Reply saved")
    yield ("schedule", lambda: pg.get_by_role("button", name="Schedule", exact=True).first.click(),
           _shows(pg, re.compile(r"^Scheduled\.|scheduled$")))  # at large only the toast stays (see notes)


def _questions(app: Tab, url: str, wb: str):
    """Propose a plan for the first meeting, then move its second question up."""
    pg = app.pg
    app.goto(f"{url}/questions?{wb}")
    yield ("propose a plan", lambda: pg.get_by_role("button", name=re.compile("^Propose a")).first.click(),
           _no_check)  # its toast is not found reliably: seen in the screenshots
    yield ("reorder a question", lambda: pg.locator("[class*='st-key-q_down_'] button:not([disabled]), [class*='st-key-q_up_'] button:not([disabled])").first.click(),
           _no_check)


def _review(app: Tab, d: Data, url: str, wb: str):
    """Change the insights and the score of the first meeting, and save."""
    pg = app.pg
    app.goto(f"{url}/review?{wb}")
    edit = pg.locator("[data-testid=stExpander] summary", has_text="Edit this review")
    if edit.count():  # a reviewed meeting reads as text: open its form, as a person does
        app.timed(edit.click)
    insights = pg.get_by_role("textbox", name="Key insights")
    insights.fill(f"What I learned, take {d.round}: the team plans a year ahead.")
    pg.locator("[data-testid=stRadio]").get_by_text(str(1 + d.round % 5), exact=True).click()
    yield ("save a review", lambda: pg.get_by_role("button", name="Save review").click(),
           _shows(pg, re.compile("Review (saved|updated)")))


# ---- one size ---------------------------------------------------------------------------------------------

def _wait_quiet(server: StreamlitServer, window_s: float = 0.1, busy_s: float = 0.01, limit_s: float = 5.0) -> None:
    """Until the server's process uses under `busy_s` of CPU in a `window_s` (at most `limit_s`)."""
    import psutil

    process = psutil.Process(server.proc.pid)
    deadline = time.monotonic() + limit_s

    def cpu() -> float:
        t = process.cpu_times()
        return t.user + t.system

    while time.monotonic() < deadline:
        before = cpu()
        time.sleep(window_s)
        if cpu() - before < busy_s:
            return


def _bare_load(bare: Tab, url: str, parity: list[int]) -> None:
    """Load the bare tab on the page its next navigation leaves (a click on the page shown would not navigate)."""
    bare.goto(f"{url}/{'two' if parity[0] else ''}")


def _bare_nav(bare: Tab, url: str, parity: list[int]) -> dict:
    parity[0] ^= 1
    link = _nav_link(bare.pg, url, "two" if parity[0] else "")
    return bare.timed(lambda: link.click())


def _median(samples: list[dict], key: str = "ms") -> float:
    return statistics.median(s[key] for s in samples)


def _summary(samples: list[dict], bare: dict[int, float]) -> dict:
    """One step's medians, beside the median of the bare navigations at its place since a load (`vs_bare`) and of
    those in a tab in use (`vs_warm_bare`)."""
    ms = _median(samples)
    bare_ms = statistics.median(bare[s["since_load"]] for s in samples)
    return {"ms": ms, "bare_ms": bare_ms, "vs_bare": ms / bare_ms, "vs_warm_bare": ms / bare[LATER],
            "since_load": statistics.median(s["since_load"] for s in samples), "server_ms": _median(samples, "server_ms"),
            "ws_bytes": _median(samples, "ws_bytes"),
            "ws_frames": _median(samples, "ws_frames"), "elements": _median(samples, "elements"),
            "nodes": _median(samples, "nodes"), "samples_ms": [round(s["ms"], 1) for s in samples]}


def measure(browsers, db_path: Path, data: Data, work: Path, rounds: int = ROUNDS, warmup: int = 1,
            screenshots: Path | None = None, pages: list[str] | None = None, actions: list[str] | None = None) -> dict:
    """Navigation → idle for every page and click → idle for the ten actions on `db_path`, interleaved with the
    bare app; medians over `rounds` after `warmup` rounds. The database is written to: pass a copy."""
    app_server = StreamlitServer(ROOT / "app.py", work / f"{db_path.stem}-app.log", {"WORKBOOK_DB": str(db_path)},
                                 timeout=90)
    # The baseline is a bare page with Streamlit's defaults, whatever the app's own .streamlit/config.toml (read
    # from the working directory) sets: the collection after each run stays on for it.
    bare_server = StreamlitServer(BARE_APP, work / f"{db_path.stem}-bare.log", {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "true"},
                                  timeout=90)
    route = [n for n in NAV if pages is None or n[0] in pages]
    acts: dict[str, list[dict]] = {a: [] for a in ACTIONS if actions is None or a in actions}
    nav: dict[str, list[dict]] = {k: [] for k, _, _ in route}
    again: dict[str, list[dict]] = {k: [] for k, _, _ in route}
    bare_steps: list[dict] = []
    unchecked: list[str] = []
    parity = [0]
    try:
        app, bare = (Tab.open(b) for b in browsers)
        for n in range(warmup + rounds):
            keep = n >= warmup
            data.round = n
            # Both tabs loaded, then sidebar navigation around the app, starting from the last page: each page's
            # first visit since the load, then a second walk in the tab now in use; each beside a bare navigation.
            app.goto(f"{app_server.url}/{route[-1][2]}?wb={data.workbook_id}")
            _bare_load(bare, bare_server.url, parity)
            for walk, samples in enumerate((nav, again)):
                for key, _, path in route:
                    b = _bare_nav(bare, bare_server.url, parity)
                    link = _nav_link(app.pg, app_server.url, path)
                    a = app.timed(lambda link=link: link.click())
                    if keep:
                        samples[key].append(a)
                        bare_steps.append(b)
                    if screenshots and walk == 0 and n == warmup + rounds - 1:
                        app.pg.screenshot(path=str(screenshots / f"bench-nav-{key}.png"))
            steps = _scenarios(app, data, app_server.url, list(acts))
            while True:
                # The bare steps first, so each action's setup is right before its click: one in a tab in use, and
                # the first and second after a load (most actions' setups load their page). They wait for the app's
                # server to finish what the last write left it (the kept reads made again in the background), which
                # would otherwise slow them, and flatter the app's ratio.
                _wait_quiet(app_server)
                beside = [_bare_nav(bare, bare_server.url, parity)]
                _bare_load(bare, bare_server.url, parity)
                beside += [_bare_nav(bare, bare_server.url, parity) for _ in range(2)]
                step = next(steps, None)
                if step is None:
                    break
                action, trigger, check = step
                a = app.timed(trigger)
                try:
                    check()
                except Exception:  # noqa: BLE001 - Playwright's TimeoutError: keep measuring, say so in the results
                    shot = (screenshots or work) / f"bench-unchecked-{action.replace(' ', '-')}-{n}.png"
                    app.pg.screenshot(path=str(shot))
                    unchecked.append(f"{action} (round {n}): its result was not seen; screenshot {shot}")
                if keep and action in acts:  # an action may be done only to set up the next one
                    acts[action].append(a)
                    bare_steps.extend(beside)
                if screenshots and n == warmup + rounds - 1:
                    app.pg.screenshot(path=str(screenshots / f"bench-action-{action.replace(' ', '-')}.png"))
        app.pg.context.close()
        bare.pg.context.close()
    finally:
        app_server.stop()
        bare_server.stop()
    return _results(nav, again, acts, bare_steps, rounds, unchecked)


# ---- the databases ----------------------------------------------------------------------------------------

def prepare(source: Path, copy: Path, workbook_id: int, size: str, rounds: int) -> Data:
    """Copy the benchmark database (the actions write) and find what the actions need in it."""
    sys.path.insert(0, str(ROOT))
    from lib import db, workbooks

    shutil.copy(source, copy)
    if source.with_suffix(".duckdb.wal").exists():
        shutil.copy(source.with_suffix(".duckdb.wal"), copy.with_suffix(".duckdb.wal"))
    con = db.open(copy)
    try:
        others = [w for w in workbooks.list_all(con) if w.id != workbook_id]
        other = others[0].name if others else None
        if other is None:  # the demo database holds one workbook: give the picker a second one, like the large
            # database's others (300 people, a goal, outreach, meetings): a switch to an empty workbook drew an
            # empty Home, and large ÷ small compared a full page with that (1.35×, issue 17)
            from bench import generate
            other = "Second workbook"
            with db.transaction(con) as cur:
                generate.client_workbook(cur, other)
        if size == "large":
            search = "Person 12345 "  # one person among 30,000
        else:
            search = "Helen"
        people = [r[0] for r in con.execute(
            "SELECT id FROM contacts WHERE workbook_id = ? ORDER BY id LIMIT ?", [workbook_id, rounds + 2]).fetchall()]
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return Data(workbook_id=workbook_id, other_workbook=other, search=search, contacts=people)

def _results(nav: dict[str, list[dict]], again: dict[str, list[dict]], acts: dict[str, list[dict]],
             bare_steps: list[dict], rounds: int, unchecked: list[str]) -> dict:
    """The figures of one measure(): medians, each beside the bare navigations of its kind in the same run."""
    bare = {k: _median([b for b in bare_steps if b["since_load"] == k]) for k in range(LATER + 1)}
    pages = {k: _summary(v, bare) for k, v in nav.items()}
    pages_again = {k: _summary(v, bare) for k, v in again.items()}
    return {
        "bare_nav_ms": bare[LATER],  # in a tab in use
        "bare_nav_ms_since_load": bare,  # the first, second and later navigation since the bare tab's last load
        "bare": {"ws_bytes": _median(bare_steps, "ws_bytes"), "server_ms": _median(bare_steps, "server_ms"),
                 "elements": _median(bare_steps, "elements")},
        # the median page: its time, and the median of the pages' ratios
        "median_nav_ms": statistics.median(p["ms"] for p in pages.values()),
        "median_nav_vs_bare": statistics.median(p["vs_bare"] for p in pages.values()),
        "median_nav_vs_warm_bare": statistics.median(p["vs_warm_bare"] for p in pages.values()),
        "median_nav_again_ms": statistics.median(p["ms"] for p in pages_again.values()),
        "median_nav_again_vs_bare": statistics.median(p["vs_bare"] for p in pages_again.values()),
        "pages": pages,
        "pages_again": pages_again,
        "actions": {k: _summary(v, bare) for k, v in acts.items()},
        "rounds": rounds,
        "unchecked": unchecked,
    }


def run(dbs: dict[str, tuple[Path, int]], work: Path, rounds: int = ROUNDS, warmup: int = 1,
        screenshots: Path | None = None, pages: list[str] | None = None, actions: list[str] | None = None) -> dict:
    """The browser section for each size in `dbs` ({size: (database, workbook id)}), with verdicts."""
    if not Path(CHROMIUM).exists():
        return {"skipped": f"no Chromium at {CHROMIUM}"}
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    sizes = {}
    with sync_playwright() as p:
        # One browser each for the app and the bare app: a tab in the background (even in another context) gets
        # no animation frames, so it would neither draw nor be seen idle.
        browsers = [p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True) for _ in "ab"]
        try:
            for size, (source, workbook_id) in dbs.items():
                print(f"Browser: {size} workbook…", flush=True)
                copy = work / f"browser-{size}.duckdb"
                data = prepare(source, copy, workbook_id, size, rounds + warmup)
                sizes[size] = measure(browsers, copy, data, work, rounds, warmup, screenshots, pages, actions)
        finally:
            for browser in browsers:
                browser.close()
    out = {"viewport": VIEWPORT, "rounds": rounds, "targets": TARGETS, "sizes": sizes,
           "load": _load(), "total_s": time.perf_counter() - started}
    if "small" in sizes and "large" in sizes:
        small, large = sizes["small"], sizes["large"]
        out["large_vs_small"] = {
            **{f"page {k}": large["pages"][k]["ms"] / small["pages"][k]["ms"] for k in large["pages"]},
            **{k: large["actions"][k]["ms"] / small["actions"][k]["ms"] for k in large["actions"]},
            # ratios to the bare page, so a busier moment for one size does not read as growth
            "median nav (× bare)": large["median_nav_vs_bare"] / small["median_nav_vs_bare"],
        }
    return out


def _load() -> list[float] | None:
    """The machine's load average when the section ended: the machine is shared, so it goes beside the figures."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


# ---- the report -------------------------------------------------------------------------------------------

def _verdict(value: float, target: float) -> str:
    return "ok" if value <= target else "MISSED"


def table_rows(b: dict) -> list[tuple[str, str, str, str]]:
    """(figure, measured, target, verdict) rows of the browser section; each ratio is to the paired bare steps."""
    if "skipped" in b:
        return [("browser section", b["skipped"], "", "n/a")]
    rows = []
    for size, s in b["sizes"].items():
        rows.append((f"browser {size}: bare two-page app, navigation → idle in a tab in use",
                     f"{s['bare_nav_ms']:.0f} ms", "baseline", ""))
        for walk, median, pages, label in (
                ("first visit since the page load", "median_nav", "pages", "navigate to {}"),
                ("in a tab in use", "median_nav_again", "pages_again", "navigate to {} again")):
            if median + "_ms" not in s:
                continue
            rows.append((f"browser {size}: median page navigation ÷ bare, {walk}", f"{s[median + '_ms']:.0f} ms · "
                         f"{s[median + '_vs_bare']:.1f}×", f"≤ {TARGETS['median_nav_vs_bare']}×",
                         _verdict(s[median + "_vs_bare"], TARGETS["median_nav_vs_bare"])))
            for k, f in s[pages].items():
                rows.append((f"browser {size}: {label.format(k)}", f"{f['ms']:.0f} ms · {f['vs_bare']:.1f}×",
                             f"≤ {TARGETS['page_vs_bare']}×", _verdict(f["vs_bare"], TARGETS["page_vs_bare"])))
        for k, f in s["actions"].items():
            rows.append((f"browser {size}: {k}", f"{f['ms']:.0f} ms · {f['vs_bare']:.1f}×",
                         f"≤ {TARGETS['action_vs_bare']}×", _verdict(f["vs_bare"], TARGETS["action_vs_bare"])))
    for k, ratio in b.get("large_vs_small", {}).items():
        rows.append((f"browser large ÷ small: {k}", f"{ratio:.2f}×", f"≤ {TARGETS['large_vs_small']}×",
                     _verdict(ratio, TARGETS["large_vs_small"])))
    return rows


def markdown(b: dict) -> list[str]:
    """The section of bench/RESULTS.md: the verdicts, then where the time goes (bytes and elements per step)."""
    lines = ["## In the browser: click → settled page, beside a bare two-page app", ""]
    if "skipped" in b:
        return [*lines, b["skipped"], ""]
    lines += [
        f"Chromium at {b['viewport']['width']}×{b['viewport']['height']}, medians of {b['rounds']} rounds after a "
        "warm-up round, the bare app's navigations interleaved in the same run. A step's ratio is to the bare "
        "navigations at the same place since their tab's last load (the first click, the second, or a later one: "
        "Chromium runs code slower in a tab just loaded). Each round loads both tabs and walks the pages twice "
        "(each page's first visit since the load, then again in the tab in use); most actions' setups load their "
        "page. \"× bare in use\" is the ratio to the bare navigation in a tab in use, as runs before 6 Dec 2026 "
        "were reported (the bare tab was then never reloaded). The median page is the median of the pages' ratios. "
        "Idle: `data-test-script-state=notRunning`, no stale element, no skeleton. "
        f"The machine is shared (load average {b['load']} at the end; the section took {b['total_s']:.0f} s): "
        "read the ratios rather than the milliseconds.", "",
        "| figure | measured | target | |", "| --- | --- | --- | --- |",
        *[f"| {a} | {m} | {t} | {v} |" for a, m, t, v in table_rows(b)], "",
    ]
    for size, s in b["sizes"].items():
        lines += [f"### Where the time goes ({size})", "",
                  "The bare app's navigation, the first, second and later click since its tab's last load: "
                  + " · ".join(f"{ms:.0f} ms" for ms in s.get("bare_nav_ms_since_load", {}).values()) + "; "
                  f"{s['bare']['ws_bytes']:,.0f} bytes over the websocket, "
                  f"{s['bare']['elements']:.0f} elements, its run's end seen {s['bare'].get('server_ms', float('nan')):.0f} ms after the click.",
                  "", "Run's end: click → the server's `script_finished` seen in the browser (the server's share, with the "
                  "click itself); the rest of ms is the browser drawing what it was sent.", "",
                  "| step | ms | bare at its place (ms) | × bare | × bare in use | run's end (ms) | websocket bytes | frames "
                  "| elements | DOM nodes |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for label, group in (("navigate to {}", s["pages"]), ("navigate to {} again", s.get("pages_again", {})),
                             ("{}", s["actions"])):
            for k, f in group.items():
                lines.append(f"| {label.format(k)} | {f['ms']:.0f} | {f['bare_ms']:.0f} | {f['vs_bare']:.1f} | "
                             f"{f['vs_warm_bare']:.1f} | {f.get('server_ms', float('nan')):.0f} | "
                             f"{f['ws_bytes']:,.0f} | "
                             f"{f['ws_frames']:.0f} | {f['elements']:.0f} | {f['nodes']:,.0f} |")
        lines.append("")
        for note in s.get("unchecked", []):
            lines.append(f"- Not confirmed on the page: {note}")
        if s.get("unchecked"):
            lines.append("")
    return lines
