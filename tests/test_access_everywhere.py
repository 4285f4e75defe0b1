"""Access is enforced in lib, not only on screen (issue 19): every public lib function that takes a workbook_id
checks the person acting through the handle it is given (lib/acting.py) before it does anything, so bob's handle
never reads or writes alice's workbook, whatever the function; and another workbook's row ids used inside bob's
own workbook find nothing."""
from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import lib
from lib import access, acting, contacts, db, demo, meetings, organizations, workbooks
from lib.errors import NoAccess, NotFound
from tests.conftest import DEMO_TODAY

ALICE, BOB = "alice@example.com", "bob@example.com"

# Public functions that take a workbook_id but no database handle: they compute a name, a link or a number and
# touch no data, so there is nothing to refuse.
NO_DATA = {
    "acting.refusal", "backup.unnamed_export_filename", "calendar_export.uid",
    "calendar_export.plan_link", "data_versions.bump", "data_versions.of_workbook", "data_versions.one_write_between",
    "metrics.funnel_params",
}
# The check itself: it takes the person it answers for as an argument.
THE_CHECK = {"access.check", "access.may_open", "acting.may_see", "acting.enforce"}


def public_functions_with_a_workbook() -> dict[str, object]:
    """module.function -> function, for every public function of lib/ whose signature has workbook_id."""
    found = {}
    for info in pkgutil.iter_modules(lib.__path__):
        module = importlib.import_module(f"lib.{info.name}")
        for name, fn in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != module.__name__:
                continue
            if "workbook_id" in inspect.signature(fn).parameters:
                found[f"{info.name}.{name}"] = fn
    return found


GUARDED = sorted(set(public_functions_with_a_workbook()) - NO_DATA - THE_CHECK)


@pytest.fixture
def books(con):
    """alice's workbook (the demo, full of names) and bob's own (empty)."""
    alice = demo.load(con, today=DEMO_TODAY)
    access.set_owner(con, alice, ALICE)
    bob = workbooks.create(con, "Bob's", owner=BOB)
    return {"alice": alice, "bob": bob}


def _call(fn, handle, workbook_id):
    """Call `fn` with `handle`, `workbook_id` and None for every other argument it needs: the refusal must come
    before any of them is looked at."""
    params = list(inspect.signature(fn).parameters.values())
    kwargs = {p.name: None for p in params[1:]
              if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}
    kwargs["workbook_id"] = workbook_id
    return fn(handle, **kwargs)


def test_there_are_many_functions_to_guard_and_the_lists_of_exceptions_are_real():
    every = public_functions_with_a_workbook()
    assert len(GUARDED) > 100
    assert NO_DATA | THE_CHECK <= set(every)
    for dotted in NO_DATA:  # no database handle among their parameters
        assert not {"con", "cur"} & set(inspect.signature(every[dotted]).parameters), dotted


@pytest.mark.parametrize("dotted", GUARDED)
def test_every_function_refuses_a_workbook_of_someone_else(con, books, dotted):
    fn = public_functions_with_a_workbook()[dotted]
    bob = acting.as_person(con, BOB)
    before = db.data_version(books["alice"])
    with pytest.raises(NoAccess) as refused:
        _call(fn, bob, books["alice"])
    assert str(refused.value) == access.refusal(books["alice"])
    assert db.data_version(books["alice"]) == before  # nothing was written


def test_the_refusal_is_the_same_for_a_missing_workbook_and_a_link_that_is_not_a_number(con, books):
    bob = acting.as_person(con, BOB)
    with pytest.raises(NoAccess) as missing:
        contacts.count(bob, 987654)
    with pytest.raises(NoAccess) as junk:
        contacts.count(bob, "**x** [y](http://evil)")
    assert str(missing.value) == access.refusal(987654)
    assert str(junk.value) == access.refusal()


def test_the_owner_reads_and_writes_their_own_workbook_through_their_handle(con, books):
    alice = acting.as_person(con, ALICE)
    wid = books["alice"]
    assert contacts.count(alice, wid) == contacts.count(con, wid) > 0
    some = contacts.search(alice, wid)[0].iloc[0]
    assert contacts.get(alice, wid, int(some["id"]))["full_name"] == some["full_name"]
    assert meetings.listing(alice, wid, upcoming=False) == meetings.listing(con, wid, upcoming=False)
    assert organizations.count(alice, wid) > 0
    assert access.coaches(alice, ALICE, wid) == []
    new = contacts.add(alice, wid, full_name="Zed Quill")
    assert contacts.get(alice, wid, new)["full_name"] == "Zed Quill"


