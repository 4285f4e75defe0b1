"""Export and import one workbook; back up and restore the whole database.

A **workbook export** is one zip file:

- `manifest.json`: what made it (format, schema version of the database), the workbook's name, and for each
  table its file, its row count and its column types;
- one file per table (`contacts.parquet` or `contacts.csv`, …): every table that holds the workbook's rows
  (found by their `workbook_id` column, so tables added by later migrations come along), plus
  `meeting_questions` (found through the workbook's meetings) and `bank_questions` (the shipped questions its
  plans use, so they can be found again by `bank_key` in another database).

Importing it creates a **new** workbook in one transaction: every id is given anew and every reference
(`contacts.organization_id`, `contacts.referred_by_contact_id`, `outreach.contact_id`, `meetings.contact_id`,
`meeting_questions.meeting_id/question_id`, `reviews.meeting_id`, …) is rewritten to the new ids, so the
content is identical and nothing in the target database is touched. Any problem raises `Invalid` and nothing
is written.

**CSV and spreadsheets.** A spreadsheet program runs a cell that begins with `=`, `+`, `-` or `@` (or tab /
carriage return) as a formula. In CSV exports every text cell beginning with one of those characters, *or with
an apostrophe*, gets one extra leading apostrophe (`=1+1` → `'=1+1`, `'quoted` → `''quoted`): the spreadsheet
shows it as text. Import removes exactly one leading apostrophe from every text cell that has one. Because
values that already began with an apostrophe were escaped too, this is exactly reversible: every text value
comes back as it was. Numbers, dates and booleans are never prefixed (a negative number stays a number). In a
CSV file `""` is an empty text and an empty unquoted cell is "nothing" (NULL). Parquet keeps types exactly and
needs no escaping; both formats round-trip.

A **database backup** (`backup_database`) is a zip holding `workbook.duckdb`, a consistent copy made inside one
transaction (DuckDB `COPY FROM DATABASE` into a fresh file) while the app keeps running, and `RESTORE.txt`
(see `RESTORE_INSTRUCTIONS`). `restore_database` (also `python -m lib.backup restore BACKUP.zip [TARGET]`)
checks the copy opens and puts it in place, keeping the file it replaces.
"""
from __future__ import annotations

import io
import json
import re
import shutil
import sys
import tempfile
import uuid
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from lib import db, fields, goals, text
from lib.errors import Invalid

FORMAT_NAME = "informational-interview-workbook/export"
FORMAT_VERSION = 1
FORMATS = ("parquet", "csv")

MAX_IMPORT_BYTES = 100 * 1024 * 1024          # the zip as uploaded
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024       # all files inside it, unpacked (stops zip bombs)

# Text cells a spreadsheet would read as a formula, plus the escape character itself (so it can be undone).
CSV_RISKY_FIRST = ("=", "+", "-", "@", "\t", "\r", "'")
CSV_RULE = (
    "Text cells beginning with = + - @ tab, carriage return or ' carry one extra leading ' "
    "so spreadsheets show them as text; importing removes it. \"\" is empty text, an empty cell is no value."
)

# Reference columns whose target is not obvious from the name alone. Other `<thing>_id` columns are matched to
# the exported table `<thing>s` / `<thing>` automatically (so new tables with e.g. `contact_id` are remapped).
REFERENCES = {
    ("contacts", "referred_by_contact_id"): "contacts",
    ("contacts", "organization_id"): "organizations",
    ("outreach", "contact_id"): "contacts",
    ("meetings", "contact_id"): "contacts",
    ("meeting_questions", "meeting_id"): "meetings",
    ("meeting_questions", "question_id"): "questions",
    ("reviews", "meeting_id"): "meetings",
    ("template_questions", "template_id"): "question_templates",
    ("questions", "about_contact_id"): "contacts",
    ("questions", "about_organization_id"): "organizations",
}
BANK_FILE = "bank_questions"
NAME_LIMIT = 80  # as lib/workbooks.py

RESTORE_INSTRUCTIONS = """\
How to restore this backup of the Informational Interview Workbook

The zip holds workbook.duckdb: a complete, consistent copy of the app's database
(every workbook, goal, contact, meeting and review) as it was when the backup was made.

1. Stop the app (press Ctrl+C in the terminal running `make run`).
2. Restore it with one command, from the project folder:
       .venv/bin/python -m lib.backup restore THIS_FILE.zip
   It checks the copy opens, keeps the current database beside it as
   workbook.duckdb.before-restore-<time>, and puts the copy at data/workbook.duckdb
   (or at $WORKBOOK_DB when that is set).
   By hand instead: unzip workbook.duckdb and copy it over data/workbook.duckdb
   (move data/workbook.duckdb.wal away if there is one).
3. Start the app again with `make run`.

To look inside a backup without replacing anything, run a second copy on it:
    WORKBOOK_DB=/path/to/workbook.duckdb .venv/bin/streamlit run app.py --server.port 8502
"""


