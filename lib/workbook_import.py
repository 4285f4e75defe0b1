"""Importing a workbook export (lib/backup.py describes the format): a **new** workbook in one transaction,
every id given anew and every reference rewritten; any problem raises `Invalid` and nothing is written.
"""
from __future__ import annotations

import contextlib
import io
import re
import tempfile
import uuid
import zipfile
from datetime import datetime
from pathlib import Path

import duckdb

from lib import db, fields, goals, hosting, table_files, text, wording
from lib import backup_format
from lib.backup_format import (
    BANK_FILE, NAME_LIMIT, Table, _columns, _first_line, _referenced_table, _select_rows, read_manifest, workbook_tables,
)
from lib.errors import Invalid


@db.writes
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
            raise Invalid(f"The export file is damaged and was not imported ({_database_words(e)}).") from e


def _database_words(e: Exception) -> str:
    """What the database said about a damaged file, for the person: a value of the wrong kind in words, else its
    first line, without the temporary file's path on this server (nobody's business, and meaningless to them);
    _first_line keeps it short."""
    said = re.sub(r"\s*'?(?:/[^\s']*)?/wb-import-[^\s']*'?", "", _first_line(e))
    found = (re.search(r"Could not convert string '(?P<value>.*)' to (?P<kind>\w+) when casting from source column "
                       r"(?P<column>\w+)", said)
             or re.search(r"invalid (?P<kind>date|timestamp) field format: \"(?P<value>.*)\", expected format is .* when "
                          r"casting from source column (?P<column>\w+)", said))
    if found is None:
        return said
    value = found["value"] if len(found["value"]) <= 40 else found["value"][:40] + "…"
    return f"its {found['column']} column holds “{value}”, which is not {_KIND_WORDS.get(found['kind'], 'of the right kind')}"


# A column's type, as DuckDB names it in a conversion error, in the words of a person who edited the file.
_KIND_WORDS = {**dict.fromkeys(("INT8", "INT16", "INT32", "INT64", "INT128", "TINYINT", "SMALLINT", "INTEGER", "BIGINT",
                                "HUGEINT", "UINT8", "UINT16", "UINT32", "UINT64"), "a whole number"),
               **dict.fromkeys(("DOUBLE", "FLOAT", "DECIMAL"), "a number"), "BOOL": "true or false",
               "BOOLEAN": "true or false", "date": "a date (YYYY-MM-DD)",
               "timestamp": "a date and time (YYYY-MM-DD HH:MM)"}


@contextlib.contextmanager
def _about_file(table: str):
    """A value the database cannot read in the export's file of `table`: refused, naming the file."""
    try:
        yield
    except duckdb.TransactionException:
        raise  # a conflict with another writer: retry_on_conflict runs the import again
    except duckdb.Error as e:
        raise Invalid(f"The export's {table} file is damaged and was not imported: {_database_words(e)}.") from e


def _unpack(data: bytes, manifest: dict, folder: Path) -> dict[str, Path]:
    """Copy each table file named by the manifest into the folder, bounded in size; our own names on disk."""
    fmt = manifest["file_format"]
    files: dict[str, Path] = {}
    budget = backup_format.MAX_UNPACKED_BYTES  # read at call time: tests lower it
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for index, (table, entry) in enumerate(manifest["tables"].items()):
            if not isinstance(entry, dict) or not re.fullmatch(r"[a-z_][a-z0-9_]*", str(table)):
                raise Invalid("The manifest.json in this zip is damaged; export the workbook again.")
            if table in backup_format.NOT_EXPORTED:  # an export made before they were left out: not content
                continue
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


