"""Outreach scripts: shipped templates filled from the workbook, a person's own versions, and the
method checks every script gets (readable rules that warn, never block).

Templates live in data/scripts.json. `{field}` is replaced by a value from the profile, the goal,
the contact, the organization or the person who introduced them; a `[[ … ]]` part is dropped when
a field inside it is empty, so missing data never leaves "None" or a bare `{org}` in the text.
The checks live in lib/script_checks.py; their names are imported here for this module's callers.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb

from lib import actions, db, rows, text
from lib import fields as rules
from lib.errors import Invalid, NotFound
from lib.script_checks import (  # the checks' names, for callers of this module
    EMAIL_KINDS as EMAIL_KINDS,
    NUMBER_WORDS as NUMBER_WORDS,
    DURATION as DURATION,
    HOURS as HOURS,
    FLEXIBLE as FLEXIBLE,
    PURPOSE as PURPOSE,
    REQUEST_WORDS as REQUEST_WORDS,
    DEMAND as DEMAND,
    YOU_WORDS as YOU_WORDS,
    ME_WORDS as ME_WORDS,
    EMAIL_WARN_WORDS as EMAIL_WARN_WORDS,
    EMAIL_MAX_WORDS as EMAIL_MAX_WORDS,
    LINKEDIN_LIMIT as LINKEDIN_LIMIT,
    LINKEDIN_FREE_LIMIT as LINKEDIN_FREE_LIMIT,
    VOICEMAIL_MAX_WORDS as VOICEMAIL_MAX_WORDS,
    PHONE_MAX_WORDS as PHONE_MAX_WORDS,
    PITCH_MAX_WORDS as PITCH_MAX_WORDS,
    MAX_MEETING_MINUTES as MAX_MEETING_MINUTES,
    Finding as Finding,
    Rule as Rule,
    RULES as RULES,
    word_count as word_count,
    job_words as job_words,
    durations as durations,
    pronoun_counts as pronoun_counts,
    check as check,
    counter as counter,
)

SCRIPTS_FILE = db.ROOT / "data" / "scripts.json"


@dataclass(frozen=True)
class Template:
    kind: str
    label: str
    channel: str
    body: str
    subject: str | None = None
    guidance: str = ""
    method: tuple[str, ...] = ()


@dataclass(frozen=True)
class Script:
    """A filled script: what the person edits, copies and sends."""
    kind: str
    channel: str
    body: str
    subject: str | None = None
    to: str | None = None          # the recipient's email, for mailto
    guidance: str = ""



# ---- templates ----------------------------------------------------------------------------------

@lru_cache(maxsize=4)
def _load(path: str) -> dict[str, Template]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {
        kind: Template(
            kind=kind, label=t["label"], channel=t["channel"], body=t["body"], subject=t.get("subject"),
            guidance=t.get("guidance", ""), method=tuple(t.get("method", ())),
        )
        for kind, t in data["kinds"].items()
    }


def templates(path: Path = SCRIPTS_FILE) -> dict[str, Template]:
    """The shipped templates by kind, in the file's order."""
    return _load(str(path))


def kinds() -> dict[str, str]:
    """Script kinds and their labels, for a picker."""
    return {k: t.label for k, t in templates().items()}


_OPTIONAL = re.compile(r"\[\[(.*?)\]\]", re.DOTALL)
_FIELD = re.compile(r"\{(\w+)\}")

# Fields that always have a value: the fallback reads naturally when the data is missing.
FALLBACKS = {
    "contact_first": "there",
    "contact_name": "them",
    "org": "your organization",
    "referrer_first": "there",
    "field": "this field",
    "connection_line": "I came across your work and would value your perspective.",
    "connection_short": "I came across your work.",
    "blurb_name": "A friend of mine",
}


