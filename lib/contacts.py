"""Professionals a person researches and meets (step 2, M8–M10): add, edit, search, delete, and
everything recorded about one of them across the steps.

Search and pagination happen in SQL, so a workbook of 30,000 LinkedIn connections stays quick.
The history of a person reads the contract tables of the later steps (outreach, meetings,
reviews, meeting_questions) directly, read-only.
"""
from __future__ import annotations

import numbers
import re
from urllib.parse import urlsplit

import duckdb
import pandas as pd

from lib import actions, db, fields, organizations, rows, text, text_search, vocab
from lib.errors import Invalid, NotFound

PAGE_SIZE = 50
NOTE_LIMIT = text.MAX_NOTE_CHARS
# Fields a person may change from the list (st.data_editor); the others need the detail form.
INLINE_FIELDS = ("title", "stage", "notes")
FIELDS = (
    "full_name", "organization_id", "title", "email", "phone", "linkedin_url", "source",
    "referred_by_contact_id", "stage", "notes", "private_notes", "connected_on",
)
# What each field is called on the forms (a conflict names the fields that changed meanwhile).
LABELS = {
    "full_name": "Name", "organization_id": "Organization", "title": "Title or role", "email": "Email",
    "phone": "Phone", "linkedin_url": "LinkedIn URL", "source": "How you know of them",
    "referred_by_contact_id": "Referred by", "stage": "Stage", "notes": "Research notes",
    "private_notes": "Private notes", "connected_on": "Connected on",
}
ORDERS = {
    "name": "lower(c.full_name), c.id",
    "newest": "c.created_at DESC, c.id DESC",
    "connected": "c.connected_on DESC NULLS LAST, lower(c.full_name), c.id",
    "stage": "CASE c.stage " + " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(vocab.STAGES)) + " END, lower(c.full_name), c.id",
    # People to write to first: researched, then contacted, identified, scheduled, the rest.
    "to_contact": "CASE c.stage WHEN 'researched' THEN 0 WHEN 'contacted' THEN 1 WHEN 'identified' THEN 2"
                  " WHEN 'scheduled' THEN 3 ELSE 4 END, c.full_name, c.id",
}

_LINKEDIN_QUICK = re.compile(r"^(?:https?://)?(?:[a-z]{2,3}\.)?linkedin\.com(/[^?#\s:@]*)?(?:[?#]\S*)?$", re.IGNORECASE)


# ---- checking what a person typed -------------------------------------------------------------

def check_email(value: str | None) -> str | None:
    return fields.email(value)


def check_phone(value: str | None) -> str | None:
    return fields.phone(value)


def check_linkedin(value: str | None) -> str | None:
    """A LinkedIn profile address, as typed (stripped). Accepts it with or without https://."""
    return fields.linkedin_url(value)


def linkedin_key(url: str | None) -> str | None:
    """The comparable form of a LinkedIn profile address: 'linkedin.com/in/slug', lower case, no
    scheme, www, query or trailing slash. None when it is not a LinkedIn address."""
    url = (url or "").strip()
    if not url:
        return None
    quick = _LINKEDIN_QUICK.match(url)
    if quick:  # the usual spellings, without the cost of urlsplit (30,000 rows per import)
        path = re.sub(r"/+", "/", quick.group(1) or "").rstrip("/").lower()
        return f"linkedin.com{path}" if path else None
    try:
        parts = urlsplit(url if "://" in url else f"https://{url}")
        host = (parts.hostname or "").lower()
    except ValueError:  # e.g. an unbalanced [ in the host: not an address at all
        return None
    if not (host == "linkedin.com" or host.endswith(".linkedin.com")):
        return None
    path = re.sub(r"/+", "/", parts.path).rstrip("/").lower()
    return f"linkedin.com{path}" if path else None


# One rule per field (lib.fields), in order: connected_on is checked against the source already cleaned.
_RULES = {
    "full_name": lambda v, out: fields.name(v),
    "title": lambda v, out: fields.title(v),
    "email": lambda v, out: fields.email(v),
    "phone": lambda v, out: fields.phone(v),
    "linkedin_url": lambda v, out: fields.linkedin_url(v),
    "source": lambda v, out: fields.source(v),
    "stage": lambda v, out: fields.stage(v),
    "notes": lambda v, out: fields.note(v, field="Research notes"),
    "private_notes": lambda v, out: fields.note(v, field="Private notes"),
    "connected_on": lambda v, out: fields.connected_on(v, source=out.get("source")),
    "organization_id": lambda v, out: _row_id(v),
    "referred_by_contact_id": lambda v, out: v if isinstance(v, str) else _row_id(v),  # a typed name: _resolve
}


