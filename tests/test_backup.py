"""Export a workbook to one zip and import it elsewhere; back up and restore the whole database."""
from __future__ import annotations

import csv
import io
import os
import json
import subprocess
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from lib import backup, backup_format, db, demo, referrals, workbooks
from lib.errors import Invalid
from tests import pg_engine
from tests.conftest import DEMO_TODAY, ROOT, open_page, page_errors, workbook_picker

TRICKY_TEXTS = [
    "=HYPERLINK(\"http://evil.example\",\"click\")", "+1 403 555 0111", "-2+3", "@SUM(A1:A2)", "'quoted'",
    "''twice", "\ttabbed", "", "plain, with \"quotes\" and a\nnew line", "Zoë 🚀 مرحبا e\u0301",
    "'); DROP TABLE contacts;--", "<script>alert(1)</script>", "[x](javascript:alert(1)) **bold**", "x" * 20_000,
]


def workbook_content(con, workbook_id: int) -> dict[str, list[tuple]]:
    """Every table's rows of one workbook, with ids replaced by their rank, so two databases compare equal
    exactly when their content is the same (bank questions are known by bank_key)."""
    tables = backup.workbook_tables(con)
    with_ids = {t.name for t in tables if "id" in t.columns}
    rank: dict[str, dict[int, object]] = {}
    for t in tables:
        if "id" in t.columns:
            ids = sorted(r[0] for r in con.execute(f"SELECT id FROM ({backup._select_rows(t)}) AS exported", [workbook_id]).fetchall())
            rank[t.name] = {old: i for i, old in enumerate(ids)}
    for qid, key in con.execute("SELECT id, bank_key FROM questions WHERE workbook_id IS NULL").fetchall():
        rank["questions"][qid] = ("bank", key)
    content = {}
    for t in tables:
        rows = db.rows(con, backup._select_rows(t), [workbook_id])
        out = []
        for row in rows:
            fixed = {}
            for col, value in row.items():
                ref = t.name if col == "id" else backup_format._referenced_table(t.name, col, with_ids | {"questions"})
                if col == "workbook_id":
                    value = "WB"
                elif ref is not None and value is not None:
                    value = rank[ref].get(value, ("dangling", value))
                fixed[col] = value
            out.append(tuple(sorted((k, repr(v)) for k, v in fixed.items())))
        content[t.name] = sorted(out)
    return content


def add_tricky_rows(con, workbook_id: int) -> None:
    """Rows whose text would break a careless CSV writer, spreadsheet or importer."""
    org = con.execute(
        "INSERT INTO organizations (workbook_id, name, notes) VALUES (?, ?, ?) RETURNING id",
        [workbook_id, "=cmd|' /C calc'!A0", "-minus start"],
    ).fetchone()[0]
    parent = None
    for i, value in enumerate(TRICKY_TEXTS):
        parent = con.execute(
            "INSERT INTO contacts (workbook_id, full_name, organization_id, notes, phone, referred_by_contact_id,"
            " connected_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            # Phones must be phone numbers (an import checks every field as the forms do): the tricky text goes
            # in the notes, a phone that starts with a formula character in the phone.
            [workbook_id, f"Tricky {i}", org, value, "+1 403 555 0111" if i % 2 else None, parent, date(1971 + i, 1, 2),
             datetime(2026, 3, 11, 9, 30, 15, 123456)],
        ).fetchone()[0]
    own = con.execute(
        "INSERT INTO questions (workbook_id, category, text, minutes) VALUES (?, 'role', ?, 2.25) RETURNING id",
        [workbook_id, "@who decides?"],
    ).fetchone()[0]
    meeting = con.execute(
        "INSERT INTO meetings (workbook_id, contact_id, scheduled_at, duration_minutes) VALUES (?, ?, ?, 20)"
        " RETURNING id", [workbook_id, parent, datetime(2026, 3, 20, 10)],
    ).fetchone()[0]
    con.execute("INSERT INTO meeting_questions (meeting_id, question_id, position, notes) VALUES (?, ?, 1, ?)",
                [meeting, own, "+ a note"])
    con.execute("INSERT INTO reviews (meeting_id, workbook_id, insights, usefulness) VALUES (?, ?, ?, 3)",
                [meeting, workbook_id, "=2+2"])


