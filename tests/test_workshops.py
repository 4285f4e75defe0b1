"""lib/workshops.py: a facilitator's workshop with a secret join link; a participant who joins gets one new workbook
of their own, which the facilitator may open (until the participant stops sharing it), and nothing else of theirs."""
from __future__ import annotations

import pytest

from lib import access, acting, contacts, workbooks, workshops
from lib.errors import Invalid, NoAccess

FACILITATOR, ANN, BEN, CAROL = "fac@example.com", "ann@example.com", "ben@example.com", "carol@example.com"


@pytest.fixture
def shop(con):
    return workshops.create(con, FACILITATOR, "Spring cohort")


def _ids(found):
    return [w.id for w in found]


def test_a_workshop_has_a_secret_link_and_starts_empty(con, shop):
    assert shop.name == "Spring cohort" and shop.facilitator == FACILITATOR and not shop.closed
    assert len(shop.token) == 43 and (shop.participants, shop.sharing) == (0, 0)
    other = workshops.create(con, FACILITATOR, "Autumn cohort")
    assert other.token != shop.token
    assert [w.name for w in workshops.mine(con, FACILITATOR)] == ["Autumn cohort", "Spring cohort"]
    assert workshops.mine(con, ANN) == []
    stored = con.execute("SELECT token_hash FROM workshops WHERE id = ?", [shop.id]).fetchone()[0]
    assert stored != shop.token and len(stored) == 64  # looked up by its hash


def test_joining_makes_one_workbook_of_the_participants_that_the_facilitator_may_open(con, shop):
    own = workbooks.create(con, "Ann's private search", owner=ANN)
    contacts.add(con, own, full_name="Secret Person")
    joined = workshops.join(con, ANN, shop.token, "Spring cohort")
    assert access.owner(con, joined) == ANN
    assert _ids(access.visible_workbooks(con, ANN)) == [own, joined]
    assert _ids(access.visible_workbooks(con, FACILITATOR)) == [joined]  # never Ann's other workbook
    facilitator = acting.as_person(con, FACILITATOR)
    contacts.add(acting.as_person(con, ANN), joined, full_name="Workshop Person")
    assert contacts.count(facilitator, joined) == 1
    with pytest.raises(NoAccess):
        contacts.count(facilitator, own)
    assert access.coaches(con, ANN, joined) == [(FACILITATOR, access.coaches(con, ANN, joined)[0][1])]
    listed = workshops.mine(con, FACILITATOR)[0]
    assert (listed.participants, listed.sharing) == (1, 1)


def test_joining_again_makes_nothing_new(con, shop):
    first = workshops.join(con, ANN, shop.token, "Workshop")
    before = con.execute("SELECT count(*) FROM workbooks").fetchone()[0]
    assert workshops.join(con, ANN, shop.token, "Another name") == first
    assert con.execute("SELECT count(*) FROM workbooks").fetchone()[0] == before
    assert workshops.invitation(con, ANN, shop.token).joined_workbook == first
    assert workshops.invitation(con, BEN, shop.token).joined_workbook is None
    assert workshops.mine(con, FACILITATOR)[0].participants == 1


def test_a_name_ann_uses_already_gets_a_number(con, shop):
    workbooks.create(con, "Spring cohort", owner=ANN)
    joined = workshops.join(con, ANN, shop.token, " spring cohort ")
    assert workbooks.get(con, joined).name == "spring cohort (2)"


def test_a_participants_workbook_is_named_after_the_workshop_and_them(con, shop):
    joined = workshops.join(con, ANN, shop.token, None)  # no name given: the one the consent screen offers
    assert workbooks.get(con, joined).name == "Spring cohort · ann@example.com"
    assert workshops.participant_workbook_name("Spring cohort", "Ann Lee") == "Spring cohort · Ann Lee"


def test_a_participants_workbook_name_stays_within_the_limit(con):
    long_shop = workshops.create(con, FACILITATOR, "W" * workbooks.NAME_CHARS)
    offered = workshops.participant_workbook_name(long_shop.name, "ann.with.a.long.address@example.com")
    assert len(offered) == workbooks.NAME_CHARS and offered.endswith("… · ann.with.a.long.address@example.com")
    very_long_person = workshops.participant_workbook_name("Spring", "p" * 200)
    assert len(very_long_person) <= workbooks.NAME_CHARS and very_long_person.startswith("Spring · ppp")
    joined = workshops.join(con, ANN, long_shop.token, None)
    assert workbooks.get(con, joined).name == workshops.participant_workbook_name(long_shop.name, ANN)
    assert len(workbooks.get(con, joined).name) == workbooks.NAME_CHARS


