"""Who may open which workbook (issue 19).

A person is the signed-in person's email address (lower case) in hosted mode, or LOCAL (None) for the local
app's single person, who has no sign-in and sees every workbook, exactly as before hosted mode existed.

In hosted mode a person sees the workbooks they own and those a client has shared with them as their coach (a
grant, by the coach's email, until the owner revokes it). Workbooks of the local person (owner NULL) are
nobody's in hosted mode. `check` refuses everything else with one message (NoAccess), the same whether the
workbook is someone else's or does not exist, so an id in a URL tells nothing.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import duckdb

from lib import acting, db, fields, wording, workbooks
from lib.acting import LOCAL, acting_person, as_person, person_key, refusal  # noqa: F401 - this module's words
from lib.errors import Invalid, NoAccess

_VISIBLE_IDS = acting.VISIBLE_IDS


def visible_workbooks(con: duckdb.DuckDBPyConnection, person: str | None, *,
                      include_archived: bool = False) -> list[workbooks.Workbook]:
    """The workbooks `person` may open, in the order they were made: all of them for the local person."""
    person = person_key(person)
    every = workbooks.list_all(con, include_archived=include_archived)
    if person is LOCAL:
        return every
    mine = {r[0] for r in con.execute(_VISIBLE_IDS, [person, person]).fetchall()}
    return [w for w in every if w.id in mine]


def may_open(con: duckdb.DuckDBPyConnection, person: str | None, workbook_id: int) -> bool:
    """Whether `person` may open the workbook (archived or not)."""
    try:
        check(con, person, workbook_id)
    except NoAccess:
        return False
    return True


def check(con: duckdb.DuckDBPyConnection, person: str | None, workbook_id: object) -> workbooks.Workbook:
    """The workbook, when `person` may open it; NoAccess (one message) otherwise. The local person may open
    every workbook that exists."""
    try:
        wanted = int(workbook_id)
    except (TypeError, ValueError):
        raise NoAccess(refusal()) from None
    if not acting.may_see(con, person_key(person), wanted):
        raise NoAccess(refusal(wanted))
    return workbooks.get(con, wanted)


@db.reads
def owner(con: duckdb.DuckDBPyConnection, workbook_id: int) -> str | None:
    """Who owns the workbook (LOCAL: the local person)."""
    return db.scalar(con, "SELECT owner FROM workbooks WHERE id = ?", [workbook_id])


def _check_owner(con, person: str | None, workbook_id: int) -> str:
    person = person_key(person)
    if person is LOCAL or owner(con, workbook_id) != person:
        raise NoAccess(refusal(workbook_id))
    return person


@db.writes(archived_too=True)
def set_owner(con: duckdb.DuckDBPyConnection, workbook_id: int, person: str | None) -> None:
    """Give a workbook to a person (LOCAL: back to the local person). For the app's own creation paths and for
    operators moving a local database to hosted use; not a person's action."""
    with db.transaction(con) as cur:
        workbooks.get(cur, workbook_id)
        cur.execute("UPDATE workbooks SET owner = ? WHERE id = ?", [person_key(person), workbook_id])


def ensure_own(con: duckdb.DuckDBPyConnection, person: str | None,
               default_name: str = "My workbook") -> workbooks.Workbook:
    """The person's first workbook; a person with none gets one made for them (as workbooks.ensure_one)."""
    person = person_key(person)
    if person is LOCAL:
        return workbooks.ensure_one(con, default_name)
    mine = visible_workbooks(con, person)
    if mine:
        return mine[0]
    taken = {w.name.strip().lower() for w in visible_workbooks(con, person, include_archived=True)
             if owner(con, w.id) == person}
    name = default_name
    if name.lower() in taken:  # an archived workbook of theirs has the name: a fresh one beside it
        name = f"{default_name} {wording.day_and_time(datetime.now())}"
    return workbooks.get(con, workbooks.create(con, name, owner=person))


