"""lib/db.py: migrations, transactions, conflicts, and the locked-file message."""
import subprocess
import sys
import textwrap

import duckdb
import pytest

from lib import db
from tests.conftest import run_at_once

CONTRACT = {
    "schema_migrations": {"version", "applied_at"},
    "workbooks": {"id", "name", "created_at", "archived"},
    "goals": {"workbook_id", "purpose", "intentions", "target_roles", "target_industries", "location",
              "target_interviews", "target_date", "updated_at"},
    "organizations": {"id", "workbook_id", "name", "industry", "location", "website", "notes", "created_at"},
    "contacts": {"id", "workbook_id", "full_name", "organization_id", "title", "email", "phone", "linkedin_url",
                 "source", "referred_by_contact_id", "stage", "notes", "connected_on", "created_at"},
    "outreach": {"id", "workbook_id", "contact_id", "channel", "message", "attempted_at", "outcome", "follow_up_on"},
    "meetings": {"id", "workbook_id", "contact_id", "scheduled_at", "duration_minutes", "format", "location", "status"},
    "questions": {"id", "workbook_id", "category", "tiara", "text", "minutes"},
    "meeting_questions": {"meeting_id", "question_id", "position", "notes"},
    "reviews": {"meeting_id", "workbook_id", "insights", "not_online", "advice", "next_steps", "usefulness",
                "thank_you_sent_on", "keep_in_touch_days", "created_at"},
}


def columns(con, table):
    return {r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}


def test_a_new_database_has_every_table_and_column_of_the_storage_contract(con):
    for table, needed in CONTRACT.items():
        assert needed <= columns(con, table), table


def test_every_migration_is_recorded_once_and_reopening_applies_nothing(tmp_path):
    path = tmp_path / "w.duckdb"
    first = db.open(path)
    version = db.schema_version(first)
    first.close()
    again = db.open(path)
    assert db.schema_version(again) == version == db.migration_files()[-1][0]
    assert again.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(db.migration_files())
    again.close()


def test_the_shipped_question_bank_is_loaded_once(tmp_path):
    path = tmp_path / "w.duckdb"
    db.open(path).close()
    con = db.open(path)
    keys = [r[0] for r in con.execute("SELECT bank_key FROM questions WHERE workbook_id IS NULL").fetchall()]
    assert keys and len(keys) == len(set(keys))


def test_a_failing_transaction_leaves_nothing_behind(con):
    with pytest.raises(RuntimeError):
        with db.transaction(con) as cur:
            cur.execute("INSERT INTO workbooks (name) VALUES ('half done')")
            raise RuntimeError("boom")
    assert con.execute("SELECT count(*) FROM workbooks").fetchone()[0] == 0
    con.execute("SELECT 1").fetchall()  # the connection is usable afterwards


def test_a_conflicting_write_is_retried_until_it_succeeds(con):
    calls = []

    @db.retry_on_conflict
    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise duckdb.TransactionException("Conflict on update")
        return "done"

    assert flaky() == "done" and len(calls) == 3


def test_concurrent_cursors_updating_one_row_all_land(con):
    wid = con.execute("INSERT INTO workbooks (name) VALUES ('shared') RETURNING id").fetchone()[0]
    con.execute("INSERT INTO goals (workbook_id, target_interviews) VALUES (?, 0)", [wid])

    @db.retry_on_conflict(attempts=50)
    def bump(cur):
        with db.transaction(cur):
            cur.execute("UPDATE goals SET target_interviews = target_interviews + 1 WHERE workbook_id = ?", [wid])

    def worker():
        cur = con.cursor()
        for _ in range(10):
            bump(cur)
        cur.close()

    run_at_once(worker, 4)
    assert con.execute("SELECT target_interviews FROM goals").fetchone()[0] == 40


