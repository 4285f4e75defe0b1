"""Sign-outs (issue 19): a person who signs out in one tab is signed out in every tab and browser they have open.

Streamlit reads the sign-in cookie once, when a tab's session starts (st.user and st.context.cookies stay as they
were), so a sign-out in one tab cannot reach the others through the cookie. The sign-out is recorded here instead
(`record`), and a session remembers the person's count of sign-outs when it first sees them (`mark`): while the
count is the same, the sign-in that session started with still holds; once it differs, the person signed out
since. Comparing counts needs no clock, and a new sign-in (a new session) simply starts from the new count.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import duckdb

from lib import acting, db
from lib.errors import NoAccess


# A sign-in cookie made before the person's last sign-out is refused too (a new tab would otherwise read it
# again), when it is older by more than the provider's clock and the app's may differ.
CLOCKS_MAY_DIFFER = timedelta(minutes=2)


def state(con: duckdb.DuckDBPyConnection, person: str) -> tuple[int, datetime | None]:
    """How many times `person` has signed out, and when last (0, None: never): one look-up by primary key."""
    row = con.execute("SELECT times, signed_out_at FROM sign_outs WHERE person = ?",
                      [acting.person_key(person)]).fetchone()
    return (row[0], row[1]) if row else (0, None)


def made_before_sign_out(signed_in_at: datetime | None, last_sign_out: datetime | None) -> bool:
    """Whether a sign-in made at `signed_in_at` (its ID token's issue time, on this machine's clock) came before the
    last sign-out, beyond what the clocks may differ: its cookie no longer signs anyone in."""
    if signed_in_at is None or last_sign_out is None:
        return False
    return signed_in_at + CLOCKS_MAY_DIFFER < last_sign_out


def mark(con: duckdb.DuckDBPyConnection, person: str) -> int:
    """How many times `person` has signed out so far (0 for never): one look-up by primary key."""
    return db.scalar(con, "SELECT times FROM sign_outs WHERE person = ?", [acting.person_key(person)]) or 0


@db.writes
def record(con: duckdb.DuckDBPyConnection, person: str) -> int:
    """`person` signs out: every session that saw them before now sees a new count. Only the person acting
    through `con` (or the local app, for tests and scripts) may sign them out. Returns the new count."""
    person = acting.person_key(person)
    if person is acting.LOCAL:
        raise NoAccess("Only a signed-in person can sign out.")
    if acting.acting_person(con) not in (acting.LOCAL, person):
        raise NoAccess("Only the signed-in person can sign themselves out.")
    with db.transaction(con) as cur:
        cur.execute(
            "INSERT INTO sign_outs (person, times, signed_out_at) VALUES (?, 1, ?)"
            " ON CONFLICT (person) DO UPDATE SET times = sign_outs.times + 1, signed_out_at = excluded.signed_out_at",
            [person, datetime.now()],
        )
        return mark(cur, person)


def note_account_deleted(cur: duckdb.DuckDBPyConnection, person: str) -> None:
    """Inside the transaction that deletes `person`'s account (lib/account.py): a sign-out marked as that deletion,
    so every tab of theirs ends at its next click and can say why (deleted_since)."""
    cur.execute(
        "INSERT INTO sign_outs (person, times, signed_out_at, deleted_at_times) VALUES (?, 1, ?, 1)"
        " ON CONFLICT (person) DO UPDATE SET times = sign_outs.times + 1, signed_out_at = excluded.signed_out_at,"
        " deleted_at_times = sign_outs.times + 1",
        [acting.person_key(person), datetime.now()],
    )


def deleted_since(con: duckdb.DuckDBPyConnection, person: str, seen_times: int) -> bool:
    """Whether `person`'s account was deleted since a session saw their count of sign-outs at `seen_times`."""
    deleted = db.scalar(con, "SELECT deleted_at_times FROM sign_outs WHERE person = ?", [acting.person_key(person)])
    return deleted is not None and deleted > seen_times


ACCOUNT_DELETED, SIGNED_OUT = "account deleted", "signed out"


def why(con: duckdb.DuckDBPyConnection, person: str, seen_times: int, *, old_cookie: bool = False) -> str:
    """Why a session that saw `seen_times` sign-outs of `person` is signed out now: ACCOUNT_DELETED or SIGNED_OUT.
    `old_cookie`: a new tab whose sign-in was made before the last sign-out; it was deleted when that sign-out was
    the deletion or the one the Workbooks page records right after it."""
    if old_cookie:
        seen_times = state(con, person)[0] - 2
    return ACCOUNT_DELETED if deleted_since(con, person, seen_times) else SIGNED_OUT
