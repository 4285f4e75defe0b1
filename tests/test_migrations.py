"""A database made by the first schema (tests/fixtures/schema_v1.duckdb) upgrades through every later migration
and keeps every row and every value it had."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from lib import backup, db, pg, workbooks
from tests import pg_engine
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "schema_v1.duckdb"
LATER = [number for number, _ in db.migration_files() if number > 1]


def v1_content(con) -> dict[str, list[tuple]]:
    """Every table of schema 1 with only its schema-1 columns, as sorted rows."""
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE'"
    ).fetchall()]
    return {t: _rows(con, t) for t in tables}


def _rows(con, table: str, columns: list[str] | None = None) -> list[tuple]:
    cols = ", ".join(f'"{c}"' for c in columns) if columns else "*"
    return sorted(con.execute(f'SELECT {cols} FROM "{table}"').fetchall(), key=repr)


@pytest.fixture(scope="module")
def original() -> dict[str, tuple[list[str], list[tuple]]]:
    con = duckdb.connect(str(FIXTURE), read_only=True)
    try:
        assert db.schema_version(con) == 1, "the fixture must stay at schema version 1"
        found = {}
        for table in v1_content(con):
            columns = [r[0] for r in con.execute(f'DESCRIBE "{table}"').fetchall()]
            found[table] = (columns, _rows(con, table))
        return found
    finally:
        con.close()


@pytest.fixture
def v1_copy(tmp_path) -> Path:
    target = tmp_path / "v1.duckdb"
    shutil.copy(FIXTURE, target)
    return target


def upgrade_to(con, last: int) -> None:
    """Apply migrations 2..last one by one, the way db.migrate does (a transaction each, recorded)."""
    for number, file in db.migration_files():
        if 1 < number <= last:
            with db.transaction(con) as cur:
                cur.execute(file.read_text(encoding="utf-8"))
                cur.execute("INSERT INTO schema_migrations (version) VALUES (?)", [number])


def test_the_fixture_holds_realistic_data_of_every_first_schema_table(original):
    for table in ("workbooks", "profiles", "goals", "organizations", "contacts", "outreach", "meetings",
                  "questions", "meeting_questions", "reviews"):
        assert len(original[table][1]) > 0, table


@pytest.mark.parametrize("number", LATER)
def test_each_later_migration_upgrades_the_first_schema_and_keeps_every_value(v1_copy, original, number):
    con = duckdb.connect(str(v1_copy))
    try:
        upgrade_to(con, number)
        assert db.schema_version(con) == number
        for table, (columns, rows) in original.items():
            if table == "schema_migrations":
                assert sorted(r[0] for r in _rows(con, table)) == [n for n, _ in db.migration_files() if n <= number]
                continue
            assert _rows(con, table, columns) == rows, f"{table} changed by migration {number}"
    finally:
        con.close()


def test_opening_a_first_schema_database_brings_it_to_the_newest_version(v1_copy, original):
    con = db.open(v1_copy)
    try:
        assert db.schema_version(con) == db.migration_files()[-1][0]
        for table, (columns, rows) in original.items():
            if table in ("schema_migrations", "questions"):
                continue
            assert _rows(con, table, columns) == rows, table
        # The shipped bank follows data/question_bank.csv on open; a person's own questions never change.
        columns, rows = original["questions"]
        now = _rows(con, "questions", columns)
        own = [r for r in rows if r[columns.index("workbook_id")] is not None]
        assert own and all(r in now for r in own)
        bank_ids = {r[columns.index("id")] for r in rows if r[columns.index("workbook_id")] is None}
        assert bank_ids <= {r[columns.index("id")] for r in now}
    finally:
        con.close()


def test_an_upgraded_database_keeps_the_shipped_questions_its_plans_use(v1_copy):
    con = db.open(v1_copy)
    try:
        orphans = db.scalar(con, "SELECT count(*) FROM meeting_questions mq LEFT JOIN questions q"
                                 " ON q.id = mq.question_id WHERE q.id IS NULL")
        assert orphans == 0
    finally:
        con.close()


def test_an_upgraded_database_takes_new_rows_without_id_clashes(v1_copy):
    con = db.open(v1_copy)
    try:
        new_id = workbooks.create(con, "Added after the upgrade")
        assert new_id == 4
        contact = con.execute("INSERT INTO contacts (workbook_id, full_name) VALUES (?, 'New') RETURNING id",
                              [new_id]).fetchone()[0]
        assert contact == db.scalar(con, "SELECT max(id) FROM contacts")
        assert db.scalar(con, "SELECT count(DISTINCT id) = count(*) FROM contacts")
    finally:
        con.close()


def test_opening_an_upgraded_database_again_changes_nothing(v1_copy):
    con = db.open(v1_copy)
    first = v1_content(con)
    con.close()
    con = db.open(v1_copy)
    try:
        assert v1_content(con) == first
    finally:
        con.close()


def test_a_workbook_of_an_upgraded_database_exports_and_imports_whole(v1_copy, tmp_path):
    from tests.test_backup import workbook_content

    con = db.open(v1_copy)
    other = db.open(tmp_path / "fresh.duckdb")
    try:
        new = backup.import_workbook(other, backup.export_workbook(con, 1, "csv"))
        assert workbook_content(other, new) == workbook_content(con, 1)
    finally:
        con.close()
        other.close()


@pytest.mark.apptest
@pytest.mark.parametrize("page", ["home", "goals", "research", "outreach", "questions", "review", "network",
                                  "workbooks"])
def test_every_page_opens_on_an_upgraded_first_schema_database(v1_copy, monkeypatch, page):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from views import registry
    from tests.conftest import page_errors

    monkeypatch.setenv("WORKBOOK_DB", str(v1_copy))
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["wb"] = "1"
    at.run()
    at.switch_page(registry.PAGES[page]).run()
    try:
        assert page_errors(at) == []
    finally:
        st.cache_resource.clear()


# ---- the same schema on both engines (issue 20) ---------------------------------------------------

def schema(con) -> dict[str, object]:
    """The schema as both engines report it through information_schema: every table's columns in order with
    their type (DuckDB's names, lib/pg.py) and nullability, the primary keys and unique constraints by their
    columns (their names differ between engines), and the sequences."""
    here = "table_schema = current_schema()"
    columns: dict[str, list[tuple]] = {}
    for table, column, kind, nullable in con.execute(
        f"SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE {here}"
        " ORDER BY table_name, ordinal_position"
    ).fetchall():
        columns.setdefault(table, []).append((column, pg.duckdb_type(kind), nullable))
    keys: dict[tuple, list[str]] = {}
    for kind, table, name, column in con.execute(
        "SELECT c.constraint_type, c.table_name, c.constraint_name, k.column_name"
        " FROM information_schema.table_constraints c JOIN information_schema.key_column_usage k"
        " ON k.constraint_name = c.constraint_name AND k.table_name = c.table_name"
        f" WHERE c.{here} AND c.constraint_type IN ('PRIMARY KEY', 'UNIQUE') ORDER BY k.ordinal_position"
    ).fetchall():
        keys.setdefault((kind, table, name), []).append(column)
    sequences = con.execute(
        "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = current_schema()"
        if pg.is_handle(con) else "SELECT sequence_name FROM duckdb_sequences() WHERE NOT temporary"
    ).fetchall()
    return {"columns": columns, "keys": sorted((k[0], k[1], tuple(c)) for k, c in keys.items()),
            "sequences": sorted(r[0] for r in sequences)}


def test_a_new_postgresql_database_and_a_new_duckdb_file_reach_the_same_schema(tmp_path, pg_server):
    with pg_engine.new_database(pg_server, f"workbook_schema_{os.getpid()}") as url:
        on_server = db.open(url)
        try:
            assert db.schema_version(on_server) == db.migration_files()[-1][0]
            server = schema(on_server)
        finally:
            on_server.close()
    in_file = db.open(tmp_path / "fresh.duckdb")
    try:
        file = schema(in_file)
    finally:
        in_file.close()
    assert sorted(server["columns"]) == sorted(file["columns"])
    for table, columns in file["columns"].items():
        assert server["columns"][table] == columns, table
    assert server["keys"] == file["keys"]
    assert ("PRIMARY KEY", "contacts", ("id",)) in file["keys"]  # the comparison reads real constraints
    assert server["sequences"] == file["sequences"]