def test_a_coach_reads_a_shared_workbook_until_the_grant_is_revoked(con, books):
    access.grant(con, ALICE, books["alice"], "coach@example.com")
    coach = acting.as_person(con, "coach@example.com")
    assert contacts.count(coach, books["alice"]) > 0
    access.revoke(con, ALICE, books["alice"], "coach@example.com")
    fresh = acting.as_person(con, "coach@example.com")  # the app's handle forgets its answers every run
    with pytest.raises(NoAccess):
        contacts.count(fresh, books["alice"])


def test_a_plain_connection_is_the_local_person_and_a_hosted_visitor_without_a_person_sees_nothing(con, books):
    assert contacts.count(con, books["alice"]) > 0  # tests, the bench, the command line: as before
    assert contacts.count(acting.as_person(con, None), books["alice"]) > 0
    with pytest.raises(NoAccess):
        contacts.count(acting.as_person(con, acting.NOBODY), books["bob"])


def test_a_cursor_of_a_handle_acts_as_the_same_person(con, books):
    cur = acting.as_person(con, BOB).cursor()
    try:
        with pytest.raises(NoAccess):
            contacts.count(cur, books["alice"])
        assert contacts.count(cur, books["bob"]) == 0
    finally:
        cur.close()


def test_ids_of_another_workbook_find_nothing_in_ones_own(con, books):
    """bob may open his own workbook; alice's contact, organization and meeting ids in it find nothing."""
    bob, mine, theirs = acting.as_person(con, BOB), books["bob"], books["alice"]
    contact = int(contacts.search(con, theirs)[0].iloc[0]["id"])
    org = int(organizations.search(con, theirs)[0].iloc[0]["id"])
    meeting = meetings.listing(con, theirs, upcoming=False)[0]["id"]
    for read, row_id in [(contacts.get, contact), (contacts.history, contact), (organizations.get, org),
                         (meetings.get, meeting)]:
        with pytest.raises(NotFound):
            read(bob, mine, row_id)
    assert meetings.latest_for(bob, mine, contact) is None
    assert organizations.people(bob, mine, org).empty
    with pytest.raises(NotFound):
        contacts.update(bob, mine, contact, full_name="Taken over")
    assert contacts.get(con, theirs, contact)["full_name"] != "Taken over"


def test_without_its_decorator_a_function_answers_for_anyone(con, books):
    """What the parametrized test catches: the same read, undecorated, gives bob alice's data."""
    bob = acting.as_person(con, BOB)
    assert _call(contacts.count.__wrapped__, bob, books["alice"]) > 0


def test_lists_of_workbooks_keep_to_the_acting_persons_own(con, books):
    from lib import cohort
    bob = acting.as_person(con, BOB)
    assert [w.id for w in workbooks.list_all(bob, include_archived=True)] == [books["bob"]]
    assert [w.id for w in access.visible_workbooks(bob, BOB)] == [books["bob"]]
    page = cohort.workbook_page(bob)
    assert [w.id for w in page.items] == [books["bob"]] and page.total == page.active == 1
    theirs = workbooks.get(con, books["alice"]).name
    assert cohort.workbook_page(bob, search=theirs).matching == 0  # counts are of his workbooks only
    assert {w.id for w in workbooks.list_all(con)} == set(books.values())  # the local person: every one
    assert len(cohort.workbook_page(con).items) == 2
    assert cohort.overview(bob)["id"].tolist() == [books["bob"]]  # the overview too keeps to his
    assert len(cohort.overview(con)) == 2


def memo_per_run_script() -> None:
    import streamlit as st

    from views import session

    handle = session.db()
    memo = handle.access_memo
    assert memo is handle.access_memo  # one memory through the run
    memo[("someone", 1)] = True
    st.session_state.setdefault("memos", []).append(memo)
    st.write(str(handle.acting_person))


