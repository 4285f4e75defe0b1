"""PostgreSQL behind the same handle lib uses for DuckDB (issue 20: several app processes, one database server).

lib speaks to its database through a small part of DuckDB's connection API: `execute(sql, params)` then
`fetchone`/`fetchall`/`description`/`df()`, `cursor()` for a handle of one's own, `close()`, and transactions
as SQL (`BEGIN TRANSACTION` … `COMMIT`). `Handle` gives that API over one psycopg 3 connection, borrowed from a
pool shared by every handle of a database, so every lib module keeps one SQL text for both engines.

Where the engines differ, the difference lives here and nowhere else:
- placeholders: lib writes DuckDB's `?` and `$name`; psycopg wants `%s` and `%(name)s` (`%` itself doubled);
- `current_localtimestamp()` is PostgreSQL's LOCALTIMESTAMP; DuckDB's `DOUBLE` is `DOUBLE PRECISION`;
- a transaction is SERIALIZABLE, so two sessions writing the same rows conflict as in DuckDB, and the conflict
  (a serialization failure or deadlock) is raised as DuckDB's TransactionException, which `db.retry_on_conflict`
  already retries; a broken constraint is DuckDB's ConstraintException, any other error duckdb.Error;
- NUMERIC results (PostgreSQL's sum of integers) come back as int when whole, else float, as DuckDB's do;
- CHECKPOINT (DuckDB's flush of its write-ahead log) has nothing to do on a server.
"""
from __future__ import annotations

import functools
import os
import re
from decimal import Decimal

import duckdb
import pandas as pd
import psycopg
from psycopg import errors as pg_errors
from psycopg.adapt import Loader
from psycopg_pool import ConnectionPool

# Connections per app process: each script run holds one for the run, so this many runs at once; more wait their
# turn (up to POOL_WAIT_S, then PoolTimeout). The server needs max_connections >= processes x (POOL_MAX + SIDE_MAX).
POOL_MAX = int(os.environ.get("WORKBOOK_PG_POOL_SIZE") or 20)
POOL_WAIT_S = 120.0  # an overloaded process queues runs: slower clicks, not errors (the load test at 60 on one)
SIDE_MAX = 4  # the statements outside any handle (data versions): a pool of their own, see Database


def is_url(target: object) -> bool:
    """Whether a database target (WORKBOOK_DB) names a PostgreSQL server rather than a DuckDB file."""
    return str(target).startswith(("postgresql://", "postgres://"))


class _WholeNumbers(Loader):
    """NUMERIC as DuckDB gives its sums: a whole number as int, another as float."""

    def load(self, data) -> int | float:
        value = Decimal(bytes(data).decode())
        return int(value) if value == value.to_integral_value() else float(value)


_QUOTED_OR_MARK = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|\?|\$[A-Za-z_]\w*|%")


@functools.lru_cache(maxsize=4096)
def translate(sql: str, with_params: bool = True) -> str:
    """DuckDB's SQL text as PostgreSQL's: placeholders and `%` (when parameters are sent: psycopg reads the
    text for them), and the few spellings that differ."""

    def one(match: re.Match) -> str:
        token = match.group(0)
        if token == "?":
            return "%s"
        if token.startswith("$") and not token[1:].isdigit():
            return f"%({token[1:]})s"
        return token.replace("%", "%%")  # quoted text and comments keep their `?` and `$`

    if with_params:
        sql = _QUOTED_OR_MARK.sub(one, sql)
    sql = re.sub(r"(?i)\bcurrent_localtimestamp\(\)", "LOCALTIMESTAMP", sql)
    sql = re.sub(r"(?i)\bDOUBLE\b(?!\s+PRECISION)", "DOUBLE PRECISION", sql)
    return re.sub(r"(?i)^\s*BEGIN\s+TRANSACTION\s*;?\s*$", "BEGIN ISOLATION LEVEL SERIALIZABLE", sql)


def is_handle(con: object) -> bool:
    """Whether a database handle is on a PostgreSQL server (where DuckDB's own file functions do not exist); a
    wrapper that passes attributes through (the app's RunCursor, acting.Scoped) counts as what it wraps."""
    return isinstance(getattr(con, "database", None), Database)


