"""Crashes and restarts: a writer process killed with SIGKILL at random moments, many times. The database always
reopens and every write the writer acknowledged (printed after its COMMIT returned) is there."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lib import db
from tests.conftest import ROOT, page_errors

KILLS = 15
SEED = 20260311

# The writer: opens the database the app's way (db.open: connect, migrate, sync the bank), then writes forever.
# Three kinds of write, each one transaction: a contact; a contact moved to "contacted" together with its
# outreach row (two statements); and now and then a CHECKPOINT, so kills also land while the file is rewritten.
WRITER = r"""
import sys
from datetime import datetime
from lib import db

path, tag = sys.argv[1], sys.argv[2]
print("OPENING", flush=True)
con = db.open(path)
workbook_id = db.scalar(con, "SELECT min(id) FROM workbooks") or con.execute(
    "INSERT INTO workbooks (name) VALUES ('Crash test') RETURNING id").fetchone()[0]
print("OPEN", flush=True)

@db.retry_on_conflict
def add_contact(name):
    with db.transaction(con) as cur:
        cur.execute("INSERT INTO contacts (workbook_id, full_name) VALUES (?, ?)", [workbook_id, name])

@db.retry_on_conflict
def reach_out(name):
    with db.transaction(con) as cur:
        contact = cur.execute("INSERT INTO contacts (workbook_id, full_name, stage) VALUES (?, ?, 'contacted')"
                              " RETURNING id", [workbook_id, name]).fetchone()[0]
        cur.execute("INSERT INTO outreach (workbook_id, contact_id, channel, message, attempted_at)"
                    " VALUES (?, ?, 'email', ?, ?)", [workbook_id, contact, "x" * 2000, datetime.now()])

n = 0
while True:
    name = f"{tag}-{n}"
    if n % 3 == 2:
        reach_out(name)
    else:
        add_contact(name)
    print("ACK", name, flush=True)  # only after COMMIT returned: this write is promised
    if n % 11 == 10:
        con.execute("CHECKPOINT")
    n += 1
"""


def start_writer(path, tag: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(path), tag], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def kill_after(proc: subprocess.Popen, lines: int) -> list[str]:
    """Read `lines` lines of the writer's output, SIGKILL it, then read what it printed before dying."""
    seen = []
    for _ in range(lines):
        line = proc.stdout.readline()
        if not line:
            break
        seen.append(line.strip())
    proc.send_signal(signal.SIGKILL)
    rest, err = proc.communicate(timeout=60)
    seen += [ln.strip() for ln in rest.splitlines()]
    assert proc.returncode == -signal.SIGKILL, f"the writer died by itself: {err[-2000:]}"
    return seen


def acknowledged(lines: list[str]) -> set[str]:
    return {ln.split(" ", 1)[1] for ln in lines if ln.startswith("ACK ")}


def check_database(path, promised: set[str]) -> None:
    """Reopen the way the app does and check every promise and the all-or-nothing of each transaction."""
    con = db.open(path)
    try:
        names = {r[0] for r in con.execute("SELECT full_name FROM contacts").fetchall()}
        missing = promised - names
        assert not missing, f"acknowledged writes lost after a crash: {sorted(missing)[:10]}"
        half_done = db.scalar(con, """
            SELECT count(*) FROM contacts c LEFT JOIN outreach o ON o.contact_id = c.id
            WHERE (c.stage = 'contacted') <> (o.id IS NOT NULL)""")
        assert half_done == 0, "a transaction was half applied"
        assert db.scalar(con, "SELECT count(*) = count(DISTINCT id) FROM contacts")
    finally:
        con.close()


def crash_many_times(path, kills: int, seed: int) -> set[str]:
    rng = random.Random(seed)
    promised: set[str] = set()
    for round_ in range(kills):
        proc = start_writer(path, f"r{round_}")
        # 1 line: killed while opening/migrating (round 0 is a brand-new file); more: mid-write or checkpoint.
        lines = 1 if round_ in (0, kills // 2) else rng.randint(2, 30)
        promised |= acknowledged(kill_after(proc, lines))
        check_database(path, promised)
    return promised


def test_a_writer_killed_at_random_moments_never_loses_an_acknowledged_write(tmp_path):
    promised = crash_many_times(tmp_path / "crash.duckdb", KILLS, SEED)
    assert len(promised) > KILLS  # the kills landed after real work, not only at start-up


@pytest.mark.slow
def test_twenty_more_kills_at_other_moments_still_lose_nothing(tmp_path):
    crash_many_times(tmp_path / "crash.duckdb", 20, SEED + 1)


def test_a_killed_writer_leaves_a_database_that_reopens_at_the_newest_schema(tmp_path):
    path = tmp_path / "crash.duckdb"
    kill_after(start_writer(path, "once"), 5)
    con = db.open(path)
    try:
        assert db.schema_version(con) == db.migration_files()[-1][0]
    finally:
        con.close()


def test_a_second_process_on_a_database_in_use_gets_a_clear_message(tmp_path):
    path = tmp_path / "busy.duckdb"
    writer = start_writer(path, "busy")
    try:
        assert writer.stdout.readline().strip() == "OPENING"
        assert writer.stdout.readline().strip() == "OPEN"
        probe = subprocess.run(
            [sys.executable, "-c", "import sys; from lib import db\ntry:\n db.open(sys.argv[1])\n"
             "except db.DatabaseLocked as e:\n print(e)\n sys.exit(3)", str(path)],
            cwd=ROOT, capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    finally:
        kill_after(writer, 0)
    assert probe.returncode == 3, probe.stderr
    assert "already open in another program" in probe.stdout
    assert "Traceback" not in probe.stdout + probe.stderr


def test_the_app_on_a_database_held_by_another_process_says_what_to_do(tmp_path, monkeypatch):
    path = tmp_path / "held.duckdb"
    writer = start_writer(path, "held")
    try:
        assert writer.stdout.readline().strip() == "OPENING"
        assert writer.stdout.readline().strip() == "OPEN"
        monkeypatch.setenv("WORKBOOK_DB", str(path))
        st.cache_resource.clear()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        assert not at.exception
        assert any("Only one copy of the app" in e for e in page_errors(at))
    finally:
        kill_after(writer, 0)
        st.cache_resource.clear()


def test_the_app_after_a_crash_shows_everything_that_was_acknowledged(tmp_path, monkeypatch):
    path = tmp_path / "after.duckdb"
    promised = acknowledged(kill_after(start_writer(path, "seen"), 30))
    monkeypatch.setenv("WORKBOOK_DB", str(path))
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        assert page_errors(at) == []
        from views import session

        con = session._root(str(path)).cursor()
        assert promised <= {r[0] for r in con.execute("SELECT full_name FROM contacts").fetchall()}
    finally:
        st.cache_resource.clear()

