"""The load test of `make bench`: a workshop played by 10, 30 and 60 participants at once against one server process.

One server process in hosted mode (`streamlit run app.py` with an `[auth]` secrets file, on a fresh database) and
the local test identity provider (oidc-provider-mock, as `make demo-hosted` runs it). One Chromium; one browser
context per participant, each signing in through the provider as participant-N@example.com; all of them play the
workshop at the same time (asyncio Playwright), arriving at random moments over the first ARRIVE_S × N seconds (as
people open a link at the start of a workshop) and pausing a random THINK_S (0.5× to 1.5×) between clicks, as people
read and type:

    sign in · Goals: use the worked example, save the goal · Research: add three people · Outreach: write a
    script (edit the message, save it as one's own version), schedule a meeting · Questions: propose a plan.

Every click is timed to idle as bench/browser.py does: the server has sent the end of the run the click started
(`script_finished` over the websocket) and the page shows it (`[data-testid=stApp]` not running, nothing stale, no
skeleton). The idle check polls on a timer, not on animation frames: a tab in the background gets none.
After each click the page must show what the click should have done. Errors: an exception shown, a step not idle
within TIMEOUT_S, or a wrong result; a participant stops at their first error (the later steps need it).

Per size: click → idle p50/p95/max over every click of every participant, per step p50/p95, errors (and the
first few), the server's CPU seconds and peak memory. The machine's load is recorded beside them: on a shared
machine, the browsers and the server share the same cores, so the figures are an upper bound.

Alone: `.venv/bin/python bench/run.py --load` (BENCH_LOAD_SIZES=10,30,60 by default).
"""
from __future__ import annotations

import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.browser import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, _finished  # noqa: E402

SIZES = [int(s) for s in os.environ.get("BENCH_LOAD_SIZES", "10,30,60").split(",") if s.strip()]
THINK_S = float(os.environ.get("BENCH_LOAD_THINK_S", "2"))
ARRIVE_S = float(os.environ.get("BENCH_LOAD_ARRIVE_S", "1"))  # mean seconds between two participants' arrivals
SETUP_TIMEOUT_S = float(os.environ.get("BENCH_LOAD_SETUP_TIMEOUT_S", "120"))  # untimed page loads and typing
TIMEOUT_S = float(os.environ.get("BENCH_LOAD_TIMEOUT_S", "60"))
MAX_S = float(os.environ.get("BENCH_LOAD_MAX_S", "300"))  # a size's cap: who has not finished by then stops
TARGET_P95_MS = 2000.0  # issue 19: the size at which p95 passes 2 s

