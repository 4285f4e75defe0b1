"""Import LinkedIn's "Connections.csv" data export (Settings → Data privacy → Get a copy of your data).

The file: a few preamble lines (`Notes:` and a quoted paragraph; how many varies), then the header
`First Name,Last Name,URL,Email Address,Company,Position,Connected On` (older exports have no URL),
RFC 4180 quoting, CRLF line ends, maybe a byte-order mark, blank rows, mostly empty emails, and dates
like `7 Dec 2025`. The ZIP archive LinkedIn sends is accepted too (Connections.csv is read from it).

`read` parses and checks the file (nothing touches the database); `preview` says what an import would
do; `import_connections` does it in one transaction, all or nothing, in bulk.

Rows follow the contact form's field rules (lib.fields). A row that breaks one (a position over 300
characters, a "Connected On" before LinkedIn existed or in the future) is skipped and listed with the
reason in the preview, so the person can fix the file: nothing is cut or changed silently.
"""
from __future__ import annotations

import codecs
import csv
import functools
import io
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

import duckdb
import pandas as pd

from lib import contacts, db, fields, organizations
from lib.errors import Invalid
from lib import wording

MAX_BYTES = 20 * 1024 * 1024        # LinkedIn's 30,000 connections take about 3 MB; 20 MB is a safe ceiling
MAX_ROWS = 60_000                   # twice LinkedIn's connection limit
EXPECTED_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
# Column of the file -> our field. Matching ignores case and spacing.
COLUMNS = {
    "first name": "first", "last name": "last", "url": "url", "profile url": "url",
    "email address": "email", "email": "email", "company": "company", "position": "position",
    "connected on": "connected_on",
}
DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%m/%d/%Y", "%b %d, %Y", "%d-%b-%Y", "%d-%b-%y")
CHUNK = 5_000

Progress = Callable[[float, str], None]


@dataclass
class Connection:
    """One usable row of the file."""
    line: int
    full_name: str
    company: str | None
    position: str | None
    email: str | None
    linkedin_url: str | None
    url_key: str | None
    connected_on: date | None

    @property
    def name_key(self) -> tuple[str, str]:
        return (organizations.name_key(self.full_name), organizations.name_key(self.company))


@dataclass
class Parsed:
    """What was read from a file: usable rows, rows skipped (line, who, why), and notes on the rest."""
    rows: list[Connection]
    skipped: list[tuple[int, str, str]]
    has_url_column: bool
    undated: int = 0          # rows whose date could not be read: imported without a date
    dropped_emails: int = 0   # emails that were not email addresses: imported without them
    blank_rows: int = 0


@dataclass
class Preview:
    new: list[Connection]
    present: list[Connection]
    skipped: list[tuple[int, str, str]]
    new_organizations: list[str]
    parsed: Parsed = field(repr=False)
    # People already present who get a missing profile URL or connection date: (contact id, url, date).
    fill_in: list[tuple[int, str | None, date | None]] = field(default_factory=list)

    def frame(self, which: str, limit: int = 100) -> pd.DataFrame:
        """A few rows of `new` or `present` for showing: full_name, organization, title, linkedin_url, email, connected_on."""
        rows = getattr(self, which)[:limit]
        return pd.DataFrame(
            [(r.line, r.full_name, r.company, r.position, r.linkedin_url, r.email, r.connected_on) for r in rows],
            columns=["line", "full_name", "organization", "title", "linkedin_url", "email", "connected_on"],
        )

    def skipped_frame(self, limit: int = 200) -> pd.DataFrame:
        return pd.DataFrame(self.skipped[:limit], columns=["line", "row", "reason"])


@dataclass
class Result:
    added: int
    already_present: int
    skipped: int
    organizations_added: int
    filled_in: int = 0


# ---- reading the file -------------------------------------------------------------------------

