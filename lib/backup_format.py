"""What a workbook export holds and how its cells are written (see lib/backup.py for the format): the
limits, the tables that belong to a workbook and how their rows are selected, the CSV cell rule, and
reading an export's manifest.
"""
from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass

import duckdb

from lib import db, pg
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
    """The table's columns and their types, by DuckDB's type names on either engine (an export's manifest)."""
    return {
        r["column_name"]: pg.duckdb_type(r["data_type"])
        for r in db.rows(
            con,
            "SELECT column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
            [table],
        )
    }


# Rows with a workbook_id that are not the workbook's content: the tokens that make a quick second click on a
# one-shot button a no-op (lib/actions.py). They are unique in the whole database, so a copy imported beside the
# workbook it came from clashed with its tokens and the import was refused (found by a hostile tester).
NOT_EXPORTED = frozenset({"action_tokens"})


def workbook_tables(con: duckdb.DuckDBPyConnection) -> list[Table]:
    """Every table holding a workbook's content, parents before children (NOT_EXPORTED left out).

    Tables with a `workbook_id` column belong to a workbook directly; tables without one that have a
    `meeting_id` or `contact_id` column (like meeting_questions) belong through that parent.
    """
    names = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            " AND table_type = 'BASE TABLE' ORDER BY table_name"
        ).fetchall()
    ]
    found: list[Table] = []
    for name in names:
        if name in ("workbooks", "schema_migrations") or name in NOT_EXPORTED:
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
        f"SELECT question_id FROM ({_select_rows(t)}) AS {t.name}_rows" for t in tables if "question_id" in t.columns
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



def _csv_escape(column: str) -> str:
    risky = ", ".join("'" + c.replace("'", "''") + "'" for c in CSV_RISKY_FIRST)
    return (f"CASE WHEN substr(\"{column}\", 1, 1) IN ({risky}) THEN '''' || \"{column}\" "
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


def _first_line(e: Exception) -> str:
    return str(e).strip().splitlines()[0][:200]