_IDLE = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-stale="true"]') && !document.querySelector('[data-testid=stSkeleton]')
    && !document.querySelector('[data-testid=stStatusWidgetRunningIcon]');
}"""
POLL_MS = 50  # the idle check's polling interval (not animation frames: a background tab gets none)


class StepError(RuntimeError):
    """A step went wrong: its kind ("exception", "timeout", "wrong result") and what was seen."""

    def __init__(self, kind: str, step: str, detail: str):
        super().__init__(f"{kind} at {step if step.startswith('before') else repr(step)}: {detail}")
        self.kind, self.step = kind, step


@dataclass
class Participant:
    """One person of the workshop: a browser context, its page, the runs the server finished for it, its timings."""

    n: int
    url: str
    pg: object = None
    runs: int = 0
    samples: list = field(default_factory=list)  # (step, ms)
    think_s: float = THINK_S
    shots: Path | None = None  # where the first participant's last page and every failed page are saved
    error: StepError | None = None
    done: bool = False
    cut: bool = False  # still playing when the size's time was up

    @property
    def email(self) -> str:
        return f"participant-{self.n}@example.com"

    async def open(self, browser) -> None:
        context = await browser.new_context(viewport=VIEWPORT)
        self.pg = await context.new_page()
        self.pg.set_default_timeout(SETUP_TIMEOUT_S * 1000)

        def on_frame(payload):
            self.runs += _finished(payload)

        self.pg.on("websocket", lambda ws: ws.on("framereceived", on_frame))

    async def idle(self) -> None:
        await self.pg.wait_for_function(_IDLE, polling=POLL_MS, timeout=TIMEOUT_S * 1000)

    async def timed(self, step: str, trigger: Callable[[], Awaitable], check: Callable[[], Awaitable] | None = None):
        """Click (`trigger`), wait for the end of the run it starts and the idle page: the time in ms is kept.
        Then `check` (untimed) that the page shows what the click should have done."""
        before = self.runs
        started = time.perf_counter()
        try:
            await trigger()
            deadline = time.monotonic() + TIMEOUT_S
            while self.runs == before:
                if time.monotonic() > deadline:
                    raise TimeoutError("no end of run from the server")
                await asyncio.sleep(0.01)  # the websocket's frames arrive meanwhile
            await self.idle()
        except Exception as error:  # noqa: BLE001 - Playwright's TimeoutError among them
            await self._exception(step)
            raise StepError("timeout", step, str(error).splitlines()[0][:200]) from error
        self.samples.append((step, (time.perf_counter() - started) * 1000))
        await self._exception(step)
        if check is not None:
            try:
                await check()
            except Exception as error:  # noqa: BLE001
                raise StepError("wrong result", step, str(error).splitlines()[0][:200]) from error

    async def _exception(self, step: str) -> None:
        boxes = self.pg.locator("[data-testid=stException]")
        if await boxes.count():
            raise StepError("exception", step, (await boxes.first.inner_text())[:300])

    def shows(self, text: str) -> Callable[[], Awaitable]:
        return lambda: self.pg.get_by_text(text).filter(visible=True).first.wait_for(timeout=15_000)

    def nav(self, path: str) -> Callable[[], Awaitable]:
        return self.pg.locator(f'[data-testid=stSidebarNavLink][href="{self.url}/{path}"]').click


# ---- the workshop -----------------------------------------------------------------------------------------

PEOPLE = [("Dana Whitfield", "Water Resources Engineer"), ("Sofia Marquez", "Hydrologist"),
          ("Helen Nguyen", "Policy Analyst")]
STEPS = ["sign in", "open Goals", "use the example", "save the goal", "open Research",
         *[f"add person {i + 1}" for i in range(len(PEOPLE))], "open Outreach", "write the script",
         "save the script", "open Meetings", "schedule", "open Questions", "propose a plan"]


async def think(p: Participant) -> None:
    await asyncio.sleep(p.think_s * random.uniform(0.5, 1.5))  # a person reads and types between clicks


async def sign_in(p: Participant) -> None:
    pg = p.pg
    await pg.goto(p.url)
    await pg.get_by_role("button", name="Sign in").click()
    await pg.wait_for_url("**/oauth2/authorize**")
    await pg.fill("input[name=sub]", p.email)
    await p.timed("sign in", pg.get_by_role("button", name="Authorize").click,
                  lambda: pg.get_by_role("combobox", name="Workbook").wait_for(timeout=15_000))


async def goal(p: Participant) -> None:
    pg = p.pg
    await p.timed("open Goals", p.nav("goals"), p.shows("Start from a worked example"))
    await think(p)
    await p.timed("use the example", pg.get_by_role("button", name="Use this example in the form").click,
                  p.shows("The form now holds the example"))
    await think(p)
    await p.timed("save the goal", pg.get_by_role("button", name="Save goal").click, p.shows("Goal saved (version 1)"))


async def people(p: Participant) -> None:
    pg = p.pg
    await think(p)
    await p.timed("open Research", p.nav("research"), p.shows("Add a person"))
    form = pg.locator("[data-testid=stForm]").filter(has=pg.get_by_role("button", name="Add person"))
    for i, (name, title) in enumerate(PEOPLE):
        await think(p)
        await form.get_by_label("Name", exact=True).fill(name)
        await form.get_by_label("Title or role").fill(title)
        await form.get_by_label("Email").fill(f"{name.split()[0].lower()}.{p.n}@example.org")
        await p.timed(f"add person {i + 1}", form.get_by_role("button", name="Add person").click,
                      p.shows(f"Added {name} to your list."))


async def script(p: Participant) -> None:
    pg = p.pg
    await think(p)
    await p.timed("open Outreach", p.nav("outreach"), p.shows("Your message (edit freely)"))
    await think(p)
    message = pg.get_by_label("Your message (edit freely)")
    await message.fill(f"Hi Dana,\n\nI am participant {p.n} of today's workshop. Could we talk for 15 minutes about "
                       "how your team plans for drought?\n\nThank you")
    await p.timed("write the script", lambda: message.press("Control+Enter"), p.shows(f"I am participant {p.n}"))
    await think(p)
    await pg.get_by_label("Name of your version").fill("Workshop email")
    await p.timed("save the script", pg.get_by_role("button", name="Save as my version").click,
                  p.shows("Saved: names become placeholders"))
    await think(p)
    await p.timed("open Meetings", pg.get_by_role("tab", name="Meetings").click, p.shows("Schedule a meeting with"))
    await think(p)
    form = pg.locator("[data-testid=stForm]").filter(has=pg.get_by_role("button", name="Schedule", exact=True))
    await p.timed("schedule", form.get_by_role("button", name="Schedule", exact=True).click,
                  lambda: pg.get_by_role("combobox", name="Meeting to manage").wait_for(timeout=15_000))


async def plan(p: Participant) -> None:
    pg = p.pg
    await think(p)
    await p.timed("open Questions", p.nav("questions"), p.shows("Propose a balanced plan"))
    await think(p)
    await p.timed("propose a plan", pg.get_by_role("button", name="Propose a balanced plan").click,
                  lambda: pg.get_by_role("button", name="Propose a new plan").wait_for(timeout=15_000))


async def workshop(p: Participant, browser, delay: float) -> None:
    """One participant's whole workshop; the first error ends it (the steps after it need what it should have done)."""
    await asyncio.sleep(delay)
    try:
        await p.open(browser)
        for part in (sign_in, goal, people, script, plan):
            await part(p)
        p.done = True
        if p.n == 1:
            await _screenshot(p, "done")
    except StepError as error:
        p.error = error
        await _screenshot(p, "error")
    except asyncio.CancelledError:  # the size's time is up: not an error of the app, reported apart
        p.cut = True
    except Exception as error:  # noqa: BLE001 - an untimed step between clicks (a page load, a fill) that failed
        p.error = StepError("timeout", f"before '{_next_step(p)}'", str(error).splitlines()[0][:200])
        await _screenshot(p, "error")
    finally:
        if p.pg is not None:
            await p.pg.context.close()