def read(data: bytes, filename: str = "Connections.csv") -> Parsed:
    """Parse an export. Raise Invalid, with what to do, when the file is not one LinkedIn makes."""
    if data is None or len(data) == 0:
        raise Invalid("The file is empty. Choose Connections.csv from the archive LinkedIn sent you.")
    if len(data) > MAX_BYTES:
        raise Invalid(
            f"The file is {len(data) / 1_048_576:.1f} MB; a LinkedIn connections export is at most a few MB "
            f"(the limit here is {MAX_BYTES // 1_048_576} MB). Check that you chose Connections.csv."
        )
    if data[:4] == b"PK\x03\x04":
        data = _from_zip(data)
    content = _decode(data)
    return _parse(content)


def _from_zip(data: bytes) -> bytes:
    """Connections.csv from LinkedIn's archive, read at most MAX_BYTES (whatever its headers claim).

    Opening and reading are both guarded: a damaged, encrypted or lying archive is refused with a message
    about the file, never a traceback.
    """
    damaged = ("The ZIP archive is damaged (its Connections.csv cannot be unpacked). Download the archive from "
               "LinkedIn again, or unzip it and choose Connections.csv.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if m.filename.rsplit("/", 1)[-1].lower() == "connections.csv"]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as e:
        raise Invalid("The file looks like a damaged ZIP archive. Unzip LinkedIn's archive and choose Connections.csv.") from e
    if not members:
        raise Invalid("This ZIP archive holds no Connections.csv. Ask LinkedIn for the “Connections” data, or choose the CSV file itself.")
    member = members[0]
    if member.flag_bits & 0x1:
        raise Invalid("This ZIP archive is password-protected, so Connections.csv cannot be read. Unzip it with "
                      "its password and choose Connections.csv itself.")
    if member.file_size > MAX_BYTES:
        raise Invalid(f"Connections.csv in the archive is larger than {MAX_BYTES // 1_048_576} MB; that is not a LinkedIn export.")
    try:
        with archive.open(member) as source:
            # Read one byte past the limit: a header that lies about the size cannot make us unpack more.
            content = source.read(MAX_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as e:
        raise Invalid(damaged) from e
    except RuntimeError as e:  # zipfile's word for "encrypted" (and a few other unreadable members)
        raise Invalid("This ZIP archive is password-protected or uses a format that cannot be read. Unzip it "
                      "and choose Connections.csv itself.") from e
    if len(content) > MAX_BYTES:
        raise Invalid(f"Connections.csv in the archive unpacks to more than {MAX_BYTES // 1_048_576} MB; "
                      "that is not a LinkedIn export.")
    return content


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    elif b"\x00" in data[:4096]:
        raise Invalid("This is not a text file (it holds binary data). Choose Connections.csv from LinkedIn's archive.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        sample = data[:4096]
        if sum(b < 9 or 13 < b < 32 for b in sample) > len(sample) // 20:
            raise Invalid("This is not a text file (it holds binary data). Choose Connections.csv from LinkedIn's archive.") from e
        raise Invalid(
            "The file is not in UTF-8, the text encoding LinkedIn uses (was it saved again by a spreadsheet?). "
            "Use the original Connections.csv, or save it as “CSV UTF-8” and try again."
        ) from e


def _norm(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").split()).lower()


def _find_header(records: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    """The index of the header row (found by content, not by position) and field -> column."""
    for index, record in enumerate(records[:50]):
        names = [_norm(c) for c in record]
        if "first name" in names and "last name" in names:
            columns: dict[str, int] = {}
            for position, name in enumerate(names):
                if name in COLUMNS and COLUMNS[name] not in columns:
                    columns[COLUMNS[name]] = position
            return index, columns
    return None


def _why_no_header(records: list[list[str]]) -> str:
    """Why no header row was found, as precisely as the file allows (a hostile tester's file had "First Name" and
    was told there was none; a file saved with semicolons got the same words)."""
    for record in records[:50]:
        if len(record) == 1 and ";" in record[0] and "first name" in _norm(record[0]):
            return ("The file's columns are separated by semicolons, not commas (a spreadsheet saved it so). Use "
                    "the original Connections.csv from LinkedIn's archive, or save it as “CSV UTF-8” with commas.")
        names = [_norm(c) for c in record]
        has = [label for label in ("First Name", "Last Name") if label.lower() in names]
        if has:
            missing = next(label for label in ("First Name", "Last Name") if label not in has)
            return (f"The file has a “{has[0]}” column but no “{missing}” column, so it cannot be read as LinkedIn's "
                    f"Connections.csv. The export's header is: {EXPECTED_HEADER}")
    return ("This does not look like LinkedIn's Connections.csv: no header row with “First Name” and “Last Name” "
            f"was found. The export's header is: {EXPECTED_HEADER}")


def _parse(content: str) -> Parsed:
    try:
        records = list(csv.reader(io.StringIO(content, newline=""), strict=False))
    except csv.Error as e:
        raise Invalid(f"The file could not be read as CSV ({e}). Choose Connections.csv from LinkedIn's archive.") from e
    if not any(any(c.strip() for c in r) for r in records):
        raise Invalid("The file is empty. Choose Connections.csv from the archive LinkedIn sent you.")
    found = _find_header(records)
    if found is None:
        raise Invalid(_why_no_header(records))
    header_index, columns = found
    if not any(any(c.strip() for c in r) for r in records[header_index + 1:]):
        raise Invalid("The file has LinkedIn's header but no connections under it. Nothing to import.")
    if len(records) - header_index - 1 > MAX_ROWS:
        raise Invalid(f"The file has more than {MAX_ROWS:,} rows; LinkedIn allows at most 30,000 connections.")
    parsed = Parsed(rows=[], skipped=[], has_url_column="url" in columns)
    # Line numbers as a spreadsheet shows them: count physical lines up to each record.
    line = sum(1 + sum(c.count("\n") for c in r) for r in records[: header_index + 1])
    for record in records[header_index + 1:]:
        line += 1 + sum(c.count("\n") for c in record)
        if not any(c.strip() for c in record):
            parsed.blank_rows += 1
            continue
        _take(parsed, record, columns, line)
    return parsed


def _cell(record: list[str], columns: dict[str, int], name: str) -> str | None:
    position = columns.get(name)
    if position is None or position >= len(record):
        return None
    value = " ".join(record[position].replace("\x00", "").split())
    return value or None


def _take(parsed: Parsed, record: list[str], columns: dict[str, int], line: int) -> None:
    first, last = _cell(record, columns, "first"), _cell(record, columns, "last")
    full_name = " ".join(p for p in (first, last) if p)
    company = _cell(record, columns, "company")
    shown = full_name or ", ".join(c.strip() for c in record if c.strip())[:80]
    if not full_name:
        parsed.skipped.append((line, shown, "No first or last name"))
        return
    if len(full_name) > 200 or len(company or "") > 200:
        parsed.skipped.append((line, shown[:80], "Name or company longer than 200 characters"))
        return
    raw_url = _cell(record, columns, "url")
    url, key = _profile_url(raw_url)
    email = _cell(record, columns, "email")
    if email:
        try:
            email = contacts.check_email(email)
        except Invalid:
            email, parsed.dropped_emails = None, parsed.dropped_emails + 1
    raw_date = _cell(record, columns, "connected_on")
    connected = parse_date(raw_date)
    if raw_date and connected is None:
        parsed.undated += 1
    # The same rules as the contact form (lib.fields); a row that breaks one is skipped with the reason,
    # never changed silently (a long position is not cut, a year-1 date is not kept).
    position = _cell(record, columns, "position")
    try:
        position = fields.title(position, field="Position")
        connected = fields.connected_on(connected, source="linkedin")
    except Invalid as e:
        parsed.skipped.append((line, shown[:80], str(e)))
        return
    parsed.rows.append(Connection(
        line=line, full_name=full_name, company=company, position=position,
        email=email, linkedin_url=url, url_key=key, connected_on=connected,
    ))


def _profile_url(raw: str | None) -> tuple[str | None, str | None]:
    """The address to store (https://www.linkedin.com/in/slug) and its comparable key."""
    key = contacts.linkedin_key(raw)
    if key is None:
        return None, None
    return "https://www." + key, key


_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})$")


@functools.lru_cache(maxsize=8192)
def parse_date(value: str | None) -> date | None:
    """'07 Dec 2025', '7 Dec 2025', '2025-12-07' … -> date; None when empty or not understood."""
    if not value:
        return None
    usual = _DAY_MONTH_YEAR.match(value.strip())
    if usual and usual.group(2).lower() in _MONTHS:
        try:
            return date(int(usual.group(3)), _MONTHS[usual.group(2).lower()], int(usual.group(1)))
        except ValueError:
            return None
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), form).date()
        except ValueError:
            continue
    return None


# ---- what an import would do ------------------------------------------------------------------

def _existing(con, workbook_id: int) -> tuple[dict, dict, dict, dict]:
    """The people already in the workbook, by key -> contact id: profile URL, (name, company) of those
    without a URL, (name, company) of everyone; and id -> (has a URL, has a connection date)."""
    urls, without_url, everyone, known = {}, {}, {}, {}
    for contact_id, name, company, url, connected in con.execute(
        "SELECT c.id, c.full_name, o.name, c.linkedin_url, c.connected_on FROM contacts c"
        " LEFT JOIN organizations o ON o.id = c.organization_id WHERE c.workbook_id = ? ORDER BY c.id",
        [workbook_id],
    ).fetchall():
        pair = (organizations.name_key(name), organizations.name_key(company))
        everyone.setdefault(pair, contact_id)
        key = contacts.linkedin_key(url)
        if key:
            urls.setdefault(key, contact_id)
        else:
            without_url.setdefault(pair, contact_id)
        known[contact_id] = (bool(key), connected is not None)
    return urls, without_url, everyone, known


@db.reads
def preview(con: duckdb.DuckDBPyConnection, workbook_id: int, parsed: Parsed) -> Preview:
    """Sort the rows into new people, people already in the workbook, and rows skipped (with why).

    A row is the same person as someone present when their profile URLs match; without a URL on
    either side, when name and company match (case and spacing ignored). People already present
    who lack a profile URL or a connection date get them from the file (fill_in); nothing else of
    theirs changes.
    """
    urls, without_url, everyone, known_people = _existing(con, workbook_id)
    new, present, skipped, fill_in = [], [], list(parsed.skipped), {}
    seen_urls: set = set()
    seen_pairs: set = set()
    for row in parsed.rows:
        pair = row.name_key
        if row.url_key:
            match = urls.get(row.url_key, without_url.get(pair))
            twice = row.url_key in seen_urls
        else:
            match = everyone.get(pair)
            twice = pair in seen_pairs
        if twice:
            skipped.append((row.line, row.full_name, "Listed twice in the file"))
            continue
        if match is None:
            new.append(row)
        else:
            present.append(row)
            has_url, has_date = known_people[match]
            url = row.linkedin_url if not has_url else None
            connected = row.connected_on if not has_date else None
            if (url or connected) and match not in fill_in:
                fill_in[match] = (match, url, connected)
        if row.url_key:
            seen_urls.add(row.url_key)
        seen_pairs.add(pair)
    skipped.sort()
    known_orgs = {organizations.name_key(n) for (n,) in con.execute(
        "SELECT name FROM organizations WHERE workbook_id = ?", [workbook_id]).fetchall()}
    new_orgs: dict[str, str] = {}
    for row in new:
        key = organizations.name_key(row.company)
        if key and key not in known_orgs and key not in new_orgs:
            new_orgs[key] = row.company
    return Preview(new=new, present=present, skipped=skipped, new_organizations=list(new_orgs.values()),
                   parsed=parsed, fill_in=list(fill_in.values()))


# ---- the import -------------------------------------------------------------------------------

@db.writes
def import_connections(con: duckdb.DuckDBPyConnection, workbook_id: int, parsed: Parsed,
                       progress: Progress | None = None) -> Result:
    """Add the new people of the file (source linkedin, stage identified, connected_on kept) and
    organizations for their companies, in one transaction: all or nothing. Importing the same file
    again adds nobody."""
    report = progress or (lambda fraction, message: None)
    with db.transaction(con) as cur:
        report(0.05, "Comparing with the people already in the workbook…")
        plan = preview(cur, workbook_id, parsed)
        report(0.15, f"Adding {len(plan.new_organizations):,} organizations…")
        if plan.new_organizations:
            _bulk(cur, "_li_orgs", pd.DataFrame({"name": plan.new_organizations}),
                  "INSERT INTO organizations (workbook_id, name) SELECT ?, name FROM _li_orgs", [workbook_id])
        org_ids: dict[str, int] = {}
        for org_id, name in cur.execute(
            "SELECT id, name FROM organizations WHERE workbook_id = ? ORDER BY id", [workbook_id]
        ).fetchall():
            org_ids.setdefault(organizations.name_key(name), org_id)
        total = len(plan.new)
        for start in range(0, total, CHUNK):
            chunk = plan.new[start:start + CHUNK]
            frame = pd.DataFrame({
                "full_name": [r.full_name for r in chunk],
                "organization_id": pd.array(
                    [org_ids.get(organizations.name_key(r.company)) if r.company else None for r in chunk],
                    dtype="Int64"),
                "title": [r.position for r in chunk],
                "email": [r.email for r in chunk],
                "linkedin_url": [r.linkedin_url for r in chunk],
                "connected_on": [r.connected_on.isoformat() if r.connected_on else None for r in chunk],
            }, dtype=object).astype({"organization_id": "Int64"})
            _bulk(cur, "_li_people", frame,
                  "INSERT INTO contacts (workbook_id, full_name, organization_id, title, email, linkedin_url,"
                  " source, stage, connected_on)"
                  " SELECT ?, full_name, organization_id, title, email, linkedin_url, 'linkedin', 'identified',"
                  " CAST(connected_on AS DATE) FROM _li_people",
                  [workbook_id])
            report(0.2 + 0.75 * min(start + CHUNK, total) / total, f"Added {min(start + CHUNK, total):,} of {wording.plural(total, 'person', 'people')}…")
        if plan.fill_in:
            updates = pd.DataFrame({
                "id": pd.array([i for i, _, _ in plan.fill_in], dtype="Int64"),
                "linkedin_url": pd.Series([u for _, u, _ in plan.fill_in], dtype=object),
                "connected_on": pd.Series([d.isoformat() if d else None for _, _, d in plan.fill_in], dtype=object),
            })
            _bulk(cur, "_li_fill", updates,
                  "UPDATE contacts SET linkedin_url = coalesce(contacts.linkedin_url, u.linkedin_url),"
                  " connected_on = coalesce(contacts.connected_on, CAST(u.connected_on AS DATE)),"
                  " updated_at = current_localtimestamp()"
                  " FROM _li_fill u WHERE contacts.id = u.id AND contacts.workbook_id = ?",
                  [workbook_id])
    report(1.0, "Done.")
    return Result(added=len(plan.new), already_present=len(plan.present), skipped=len(plan.skipped),
                  organizations_added=len(plan.new_organizations), filled_in=len(plan.fill_in))


def _bulk(cur, name: str, frame: pd.DataFrame, sql: str, params: list) -> None:
    cur.register(name, frame)
    try:
        cur.execute(sql, params)
    finally:
        cur.unregister(name)
