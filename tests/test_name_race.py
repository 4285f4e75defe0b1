"""Two tabs of one person creating the same name at the same instant (issue 19's leftover race): both read the name
as free, then both would write it. lib/db.py lock_names makes the later one conflict, and its retry finds the name
taken. Without the lock both transactions commit (DuckDB's snapshot isolation) and these tests fail."""
from __future__ import annotations

import threading

import pytest

from lib import db, workbooks, workshops
from lib.errors import Invalid


@pytest.fixture
def root(tmp_path):
    con = db.open(tmp_path / "race.duckdb")  # one root connection, a cursor per tab, as the app
    yield con
    con.close()


def _after_the_check_wait_for_the_other_tab(monkeypatch, module, name: str, is_check=lambda *a: True) -> None:
    """Each tab, once its name check has read "free", waits for the other tab to have read too (or for a second,
    when the lock holds the other one back), so both write after both read."""
    barrier = threading.Barrier(2)
    original = getattr(module, name)

    def check_then_wait(*args, **kwargs):
        found = original(*args, **kwargs)
        if is_check(*args):
            try:
                barrier.wait(timeout=1)
            except threading.BrokenBarrierError:
                pass
        return found

    monkeypatch.setattr(module, name, check_then_wait)


def _two_tabs(root, make) -> list:
    outcomes: list = []

    def tab():
        cur = root.cursor()
        try:
            outcomes.append(make(cur))
        except Invalid as refused:
            outcomes.append(refused)
        finally:
            cur.close()

    threads = [threading.Thread(target=tab) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def test_two_tabs_creating_the_same_workbook_name_make_one(monkeypatch, root):
    _after_the_check_wait_for_the_other_tab(monkeypatch, workbooks, "_check_name_free")
    outcomes = _two_tabs(root, lambda cur: workbooks.create(cur, "Spring search", owner="alice@example.com"))
    assert sorted(type(o).__name__ for o in outcomes) == ["Invalid", "int"], outcomes
    assert "already" in str(next(o for o in outcomes if isinstance(o, Invalid)))
    assert root.execute("SELECT name FROM workbooks WHERE owner = 'alice@example.com'").fetchall() == [
        ("Spring search",)]


def test_two_tabs_making_the_same_workshop_make_one(monkeypatch, root):
    _after_the_check_wait_for_the_other_tab(monkeypatch, workshops.db, "scalar",
                                            lambda cur, sql, *rest: "FROM workshops WHERE facilitator" in sql)
    outcomes = _two_tabs(root, lambda cur: workshops.create(cur, "coach@example.com", "Tuesday cohort"))
    assert sorted(type(o).__name__ for o in outcomes) == ["Invalid", "Workshop"], outcomes
    assert root.execute("SELECT count(*) FROM workshops WHERE name = 'Tuesday cohort'").fetchone()[0] == 1


class _CursorThatMeetsAFirstLock:
    """A cursor whose name-lock insert meets the duplicate key of a first lock another transaction took meanwhile."""
    def execute(self, sql, params=None):
        import duckdb
        raise duckdb.ConstraintException('Duplicate key "owner: , name: x" violates primary key constraint')


def test_a_name_lock_taken_meanwhile_is_a_conflict_to_retry_not_an_error():
    """A double click's overlapping runs: the later one's lock met a duplicate key, which reached the page as
    "Something went wrong" (a hostile tester); as a conflict, db.writes retries it and finds the first one's row."""
    import duckdb
    with pytest.raises(duckdb.TransactionException):
        db.lock_names(_CursorThatMeetsAFirstLock(), None, "x")


def test_a_double_clicks_two_overlapping_creates_with_one_token_make_one_workbook(root, monkeypatch):
    _after_the_check_wait_for_the_other_tab(monkeypatch, workbooks, "_check_name_free")
    outcomes = _two_tabs(root, lambda cur: workbooks.create(cur, "Dbl", token="one-form"))
    assert len(set(outcomes)) == 1 and all(isinstance(o, int) for o in outcomes), outcomes
    assert [w.name for w in workbooks.list_all(root)].count("Dbl") == 1
