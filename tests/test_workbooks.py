"""lib/workbooks.py: one workbook per person being coached."""
import pytest

from lib import workbooks
from lib.errors import Invalid, NotFound


def test_creating_a_workbook_returns_it_active(con):
    wid = workbooks.create(con, "  Amara Okafor ")
    wb = workbooks.get(con, wid)
    assert wb.name == "Amara Okafor" and not wb.archived


@pytest.mark.parametrize("name", ["", "   ", None, "x" * 81, "a\x00b"])
def test_a_bad_name_is_refused_and_nothing_is_created(con, name):
    with pytest.raises(Invalid):
        workbooks.create(con, name)
    assert workbooks.list_all(con, include_archived=True) == []


def test_names_are_unique_ignoring_case_and_spacing(con):
    workbooks.create(con, "Amara")
    with pytest.raises(Invalid, match="already exists"):
        workbooks.create(con, " amara ")


def test_rename_keeps_the_id_and_refuses_a_taken_name(con):
    a = workbooks.create(con, "A")
    workbooks.create(con, "B")
    workbooks.rename(con, a, "Client A")
    assert workbooks.get(con, a).name == "Client A"
    with pytest.raises(Invalid):
        workbooks.rename(con, a, "b")
    assert workbooks.get(con, a).name == "Client A"


def test_archived_workbooks_leave_the_picker_but_can_be_restored(con):
    a = workbooks.create(con, "A")
    b = workbooks.create(con, "B")
    workbooks.set_archived(con, a, True)
    assert [w.id for w in workbooks.list_all(con)] == [b]
    assert {w.id for w in workbooks.list_all(con, include_archived=True)} == {a, b}
    workbooks.set_archived(con, a, False)
    assert [w.id for w in workbooks.list_all(con)] == [a, b]


def test_a_new_user_gets_a_first_workbook_made_for_them(con):
    first = workbooks.ensure_one(con)
    assert workbooks.ensure_one(con).id == first.id
    assert len(workbooks.list_all(con)) == 1


def test_an_unknown_workbook_is_reported_plainly(con):
    with pytest.raises(NotFound):
        workbooks.get(con, 999)


def test_every_table_with_a_workbook_id_is_known_including_later_migrations(con):
    tables = workbooks.workbook_tables(con)
    assert {"contacts", "goals", "reviews", "goal_history"} <= set(tables)
    assert "workbooks" not in tables and "meeting_questions" not in tables


def test_deleting_a_workbooks_rows_leaves_nothing_of_it_and_spares_the_others(con, demo_id):
    from lib import db

    other = workbooks.create(con, "Other client")
    con.execute("INSERT INTO contacts (workbook_id, full_name) VALUES (?, 'Stays')", [other])
    with db.transaction(con) as cur:
        workbooks.delete_rows(cur, demo_id)
    for table in workbooks.workbook_tables(con):
        assert db.scalar(con, f'SELECT count(*) FROM "{table}" WHERE workbook_id = ?', [demo_id]) == 0, table
    assert db.scalar(con, "SELECT count(*) FROM meeting_questions") == 0
    assert db.scalar(con, "SELECT count(*) FROM contacts WHERE workbook_id = ?", [other]) == 1
