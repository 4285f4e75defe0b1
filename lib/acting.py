"""Who acts through a database handle, and the check every public lib read and write makes first (issue 19).

The acting person travels with the handle a function is given: the app's per-run handle (views/ui.py RunCursor)
carries the signed-in person, `as_person(con, person)` makes one for tests, the bench and scripts. A plain DuckDB
connection carries nobody in particular: it acts as the local app's single person (LOCAL), who opens every
workbook, as before hosted mode (tests, the bench, the command line, `make run`).

`db.reads` and `db.writes` call `enforce` before the function runs, so a workbook the acting person may not open
is refused (NoAccess, one message) whatever the function, page or URL parameter. The answer is remembered per
handle in `access_memo` (the app's handle keeps it for one script run, so a revoked coach is refused from the
next run on). This module imports nothing of lib but errors: lib/db.py builds on it, lib/access.py too.
"""
from __future__ import annotations

from lib.errors import NoAccess

LOCAL = None  # the local app's single person: every workbook
NOBODY = "\x00nobody"  # hosted mode without a signed-in person: no workbook at all (fail closed)

# The ids of the workbooks a person may open: their own, and those shared with them and not revoked.
VISIBLE_IDS = (
    "SELECT w.id FROM workbooks w WHERE w.owner = ? OR EXISTS (SELECT 1 FROM coach_access a"
    " WHERE a.shared_workbook = w.id AND a.coach = ? AND a.revoked_at IS NULL)"
)


def refusal(workbook_id: int | None = None) -> str:
    """The one message for a workbook the person may not open (or that is not there). Only a number is ever
    repeated from the request, never other text from a URL."""
    which = f"Workbook {workbook_id}" if isinstance(workbook_id, int) else "That workbook"
    return (f"{which} is not one you can open: it is not yours, it has not been shared with you, or it does not "
            "exist. Choose one of your workbooks in the sidebar.")


def person_key(email: str | None) -> str | None:
    """An email address as a person (trimmed, lower case); LOCAL for None or blank."""
    email = (email or "").strip().lower()
    return email or LOCAL


def acting_person(con: object) -> str | None:
    """The person acting through `con`: its `acting_person`, or LOCAL for a plain DuckDB connection."""
    person = getattr(con, "acting_person", LOCAL)
    return person if person in (LOCAL, NOBODY) else person_key(person)


def may_see(con, person: str | None, workbook_id: int) -> bool:
    """Whether `person` may open the workbook (the local person: every workbook that exists)."""
    if person is LOCAL:
        return bool(con.execute("SELECT count(*) FROM workbooks WHERE id = ?", [workbook_id]).fetchone()[0])
    if person == NOBODY:  # no workbook at all; and PostgreSQL's text cannot carry NOBODY's NUL byte
        return False
    return bool(con.execute(f"SELECT count(*) FROM ({VISIBLE_IDS}) v WHERE v.id = ?",
                            [person, person, workbook_id]).fetchone()[0])


def enforce(con, workbook_id: object) -> None:
    """Refuse (NoAccess) a workbook the person acting through `con` may not open; nothing for the local person.
    A missing id (None) is every workbook's data, which only the local person may read."""
    person = acting_person(con)
    if person is LOCAL:
        return
    try:
        wanted = int(workbook_id)
    except (TypeError, ValueError):
        raise NoAccess(refusal()) from None
    memo = getattr(con, "access_memo", None)
    allowed = memo.get((person, wanted)) if memo is not None else None
    if allowed is None:
        allowed = may_see(con, person, wanted)
        if memo is not None:
            memo[(person, wanted)] = allowed
    if not allowed:
        raise NoAccess(refusal(wanted))


def only_visible(con, column: str = "id") -> tuple[str, list]:
    """A condition (" AND ...") and its parameters that keep the workbooks (by `column`, a constant of the
    caller's SQL) the person acting through `con` may open: nothing to add for the local person."""
    person = acting_person(con)
    if person is LOCAL:
        return "", []
    if person == NOBODY:  # no workbook (and no NUL byte sent to PostgreSQL)
        return " AND FALSE", []
    return f" AND {column} IN ({VISIBLE_IDS})", [person, person]


class Scoped:
    """A database handle that acts as `person`: every call goes to `con`, and lib checks access against the
    person. Its answers are remembered while it lives (make a new one to see a revoked grant)."""

    def __init__(self, con, person: str | None, memo: dict | None = None) -> None:
        self._con = con
        self.acting_person = person_key(person) if person != NOBODY else NOBODY
        self.access_memo = {} if memo is None else memo

    def cursor(self) -> Scoped:
        """A cursor of its own that acts as the same person (a deferred download reads on one)."""
        return Scoped(self._con.cursor(), self.acting_person, self.access_memo)

    def __getattr__(self, name: str):
        return getattr(self._con, name)


def as_person(con, person: str | None) -> Scoped:
    """`con` acting as `person` (LOCAL: the local person, who opens every workbook)."""
    return Scoped(con, person)
