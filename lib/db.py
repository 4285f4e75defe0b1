"""The database: where it lives, how it is opened and migrated, and how writes are made safely.

Rules (DESIGN.md): one root connection per process; every script run or thread takes its own
`root.cursor()`; every multi-statement write runs in one explicit transaction, and conflicts are
retried; results are consumed fully.
"""
from __future__ import annotations

import functools
import inspect
import os
import random
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import duckdb

from lib import acting, data_versions, pg, question_bank
from lib.errors import Invalid

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATH = ROOT / "data" / "workbook.duckdb"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"

T = TypeVar("T")


class DatabaseLocked(RuntimeError):
    """Another process holds the database file; the message says what to do."""


def path_from_env() -> Path | str:
    """`WORKBOOK_DB` if set (a DuckDB file's path, or a `postgresql://` URL), else data/workbook.duckdb."""
    value = os.environ.get("WORKBOOK_DB", "").strip()
    if pg.is_url(value):
        return value
    return Path(value) if value else DEFAULT_PATH


def open(path: str | Path) -> duckdb.DuckDBPyConnection:  # noqa: A001 - mirrors duckdb.connect
    """Connect to the file (created if new) or the PostgreSQL server (a `postgresql://` URL, lib/pg.py), apply
    pending migrations, checkpoint.

    Raises DatabaseLocked, with a message fit for a person, when another process has the file open.
    """
    if pg.is_url(path):
        con = pg.open_database(str(path))
        data_versions.use(data_versions.InDatabase(con.database))
    else:
        con = _open_file(Path(path))
        data_versions.use(data_versions.IN_PROCESS)
    try:
        migrate(con)
        retry_on_conflict(sync_reference_data)(con)  # as any write: a conflicting writer is waited out
    except Exception:
        con.close()
        raise
    return con


def _open_file(path: Path) -> duckdb.DuckDBPyConnection:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(str(path))
    except duckdb.IOException as e:
        if "lock" in str(e).lower():
            raise DatabaseLocked(_locked_message(path, str(e))) from e
        raise


def sync_reference_data(con: duckdb.DuckDBPyConnection, bank_file: Path = question_bank.BANK_FILE) -> int:
    """Shipped reference data (the question bank) follows the files in data/: new keys inserted, changed
    ones updated, in one transaction. Writes nothing when already in step (so opening a database stays
    read-only in the common case). Returns how many rows were written."""
    changes = question_bank.pending(con, bank_file)
    if changes:
        with transaction(con) as cur:
            question_bank.write(cur, changes)
    return len(changes)


def _locked_message(path: Path, detail: str) -> str:
    pid = re.search(r"PID (\d+)", detail)
    holder = f" (process {pid.group(1)})" if pid else ""
    return (
        f"The workbook database {path} is already open in another program{holder}. "
        "Only one copy of the app can use it at a time. Close the other copy (or stop the other "
        "`make run`), then reload this page. To run a second copy side by side, start it with "
        "WORKBOOK_DB set to a different file."
    )


def migration_files() -> list[tuple[int, Path]]:
    """Numbered SQL files of lib/migrations, in order."""
    found = []
    for file in MIGRATIONS.glob("*.sql"):
        number = re.match(r"(\d+)_", file.name)
        if number:
            found.append((int(number.group(1)), file))
    return sorted(found)


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest migration applied, 0 for a new database."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply every migration newer than the database, each in its own transaction; return the version."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, applied_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp())"
    )
    current = schema_version(con)
    applied = False
    for number, file in migration_files():
        if number <= current:
            continue
        with transaction(con) as cur:
            cur.execute(file.read_text(encoding="utf-8"))
            cur.execute("INSERT INTO schema_migrations (version) VALUES (?)", [number])
        applied = True
        current = number
    if applied:
        con.execute("CHECKPOINT")
    return current


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN … COMMIT around the block; ROLLBACK and re-raise on any error.

    Wrap the whole unit of work in `retry_on_conflict` so a conflict runs it again.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    try:
        con.execute("COMMIT")
    except duckdb.Error:
        # A failed COMMIT leaves DuckDB's transaction aborted; end it so the connection stays usable.
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass
        raise


def lock_names(cur, owner: str | None, name: str) -> None:
    """Within a transaction that checks `name` is free for `owner` (None: the local person) and then writes it: no
    other such transaction for the same owner and name commits alongside. The later one conflicts (retried by
    retry_on_conflict) and its retry reads what the first committed (migration 017). Different names never wait."""
    try:
        cur.execute("INSERT INTO name_locks (owner, name, uses) VALUES (?, lower(trim(?)), 1)"
                    " ON CONFLICT (owner, name) DO UPDATE SET uses = name_locks.uses + 1", [owner or "", name])
    except duckdb.ConstraintException as e:
        # A name's first lock, taken by another transaction after this one began, is a duplicate key to this one
        # (a double click's two runs overlap: seen by a hostile tester): a conflict like any other, so retried.
        raise duckdb.TransactionException(f"name lock taken meanwhile: {e}") from e