def _clean(given: dict) -> dict:
    """The values to store, each checked by its rule in lib.fields (the same rules every other path uses)."""
    out = {}
    for key, rule in _RULES.items():
        if key in given:
            out[key] = rule(given[key], out)
    return out


def _row_id(value) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):  # 3.7 is no row; numpy ints are fine
        raise Invalid("Choose the organization or person from the list.")
    return int(value)


def _resolve(cur, workbook_id: int, values: dict, organization_name: str | None, contact_id: int | None = None) -> dict:
    """Check links to other rows (organization, referrer) and create a new organization by name."""
    if organization_name is not None and organization_name.strip():
        values["organization_id"] = organizations.find_or_create(cur, workbook_id, organization_name)
    elif values.get("organization_id") is not None:
        organizations.get(cur, workbook_id, values["organization_id"])
    referrer = values.get("referred_by_contact_id")
    if isinstance(referrer, str):  # a name typed into the referrer box (it offers only the likeliest people)
        referrer = values["referred_by_contact_id"] = _referrer_by_name(cur, workbook_id, referrer)
    if referrer is not None:
        if referrer == contact_id:
            raise Invalid("A person cannot be their own referrer.")
        get(cur, workbook_id, referrer)
        if contact_id is not None and _refers_back(cur, workbook_id, referrer, contact_id):
            raise Invalid("That would make a referral loop: this person already (indirectly) referred the one you chose.")
    return values


def _referrer_by_name(cur, workbook_id: int, typed: str) -> int | None:
    """The one person of the workbook with this name (case and spacing ignored); None for a blank name."""
    key = organizations.name_key(typed)
    if not key:
        return None
    # The name alone, or as the list shows it: "Name (Organization)".
    found = [r[0] for r in cur.execute(
        """
        SELECT c.id FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id
        WHERE c.workbook_id = ? AND ? IN (lower(regexp_replace(trim(c.full_name), '\\s+', ' ', 'g')),
              lower(regexp_replace(trim(c.full_name) || ' (' || trim(o.name) || ')', '\\s+', ' ', 'g')))
        ORDER BY c.id LIMIT 2
        """, [workbook_id, key]).fetchall()]
    shown = " ".join(typed.split())
    if not found:
        raise Invalid(f"No one on your list is called “{shown}”. Add them first, or choose a person from the list.")
    if len(found) > 1:
        raise Invalid(f"More than one person on your list is called “{shown}”: type the name with their "
                      "organization, as the list shows it (Name (Organization)), or choose from the list.")
    return found[0]


def _refers_back(cur, workbook_id: int, start: int, target: int) -> bool:
    return bool(db.scalar(
        cur,
        """
        WITH RECURSIVE chain(id, depth) AS (
            SELECT referred_by_contact_id, 1 FROM contacts WHERE id = ? AND workbook_id = ?
            UNION ALL
            SELECT c.referred_by_contact_id, chain.depth + 1 FROM contacts c JOIN chain ON c.id = chain.id
            WHERE chain.depth < 50
        )
        SELECT count(*) FROM chain WHERE id = ?
        """,
        [start, workbook_id, target],
    ))


# ---- writes -----------------------------------------------------------------------------------

