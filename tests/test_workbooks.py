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
