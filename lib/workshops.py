"""Workshops (issue 19, hosted mode): a facilitator makes a workshop with a secret join link; a participant who
opens it and agrees gets a new workbook of their own in that workshop, which the facilitator may open.

- The link holds a token of 32 random bytes (URL-safe), kept with its SHA-256: a link is found by the hash of what
  it carries and compared in constant time (as lib/calendar_feed.py). Closing a workshop stops new joins; an
  unknown, malformed or closed link gets one message (BAD_LINK), which tells nothing about which it was.
- Joining makes, in one transaction, a workbook owned by the participant, their membership, and a coach_access
  grant to the facilitator (as a client gives a coach access, lib/access.grant): the participant can stop sharing
  it on the Workbooks page like any coach grant, and the facilitator sees it in their picker and cohort overview.
  Only that workbook: nothing of the participant's other workbooks. Joining again makes nothing new.
- Every function takes the person it acts for; a handle that acts for someone else (lib/acting.py) is refused
  (NoAccess), and the local app's single person (no sign-in) has no workshops.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

import duckdb

from lib import acting, db, fields, wording
from lib.errors import Invalid, NoAccess
from lib.workbooks import NAME_CHARS

_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
BAD_LINK = ("This workshop link does not work: it is not complete, or the facilitator has closed the workshop to "
            "new participants. Ask them for the current link.")
HOSTED_ONLY = "Workshops need a hosted copy of the app, where each person signs in."
WHAT_THE_FACILITATOR_SEES = (
    "everything in the workbook made for this workshop: its goals, the people and organizations you add, your "
    "outreach (messages, follow-ups, meetings), your question plans, your reviews and your notes",
    "nothing of your other workbooks",
)


@dataclass(frozen=True)
class Workshop:
    id: int
    name: str
    facilitator: str
    token: str
    created_at: datetime
    closed: bool
    participants: int = 0   # who joined
    sharing: int = 0        # ... and still let the facilitator open their workbook


@dataclass(frozen=True)
class Invitation:
    """What a join link leads to, for the consent screen: the workshop (even closed) and the person's own
    workshop workbook when they joined it already."""
    workshop_id: int
    name: str
    facilitator: str
    closed: bool
    joined_workbook: int | None


def _me(con, person: str | None) -> str:
    """The signed-in person acting through `con`: NoAccess for a handle that acts for someone else, Invalid for
    the local app's person (no sign-in, no workshops)."""
    person = acting.person_key(person)
    acting_as = acting.acting_person(con)
    if acting_as is not acting.LOCAL and acting_as != person:
        raise NoAccess(acting.refusal())
    if person is acting.LOCAL or person == acting.NOBODY:
        raise Invalid(HOSTED_ONLY)
    return person


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def _clean_name(name: str | None, field: str) -> str:
    return fields.short(name, field=field, required=True, limit=NAME_CHARS)