@pytest.fixture
def rich(con) -> int:
    """The demo workbook plus rows full of tricky text."""
    workbook_id = demo.load(con, today=DEMO_TODAY)
    add_tricky_rows(con, workbook_id)
    return workbook_id


@pytest.fixture
def other(tmp_path):
    c = db.open(tmp_path / "other.duckdb")
    yield c
    c.close()


@pytest.mark.parametrize("fmt", backup.FORMATS)
def test_an_imported_workbook_has_exactly_the_content_of_the_exported_one(con, rich, other, fmt):
    imported = backup.import_workbook(other, backup.export_workbook(con, rich, fmt))
    assert workbook_content(other, imported) == workbook_content(con, rich)


@pytest.mark.parametrize("fmt", backup.FORMATS)
def test_an_export_of_a_duckdb_file_imports_here_with_exactly_its_content(con, other, fmt):
    """The test above the other way round: on the [postgresql] half, a DuckDB file's export into a server."""
    source = demo.load(other, today=DEMO_TODAY)
    add_tricky_rows(other, source)
    imported = backup.import_workbook(con, backup.export_workbook(other, source, fmt))
    assert workbook_content(con, imported) == workbook_content(other, source)


def _file_shapes(data: bytes, tmp_path: Path) -> dict[str, object]:
    """Each table file's columns: Parquet's with their types, CSV's header line."""
    shapes = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.endswith(".parquet"):
                path = tmp_path / name
                path.write_bytes(zf.read(name))
                with duckdb.connect() as memory:
                    shapes[name] = memory.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
            elif name.endswith(".csv"):
                shapes[name] = zf.read(name).decode().splitlines()[0]
    return shapes


@pytest.mark.parametrize("fmt", backup.FORMATS)
def test_an_export_is_the_same_format_whichever_engine_made_it(con, rich, other, fmt, tmp_path):
    source = demo.load(other, today=DEMO_TODAY)
    add_tricky_rows(other, source)
    here, there = backup.export_workbook(con, rich, fmt), backup.export_workbook(other, source, fmt)
    assert backup.read_manifest(here)["tables"] == backup.read_manifest(there)["tables"]
    (tmp_path / "here").mkdir(), (tmp_path / "there").mkdir()
    shapes = _file_shapes(here, tmp_path / "here")
    assert shapes == _file_shapes(there, tmp_path / "there")
    assert len(shapes) == len(backup.read_manifest(here)["tables"])


@pytest.mark.parametrize("fmt", backup.FORMATS)
def test_the_export_holds_a_file_and_a_row_count_for_every_workbook_table(con, rich, fmt):
    with zipfile.ZipFile(io.BytesIO(backup.export_workbook(con, rich, fmt))) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        names = set(zf.namelist())
    assert manifest["schema_version"] == db.schema_version(con)
    for table in backup.workbook_tables(con):
        entry = manifest["tables"][table.name]
        assert entry["file"] in names
        expected = db.scalar(con, f"SELECT count(*) FROM ({backup._select_rows(table)}) AS exported", [rich])
        assert entry["rows"] == expected
    assert manifest["tables"]["meeting_questions"]["rows"] > 100  # reached through the meetings


def test_importing_twice_into_the_same_database_gives_two_separate_copies(con, rich):
    data = backup.export_workbook(con, rich, "parquet")
    first = backup.import_workbook(con, data)
    second = backup.import_workbook(con, data)
    names = {w.id: w.name for w in workbooks.list_all(con)}
    assert names[first] == "Demo: Mateo Alvarez (imported)"
    assert names[second] == "Demo: Mateo Alvarez (imported 2)"
    assert workbook_content(con, first) == workbook_content(con, rich) == workbook_content(con, second)


