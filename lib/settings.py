"""Settings of the app (not of a workbook), stored in the database so they hold across reloads, links, tabs,
sessions and restarts: screen-share mode and its "names as initials", and the workbook a person last opened.

A setting is keyed by its name and a person ('' for the local single-person app; a hosted mode passes the
signed-in person). Unknown or unset settings read as their default; set_flag writes only the names in FLAGS.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb

from lib import db
from lib.errors import Invalid

SCREEN_SHARE = "screen_share"        # masks private data on every page until turned off on purpose
SHARE_NAMES = "share_names"          # in screen-share mode, people's names as initials
FLAGS = (SCREEN_SHARE, SHARE_NAMES)  # on/off settings; off unless stored on
LOCAL = ""                           # the person of the local app, which has no sign-in
# The workbook a person last opened: where a link without ?wb= opens (a sidebar link opened in a new tab).
LAST_WORKBOOK = "last_workbook"


@dataclass(frozen=True)
class ScreenShare:
    """Screen-share mode as stored: `names` is what was chosen, `initials` whether names show as initials now."""
    on: bool
    names: bool

    @property
    def initials(self) -> bool:
        return self.on and self.names


def _check(name: str) -> None:
    if name not in FLAGS:
        raise Invalid(f"There is no setting called “{name}”.")


def flags(con: duckdb.DuckDBPyConnection, *, person: str = LOCAL) -> dict[str, bool]:
    """Every on/off setting of a person, in one query; a setting never stored is off."""
    stored = dict(con.execute(
        "SELECT name, value FROM app_settings WHERE person = ?", [person]).fetchall())
    return {name: stored.get(name) == "true" for name in FLAGS}


def flag(con: duckdb.DuckDBPyConnection, name: str, *, person: str = LOCAL) -> bool:
    """One on/off setting; off when never stored."""
    _check(name)
    return flags(con, person=person)[name]


@db.writes
def set_flag(con: duckdb.DuckDBPyConnection, name: str, on: bool, *, person: str = LOCAL) -> None:
    """Store an on/off setting; it holds for every session of that person until set again."""
    _check(name)
    _store(con, person, name, "true" if on else "false")


def _store(con: duckdb.DuckDBPyConnection, person: str, name: str, value: str) -> None:
    with db.transaction(con) as cur:
        cur.execute(
            "INSERT INTO app_settings (person, name, value) VALUES (?, ?, ?)"
            " ON CONFLICT (person, name) DO UPDATE SET value = excluded.value, updated_at = current_localtimestamp()",
            [person, name, value],
        )


def last_workbook(con: duckdb.DuckDBPyConnection, *, person: str = LOCAL) -> int | None:
    """The id of the workbook the person last opened; None when never stored. It may since have been deleted or
    taken back: the caller opens it only if it is among those the person may open."""
    row = con.execute("SELECT value FROM app_settings WHERE person = ? AND name = ?", [person, LAST_WORKBOOK]).fetchone()
    return int(row[0]) if row and row[0].isdigit() else None


@db.writes_aside  # which workbook a link opens, not a workbook's data: no cached page goes stale for it
def set_last_workbook(con: duckdb.DuckDBPyConnection, workbook_id: int, *, person: str = LOCAL) -> None:
    """Remember the workbook the person just opened, for every session of theirs that opens without ?wb=."""
    _store(con, person, LAST_WORKBOOK, str(int(workbook_id)))


def screen_share(con: duckdb.DuckDBPyConnection, *, person: str = LOCAL) -> ScreenShare:
    """Screen-share mode as stored, read in one query (a page asks once per run, before it draws)."""
    found = flags(con, person=person)
    return ScreenShare(on=found[SCREEN_SHARE], names=found[SHARE_NAMES])
