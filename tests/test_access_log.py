"""The coach access log (issue 19, migration 012): when someone who is not the owner (a coach the workbook is
shared with) opens it, the owner sees who and when; noted at most once an hour per person and workbook, and
never moving the workbook's data version (so it invalidates no cached page)."""
from datetime import datetime, timedelta

import pytest

from lib import access, acting, backup, db, demo, workbooks
from lib.errors import NoAccess

ALICE, BOB, COACH = "alice@example.com", "bob@example.com", "coach@example.com"
T0 = datetime(2026, 12, 2, 9, 0)


@pytest.fixture
def shared(con):
    """alice's workbook, shared with the coach."""
    wid = workbooks.create(con, "Alice's", owner=ALICE)
    access.grant(con, ALICE, wid, COACH)
    return wid


def test_a_coach_opening_the_workbook_is_logged_for_the_owner(con, shared):
    coach = acting.as_person(con, COACH)
    assert access.record_open(coach, " Coach@Example.com ", shared, now=T0)
    assert access.openings(con, ALICE, shared) == [(COACH, T0)]


def test_the_owner_and_the_local_person_are_never_logged(con, shared):
    assert not access.record_open(acting.as_person(con, ALICE), ALICE, shared, now=T0)
    assert not access.record_open(con, access.LOCAL, shared, now=T0)
    assert access.openings(con, ALICE, shared) == []


def test_a_coach_is_noted_at_most_once_an_hour(con, shared):
    coach = acting.as_person(con, COACH)
    assert access.record_open(coach, COACH, shared, now=T0)
    assert not access.record_open(coach, COACH, shared, now=T0 + timedelta(minutes=59))  # a reload, a new tab
    assert access.record_open(coach, COACH, shared, now=T0 + timedelta(minutes=61))
    assert access.openings(con, ALICE, shared) == [(COACH, T0 + timedelta(minutes=61)), (COACH, T0)]


def test_noting_an_opening_does_not_move_the_workbooks_data_version(con, shared):
    """Cached pages of the workbook (views/kit.py cached, keyed by the data version) stay valid."""
    before = db.data_version(shared)
    assert access.record_open(acting.as_person(con, COACH), COACH, shared, now=T0)
    assert db.data_version(shared) == before


def test_someone_the_workbook_is_not_shared_with_is_refused_and_nothing_is_noted(con, shared):
    with pytest.raises(NoAccess):
        access.record_open(acting.as_person(con, BOB), BOB, shared, now=T0)
    with pytest.raises(NoAccess):  # a plain handle cannot note an opening for someone who may not open it
        access.record_open(con, BOB, shared, now=T0)
    assert access.openings(con, ALICE, shared) == []


def test_a_revoked_coach_is_no_longer_noted_but_their_past_visits_stay_in_the_log(con, shared):
    access.record_open(acting.as_person(con, COACH), COACH, shared, now=T0)
    access.revoke(con, ALICE, shared, COACH)
    with pytest.raises(NoAccess):
        access.record_open(acting.as_person(con, COACH), COACH, shared, now=T0 + timedelta(hours=2))
    assert access.openings(con, ALICE, shared) == [(COACH, T0)]


def test_only_the_owner_reads_the_log(con, shared):
    access.record_open(acting.as_person(con, COACH), COACH, shared, now=T0)
    for person in (COACH, BOB, access.LOCAL):
        with pytest.raises(NoAccess):
            access.openings(con, person, shared)
    with pytest.raises(NoAccess):  # bob's handle is refused before the owner check
        access.openings(acting.as_person(con, BOB), ALICE, shared)


def test_the_log_keeps_to_its_workbook_and_shows_the_latest_first(con, shared):
    other = workbooks.create(con, "Alice's second", owner=ALICE)
    access.grant(con, ALICE, other, BOB)
    coach, bob = acting.as_person(con, COACH), acting.as_person(con, BOB)
    for hour in range(3):
        access.record_open(coach, COACH, shared, now=T0 + timedelta(hours=hour))
    access.record_open(bob, BOB, other, now=T0)
    assert [at for _, at in access.openings(con, ALICE, shared, limit=2)] == [T0 + timedelta(hours=2),
                                                                             T0 + timedelta(hours=1)]
    assert access.openings(con, ALICE, other) == [(BOB, T0)]


def test_the_log_is_not_workbook_content(con, shared):
    """An export or backup never carries who opened a workbook, and a demo reload keeps the log."""
    access.record_open(acting.as_person(con, COACH), COACH, shared, now=T0)
    assert "access_log" not in [t.name for t in backup.workbook_tables(con)]
    assert "access_log" not in workbooks.workbook_tables(con)
    demo.load(con)
    assert access.openings(con, ALICE, shared) == [(COACH, T0)]
