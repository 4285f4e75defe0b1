"""Organizations a person researches (step 2, M8–M9) and what they learned about each one (M27).

Names are unique inside a workbook, ignoring case and spacing ("Bow  River" = "bow river").
Reading the knowledge of an organization queries the contract tables of the later steps
(outreach, meetings, reviews, meeting_questions) directly, read-only.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from lib import actions, db, fields, rows, text, text_search
from lib.errors import Invalid, NotFound

# The research checklist of an organization: column -> what the person checks off (M8).
CHECKLIST = {
    "chk_what_they_do": "What they do (products, services, clients)",
    "chk_news": "Recent news",
    "chk_culture": "Culture and values",
    "chk_roles": "Roles there that fit my goal",
}
FIELDS = ("name", "industry", "location", "website", "size", "why_interested", "notes")
NOTE_LIMIT = text.MAX_NOTE_CHARS
PAGE_SIZE = 25
# What each field is called on the forms (a conflict names the fields that changed meanwhile).
LABELS = {"name": "Name", "industry": "Industry", "location": "Location", "website": "Website", "size": "Size",
          "why_interested": "Why it interests you", "notes": "Research notes", **CHECKLIST}


def name_key(name: str | None) -> str:
    """The form of a name used to find duplicates: spacing collapsed, case ignored."""
    return " ".join((name or "").split()).lower()


def check_website(value: str | None, *, field: str = "Website") -> str | None:
    """A web address, as typed (stripped); None when empty. Liberal, but refuses obvious junk."""
    return fields.url(value, field=field)


def _clean(given: dict) -> dict:
    """Check and clean the fields a person typed (rules of lib.fields); raise Invalid with the first problem found."""
    out = {}
    if "name" in given:
        out["name"] = fields.organization_name(given["name"])
    for key, label, limit in (
        ("industry", "Industry", 200), ("location", "Location", 200), ("size", "Size", 100),
        ("why_interested", "Why it interests you", 2000),
    ):
        if key in given:
            out[key] = fields.short(given[key], field=label, limit=limit)
    if "notes" in given:
        out["notes"] = fields.note(given["notes"], field="Research notes")
    if "website" in given:
        out["website"] = fields.url(given["website"])
    for key in CHECKLIST:
        if key in given:
            out[key] = bool(given[key])
    return out


def _check_name_free(cur, workbook_id: int, name: str, except_id: int | None = None) -> None:
    clash = db.one(
        cur,
        "SELECT name FROM organizations WHERE workbook_id = ? AND id IS DISTINCT FROM ?"
        " AND lower(regexp_replace(trim(name), '\\s+', ' ', 'g')) = ? LIMIT 1",
        [workbook_id, except_id, name_key(name)],
    )
    if clash:
        raise Invalid(
            f"An organization called “{clash['name']}” is already in this workbook. "
            "Open it to add notes, or choose a different name."
        )


@db.writes
def add(con: duckdb.DuckDBPyConnection, workbook_id: int, *, token: str | None = None, **fields) -> int:
    """Add an organization and return its id. Fields: name (required), industry, location, website,
    size, why_interested, notes and the checklist columns of CHECKLIST.
    A repeat with the same `token` (quick clicks on one form) adds nothing and returns the first id."""
    unknown = set(fields) - set(FIELDS) - set(CHECKLIST)
    if unknown:
        raise TypeError(f"unknown organization fields: {sorted(unknown)}")
    values = _clean({**fields, "name": fields.get("name")})
    with db.transaction(con) as cur:
        done = actions.first(cur, token)
        if done is not None:
            return done
        _check_name_free(cur, workbook_id, values["name"])
        new_id = db.insert_row(cur, "organizations", workbook_id, values)
        actions.record(cur, token, workbook_id, "add_organization", new_id)
        return new_id


@db.writes
def update(con: duckdb.DuckDBPyConnection, workbook_id: int, organization_id: int, *,
           opened: rows.Opened | None = None, **fields) -> int:
    """Change some fields of an organization (the others stay as they are); returns the row's new version.

    Pass only the changed fields and `opened` (what the form was opened with): a field someone else changed
    meanwhile raises Conflict and nothing is saved; other fields merge (lib/rows.py).
    """
    unknown = set(fields) - set(FIELDS) - set(CHECKLIST)
    if unknown:
        raise TypeError(f"unknown organization fields: {sorted(unknown)}")
    values = _clean(fields)
    with db.transaction(con) as cur:
        get(cur, workbook_id, organization_id)
        if "name" in values:
            _check_name_free(cur, workbook_id, values["name"], except_id=organization_id)
        return rows.update(cur, "organizations", workbook_id, organization_id, values, opened, labels=LABELS)


@db.writes
def delete(con: duckdb.DuckDBPyConnection, workbook_id: int, organization_id: int) -> int:
    """Delete an organization. Its people stay in the workbook, without an organization.
    Returns how many people were detached."""
    with db.transaction(con) as cur:
        get(cur, workbook_id, organization_id)
        detached = db.scalar(
            cur, "SELECT count(*) FROM contacts WHERE workbook_id = ? AND organization_id = ?",
            [workbook_id, organization_id],
        )
        cur.execute(
            "UPDATE contacts SET organization_id = NULL WHERE workbook_id = ? AND organization_id = ?",
            [workbook_id, organization_id],
        )
        cur.execute("DELETE FROM organizations WHERE id = ? AND workbook_id = ?", [organization_id, workbook_id])
    return detached


@db.reads
def get(con: duckdb.DuckDBPyConnection, workbook_id: int, organization_id: int) -> dict:
    """One organization as a dict (every column), or NotFound."""
    row = db.one(
        con, "SELECT * FROM organizations WHERE id = ? AND workbook_id = ?", [organization_id, workbook_id]
    )
    if row is None:
        raise NotFound("That organization is not in this workbook (it may have been deleted).")
    for key in CHECKLIST:
        row[key] = bool(row[key])
    return row


@db.reads
def find_id(con: duckdb.DuckDBPyConnection, workbook_id: int, name: str | None) -> int | None:
    """The id of the organization with this name (case and spacing ignored), or None."""
    if not name_key(name):
        return None
    return db.scalar(
        con,
        "SELECT min(id) FROM organizations WHERE workbook_id = ?"
        " AND lower(regexp_replace(trim(name), '\\s+', ' ', 'g')) = ?",
        [workbook_id, name_key(name)],
    )


@db.reads
def find_or_create(cur: duckdb.DuckDBPyConnection, workbook_id: int, name: str) -> int:
    """Inside a caller's transaction: the organization with this name, created when missing."""
    found = find_id(cur, workbook_id, name)
    if found is not None:
        return found
    clean_name = _clean({"name": name})["name"]
    return cur.execute(
        "INSERT INTO organizations (workbook_id, name) VALUES (?, ?) RETURNING id", [workbook_id, clean_name]
    ).fetchone()[0]


