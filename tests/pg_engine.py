"""The lib suite on both engines (issue 20): every test whose database is the `con` fixture runs twice, ids
[duckdb] and [postgresql], unless it is marked duckdb_only (a test of the DuckDB file itself) or is an AppTest or
browser test (the app under test opens its own DuckDB file).

The server: WORKBOOK_TEST_PG, a server's URL without a database name (e.g. postgresql://workbook@127.0.0.1:55432),
else a throw-away cluster (tools/pg_cluster.py) started once for the session when PostgreSQL's binaries are
installed. Without them the [postgresql] half is skipped with the reason, except under CI=true, where it fails.
WORKBOOK_TEST_PG=off skips it on purpose (a quick run on DuckDB alone).

On the server, one database of this test run is migrated once and emptied before each test (every table but the
migrations' record, every sequence from 1), so each test starts as on a new DuckDB file.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tools import pg_cluster

CHOSEN = os.environ.get("WORKBOOK_TEST_PG", "").strip().rstrip("/")
OFF = CHOSEN.lower() == "off"
_NAME = f"workbook_test_{os.getpid()}"
_ready: dict[str, tuple] = {}  # server URL → (an open connection to this run's database there, how to empty it)


def unavailable() -> str | None:
    """Why the [postgresql] half cannot run here (None when it can)."""
    if OFF:
        return "WORKBOOK_TEST_PG=off: the lib suite runs on DuckDB only"
    if CHOSEN or pg_cluster.binaries() is not None:
        return None
    return ("PostgreSQL is not installed (Debian: apt-get install postgresql), so the lib suite's [postgresql] half "
            "is skipped; or set WORKBOOK_TEST_PG to a server's URL")


def runs_on_both(definition) -> bool:
    """Whether a test taking `con` runs on both engines."""
    if "browser" in definition.path.parts:
        return False
    return not any(definition.get_closest_marker(m) for m in ("duckdb_only", "apptest", "browser"))


def engines() -> list:
    """The parameters of the `engine` fixture: [postgresql] skipped with its reason where it cannot run (it fails
    instead under CI, where PostgreSQL must be there)."""
    why = unavailable()
    if why and os.environ.get("CI") != "true":
        return ["duckdb", pytest.param("postgresql", marks=pytest.mark.skip(reason=why))]
    return ["duckdb", "postgresql"]


@contextmanager
def server() -> Iterator[str]:
    """The URL (no database name) of the server for this test session."""
    why = unavailable()
    if why and os.environ.get("CI") == "true":
        pytest.fail(f"CI=true, and the lib suite must run on PostgreSQL too: {why}", pytrace=False)
    if why:
        pytest.skip(why)
    if CHOSEN:
        yield CHOSEN
        return
    with pg_cluster.running() as cluster:
        yield cluster.url


def _connect(url: str):
    import psycopg

    return psycopg.connect(url, autocommit=True)


def _prepare(server_url: str) -> tuple:
    """This run's database on the server, made and migrated; an open connection to it (kept for emptying) and
    the statements that empty it."""
    from lib import db

    with _connect(f"{server_url}/postgres") as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {_NAME} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {_NAME}")
    db.open(f"{server_url}/{_NAME}").close()
    keeper = _connect(f"{server_url}/{_NAME}")
    tables = [r[0] for r in keeper.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        " AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'").fetchall()]
    sequences = [r[0] for r in keeper.execute(
        "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public'").fetchall()]
    # One round trip on a connection kept open empties everything (the names come from the catalog). DELETE of
    # a test's few rows costs a sixth of TRUNCATE's new files; a table a big test filled is truncated instead,
    # so its dead rows do not slow the next tests down.
    empty_tables = "".join(
        f'DELETE FROM "{t}"; GET DIAGNOSTICS n = ROW_COUNT; IF n > 1000 THEN TRUNCATE "{t}"; END IF; '
        for t in tables)
    return keeper, "; ".join(
        ["SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
         " AND pid <> pg_backend_pid()",  # a handle a test left open (in a transaction) must not block it
         f"DO $$ DECLARE n bigint; BEGIN {empty_tables}END $$",
         *(f'ALTER SEQUENCE "{s}" RESTART' for s in sequences)])


@contextmanager
def fresh_database(server_url: str) -> Iterator[str]:
    """The URL of this run's database on the server, emptied: as a new, migrated database."""
    if server_url not in _ready:
        _ready[server_url] = _prepare(server_url)
    keeper, emptying = _ready[server_url]
    keeper.execute(emptying)
    yield f"{server_url}/{_NAME}"


@contextmanager
def new_database(server_url: str, name: str) -> Iterator[str]:
    """A new, empty database on the server (not migrated), dropped afterwards; its URL."""
    with _connect(f"{server_url}/postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server_url}/{name}"
    finally:
        with _connect(f"{server_url}/postgres") as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def close() -> None:
    """End this run's connections (before its server stops)."""
    for keeper, _ in _ready.values():
        keeper.close()
    _ready.clear()