def test_a_second_process_gets_a_clear_message_not_a_traceback(tmp_path):
    path = tmp_path / "locked.duckdb"
    holder = db.open(path)  # this process holds the write lock
    script = textwrap.dedent(f"""
        from lib import db
        try:
            db.open({str(path)!r})
        except db.DatabaseLocked as e:
            print("LOCKED:", e)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=db.ROOT, timeout=60)
    holder.close()
    assert "LOCKED:" in out.stdout, out.stderr
    assert "already open in another program" in out.stdout
    assert "WORKBOOK_DB" in out.stdout


def test_the_path_comes_from_workbook_db_when_set(monkeypatch, tmp_path):
    monkeypatch.setenv("WORKBOOK_DB", str(tmp_path / "x.duckdb"))
    assert db.path_from_env() == tmp_path / "x.duckdb"
    monkeypatch.delenv("WORKBOOK_DB")
    assert db.path_from_env() == db.DEFAULT_PATH


def test_insert_row_and_update_row_write_one_row_of_one_workbook(con):
    wid = con.execute("INSERT INTO workbooks (name) VALUES ('A') RETURNING id").fetchone()[0]
    other = con.execute("INSERT INTO workbooks (name) VALUES ('B') RETURNING id").fetchone()[0]
    with db.transaction(con) as cur:
        org = db.insert_row(cur, "organizations", wid, {"name": "Northbank", "industry": "Energy"})
    with db.transaction(con) as cur:
        db.update_row(cur, "organizations", other, org, {"name": "Not mine"})  # another workbook's id: no change
        db.update_row(cur, "organizations", wid, org, {"industry": "Water"})
        db.update_row(cur, "organizations", wid, org, {})
    assert con.execute("SELECT name, industry FROM organizations").fetchall() == [("Northbank", "Water")]


def test_a_write_moves_the_data_version_of_its_workbook_only(con):  # con: the versions of its engine
    a, b = 10**9 + 1, 10**9 + 2  # ids no other test writes to
    calls = []

    @db.writes
    def touch(con, workbook_id, *, fail=False, conflicts=0):
        calls.append(workbook_id)
        if len(calls) <= conflicts:
            raise duckdb.TransactionException("Conflict on update")
        if fail:
            raise ValueError("refused")
        return workbook_id

    @db.writes
    def touch_every(con):
        return "all"

    start_a, start_b = db.data_version(a), db.data_version(b)
    assert touch(con, a) == a
    after_a = db.data_version(a)
    assert after_a != start_a and db.data_version(b) == start_b  # per workbook
    touch(con, workbook_id=b)  # passed by keyword, too
    assert db.data_version(b) != start_b and db.data_version(a) == after_a

    with pytest.raises(ValueError):
        touch(con, a, fail=True)
    assert db.data_version(a) == after_a  # a failed write moves nothing

    calls.clear()
    touch(con, a, conflicts=2)  # retried on conflict (retry_on_conflict), then moved on once
    assert len(calls) == 3 and db.data_version(a) != after_a

    seen_a, seen_b = db.data_version(a), db.data_version(b)
    assert touch_every(None) == "all"  # no workbook_id: every workbook's data version moves on
    assert db.data_version(a) != seen_a and db.data_version(b) != seen_b
    assert db.data_version(a)[0] == seen_a[0] and db.data_version(a)[1] == db.data_version(b)[1]


def test_a_write_to_an_archived_workbook_is_refused_and_changes_nothing(con):
    """A page left open while its workbook was archived elsewhere: its next save is refused with the reason."""
    from lib import contacts, workbooks
    from lib.errors import Invalid
    kept, archived = workbooks.create(con, "Kept"), workbooks.create(con, "Put away")
    workbooks.set_archived(con, archived, True)
    before = db.data_version(archived)
    with pytest.raises(Invalid, match="archived"):
        contacts.add(con, archived, full_name="Added after the archive")
    assert db.scalar(con, "SELECT count(*) FROM contacts WHERE workbook_id = ?", [archived]) == 0
    assert db.data_version(archived) == before
    contacts.add(con, kept, full_name="Still welcome")  # another workbook is not affected
    workbooks.rename(con, archived, "Put away for good")  # the workbook itself may still be renamed and restored
    workbooks.set_archived(con, archived, False)
    contacts.add(con, archived, full_name="Back at work")
    assert db.scalar(con, "SELECT count(*) FROM contacts WHERE workbook_id = ?", [archived]) == 1


def test_bump_version_never_gives_a_version_back(con):
    wb = 10**9 + 3
    seen = {db.data_version(wb)}
    for target in (wb, None, wb, None):
        db.bump_version(target)
        assert db.data_version(wb) not in seen
        seen.add(db.data_version(wb))
    assert db.data_version(str(wb)) == db.data_version(wb)  # ids from URLs or widgets are the same workbook
