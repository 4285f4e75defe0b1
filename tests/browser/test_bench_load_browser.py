"""The load test of the benchmark works end to end: participants over the websocket play the whole workshop at once
against hosted servers (real sign-in through the test provider), one more in Chromium beside them, on one DuckDB
process and on two PostgreSQL processes; it reports numbers, no error, and what the database holds. No timing
asserted."""
import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench import load, load_report
from lib import contacts, db, workbooks
from tools import pg_cluster

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]


def _run(tmp_path, setup: str) -> dict:
    # in a thread of its own: the harness runs its own event loop, which cannot start inside the one the browser
    # tests' Playwright keeps on this thread
    with ThreadPoolExecutor(1) as pool:
        out = pool.submit(load.run, [2], tmp_path, setups=[setup], think_s=0.2, arrive_s=0.25, max_s=600).result()
    if "skipped" in out or "skipped" in out["setups"][setup]:
        pytest.skip(out.get("skipped") or out["setups"][setup]["skipped"])
    return out


def _played(two: dict) -> None:
    assert two["errors"] == 0, two["error_samples"]
    assert two["finished"] == 2 and two["cut"] == 0
    assert two["clicks"] == 2 * len(load.STEPS)  # every click of both participants timed
    assert list(two["steps"]) == load.STEPS and all(s["n"] == 2 for s in two["steps"].values())
    assert 0 < two["p50_ms"] <= two["p95_ms"] <= two["max_ms"]
    assert two["stored"] == {"checked": 2, "wrong": 0, "wrong_samples": []}  # read back from the database
    beside = two["browser_beside"]
    assert beside["finished"] and beside["error"] is None and beside["clicks"] == len(load.STEPS)


def test_two_participants_and_a_browser_play_the_workshop_on_duckdb(tmp_path):
    out = _run(tmp_path, "duckdb-1")
    two = out["setups"]["duckdb-1"]["sizes"]["2"]
    _played(two)
    assert two["processes"] == 1 and two["server_cpu_s"] > 0 and two["server_peak_rss_mb"] > 0
    assert two["postgresql_cpu_s"] is None
    rows = load_report.table_rows(out)
    assert [r[0] for r in rows] == ["load duckdb-1, 2 participants: click → answer",
                                    "load duckdb-1, 2 participants: errors"]
    text = "\n".join(load_report.markdown(out))
    assert f"| duckdb-1 | 2 | 2 | {2 * len(load.STEPS)} |" in text and "### duckdb-1, per step" in text
    assert "| propose a plan | " in text and load_report.closing_note(out) in text
    assert (tmp_path / "load-duckdb-1-2" / "load-participant-3-done.png").exists()  # the browser beside, at the end


@pytest.mark.skipif(pg_cluster.binaries() is None and os.environ.get("CI") != "true", reason="no PostgreSQL here")
def test_participants_are_dealt_to_two_postgresql_processes_and_all_is_stored(tmp_path):
    out = _run(tmp_path, "postgresql-2")
    two = out["setups"]["postgresql-2"]["sizes"]["2"]
    _played(two)
    assert two["processes"] == 2 and all(cpu > 0 for cpu in two["process_cpu_s"])  # each served someone
    assert two["postgresql_cpu_s"] > 0


def test_the_stored_check_sees_a_person_stored_twice(tmp_path):
    path = str(tmp_path / "check.duckdb")
    con = db.open(path)
    try:
        for email, extra in (("participant-1@example.com", 0), ("participant-2@example.com", 1)):
            wb = workbooks.create(con, "Workshop", owner=email)
            for i in range(3 + extra):  # participant 2 holds one person more than the workshop added
                contacts.add(con, wb, full_name=f"Person {i}")
    finally:
        con.close()

    class Finished:
        done = True

        def __init__(self, n):
            self.email = f"participant-{n}@example.com"

    held = load.stored(path, [Finished(1), Finished(2)])
    assert held["checked"] == 2 and held["wrong"] == 2  # neither has a meeting, plan or version; 2 has 4 people
    assert "participant-2@example.com: people, meetings, plans, versions = [4, 0, 0, 0]" in held["wrong_samples"]
