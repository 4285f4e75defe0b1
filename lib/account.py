"""A signed-in person's account as a whole (issue 19): export all of it, or delete it.

**Export** (`export_all`): one zip holding
- `workbooks/<id>-<name>.zip`: each workbook the person owns (archived ones too), in the app's own workbook
  export format (lib/backup.py), so each file imports back as it is (Workbooks page, "Import a workbook");
- `account.json`: the person's account data: the workbooks they own, the coach grants they gave and those they
  received (who let them in, when; nothing of that workbook's content), whether they have a calendar feed (never
  its secret link), their stored settings (screen-share mode), and workshop rows that name them when a workshop
  table exists (lib/migrations 013, another module's; found by name so this module does not depend on it);
- `README.txt`: what the files are and how to import a workbook back.
Nothing of other people's workbooks is in it, not even of those shared with the person.

**Delete** (`delete_account`): after the person types their email address, one transaction deletes every
workbook they own with all its rows (workbooks.delete_rows), the coach grants on those workbooks, the grants
given to them, their calendar feed and their stored settings. Workbooks other people shared with them stay
their owners'. A wrong confirmation deletes nothing.

Both are for a signed-in person acting for themselves: a handle acting as someone else is refused (NoAccess). The
local app's single person (no sign-in) has no account: the database backup is all of their data.
"""
from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime

import duckdb

from lib import acting, backup, db, sign_outs, workbooks
from lib.errors import Invalid, NoAccess

FORMAT_NAME = "informational-interview-workbook/account"
FORMAT_VERSION = 1
NOT_YOURS = "You can only export or delete your own account."
NO_ACCOUNT = ("This copy of the app has no sign-in, so there is no account to export or delete. The database "
              "backup on the Workbooks page holds all of your data.")
WRONG_CONFIRMATION = ("That is not the email address you signed in with, so nothing was deleted. Type your "
                      "address exactly to confirm.")
README = """All your data from the Informational Interview Workbook, as of {when}.

workbooks/   one zip per workbook you own (archived ones too), in the app's workbook export format.
             To use one again, open the Workbooks page of any copy of the app and choose "Import a workbook":
             it comes back as a new workbook with everything in it.
account.json your account: the workbooks you own, the coach access you gave and received, whether you have a
             calendar feed (its secret link is not included), and your settings (screen-share mode).

Workbooks other people shared with you are theirs and are not included.
"""


def _own_account(con, person: str | None) -> str:
    """The person, when the handle acts for them (or for the local person: tests, operators' scripts)."""
    person = acting.person_key(person)
    if person is acting.LOCAL or person == acting.NOBODY:
        raise Invalid(NO_ACCOUNT)
    who = acting.acting_person(con)
    if who is not acting.LOCAL and who != person:
        raise NoAccess(NOT_YOURS)
    return person


def _owned(con, person: str) -> list[dict]:
    return db.rows(con, "SELECT id, name, created_at, archived, is_demo FROM workbooks WHERE owner = ? ORDER BY id",
                   [person])


def _workshops(con, person: str) -> dict[str, list[dict]]:
    """The workshops the person runs (without their join links: secrets, like the calendar feed's) and joined."""
    return {
        "run": db.rows(con, "SELECT id, name, created_at, closed_at FROM workshops WHERE facilitator = ? ORDER BY id",
                       [person]),
        "joined": db.rows(con, "SELECT w.name AS workshop, w.facilitator, m.member_workbook AS workbook, m.joined_at"
                               " FROM workshop_members m JOIN workshops w ON w.id = m.workshop"
                               " WHERE m.participant = ? ORDER BY m.joined_at", [person]),
    }


def account_data(con: duckdb.DuckDBPyConnection, person: str | None) -> dict:
    """The person's account data, as `account.json` holds it (see the module's docstring)."""
    person = _own_account(con, person)
    feed = db.one(con, "SELECT created_at FROM calendar_feeds WHERE person = ?", [person])
    data = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "exported_at": datetime.now().isoformat(timespec="seconds"),
        "person": person,
        "workbooks_owned": _owned(con, person),
        "coach_access_given": db.rows(
            con, "SELECT a.shared_workbook AS workbook, a.coach, a.granted_at, a.revoked_at FROM coach_access a"
                 " JOIN workbooks w ON w.id = a.shared_workbook WHERE w.owner = ? ORDER BY a.shared_workbook, a.coach",
            [person]),
        "coach_access_received": db.rows(
            con, "SELECT shared_workbook AS workbook, granted_by, granted_at, revoked_at FROM coach_access"
                 " WHERE coach = ? ORDER BY shared_workbook", [person]),
        "calendar_feed": {"exists": feed is not None, "created_at": feed["created_at"] if feed else None},
        "settings": dict(con.execute("SELECT name, value FROM app_settings WHERE person = ? ORDER BY name",
                                     [person]).fetchall()),
    }
    data["workshops"] = _workshops(con, person)
    return data