def render(template: str, values: dict[str, str | None]) -> str:
    """Fill a template: optional parts drop when a field inside is empty; other fields use FALLBACKS.

    The result never holds 'None', braces or the [[ ]] markers.
    """
    def present(name: str) -> bool:
        value = values.get(name)
        return value is not None and str(value).strip() != ""

    filled: list[str] = []  # the values, each held by a marker while the template's own spacing is tidied

    def hold(value: str) -> str:
        filled.append(value)
        return f"\ue000{len(filled) - 1}\ue001"

    def optional(match: re.Match) -> str:
        inner = match.group(1)
        names = _FIELD.findall(inner)
        if all(present(n) for n in names):
            return _FIELD.sub(lambda m: hold(str(values[m.group(1)]).strip()), inner)
        return ""

    out = _OPTIONAL.sub(optional, template)
    out = _FIELD.sub(lambda m: hold(str(values[m.group(1)]).strip()) if present(m.group(1))
                     else FALLBACKS.get(m.group(1), ""), out)
    # A dropped part leaves no space before punctuation; a value is never touched (one starting with "!" keeps
    # the space before it: found by a hostile test).
    out = re.sub(r"[ \t]+([,.?!])", r"\1", out)
    out = re.sub(r"[ \t]{2,}", " ", out)
    out = re.sub(r"\n{3,}", "\n\n", out)
    out = re.sub("\ue000(\\d+)\ue001", lambda m: filled[int(m.group(1))], out)
    return out.strip()


def _first(name: str | None) -> str | None:
    return name.split()[0] if name and name.split() else None


def _lower_phrase(value: str | None) -> str | None:
    """'Engineering consulting' -> 'engineering consulting' (mid-sentence); acronyms such as 'IT' stay."""
    if not value or len(value) < 2 or not value[1].islower():
        return value
    return value[0].lower() + value[1:]


_AN_LETTERS = "AEFHILMNORSX"   # acronyms said with a vowel sound first: an IT manager, an HR advisor


def role_phrase(title: str | None) -> str | None:
    """'Project engineer' -> 'a project engineer'; 'IT Manager' -> 'an IT manager' (for 'your work as …').

    Words stay as written when they are acronyms or have capitals inside (McAdams); others are lower-cased.
    """
    words = (title or "").split()
    if not words:
        return None
    kept = [w if (w.isupper() and len(w) > 1) or any(c.isupper() for c in w[1:]) else w.lower() for w in words]
    first = kept[0]
    if first.isupper() and len(first) > 1:
        article = "an" if first[0] in _AN_LETTERS else "a"
    else:
        article = "an" if first[0] in "aeiou" and not first.startswith(("uni", "use", "usu", "eu", "one")) else "a"
    return f"{article} {' '.join(kept)}"


def _first_item(value: str | None) -> str | None:
    """'Water utilities; Engineering consulting' -> 'Water utilities'."""
    if not value:
        return None
    item = re.split(r"[;,\n]", value)[0].strip()
    return item or None


@db.reads
def context(con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int,
            referrer_id: int | None = None) -> dict[str, str | None]:
    """Every value a template may use for this contact. Missing data is None (never the text 'None').

    `referrer_id` overrides the contact's recorded referrer (the mutual contact asked for an introduction).
    """
    c = db.one(
        con,
        "SELECT c.full_name, c.title, c.email, c.source, c.referred_by_contact_id, o.name AS org,"
        " o.industry, o.location AS org_location"
        " FROM contacts c LEFT JOIN organizations o ON o.id = c.organization_id AND o.workbook_id = c.workbook_id"
        " WHERE c.workbook_id = ? AND c.id = ?",
        [workbook_id, contact_id],
    )
    if c is None:
        raise NotFound("That person is not in this workbook.")
    p = db.one(con, "SELECT * FROM profiles WHERE workbook_id = ?", [workbook_id]) or {}
    g = db.one(con, "SELECT * FROM goals WHERE workbook_id = ?", [workbook_id]) or {}
    ref_id = referrer_id if referrer_id is not None else c["referred_by_contact_id"]
    r = None
    if ref_id is not None:
        r = db.one(con, "SELECT full_name, email FROM contacts WHERE workbook_id = ? AND id = ?", [workbook_id, ref_id])

    my_name = p.get("full_name")
    pitch = p.get("elevator_pitch")
    if not pitch and my_name and p.get("headline"):
        pitch = f"I'm {_first(my_name)}, {p['headline'].rstrip('.')}."
    referrer_name = r["full_name"] if r else None
    org = c["org"]
    values: dict[str, str | None] = {
        "contact_name": c["full_name"],
        "contact_first": _first(c["full_name"]),
        "contact_title": c["title"],
        "contact_role": role_phrase(c["title"]),
        "contact_email": c["email"],
        "org": org,
        "field": _lower_phrase(c["industry"] or _first_item(g.get("target_industries"))),
        "location": g.get("location") or c["org_location"],
        "my_name": my_name,
        "my_first": _first(my_name),
        "blurb_name": my_name,
        "my_headline": p.get("headline"),
        "elevator_pitch": pitch,
        "my_email": p.get("email"),
        "my_phone": p.get("phone"),
        "goal_purpose": g.get("purpose"),
        "referrer_name": referrer_name,
        "referrer_first": _first(referrer_name),
        "referrer_email": r["email"] if r else None,
        "referrer_line": f"{referrer_name} suggested I get in touch with you." if referrer_name else None,
    }
    values["connection_line"], values["connection_short"] = _connection(c["source"], referrer_name, org)
    return {k: (v.strip() if isinstance(v, str) and v.strip() else None) for k, v in values.items()}