def test_a_numbered_name_stays_within_the_limit(con, shop):
    name = "N" * workbooks.NAME_CHARS
    workbooks.create(con, name, owner=ANN)
    joined = workshops.join(con, ANN, shop.token, name)
    made = workbooks.get(con, joined).name
    assert len(made) == workbooks.NAME_CHARS and made.endswith("… (2)")


def test_a_participant_who_stops_sharing_is_no_longer_open_to_the_facilitator(con, shop):
    joined = workshops.join(con, ANN, shop.token, "Workshop")
    access.revoke(con, ANN, joined, FACILITATOR)
    assert access.visible_workbooks(con, FACILITATOR) == []
    listed = workshops.mine(con, FACILITATOR)[0]
    assert (listed.participants, listed.sharing) == (1, 0)
    assert workshops.join(con, ANN, shop.token, "Workshop") == joined  # opening the link again shares nothing anew
    assert access.visible_workbooks(con, FACILITATOR) == []


def test_a_closed_unknown_or_malformed_link_gets_one_message_and_changes_nothing(con, shop):
    early = workshops.join(con, ANN, shop.token, "Workshop")
    workshops.close(con, FACILITATOR, shop.id)
    assert workshops.mine(con, FACILITATOR)[0].closed
    before = con.execute("SELECT count(*) FROM workbooks").fetchone()[0]
    for token in (shop.token, "x" * 43, shop.token[:-1], None, "'; DROP TABLE workshops; --"):
        with pytest.raises(Invalid) as refused:
            workshops.join(con, BEN, token, "Workshop")
        assert str(refused.value) == workshops.BAD_LINK
    assert con.execute("SELECT count(*) FROM workbooks").fetchone()[0] == before
    assert workshops.invitation(con, BEN, "x" * 43) is None
    assert workshops.join(con, ANN, shop.token, "Workshop") == early  # who joined before keeps their workbook
    assert _ids(access.visible_workbooks(con, FACILITATOR)) == [early]


def test_only_the_facilitator_closes_and_they_do_not_join_their_own(con, shop):
    with pytest.raises(Invalid):
        workshops.close(con, ANN, shop.id)
    assert not workshops.mine(con, FACILITATOR)[0].closed
    with pytest.raises(Invalid, match="You run this workshop"):
        workshops.join(con, FACILITATOR, shop.token, "Mine")


def test_a_handle_acting_for_someone_else_is_refused_and_the_local_person_has_no_workshops(con, shop):
    ann = acting.as_person(con, ANN)
    for call in (lambda: workshops.create(ann, FACILITATOR, "Taken"), lambda: workshops.mine(ann, FACILITATOR),
                 lambda: workshops.close(ann, FACILITATOR, shop.id),
                 lambda: workshops.join(ann, BEN, shop.token, "Ben's"),
                 lambda: workshops.invitation(ann, BEN, shop.token)):
        with pytest.raises(NoAccess):
            call()
    assert workshops.join(ann, ANN, shop.token, "Mine") > 0  # her own handle acts for her
    for person in (None, "  "):
        with pytest.raises(Invalid, match="hosted"):
            workshops.create(con, person, "Local")


def test_bad_names_are_refused(con, shop):
    for name in ("", "   ", "x" * 200):
        with pytest.raises(Invalid):
            workshops.create(con, FACILITATOR, name)
    with pytest.raises(Invalid, match="already run"):
        workshops.create(con, FACILITATOR, " spring COHORT ")
    with pytest.raises(Invalid):
        workshops.join(con, CAROL, shop.token, "  ")
    assert access.visible_workbooks(con, CAROL) == []


def test_joining_in_several_tabs_at_once_makes_one_workbook(con, shop):
    import threading

    results, errors = [], []

    def tab() -> None:
        cur = con.cursor()
        try:
            results.append(workshops.join(acting.as_person(cur, ANN), ANN, shop.token, "Workshop"))
        except Exception as error:  # noqa: BLE001 - any error is the failure this test looks for
            errors.append(error)
        finally:
            cur.close()

    tabs = [threading.Thread(target=tab) for _ in range(6)]
    for t in tabs:
        t.start()
    for t in tabs:
        t.join()
    assert errors == [] and len(set(results)) == 1
    assert _ids(access.visible_workbooks(con, ANN)) == results[:1]
    assert workshops.mine(con, FACILITATOR)[0].participants == 1