@db.writes
def add(con: duckdb.DuckDBPyConnection, workbook_id: int, *, organization_name: str | None = None,
        token: str | None = None, **fields) -> int:
    """Add a person and return their id. `organization_name` picks the organization with that name
    or creates it; else `organization_id` links an existing one. Raises Invalid on bad input.
    A repeat with the same `token` (quick clicks on one form) adds nobody and returns the first id."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown contact fields: {sorted(unknown)}")
    values = _clean({"source": "manual", "stage": "identified", **fields, "full_name": fields.get("full_name")})
    with db.transaction(con) as cur:
        done = actions.first(cur, token)
        if done is not None:
            return done
        values = _resolve(cur, workbook_id, values, organization_name)
        new_id = db.insert_row(cur, "contacts", workbook_id, values)
        actions.record(cur, token, workbook_id, "add_contact", new_id)
        return new_id


@db.writes
def update(con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int, *,
           organization_name: str | None = None, opened: rows.Opened | None = None, **fields) -> int:
    """Change some fields of a person; the others stay. Returns the row's new version.

    Pass only the fields the person changed, and `opened` (the version and values their form was opened with):
    a field someone else changed meanwhile raises Conflict, other fields merge (lib/rows.py). Raises Invalid
    (nothing saved) on bad input.
    """
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown contact fields: {sorted(unknown)}")
    values = _clean(fields)
    with db.transaction(con) as cur:
        get(cur, workbook_id, contact_id)
        values = _resolve(cur, workbook_id, values, organization_name, contact_id)
        return _update(cur, workbook_id, contact_id, values, opened)


def _update(cur, workbook_id: int, contact_id: int, values: dict, opened: rows.Opened | None = None) -> int:
    return rows.update(cur, "contacts", workbook_id, contact_id, values, opened, labels=LABELS)


@db.writes
def apply_edits(con: duckdb.DuckDBPyConnection, workbook_id: int, edits: dict[int, dict],
                opened: dict[int, rows.Opened] | None = None) -> int:
    """Save inline edits {contact_id: {field: value}} of INLINE_FIELDS, all in one transaction.

    Every change is checked first; one bad value refuses them all (nothing saved) with a message
    naming the person. With `opened` ({contact_id: what the table showed}), a cell someone else changed
    meanwhile raises Conflict for all of them (nothing saved). Returns how many people changed.
    """
    cleaned = {}
    for contact_id, change in edits.items():
        bad = set(change) - set(INLINE_FIELDS)
        if bad:
            raise Invalid(f"Only {', '.join(INLINE_FIELDS)} can be changed in the list; open the person to change {', '.join(sorted(bad))}.")
        if not change:
            continue
        try:
            cleaned[int(contact_id)] = _clean({k: (None if _missing(v) else v) for k, v in change.items()})
        except Invalid as e:
            name = db.scalar(con, "SELECT full_name FROM contacts WHERE id = ? AND workbook_id = ?", [int(contact_id), workbook_id])
            raise Invalid(f"{name or 'A person'}: {e} Nothing was saved.") from e
    with db.transaction(con) as cur:
        for contact_id, values in cleaned.items():
            get(cur, workbook_id, contact_id)
            _update(cur, workbook_id, contact_id, values, (opened or {}).get(contact_id))
    return len(cleaned)


def _missing(value) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


@db.reads
def dependents(con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int) -> dict[str, int]:
    """What deleting the person would also remove (or unlink), for the confirmation message."""
    counts = db.one(
        con,
        """
        SELECT
          (SELECT count(*) FROM outreach WHERE workbook_id = ? AND contact_id = ?) AS outreach,
          (SELECT count(*) FROM meetings WHERE workbook_id = ? AND contact_id = ?) AS meetings,
          (SELECT count(*) FROM reviews r JOIN meetings m ON m.id = r.meeting_id
            WHERE m.workbook_id = ? AND m.contact_id = ?) AS reviews,
          (SELECT count(*) FROM contacts WHERE workbook_id = ? AND referred_by_contact_id = ?) AS referred
        """,
        [workbook_id, contact_id] * 4,
    )
    counts["interactions"] = (
        db.scalar(con, "SELECT count(*) FROM interactions WHERE workbook_id = ? AND contact_id = ?", [workbook_id, contact_id])
        if "interactions" in _tables(con) else 0
    )
    return counts


# Tables of the later steps that hang off a meeting or a person (added by their migrations): the rows of
# a deleted person go with them. Checked by name, so a database without one of them still works.
MEETING_CHILD_TABLES = ("meeting_plans", "meeting_history", "review_history")
CONTACT_CHILD_TABLES = ("interactions",)
CONTACT_LINK_TABLES = ("script_versions",)   # kept (a script serves everyone), the link to the person cleared


def _tables(cur) -> set[str]:
    return {name for (name,) in cur.execute("SELECT table_name FROM information_schema.tables").fetchall()}


@db.writes
def delete(con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int) -> None:
    """Delete a person with their outreach, meetings, question plans, reviews and the other steps' rows
    about them (meeting history, logged interactions), in one transaction. People they referred stay,
    with no referrer."""
    with db.transaction(con) as cur:
        get(cur, workbook_id, contact_id)
        present = _tables(cur)
        their_meetings = "SELECT id FROM meetings WHERE workbook_id = ? AND contact_id = ?"
        for table in MEETING_CHILD_TABLES:
            if table in present:  # table names come from the constant above, never from input
                cur.execute(f"DELETE FROM {table} WHERE meeting_id IN ({their_meetings})", [workbook_id, contact_id])
        for table in CONTACT_CHILD_TABLES:
            if table in present:
                cur.execute(f"DELETE FROM {table} WHERE workbook_id = ? AND contact_id = ?", [workbook_id, contact_id])
        for table in CONTACT_LINK_TABLES:
            if table in present:
                cur.execute(f"UPDATE {table} SET contact_id = NULL WHERE workbook_id = ? AND contact_id = ?",
                            [workbook_id, contact_id])
        cur.execute(f"DELETE FROM meeting_questions WHERE meeting_id IN ({their_meetings})", [workbook_id, contact_id])
        cur.execute(f"DELETE FROM reviews WHERE meeting_id IN ({their_meetings})", [workbook_id, contact_id])
        cur.execute("DELETE FROM meetings WHERE workbook_id = ? AND contact_id = ?", [workbook_id, contact_id])
        cur.execute("DELETE FROM outreach WHERE workbook_id = ? AND contact_id = ?", [workbook_id, contact_id])
        cur.execute(
            "UPDATE contacts SET referred_by_contact_id = NULL WHERE workbook_id = ? AND referred_by_contact_id = ?",
            [workbook_id, contact_id],
        )
        cur.execute("DELETE FROM contacts WHERE id = ? AND workbook_id = ?", [contact_id, workbook_id])


# ---- reads ------------------------------------------------------------------------------------

@db.reads
def get(con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int) -> dict:
    """One person with their organization's and referrer's names, or NotFound."""
    row = db.one(
        con,
        """
        SELECT c.*, o.name AS organization, r.full_name AS referred_by
        FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id
        LEFT JOIN contacts r ON r.id = c.referred_by_contact_id
        WHERE c.id = ? AND c.workbook_id = ?
        """,
        [contact_id, workbook_id],
    )
    if row is None:
        raise NotFound("That person is not in this workbook (they may have been deleted).")
    return row


@db.reads
def stage(con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int) -> str:
    """The person's stage, or NotFound: the cheap way to ask whether they are still in the workbook (get's two joins
    read every person, ~2–10 ms at 30,000 people; this is one row)."""
    found = db.scalar(con, "SELECT stage FROM contacts WHERE workbook_id = ? AND id = ?", [workbook_id, contact_id])
    if found is None:
        raise NotFound("That person is not in this workbook.")
    return found


@db.reads
def names(con: duckdb.DuckDBPyConnection, workbook_id: int) -> list[str]:
    """Every person's name in the workbook, once each, and the name the person gave as their own (it signs their
    scripts and thank-you notes): what screen-share mode with initials looks for inside free text."""
    return [n for (n,) in con.execute(
        "SELECT full_name FROM contacts WHERE workbook_id = ? AND full_name IS NOT NULL"
        " UNION SELECT full_name FROM profiles WHERE workbook_id = ? AND full_name IS NOT NULL",
        [workbook_id, workbook_id]).fetchall()]


@db.reads
def count(con: duckdb.DuckDBPyConnection, workbook_id: int) -> int:
    return db.scalar(con, "SELECT count(*) FROM contacts WHERE workbook_id = ?", [workbook_id])


@db.reads
def search(
    con: duckdb.DuckDBPyConnection, workbook_id: int, *, text_filter: str | None = None,
    stage: str | None = None, source: str | None = None, organization_id: int | None = None,
    order: str = "name", limit: int = PAGE_SIZE, offset: int = 0, names_only: bool = False,
) -> tuple[pd.DataFrame, int]:
    """One page of people matching every filter given, and how many match in all.

    The text matches name, title, organization, email and research notes (case ignored; `names_only`:
    name, title and organization only).
    Columns: id, full_name, organization, title, stage, source, email, phone, linkedin_url, notes, connected_on.
    """
    where = ["c.workbook_id = ?"]
    params: list = [workbook_id]
    db.where_equal(where, params, {"c.stage": stage, "c.source": source,
                                   "c.organization_id": None if organization_id is None else int(organization_id)})
    needle = text_search.like_pattern(text_filter)
    if needle:
        columns = ["c.full_name", "c.title", "o.name", "c.email", "c.notes"][:3 if names_only else 5]
        matches, words = text_search.any_column(columns, text_filter)
        where.append(matches)
        params += words
    condition = " AND ".join(where)
    # The organization is joined only where the text may match its name; the page of 50 is picked first
    # and only those rows get their organization's name (30,000 people: a join of 50 rows, not 30,000).
    source_rows = "contacts c" + (" LEFT JOIN organizations o ON o.id = c.organization_id" if needle else "")
    total = db.scalar(con, f"SELECT count(*) FROM {source_rows} WHERE {condition}", params)
    order_by = ORDERS.get(order, ORDERS["name"])
    frame = con.execute(
        f"""
        WITH page AS (
            SELECT c.* FROM {source_rows} WHERE {condition}
            ORDER BY {order_by} LIMIT ? OFFSET ?
        )
        SELECT c.id, c.full_name, o.name AS organization, c.title, c.stage, c.source, c.email, c.phone,
               c.linkedin_url, c.notes, c.connected_on, coalesce(c.version, 0) AS version
        FROM page c LEFT JOIN organizations o ON o.id = c.organization_id
        ORDER BY {order_by}
        """,
        [*params, int(limit), max(0, int(offset))],
    ).df()
    return frame, int(total)



@db.reads
def referrer_options(con: duckdb.DuckDBPyConnection, workbook_id: int, *, limit: int = 1000,
                     include: int | None = None) -> dict[int, str]:
    """id -> 'Name (Organization)' of people likely to refer someone: those met first, then
    contacted, then the rest by name, at most `limit` (plus `include`, the current referrer)."""
    rows = con.execute(
        """
        SELECT c.id, c.full_name || coalesce(' (' || o.name || ')', '') AS label
        FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id
        WHERE c.workbook_id = ?
        ORDER BY c.id = ? DESC,
                 CASE c.stage WHEN 'keeping_in_touch' THEN 0 WHEN 'met' THEN 1 WHEN 'scheduled' THEN 2
                 WHEN 'contacted' THEN 3 ELSE 4 END, c.source = 'linkedin', lower(c.full_name), c.id
        LIMIT ?
        """,
        [workbook_id, include, int(limit)],
    ).fetchall()
    return dict(sorted(rows, key=lambda r: r[1].lower()))


@db.reads
def history(con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int) -> dict[str, pd.DataFrame]:
    """Everything recorded about a person across the steps:
    outreach, meetings (with their review), answers (notes on planned questions), referred (people they introduced)."""
    get(con, workbook_id, contact_id)
    args = [workbook_id, contact_id]
    return {
        "outreach": con.execute(
            """SELECT attempted_at, channel, outcome, follow_up_on, message FROM outreach
               WHERE workbook_id = ? AND contact_id = ? ORDER BY attempted_at DESC""", args).df(),
        "meetings": con.execute(
            """SELECT m.id, m.scheduled_at, m.duration_minutes, m.format, m.location, m.status, m.notes,
                      r.insights, r.not_online, r.advice, r.next_steps, r.usefulness, r.thank_you_sent_on,
                      r.keep_in_touch_days
               FROM meetings m LEFT JOIN reviews r ON r.meeting_id = m.id
               WHERE m.workbook_id = ? AND m.contact_id = ? ORDER BY m.scheduled_at DESC""", args).df(),
        "answers": con.execute(
            """SELECT CAST(m.scheduled_at AS DATE) AS met_on, q.text AS question, mq.notes
               FROM meeting_questions mq JOIN meetings m ON m.id = mq.meeting_id
               LEFT JOIN questions q ON q.id = mq.question_id
               WHERE m.workbook_id = ? AND m.contact_id = ? AND coalesce(trim(mq.notes), '') <> ''
               ORDER BY m.scheduled_at DESC, mq.position""", args).df(),
        "referred": con.execute(
            """SELECT c.id, c.full_name, o.name AS organization, c.stage FROM contacts c
               LEFT JOIN organizations o ON o.id = c.organization_id
               WHERE c.workbook_id = ? AND c.referred_by_contact_id = ? ORDER BY lower(c.full_name)""", args).df(),
    }