def retry_on_conflict(fn: Callable[..., T] | None = None, *, attempts: int = 40,
                      give_up_after: float = 15.0) -> Callable[..., T]:
    """Decorator: run a write again when DuckDB reports a transaction conflict (another writer won).

    Many sessions writing one row at once each win in turn, so it keeps trying (up to `attempts` times or
    `give_up_after` seconds) with a jittered back-off before the conflict reaches the person.
    """

    def wrap(func: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(func)
        def run(*args, **kwargs) -> T:
            deadline = time.monotonic() + give_up_after
            for attempt in range(attempts):
                try:
                    return func(*args, **kwargs)
                except duckdb.TransactionException:
                    if attempt == attempts - 1 or time.monotonic() > deadline:
                        raise
                    # Jitter: writers that collided must not all come back at the same instant.
                    time.sleep(random.uniform(0.001, 0.004 * 2 ** min(attempt, 5)))
            raise AssertionError("unreachable")

        return run

    return wrap(fn) if fn is not None else wrap


# ---- data versions (lib/data_versions.py): what a cache of derived data is keyed by ------------------------
EVERY_WORKBOOK = data_versions.EVERY_WORKBOOK
bump_version = data_versions.bump
data_version = data_versions.of_workbook
one_write_between = data_versions.one_write_between
latest_version = data_versions.latest


ARCHIVED_REFUSAL = ("This workbook is archived, so nothing was saved: restore it on the Workbooks page to change it. "
                    "(It was archived in another tab or by someone else while this page was open.)")


def writes(fn: Callable[..., T] | None = None, *, archived_too: bool = False):
    """Decorator of every public write: the acting person's access to its `workbook_id` is checked first (as
    `reads`), an archived workbook is refused (Invalid: it cannot be opened, so a write can only come from a page
    left open while it was archived), the write is retried on conflict (retry_on_conflict), and on success the
    data version of its `workbook_id` argument (of every workbook without one) moves on. `archived_too`: the
    writes about the workbook itself (restore, rename, who may open it), allowed while it is archived."""
    if fn is None:
        return functools.partial(writes, archived_too=archived_too)
    signature = inspect.signature(fn)
    retried = retry_on_conflict(fn)
    checked = "workbook_id" in signature.parameters

    @functools.wraps(fn)
    def run(*args, **kwargs) -> T:
        bound = signature.bind_partial(*args, **kwargs).arguments
        workbook_id = bound.get("workbook_id")
        if checked:
            con = next(iter(bound.values()))
            acting.enforce(con, workbook_id)
            if not archived_too and workbook_id is not None and scalar(
                    con, "SELECT archived FROM workbooks WHERE id = ?", [int(workbook_id)]):
                raise Invalid(ARCHIVED_REFUSAL)
        result = retried(*args, **kwargs)
        bump_version(workbook_id)
        return result

    run.access_checked = checked
    return run


def reads(fn: Callable[..., T]) -> Callable[..., T]:
    """Decorator of every public lib function that takes (con, workbook_id, ...) and is not a write: the person
    acting through `con` must be allowed to open the workbook (lib/acting.py), else NoAccess before it runs."""
    signature = inspect.signature(fn)
    if "workbook_id" not in signature.parameters:
        raise TypeError(f"{fn.__qualname__}: db.reads guards a function that takes workbook_id")

    @functools.wraps(fn)
    def run(*args, **kwargs) -> T:
        bound = signature.bind_partial(*args, **kwargs).arguments
        acting.enforce(next(iter(bound.values())), bound.get("workbook_id"))
        return fn(*args, **kwargs)

    run.access_checked = True
    return run


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | tuple = ()) -> list[dict]:
    """Run a query and return every row as a dict (the result is consumed fully)."""
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def one(con: duckdb.DuckDBPyConnection, sql: str, params: list | tuple = ()) -> dict | None:
    """The first row as a dict, or None."""
    found = rows(con, sql, params)
    return found[0] if found else None


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | tuple = ()):
    """The first column of the first row, or None."""
    row = con.execute(sql, list(params)).fetchone()
    return row[0] if row else None


def where_equal(where: list[str], params: list, columns: dict) -> None:
    """Add `column = ?` to the conditions `where` (and its value to `params`) for each of `columns` given a
    value: a filter left at None or "" matches everything."""
    for column, value in columns.items():
        if value is not None and value != "":
            where.append(f"{column} = ?")
            params.append(value)


@reads
def insert_row(cur: duckdb.DuckDBPyConnection, table: str, workbook_id: int, values: dict) -> int:
    """INSERT one row of a workbook's table from a dict and return its id.

    Column names must come from the calling module's own list of fields, never from a person's input.
    """
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    return cur.execute(
        f"INSERT INTO {table} (workbook_id{', ' if values else ''}{columns}) VALUES (?{', ' if values else ''}{marks})"
        " RETURNING id",
        [workbook_id, *values.values()],
    ).fetchone()[0]


@reads
def update_row(cur: duckdb.DuckDBPyConnection, table: str, workbook_id: int, row_id: int, values: dict) -> None:
    """UPDATE some columns of one row of a workbook's table (and its updated_at); nothing when `values` is empty.

    Column names must come from the calling module's own list of fields, never from a person's input.
    """
    if not values:
        return
    sets = ", ".join(f"{c} = ?" for c in values)
    cur.execute(
        f"UPDATE {table} SET {sets}, updated_at = current_localtimestamp() WHERE id = ? AND workbook_id = ?",
        [*values.values(), row_id, workbook_id],
    )


def writes_aside(fn: Callable[..., T]) -> Callable[..., T]:
    """Decorator of a write that is not a workbook's data (the coach access log): access to its `workbook_id`
    checked as `writes` does, retried on conflict, but no data version moves on, so noting that someone opened a
    workbook never invalidates that workbook's cached pages. A read of what it writes must not be `kit.cached`."""
    signature = inspect.signature(fn)
    if "workbook_id" not in signature.parameters:
        raise TypeError(f"{fn.__qualname__}: db.writes_aside guards a function that takes workbook_id")
    retried = retry_on_conflict(fn)

    @functools.wraps(fn)
    def run(*args, **kwargs) -> T:
        bound = signature.bind_partial(*args, **kwargs).arguments
        acting.enforce(next(iter(bound.values())), bound.get("workbook_id"))
        return retried(*args, **kwargs)

    run.access_checked = True
    return run