@db.reads
def options(con: duckdb.DuckDBPyConnection, workbook_id: int, limit: int = 2000,
            include: int | None = None) -> dict[int, str]:
    """id -> name of the organizations of the workbook, by name (for pickers). After a big LinkedIn import
    there may be thousands: at most `limit`, those with the most people first (a typed name still
    finds any organization: see find_or_create). `include` is always offered (e.g. the current one)."""
    rows = con.execute(
        """
        SELECT o.id, o.name FROM organizations o
        LEFT JOIN (SELECT organization_id, count(*) AS n FROM contacts WHERE workbook_id = ? GROUP BY 1) c
          ON c.organization_id = o.id
        WHERE o.workbook_id = ?
        ORDER BY o.id = ? DESC NULLS LAST, coalesce(c.n, 0) DESC, lower(o.name), o.id LIMIT ?
        """,
        [workbook_id, workbook_id, include, int(limit)],
    ).fetchall()
    return dict(sorted(rows, key=lambda r: (r[1].lower(), r[0])))


@db.reads
def count(con: duckdb.DuckDBPyConnection, workbook_id: int) -> int:
    return db.scalar(con, "SELECT count(*) FROM organizations WHERE workbook_id = ?", [workbook_id])


@db.reads
def search(
    con: duckdb.DuckDBPyConnection, workbook_id: int, *, text_filter: str | None = None,
    limit: int = PAGE_SIZE, offset: int = 0,
) -> tuple[pd.DataFrame, int]:
    """One page of organizations (name order) matching the text, and how many match in all.

    Columns: id, name, industry, location, people, meetings, checklist_done (0–4), why_interested.
    """
    where = ["o.workbook_id = ?"]
    params: list = [workbook_id]
    matches, words = text_search.any_column(["o.name", "o.industry", "o.location", "o.notes"], text_filter)
    where.append(matches)
    params += words
    condition = " AND ".join(where)
    total = db.scalar(con, f"SELECT count(*) FROM organizations o WHERE {condition}", params)
    checklist = " + ".join(f"CAST(coalesce(o.{c}, false) AS INTEGER)" for c in CHECKLIST)
    frame = con.execute(
        f"""
        WITH page AS (
            SELECT o.* FROM organizations o WHERE {condition}
            ORDER BY lower(o.name), o.id LIMIT ? OFFSET ?
        )
        SELECT o.id, o.name, o.industry, o.location,
               (SELECT count(*) FROM contacts c WHERE c.workbook_id = o.workbook_id AND c.organization_id = o.id) AS people,
               (SELECT count(*) FROM meetings m JOIN contacts c ON c.id = m.contact_id
                 WHERE m.workbook_id = o.workbook_id AND c.organization_id = o.id AND m.status = 'done') AS meetings,
               {checklist} AS checklist_done,
               o.why_interested
        FROM page o ORDER BY lower(o.name), o.id
        """,
        [*params, int(limit), int(offset)],
    ).df()
    return frame, int(total)


