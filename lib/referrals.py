"""Referrals received in a meeting (M22, M25): each person becomes a contact, linked to who referred them.

A new person gets source 'referral', stage 'identified' and referred_by = the person met, ready for an
introduction in Step 3. A person already in the workbook (same LinkedIn address or email, or same name at
the same organization) is linked instead of added twice.
"""
from __future__ import annotations

import re

import duckdb

from lib import actions, db, fields, meetings, reviews, text_search
from lib.errors import Invalid


def normalize_linkedin(url: str | None) -> str | None:
    """linkedin.com/in/x, https://www.LinkedIn.com/in/x/ and http://linkedin.com/in/x?y all compare equal."""
    if not url:
        return None
    value = url.strip().lower()
    value = re.sub(r"^https?://", "", value)
    value = re.sub(r"^(www\.|[a-z]{2}\.)", "", value)
    value = value.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    return value or None


def normalize_name(name: str | None) -> str:
    return " ".join((name or "").lower().split())


def _clean_email(value: str | None) -> str | None:
    return fields.email(value)


def _clean_linkedin(value: str | None) -> str | None:
    return fields.linkedin_url(value, field="LinkedIn address")


@db.reads
def organization_id(cur: duckdb.DuckDBPyConnection, workbook_id: int, name: str | None) -> int | None:
    """The organization of that name (ignoring case and spacing), created when new; None without a name."""
    name = fields.organization_name(name, field="Organization", required=False)
    if not name:
        return None
    found = db.scalar(
        cur,
        "SELECT min(id) FROM organizations WHERE workbook_id = ?"
        " AND lower(regexp_replace(trim(name), '\\s+', ' ', 'g')) = lower(?)",
        [workbook_id, name],
    )
    if found is not None:
        return found
    return cur.execute(
        "INSERT INTO organizations (workbook_id, name) VALUES (?, ?) RETURNING id", [workbook_id, name]
    ).fetchone()[0]


@db.reads
def find_existing(
    cur: duckdb.DuckDBPyConnection, workbook_id: int, *, full_name: str, organization_id: int | None,
    email: str | None, linkedin_url: str | None,
) -> int | None:
    """The contact this person already is: same LinkedIn address, same email, or same name and organization, or,
    with no organization given, the one person of that name (two of that name: nobody, the referral is added)."""
    url = normalize_linkedin(linkedin_url)
    if url:
        rows = db.rows(
            cur, "SELECT id, linkedin_url FROM contacts WHERE workbook_id = ? AND linkedin_url IS NOT NULL"
            f" AND {text_search.like('linkedin_url')}", [workbook_id, text_search.like_pattern(url.split("/")[-1]) or "%"],
        )
        for row in rows:
            if normalize_linkedin(row["linkedin_url"]) == url:
                return row["id"]
    if email:
        found = db.scalar(
            cur, "SELECT min(id) FROM contacts WHERE workbook_id = ? AND lower(trim(email)) = lower(?)",
            [workbook_id, email],
        )
        if found is not None:
            return found
    same_name = ("SELECT {} FROM contacts WHERE workbook_id = ?"
                 " AND lower(regexp_replace(trim(full_name), '\\s+', ' ', 'g')) = ?")
    if organization_id is None:  # "Noah Williams" with no organization typed is the Noah Williams already here
        found, people = cur.execute(same_name.format("min(id), count(*)"),
                                    [workbook_id, normalize_name(full_name)]).fetchone()
        return found if people == 1 else None
    return db.scalar(cur, same_name.format("min(id)") + " AND organization_id = ?",
                     [workbook_id, normalize_name(full_name), organization_id])


