"""What a hosted copy allows beyond opening a workbook (issue 19).

Opening a workbook (reading it, writing in it) is lib/acting.py's rule: its owner and the coaches it is shared
with. Beyond that:

- Only a workbook's **owner** renames, archives or restores it, and exports all of it. A coach opens a client's
  workbook by consent, which the client can take back at any time; a full export would keep every email, phone
  number and private note in a file after that, so a coach downloads the progress report instead.
- A new workbook (created, imported, the demo) belongs to the person acting; a visitor who is nobody (hosted mode
  without a signed-in person) gets none.
- Only an **administrator**, named by the operator in config (the app reads the list and passes it in), backs up
  the whole database or loads the demo workbook.

The local app's single person (no sign-in, lib/acting.py LOCAL) may do all of it, exactly as before hosted mode.
"""
from __future__ import annotations

from collections.abc import Iterable

import duckdb

from lib import acting, db
from lib.errors import NoAccess

NOT_AN_ADMIN = "Only an administrator of this copy of the app can {doing}. Ask whoever runs it."
NOT_THE_OWNER = "Only the workbook's owner can {doing}."


def admin_list(emails: Iterable[str] | str | None) -> frozenset[str]:
    """Administrators' email addresses as people (trimmed, lower case); a single string may list them with commas."""
    if emails is None:
        return frozenset()
    if isinstance(emails, str):
        emails = emails.split(",")
    return frozenset(p for p in (acting.person_key(str(e)) for e in emails) if p is not None)


def is_admin(con: duckdb.DuckDBPyConnection, admins: Iterable[str] | str | None) -> bool:
    """Whether the person acting through `con` administers this copy: the local person always; a signed-in
    person when named in `admins`; nobody else."""
    person = acting.acting_person(con)
    if person is acting.LOCAL:
        return True
    return person != acting.NOBODY and person in admin_list(admins)


def require_admin(con: duckdb.DuckDBPyConnection, admins: Iterable[str] | str | None, doing: str) -> None:
    """NoAccess (saying that only an administrator may `doing`) unless the person acting through `con` is one."""
    if not is_admin(con, admins):
        raise NoAccess(NOT_AN_ADMIN.format(doing=doing))


def new_owner(con: duckdb.DuckDBPyConnection) -> str | None:
    """Who owns a workbook the person acting through `con` makes: themselves (LOCAL: the local person).
    A hosted visitor who is nobody makes none (NoAccess)."""
    person = acting.acting_person(con)
    if person == acting.NOBODY:
        raise NoAccess(acting.refusal())
    return person


def only_own(con: duckdb.DuckDBPyConnection, column: str = "owner") -> tuple[str, list]:
    """A condition (" AND ...") and its parameters that keep the workbooks (`column`: their owner column, a
    constant of the caller's SQL) the person acting through `con` owns: nothing to add for the local person."""
    person = acting.acting_person(con)
    if person is acting.LOCAL:
        return "", []
    return f" AND {column} = ?", [person]


@db.reads
def owns(con: duckdb.DuckDBPyConnection, workbook_id: int) -> bool:
    """Whether the person acting through `con` owns the workbook (the local person: every workbook). A workbook
    they may not open at all is refused (NoAccess) before this is answered."""
    person = acting.acting_person(con)
    if person is acting.LOCAL:
        return True
    return db.scalar(con, "SELECT owner FROM workbooks WHERE id = ?", [workbook_id]) == person


@db.reads
def require_owner(con: duckdb.DuckDBPyConnection, workbook_id: int, doing: str) -> None:
    """NoAccess unless the person acting through `con` owns the workbook: the usual refusal for one they may not
    open, and one saying only the owner may `doing` for a client's workbook they coach."""
    if not owns(con, workbook_id):
        raise NoAccess(NOT_THE_OWNER.format(doing=doing))
