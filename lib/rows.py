"""Versioned, field-wise saves of one row: a form opened earlier never silently undoes another session's save.

Every row a form edits carries a `version` (migration 007; goals had one already). A form remembers what it
was opened with (`Opened`: the version and the stored values), sends only the fields the person changed
(`changed`) and that `Opened`. `update`, inside the caller's transaction, then
- writes the changed fields and bumps the version when the row is as the form saw it;
- when the row moved on meanwhile but on other fields, writes only this person's fields (a field-wise merge);
- when another session changed a field this person also changed (to another value), raises
  `lib.errors.Conflict` with the stored values, and writes nothing.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime

import duckdb

from lib import db
from lib.errors import Conflict, NotFound

_MISSING = object()


# The version a form states when it was opened on a row not written yet (a first review): no stored row has it,
# so a row written meanwhile by another session is always "moved on" and every field it holds is checked.
ABSENT = -1


@dataclass(frozen=True)
class Opened:
    """What an edit form was opened with: the row's version (ABSENT when there was no row yet) and its stored
    values, by column."""

    version: int
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Clash:
    """One field changed both here and, since the form was opened, by someone else."""

    field: str
    label: str
    mine: object
    theirs: object


def _plain(value):
    """A value as a person sees it: None, "" and NaN alike; text trimmed; a midnight datetime is its day."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        import pandas as pd

        if value is pd.NaT or (not isinstance(value, (str, bytes)) and pd.isna(value) is True):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if hasattr(value, "item") and not isinstance(value, (date, datetime)):
        return _plain(value.item())  # numpy scalars from a data frame
    return value


def same(a, b) -> bool:
    """True when two values of a field are the same for a person (None == "", 3 == 3.0, trimmed text)."""
    return _plain(a) == _plain(b)


def changed(opened: dict, typed: dict) -> dict:
    """The entries of `typed` that differ from what the form was opened with (`opened`, same keys)."""
    return {k: v for k, v in typed.items() if not same(v, opened.get(k))}


def clashes(current: dict, current_version: int, changes: dict, opened: Opened | None,
            labels: dict | None = None) -> list[Clash]:
    """The fields of `changes` that someone else changed since `opened`, to a value other than ours.

    Empty when `opened` is None (a caller that does not track versions) or the row is at `opened.version`.
    """
    if opened is None or (current_version or 0) == (opened.version or 0):
        return []
    found = []
    for column, mine in changes.items():
        seen = opened.values.get(column, None if opened.version == ABSENT else _MISSING)  # no row: nothing seen
        stored = current.get(column)
        moved = seen is _MISSING or not same(stored, seen)
        if moved and not same(stored, mine):
            found.append(Clash(column, (labels or {}).get(column, column.replace("_", " ")), mine, stored))
    return found


_COLUMNS: dict[str, frozenset[str]] = {}


def _columns(cur: duckdb.DuckDBPyConnection, table: str) -> frozenset[str]:
    if table not in _COLUMNS:
        _COLUMNS[table] = frozenset(r[0] for r in cur.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall())
    return _COLUMNS[table]


@db.reads
def read(cur: duckdb.DuckDBPyConnection, table: str, workbook_id: int, row_id: int, *, key: str = "id") -> dict | None:
    """The stored row (every column, `version` never NULL), or None."""
    row = db.one(cur, f"SELECT * FROM {table} WHERE {key} = ? AND workbook_id = ?", [row_id, workbook_id])
    if row is not None:
        row["version"] = row.get("version") or 0
    return row


@db.reads
def update(cur: duckdb.DuckDBPyConnection, table: str, workbook_id: int, row_id: int, changes: dict,
           opened: Opened | None, *, labels: dict | None = None, key: str = "id") -> int:
    """Write `changes` (column -> cleaned value) to one row, inside the caller's transaction; return the new version.

    With `opened`, a field someone else changed since the form was opened raises Conflict (nothing written);
    fields they did not touch merge. Without `opened` the fields are written as they are (a caller that owns the
    whole row, e.g. a background job). NotFound when the row is not in this workbook. Table and column names
    come from the calling module, never from a person's input.
    """
    current = read(cur, table, workbook_id, row_id, key=key)
    if current is None:
        raise NotFound("That is no longer in this workbook (it may have been deleted).")
    found = clashes(current, current["version"], changes, opened, labels)
    if found:
        raise Conflict(found, current, current["version"])
    # Fields whose value would not change are not written: a save of untouched values is not a change.
    write = {c: v for c, v in changes.items() if not same(current.get(c), v)}
    if not write:
        return current["version"]
    sets = ", ".join(f"{c} = ?" for c in write)
    if "updated_at" in _columns(cur, table):
        sets += ", updated_at = current_localtimestamp()"
    cur.execute(
        f"UPDATE {table} SET {sets}, version = coalesce(version, 0) + 1 WHERE {key} = ? AND workbook_id = ?",
        [*write.values(), row_id, workbook_id],
    )
    return current["version"] + 1