# information_schema's type names on PostgreSQL as DuckDB's, so lib and its files (an export's manifest) name a
# column's type the same on both engines.
DUCKDB_TYPES = {"character varying": "VARCHAR", "text": "VARCHAR", "integer": "INTEGER", "bigint": "BIGINT",
                "smallint": "SMALLINT", "boolean": "BOOLEAN", "double precision": "DOUBLE", "real": "FLOAT",
                "date": "DATE", "timestamp without time zone": "TIMESTAMP",
                "timestamp with time zone": "TIMESTAMP WITH TIME ZONE"}


def duckdb_type(name: str) -> str:
    """A column's type (information_schema.columns.data_type) by DuckDB's name, whichever engine reported it."""
    return DUCKDB_TYPES.get(name.lower(), name.upper())


def _as_duckdb_error(error: psycopg.Error) -> duckdb.Error:
    if isinstance(error, pg_errors.SerializationFailure | pg_errors.DeadlockDetected | pg_errors.LockNotAvailable):
        return duckdb.TransactionException(str(error))
    if isinstance(error, psycopg.IntegrityError):
        return duckdb.ConstraintException(str(error))
    return duckdb.Error(str(error))


def _sql_type(column: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(column):
        return "BOOLEAN"
    if pd.api.types.is_integer_dtype(column):
        return "BIGINT"
    if pd.api.types.is_float_dtype(column):
        return "DOUBLE PRECISION"
    if pd.api.types.is_datetime64_any_dtype(column):
        return "TIMESTAMP"
    return "TEXT"


# DuckDB's df() dtypes by PostgreSQL type: dates and timestamps as datetime64[us], whole numbers as int32/int64
# (nullable Int32/Int64 when a value is missing), NUMERIC (PostgreSQL's sum) as float64 like DuckDB's HUGEINT sums.
_DATES = {1082, 1114}  # date, timestamp
_INTS = {21: "int32", 23: "int32", 20: "int64"}  # smallint, integer, bigint
_FLOATS = {700, 701, 1700}  # real, double precision, numeric


def _frame(rows: list[tuple], description) -> pd.DataFrame:
    """The rows as DuckDB's df() gives them (charts and the report read the dtypes)."""
    frame = pd.DataFrame(rows, columns=[d.name for d in description])
    for i, d in enumerate(description):
        column = frame.iloc[:, i]
        if d.type_code in _DATES:
            frame.isetitem(i, pd.to_datetime(column).astype("datetime64[us]"))
        elif d.type_code == 1184:  # timestamp with time zone
            frame.isetitem(i, pd.to_datetime(column, utc=True).astype("datetime64[us, UTC]"))
        elif d.type_code in _INTS:
            dtype = _INTS[d.type_code]
            frame.isetitem(i, column.astype(dtype.capitalize() if column.isna().any() else dtype))
        elif d.type_code in _FLOATS:
            frame.isetitem(i, column.astype("float64"))
        elif d.type_code == 16:  # boolean
            frame.isetitem(i, column.astype("boolean" if column.isna().any() else "bool"))
    return frame


class Database:
    """One PostgreSQL database of an app process: the pool every handle borrows its connection from."""

    def __init__(self, url: str, max_size: int = POOL_MAX) -> None:
        self.url = url
        self.pool = ConnectionPool(url, min_size=1, max_size=max_size, open=True, timeout=POOL_WAIT_S,
                                   kwargs={"autocommit": True}, configure=_configure)
        # `run` is called by threads that already hold a handle of `pool` (a run reads its workbook's data version).
        # Had it borrowed from `pool` too, POOL_MAX runs at once would each hold one connection and wait for a
        # second: none left, all of them stuck until PoolTimeout (found by the load test at 60 participants).
        self.side_pool = ConnectionPool(url, min_size=1, max_size=SIDE_MAX, open=True, timeout=POOL_WAIT_S,
                                        kwargs={"autocommit": True}, configure=_configure)

    def run(self, sql: str, params: list | None = None) -> list[tuple]:
        """One statement outside any handle's transaction, on a connection of the side pool; its rows."""
        with self.side_pool.connection() as connection:
            cursor = connection.execute(translate(sql, params is not None), params)
            return cursor.fetchall() if cursor.description else []

    def close(self) -> None:
        self.pool.close()
        self.side_pool.close()


def _configure(connection: psycopg.Connection) -> None:
    connection.adapters.register_loader("numeric", _WholeNumbers)


class Handle:
    """DuckDB's connection API (the part lib uses) over one pooled PostgreSQL connection."""

    def __init__(self, database: Database, owns_database: bool = False) -> None:
        self._database, self._owns_database = database, owns_database
        self._connection = database.pool.getconn()
        self._cursor: psycopg.Cursor | None = None

    # -- DuckDB's API -------------------------------------------------------------------------------------
    def execute(self, sql: str, params: list | tuple | dict | None = None) -> Handle:
        if re.fullmatch(r"(?i)\s*CHECKPOINT\s*;?\s*", sql):
            self._cursor = None
            return self
        args = dict(params) if isinstance(params, dict) else (list(params) if params else None)
        text = translate(sql, args is not None)
        cursor = self._connection.cursor()
        try:
            cursor.execute(text, args)
        except psycopg.Error as error:
            raise _as_duckdb_error(error) from error
        self._cursor = cursor
        return self

    def fetchone(self) -> tuple | None:
        return self._cursor.fetchone() if self._has_rows() else None

    def fetchall(self) -> list[tuple]:
        return self._cursor.fetchall() if self._has_rows() else []

    @property
    def description(self):
        return self._cursor.description if self._cursor is not None else None

    def df(self) -> pd.DataFrame:
        return _frame(self.fetchall(), self.description or [])

    fetchdf = df

    def register(self, name: str, frame: pd.DataFrame) -> Handle:
        """DuckDB's view of a DataFrame, as a temporary table filled by COPY (the bulk paths: a LinkedIn import
        of 30,000 people). `name` comes from lib's own code, never from a person's input."""
        columns = ", ".join(f'"{c}" {_sql_type(frame[c])}' for c in frame.columns)
        self.execute(f'CREATE TEMPORARY TABLE "{name}" ({columns})')
        return self.copy_rows(name, frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None))

    def copy_rows(self, table: str, rows) -> Handle:
        """Add the rows (tuples in the table's column order) to a table by COPY, in bulk. `table` comes from
        lib's own code, never from a person's input."""
        try:
            with self._connection.cursor().copy(f'COPY "{table}" FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
        except psycopg.Error as error:
            raise _as_duckdb_error(error) from error
        return self

    def unregister(self, name: str) -> Handle:
        return self.execute(f'DROP TABLE IF EXISTS "{name}"')

    def __enter__(self) -> Handle:
        return self

    def __exit__(self, *exc) -> None:
        self.close()  # as DuckDB's connection: leaving `with con:` closes it

    def cursor(self) -> Handle:
        """A handle of its own (another pooled connection), as DuckDB's `cursor()`."""
        return Handle(self._database)

    def close(self) -> None:
        if self._connection is not None:
            self._database.pool.putconn(self._connection)
            self._connection = None
        if self._owns_database:
            self._database.close()

    def __del__(self) -> None:
        # A handle dropped unclosed (a thread's cursor when the thread ends) gives its connection back: the pool
        # counts a connection out until putconn, so each lost one shrank the pool until no page could load.
        connection, self._connection = getattr(self, "_connection", None), None
        if connection is not None:
            try:
                self._database.pool.putconn(connection)
            except Exception:  # noqa: BLE001 - a pool already closed (the process ending): nothing to give back
                pass

    @property
    def database(self) -> Database:
        """The database (and its pool) this handle's connection comes from."""
        return self._database

    # -- helpers ------------------------------------------------------------------------------------------
    def _has_rows(self) -> bool:
        return self._cursor is not None and self._cursor.description is not None


def open_database(url: str) -> Handle:
    """The root handle on the database at `url`, with a pool of its own that its `cursor()` handles borrow
    from; closing it closes the pool, as closing DuckDB's root connection closes the database."""
    return Handle(Database(url), owns_database=True)
