"""The lib suite on PostgreSQL (issue 20): with WORKBOOK_TEST_PG set to a server's URL (no database name, e.g.
postgresql://workbook@127.0.0.1:55432), every test's `con` opens one database of this test run on that server,
migrated once, and emptied before each test (every table but the migrations' record, every sequence from 1), so
each test starts as on a new DuckDB file."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

SERVER = os.environ.get("WORKBOOK_TEST_PG", "").rstrip("/")
_NAME = f"workbook_test_{os.getpid()}"
_made: list[str] = []


def _connect(database: str):
    import psycopg

    return psycopg.connect(f"{SERVER}/{database}", autocommit=True)


def _database() -> str:
    """The URL of this run's database, made and migrated on first use."""
    url = f"{SERVER}/{_NAME}"
    if not _made:
        from lib import db

        with _connect("postgres") as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {_NAME} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {_NAME}")
        db.open(url).close()
        _made.append(url)
    return url


def _empty(url_database: str) -> None:
    with _connect("postgres") as admin:  # a handle a test left open (in a transaction) must not block TRUNCATE
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s"
                      " AND pid <> pg_backend_pid()", [url_database])
    with _connect(url_database) as c:
        tables = [r[0] for r in c.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            " AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'").fetchall()]
        sequences = [r[0] for r in c.execute(
            "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public'").fetchall()]
        if tables:
            c.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables))
        for sequence in sequences:
            c.execute(f'ALTER SEQUENCE "{sequence}" RESTART')


@contextmanager
def fresh_database() -> Iterator[str]:
    """The URL of this run's database, emptied: as a new, migrated database."""
    url = _database()
    _empty(_NAME)
    yield url