def participant_workbook_name(workshop_name: str, participant: str) -> str:
    """The name offered for a participant's new workbook: "<workshop> · <participant>", so the facilitator tells
    their participants' workbooks apart; within the name limit (the workshop's name is shortened first, with an
    ellipsis, then the participant's)."""
    workshop_name, participant = " ".join(workshop_name.split()), " ".join((participant or "").split())
    if not participant:
        return workshop_name[:NAME_CHARS]
    who = wording.clipped(participant, NAME_CHARS // 2) if len(participant) > NAME_CHARS // 2 else participant
    room = NAME_CHARS - len(who) - len(_BETWEEN)
    return f"{wording.clipped(workshop_name, room)}{_BETWEEN}{who}"


_BETWEEN = " · "


@db.writes
def create(con: duckdb.DuckDBPyConnection, person: str | None, name: str) -> Workshop:
    """A new workshop run by `person`, open to joins, with a fresh secret link."""
    me = _me(con, person)
    name = _clean_name(name, "Workshop name")
    token = secrets.token_urlsafe(32)
    with db.transaction(con) as cur:
        db.lock_names(cur, me, name)
        taken = db.scalar(cur, "SELECT count(*) FROM workshops WHERE facilitator = ? AND lower(trim(name)) = lower(?)"
                          " AND closed_at IS NULL", [me, name])
        if taken:
            raise Invalid(f"You already run an open workshop called “{name}”. Choose another name.")
        new_id = cur.execute("INSERT INTO workshops (facilitator, name, token, token_hash) VALUES (?, ?, ?, ?)"
                             " RETURNING id", [me, name, token, _hash(token)]).fetchone()[0]
    return next(w for w in mine(con, me) if w.id == new_id)


def mine(con: duckdb.DuckDBPyConnection, person: str | None) -> list[Workshop]:
    """The workshops `person` runs, newest first, with how many joined and how many still share their workbook."""
    me = _me(con, person)
    found = db.rows(con, (
        "SELECT w.id, w.name, w.facilitator, w.token, w.created_at, w.closed_at IS NOT NULL AS closed,"
        " count(m.participant) AS participants,"
        " count(m.participant) FILTER (WHERE a.coach IS NOT NULL) AS sharing"
        " FROM workshops w LEFT JOIN workshop_members m ON m.workshop = w.id"
        " LEFT JOIN coach_access a ON a.shared_workbook = m.member_workbook AND a.coach = w.facilitator"
        "  AND a.revoked_at IS NULL"
        " WHERE w.facilitator = ? GROUP BY w.id, w.name, w.facilitator, w.token, w.created_at, w.closed_at"
        " ORDER BY w.created_at DESC, w.id DESC"), [me])
    return [Workshop(**r) for r in found]


@db.writes
def close(con: duckdb.DuckDBPyConnection, person: str | None, workshop_id: int) -> None:
    """The facilitator closes the workshop: its link lets nobody new in. Those who joined keep their workbooks,
    and the facilitator keeps the access each of them gave."""
    me = _me(con, person)
    with db.transaction(con) as cur:
        row = db.one(cur, "SELECT closed_at FROM workshops WHERE id = ? AND facilitator = ?", [workshop_id, me])
        if row is None:
            raise Invalid("That is not a workshop you run.")
        if row["closed_at"] is None:
            cur.execute("UPDATE workshops SET closed_at = current_localtimestamp() WHERE id = ?", [workshop_id])


def _by_token(con, token: object) -> dict | None:
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return None
    row = db.one(con, "SELECT id, name, facilitator, token, closed_at IS NOT NULL AS closed FROM workshops"
                      " WHERE token_hash = ?", [_hash(token)])
    if row is None or not hmac.compare_digest(row["token"], token):
        return None
    return row


def _joined(con, workshop_id: int, person: str) -> int | None:
    return db.scalar(con, "SELECT m.member_workbook FROM workshop_members m JOIN workbooks w ON w.id ="
                          " m.member_workbook WHERE m.workshop = ? AND m.participant = ?", [workshop_id, person])


def invitation(con: duckdb.DuckDBPyConnection, person: str | None, token: object) -> Invitation | None:
    """What the link `token` leads to for `person`; None for a link that matches no workshop."""
    me = _me(con, person)
    row = _by_token(con, token)
    if row is None:
        return None
    return Invitation(row["id"], row["name"], row["facilitator"], row["closed"], _joined(con, row["id"], me))


def _free_name(cur, wanted: str, owner: str) -> str:
    """`wanted`, or `wanted (2)`, `(3)`… when the owner has a workbook of that name already."""
    taken = {r[0] for r in cur.execute("SELECT lower(trim(name)) FROM workbooks WHERE owner = ?", [owner]).fetchall()}
    name, n = wanted, 2
    while name.lower() in taken:  # the number fits within the name limit (the name is shortened for it)
        suffix = f" ({n})"
        name, n = wording.clipped(wanted, NAME_CHARS - len(suffix)) + suffix, n + 1
    return name


@db.writes
def join(con: duckdb.DuckDBPyConnection, person: str | None, token: object, workbook_name: str | None) -> int:
    """`person` joins the workshop of the link: returns the id of their workshop workbook. In one transaction: a
    new workbook owned by them (`workbook_name`, made unique among theirs), the membership, and the facilitator's
    access to that workbook. Joining again returns the same workbook and makes nothing; a closed, unknown or
    malformed link is refused with BAD_LINK. `workbook_name` None: "<workshop> · <their email>"."""
    me = _me(con, person)
    wanted = None if workbook_name is None else _clean_name(workbook_name, "Workbook name")
    try:
        return _join(con, me, token, wanted)
    except duckdb.ConstraintException as e:
        # The same person joined at the same moment in another tab, whose join may not have committed yet: a
        # conflict like any other, so db.writes retries it, and the retry returns that tab's workbook (seen in CI).
        raise duckdb.TransactionException(f"joined meanwhile in another tab: {e}") from e


def _join(con, me: str, token: object, wanted: str | None) -> int:
    with db.transaction(con) as cur:
        row = _by_token(cur, token)
        if row is None:
            raise Invalid(BAD_LINK)
        already = _joined(cur, row["id"], me)
        if already is not None:
            return already
        if row["closed"]:
            raise Invalid(BAD_LINK)
        if row["facilitator"] == me:
            raise Invalid("You run this workshop: participants join it with this link, you need not.")
        name = _free_name(cur, wanted or participant_workbook_name(row["name"], me), me)
        db.lock_names(cur, me, name)  # a create of this name in another tab now conflicts with this join
        new_id = cur.execute("INSERT INTO workbooks (name, owner) VALUES (?, ?) RETURNING id",
                             [name, me]).fetchone()[0]
        cur.execute("DELETE FROM workshop_members WHERE workshop = ? AND participant = ?", [row["id"], me])
        cur.execute("INSERT INTO workshop_members (workshop, participant, member_workbook) VALUES (?, ?, ?)",
                    [row["id"], me, new_id])
        cur.execute("INSERT INTO coach_access (shared_workbook, coach, granted_by) VALUES (?, ?, ?)",
                    [new_id, row["facilitator"], me])
        return new_id
