"""`make bench`: how quickly the app answers, at the demo size and at a large size. Not a test.

Prints a table (figure, target, verdict) and writes every figure to bench/results.json.
Medians of repeated runs; the first (warm-up) run of each measurement is excluded.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from bench import browser as perceived, bulk, generate, load, load_report, saves  # noqa: E402
import streamlit.logger  # noqa: E402

import logging  # noqa: E402

# AppTest's bare-mode warnings would bury the table.
for _name in [n for n in logging.root.manager.loggerDict if n.startswith("streamlit")]:
    logging.getLogger(_name).setLevel(logging.ERROR)
streamlit.logger.set_log_level("error")
from views import registry  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "7"))
RESULTS = ROOT / "bench" / "results.json"
RESULTS_MD = ROOT / "bench" / "RESULTS.md"
TARGETS = {
    "page_large_ms": 100.0,        # every page at large, server side
    "page_vs_bare": 4.0,           # within 4x the bare one-line page
    "large_vs_small": 1.5,         # growth from demo size to large
    "save_ms": 50.0,               # each save at large
    "import_s": 3.0,               # 30,000-row LinkedIn import
    "browser_idle_s": 1.0,         # navigation to idle, Home and Network at large
    "peak_rss_mb": 400.0,          # server peak memory at large
}


def median_ms(action: Callable[[], object], repeat: int = REPEAT) -> float:
    """Median wall time of `action` in milliseconds; one warm-up run first, not counted."""
    action()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


# ---- 1. server-side render of every page -------------------------------------------------------

def _app_at(db_path: Path, workbook_id: int, page: str) -> AppTest:
    os.environ["WORKBOOK_DB"] = str(db_path)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["wb"] = str(workbook_id)
    at.run()
    at.switch_page(page)
    return at


def render_times(db_path: Path, workbook_id: int) -> dict[str, float]:
    st.cache_resource.clear()
    st.cache_data.clear()
    out = {}
    for name, page in registry.PAGES.items():
        at = _app_at(db_path, workbook_id, page)

        def run(at=at):
            at.run()
            if at.exception:
                raise RuntimeError(f"{name}: {at.exception[0].value}")

        out[name] = median_ms(run)
    st.cache_resource.clear()
    return out


def bare_page_ms() -> float:
    """The baseline of the issue: a bare one-line Streamlit page."""
    at = AppTest.from_string("import streamlit as st\nst.write('Hello')", default_timeout=60)
    return median_ms(at.run)


SHELL_PAGE = """
import streamlit as st
from views import session, ui
session.load_share_mode()
with st.sidebar:
    area = st.container()
    ui.share_mode_toggle()
with area:
    ui.workbook_picker()
st.write("Hello")
"""


def shell_page_ms(db_path: Path, workbook_id: int) -> float:
    """A one-line page inside the app's shell (connection, workbook picker, screen-share toggles): what every
    page pays before its own work, reported beside the bare page to tell the two costs apart."""
    st.cache_resource.clear()
    os.environ["WORKBOOK_DB"] = str(db_path)
    at = AppTest.from_string(SHELL_PAGE, default_timeout=60)
    at.query_params["wb"] = str(workbook_id)
    result = median_ms(at.run)
    st.cache_resource.clear()
    return result


# ---- 4/5. the browser: navigation to idle, peak memory, cold start -----------------------------

def browser_figures(db_path: Path, workbook_id: int) -> dict:
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, Server, wait_idle

    if not Path(CHROMIUM).exists():
        return {"skipped": f"no Chromium at {CHROMIUM}"}
    from playwright.sync_api import sync_playwright

    figures: dict = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # Cold start: from `streamlit run` to the first page idle in the browser.
        colds = []
        for _ in range(3):
            started = time.perf_counter()
            server = Server(db_path)
            pg = browser.new_page(viewport={"width": 1280, "height": 720})
            pg.goto(f"{server.url}/?wb={workbook_id}")
            wait_idle(pg, timeout=120_000)
            colds.append(time.perf_counter() - started)
            pg.close()
            server.stop()
        figures["cold_start_s"] = statistics.median(colds)

        server = Server(db_path)
        try:
            pg = browser.new_page(viewport={"width": 1280, "height": 720})
            for name, path in (("home", ""), ("network", "network")):
                times = []
                for attempt in range(REPEAT + 1):
                    started = time.perf_counter()
                    pg.goto(f"{server.url}/{path}?wb={workbook_id}")
                    wait_idle(pg, timeout=120_000)
                    if attempt:  # the first visit warms the server's caches
                        times.append(time.perf_counter() - started)
                figures[f"idle_{name}_s"] = statistics.median(times)
            for page in registry.PAGES:  # touch every page once so the peak covers them all
                pg.goto(f"{server.url}/{'' if page == 'home' else page}?wb={workbook_id}")
                wait_idle(pg, timeout=120_000)
            figures["peak_rss_mb"] = _peak_rss_mb(server.proc.pid)
        finally:
            server.stop()
        browser.close()
    return figures


def _peak_rss_mb(pid: int) -> float:
    """The kernel's high-water mark of resident memory for the server process."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import psutil

    return psutil.Process(pid).memory_info().rss / 2**20