@dataclass(frozen=True)
class Table:
    """A table of a workbook export: its columns (name → SQL type) and how its rows are found."""

    name: str
    columns: dict[str, str]
    scope: str  # "workbook" (own workbook_id column) or the parent table it hangs off, e.g. "meetings"


# ---- what belongs to a workbook ----------------------------------------------------------------

def _columns(con, table: str) -> dict[str, str]:
    return {
        r["column_name"]: r["data_type"]
        for r in db.rows(
            con,
            "SELECT column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
            [table],
        )
    }


def workbook_tables(con: duckdb.DuckDBPyConnection) -> list[Table]:
    """Every table holding a workbook's rows, parents before children.

    Tables with a `workbook_id` column belong to a workbook directly; tables without one that have a
    `meeting_id` or `contact_id` column (like meeting_questions) belong through that parent.
    """
    names = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            " AND table_type = 'BASE TABLE' ORDER BY table_name"
        ).fetchall()
    ]
    found: list[Table] = []
    for name in names:
        if name in ("workbooks", "schema_migrations"):
            continue
        cols = _columns(con, name)
        if "workbook_id" in cols:
            found.append(Table(name, cols, "workbook"))
        elif "meeting_id" in cols and "meetings" in names:
            found.append(Table(name, cols, "meetings"))
        elif "contact_id" in cols and "contacts" in names:
            found.append(Table(name, cols, "contacts"))
    order = {"profiles": 0, "goals": 1, "organizations": 2, "contacts": 3, "questions": 4, "outreach": 5,
             "meetings": 6, "meeting_questions": 7, "reviews": 8}
    return sorted(found, key=lambda t: (order.get(t.name, 50), t.name))


def _select_rows(table: Table) -> str:
    """SQL selecting one workbook's rows of a table (the workbook id is the only parameter)."""
    if table.scope == "workbook":
        where = "workbook_id = ?"
    else:
        fk = "meeting_id" if table.scope == "meetings" else "contact_id"
        where = f"{fk} IN (SELECT id FROM {table.scope} WHERE workbook_id = ?)"
    order = ", ".join(c for c in ("id", "meeting_id", "position", "question_id", "workbook_id")
                      if c in table.columns) or "1"
    return f'SELECT * FROM "{table.name}" WHERE {where} ORDER BY {order}'


def _bank_select(tables: list[Table]) -> str:
    """Shipped questions (workbook_id NULL) that any of the workbook's tables points to by question_id."""
    used = " UNION ".join(
        f"SELECT question_id FROM ({_select_rows(t)})" for t in tables if "question_id" in t.columns
    ) or "SELECT NULL::BIGINT AS question_id"
    # Each branch has its own ?; they are all the same workbook id, filled in by _fill_id.
    return f"SELECT * FROM questions WHERE workbook_id IS NULL AND id IN ({used}) ORDER BY id"


def _fill_id(sql: str, workbook_id: int) -> str:
    """The query with every ? replaced by the (integer) workbook id: COPY takes no parameters."""
    return sql.replace("?", str(int(workbook_id)))


def _referenced_table(table: str, column: str, with_ids: set[str]) -> str | None:
    """The exported table a `…_id` column points to, or None when it is not a reference we can follow."""
    if (table, column) in REFERENCES:
        return REFERENCES[(table, column)]
    if column in ("id", "workbook_id") or not column.endswith("_id"):
        return None
    thing = column[: -len("_id")].split("_")[-1]
    for candidate in (thing + "s", thing, thing + "es"):
        if candidate in with_ids:
            return candidate
    return None


# ---- export ------------------------------------------------------------------------------------

def export_workbook(con: duckdb.DuckDBPyConnection, workbook_id: int, fmt: str = "parquet") -> bytes:
    """The workbook as one zip (manifest.json + a Parquet or CSV file per table), read in one transaction."""
    if fmt not in FORMATS:
        raise Invalid(f"Export format must be one of {', '.join(FORMATS)}.")
    with tempfile.TemporaryDirectory(prefix="wb-export-") as tmp, db.transaction(con) as cur:
        wb = db.one(cur, "SELECT * FROM workbooks WHERE id = ?", [workbook_id])
        if wb is None:
            raise Invalid(f"There is no workbook number {workbook_id} to export.")
        tables = workbook_tables(cur)
        manifest = {
            "format": FORMAT_NAME,
            "format_version": FORMAT_VERSION,
            "schema_version": db.schema_version(cur),
            "exported_at": datetime.now().isoformat(timespec="seconds"),
            "file_format": fmt,
            "csv_rule": CSV_RULE if fmt == "csv" else None,
            "workbook": {"name": wb["name"], "created_at": wb["created_at"].isoformat(),
                         "archived": wb["archived"], "is_demo": wb["is_demo"]},
            "tables": {},
        }
        bank = Table(BANK_FILE, _columns(cur, "questions"), "bank")
        for table, sql in [(t, _select_rows(t)) for t in tables] + [(bank, _bank_select(tables))]:
            file = f"{table.name}.{fmt}"
            sql = _fill_id(sql, workbook_id)
            _write_table(cur, sql, table, Path(tmp) / file, fmt)
            count = db.scalar(cur, f"SELECT count(*) FROM ({sql})")
            manifest["tables"][table.name] = {"file": file, "rows": count, "columns": table.columns}
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
            for entry in manifest["tables"].values():
                zf.write(Path(tmp) / entry["file"], entry["file"])
    return buffer.getvalue()


