"""Workbooks: one per person being coached. Create, rename, archive, list."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from lib import acting, actions, db, fields, hosting, rows
from lib.errors import Conflict, Invalid, NotFound



@dataclass(frozen=True)
class Workbook:
    id: int
    name: str
    created_at: datetime
    archived: bool
    is_demo: bool
    version: int = 0  # bumped by each rename (lib/rows.py): a rename form opened earlier never undoes another


def _from_row(row: dict) -> Workbook:
    return Workbook(**{k: row[k] for k in ("id", "name", "created_at", "archived", "is_demo")},
                    version=row.get("version") or 0)


NAME_CHARS = 80  # a workbook's (and a workshop's) name: refused beyond, with the limit in the message


def _clean_name(name: str | None) -> str:
    return fields.short(name, field="Workbook name", required=True, limit=NAME_CHARS)


def _check_name_free(con, name: str, except_id: int | None = None, owner: str | None = None) -> None:
    """Names are unique among one owner's workbooks (owner None: the local app's single person)."""
    clash = db.scalar(
        con,
        "SELECT count(*) FROM workbooks WHERE lower(trim(name)) = lower(?) AND id IS DISTINCT FROM ?"
        " AND owner IS NOT DISTINCT FROM ?",
        [name, except_id, owner],
    )
    if clash:
        raise Invalid(f"A workbook called “{name}” already exists. Choose another name.")


@db.writes
def create(con: duckdb.DuckDBPyConnection, name: str, *, is_demo: bool = False, token: str | None = None,
           owner: str | None = None) -> int:
    """Create a workbook and return its id. Names are unique per owner, ignoring case and spacing.
    A repeat with the same `token` (quick clicks on one form) creates nothing and returns the first id.
    `owner`: the signed-in person's email in hosted mode (lib/access.py); by default the person acting through
    `con` (None for the local app's person; a hosted visitor who is nobody creates none: NoAccess)."""
    name = _clean_name(name)
    owner = acting.person_key(owner) or hosting.new_owner(con)
    with db.transaction(con) as cur:
        done = actions.first(cur, token)
        if done is not None:
            return done
        db.lock_names(cur, owner, name)
        _check_name_free(cur, name, owner=owner)
        new_id = cur.execute(
            "INSERT INTO workbooks (name, is_demo, owner) VALUES (?, ?, ?) RETURNING id", [name, is_demo, owner]
        ).fetchone()[0]
        actions.record(cur, token, new_id, "create_workbook", new_id)
        return new_id


@db.writes(archived_too=True)
def rename(con: duckdb.DuckDBPyConnection, workbook_id: int, name: str, *,
           opened: rows.Opened | None = None) -> int:
    """Rename a workbook; returns its new version. With `opened` (what the form was opened with), a name
    someone else changed meanwhile raises Conflict and nothing is saved (lib/rows.py)."""
    name = _clean_name(name)
    with db.transaction(con) as cur:
        get(cur, workbook_id)
        hosting.require_owner(cur, workbook_id, "rename it")
        current = db.one(cur, "SELECT name, coalesce(version, 0) AS version, owner FROM workbooks WHERE id = ?",
                         [workbook_id])
        owner = current.pop("owner")
        found = rows.clashes(current, current["version"], {"name": name}, opened, {"name": "Workbook name"})
        if found:
            raise Conflict(found, current, current["version"])
        if rows.same(current["name"], name):
            return current["version"]
        db.lock_names(cur, owner, name)
        _check_name_free(cur, name, except_id=workbook_id, owner=owner)
        cur.execute("UPDATE workbooks SET name = ?, version = coalesce(version, 0) + 1 WHERE id = ?",
                    [name, workbook_id])
        return current["version"] + 1


@db.writes(archived_too=True)
def set_archived(con: duckdb.DuckDBPyConnection, workbook_id: int, archived: bool) -> None:
    """Archive hides a workbook from the picker; nothing is deleted and it can be restored. Only its owner may
    (lib/hosting.py)."""
    with db.transaction(con) as cur:
        get(cur, workbook_id)
        hosting.require_owner(cur, workbook_id, "archive or restore it")
        cur.execute("UPDATE workbooks SET archived = ? WHERE id = ?", [archived, workbook_id])


@db.reads
def get(con: duckdb.DuckDBPyConnection, workbook_id: int) -> Workbook:
    row = db.one(con, "SELECT * FROM workbooks WHERE id = ?", [workbook_id])
    if row is None:
        raise NotFound(f"There is no workbook number {workbook_id}.")
    return _from_row(row)


def list_all(con: duckdb.DuckDBPyConnection, *, include_archived: bool = False) -> list[Workbook]:
    """Workbooks in the order they were created (archived ones only when asked): those the person acting
    through `con` may open (lib/acting.py; all of them for the local person)."""
    mine, params = acting.only_visible(con)
    return [
        _from_row(r)
        for r in db.rows(
            con,
            f"SELECT * FROM workbooks WHERE (? OR NOT archived){mine} ORDER BY id",
            [include_archived, *params],
        )
    ]


def ensure_one(con: duckdb.DuckDBPyConnection, default_name: str = "My workbook") -> Workbook:
    """The first active workbook; a new user gets one made for them so every page has somewhere to write."""
    active = list_all(con)
    if active:
        return active[0]
    try:
        return get(con, create(con, default_name))
    except Invalid:
        # An archived workbook already has that name: make a fresh one beside it.
        return get(con, create(con, f"{default_name} {datetime.now():%Y-%m-%d %H%M%S}"))


def workbook_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table holding a person's data, found by its workbook_id column (so later migrations count too)."""
    return [r[0] for r in con.execute(
        "SELECT DISTINCT table_name FROM information_schema.columns"
        " WHERE column_name = 'workbook_id' AND table_name <> 'workbooks' ORDER BY table_name"
    ).fetchall()]


@db.reads
def delete_rows(cur: duckdb.DuckDBPyConnection, workbook_id: int) -> None:
    """Delete every row of a workbook's data (not the workbook itself). Call inside a transaction.

    meeting_questions has no workbook_id: it goes with its meetings.
    """
    cur.execute(
        "DELETE FROM meeting_questions WHERE meeting_id IN (SELECT id FROM meetings WHERE workbook_id = ?)",
        [workbook_id],
    )
    for table in workbook_tables(cur):
        cur.execute(f'DELETE FROM "{table}" WHERE workbook_id = ?', [workbook_id])  # name from the catalog