# ---- the report --------------------------------------------------------------------------------

def verdict(value: float | None, target: float) -> str:
    if value is None:
        return "n/a"
    return "ok" if value <= target else "MISSED"


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    if args.browser_only:
        return browser_only(args.size)
    if args.load:
        return load_only(args.load_sizes)
    if args.bulk:
        return bulk_only()
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    small_db, large_db = work / "small.duckdb", work / "large.duckdb"
    print("Generating data…", flush=True)
    small_id = generate.make_small(small_db)
    large_id = generate.make_large(large_db)
    csv_path = generate.write_linkedin_csv(work / "Connections.csv")

    print("Rendering pages (AppTest)…", flush=True)
    bare = bare_page_ms()
    shell = shell_page_ms(large_db, large_id)
    small = render_times(small_db, small_id)
    large = render_times(large_db, large_id)

    print("Timing saves and the import…", flush=True)
    save_figures = saves.save_times(large_db, large_id, median_ms)
    import_figures = saves.import_times(work, large_db, large_id, csv_path)
    print("Bulk paths on DuckDB and PostgreSQL…", flush=True)
    bulk_figures = bulk.run(large_db, large_id, csv_path)

    print("Browser…", flush=True)
    browser = browser_figures(large_db, large_id)
    browser["perceived"] = perceived.run(_sizes(args.size, (small_db, small_id), (large_db, large_id)), work)

    results = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(), "memory_gb": _memory_gb()},
        "repeat": REPEAT,
        "targets": TARGETS,
        "bare_page_ms": bare,
        "shell_page_large_ms": shell,
        "pages": {name: {"small_ms": small[name], "large_ms": large[name],
                         "large_vs_bare": large[name] / bare, "large_vs_shell": large[name] / shell,
                         "large_vs_small": large[name] / small[name]}
                  for name in registry.PAGES},
        "saves_ms": save_figures,
        "import_s": import_figures,
        "bulk_s": bulk_figures,
        "browser": browser,
        "total_s": time.perf_counter() - started,
    }
    if not args.no_load:
        print("Load test…", flush=True)
        results["load"] = load.run(args.load_sizes)
    elif RESULTS.exists() and "load" in (earlier := json.loads(RESULTS.read_text())):
        results["load"] = earlier["load"]  # the last load test's figures stay beside the new ones
    RESULTS.write_text(json.dumps(results, indent=2))
    write_markdown(results)
    print_table(results)
    shutil.rmtree(work, ignore_errors=True)
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--browser-only", action="store_true",
                        help="only the browser section (click → idle beside a bare app); other figures are kept")
    parser.add_argument("--size", choices=("small", "large", "both"), default="both",
                        help="which workbook the browser section runs on (both: also large ÷ small)")
    parser.add_argument("--load", action="store_true",
                        help="only the load test (a workshop at each size against one server); other figures are kept")
    parser.add_argument("--bulk", action="store_true",
                        help="only the bulk paths (LinkedIn import, workbook export/import) on DuckDB and PostgreSQL")
    parser.add_argument("--no-load", action="store_true", help="leave the load test out of the full run")
    parser.add_argument("--load-sizes", type=_sizes_list, default=load.SIZES,
                        help="participants per load size, comma separated (default BENCH_LOAD_SIZES or 10,30,60)")
    return parser.parse_args(argv)