def _write_table(cur, select: str, table: Table, path: Path, fmt: str) -> None:
    target = str(path).replace("'", "''")
    if fmt == "parquet":
        cur.execute(f"COPY ({select}) TO '{target}' (FORMAT parquet)")
        return
    text_cols = [c for c, t in table.columns.items() if t == "VARCHAR"]
    exprs = ", ".join(_csv_escape(c) if c in text_cols else f'"{c}"' for c in table.columns)
    quoted = ", ".join(f'"{c}"' for c in text_cols)
    force = f", FORCE_QUOTE ({quoted})" if text_cols else ""
    cur.execute(f"COPY (SELECT {exprs} FROM ({select})) TO '{target}' (FORMAT csv, HEADER{force})")


def _csv_escape(column: str) -> str:
    risky = "[" + re.escape("".join(CSV_RISKY_FIRST)).replace("'", "''") + "]"
    return (f"CASE WHEN regexp_matches(\"{column}\", '^{risky}') THEN '''' || \"{column}\" "
            f"ELSE \"{column}\" END AS \"{column}\"")


def neutralize_cell(value: str | None) -> str | None:
    """What a text cell looks like in a CSV export (the Python twin of the SQL used by export)."""
    if value and value[0] in CSV_RISKY_FIRST:
        return "'" + value
    return value


def restore_cell(value: str | None) -> str | None:
    """The inverse of neutralize_cell: what import stores for a text cell read from a CSV export."""
    if value and value.startswith("'"):
        return value[1:]
    return value


def export_filename(workbook_name: str, fmt: str, when: datetime | None = None) -> str:
    """A safe file name for the download, e.g. `workbook-amara-okafor-2026-03-11.zip`."""
    slug = re.sub(r"[^a-z0-9]+", "-", workbook_name.lower()).strip("-")[:40] or "workbook"
    return f"workbook-{slug}-{(when or datetime.now()):%Y-%m-%d}-{fmt}.zip"


def unnamed_export_filename(workbook_id: int, fmt: str, when: datetime | None = None) -> str:
    """The download's name on a shared screen, without the workbook's name: `workbook-12-export-2026-03-11-csv.zip`."""
    return f"workbook-{int(workbook_id)}-export-{(when or datetime.now()):%Y-%m-%d}-{fmt}.zip"


# ---- import ------------------------------------------------------------------------------------