def _connection(source: str | None, referrer: str | None, org: str | None) -> tuple[str, str]:
    """The connection comes first in a cold message: how the person knows of them."""
    at = f" at {org}" if org else ""
    if referrer:
        return (f"{referrer} suggested I get in touch with you.", f"{_first(referrer)} suggested I reach out.")
    if source == "alumni":
        return ("I found you through our alumni network.", "I found you through our alumni network.")
    if source == "event":
        return ("It was good to meet you briefly at a recent event.", "It was good to meet you at a recent event.")
    if source == "linkedin":
        return (f"We're connected on LinkedIn, and your work{at} caught my attention.", "your work caught my attention.")
    return (f"I came across your work{at} and would value your perspective.", "I came across your work.")


@db.reads
def fill(con: duckdb.DuckDBPyConnection, workbook_id: int, contact_id: int, kind: str, *,
         referrer_id: int | None = None, version_id: int | None = None) -> Script:
    """The script of a kind for a contact, from the shipped template or the person's saved version."""
    shipped = templates()
    if kind not in shipped:
        raise Invalid(f"Unknown script kind: {kind}.")
    t = shipped[kind]
    body, subject = t.body, t.subject
    if version_id is not None:
        v = db.one(con, "SELECT kind, subject, body FROM script_versions WHERE workbook_id = ? AND id = ?",
                   [workbook_id, version_id])
        if v is None:
            raise NotFound("That saved version is no longer in this workbook.")
        body, subject = v["body"], v["subject"] if v["subject"] is not None else subject
    values = context(con, workbook_id, contact_id, referrer_id)
    to = values["referrer_email"] if kind == "introduction" else values["contact_email"]
    return Script(
        kind=kind, channel=t.channel, body=render(body, values),
        subject=render(subject, values) if subject else None, to=to, guidance=t.guidance,
    )


# ---- the sender: the workbook's profile -------------------------------------------------------------

PROFILE_FIELDS = {
    "full_name": ("Your name", 120),
    "headline": ("Headline", 300),
    "background": ("Background", 2_000),
    "elevator_pitch": ("Elevator pitch", 2_000),
    "email": ("Your email", 200),
    "phone": ("Your phone", 50),
}
UNCHANGED = object()


@db.reads
def profile(con: duckdb.DuckDBPyConnection, workbook_id: int) -> dict[str, str | None]:
    """The person's own details used in scripts (every field present, None when empty)."""
    row = db.one(con, "SELECT * FROM profiles WHERE workbook_id = ?", [workbook_id]) or {}
    return {k: row.get(k) for k in PROFILE_FIELDS}


@db.writes
def save_profile(con: duckdb.DuckDBPyConnection, workbook_id: int, *, opened: rows.Opened | None = None,
                 **fields) -> int:
    """Save the given profile fields (others stay as they are); returns the profile's new version.
    Email and phone are checked for shape. With `opened` (what the form was opened with), a field someone else
    changed meanwhile raises Conflict and nothing is saved; other fields merge (lib/rows.py)."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise Invalid(f"Unknown profile field: {', '.join(sorted(unknown))}.")
    values = {}
    for key, value in fields.items():
        if value is UNCHANGED:
            continue
        label, limit = PROFILE_FIELDS[key]
        values[key] = text.clean(value, field=label, limit=limit)
    # Your own email and phone follow the same rules as a contact's (lib.fields), checked when given.
    if "email" in values:
        values["email"] = rules.email(values["email"], field="Your email")
    if "phone" in values:
        values["phone"] = rules.phone(values["phone"], field="Your phone number")
    with db.transaction(con) as cur:
        if db.scalar(cur, "SELECT count(*) FROM profiles WHERE workbook_id = ?", [workbook_id]) == 0:
            cur.execute("INSERT INTO profiles (workbook_id, version) VALUES (?, 0)", [workbook_id])
        labels = {k: label for k, (label, _) in PROFILE_FIELDS.items()}
        return rows.update(cur, "profiles", workbook_id, workbook_id, values, opened, labels=labels,
                           key="workbook_id")


@db.reads
def profile_version(con: duckdb.DuckDBPyConnection, workbook_id: int) -> int:
    """The profile's version (0 before its first save): what its form is opened with."""
    return db.scalar(con, "SELECT coalesce(version, 0) FROM profiles WHERE workbook_id = ?", [workbook_id]) or 0