@db.writes(archived_too=True)
def grant(con: duckdb.DuckDBPyConnection, person: str | None, workbook_id: int, coach: str) -> None:
    """The owner lets a coach (by email) open this workbook until they revoke it."""
    coach = person_key(fields.email(coach, field="Coach's email"))
    if coach is LOCAL:
        raise Invalid("Type your coach's email address.")
    with db.transaction(con) as cur:
        owner_email = _check_owner(cur, person, workbook_id)
        if coach == owner_email:
            raise Invalid("That is your own address: you can already open your workbook.")
        cur.execute(
            "INSERT INTO coach_access (shared_workbook, coach, granted_by) VALUES (?, ?, ?)"
            " ON CONFLICT (shared_workbook, coach) DO UPDATE SET granted_by = excluded.granted_by,"
            " granted_at = current_localtimestamp(), revoked_at = NULL",
            [workbook_id, coach, owner_email],
        )


@db.writes(archived_too=True)
def revoke(con: duckdb.DuckDBPyConnection, person: str | None, workbook_id: int, coach: str) -> None:
    """The owner takes a coach's access back; the coach can no longer open the workbook from their next run."""
    with db.transaction(con) as cur:
        _check_owner(cur, person, workbook_id)
        cur.execute(
            "UPDATE coach_access SET revoked_at = current_localtimestamp()"
            " WHERE shared_workbook = ? AND coach = ? AND revoked_at IS NULL",
            [workbook_id, person_key(coach)],
        )


@db.reads
def coaches(con: duckdb.DuckDBPyConnection, person: str | None, workbook_id: int) -> list[tuple[str, datetime]]:
    """The coaches who may open the owner's workbook now, with when each was let in."""
    _check_owner(con, person, workbook_id)
    return [tuple(r) for r in con.execute(
        "SELECT coach, granted_at FROM coach_access WHERE shared_workbook = ? AND revoked_at IS NULL ORDER BY coach",
        [workbook_id],
    ).fetchall()]


# ---- the coach access log: who opened a workbook that is not theirs, and when (migration 012) ---------------
LOG_EVERY = timedelta(hours=1)  # one person's openings of one workbook closer together than this: noted once


@db.writes_aside  # not the workbook's data: its cached pages stay valid
def record_open(con: duckdb.DuckDBPyConnection, person: str | None, workbook_id: int, *,
                now: datetime | None = None) -> bool:
    """Note that `person` opened the workbook when they are not its owner (a coach it is shared with): at most one
    row per person and workbook within LOG_EVERY, so reruns, reloads and new tabs add nothing. True when a row was
    written. The owner and the local person are never noted; a person who may not open it is refused (NoAccess)."""
    person = person_key(person)
    if person in (LOCAL, acting.NOBODY):
        return False
    now = now or datetime.now()
    with db.transaction(con) as cur:
        if not acting.may_see(cur, person, int(workbook_id)):
            raise NoAccess(refusal(int(workbook_id)))
        if owner(cur, workbook_id) == person:
            return False
        if db.scalar(cur, "SELECT count(*) FROM access_log WHERE shared_workbook = ? AND person = ? AND opened_at > ?",
                     [workbook_id, person, now - LOG_EVERY]):
            return False
        cur.execute("INSERT INTO access_log (shared_workbook, person, opened_at) VALUES (?, ?, ?)",
                    [workbook_id, person, now])
    return True


@db.reads
def openings(con: duckdb.DuckDBPyConnection, person: str | None, workbook_id: int,
             limit: int = 20) -> list[tuple[str, datetime]]:
    """Who opened the owner's workbook and when (the coach access log), newest first; only the owner may read it."""
    _check_owner(con, person, workbook_id)
    return [tuple(r) for r in con.execute(
        "SELECT person, opened_at FROM access_log WHERE shared_workbook = ? ORDER BY opened_at DESC, person LIMIT ?",
        [workbook_id, int(limit)],
    ).fetchall()]