def _import(cur, manifest: dict, files: dict[str, Path], wanted: str, name_given: bool) -> int:
    version = db.schema_version(cur)
    if int(manifest.get("schema_version") or 0) > version:
        raise Invalid(
            f"This export comes from a newer version of the app (schema {manifest['schema_version']}, "
            f"this database has {version}). Update the app, then import it."
        )
    fmt = manifest["file_format"]
    target_tables = {t.name: t for t in workbook_tables(cur)}
    suffix = uuid.uuid4().hex[:12]
    idmap = f"import_idmap_{suffix}"
    sources: dict[str, str] = {}
    # Each file is read once into a temporary table (created in the transaction: a rollback removes it too).
    for index, (name, path) in enumerate(files.items()):
        if name != BANK_FILE and name not in target_tables:
            raise Invalid(f"The export holds a table this app does not know ({name}).")
        columns = _columns(cur, "questions" if name == BANK_FILE else name)
        sources[name] = f"import_{index}_{suffix}"
        have = table_files.stage(cur, path, fmt, sources[name])
        unknown = [c for c in have if c not in columns]
        if unknown:
            raise Invalid(f"The export's {name} file has columns this app does not know ({', '.join(unknown)}).")
        if name != BANK_FILE and "id" in target_tables[name].columns and "id" not in have:
            raise Invalid(f"The export's {name} file lacks its id column.")

    workbook_id = _new_workbook(cur, wanted, manifest["workbook"], name_given)
    # Created inside the transaction: a rollback removes it too.
    cur.execute(f"CREATE TEMP TABLE {idmap} (tbl VARCHAR, old_id BIGINT, new_id BIGINT)")
    with_ids = {n for n, t in target_tables.items() if "id" in t.columns and n in sources}
    for name in sorted(with_ids):
        with _about_file(name):
            _map_ids(cur, idmap, name, sources[name])
    copied_bank = 0
    if BANK_FILE in sources:
        copied_bank = _map_bank_questions(cur, idmap, sources[BANK_FILE], workbook_id, fmt)
    # PostgreSQL looks each reference up on its own (DuckDB joins them): an index keeps that from being quadratic.
    cur.execute(f"CREATE INDEX {idmap}_old ON {idmap} (tbl, old_id)")
    order = [t for t in target_tables if t in sources]
    for name in order:
        with _about_file(name):
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
    owner = hosting.new_owner(cur)  # hosted: the importing person's own workbook, its name free among theirs
    own, person = hosting.only_own(cur)

    def taken(candidate: str) -> bool:
        return bool(db.scalar(cur, f"SELECT count(*) FROM workbooks WHERE lower(trim(name)) = lower(?){own}",
                              [candidate, *person]))

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
        "INSERT INTO workbooks (name, created_at, archived, is_demo, owner) VALUES (?, ?, false, false, ?)"
        " RETURNING id",
        [candidate, created_at, owner],
    ).fetchone()[0]


def _sequence_of(cur, table: str) -> str | None:
    default = db.scalar(
        cur,
        "SELECT column_default FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = ? AND column_name = 'id'",
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
        new = sorted(r[0] for r in cur.execute(f"SELECT nextval('{sequence}') FROM generate_series(1, ?)",
                                                   [len(old)]).fetchall())
    else:
        start = (db.scalar(cur, f'SELECT coalesce(max(id), 0) FROM "{table}"') or 0) + 1
        new = list(range(start, start + len(old)))
    cur.execute(
        f"INSERT INTO {idmap} SELECT CAST(? AS VARCHAR), unnest(CAST(? AS BIGINT[])), unnest(CAST(? AS BIGINT[]))", [table, old, new]
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
    have = table_files.column_names(cur, source)
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
                    where = f"{TABLE_WORDS.get(table.name, table.name)} {number}" + (
                        f" ({wording.clipped(who, 60)})" if who else "")
                    raise Invalid(f"The export was not imported: {where} has a value no form would accept. "
                                  f"{wording.clipped(e, 300)} Nothing was imported.") from e


def _count_imported(cur, table: Table, workbook_id: int) -> int:
    return db.scalar(cur, f"SELECT count(*) FROM ({_select_rows(table)}) AS imported", [workbook_id])
