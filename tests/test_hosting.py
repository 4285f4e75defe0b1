"""lib/hosting.py and the Workbooks page's lib in hosted mode: each person manages their own workbooks, a coach's
cohort keeps to the clients who share a workbook with them, and only an administrator backs up the whole database
or loads the demo. The local person (a plain connection) may do all of it, as before."""
import pytest

from lib import access, acting, backup, cohort, demo, hosting, workbooks
from lib.errors import Invalid, NoAccess
from tests.conftest import DEMO_TODAY

ALICE, BOB, ADMIN = "alice@example.com", "bob@example.com", "admin@example.com"
ADMINS = (" Admin@Example.com ",)


@pytest.fixture
def books(con):
    """alice's workbook shared with bob as her coach, bob's own, and a local one (nobody's in hosted mode)."""
    alice = workbooks.create(con, "Alice's", owner=ALICE)
    bob = workbooks.create(con, "Bob's", owner=BOB)
    local = workbooks.create(con, "Local")
    access.grant(con, ALICE, alice, BOB)
    return {"alice": alice, "bob": bob, "local": local}


def as_(con, person):
    return acting.as_person(con, person)


def test_a_new_workbook_belongs_to_the_person_who_makes_it_and_names_clash_per_owner(con, books):
    mine = workbooks.create(as_(con, ALICE), "Client A")
    theirs = workbooks.create(as_(con, BOB), "client a ")  # the same name is free among bob's
    assert access.owner(con, mine) == ALICE and access.owner(con, theirs) == BOB
    with pytest.raises(Invalid, match="already exists"):
        workbooks.create(as_(con, ALICE), "CLIENT A")
    assert access.owner(con, workbooks.create(con, "Client A")) is None  # the local person's, as before


def test_a_hosted_visitor_who_is_nobody_makes_no_workbook(con, books):
    with pytest.raises(NoAccess):
        workbooks.create(as_(con, acting.NOBODY), "Sneaky")
    assert "Sneaky" not in [w.name for w in workbooks.list_all(con)]


def test_the_list_to_manage_keeps_to_the_persons_own_workbooks(con, books):
    bob = as_(con, BOB)
    assert [w.id for w in cohort.workbook_page(bob, own_only=True).items] == [books["bob"]]
    assert {w.id for w in cohort.workbook_page(bob).items} == {books["bob"], books["alice"]}  # what he may open
    assert len(cohort.workbook_page(con, own_only=True).items) == 3  # the local person: every workbook


def test_only_the_owner_renames_or_archives_a_workbook_a_coach_may_open(con, books):
    bob, alice = as_(con, BOB), as_(con, ALICE)
    with pytest.raises(NoAccess, match="Only the workbook's owner"):
        workbooks.rename(bob, books["alice"], "Taken over")
    with pytest.raises(NoAccess, match="Only the workbook's owner"):
        workbooks.set_archived(bob, books["alice"], True)
    assert workbooks.get(con, books["alice"]).name == "Alice's" and not workbooks.get(con, books["alice"]).archived
    workbooks.rename(alice, books["alice"], "Alice's plan")
    workbooks.set_archived(alice, books["alice"], True)
    assert workbooks.get(con, books["alice"]).name == "Alice's plan" and workbooks.get(con, books["alice"]).archived
    assert hosting.owns(alice, books["alice"]) and not hosting.owns(bob, books["alice"])
    assert hosting.owns(con, books["alice"])  # the local person


def test_a_coachs_cohort_is_the_workbooks_shared_with_them_and_no_other(con, books):
    bob = as_(con, BOB)
    assert set(cohort.overview(bob, today=DEMO_TODAY)["id"]) == {books["bob"], books["alice"]}
    assert cohort.overview(bob, today=DEMO_TODAY, clients_only=True)["id"].tolist() == [books["alice"]]
    assert cohort.overview(as_(con, ALICE), today=DEMO_TODAY, clients_only=True).empty  # nobody shares with alice
    access.revoke(con, ALICE, books["alice"], BOB)
    assert cohort.overview(as_(con, BOB), today=DEMO_TODAY, clients_only=True).empty
    assert set(cohort.overview(con, today=DEMO_TODAY, clients_only=True)["id"]) == set(books.values())  # local


def test_one_workbooks_row_of_the_overview_is_refused_for_someone_else(con, books):
    with pytest.raises(NoAccess):
        cohort.overview(as_(con, ALICE), today=DEMO_TODAY, workbook_id=books["bob"])
    assert cohort.overview(as_(con, BOB), today=DEMO_TODAY, workbook_id=books["alice"])["id"].tolist() == [
        books["alice"]]


def test_the_database_backup_is_for_administrators_only(con, books, engine):
    for person in (ALICE, BOB, acting.NOBODY):
        with pytest.raises(NoAccess, match="Only an administrator"):
            backup.backup_database(as_(con, person), admins=ADMINS)
    with pytest.raises(NoAccess):
        backup.backup_database(as_(con, ADMIN))  # named in no list: no administrator
    if engine == "postgresql":  # even an administrator is sent to pg_dump there
        with pytest.raises(Invalid, match="pg_dump"):
            backup.backup_database(as_(con, ADMIN), admins=ADMINS)
        return
    assert backup.backup_database(as_(con, ADMIN), admins=ADMINS)[:2] == b"PK"
    assert backup.backup_database(con)[:2] == b"PK"  # the local person, as before


def test_the_demo_is_for_an_administrator_and_theirs(con, books):
    with pytest.raises(NoAccess, match="Only an administrator"):
        demo.load(as_(con, ALICE), today=DEMO_TODAY, admins=ADMINS)
    assert not any(w.is_demo for w in workbooks.list_all(con, include_archived=True))
    admin = as_(con, ADMIN)
    mine = demo.load(admin, today=DEMO_TODAY, admins=ADMINS)
    assert access.owner(con, mine) == ADMIN and workbooks.get(con, mine).is_demo
    assert demo.load(admin, today=DEMO_TODAY, admins=ADMINS) == mine  # loading again resets the same one
    local = demo.load(con, today=DEMO_TODAY)
    assert local == mine  # the local person resets the one demo, as before hosted mode


def test_a_coach_may_not_export_a_clients_whole_workbook_but_its_owner_may(con, books):
    with pytest.raises(NoAccess, match="progress report"):
        backup.export_workbook(as_(con, BOB), books["alice"], "csv")
    assert backup.export_workbook(as_(con, ALICE), books["alice"], "csv")[:2] == b"PK"


def test_an_import_is_a_new_workbook_of_the_importer_named_among_their_own(con, books):
    data = backup.export_workbook(con, books["alice"], "csv")
    new = backup.import_workbook(as_(con, BOB), data)
    assert access.owner(con, new) == BOB and workbooks.get(con, new).name == "Alice's"  # free among bob's
    again = backup.import_workbook(as_(con, BOB), data)
    assert workbooks.get(con, again).name == "Alice's (imported)"
    with pytest.raises(NoAccess):
        backup.import_workbook(as_(con, acting.NOBODY), data)


def test_admin_lists_are_email_addresses_in_any_case_and_spacing():
    assert hosting.admin_list(" A@x.org , b@X.org,,") == {"a@x.org", "b@x.org"}
    assert hosting.admin_list(["A@x.org"]) == {"a@x.org"} and hosting.admin_list(None) == frozenset()
