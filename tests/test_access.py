"""lib/access.py: in hosted mode each person opens only their own workbooks and those shared with them as a
coach; the local app's single person (no sign-in) opens every workbook, as before."""
import pytest

from lib import access, backup, demo, workbooks
from lib.errors import Invalid, NoAccess

ALICE, BOB, COACH = "alice@example.com", "bob@example.com", "coach@example.com"


@pytest.fixture
def books(con):
    """A local workbook (no owner), two of alice's (one archived) and one of bob's."""
    local = workbooks.create(con, "Local")
    alice = workbooks.create(con, "Alice's", owner=ALICE)
    archived = workbooks.create(con, "Alice's old", owner=" Alice@Example.com ")
    workbooks.set_archived(con, archived, True)
    bob = workbooks.create(con, "Bob's", owner=BOB)
    return {"local": local, "alice": alice, "archived": archived, "bob": bob}


def _names(found):
    return [w.name for w in found]


def test_the_local_person_sees_every_workbook_as_before(con, books):
    assert _names(access.visible_workbooks(con, access.LOCAL)) == _names(workbooks.list_all(con))
    assert _names(access.visible_workbooks(con, "  ")) == ["Local", "Alice's", "Bob's"]
    for wid in books.values():
        assert access.check(con, access.LOCAL, wid).id == wid


def test_a_signed_in_person_sees_only_their_own_workbooks(con, books):
    assert _names(access.visible_workbooks(con, ALICE)) == ["Alice's"]
    assert _names(access.visible_workbooks(con, "ALICE@example.com ", include_archived=True)) == [
        "Alice's", "Alice's old"]
    assert _names(access.visible_workbooks(con, BOB)) == ["Bob's"]
    assert access.visible_workbooks(con, "carol@example.com") == []


@pytest.mark.parametrize("other", ["bob", "local"])
def test_someone_elses_workbook_and_a_missing_one_get_the_same_refusal(con, books, other):
    with pytest.raises(NoAccess) as theirs:
        access.check(con, ALICE, books[other])
    with pytest.raises(NoAccess) as missing:
        access.check(con, ALICE, 99999)
    assert str(theirs.value) == access.refusal(books[other])
    assert str(missing.value) == access.refusal(99999)
    assert str(theirs.value).replace(str(books[other]), "N") == str(missing.value).replace("99999", "N")
    assert not access.may_open(con, ALICE, books[other])


@pytest.mark.parametrize("junk", ["abc", None, "**bold** [x](http://evil)", "1; DROP TABLE workbooks"])
def test_a_link_that_is_not_a_number_is_refused_without_repeating_it(con, books, junk):
    with pytest.raises(NoAccess) as refused:
        access.check(con, ALICE, junk)
    assert str(refused.value) == access.refusal()
    assert "evil" not in str(refused.value) and "DROP" not in str(refused.value)


def test_an_owner_opens_their_archived_workbook(con, books):
    assert access.check(con, ALICE, books["archived"]).archived
    assert access.check(con, ALICE, str(books["alice"])).name == "Alice's"


def test_a_coach_sees_exactly_the_shared_workbook_until_it_is_revoked(con, books):
    access.grant(con, ALICE, books["alice"], " Coach@Example.com ")
    assert _names(access.visible_workbooks(con, COACH)) == ["Alice's"]
    assert access.check(con, COACH, books["alice"]).id == books["alice"]
    with pytest.raises(NoAccess):
        access.check(con, COACH, books["archived"])  # only the one shared
    assert [c for c, _ in access.coaches(con, ALICE, books["alice"])] == [COACH]

    access.revoke(con, ALICE, books["alice"], COACH)
    assert access.visible_workbooks(con, COACH) == []
    with pytest.raises(NoAccess):
        access.check(con, COACH, books["alice"])
    assert access.coaches(con, ALICE, books["alice"]) == []

    access.grant(con, ALICE, books["alice"], COACH)  # given back
    assert _names(access.visible_workbooks(con, COACH)) == ["Alice's"]


def test_only_the_owner_grants_revokes_or_lists_coaches(con, books):
    for person in (BOB, COACH, access.LOCAL):
        with pytest.raises(NoAccess):
            access.grant(con, person, books["alice"], "mallory@example.com")
    access.grant(con, ALICE, books["alice"], COACH)
    with pytest.raises(NoAccess):
        access.revoke(con, COACH, books["alice"], COACH)  # a coach cannot pass or drop the owner's consent
    with pytest.raises(NoAccess):
        access.coaches(con, BOB, books["alice"])
    assert _names(access.visible_workbooks(con, "mallory@example.com")) == []
    assert _names(access.visible_workbooks(con, COACH)) == ["Alice's"]


@pytest.mark.parametrize("coach", ["", "not an email", ALICE])
def test_a_grant_needs_another_persons_valid_address(con, books, coach):
    with pytest.raises(Invalid):
        access.grant(con, ALICE, books["alice"], coach)


def test_a_new_person_gets_a_workbook_of_their_own(con, books):
    first = access.ensure_own(con, "carol@example.com")
    assert first.name == "My workbook" and access.owner(con, first.id) == "carol@example.com"
    assert access.ensure_own(con, "carol@example.com") == first
    assert _names(access.visible_workbooks(con, "dave@example.com")) == []
    dave = access.ensure_own(con, "dave@example.com")  # the same name is free for another person
    assert dave.name == "My workbook" and dave.id != first.id


def test_names_are_unique_per_owner_and_the_refusal_tells_nothing_of_others(con, books):
    workbooks.create(con, "Bob's", owner=ALICE)  # bob has one by that name: alice does not clash with it
    with pytest.raises(Invalid, match="already exists"):
        workbooks.create(con, " alice's ", owner=ALICE)
    with pytest.raises(Invalid, match="already exists"):
        workbooks.rename(con, books["alice"], "Alice's old")  # her own archived one
    workbooks.rename(con, books["bob"], "Local")  # the local person's name does not clash with bob's
    with pytest.raises(Invalid, match="already exists"):
        workbooks.create(con, "local")  # ... but does among the local person's


def test_set_owner_moves_a_local_workbook_into_hosted_use(con, books):
    access.set_owner(con, books["local"], ALICE)
    assert _names(access.visible_workbooks(con, ALICE)) == ["Local", "Alice's"]
    assert _names(access.visible_workbooks(con, access.LOCAL)) == ["Local", "Alice's", "Bob's"]


def test_grants_are_not_workbook_content(con, books):
    """A backup or import never carries a coach's access, and a demo reload keeps it."""
    access.grant(con, ALICE, books["alice"], COACH)
    assert "coach_access" not in [t.name for t in backup.workbook_tables(con)]
    assert "coach_access" not in workbooks.workbook_tables(con)
    demo.load(con)
    assert _names(access.visible_workbooks(con, COACH)) == ["Alice's"]