def _with_a_one_shot_action(con, workbook_id: int) -> None:
    """A referral added by a click (its token recorded), as any quick-click-safe button leaves behind."""
    meeting = db.scalar(con, "SELECT min(id) FROM meetings WHERE workbook_id = ? AND status = 'done'", [workbook_id])
    referrals.add(con, workbook_id, meeting, full_name="Rosa Diaz", token="token-of-one-click")
    assert db.scalar(con, "SELECT count(*) FROM action_tokens WHERE workbook_id = ?", [workbook_id]) == 1


@pytest.mark.parametrize("fmt", backup.FORMATS)
def test_a_workbook_with_one_shot_clicks_behind_it_imports_back_into_the_same_database(con, rich, fmt):
    """The click tokens are not content: not exported, so a copy beside the original does not clash with them."""
    _with_a_one_shot_action(con, rich)
    data = backup.export_workbook(con, rich, fmt)
    assert "action_tokens" not in backup.read_manifest(data)["tables"]
    copy = backup.import_workbook(con, data)
    assert workbook_content(con, copy) == workbook_content(con, rich)
    assert "Rosa Diaz" in {r[0] for r in con.execute("SELECT full_name FROM contacts WHERE workbook_id = ?", [copy]).fetchall()}


def test_an_export_made_with_the_click_tokens_in_it_still_imports_without_them(con, rich):
    """Exports made before the tokens were left out carry action_tokens.csv: it is skipped, not refused."""
    _with_a_one_shot_action(con, rich)
    data = backup.export_workbook(con, rich, "csv")
    tokens = "token,workbook_id,action,result_id,created_at\r\ntoken-of-one-click,%d,add_referral,1,2026-12-01 10:00:00\r\n" % rich
    old = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(old, "w") as out:
        manifest = json.loads(src.read("manifest.json"))
        manifest["tables"]["action_tokens"] = {"file": "action_tokens.csv", "rows": 1, "columns": {}}
        for item in src.namelist():
            out.writestr(item, json.dumps(manifest) if item == "manifest.json" else src.read(item))
        out.writestr("action_tokens.csv", tokens)
    copy = backup.import_workbook(con, old.getvalue())
    assert workbook_content(con, copy) == workbook_content(con, rich)
    assert db.scalar(con, "SELECT count(*) FROM action_tokens WHERE workbook_id = ?", [copy]) == 0


def test_an_import_points_every_reference_at_the_new_rows_of_the_same_workbook(con, rich):
    new = backup.import_workbook(con, backup.export_workbook(con, rich, "csv"))
    strays = db.scalar(con, """
        SELECT (SELECT count(*) FROM contacts c JOIN contacts p ON p.id = c.referred_by_contact_id
                WHERE c.workbook_id = ? AND p.workbook_id <> c.workbook_id)
             + (SELECT count(*) FROM contacts c JOIN organizations o ON o.id = c.organization_id
                WHERE c.workbook_id = ? AND o.workbook_id <> c.workbook_id)
             + (SELECT count(*) FROM outreach x JOIN contacts c ON c.id = x.contact_id
                WHERE x.workbook_id = ? AND c.workbook_id <> x.workbook_id)
             + (SELECT count(*) FROM meetings m JOIN contacts c ON c.id = m.contact_id
                WHERE m.workbook_id = ? AND c.workbook_id <> m.workbook_id)
             + (SELECT count(*) FROM reviews r JOIN meetings m ON m.id = r.meeting_id
                WHERE r.workbook_id = ? AND m.workbook_id <> r.workbook_id)
             + (SELECT count(*) FROM meeting_questions mq JOIN meetings m ON m.id = mq.meeting_id
                JOIN questions q ON q.id = mq.question_id
                WHERE m.workbook_id = ? AND q.workbook_id IS NOT NULL AND q.workbook_id <> m.workbook_id)
    """, [new] * 6)
    assert strays == 0
    chain = db.rows(con, """
        SELECT c.full_name, p.full_name AS referrer FROM contacts c LEFT JOIN contacts p ON p.id = c.referred_by_contact_id
        WHERE c.workbook_id = ? ORDER BY c.full_name""", [new])
    original = db.rows(con, """
        SELECT c.full_name, p.full_name AS referrer FROM contacts c LEFT JOIN contacts p ON p.id = c.referred_by_contact_id
        WHERE c.workbook_id = ? ORDER BY c.full_name""", [rich])
    assert chain == original