def read_manifest(data: bytes) -> dict:
    """The manifest of an export zip; Invalid with a clear message for anything that is not one."""
    if not data:
        raise Invalid("The file is empty. Choose a workbook export (.zip) made by this app.")
    if len(data) > MAX_IMPORT_BYTES:
        raise Invalid(f"The file is {len(data) / 1024 / 1024:,.0f} MB; a workbook export is at most "
                      f"{MAX_IMPORT_BYTES // 1024 // 1024} MB.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            raw = zf.read("manifest.json")
    except zipfile.BadZipFile:
        raise Invalid("This file is not a zip file. Choose a workbook export (.zip) made by this app.") from None
    except KeyError:
        raise Invalid("This zip has no manifest.json, so it is not a workbook export made by this app.") from None
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise Invalid("The manifest.json in this zip is damaged; export the workbook again.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise Invalid("This zip is not a workbook export made by this app.")
    if manifest.get("format_version") != FORMAT_VERSION or manifest.get("file_format") not in FORMATS:
        raise Invalid("This export was made by a different version of the app and cannot be read here.")
    if not isinstance(manifest.get("tables"), dict) or not isinstance(manifest.get("workbook"), dict):
        raise Invalid("The manifest.json in this zip is damaged; export the workbook again.")
    return manifest


@db.retry_on_conflict
def import_workbook(con: duckdb.DuckDBPyConnection, data: bytes, *, name: str | None = None) -> int:
    """Add the exported workbook to this database as a new workbook (all in one transaction); return its id.

    The name is the exported one unless given; when taken, " (imported)" is added. Raises Invalid for a file
    that is not an export of this app, is damaged, or was made by a newer schema; nothing is written then.
    """
    manifest = read_manifest(data)
    wanted = text.clean(name, field="Workbook name", limit=NAME_LIMIT) or text.clean(
        str(manifest["workbook"].get("name") or ""), field="The exported workbook's name", limit=NAME_LIMIT,
    ) or "Imported workbook"
    with tempfile.TemporaryDirectory(prefix="wb-import-") as tmp:
        files = _unpack(data, manifest, Path(tmp))
        try:
            with db.transaction(con) as cur:
                return _import(cur, manifest, files, wanted, name is not None)
        except duckdb.TransactionException:
            raise  # a conflict with another writer: retry_on_conflict runs the import again
        except duckdb.Error as e:
            raise Invalid(f"The export file is damaged and was not imported ({_first_line(e)}).") from e


def _first_line(e: Exception) -> str:
    return str(e).strip().splitlines()[0][:200]


def _unpack(data: bytes, manifest: dict, folder: Path) -> dict[str, Path]:
    """Copy each table file named by the manifest into the folder, bounded in size; our own names on disk."""
    fmt = manifest["file_format"]
    files: dict[str, Path] = {}
    budget = MAX_UNPACKED_BYTES
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for index, (table, entry) in enumerate(manifest["tables"].items()):
            if not isinstance(entry, dict) or not re.fullmatch(r"[a-z_][a-z0-9_]*", str(table)):
                raise Invalid("The manifest.json in this zip is damaged; export the workbook again.")
            target = folder / f"t{index}.{fmt}"
            try:
                with zf.open(str(entry.get("file"))) as src, target.open("wb") as out:
                    while chunk := src.read(1 << 20):
                        budget -= len(chunk)
                        if budget < 0:
                            raise Invalid("The export unpacks to more than 1 GB; it cannot be imported.")
                        out.write(chunk)
            except KeyError:
                raise Invalid(f"The zip lacks the file for {table}; export the workbook again.") from None
            except zipfile.BadZipFile:
                raise Invalid("The zip file is damaged; export the workbook again.") from None
            files[table] = target
    return files


def _reader(path: Path, fmt: str) -> str:
    p = str(path).replace("'", "''")
    if fmt == "parquet":
        return f"read_parquet('{p}')"
    return f"read_csv('{p}', header = true, all_varchar = true, allow_quoted_nulls = false, auto_detect = true)"


def _import(cur, manifest: dict, files: dict[str, Path], wanted: str, name_given: bool) -> int:
    version = db.schema_version(cur)
    if int(manifest.get("schema_version") or 0) > version:
        raise Invalid(
            f"This export comes from a newer version of the app (schema {manifest['schema_version']}, "
            f"this database has {version}). Update the app, then import it."
        )
    fmt = manifest["file_format"]
    target_tables = {t.name: t for t in workbook_tables(cur)}
    sources: dict[str, str] = {}
    for name, path in files.items():
        if name != BANK_FILE and name not in target_tables:
            raise Invalid(f"The export holds a table this app does not know ({name}).")
        columns = _columns(cur, "questions" if name == BANK_FILE else name)
        have = [r[0] for r in cur.execute(f"DESCRIBE SELECT * FROM {_reader(path, fmt)}").fetchall()]
        unknown = [c for c in have if c not in columns]
        if unknown:
            raise Invalid(f"The export's {name} file has columns this app does not know ({', '.join(unknown)}).")
        if name != BANK_FILE:
            missing = [c for c, t in target_tables[name].columns.items() if c not in have and c == "id"]
            if missing:
                raise Invalid(f"The export's {name} file lacks its id column.")
        sources[name] = _reader(path, fmt)

    workbook_id = _new_workbook(cur, wanted, manifest["workbook"], name_given)
    suffix = uuid.uuid4().hex[:12]
    idmap = f"import_idmap_{suffix}"
    # Each file is read once into a temporary table (created in the transaction: a rollback removes it too).
    for index, (name, reader) in enumerate(list(sources.items())):
        staged = f"import_{index}_{suffix}"
        cur.execute(f"CREATE TEMP TABLE {staged} AS SELECT * FROM {reader}")
        sources[name] = staged
    # Created inside the transaction: a rollback removes it too.
    cur.execute(f"CREATE TEMP TABLE {idmap} (tbl VARCHAR, old_id BIGINT, new_id BIGINT)")
    with_ids = {n for n, t in target_tables.items() if "id" in t.columns and n in sources}
    for name in sorted(with_ids):
        _map_ids(cur, idmap, name, sources[name])
    copied_bank = 0
    if BANK_FILE in sources:
        copied_bank = _map_bank_questions(cur, idmap, sources[BANK_FILE], workbook_id, fmt)
    order = [t for t in target_tables if t in sources]
    for name in order:
        _insert_rows(cur, idmap, target_tables[name], sources[name], workbook_id, with_ids, fmt)
    _validate_imported(cur, [target_tables[name] for name in order], workbook_id)
    for name in order:
        expected = manifest["tables"][name].get("rows")
        got = _count_imported(cur, target_tables[name], workbook_id) - (copied_bank if name == "questions" else 0)
        if expected is not None and got != expected:
            raise Invalid(f"The export's {name} file holds {got} rows, its manifest says {expected}; "
                          "the file is damaged and was not imported.")
    for staged in [idmap, *sources.values()]:
        cur.execute(f"DROP TABLE {staged}")
    return workbook_id


def _new_workbook(cur, wanted: str, info: dict, name_given: bool) -> int:
    def taken(candidate: str) -> bool:
        return bool(db.scalar(cur, "SELECT count(*) FROM workbooks WHERE lower(trim(name)) = lower(?)",
                              [candidate]))

    candidate = wanted
    if taken(candidate):
        if name_given:
            raise Invalid(f"A workbook called “{wanted}” already exists. Choose another name.")
        n = 1
        while n == 1 or taken(candidate):
            suffix = " (imported)" if n == 1 else f" (imported {n})"
            # Only the name the file brought is shortened to make room, never a name the person typed.
            candidate = wanted[: NAME_LIMIT - len(suffix)].rstrip() + suffix
            n += 1
    created = info.get("created_at")
    try:
        created_at = datetime.fromisoformat(created) if created else datetime.now()
    except (TypeError, ValueError):
        created_at = datetime.now()
    # Imported as an ordinary, active workbook: archive or demo status stays with the original database.
    return cur.execute(
        "INSERT INTO workbooks (name, created_at, archived, is_demo) VALUES (?, ?, false, false) RETURNING id",
        [candidate, created_at],
    ).fetchone()[0]


def _sequence_of(cur, table: str) -> str | None:
    default = db.scalar(
        cur,
        "SELECT column_default FROM information_schema.columns"
        " WHERE table_schema = 'main' AND table_name = ? AND column_name = 'id'",
        [table],
    )
    found = re.search(r"nextval\('([^']+)'", default or "")
    return found.group(1) if found else None


def _map_ids(cur, idmap: str, table: str, source: str) -> None:
    """New ids for the table's rows, in the same order as the old ones."""
    old = [r[0] for r in cur.execute(
        f"SELECT DISTINCT CAST(id AS BIGINT) AS id FROM {source} WHERE id IS NOT NULL ORDER BY id"
    ).fetchall()]
    if not old:
        return
    sequence = _sequence_of(cur, table)
    if sequence:
        new = sorted(r[0] for r in cur.execute(f"SELECT nextval('{sequence}') FROM range(?)", [len(old)]).fetchall())
    else:
        start = (db.scalar(cur, f'SELECT coalesce(max(id), 0) FROM "{table}"') or 0) + 1
        new = list(range(start, start + len(old)))
    cur.execute(
        f"INSERT INTO {idmap} SELECT ?, unnest(?::BIGINT[]), unnest(?::BIGINT[])", [table, old, new]
    )


def _map_bank_questions(cur, idmap: str, source: str, workbook_id: int, fmt: str) -> int:
    """Shipped questions a plan used: the same question here (by bank_key); when this database's bank lacks it,
    a copy becomes one of the workbook's own questions so the plan stays whole. Returns how many were copied."""
    copied = 0
    unescape = _unescape_sql if fmt == "csv" else (lambda c: f'"{c}"')
    rows = db.rows(
        cur,
        f"SELECT CAST(id AS BIGINT) AS id, {unescape('bank_key')} AS bank_key, {unescape('category')} AS category,"
        f" {unescape('tiara')} AS tiara, {unescape('text')} AS text, CAST(minutes AS DOUBLE) AS minutes FROM {source}",
    )
    for row in rows:
        here = db.scalar(cur, "SELECT min(id) FROM questions WHERE workbook_id IS NULL AND bank_key = ?",
                         [row["bank_key"]])
        if here is None:
            here = cur.execute(
                "INSERT INTO questions (workbook_id, bank_key, category, tiara, text, minutes)"
                " VALUES (?, NULL, ?, ?, ?, ?) RETURNING id",
                [workbook_id, row["category"], row["tiara"], row["text"], row["minutes"]],
            ).fetchone()[0]
            copied += 1
        cur.execute(f"INSERT INTO {idmap} VALUES ('questions', ?, ?)", [row["id"], here])
    return copied


def _unescape_sql(column: str) -> str:
    return f"CASE WHEN starts_with(\"{column}\", '''') THEN substr(\"{column}\", 2) ELSE \"{column}\" END"


def _insert_rows(cur, idmap: str, table: Table, source: str, workbook_id: int, with_ids: set[str],
                 fmt: str) -> None:
    have = [r[0] for r in cur.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
    columns = [c for c in table.columns if c in have]
    exprs = []
    for c in columns:
        kind = table.columns[c]
        ref = table.name if c == "id" else _referenced_table(table.name, c, with_ids | {"questions"})
        if c == "workbook_id":
            expr = str(int(workbook_id))
        elif ref is not None:
            expr = (f"(SELECT new_id FROM {idmap} m WHERE m.tbl = '{ref}'"
                    f" AND m.old_id = CAST(s.\"{c}\" AS BIGINT))")
        elif fmt == "csv" and kind == "VARCHAR":
            expr = _unescape_sql(c).replace(f'"{c}"', f's."{c}"')
        else:
            expr = f's."{c}"'
        exprs.append(f"CAST({expr} AS {kind})")
    col_list = ", ".join(f'"{c}"' for c in columns)
    cur.execute(f'INSERT INTO "{table.name}" ({col_list}) SELECT {", ".join(exprs)} FROM {source} s')


def _short(limit: int):
    return lambda value, row: fields.short(value, field="Text", limit=limit)


def _note(value, row):
    return fields.note(value)


# The rule of each column a person fills in (lib.fields, the same as the forms): an imported workbook is checked
# row by row against them, so a tampered file cannot store what no form would (stage "bogus", usefulness 99 …).
IMPORT_RULES: dict[str, dict] = {
    "contacts": {
        "full_name": lambda v, r: fields.name(v), "title": lambda v, r: fields.title(v),
        "email": lambda v, r: fields.email(v), "phone": lambda v, r: fields.phone(v),
        "linkedin_url": lambda v, r: fields.linkedin_url(v), "source": lambda v, r: fields.source(v, default=None),
        "stage": lambda v, r: fields.stage(v, default=None), "notes": _note, "private_notes": _note,
        "connected_on": lambda v, r: fields.connected_on(v, source=r.get("source")),
        "keep_in_touch_days": lambda v, r: fields.cadence(v),
    },
    "organizations": {
        "name": lambda v, r: fields.organization_name(v), "website": lambda v, r: fields.url(v),
        "industry": _short(200), "location": _short(200), "size": _short(100), "why_interested": _short(2000),
        "notes": _note,
    },
    "outreach": {
        "channel": lambda v, r: fields.channel(v), "outcome": lambda v, r: fields.outcome(v), "message": _note,
        "attempted_at": lambda v, r: fields.past_moment(v, field="The day of the attempt"),
    },
    "meetings": {
        "duration_minutes": lambda v, r: fields.meeting_minutes(v), "format": lambda v, r: fields.meeting_format(v),
        "status": lambda v, r: fields.meeting_status(v), "scheduled_at": lambda v, r: fields.meeting_day(v),
        "location": _short(500), "notes": _note,
    },
    "reviews": {
        "usefulness": lambda v, r: fields.usefulness(v), "keep_in_touch_days": lambda v, r: fields.cadence(v),
        "insights": _note, "not_online": _note, "advice": _note, "resources": _note, "next_steps": _note,
        "thank_you_note": _note,
    },
    "interactions": {
        "kind": lambda v, r: fields.interaction_kind(v), "note": _note,
        "happened_on": lambda v, r: fields.past_moment(v, field="The day you were in touch"),
    },
    "goals": {
        "target_interviews": lambda v, r: fields.whole_number(v, field="The target number of interviews",
                                                             low=goals.MIN_TARGET, high=goals.MAX_TARGET),
        "weekly_pace": lambda v, r: goals.validate_pace(v),
    },
    "questions": {
        "category": lambda v, r: fields.question_category(v), "tiara": lambda v, r: fields.tiara(v),
        "minutes": lambda v, r: fields.question_minutes(v),
    },
    "question_templates": {"duration_minutes": lambda v, r: fields.template_minutes(v)},
    "meeting_questions": {"notes": _note},
    "profiles": {
        "email": lambda v, r: fields.email(v, field="Your email"),
        "phone": lambda v, r: fields.phone(v, field="Your phone number"),
    },
}
TABLE_WORDS = {"contacts": "person", "organizations": "organization", "outreach": "outreach attempt",
               "meetings": "meeting", "reviews": "review", "interactions": "logged interaction",
               "questions": "question", "question_templates": "question template"}


def _validate_imported(cur, tables: list[Table], workbook_id: int) -> None:
    """Check every imported row against the field rules; Invalid (the import is rolled back) at the first break."""
    for table in tables:
        rules = {c: rule for c, rule in IMPORT_RULES.get(table.name, {}).items() if c in table.columns}
        if not rules:
            continue
        wanted = list(dict.fromkeys([*rules, *(c for c in ("id", "source", "full_name", "name") if c in table.columns)]))
        select = _select_rows(table).replace("SELECT *", "SELECT " + ", ".join(f'"{c}"' for c in wanted), 1)
        for number, row in enumerate(db.rows(cur, select, [workbook_id]), start=1):
            for column, rule in rules.items():
                if row[column] is None:
                    continue  # NOT NULL columns are the database's to refuse
                try:
                    rule(row[column], row)
                except Invalid as e:
                    who = row.get("full_name") or row.get("name")
                    where = f"{TABLE_WORDS.get(table.name, table.name)} {number}" + (f" ({who})" if who else "")
                    raise Invalid(f"The export was not imported: {where} has a value no form would accept. "
                                  f"{e} Nothing was imported.") from e


def _count_imported(cur, table: Table, workbook_id: int) -> int:
    return db.scalar(cur, f"SELECT count(*) FROM ({_select_rows(table)})", [workbook_id])


# ---- whole-database backup ---------------------------------------------------------------------

def backup_database(con: duckdb.DuckDBPyConnection) -> bytes:
    """A zip with a consistent copy of the whole database (workbook.duckdb), a manifest and RESTORE.txt.

    Safe while the app is in use: the copy is read in one transaction, so it is the database as of one moment.
    """
    source = db.scalar(con, "SELECT current_database()")
    alias = f"backup_{uuid.uuid4().hex[:12]}"
    with tempfile.TemporaryDirectory(prefix="wb-backup-") as tmp:
        copy = Path(tmp) / "workbook.duckdb"
        counts = {}
        con.execute(f"ATTACH '{str(copy).replace(chr(39), chr(39) * 2)}' AS {alias}")
        try:
            with db.transaction(con) as cur:
                cur.execute(f'COPY FROM DATABASE "{source}" TO {alias}')
                for (table,) in cur.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_catalog = ?"
                    " AND table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name", [source]
                ).fetchall():
                    counts[table] = db.scalar(cur, f'SELECT count(*) FROM {alias}.main."{table}"')
                version = db.scalar(cur, f"SELECT coalesce(max(version), 0) FROM {alias}.main.schema_migrations")
        finally:
            con.execute(f"DETACH {alias}")
        manifest = {
            "format": "informational-interview-workbook/database-backup",
            "schema_version": version,
            "made_at": datetime.now().isoformat(timespec="seconds"),
            "rows": counts,
        }
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.write(copy, "workbook.duckdb")
            zf.writestr("manifest.json", json.dumps(manifest, indent=2))
            zf.writestr("RESTORE.txt", RESTORE_INSTRUCTIONS)
    return buffer.getvalue()


def backup_filename(when: datetime | None = None) -> str:
    return f"workbook-database-backup-{(when or datetime.now()):%Y-%m-%d-%H%M}.zip"


def restore_database(backup: bytes | Path, target: Path) -> Path | None:
    """Put a backup's database in place of `target` (the app must be stopped). Returns where the replaced
    file was kept, or None when there was none. Raises Invalid if the backup is not usable."""
    data = backup.read_bytes() if isinstance(backup, Path) else backup
    target = Path(target)
    with tempfile.TemporaryDirectory(prefix="wb-restore-", dir=target.parent if target.parent.exists() else None) as tmp:
        unpacked = Path(tmp) / "workbook.duckdb"
        _unpack_database(data, unpacked)
        check_database(unpacked)
        try:
            check = db.open(unpacked)  # also upgrades an older backup to this version's schema
            check.execute("CHECKPOINT")
            check.close()
        except duckdb.Error as e:
            raise Invalid(f"The backup's database does not open ({_first_line(e)}).") from e
        if target.exists():
            try:
                duckdb.connect(str(target)).close()  # fails while the app still has it open
            except duckdb.IOException as e:
                raise Invalid(f"{target} is in use: stop the app first, then restore.") from e
        kept = None
        if target.exists():
            kept = target.with_name(f"{target.name}.before-restore-{datetime.now():%Y%m%d-%H%M%S}")
            shutil.move(target, kept)
        wal = target.with_name(target.name + ".wal")
        if wal.exists():
            shutil.move(wal, target.with_name(target.name + ".wal.before-restore"))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(unpacked, target)
    return kept


# Tables (and their columns) of the storage contract (DESIGN.md): a database without them is another application's.
CONTRACT = {
    "schema_migrations": ("version", "applied_at"),
    "workbooks": ("id", "name", "created_at", "archived"),
    "goals": ("workbook_id", "purpose", "target_interviews", "target_date"),
    "organizations": ("id", "workbook_id", "name"),
    "contacts": ("id", "workbook_id", "full_name", "organization_id", "stage", "source"),
    "outreach": ("id", "workbook_id", "contact_id", "channel", "attempted_at"),
    "meetings": ("id", "workbook_id", "contact_id", "scheduled_at", "duration_minutes", "format", "status"),
    "questions": ("id", "workbook_id", "category", "text", "minutes"),
    "meeting_questions": ("meeting_id", "question_id", "position"),
    "reviews": ("meeting_id", "workbook_id", "usefulness"),
}
NOT_OURS = ("This backup holds a DuckDB database that was not made by the Informational Interview Workbook ({why}); "
            "nothing was restored. Choose a backup made on the Workbooks page.")


def _unpack_database(data: bytes, target: Path, limit: int | None = None) -> None:
    """Unzip the backup's workbook.duckdb to `target`, at most `limit` bytes (MAX_UNPACKED_BYTES): a size the
    headers admit is refused before anything is written, and the copy stops at the limit whatever they claim."""
    limit = MAX_UNPACKED_BYTES if limit is None else limit
    too_big = (f"The backup's database unpacks to more than {limit / 1024 ** 3:.1f} GB; that is not a backup of "
               "this app (nothing was restored).")
    try:
        _copy_database(data, target, limit, too_big)
    except BaseException:
        target.unlink(missing_ok=True)  # a refused copy is not left behind, however far it got
        raise


def _copy_database(data: bytes, target: Path, limit: int, too_big: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo("workbook.duckdb")
            if info.flag_bits & 0x1:
                raise Invalid("This backup is password-protected; a backup made by this app is not. Nothing was restored.")
            if info.file_size > limit:
                raise Invalid(too_big)
            written = 0
            with zf.open(info) as src, target.open("wb") as out:
                while chunk := src.read(1 << 20):
                    written += len(chunk)
                    if written > limit:
                        raise Invalid(too_big)
                    out.write(chunk)
    except (zipfile.BadZipFile, KeyError):
        raise Invalid("This is not a database backup made by this app (no workbook.duckdb inside).") from None
    except (zlib.error, EOFError, RuntimeError, NotImplementedError, ValueError) as e:
        raise Invalid(f"The backup zip is damaged; its database cannot be unpacked ({_first_line(e)}). "
                      "Nothing was restored.") from e


def check_database(path: Path) -> int:
    """Raise Invalid unless the file is this app's database at a schema version this app knows; return that version.

    Read-only: nothing is migrated or written, so another application's file is left exactly as it was.
    """
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as e:
        raise Invalid(f"The backup's database does not open ({_first_line(e)}). Nothing was restored.") from e
    try:
        columns: dict[str, set[str]] = {}
        for table, column in con.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'"
        ).fetchall():
            columns.setdefault(table, set()).add(column)
        if "schema_migrations" not in columns:
            raise Invalid(NOT_OURS.format(why="it has no schema_migrations table"))
        try:
            versions = [v for (v,) in con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()]
        except duckdb.Error as e:
            raise Invalid(NOT_OURS.format(why="its schema_migrations table is not ours")) from e
        known = [number for number, _ in db.migration_files()]
        if not versions or not all(isinstance(v, int) for v in versions):
            raise Invalid(NOT_OURS.format(why="it records no schema version"))
        if max(versions) > max(known):
            raise Invalid(f"This backup comes from a newer version of the app (schema {max(versions)}; this app knows "
                          f"up to {max(known)}). Update the app, then restore it. Nothing was restored.")
        if versions != known[: len(versions)]:
            raise Invalid(NOT_OURS.format(why=f"its schema versions {versions[:10]} are not this app's"))
        missing = [f"{t}.{c}" for t, cols in CONTRACT.items() for c in cols if c not in columns.get(t, set())]
        if missing:
            raise Invalid(NOT_OURS.format(why=f"it lacks {', '.join(missing[:5])}"))
        return max(versions)
    finally:
        con.close()


def main(argv: list[str]) -> int:
    """`python -m lib.backup restore BACKUP.zip [TARGET]` / `python -m lib.backup backup OUT.zip`."""
    if len(argv) >= 2 and argv[0] == "restore":
        target = Path(argv[2]) if len(argv) > 2 else db.path_from_env()
        try:
            kept = restore_database(Path(argv[1]), target)
        except Invalid as e:
            print(e, file=sys.stderr)
            return 1
        print(f"Restored {target}." + (f" The previous file is kept as {kept}." if kept else ""))
        return 0
    if len(argv) == 2 and argv[0] == "backup":
        try:
            con = db.open(db.path_from_env())
        except db.DatabaseLocked as e:
            print(f"{e}\n(Or use the backup button on the Workbooks page while the app runs.)", file=sys.stderr)
            return 1
        Path(argv[1]).write_bytes(backup_database(con))
        con.close()
        print(f"Wrote {argv[1]}.")
        return 0
    print(main.__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