# ---- what is known about an organization (M27) -------------------------------------------------

@db.reads
def people(con: duckdb.DuckDBPyConnection, workbook_id: int, organization_id: int, limit: int = 200) -> pd.DataFrame:
    """People at the organization (met ones first), at most `limit`."""
    return con.execute(
        """
        SELECT id, full_name, title, stage, source, email, phone, linkedin_url, notes
        FROM contacts WHERE workbook_id = ? AND organization_id = ?
        ORDER BY CASE stage WHEN 'keeping_in_touch' THEN 0 WHEN 'met' THEN 1 WHEN 'scheduled' THEN 2
                 WHEN 'contacted' THEN 3 WHEN 'researched' THEN 4 ELSE 5 END, lower(full_name), id
        LIMIT ?
        """,
        [workbook_id, organization_id, int(limit)],
    ).df()


# What knowledge() reads besides the summary: one frame each, all bound to (workbook_id, organization_id).
_KNOWLEDGE_FRAMES = {
    "lessons": """
        SELECT c.full_name AS person, CAST(m.scheduled_at AS DATE) AS met_on, r.insights, r.not_online,
               r.advice, r.next_steps, r.usefulness
        FROM reviews r JOIN meetings m ON m.id = r.meeting_id JOIN contacts c ON c.id = m.contact_id
        WHERE r.workbook_id = ? AND c.organization_id = ?
        ORDER BY m.scheduled_at DESC
        """,
    "answers": """
        SELECT c.full_name AS person, CAST(m.scheduled_at AS DATE) AS met_on, q.text AS question, mq.notes
        FROM meeting_questions mq JOIN meetings m ON m.id = mq.meeting_id
        JOIN contacts c ON c.id = m.contact_id LEFT JOIN questions q ON q.id = mq.question_id
        WHERE m.workbook_id = ? AND c.organization_id = ? AND coalesce(trim(mq.notes), '') <> ''
        ORDER BY m.scheduled_at DESC, mq.position
        """,
    "meeting_notes": """
        SELECT c.full_name AS person, CAST(m.scheduled_at AS DATE) AS met_on, m.status, m.notes
        FROM meetings m JOIN contacts c ON c.id = m.contact_id
        WHERE m.workbook_id = ? AND c.organization_id = ? AND coalesce(trim(m.notes), '') <> ''
        ORDER BY m.scheduled_at DESC
        """,
    "people_notes": """
        SELECT full_name AS person, title, notes FROM contacts
        WHERE workbook_id = ? AND organization_id = ? AND coalesce(trim(notes), '') <> ''
        ORDER BY lower(full_name) LIMIT 200
        """,
}


@db.reads
def knowledge(con: duckdb.DuckDBPyConnection, workbook_id: int, organization_id: int) -> dict:
    """Everything learned about the organization across the steps, for preparing a later interview there.

    Returns a dict with:
      summary: people, contacted (people with outreach), meetings_done, meetings_planned, reviews
      lessons: DataFrame, one row per reviewed meeting (person, date, insights, not_online, advice, next_steps, usefulness)
      answers: DataFrame of notes taken on planned questions (person, date, question, notes)
      meeting_notes: DataFrame of meetings with notes (person, date, status, notes)
      people_notes: DataFrame of research notes on the people there (person, title, notes)
    """
    get(con, workbook_id, organization_id)
    args = [workbook_id, organization_id]
    summary = db.one(
        con,
        """
        SELECT
          (SELECT count(*) FROM contacts c WHERE c.workbook_id = ? AND c.organization_id = ?) AS people,
          (SELECT count(DISTINCT o.contact_id) FROM outreach o JOIN contacts c ON c.id = o.contact_id
            WHERE o.workbook_id = ? AND c.organization_id = ?) AS contacted,
          (SELECT count(*) FROM meetings m JOIN contacts c ON c.id = m.contact_id
            WHERE m.workbook_id = ? AND c.organization_id = ? AND m.status = 'done') AS meetings_done,
          (SELECT count(*) FROM meetings m JOIN contacts c ON c.id = m.contact_id
            WHERE m.workbook_id = ? AND c.organization_id = ? AND m.status = 'planned') AS meetings_planned,
          (SELECT count(*) FROM reviews r JOIN meetings m ON m.id = r.meeting_id JOIN contacts c ON c.id = m.contact_id
            WHERE r.workbook_id = ? AND c.organization_id = ?) AS reviews
        """,
        args * 5,
    )
    frames = {name: con.execute(sql, args).df() for name, sql in _KNOWLEDGE_FRAMES.items()}
    return {"summary": summary, **frames}