def test_an_import_leaves_the_workbooks_already_there_untouched(con, rich, other):
    mine = workbooks.create(other, "Already here")
    add_tricky_rows(other, mine)
    before = workbook_content(other, mine)
    backup.import_workbook(other, backup.export_workbook(con, rich, "parquet"))
    assert workbook_content(other, mine) == before


def test_csv_cells_that_a_spreadsheet_would_run_start_with_an_apostrophe(con, rich):
    with zipfile.ZipFile(io.BytesIO(backup.export_workbook(con, rich, "csv"))) as zf:
        cells = [cell for name in zf.namelist() if name.endswith(".csv")
                 for row in csv.reader(io.StringIO(zf.read(name).decode("utf-8"))) for cell in row]
    text_cells = [c for c in cells if c]
    assert "'=HYPERLINK(\"http://evil.example\",\"click\")" in text_cells
    assert "'+1 403 555 0111" in text_cells and "'@SUM(A1:A2)" in text_cells and "''quoted'" in text_cells
    dangerous = [c for c in text_cells if c[0] in "=+@\t\r" or (c[0] == "-" and not _is_number(c))]
    assert dangerous == []


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_negative_numbers_stay_numbers_in_a_csv_export(con, rich):
    # No form stores a negative number; written directly, it still leaves as a number, not as text.
    con.execute("UPDATE reviews SET usefulness = -3 WHERE workbook_id = ? AND insights = '=2+2'", [rich])
    with zipfile.ZipFile(io.BytesIO(backup.export_workbook(con, rich, "csv"))) as zf:
        reviews = list(csv.DictReader(io.StringIO(zf.read("reviews.csv").decode("utf-8"))))
    assert "-3" in [r["usefulness"] for r in reviews]


@pytest.mark.parametrize("value", TRICKY_TEXTS + [None, "'", "=", "-"])
def test_the_csv_escape_is_undone_exactly(value):
    assert backup.restore_cell(backup.neutralize_cell(value)) == value


def test_an_empty_text_and_no_text_stay_different_through_csv(con, other):
    wid = workbooks.create(con, "Empties")
    con.execute("INSERT INTO contacts (workbook_id, full_name, notes, title) VALUES (?, 'A', '', NULL)", [wid])
    new = backup.import_workbook(other, backup.export_workbook(con, wid, "csv"))
    assert db.rows(other, "SELECT notes, title FROM contacts WHERE workbook_id = ?", [new]) == [
        {"notes": "", "title": None}
    ]


def test_an_empty_workbook_exports_and_imports(con, other):
    wid = workbooks.create(con, "Nothing yet")
    new = backup.import_workbook(other, backup.export_workbook(con, wid, "csv"))
    assert workbooks.get(other, new).name == "Nothing yet"
    assert workbook_content(other, new) == workbook_content(con, wid)


def test_a_shipped_question_missing_from_the_target_bank_becomes_an_own_question(con, rich, other):
    used = db.scalar(con, """SELECT q.bank_key FROM meeting_questions mq JOIN meetings m ON m.id = mq.meeting_id
        JOIN questions q ON q.id = mq.question_id WHERE m.workbook_id = ? AND q.workbook_id IS NULL LIMIT 1""", [rich])
    other.execute("DELETE FROM questions WHERE workbook_id IS NULL AND bank_key = ?", [used])
    new = backup.import_workbook(other, backup.export_workbook(con, rich, "parquet"))
    planned = db.scalar(other, """SELECT count(*) FROM meeting_questions mq JOIN meetings m ON m.id = mq.meeting_id
        JOIN questions q ON q.id = mq.question_id WHERE m.workbook_id = ?""", [new])
    assert planned == db.scalar(con, """SELECT count(*) FROM meeting_questions mq JOIN meetings m
        ON m.id = mq.meeting_id WHERE m.workbook_id = ?""", [rich])