def _next_step(p: Participant) -> str:
    """The step after the last one timed: where an untimed action between two clicks belongs."""
    return STEPS[min(len(p.samples), len(STEPS) - 1)]


async def _screenshot(p: Participant, what: str) -> None:
    if p.shots is not None and p.pg is not None:
        try:
            await p.pg.screenshot(path=str(p.shots / f"load-participant-{p.n}-{what}.png"))
        except Exception:  # noqa: BLE001 - a page that cannot be drawn any more: the error says enough
            pass


# ---- one size, every size ---------------------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of `values`."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def summarise(participants: list[Participant], wall_s: float, server: dict) -> dict:
    every = [ms for p in participants for _, ms in p.samples]
    per_step = {}
    for step in STEPS:
        times = [ms for p in participants for s, ms in p.samples if s == step]
        if times:
            per_step[step] = {"n": len(times), "p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95),
                              "max_ms": max(times)}
    errors = [p.error for p in participants if p.error]
    kinds: dict[str, int] = {}
    for e in errors:
        kinds[f"{e.kind} at {e.step}"] = kinds.get(f"{e.kind} at {e.step}", 0) + 1
    return {
        "participants": len(participants), "finished": sum(p.done for p in participants),
        "cut": sum(p.cut for p in participants), "clicks": len(every),
        "p50_ms": percentile(every, 50) if every else None, "p95_ms": percentile(every, 95) if every else None,
        "max_ms": max(every) if every else None, "mean_ms": statistics.fmean(every) if every else None,
        "errors": len(errors), "error_kinds": kinds,
        "error_samples": [f"participant {p.n}: {p.error}" for p in participants if p.error][:8],
        "steps": per_step, "wall_s": wall_s, **server, "load_after": _load(),
    }


