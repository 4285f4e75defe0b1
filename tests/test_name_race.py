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
