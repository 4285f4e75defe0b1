"""A person's whole account (issue 19): export all of it as one zip, delete it after typing their address."""
from __future__ import annotations

import io
import json
import zipfile

import pytest

from lib import access, account, acting, calendar_feed, contacts, db, demo, meetings, settings, workbooks, workshops
from lib.errors import Invalid, NoAccess
from tests.conftest import DEMO_TODAY

ALICE, BOB, COACH = "alice@example.com", "bob@example.com", "coach@example.com"


@pytest.fixture
def world(con):
    """alice owns the demo workbook (shared with a coach) and an archived one; bob owns one and shares it with
    alice; alice has a calendar feed and screen-share mode on; bob has both too."""
    alice_demo = demo.load(con, today=DEMO_TODAY)
    access.set_owner(con, alice_demo, ALICE)
    alice_old = workbooks.create(con, "Old search", owner=ALICE)
    contacts.add(con, alice_old, full_name="Olga Old")
    workbooks.set_archived(con, alice_old, True)
    bob_wb = workbooks.create(con, "Bob's search", owner=BOB)
    contacts.add(con, bob_wb, full_name="Bertha Bobsfriend")
    access.grant(con, ALICE, alice_demo, COACH)
    access.grant(con, BOB, bob_wb, ALICE)  # alice coaches bob
    for person in (ALICE, BOB):
        calendar_feed.feed_url_token(con, person)
        settings.set_flag(con, settings.SCREEN_SHARE, True, person=person)
    return {"alice": [alice_demo, alice_old], "bob": bob_wb}