async def _play(url: str, size: int, think_s: float, arrive_s: float, max_s: float,
                shots: Path | None = None) -> list[Participant]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            participants = [Participant(n + 1, url, think_s=think_s, shots=shots) for n in range(size)]
            tasks = [asyncio.create_task(workshop(p, browser, random.uniform(0, arrive_s * size))) for p in participants]
            _, late = await asyncio.wait(tasks, timeout=max_s)
            for task in late:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        finally:
            await browser.close()
    return participants


def run_size(size: int, work: Path, think_s: float = THINK_S, arrive_s: float = ARRIVE_S,
             max_s: float = MAX_S) -> dict:
    """The workshop with `size` participants on a fresh hosted server and database of its own."""
    from tests.browser.conftest import serve_hosted

    folder = work / f"load-{size}"
    folder.mkdir(parents=True, exist_ok=True)
    load_before = _load()
    with serve_hosted(folder) as server:
        cpu_before = _cpu_s(server.proc.pid)
        started = time.perf_counter()
        participants = asyncio.run(_play(server.url, size, think_s, arrive_s, max_s, folder))
        wall = time.perf_counter() - started
        cpu = _cpu_s(server.proc.pid) - cpu_before
        figures = {"server_cpu_s": round(cpu, 1), "server_cpu_share": round(cpu / wall, 2), "load_before": load_before,
                   "server_peak_rss_mb": round(_peak_rss_mb(server.proc.pid), 1)}
    return summarise(participants, wall, figures)


def run(sizes: list[int] | None = None, work: Path | None = None, *, think_s: float = THINK_S,
        arrive_s: float = ARRIVE_S, max_s: float = MAX_S) -> dict:
    """Every size in turn (each on its own server); the figures, with the size at which p95 passes 2 s."""
    if not Path(CHROMIUM).exists():
        return {"skipped": f"no Chromium at {CHROMIUM}"}
    work = work or Path(tempfile.mkdtemp(prefix="bench-load-"))
    started = time.perf_counter()
    results = {}
    for size in sizes or SIZES:
        print(f"Load: {size} participants…", flush=True)
        r = results[str(size)] = run_size(size, work, think_s, arrive_s, max_s)
        shown = "no click measured" if r["p95_ms"] is None else (
            f"p50 {r['p50_ms']:.0f} ms · p95 {r['p95_ms']:.0f} ms · max {r['max_ms']:.0f} ms")
        print(f"  {shown} · errors {r['errors']} · unfinished at the cap {r['cut']} · {r['wall_s']:.0f} s", flush=True)
    passes = [int(s) for s, r in results.items() if r["p95_ms"] is None or r["p95_ms"] > TARGET_P95_MS]
    return {"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "sizes": results, "think_s": think_s, "arrive_s": arrive_s,
            "timeout_s": TIMEOUT_S, "max_s": max_s, "steps": STEPS, "target_p95_ms": TARGET_P95_MS,
            "p95_passes_target_at": min(passes) if passes else None, "cpus": os.cpu_count(),
            "total_s": time.perf_counter() - started}


