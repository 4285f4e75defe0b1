"""The load test's figures (bench/load.py) as rows of `make bench`'s table and as a section of bench/RESULTS.md."""
from __future__ import annotations


def _setups(r: dict) -> dict:
    return {k: v for k, v in r.get("setups", {}).items() if "skipped" not in v}


def table_rows(r: dict) -> list[tuple[str, str, str, str]]:
    """(figure, measured, target, verdict) per setup and size."""
    if "skipped" in r:
        return [("load test", r["skipped"], "", "n/a")]
    rows = []
    for setup, one in r["setups"].items():
        if "skipped" in one:
            rows.append((f"load {setup}", one["skipped"], "", "n/a"))
            continue
        for size, s in one["sizes"].items():
            p95 = s["p95_ms"]
            verdict = "n/a" if p95 is None else ("ok" if p95 <= r["target_p95_ms"] else "PASSED 2 s")
            shown = "no click measured" if p95 is None else (
                f"p50 {s['p50_ms']:.0f} · p95 {p95:.0f} · max {s['max_ms']:.0f} ms")
            rows.append((f"load {setup}, {size} participants: click → answer", shown,
                         f"p95 ≤ {r['target_p95_ms'] / 1000:.0f} s", verdict))
            bad = s["errors"] + s["stored"]["wrong"]
            rows.append((f"load {setup}, {size} participants: errors", f"{s['errors']} of {s['participants']} "
                         f"({s['finished']} finished, {s['cut']} unfinished at the cap; stored wrong "
                         f"{s['stored']['wrong']})", "0", "ok" if not bad else "ERRORS"))
    return rows


def closing_note(r: dict) -> str:
    if "skipped" in r:
        return r["skipped"]
    notes = []
    for setup, one in _setups(r).items():
        at, sizes = one["p95_passes_target_at"], ", ".join(one["sizes"])
        if at is None:
            notes.append(f"{setup}: p95 stayed within 2 s at every size measured ({sizes} participants).")
        else:
            cut = sum(s["cut"] for s in one["sizes"].values())
            late = f"; {cut} participants had not finished when their size's time was up" if cut else ""
            notes.append(f"{setup}: p95 passes 2 s at {_people(at)} (sizes measured: {sizes}{late}).")
    return " ".join(notes)


def _people(n: int | str) -> str:
    return f"{n} participant" if int(n) == 1 else f"{n} participants"


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f} ms"


def _beside(s: dict) -> str:
    b = s.get("browser_beside")
    if not b or b["p50_ms"] is None:
        return "–"
    state = "finished" if b["finished"] else ("unfinished" if b["cut"] else "error")
    return f"{_ms(b['p50_ms'])} / {_ms(b['p95_ms'])} ({state})"


def _cpu(s: dict) -> str:
    per = " + ".join(f"{c:g}" for c in s["process_cpu_s"])
    pg = f"; PostgreSQL {s['postgresql_cpu_s']:g} s" if s.get("postgresql_cpu_s") is not None else ""
    client = f"; participants {s['client_cpu_s']:g} s" if s.get("client_cpu_s") is not None else ""
    return f"{per} s ({s['server_cpu_share']:.0%} of a core at most){pg}{client}"


def _method(r: dict) -> str:
    client = ("over Streamlit's websocket protocol (bench/ws_client.py), all of them in one asyncio process, with "
              "one more participant in Chromium beside them (its p50 / p95 in its own column: click → idle page)"
              if r.get("client") == "websocket" else "each in a Chromium context (the browsers share the server's CPUs)")
    return (f"Made on {r['when']}. Each participant signs in through the test provider (participant-N@example.com), "
            "uses the goal example and saves the goal, adds three people, writes a script and saves it as a version, "
            f"schedules a meeting and proposes a question plan: {len(r['steps'])} timed clicks, a random "
            f"{r['think_s']:g} s (0.5× to 1.5×) between clicks, arrivals {r['arrive_s']:g} s apart on average, each "
            f"size capped at {r['max_s']:.0f} s, on fresh servers and a fresh database. Participants play {client}. "
            "Click → answer: from the click's message to the server's end of the run it started. Errors: an exception "
            f"shown, no answer within {r['timeout_s']:.0f} s, or a result not shown; afterwards the database must hold "
            "exactly each finished participant's three people, meeting, plan and version ('stored wrong' counts those "
            f"that do not). The machine has {r['cpus']} CPUs; the app processes, PostgreSQL, the test provider and "
            "the participants all share them.")


def markdown(r: dict) -> list[str]:
    """The section of bench/RESULTS.md: the closing note, a row per setup and size, then the steps."""
    lines = ["## Load: a workshop against one or two server processes", ""]
    if "skipped" in r:
        return [*lines, r["skipped"], ""]
    lines += [_method(r), "", f"**{closing_note(r)}**", "",
              "| setup | participants | finished | clicks | p50 | p95 | max | errors | stored wrong | unfinished "
              "at the cap | browser beside p50 / p95 | CPU: app processes (PostgreSQL; participants) | peak memory | took | load before → "
              "after |",
              "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for setup, one in r["setups"].items():
        if "skipped" in one:
            lines.append(f"| {setup} | {one['skipped']} |" + " |" * 13)
            continue
        for size, s in one["sizes"].items():
            lines.append(
                f"| {setup} | {size} | {s['finished']} | {s['clicks']} | {_ms(s['p50_ms'])} | {_ms(s['p95_ms'])} | "
                f"{_ms(s['max_ms'])} | {s['errors']} | {s['stored']['wrong']} | {s['cut']} | {_beside(s)} | {_cpu(s)} | "
                f"{s['server_peak_rss_mb']:.0f} MB | {s['wall_s']:.0f} s | {(s.get('load_before') or ['–'])[0]} → "
                f"{(s['load_after'] or ['–'])[0]} |")
    lines.append("")
    for setup, one in _setups(r).items():
        sizes = list(one["sizes"])
        lines += [f"### {setup}, per step (p50 / p95)", "", "| step | " + " | ".join(_people(n) for n in sizes) + " |",
                  "| --- |" + " --- |" * len(sizes)]
        for step in r["steps"]:
            cells = [one["sizes"][n]["steps"].get(step) for n in sizes]
            lines.append(f"| {step} | " + " | ".join(
                f"{_ms(c['p50_ms'])} / {_ms(c['p95_ms'])}" if c else "–" for c in cells) + " |")
        lines.append("")
        for size, s in one["sizes"].items():
            if s["error_kinds"]:
                lines.append(f"- {_people(size)}, errors: " + ", ".join(f"{k} ({n})" for k, n in s["error_kinds"].items()))
            lines += [f"- {_people(size)}: {sample}" for sample in s["error_samples"][:3]]
            lines += [f"- {_people(size)}, stored wrong: {w}" for w in s["stored"]["wrong_samples"]]
        lines.append("")
    return lines
