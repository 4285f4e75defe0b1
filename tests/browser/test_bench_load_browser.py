"""The load test of the benchmark works end to end: two participants play the whole workshop at once against one
hosted server (real sign-in through the test provider), and it reports numbers and no error. No timing asserted."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench import load

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]


def test_two_participants_play_the_workshop_and_the_figures_are_reported(tmp_path):
    # in a thread of its own: the harness runs its own event loop (asyncio Playwright), which cannot start inside
    # the one the browser tests' Playwright keeps on this thread
    with ThreadPoolExecutor(1) as pool:
        out = pool.submit(load.run, [2], tmp_path, think_s=0.2, arrive_s=0.25, max_s=600).result()
    if "skipped" in out:
        pytest.skip(out["skipped"])
    two = out["sizes"]["2"]
    assert two["errors"] == 0, two["error_samples"]
    assert two["finished"] == 2 and two["cut"] == 0
    assert two["clicks"] == 2 * len(load.STEPS)  # every click of both participants timed
    assert list(two["steps"]) == load.STEPS and all(s["n"] == 2 for s in two["steps"].values())
    assert 0 < two["p50_ms"] <= two["p95_ms"] <= two["max_ms"]
    assert two["server_cpu_s"] > 0 and two["server_peak_rss_mb"] > 0
    # two participants, two workbooks of their own on the one server
    import duckdb

    con = duckdb.connect(str(tmp_path / "load-2" / "hosted.duckdb"), read_only=True)
    try:
        owners = {r[0] for r in con.execute("SELECT owner FROM workbooks").fetchall()}
    finally:
        con.close()
    assert {"participant-1@example.com", "participant-2@example.com"} <= owners
    rows = load.table_rows(out)
    assert [r[0] for r in rows] == ["load 2 participants: click → idle", "load 2 participants: errors"]
    text = "\n".join(load.markdown(out))
    assert f"| 2 | 2 | {2 * len(load.STEPS)} |" in text and "### 2 participants, per step" in text and "| propose a plan | 2 |" in text
    assert load.closing_note(out) in text