def _cpu_s(pid: int) -> float:
    """User and system CPU seconds the process has used (/proc/PID/stat, in clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _load() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


# ---- the report -------------------------------------------------------------------------------------------

def table_rows(r: dict) -> list[tuple[str, str, str, str]]:
    """(figure, measured, target, verdict) per size."""
    if "skipped" in r:
        return [("load test", r["skipped"], "", "n/a")]
    rows = []
    for size, s in r["sizes"].items():
        p95 = s["p95_ms"]
        verdict = "n/a" if p95 is None else ("ok" if p95 <= r["target_p95_ms"] else "PASSED 2 s")
        shown = "no click measured" if p95 is None else (
            f"p50 {s['p50_ms']:.0f} · p95 {p95:.0f} · max {s['max_ms']:.0f} ms")
        rows.append((f"load {size} participants: click → idle", shown, f"p95 ≤ {r['target_p95_ms'] / 1000:.0f} s",
                     verdict))
        rows.append((f"load {size} participants: errors", f"{s['errors']} of {s['participants']} ({s['finished']} "
                     f"finished, {s['cut']} unfinished at the cap, {s['clicks']} clicks)", "0",
                     "ok" if not s["errors"] else "ERRORS"))
    return rows


def closing_note(r: dict) -> str:
    if "skipped" in r:
        return r["skipped"]
    at = r["p95_passes_target_at"]
    sizes = ", ".join(r["sizes"])
    if at is None:
        return f"p95 stayed within 2 s at every size measured ({sizes} participants)."
    cut = sum(s["cut"] for s in r["sizes"].values())
    late = f"; {cut} participants had not finished when their size's time was up" if cut else ""
    return f"p95 passes 2 s at {_people(at)} (sizes measured: {sizes}{late})."


def _people(n: int | str) -> str:
    return f"{n} participant" if int(n) == 1 else f"{n} participants"


def where_the_time_went(r: dict) -> str:
    """How much the server worked beside the wall time: a low share on a loaded machine is a starved server as much
    as an idle one, so it is said with the machine's load."""
    share = max(s["server_cpu_share"] for s in r["sizes"].values())
    if share >= 0.5:
        return f"The server process was busy up to {share:.0%} of one CPU's time: it is (near) the bottleneck."
    loads = [x for s in r["sizes"].values() for x in (s.get("load_before") or [])[:1] + (s["load_after"] or [])[:1]]
    load = f" (load average {min(loads):g} to {max(loads):g} on {r['cpus']} CPUs)" if loads else ""
    return (f"The server process used at most {share:.0%} of one CPU's time at any size: on a machine this busy"
            f"{load} every process, the server and each browser alike, gets a small share of the CPUs, so these "
            "figures measure the machine's load more than the server.")


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f} ms"


def markdown(r: dict) -> list[str]:
    """The section of bench/RESULTS.md: the closing note, a row per size, then each size's steps and errors."""
    lines = ["## Load: a workshop against one server process", ""]
    if "skipped" in r:
        return [*lines, r["skipped"], ""]
    lines += [
        f"Made on {r['when']}. Each participant signs in through the test provider (participant-N@example.com), "
        "uses the goal example and saves the goal, adds three people, writes a script and saves it as a version, "
        f"schedules a meeting and proposes a question plan: {len(r['steps'])} timed clicks, a random "
        f"{r['think_s']:g} s (0.5× to 1.5×) between clicks, arrivals {r['arrive_s']:g} s apart on average, each size capped "
        f"at {r['max_s']:.0f} s. One server process (hosted mode, a fresh database per size) and one Chromium with a "
        f"context per participant, on the same machine ({r['cpus']} CPUs). Click → idle: the server has sent the end "
        "of the run the click started and the page is idle. Errors: an exception shown, a step not idle within "
        f"{r['timeout_s']:.0f} s, or a result not shown. The participants' browsers share the server's CPUs, and "
        "the machine may be shared with other work (load average in the table): the figures are an upper bound of "
        "what one process on a machine of its own gives.", "",
        f"**{closing_note(r)}** {where_the_time_went(r)}", "",
        "| participants | finished | clicks | p50 | p95 | max | errors | unfinished at the cap | server CPU (share "
        "of the time) | server peak memory | took | load before → after |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for size, s in r["sizes"].items():
        lines.append(f"| {size} | {s['finished']} | {s['clicks']} | {_ms(s['p50_ms'])} | {_ms(s['p95_ms'])} | "
                     f"{_ms(s['max_ms'])} | {s['errors']} | {s['cut']} | {s['server_cpu_s']} s ({s['server_cpu_share']:.0%}) | "
                     f"{s['server_peak_rss_mb']:.0f} MB | {s['wall_s']:.0f} s | "
                     f"{(s.get('load_before') or ['–'])[0]} → {(s['load_after'] or ['–'])[0]} |")
    lines.append("")
    for size, s in r["sizes"].items():
        lines += [f"### {_people(size)}, per step", "", "| step | clicks | p50 | p95 | max |",
                  "| --- | --- | --- | --- | --- |"]
        lines += [f"| {k} | {v['n']} | {_ms(v['p50_ms'])} | {_ms(v['p95_ms'])} | {_ms(v['max_ms'])} |"
                  for k, v in s["steps"].items()]
        lines.append("")
        if s["error_kinds"]:
            lines.append("- Errors: " + ", ".join(f"{k} ({n})" for k, n in s["error_kinds"].items()))
        lines += [f"- Error: {sample}" for sample in s["error_samples"]]
        if s["error_samples"]:
            lines.append("")
    return lines
