"""Several app processes on one PostgreSQL database keep the trust issue's guarantees (issue 20).

Each worker is a process of its own (as each app process behind a proxy is), with its own connection pool, started
together at a barrier so their writes race: a repeated one-shot action stores once, an edit made from a form
opened before another process saved is refused (Conflict), never silently undoing it, and every acknowledged write
of a busy mix is there afterwards, with conflicts retried rather than shown.
"""
from __future__ import annotations

import multiprocessing

import pytest

from lib import contacts, db, outreach, pg, rows, workbooks
from lib.errors import Conflict
from tests import pg_engine

PROCESSES = 4


@pytest.fixture
def pg_url(pg_server):
    """A fresh, migrated PostgreSQL database on the session's server (tests/pg_engine.py)."""
    with pg_engine.fresh_database(pg_server) as url:
        yield url


def _in_processes(target, url: str, *args) -> list:
    """Run target(url, barrier, n, *args) in PROCESSES processes at once; their return values (or raised errors
    as ("error", text)) in order."""
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(PROCESSES), ctx.Queue()
    procs = [ctx.Process(target=_run, args=(target, url, barrier, n, args, results)) for n in range(PROCESSES)]
    for p in procs:
        p.start()
    got = dict(results.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(timeout=30)
    return [got[n] for n in range(PROCESSES)]


def _run(target, url, barrier, n, args, results) -> None:
    con = db.open(url)
    try:
        results.put((n, target(con, barrier, n, *args)))
    except Exception as e:  # noqa: BLE001 - reported to the test, which asserts on it
        results.put((n, ("error", f"{type(e).__name__}: {e}")))
    finally:
        con.close()


def _add_with_one_token(con, barrier, n, wb):
    barrier.wait()
    return contacts.add(con, wb, full_name="Dana Whitfield", token="one-click")


def _edit_from_the_same_form(con, barrier, n, wb, person, version, title):
    barrier.wait()
    try:
        return ("saved", contacts.update(con, wb, person, title=f"Title from process {n}",
                                         opened=rows.Opened(version, {"title": title})))
    except Conflict:
        return ("refused", None)


def _busy_mix(con, barrier, n, wb, person):
    barrier.wait()
    done = []
    for k in range(15):
        done.append(outreach.log_attempt(con, wb, person, channel="email", message=f"p{n} #{k}").id)
        workbooks.rename(con, wb, f"Shared workbook {n}-{k}")  # every process bumps the same row
    return done


def test_a_one_shot_action_repeated_by_several_processes_stores_one_person(pg_url):
    con = db.open(pg_url)
    wb = workbooks.create(con, "Shared")
    ids = _in_processes(_add_with_one_token, pg_url, wb)
    assert len(set(ids)) == 1 and isinstance(ids[0], int), ids
    assert db.scalar(con, "SELECT count(*) FROM contacts WHERE workbook_id = ?", [wb]) == 1
    con.close()


def test_an_edit_from_a_stale_form_in_another_process_is_refused_not_silently_applied(pg_url):
    con = db.open(pg_url)
    wb = workbooks.create(con, "Shared")
    person = contacts.add(con, wb, full_name="Dana Whitfield", title="Hydrologist")
    version = rows.read(con, "contacts", wb, person)["version"]
    outcomes = _in_processes(_edit_from_the_same_form, pg_url, wb, person, version, "Hydrologist")
    assert sorted(kind for kind, _ in outcomes) == ["refused"] * (PROCESSES - 1) + ["saved"], outcomes
    winner = next(n for n, (kind, _) in enumerate(outcomes) if kind == "saved")
    assert contacts.get(con, wb, person)["title"] == f"Title from process {winner}"
    con.close()


def test_every_acknowledged_write_of_busy_processes_is_kept_and_no_conflict_is_shown(pg_url):
    con = db.open(pg_url)
    wb = workbooks.create(con, "Shared")
    people = [contacts.add(con, wb, full_name=f"Person {n}") for n in range(PROCESSES)]
    per_process = _in_processes(_busy_mix_each, pg_url, wb, people)
    errors = [r for r in per_process if isinstance(r, tuple)]
    assert not errors, errors
    acknowledged = {a for done in per_process for a in done}
    stored = {r[0] for r in con.execute("SELECT id FROM outreach WHERE workbook_id = ?", [wb]).fetchall()}
    assert len(acknowledged) == PROCESSES * 15 and acknowledged <= stored
    con.close()


def _busy_mix_each(con, barrier, n, wb, people):
    return _busy_mix(con, barrier, n, wb, people[n])


def test_handles_dropped_without_closing_give_their_connection_back_to_the_pool(pg_url):
    # The hostile test: each page load's cursor (a thread's, dropped with the thread) kept a connection counted out
    # of the pool, and after about 20 loads no page could get one (PoolTimeout after 30 s).
    database = pg.Database(pg_url, max_size=2)
    try:
        for n in range(10):
            handle = pg.Handle(database)  # as a run's cursor: never closed, dropped when the run's thread ends
            assert handle.execute("SELECT ?", [n]).fetchone() == (n,)
            del handle
        database.pool.wait(timeout=5)
        assert database.pool.get_stats()["pool_available"] >= 1
        last = pg.Handle(database)
        assert last.execute("SELECT 1").fetchone() == (1,)
        last.close()
    finally:
        database.close()


def test_runs_holding_every_connection_still_read_their_data_version(pg_url, monkeypatch):
    # The load test at 60 participants on one process: every connection of the pool held by a run, and each run
    # asking for one more to read its workbook's data version (lib/data_versions.py), so none could go on until
    # PoolTimeout. Statements outside a handle now have a pool of their own.
    monkeypatch.setattr(pg, "POOL_WAIT_S", 3.0)  # a stuck wait fails the test in seconds, not minutes
    database = pg.Database(pg_url, max_size=2)
    runs = [pg.Handle(database), pg.Handle(database)]  # the whole pool, held as two script runs hold it
    try:
        from lib import data_versions

        store = data_versions.InDatabase(database)
        store.bump(7)
        assert store.get(7)[0] > 0 and store.latest() >= store.get(7)[0]
        assert all(run.execute("SELECT 1").fetchone() == (1,) for run in runs)
    finally:
        for run in runs:
            run.close()
        database.close()
