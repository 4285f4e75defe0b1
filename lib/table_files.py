"""A query's rows to a Parquet or CSV file, and a file's rows into a temporary table, on either engine (the
workbook export and import, lib/backup.py describes the format).

DuckDB reads and writes the files itself (`COPY … TO`, `read_parquet`, `read_csv`). PostgreSQL cannot, so on a
server the rows pass through an in-memory DuckDB, in bulk both ways (an Arrow table typed from the columns'
DuckDB types on export, COPY into the server on import): the files are the same, whichever engine made them,
and an export from one imports into the other.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from lib import pg
from lib.backup_format import _csv_escape

# The column types of the schema (DuckDB's names) as Arrow's: a file written from PostgreSQL has the same types.
_ARROW = {"VARCHAR": pa.string(), "BIGINT": pa.int64(), "INTEGER": pa.int32(), "SMALLINT": pa.int16(),
          "BOOLEAN": pa.bool_(), "DOUBLE": pa.float64(), "FLOAT": pa.float32(), "DATE": pa.date32(),
          "TIMESTAMP": pa.timestamp("us")}
# A file's column types (DuckDB's names) as PostgreSQL's, for the staging table; any other type is staged as text.
_SERVER = {"VARCHAR": "TEXT", "BIGINT": "BIGINT", "INTEGER": "INTEGER", "SMALLINT": "SMALLINT",
           "TINYINT": "SMALLINT", "BOOLEAN": "BOOLEAN", "DOUBLE": "DOUBLE PRECISION", "FLOAT": "REAL",
           "DATE": "DATE", "TIMESTAMP": "TIMESTAMP", "TIMESTAMP WITH TIME ZONE": "TIMESTAMPTZ"}


def write(cur, select: str, columns: dict[str, str], path: Path, fmt: str) -> None:
    """Write the rows of `select` (a query without parameters; `columns` its column types, DuckDB's names) to
    `path` as Parquet or CSV (text cells escaped, CSV_RULE)."""
    if not pg.is_handle(cur):
        _copy_to(cur, select, columns, path, fmt)
        return
    with duckdb.connect() as memory:
        memory.register("exported_rows", _arrow(cur.execute(select), columns))
        _copy_to(memory, "SELECT * FROM exported_rows", columns, path, fmt)


def _arrow(result, columns: dict[str, str]) -> pa.Table:
    names = [d[0] for d in result.description]
    rows = result.fetchall()
    return pa.table({name: pa.array([row[i] for row in rows], type=_ARROW.get(columns.get(name, "")))
                     for i, name in enumerate(names)})


def _copy_to(con, select: str, columns: dict[str, str], path: Path, fmt: str) -> None:
    target = str(path).replace("'", "''")
    if fmt == "parquet":
        con.execute(f"COPY ({select}) TO '{target}' (FORMAT parquet)")
        return
    text_cols = [c for c, t in columns.items() if t == "VARCHAR"]
    exprs = ", ".join(_csv_escape(c) if c in text_cols else f'"{c}"' for c in columns)
    quoted = ", ".join(f'"{c}"' for c in text_cols)
    force = f", FORCE_QUOTE ({quoted})" if text_cols else ""
    con.execute(f"COPY (SELECT {exprs} FROM ({select}) AS exported) TO '{target}' (FORMAT csv, HEADER{force})")


def reader(path: Path, fmt: str) -> str:
    """DuckDB's table function reading the file (CSV: every cell as text, "" kept apart from an empty cell)."""
    p = str(path).replace("'", "''")
    if fmt == "parquet":
        return f"read_parquet('{p}')"
    return f"read_csv('{p}', header = true, all_varchar = true, allow_quoted_nulls = false, auto_detect = true)"


def stage(cur, path: Path, fmt: str, name: str) -> list[str]:
    """The file's rows as the temporary table `name` (made in the caller's transaction: a rollback removes it);
    returns its column names. Raises duckdb.Error for a file that does not read."""
    source = reader(path, fmt)
    if not pg.is_handle(cur):
        cur.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {source}")
        return column_names(cur, name)
    with duckdb.connect() as memory:
        described = memory.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
        kinds = [(column, _SERVER.get(kind, "TEXT")) for column, kind, *_ in described]
        picks = ", ".join(_quote(c) if kind != "TEXT" else f"CAST({_quote(c)} AS VARCHAR)" for c, kind in kinds)
        rows = memory.execute(f"SELECT {picks} FROM {source}").fetchall()
    cur.execute(f"CREATE TEMP TABLE {name} ({', '.join(f'{_quote(c)} {kind}' for c, kind in kinds)})")
    cur.copy_rows(name, rows)
    return [column for column, _ in kinds]


def column_names(cur, table: str) -> list[str]:
    """The columns of a table (both engines: the description of an empty result)."""
    return [d[0] for d in cur.execute(f"SELECT * FROM {table} LIMIT 0").description]


def _quote(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'