# ---- a person's own versions --------------------------------------------------------------------

# Fields turned back into placeholders when a version is saved, so it fits the next contact too.
_ABSTRACT = ("contact_name", "referrer_name", "org", "my_name", "my_phone", "my_email",
             "contact_title", "contact_role", "contact_first", "referrer_first", "my_first")


def to_template(body: str, values: dict[str, str | None]) -> str:
    """Replace this contact's names (whole words, longest first) with their {placeholders}."""
    pairs = sorted(((values.get(k), k) for k in _ABSTRACT if values.get(k)), key=lambda p: -len(p[0]))
    out = body.replace("{", "(").replace("}", ")").replace("[[", "[").replace("]]", "]")
    for value, name in pairs:
        out = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", "{" + name + "}", out)
    return out


@db.writes
def save_version(con: duckdb.DuckDBPyConnection, workbook_id: int, *, kind: str, title: str, body: str,
                 subject: str | None = None, contact_id: int | None = None, token: str | None = None) -> int:
    """Keep the person's edited script as a reusable version of its kind; returns its id.
    A repeat with the same `token` (quick clicks on one form) stores nothing and returns the first id."""
    if kind not in templates():
        raise Invalid(f"Unknown script kind: {kind}.")
    title = text.clean(title, field="Version name", required=True, limit=80)
    body = text.clean(body, field="Script", required=True, limit=5_000)
    subject = text.clean(subject, field="Subject", limit=200)
    if contact_id is not None:
        values = context(con, workbook_id, contact_id)
        body = to_template(body, values)
        subject = to_template(subject, values) if subject else None
    with db.transaction(con) as cur:
        done = actions.first(cur, token)
        if done is not None:
            return done
        # Versions are picked by name ("Start from"): two of one name could not be told apart.
        clash = db.scalar(
            cur, "SELECT count(*) FROM script_versions WHERE workbook_id = ? AND kind = ? AND lower(title) = lower(?)",
            [workbook_id, kind, title],
        )
        if clash:
            raise Invalid(f"You already have a version called “{title}” for this channel; choose another name.")
        new_id = cur.execute(
            "INSERT INTO script_versions (workbook_id, kind, title, subject, body, contact_id)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [workbook_id, kind, title, subject, body, contact_id],
        ).fetchone()[0]
        actions.record(cur, token, workbook_id, "save_script_version", new_id)
        return new_id


@db.reads
def versions(con: duckdb.DuckDBPyConnection, workbook_id: int, kind: str) -> list[dict]:
    """Saved versions of one kind, newest first."""
    return db.rows(
        con,
        "SELECT id, title, created_at FROM script_versions WHERE workbook_id = ? AND kind = ?"
        " ORDER BY created_at DESC, id DESC LIMIT 50",
        [workbook_id, kind],
    )


@db.writes
def delete_version(con: duckdb.DuckDBPyConnection, workbook_id: int, version_id: int) -> None:
    with db.transaction(con) as cur:
        cur.execute("DELETE FROM script_versions WHERE workbook_id = ? AND id = ?", [workbook_id, version_id])


def mailto(to: str | None, subject: str | None, body: str) -> str:
    """A mailto: link with subject and body URL-encoded (spaces as %20, line breaks as %0D%0A)."""
    from urllib.parse import quote

    params = []
    if subject:
        params.append("subject=" + quote(subject, safe=""))
    params.append("body=" + quote((body or "").replace("\r\n", "\n").replace("\n", "\r\n"), safe=""))
    return f"mailto:{quote(to or '', safe='@.+')}?" + "&".join(params)