def workbook_file(workbook: dict, fmt: str) -> str:
    """The name of an owned workbook's export inside the account zip: `workbooks/12-job-search-…zip`."""
    return f"workbooks/{workbook['id']}-{backup.export_filename(workbook['name'], fmt)}"


def export_all(con: duckdb.DuckDBPyConnection, person: str | None, fmt: str = "csv") -> bytes:
    """Everything the person has here as one zip: each workbook they own as an importable workbook export, their
    account data (account.json) and a README. Nothing of workbooks other people shared with them."""
    data = account_data(con, person)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for wb in data["workbooks_owned"]:
            wb["file"] = workbook_file(wb, fmt)
            zf.writestr(wb["file"], backup.export_workbook(con, wb["id"], fmt), compress_type=zipfile.ZIP_STORED)
        zf.writestr("account.json", json.dumps(data, indent=2, ensure_ascii=False, default=_json_value))
        zf.writestr("README.txt", README.format(when=data["exported_at"]))
    return buffer.getvalue()


def _json_value(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def export_filename(when: datetime | None = None) -> str:
    """The download's name, without the person's address (safe on a shared screen): `my-data-2026-03-11.zip`."""
    return f"my-data-{(when or datetime.now()):%Y-%m-%d}.zip"


def what_goes(con: duckdb.DuckDBPyConnection, person: str | None) -> dict[str, int]:
    """What deleting the account would delete, counted (the page spells it out before the person confirms)."""
    person = _own_account(con, person)
    mine = "SELECT id FROM workbooks WHERE owner = ?"
    return {
        "workbooks": db.scalar(con, f"SELECT count(*) FROM ({mine}) m", [person]),
        "grants_given": db.scalar(con, f"SELECT count(*) FROM coach_access WHERE shared_workbook IN ({mine})",
                                  [person]),
        "grants_received": db.scalar(con, "SELECT count(*) FROM coach_access WHERE coach = ?", [person]),
        "calendar_feed": db.scalar(con, "SELECT count(*) FROM calendar_feeds WHERE person = ?", [person]),
        "settings": db.scalar(con, "SELECT count(*) FROM app_settings WHERE person = ?", [person]),
    }


def _data_rows(cur, workbook_ids: list[int]) -> int:
    """How many rows of data the workbooks hold (every workbook table, and their meetings' questions)."""
    total = 0
    for wid in workbook_ids:
        total += db.scalar(cur, "SELECT count(*) FROM meeting_questions WHERE meeting_id IN"
                                " (SELECT id FROM meetings WHERE workbook_id = ?)", [wid])
        for table in workbooks.workbook_tables(cur):
            total += db.scalar(cur, f'SELECT count(*) FROM "{table}" WHERE workbook_id = ?', [wid])  # catalog name
    return total


@db.writes
def delete_account(con: duckdb.DuckDBPyConnection, person: str | None, confirmation: str | None) -> dict[str, int]:
    """Delete the person's account, in one transaction: every workbook they own with all its rows, the coach
    grants on them, the grants given to them, their calendar feed and their settings. `confirmation` must be their
    email address (any case or spacing); otherwise Invalid and nothing is deleted. Returns what was deleted,
    counted (as what_goes, plus `rows`: the rows of data in the deleted workbooks)."""
    person = _own_account(con, person)
    if acting.person_key(confirmation) != person:
        raise Invalid(WRONG_CONFIRMATION)
    with db.transaction(con) as cur:
        counts = what_goes(cur, person)
        owned = [r["id"] for r in _owned(cur, person)]
        counts["rows"] = _data_rows(cur, owned)
        for wid in owned:
            workbooks.delete_rows(cur, wid)
        cur.execute("DELETE FROM coach_access WHERE shared_workbook IN (SELECT id FROM workbooks WHERE owner = ?)"
                    " OR coach = ?", [person, person])
        # Who opened the deleted workbooks (their owner's record), and the workshops: the ones this person ran
        # (participants keep their workbooks: the facilitator's grants went above) and their own memberships.
        cur.execute("DELETE FROM access_log WHERE shared_workbook IN (SELECT id FROM workbooks WHERE owner = ?)",
                    [person])
        cur.execute("DELETE FROM workshop_members WHERE participant = ? OR workshop IN"
                    " (SELECT id FROM workshops WHERE facilitator = ?)", [person, person])
        cur.execute("DELETE FROM workshops WHERE facilitator = ?", [person])
        cur.execute("DELETE FROM calendar_feeds WHERE person = ?", [person])
        cur.execute("DELETE FROM app_settings WHERE person = ?", [person])
        cur.execute("DELETE FROM name_locks WHERE owner = ?", [person])
        cur.execute("DELETE FROM workbooks WHERE owner = ?", [person])
        sign_outs.note_account_deleted(cur, person)  # every tab of theirs ends, and says the account was deleted
        return counts
