"""The whole-database backup (lib/backup.py describes it): a consistent copy made while the app runs, its
restore (checked before it replaces anything) and the check that a file is this app's database.
"""
from __future__ import annotations

import io
import json
import shutil
import tempfile
import uuid
import zipfile
import zlib
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import duckdb

from lib import db, hosting, pg
from lib import backup_format
from lib.backup_format import RESTORE_INSTRUCTIONS, _first_line
from lib.errors import Invalid


# The whole-database backup copies a DuckDB file; a server has its own tools.
ON_SERVER = ("The database is on a PostgreSQL server: back the whole server up with PostgreSQL's own tools, e.g. "
             "`pg_dump --format=custom`, restored with `pg_restore` (README, Hosting at scale). Each workbook can "
             "still be exported here.")


def supported(con) -> bool:
    """Whether `backup_database` applies: a DuckDB file, not a PostgreSQL server (ON_SERVER says what does)."""
    return not pg.is_handle(con)


def backup_database(con: duckdb.DuckDBPyConnection, *, admins: Iterable[str] = ()) -> bytes:
    """A zip with a consistent copy of the whole database (workbook.duckdb), a manifest and RESTORE.txt.

    Safe while the app is in use: the copy is read in one transaction, so it is the database as of one moment.
    It holds every person's workbooks: in hosted mode only an administrator (one of `admins`) may make it.
    """
    hosting.require_admin(con, admins, "back up every workbook")
    if not supported(con):
        raise Invalid(ON_SERVER)
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
    limit = backup_format.MAX_UNPACKED_BYTES if limit is None else limit  # read at call time: tests lower it
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