def _zip(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def test_the_export_holds_each_own_workbook_importable_and_the_account_data_but_nothing_of_bob(con, world, tmp_path):
    alice = acting.as_person(con, ALICE)
    data = account.export_all(alice, ALICE)
    zf = _zip(data)
    names = zf.namelist()
    inner = sorted(n for n in names if n.startswith("workbooks/"))
    assert len(inner) == 2 and set(names) == {*inner, "account.json", "README.txt"}
    info = json.loads(zf.read("account.json"))
    assert info["person"] == ALICE
    assert [w["id"] for w in info["workbooks_owned"]] == world["alice"]
    assert [w["file"] for w in info["workbooks_owned"]] == inner
    assert [(g["workbook"], g["coach"]) for g in info["coach_access_given"]] == [(world["alice"][0], COACH)]
    assert [(g["workbook"], g["granted_by"]) for g in info["coach_access_received"]] == [(world["bob"], BOB)]
    assert info["calendar_feed"]["exists"] is True
    assert info["settings"] == {settings.SCREEN_SHARE: "true"}
    token = calendar_feed.current_token(con, ALICE)
    text = data.decode("latin-1") + "".join(zf.read(n).decode("latin-1") for n in names)
    assert token not in text  # the feed's secret link never leaves
    assert "Bob's search" not in text and "Bertha" not in text  # shared with her, not hers
    # each workbook file imports back, whole, into another database
    other = db.open(tmp_path / "other.duckdb")
    try:
        for file, wid in zip(inner, world["alice"]):
            new = backup_import(other, zf.read(file))
            assert contacts.count(other, new) == contacts.count(con, wid) > 0
            assert len(meetings.listing(other, new, upcoming=False)) == len(meetings.listing(con, wid, upcoming=False))
    finally:
        other.close()


def backup_import(con, data: bytes) -> int:
    from lib import backup
    return backup.import_workbook(con, data)


def test_someone_elses_handle_cannot_export_or_delete_an_account(con, world):
    bob = acting.as_person(con, BOB)
    for call in (lambda: account.export_all(bob, ALICE), lambda: account.delete_account(bob, ALICE, ALICE),
                 lambda: account.what_goes(bob, ALICE), lambda: account.account_data(bob, ALICE)):
        with pytest.raises(NoAccess):
            call()
    nobody = acting.as_person(con, acting.NOBODY)
    with pytest.raises(NoAccess):
        account.export_all(nobody, ALICE)
    assert workbooks.get(con, world["alice"][0])  # nothing deleted
    with pytest.raises(Invalid):  # the local app's person has no account
        account.export_all(con, None)


def _snapshot(con) -> dict:
    tables = workbooks.workbook_tables(con) + ["meeting_questions", "workbooks", "coach_access", "calendar_feeds",
                                              "app_settings"]
    return {t: db.rows(con, f"SELECT * FROM {t}") for t in tables}


@pytest.mark.parametrize("typed", ["", "bob@example.com", "alice", None, "alice@example.com.evil"])
def test_a_wrong_confirmation_deletes_nothing(con, world, typed):
    before = _snapshot(con)
    with pytest.raises(Invalid) as refused:
        account.delete_account(acting.as_person(con, ALICE), ALICE, typed)
    assert str(refused.value) == account.WRONG_CONFIRMATION
    assert _snapshot(con) == before


def test_delete_removes_exactly_alices_data_and_leaves_bobs_and_the_workbook_shared_with_her(con, world):
    bob_rows = {t: db.rows(con, f'SELECT * FROM "{t}" WHERE workbook_id = ?', [world["bob"]])
                for t in workbooks.workbook_tables(con)}
    alice = acting.as_person(con, ALICE)
    expected = account.what_goes(alice, ALICE)
    assert expected == {"workbooks": 2, "grants_given": 1, "grants_received": 1, "calendar_feed": 1, "settings": 1}
    done = account.delete_account(alice, ALICE, "  Alice@Example.com ")  # any case or spacing
    assert done["rows"] > 10 and {k: done[k] for k in expected} == expected
    for wid in world["alice"]:
        assert db.scalar(con, "SELECT count(*) FROM workbooks WHERE id = ?", [wid]) == 0
        for table in workbooks.workbook_tables(con):
            assert db.scalar(con, f'SELECT count(*) FROM "{table}" WHERE workbook_id = ?', [wid]) == 0, table
    assert db.scalar(con, "SELECT count(*) FROM meeting_questions") == 0  # the demo's were the only ones
    assert db.scalar(con, "SELECT count(*) FROM coach_access") == 0
    assert calendar_feed.current_token(con, ALICE) is None
    assert not settings.screen_share(con, person=ALICE).on
    # bob: his workbook, its rows, his feed and his settings are untouched
    assert workbooks.get(con, world["bob"]).name == "Bob's search"
    assert {t: db.rows(con, f'SELECT * FROM "{t}" WHERE workbook_id = ?', [world["bob"]])
            for t in workbooks.workbook_tables(con)} == bob_rows
    assert calendar_feed.current_token(con, BOB) is not None
    assert settings.screen_share(con, person=BOB).on
    # alice no longer opens bob's workbook; a new export of hers is empty
    with pytest.raises(NoAccess):
        contacts.count(acting.as_person(con, ALICE), world["bob"])
    assert account.what_goes(acting.as_person(con, ALICE), ALICE) == dict.fromkeys(expected, 0)


def test_workshops_and_the_access_log_are_in_the_export_and_go_with_the_account(con, world):
    shop = workshops.create(con, ALICE, "Spring cohort")
    carol_book = workshops.join(con, "carol@example.com", shop.token, "Carol's cohort book")
    bob_shop = workshops.create(con, BOB, "Bob's evening")
    alice_in_bobs = workshops.join(con, ALICE, bob_shop.token, "Alice at Bob's")
    assert access.record_open(con, COACH, world["alice"][0])  # her coach opened her demo: the owner's log
    found = account.account_data(con, ALICE)["workshops"]
    assert [w["name"] for w in found["run"]] == ["Spring cohort"] and "token" not in found["run"][0]
    assert [(j["workshop"], j["workbook"]) for j in found["joined"]] == [("Bob's evening", alice_in_bobs)]
    assert shop.token not in json.dumps(found, default=str)

    account.delete_account(con, ALICE, ALICE)
    assert db.scalar(con, "SELECT count(*) FROM workshops WHERE facilitator = ?", [ALICE]) == 0
    assert db.scalar(con, "SELECT count(*) FROM workshop_members WHERE participant = ? OR workshop = ?",
                     [ALICE, shop.id]) == 0
    assert db.scalar(con, "SELECT count(*) FROM access_log") == 0  # only her workbooks had been opened
    assert workbooks.get(con, carol_book).name == "Carol's cohort book"  # a participant's workbook stays theirs
    assert [w.id for w in access.visible_workbooks(con, "carol@example.com")] == [carol_book]
    assert db.scalar(con, "SELECT count(*) FROM workshops WHERE facilitator = ?", [BOB]) == 1  # bob's workshop stays
