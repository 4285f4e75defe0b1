"""What is restored or imported is checked like what is typed (issue 14, items 9 and 10).

A restore takes only this app's database at a schema version it knows, and unpacks at most the limit (a zip bomb
is refused before anything is written). A workbook import goes through the field rules of the forms: a tampered
file is refused with a message and nothing is imported.
"""
from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from pathlib import Path

import duckdb
import pytest

from lib import backup, backup_format, database_backup, db, demo
from lib.errors import Invalid
from tests.conftest import DEMO_TODAY
from tests.test_bad_input import table_rows

MB = 1 << 20


# ---- item 9: restore ----------------------------------------------------------------------------------

def backup_zip_of(database: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(database, "workbook.duckdb")
        zf.writestr("RESTORE.txt", backup.RESTORE_INSTRUCTIONS)
    return buffer.getvalue()


@pytest.fixture
def target(tmp_path) -> Path:
    """The database a restore would replace: a real one of this app, closed."""
    path = tmp_path / "live" / "workbook.duckdb"
    c = db.open(path)
    demo.load(c, today=DEMO_TODAY)
    c.execute("CHECKPOINT")
    c.close()
    return path


def assert_untouched(target: Path, before: bytes) -> None:
    assert target.read_bytes() == before
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # nothing kept aside, nothing left behind


def foreign_database(tmp_path: Path, sql: str) -> Path:
    path = tmp_path / "foreign.duckdb"
    c = duckdb.connect(str(path))
    c.execute(sql)
    c.close()
    return path


@pytest.mark.parametrize("sql, says", [
    ("CREATE TABLE users (id INTEGER, email VARCHAR); INSERT INTO users VALUES (1, 'a@example.com')",
     "no schema_migrations"),
    ("CREATE TABLE schema_migrations (version BIGINT, applied_at TIMESTAMP);"
     " INSERT INTO schema_migrations VALUES (20240101120000, now()); CREATE TABLE invoices (id INTEGER)",
     "newer version"),
    ("CREATE TABLE schema_migrations (version INTEGER, applied_at TIMESTAMP);"
     " INSERT INTO schema_migrations VALUES (1, now()); CREATE TABLE workbooks (id INTEGER)",
     "lacks"),
    ("CREATE TABLE schema_migrations (version INTEGER, applied_at TIMESTAMP);"
     " INSERT INTO schema_migrations VALUES (2, now()), (5, now())",
     "not this app's"),
])
def test_a_restore_refuses_another_applications_duckdb_file(tmp_path, target, sql, says):
    before = target.read_bytes()
    with pytest.raises(Invalid, match=says):
        backup.restore_database(backup_zip_of(foreign_database(tmp_path, sql)), target)
    assert_untouched(target, before)


def test_a_restore_refuses_a_backup_from_a_newer_schema(tmp_path, target):
    newer = tmp_path / "newer.duckdb"
    c = db.open(newer)
    c.execute("INSERT INTO schema_migrations (version) VALUES (999)")
    c.close()
    before = target.read_bytes()
    with pytest.raises(Invalid, match="newer version of the app"):
        backup.restore_database(backup_zip_of(newer), target)
    assert_untouched(target, before)


def test_a_backup_of_this_app_still_restores(tmp_path, target):
    source = tmp_path / "source.duckdb"
    c = db.open(source)
    demo.load(c, today=DEMO_TODAY)
    data = backup.backup_database(c)
    c.close()
    kept = backup.restore_database(data, target)
    assert kept is not None and kept.exists()
    assert backup.check_database(target) == db.schema_version(duckdb.connect(str(target), read_only=True))


def zip_bomb(unpacked_mb: int, *, claimed_mb: int | None = None) -> bytes:
    """A backup zip whose workbook.duckdb is `unpacked_mb` MB of zeros deflated to ~1 MB (headers may claim less)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    # A fully flushed block is self-contained: repeated, it is a valid stream of many MB of zeros.
    block = compressor.compress(bytes(MB)) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = block * unpacked_mb + b"\x03\x00"  # an empty final block ends it
    crc, zeros = 0, bytes(MB)
    for _ in range(unpacked_mb):
        crc = zlib.crc32(zeros, crc)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("workbook.duckdb", stream)
    out = bytearray(buffer.getvalue())
    size = (claimed_mb if claimed_mb is not None else unpacked_mb) * MB
    # Written as stored, then marked as deflated with the real CRC and the (claimed) unpacked size.
    for start, method_at, crc_at, size_at in ((out.index(b"PK\x03\x04"), 8, 14, 22),
                                              (out.index(b"PK\x01\x02"), 10, 16, 24)):
        struct.pack_into("<H", out, start + method_at, zipfile.ZIP_DEFLATED)
        struct.pack_into("<I", out, start + crc_at, crc)
        struct.pack_into("<I", out, start + size_at, size)
    return bytes(out)


@pytest.fixture
def unpacked_bytes(monkeypatch) -> list[int]:
    """How many bytes were read out of any zip member during the test."""
    counted = [0]
    original = zipfile.ZipExtFile.read

    def read(self, n=-1):
        data = original(self, n)
        counted[0] += len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", read)
    return counted


def test_a_restore_refuses_a_1_2_gb_zip_bomb_before_unpacking_it(target, unpacked_bytes):
    bomb = zip_bomb(1229)
    assert len(bomb) < 2 * MB
    before = target.read_bytes()
    with pytest.raises(Invalid, match="more than 1.0 GB"):
        backup.restore_database(bomb, target)
    assert unpacked_bytes[0] == 0
    assert_untouched(target, before)


def test_a_restore_stops_unpacking_at_the_limit_whatever_the_header_claims(tmp_path, monkeypatch, unpacked_bytes):
    monkeypatch.setattr(backup_format, "MAX_UNPACKED_BYTES", 8 * MB)
    out = tmp_path / "unpacked.duckdb"
    with pytest.raises(Invalid):
        database_backup._unpack_database(zip_bomb(40, claimed_mb=4), out)  # claims 4 MB, holds 40
    assert unpacked_bytes[0] <= 8 * MB + MB
    assert not out.exists()


# ---- item 10: a tampered workbook import ------------------------------------------------------------------

@pytest.fixture
def exported(con) -> bytes:
    return backup.export_workbook(con, demo.load(con, today=DEMO_TODAY), "parquet")


def tampered(export: bytes, table: str, column: str, value_sql: str, where: str = "true") -> bytes:
    """The export with `column` of `table` set to a value no form accepts (on the rows matching `where`)."""
    source, changed = io.BytesIO(export), io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(changed, "w", compression=zipfile.ZIP_DEFLATED) as zout:
        manifest = json.loads(zin.read("manifest.json"))
        file = manifest["tables"][table]["file"]
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == file:
                c = duckdb.connect()
                c.execute("CREATE TABLE t AS SELECT * FROM read_parquet(?)", [_spill(data)])
                c.execute(f"UPDATE t SET {column} = {value_sql} WHERE {where}")
                out = _spill(b"", suffix=".out.parquet")
                c.execute(f"COPY t TO '{out}' (FORMAT parquet)")
                data = Path(out).read_bytes()
                c.close()
            zout.writestr(item, data)
    return changed.getvalue()


_SPILLS: list[Path] = []


def _spill(data: bytes, suffix: str = ".parquet") -> str:
    import tempfile
    with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as handle:
        handle.write(data)
    _SPILLS.append(Path(handle.name))
    return handle.name


@pytest.fixture(autouse=True)
def _clean_spills():
    yield
    while _SPILLS:
        _SPILLS.pop().unlink(missing_ok=True)


@pytest.mark.parametrize("table, column, value_sql, says", [
    ("contacts", "stage", "'bogus'", "not a stage"),
    ("contacts", "source", "'hacked'", "not a way of knowing"),
    ("reviews", "usefulness", "99", "1 to 5"),
    ("contacts", "keep_in_touch_days", "-7", "30, 60 or 90"),
    ("meetings", "duration_minutes", "0", "between 5 and 180"),
    ("meetings", "format", "'teleport'", "where you meet"),
    ("meetings", "status", "'exploded'", "meeting status"),
    ("outreach", "channel", "'pigeon'", "how you reached out"),
    ("contacts", "email", "'not an email'", "email address"),
    ("contacts", "phone", "'<b>x</b>'", "phone number"),
    ("contacts", "linkedin_url", "'https://evil.example/x'", "LinkedIn address"),
    ("contacts", "full_name", "repeat('n', 500)", "limit is 200"),
    ("contacts", "connected_on", "DATE '0001-01-01'", "check the year"),
    ("organizations", "website", "'javascript:alert(1)'", "web address"),
    ("goals", "target_interviews", "-5", "between 1 and 100"),
    ("meetings", "scheduled_at", "TIMESTAMP '9999-01-01 10:00'", "check the year"),
])
def test_a_tampered_workbook_import_is_refused_and_imports_nothing(con, other, exported, table, column, value_sql,
                                                                    says):
    bad = tampered(exported, table, column, value_sql)
    before = table_rows(other)
    with pytest.raises(Invalid) as caught:
        backup.import_workbook(other, bad)
    assert says.lower() in str(caught.value).lower()
    assert "Nothing was imported" in str(caught.value)
    assert table_rows(other) == before


def test_the_untampered_export_imports(con, other, exported):
    assert backup.import_workbook(other, exported)


@pytest.fixture
def other(tmp_path):
    c = db.open(tmp_path / "other.duckdb")
    yield c
    c.close()