@db.writes
def add(
    con: duckdb.DuckDBPyConnection,
    workbook_id: int,
    meeting_id: int,
    *,
    full_name: str | None,
    organization: str | None = None,
    title: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    linkedin_url: str | None = None,
    how_to_reach: str | None = None,
    may_use_referrer_name: bool = False,
    token: str | None = None,
) -> tuple[int, bool]:
    """Add a person referred in this meeting; return (contact id, True when new / False when linked).

    A repeat with the same `token` (quick clicks on one form) changes nothing and returns the first result.

    The meeting must be done. A person already in the workbook keeps their data: empty fields are filled in,
    referred_by is set when they had none, and the permission to use the referrer's name is recorded.
    """
    # The same rules as the contact form (lib.fields): a referral is a contact like any other.
    full_name = fields.name(full_name, field="The referred person's name")
    title = fields.title(title)
    email = fields.email(email)
    phone = fields.phone(phone)
    linkedin_url = fields.linkedin_url(linkedin_url, field="LinkedIn address")
    how_to_reach = fields.note(how_to_reach, field="How to reach them")
    with db.transaction(con) as cur:
        done = actions.first(cur, token)
        if done is not None:
            return done, db.scalar(cur, "SELECT action FROM action_tokens WHERE token = ?", [token]) == "add_referral"
        m = meetings.get(cur, workbook_id, meeting_id)
        reviews.check_done(m)
        org_id = organization_id(cur, workbook_id, organization)
        existing = find_existing(
            cur, workbook_id, full_name=full_name, organization_id=org_id, email=email, linkedin_url=linkedin_url
        )
        referrer = m["contact_id"]
        if existing is not None and existing == referrer:
            raise Invalid(f"{full_name} is the person you met; a referral is someone they suggested you talk to.")
        note = f"Referred by {m['full_name']}." + (f" How to reach them: {how_to_reach}" if how_to_reach else "")
        details = [org_id, title, email, phone, linkedin_url]
        if existing is None:
            contact_id = _insert(cur, workbook_id, full_name, details, referrer, note, bool(may_use_referrer_name))
            actions.record(cur, token, workbook_id, "add_referral", contact_id)
            return contact_id, True
        _fill_in(cur, workbook_id, existing, details, referrer, note, bool(may_use_referrer_name))
        actions.record(cur, token, workbook_id, "link_referral", existing)
        return existing, False


def _insert(cur, workbook_id: int, full_name: str, details: list, referrer: int, note: str,
            may_use_referrer_name: bool) -> int:
    """A new contact referred by `referrer`; `details` are organization id, title, email, phone, LinkedIn."""
    return cur.execute(
        "INSERT INTO contacts (workbook_id, full_name, organization_id, title, email, phone, linkedin_url,"
        " source, referred_by_contact_id, stage, notes, may_use_referrer_name)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 'referral', ?, 'identified', ?, ?) RETURNING id",
        [workbook_id, full_name, *details, referrer, note, may_use_referrer_name],
    ).fetchone()[0]


def _fill_in(cur, workbook_id: int, contact_id: int, details: list, referrer: int, note: str,
             may_use_referrer_name: bool) -> None:
    """A person already in the workbook keeps their data: empty fields are filled in from `details`, referred_by
    is set when they had none, the permission to use the referrer's name is recorded and the note added."""
    cur.execute(
        """UPDATE contacts SET
             organization_id = coalesce(organization_id, ?), title = coalesce(title, ?),
             email = coalesce(email, ?), phone = coalesce(phone, ?), linkedin_url = coalesce(linkedin_url, ?),
             referred_by_contact_id = coalesce(referred_by_contact_id, ?),
             may_use_referrer_name = CASE WHEN referred_by_contact_id IS NULL OR referred_by_contact_id = ?
                                          THEN ? ELSE may_use_referrer_name END,
             notes = CASE WHEN notes IS NULL OR notes = '' THEN ?
                          WHEN strpos(notes, ?) > 0 THEN notes  -- linked again: the note is there once
                          ELSE notes || chr(10) || ? END
           WHERE id = ? AND workbook_id = ?""",
        [*details, referrer, referrer, may_use_referrer_name, note, note, note, contact_id, workbook_id],
    )


@db.reads
def from_meeting(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int) -> list[dict]:
    """People referred by the person met in this meeting, oldest first."""
    return db.rows(
        con,
        """SELECT c.id, c.full_name, o.name AS organization, c.title, c.stage, c.source,
                  c.may_use_referrer_name, c.email, c.phone, c.linkedin_url
           FROM meetings m
           JOIN contacts c ON c.referred_by_contact_id = m.contact_id AND c.workbook_id = m.workbook_id
           LEFT JOIN organizations o ON o.id = c.organization_id
           WHERE m.id = ? AND m.workbook_id = ?
           ORDER BY c.created_at, c.id""",
        [meeting_id, workbook_id],
    )