def table_rows(con) -> dict[str, list]:
    names = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE'"
        " ORDER BY table_name").fetchall()]
    return {n: sorted(map(repr, con.execute(f'SELECT * FROM "{n}"').fetchall())) for n in names}


def _zip(files: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return buffer.getvalue()


def _doctored(con, workbook_id, change) -> bytes:
    """A real export with one thing changed by `change(files)`."""
    with zipfile.ZipFile(io.BytesIO(backup.export_workbook(con, workbook_id, "csv"))) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    change(files)
    return _zip(files)


def _newer(files):
    m = json.loads(files["manifest.json"])
    m["schema_version"] += 1
    files["manifest.json"] = json.dumps(m)


def _wrong_count(files):
    m = json.loads(files["manifest.json"])
    m["tables"]["contacts"]["rows"] += 1
    files["manifest.json"] = json.dumps(m)


def _broken_date(files):
    files["contacts.csv"] = files["contacts.csv"].replace(b"2025-", b"20X5-", 1)


def _unknown_column(files):
    lines = files["organizations.csv"].split(b"\n")
    files["organizations.csv"] = b"\n".join([lines[0] + b",surprise"] + [ln + b",1" for ln in lines[1:] if ln])


def _huge_name(files):
    rows = list(csv.reader(io.StringIO(files["contacts.csv"].decode())))
    rows[1][rows[0].index("full_name")] = "B" + "H" * 1_500_000
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    files["contacts.csv"] = out.getvalue().encode()


def _garbage_parquet(con, wid) -> bytes:
    with zipfile.ZipFile(io.BytesIO(backup.export_workbook(con, wid, "parquet"))) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    files["contacts.parquet"] = b"PAR1 this is not a parquet file"
    return _zip(files)


BAD_FILES = {
    "empty": lambda con, wid: b"",
    "binary": lambda con, wid: bytes(range(256)) * 40,
    "csv instead of zip": lambda con, wid: "name,email\nA,a@example.com\n".encode("utf-16"),
    "zip without manifest": lambda con, wid: _zip({"contacts.csv": "id\n1\n"}),
    "manifest not json": lambda con, wid: _zip({"manifest.json": b"\xff\xfe not json"}),
    "someone else's zip": lambda con, wid: _zip({"manifest.json": json.dumps({"format": "other"})}),
    "missing table file": lambda con, wid: _doctored(con, wid, lambda f: f.pop("contacts.csv")),
    "newer schema": lambda con, wid: _doctored(con, wid, _newer),
    "row count does not match": lambda con, wid: _doctored(con, wid, _wrong_count),
    "damaged date": lambda con, wid: _doctored(con, wid, _broken_date),
    "unknown column": lambda con, wid: _doctored(con, wid, _unknown_column),
    "truncated zip": lambda con, wid: backup.export_workbook(con, wid, "parquet")[:-200],
    "a 1.5 MB name": lambda con, wid: _doctored(con, wid, _huge_name),
    "garbage parquet": lambda con, wid: _garbage_parquet(con, wid),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_import_file_is_refused_with_a_message_and_changes_nothing(con, rich, case):
    data = BAD_FILES[case](con, rich)
    before = table_rows(con)
    with pytest.raises(Invalid) as refused:
        backup.import_workbook(con, data)
    said = str(refused.value)
    assert 20 < len(said) < 700  # a reason, not the file's contents
    assert "wb-import-" not in said and "/tmp" not in said  # no path on the server
    assert table_rows(con) == before


def _cell(table: str, column: str, value: str):
    def change(files):
        rows = list(csv.reader(io.StringIO(files[f"{table}.csv"].decode())))
        rows[1][rows[0].index(column)] = value
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        files[f"{table}.csv"] = out.getvalue().encode()
    return change


@pytest.mark.parametrize("table, column, value, says", [
    ("meetings", "contact_id", "notadate", "its contact_id column holds “notadate”, which is not a whole number"),
    ("contacts", "connected_on", "20X5-01-01", "its connected_on column holds “20X5-01-01”, which is not a date"),
    ("meetings", "scheduled_at", "![x](http://127.0.0.1:9/x)", "which is not a date and time"),
])
def test_a_value_of_the_wrong_kind_in_an_edited_export_is_named_in_words(con, rich, engine, table, column, value, says):
    """A cell edited by hand said "Conversion Error: Could not convert string … to INT64" (a hostile tester)."""
    before = table_rows(con)
    with pytest.raises(Invalid) as refused:
        backup.import_workbook(con, _doctored(con, rich, _cell(table, column, value)))
    said = str(refused.value)
    assert f"The export's {table} file is damaged and was not imported" in said
    if engine == "duckdb":  # PostgreSQL words its errors its own way
        assert says in said and "Conversion Error" not in said
    assert table_rows(con) == before


def test_a_50_megabyte_file_is_refused_as_not_an_export(con):
    with pytest.raises(Invalid, match="not a zip"):
        backup.import_workbook(con, b"\x00" * (50 * 1024 * 1024))


def test_an_oversized_upload_is_refused_with_the_limit(con):
    with pytest.raises(Invalid, match="at most 100 MB"):
        backup.read_manifest(b"PK" + b"\x00" * (backup.MAX_IMPORT_BYTES + 1))


def test_a_chosen_name_that_is_taken_is_refused(con, rich):
    with pytest.raises(Invalid, match="already exists"):
        backup.import_workbook(con, backup.export_workbook(con, rich, "csv"), name="Demo: Mateo Alvarez")


def test_an_export_from_an_older_schema_imports_with_defaults_for_new_columns(con, rich, other):
    def strip_newer_columns(files):
        m = json.loads(files["manifest.json"])
        m["schema_version"] = 1
        files["manifest.json"] = json.dumps(m)
        lines = files["contacts.csv"].decode().splitlines(keepends=True)
        rows = list(csv.reader(io.StringIO("".join(lines))))
        keep = [i for i, c in enumerate(rows[0]) if c not in ("updated_at", "keep_in_touch_days")]
        out = io.StringIO()
        csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows([[r[i] for i in keep] for r in rows])
        files["contacts.csv"] = out.getvalue().replace('""', "").encode()  # NULLs stay unquoted-empty

    new = backup.import_workbook(other, _doctored(con, rich, strip_newer_columns))
    assert db.scalar(other, "SELECT count(*) FROM contacts WHERE workbook_id = ?", [new]) == db.scalar(
        con, "SELECT count(*) FROM contacts WHERE workbook_id = ?", [rich])


# ---- whole-database backup ---------------------------------------------------------------------

def test_a_database_backup_on_a_server_is_refused_with_the_way_to_back_it_up(con, engine):
    if engine == "duckdb":
        assert backup.database_backup_supported(con)
        return
    assert not backup.database_backup_supported(con)
    with pytest.raises(Invalid, match="pg_dump"):
        backup.backup_database(con)


@pytest.mark.duckdb_only  # the DuckDB file's own backup (ATTACH, a copy of the file)
def test_a_database_backup_restores_every_table_exactly(con, rich, tmp_path):
    data = backup.backup_database(con)
    target = tmp_path / "restored" / "workbook.duckdb"
    assert backup.restore_database(data, target) is None
    restored = db.open(target)
    try:
        assert table_rows(restored) == table_rows(con)
        new_id = workbooks.create(restored, "After restore")  # sequences carried over: no id clash
        assert new_id > max(w.id for w in workbooks.list_all(con, include_archived=True))
    finally:
        restored.close()


@pytest.mark.duckdb_only  # the DuckDB file's own backup (ATTACH, a copy of the file)
def test_a_database_backup_carries_restore_instructions_and_a_manifest(con, rich):
    with zipfile.ZipFile(io.BytesIO(backup.backup_database(con))) as zf:
        assert "stop the app" in zf.read("RESTORE.txt").decode().lower()
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["schema_version"] == db.schema_version(con)
    assert manifest["rows"]["contacts"] == db.scalar(con, "SELECT count(*) FROM contacts")


@pytest.mark.duckdb_only  # the DuckDB file's own backup (ATTACH, a copy of the file)
def test_a_backup_can_be_taken_while_another_session_writes(con, rich):
    writer = con.cursor()
    writer.execute("BEGIN TRANSACTION")
    writer.execute("INSERT INTO contacts (workbook_id, full_name) VALUES (?, 'Uncommitted')", [rich])
    data = backup.backup_database(con)
    writer.execute("COMMIT")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["rows"]["contacts"] == db.scalar(con, "SELECT count(*) FROM contacts") - 1


@pytest.mark.duckdb_only  # the DuckDB file's own backup (ATTACH, a copy of the file)
def test_restoring_keeps_the_file_it_replaces(con, rich, tmp_path):
    target = tmp_path / "live.duckdb"
    old = db.open(target)
    workbooks.create(old, "Before the restore")
    old.close()
    kept = backup.restore_database(backup.backup_database(con), target)
    assert kept is not None and kept.exists()
    check = duckdb.connect(str(kept))
    assert check.execute("SELECT name FROM workbooks").fetchall() == [("Before the restore",)]
    check.close()


@pytest.mark.duckdb_only  # the DuckDB file's own backup (ATTACH, a copy of the file)
def test_restoring_over_a_database_in_use_is_refused(con, rich, tmp_path):
    data = backup.backup_database(con)
    target = tmp_path / "busy.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb,sys; c=duckdb.connect(sys.argv[1]); print('open', flush=True);"
         " sys.stdin.read()", str(target)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(Invalid, match="stop the app"):
            backup.restore_database(data, target)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_restoring_something_that_is_not_a_backup_is_refused(tmp_path):
    with pytest.raises(Invalid, match="not a database backup"):
        backup.restore_database(b"hello", tmp_path / "x.duckdb")


@pytest.mark.duckdb_only  # the DuckDB file's own backup (ATTACH, a copy of the file)
def test_the_restore_command_puts_a_backup_in_place(con, rich, tmp_path):
    archive = tmp_path / "backup.zip"
    archive.write_bytes(backup.backup_database(con))
    target = tmp_path / "cli.duckdb"
    done = subprocess.run([sys.executable, "-m", "lib.backup", "restore", str(archive), str(target)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    restored = db.open(target)
    assert db.scalar(restored, "SELECT count(*) FROM contacts") == db.scalar(con, "SELECT count(*) FROM contacts")
    restored.close()


def test_export_file_names_are_safe_for_every_system():
    name = backup.export_filename("Zoë / O'Brien: <draft>", "csv", datetime(2026, 3, 11))
    assert name == "workbook-zo-o-brien-draft-2026-03-11-csv.zip"
    assert Path(name).name == name


# ---- the Workbooks page -------------------------------------------------------------------------

@pytest.mark.apptest
def test_the_workbooks_page_prepares_an_export_to_download(demo_app):
    from tests.conftest import page_errors

    demo_app.session_state["workbooks_view"] = "backup"  # as a click on "Export and backup" does
    at = open_page(demo_app, "workbooks", check=False)
    at.radio(key="backup_format").set_value("parquet").run()
    at.button(key="backup_prepare_export").click().run()
    assert page_errors(at) == []
    workbook_id, fmt, file_name, data = at.session_state["backup_export"]
    assert fmt == "parquet" and file_name.endswith("-parquet.zip")
    assert backup.read_manifest(data)["workbook"]["name"] == "Demo: Mateo Alvarez"
    assert "Download the export" in [b.label for b in at.get("download_button")]
    assert file_name in [c.value for c in at.caption]


@pytest.mark.apptest
def test_the_workbooks_page_prepares_a_database_backup_with_restore_steps(demo_app):
    from tests.conftest import page_errors

    demo_app.session_state["restore_steps_box"] = True  # the restore steps are drawn while their expander is open
    demo_app.session_state["workbooks_view"] = "backup"  # the page's "Export and backup" view
    at = open_page(demo_app, "workbooks", check=False)
    at.button(key="backup_prepare_db").click().run()
    assert page_errors(at) == []
    name, data = at.session_state["backup_db"]
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert "workbook.duckdb" in zf.namelist()
    assert any("python -m lib.backup restore" in c.value for c in at.code)


@pytest.mark.apptest
def test_on_a_server_the_workbooks_page_exports_and_points_to_pg_dump_instead_of_a_backup_button(pg_server, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    with pg_engine.new_database(pg_server, f"workbook_page_{os.getpid()}") as url:
        monkeypatch.setenv("WORKBOOK_DB", url)
        st.cache_resource.clear()
        try:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
            at.session_state["workbooks_view"] = "backup"  # as a click on "Export and backup" does
            at = open_page(at, "workbooks", check=False)
            assert page_errors(at) == []
            assert not [b for b in at.button if b.key == "backup_prepare_db"]
            assert any("pg_dump" in c.value for c in at.caption)
            assert not any("python -m lib.backup restore" in c.value for c in at.code)
            at.button(key="backup_prepare_export").click().run()  # the export goes through the app's handle
            assert page_errors(at) == []
            assert backup.read_manifest(at.session_state["backup_export"][3])["tables"]["contacts"]["rows"] == 0
        finally:
            st.cache_resource.clear()  # the app's pool on the database, before it is dropped


@pytest.mark.apptest
def test_importing_a_workbook_on_the_page_opens_it(app, db_path, con, rich):
    from tests.conftest import page_errors

    data = backup.export_workbook(con, rich, "csv")
    app.session_state["workbooks_view"] = "backup"  # as a click on "Export and backup" does
    at = open_page(app, "workbooks", check=False)
    at.file_uploader(key="backup_import_file").upload("export.zip", data, "application/zip")
    at.text_input(key="backup_import_name").input("Imported client")
    at.button(key="backup_import").click().run()
    assert page_errors(at) == []
    picker = workbook_picker(at)
    assert picker.format_func(picker.value) == "Imported client"


@pytest.mark.apptest
def test_importing_a_file_that_is_not_an_export_shows_why_and_adds_nothing(app, db_path):
    app.session_state["workbooks_view"] = "backup"  # as a click on "Export and backup" does
    at = open_page(app, "workbooks", check=False)
    at.file_uploader(key="backup_import_file").upload("photo.zip", b"\x89PNG not a zip", "application/zip")
    at.button(key="backup_import").click().run()
    assert any("not a zip file" in e.value for e in at.error)
    from views import session

    # The app holds the file, so read through its own root connection.
    names = [w.name for w in workbooks.list_all(session._root(str(db_path)).cursor(), include_archived=True)]
    assert names == ["My workbook"]


@pytest.mark.apptest
def test_importing_without_choosing_a_file_asks_for_one(app, db_path):
    app.session_state["workbooks_view"] = "backup"  # as a click on "Export and backup" does
    at = open_page(app, "workbooks", check=False)
    at.button(key="backup_import").click().run()
    assert any("Choose a workbook export" in e.value for e in at.error)


@pytest.mark.duckdb_only  # the command backs up a DuckDB file of its own
def test_the_backup_command_writes_a_backup_of_the_database_in_workbook_db(con, rich, tmp_path):
    source = tmp_path / "cli-source.duckdb"
    copy = db.open(source)
    workbooks.create(copy, "From the command line")
    copy.close()
    out = tmp_path / "out.zip"
    done = subprocess.run([sys.executable, "-m", "lib.backup", "backup", str(out)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "WORKBOOK_DB": str(source)})
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as zf:
        assert json.loads(zf.read("manifest.json"))["rows"]["workbooks"] == 1


def test_a_long_exported_name_still_fits_when_imported_beside_itself(con):
    long_name = "Client " + "n" * 73
    wid = workbooks.create(con, long_name)
    new = backup.import_workbook(con, backup.export_workbook(con, wid, "parquet"))
    name = workbooks.get(con, new).name
    assert len(name) <= 80 and name.endswith(" (imported)") and name.startswith("Client nnn")