def _sizes_list(text: str) -> list[int]:
    return [int(s) for s in text.split(",") if s.strip()]


def _sizes(size: str, small: tuple[Path, int], large: tuple[Path, int]) -> dict[str, tuple[Path, int]]:
    return {k: v for k, v in (("small", small), ("large", large)) if size in (k, "both")}


def browser_only(size: str) -> int:
    """The browser section alone: written into the "browser" key of bench/results.json (the other figures of the
    last full run are kept) and into bench/RESULTS.md."""
    work = Path(tempfile.mkdtemp(prefix="bench-browser-"))
    small = large = (None, None)
    print("Generating data…", flush=True)
    if size in ("small", "both"):
        small = (work / "small.duckdb", generate.make_small(work / "small.duckdb"))
    if size in ("large", "both"):
        large = (work / "large.duckdb", generate.make_large(work / "large.duckdb"))
    figures = perceived.run(_sizes(size, small, large), work)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results.setdefault("browser", {})["perceived"] = figures
    RESULTS.write_text(json.dumps(results, indent=2))
    if "pages" in results:
        write_markdown(results)
    else:
        RESULTS_MD.write_text("\n".join(["# Latest benchmark figures", "", *perceived.markdown(figures)]),
                              encoding="utf-8")
    for row in perceived.table_rows(figures):
        print("  ".join(row))
    shutil.rmtree(work, ignore_errors=True)
    return 0


def bulk_only() -> int:
    """The bulk paths alone: written into the "bulk_s" key of bench/results.json (the other figures are kept)."""
    work = Path(tempfile.mkdtemp(prefix="bench-bulk-"))
    print("Generating data…", flush=True)
    large_id = generate.make_large(work / "large.duckdb")
    figures = bulk.run(work / "large.duckdb", large_id, generate.write_linkedin_csv(work / "Connections.csv"))
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["bulk_s"] = figures
    RESULTS.write_text(json.dumps(results, indent=2))
    if "pages" in results:
        write_markdown(results)
    for row in bulk.table_rows(figures):
        print("  ".join(row))
    shutil.rmtree(work, ignore_errors=True)
    return 0


def load_only(sizes: list[int]) -> int:
    """The load test alone: written into the "load" key of bench/results.json (the other figures of the last run
    are kept) and into bench/RESULTS.md."""
    figures = load.run(sizes)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["load"] = figures
    RESULTS.write_text(json.dumps(results, indent=2))
    if "pages" in results:
        write_markdown(results)
    else:
        RESULTS_MD.write_text("\n".join(["# Latest benchmark figures", "", *load_report.markdown(figures)]),
                              encoding="utf-8")
    for row in load_report.table_rows(figures):
        print("  ".join(row))
    print(load_report.closing_note(figures))
    return 0


def _memory_gb() -> float | None:
    try:
        import psutil

        return round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:
        return None


