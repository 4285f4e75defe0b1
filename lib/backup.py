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
import sys
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

import duckdb

from lib import db, hosting, table_files
from lib.errors import Invalid
from lib.backup_format import (  # the format's names, for callers of this module
    BANK_FILE, CSV_RULE, FORMAT_NAME, FORMAT_VERSION, FORMATS, MAX_IMPORT_BYTES, MAX_UNPACKED_BYTES,
    RESTORE_INSTRUCTIONS, Table, _bank_select, _columns, _fill_id, _select_rows,
    neutralize_cell, read_manifest, restore_cell, workbook_tables,
)
from lib.database_backup import ON_SERVER, backup_database, backup_filename, check_database, restore_database
from lib.database_backup import supported as database_backup_supported
from lib.workbook_import import import_workbook

__all__ = [
    "BANK_FILE", "CSV_RULE", "FORMAT_NAME", "FORMAT_VERSION", "FORMATS", "MAX_IMPORT_BYTES", "MAX_UNPACKED_BYTES",
    "RESTORE_INSTRUCTIONS", "Table", "backup_database", "backup_filename", "check_database", "export_filename",
    "export_workbook", "import_workbook", "main", "neutralize_cell", "read_manifest", "restore_cell",
    "restore_database", "unnamed_export_filename", "workbook_tables", "ON_SERVER", "database_backup_supported",
]


# ---- export ------------------------------------------------------------------------------------

@db.reads
def export_workbook(con: duckdb.DuckDBPyConnection, workbook_id: int, fmt: str = "parquet") -> bytes:
    """The workbook as one zip (manifest.json + a Parquet or CSV file per table), read in one transaction.
    Only its owner may (lib/hosting.py): a coach downloads the progress report instead."""
    hosting.require_owner(con, workbook_id, "export all of it; as their coach, download the progress report")
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
            table_files.write(cur, sql, table.columns, Path(tmp) / file, fmt)
            count = db.scalar(cur, f"SELECT count(*) FROM ({sql}) AS exported")
            manifest["tables"][table.name] = {"file": file, "rows": count, "columns": table.columns}
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
            for entry in manifest["tables"].values():
                zf.write(Path(tmp) / entry["file"], entry["file"])
    return buffer.getvalue()


def export_filename(workbook_name: str, fmt: str, when: datetime | None = None) -> str:
    """A safe file name for the download, e.g. `workbook-amara-okafor-2026-03-11.zip`."""
    slug = re.sub(r"[^a-z0-9]+", "-", workbook_name.lower()).strip("-")[:40] or "workbook"
    return f"workbook-{slug}-{(when or datetime.now()):%Y-%m-%d}-{fmt}.zip"


def unnamed_export_filename(workbook_id: int, fmt: str, when: datetime | None = None) -> str:
    """The download's name on a shared screen, without the workbook's name: `workbook-12-export-2026-03-11-csv.zip`."""
    return f"workbook-{int(workbook_id)}-export-{(when or datetime.now()):%Y-%m-%d}-{fmt}.zip"



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