def test_the_apps_handle_forgets_its_answers_every_run(db_path):
    """The app's handle remembers "may open" answers for one script run only, so a revoked coach is refused
    from the next run on; in local mode it acts as the local person."""
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_function(memo_per_run_script, default_timeout=60)
    at.run()
    at.run()
    assert not at.exception
    first, second = at.session_state["memos"]
    assert first is not second and first == {("someone", 1): True}
    assert at.markdown[0].value == "None"


# Person-level functions of lib/workshops.py (issue 19): no workbook_id, so the sweep above does not find them; each
# takes the person it acts for and refuses a handle that acts for someone else.
WORKSHOP_FUNCTIONS = ("create", "mine", "close", "invitation", "join")
WORKSHOP_PURE = ("participant_workbook_name",)  # words only: no database handle, nothing to refuse


def test_workshop_functions_refuse_a_handle_acting_for_someone_else(con, books):
    from lib import workshops
    public = {n for n, f in vars(workshops).items()
              if inspect.isfunction(f) and not n.startswith("_") and f.__module__ == workshops.__name__}
    assert public == {*WORKSHOP_FUNCTIONS, *WORKSHOP_PURE}  # a new public function is added here, and checked
    shop = workshops.create(con, ALICE, "Alice's workshop")
    bob = acting.as_person(con, BOB)
    calls = {"create": lambda: workshops.create(bob, ALICE, "Taken over"), "mine": lambda: workshops.mine(bob, ALICE),
             "close": lambda: workshops.close(bob, ALICE, shop.id),
             "invitation": lambda: workshops.invitation(bob, ALICE, shop.token),
             "join": lambda: workshops.join(bob, "carol@example.com", shop.token, "Carol's")}
    for name in WORKSHOP_FUNCTIONS:
        with pytest.raises(NoAccess):
            calls[name]()
    assert [w.name for w in workshops.mine(con, ALICE)] == ["Alice's workshop"] and not workshops.mine(con, ALICE)[0].closed
    assert workshops.mine(bob, BOB) == []  # his own handle: his own (no) workshops, never alice's
    joined = workshops.join(bob, BOB, shop.token, "Bob's workshop book")
    assert [w.id for w in access.visible_workbooks(con, ALICE)] == [books["alice"], joined]  # never bob's own
def test_the_coach_access_log_is_guarded_like_every_other_function():
    """access.record_open and access.openings (the coach access log) are among the functions checked above."""
    assert {"access.record_open", "access.openings"} <= set(GUARDED)
    assert access.record_open.access_checked and access.openings.access_checked


def test_a_revoked_coach_cannot_note_an_opening_from_their_next_run(con, books):
    access.grant(con, ALICE, books["alice"], "coach@example.com")
    coach = acting.as_person(con, "coach@example.com")
    assert access.record_open(coach, "coach@example.com", books["alice"])
    access.revoke(con, ALICE, books["alice"], "coach@example.com")
    with pytest.raises(NoAccess):
        access.record_open(acting.as_person(con, "coach@example.com"), "coach@example.com", books["alice"])
# Functions over a person's whole account (lib/account.py): they take the person, not a workbook_id, so the scan
# above does not find them. Each refuses a handle acting as someone else, before it reads or deletes anything.
ACCOUNT_FUNCTIONS = ("account_data", "export_all", "what_goes", "delete_account")


@pytest.mark.parametrize("name", ACCOUNT_FUNCTIONS)
def test_account_functions_refuse_someone_elses_account(con, books, name):
    from lib import account
    fn = getattr(account, name)
    args = (ALICE,) if name != "delete_account" else (ALICE, ALICE)
    for handle in (acting.as_person(con, BOB), acting.as_person(con, acting.NOBODY)):
        with pytest.raises(NoAccess):
            fn(handle, *args)
    assert workbooks.get(con, books["alice"]).name  # nothing deleted
    assert fn(acting.as_person(con, ALICE), *args)  # her own handle: answered


def test_every_public_function_of_the_account_module_is_in_the_list():
    from lib import account
    public = {n for n, f in vars(account).items() if inspect.isfunction(f) and not n.startswith("_")
              and f.__module__ == account.__name__ and {"con"} <= set(inspect.signature(f).parameters)}
    assert public == set(ACCOUNT_FUNCTIONS)