def table_rows(r: dict) -> list[tuple[str, str, str, str]]:
    """(figure, measured, target, verdict) for every figure of a results dict."""
    rows = [("bare one-line page (AppTest)", f"{r['bare_page_ms']:.1f} ms", "baseline", ""),
            ("one-line page in the app's shell (large)", f"{r['shell_page_large_ms']:.1f} ms", "(reported)", "")]
    for name, f in r["pages"].items():
        rows.append((f"page {name}: small / large", f"{f['small_ms']:.1f} / {f['large_ms']:.1f} ms",
                     f"< {TARGETS['page_large_ms']:.0f} ms", verdict(f["large_ms"], TARGETS["page_large_ms"])))
        rows.append((f"page {name}: large ÷ bare page (÷ app shell)",
                     f"{f['large_vs_bare']:.1f}× ({f['large_vs_shell']:.1f}×)", f"< {TARGETS['page_vs_bare']:.0f}×",
                     verdict(f["large_vs_bare"], TARGETS["page_vs_bare"])))
        rows.append((f"page {name}: large ÷ small", f"{f['large_vs_small']:.2f}×", f"< {TARGETS['large_vs_small']}×",
                     verdict(f["large_vs_small"], TARGETS["large_vs_small"])))
    for name, ms in r["saves_ms"].items():
        shown = f"{ms:.1f} ms" if isinstance(ms, (int, float)) else str(ms)
        rows.append((f"save at large: {name}", shown, f"< {TARGETS['save_ms']:.0f} ms",
                     verdict(ms if isinstance(ms, (int, float)) else None, TARGETS["save_ms"])))
    for name, s in r["import_s"].items():
        shown = f"{s:.2f} s" if isinstance(s, (int, float)) else str(s)
        rows.append((f"LinkedIn import 30,000 rows: {name}", shown, f"< {TARGETS['import_s']:.0f} s",
                     verdict(s if isinstance(s, (int, float)) else None, TARGETS["import_s"])))
    b = r["browser"]
    if "skipped" in b:
        rows.append(("browser", b["skipped"], "", "n/a"))
    else:
        for name in ("home", "network"):
            rows.append((f"browser: {name} navigation → idle (large)", f"{b[f'idle_{name}_s']:.2f} s",
                         f"< {TARGETS['browser_idle_s']:.0f} s", verdict(b[f"idle_{name}_s"], TARGETS["browser_idle_s"])))
        rows.append(("server peak memory (large)", f"{b['peak_rss_mb']:.0f} MB", f"< {TARGETS['peak_rss_mb']:.0f} MB",
                     verdict(b["peak_rss_mb"], TARGETS["peak_rss_mb"])))
        rows.append(("cold start: streamlit run → first page idle", f"{b['cold_start_s']:.2f} s", "(reported)", ""))
    rows.append(("whole benchmark (without the load test)", f"{r['total_s']:.0f} s", "< 600 s",
                 verdict(r["total_s"], 600)))
    return rows


def print_table(r: dict) -> None:
    rows = table_rows(r)
    widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
    header = ("figure", "measured", "target", "")
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)))
    if "bulk_s" in r:
        for row in bulk.table_rows(r["bulk_s"]):
            print("  ".join(row))
    if "perceived" in r.get("browser", {}):
        for row in perceived.table_rows(r["browser"]["perceived"]):
            print("  ".join(row))
    if "load" in r:
        for row in load_report.table_rows(r["load"]):
            print("  ".join(row))
        print(load_report.closing_note(r["load"]))
    print(f"\nWritten to {RESULTS.relative_to(ROOT)} and {RESULTS_MD.relative_to(ROOT)} on {date.today()}.")


def write_markdown(r: dict) -> None:
    """The same table as Markdown, with the machine, for bench/README.md to link to."""
    m = r["machine"]
    lines = [
        "# Latest benchmark figures", "",
        f"Made by `make bench` on {r['when']}: {m['cpus']} CPUs, {m['memory_gb']} GiB, Python {m['python']}, "
        f"{m['platform']}; medians of {r['repeat']} runs after a warm-up.", "",
        "| figure | measured | target | |", "| --- | --- | --- | --- |",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in table_rows(r)], "",
    ]
    if "bulk_s" in r:
        lines += bulk.markdown(r["bulk_s"])
    if "perceived" in r.get("browser", {}):
        lines += perceived.markdown(r["browser"]["perceived"])
    if "load" in r:
        lines += load_report.markdown(r["load"])
    RESULTS_MD.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
