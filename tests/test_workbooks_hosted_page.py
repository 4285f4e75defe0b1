"""The Workbooks page in hosted mode through app.py (AppTest with a signed-in person and an [auth] secrets
section): each person manages their own workbooks, a coach's cohort lists the clients who share a workbook with
them, and only an administrator sees the database backup and the demo."""
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lib import access, db, workbooks
from tests.conftest import ROOT, click, open_page, page_errors
from views.workbooks import cohort as cohort_view

pytestmark = pytest.mark.apptest

ALICE, BOB, ADMIN = "alice@example.com", "bob@example.com", "admin@example.com"
AUTH = {"redirect_uri": "http://127.0.0.1:1/oauth2callback", "cookie_secret": "s" * 32, "client_id": "c",
        "client_secret": "s", "server_metadata_url": "http://127.0.0.1:1/.well-known/openid-configuration"}


def signed_in(db_path: Path, email: str, *, fresh: bool = True) -> AppTest:
    """The app signed in as `email`; `fresh`: with empty caches (else another session of the same server)."""
    if fresh:
        st.cache_resource.clear()
        st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets = {"auth": AUTH, "hosting": {"admins": [ADMIN]}}
    at.user = {"is_logged_in": True, "email": email, "email_verified": True}
    return at


def in_view(at, view: str) -> AppTest:
    """The Workbooks page's `view` chosen, as a click on it does (one view of the page is drawn at a time)."""
    at.session_state["workbooks_view"] = view
    at.run()
    assert not page_errors(at)
    return at


@pytest.fixture
def world(db_path):
    con = db.open(db_path)
    ids = {"alice": workbooks.create(con, "Alice's plan", owner=ALICE),
           "alice2": workbooks.create(con, "Alice's second", owner=ALICE),
           "bob": workbooks.create(con, "Bob's own", owner=BOB)}
    access.grant(con, ALICE, ids["alice"], BOB)
    con.close()
    yield ids
    st.cache_resource.clear()


def _texts(at) -> str:
    return "\n".join([t.value for t in at.text] + [m.value for m in at.markdown] + [c.value for c in at.caption]
                     + [i.value for i in at.info] + [s.value for s in at.subheader]
                     + [option for r in at.radio for option in r.options])


def test_a_person_manages_only_their_own_workbooks_and_sees_no_backup(db_path, world):
    at = open_page(signed_in(db_path, ALICE), "workbooks")
    shown = _texts(at)
    assert "Alice's plan" in shown and "Alice's second" in shown and "Bob's own" not in shown
    assert "Demo workbook" not in shown
    assert cohort_view.NO_CLIENTS in _texts(in_view(at, "clients"))  # nobody shares a workbook with alice
    assert "Back up every workbook" not in _texts(in_view(at, "backup"))
    assert "How to restore a database backup" not in [e.label for e in at.expander]
    in_view(at, "manage")
    at.text_input(key="new_workbook_name").input("Alice's third")
    click(at, "Create workbook")
    assert not page_errors(at)
    con = db.open(db_path)
    try:
        made = [w for w in workbooks.list_all(con) if w.name == "Alice's third"]
        assert len(made) == 1 and access.owner(con, made[0].id) == ALICE
    finally:
        con.close()


def test_a_coachs_cohort_lists_the_clients_workbook_and_not_their_own(db_path, world):
    at = open_page(signed_in(db_path, BOB), "workbooks", view="clients")
    table = at.dataframe[0].value
    assert table["Workbook"].tolist() == ["Alice's plan"]
    assert table["Whose"].tolist() == [ALICE]  # a workshop's participants' workbooks told apart by their owner
    assert "Your clients at a glance" in _texts(at)
    rows = "\n".join(in_view(at, "manage").radio(key="manage_chosen").options)  # the workbooks to open or archive
    assert "Bob's own" in rows and "Alice's plan" not in rows


def test_the_cohort_read_first_for_one_person_is_never_shown_to_another(db_path, world):
    """The page cache is shared by every session of the server: it is kept per person."""
    assert cohort_view.NO_CLIENTS in _texts(open_page(signed_in(db_path, ALICE), "workbooks", view="clients"))
    at = open_page(signed_in(db_path, BOB, fresh=False), "workbooks", view="clients")
    assert at.dataframe[0].value["Workbook"].tolist() == ["Alice's plan"]


def test_a_coach_on_a_clients_workbook_may_not_rename_or_export_it(db_path, world):
    at = signed_in(db_path, BOB)
    at.query_params["wb"] = str(world["alice"])
    at = open_page(at, "workbooks")
    assert "only they can rename it" in _texts(at)
    assert "only they can export all of it" in _texts(in_view(at, "backup"))
    assert "Prepare the export" not in [b.label for b in at.button]
    in_view(at, "report")
    assert "Download PDF" in [b.label for b in at.get("download_button")]  # the progress report is the coach's


def test_an_administrator_sees_the_database_backup_and_loads_a_demo_of_their_own(db_path, world):
    at = open_page(signed_in(db_path, ADMIN), "workbooks", view="backup")
    assert "Back up every workbook" in _texts(at)
    assert "How to restore a database backup" in [e.label for e in at.expander]
    assert "Demo workbook" in _texts(in_view(at, "manage"))
    click(at, "Load the demo workbook")
    assert not page_errors(at)
    con = db.open(db_path)
    try:
        demo = [w for w in workbooks.list_all(con) if w.is_demo]
        assert len(demo) == 1 and access.owner(con, demo[0].id) == ADMIN
    finally:
        con.close()


def _demo_links(at) -> list[str]:
    return [e.proto.label for e in at.get("page_link") if "demo workbook" in e.proto.label]


def test_home_offers_the_demo_only_to_those_who_may_load_it(db_path, world):
    alice = signed_in(db_path, ALICE)
    alice.run()
    assert not alice.exception and _demo_links(alice) == []  # loading the demo is for administrators
    admin = signed_in(db_path, ADMIN)
    admin.run()
    assert not admin.exception and len(_demo_links(admin)) == 1


def _on_another_thread(work):
    """`work()` on a thread with no script run (as a download button's deferred callable runs): its result or
    the exception it raised."""
    import threading

    out = {}

    def run():
        try:
            out["value"] = work()
        except Exception as e:  # noqa: BLE001 - handed back to the test
            out["error"] = e

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return out


def _coach_on_alices_workbook(db_path, world):
    at = signed_in(db_path, BOB)
    at.query_params["wb"] = str(world["alice"])
    at = open_page(at, "workbooks")
    assert at.query_params["wb"] == str(world["alice"])
    return at


def test_a_deferred_download_after_revoke_is_refused(db_path, world):
    from lib import report
    from lib.errors import NoAccess
    from tests.conftest import run_cursor

    handle = run_cursor(_coach_on_alices_workbook(db_path, world))
    read = lambda: report.gather(handle.cursor(), world["alice"], charts=False).name  # noqa: E731
    assert "error" not in _on_another_thread(read)  # shared: the coach may read it
    con = db.open(db_path)
    access.revoke(con, ALICE, world["alice"], BOB)
    con.close()
    assert isinstance(_on_another_thread(read).get("error"), NoAccess)
    # The handle itself, used off a run, checks afresh too (no answer remembered from the page's run).
    assert isinstance(_on_another_thread(lambda: workbooks.get(handle, world["alice"])).get("error"), NoAccess)


def test_a_deferred_download_after_signing_out_elsewhere_acts_for_nobody(db_path, world):
    from lib import acting, sign_outs
    from tests.conftest import run_cursor

    handle = run_cursor(_coach_on_alices_workbook(db_path, world))
    assert _on_another_thread(lambda: handle.cursor().acting_person)["value"] == BOB
    con = db.open(db_path)
    sign_outs.record(con, BOB)  # in another tab, which this one has not heard of (no rerun since)
    con.close()
    assert _on_another_thread(lambda: handle.cursor().acting_person)["value"] == acting.NOBODY


def unused_handle_script() -> None:
    """A session's handle as db() makes it, kept without any lib call asking who acts."""
    import streamlit as st

    from views import session

    st.session_state["handle"] = session.RunCursor(session.db().root).follow_session()


def test_a_session_handle_never_used_in_a_run_acts_for_nobody_in_hosted_mode(db_path):
    from lib import acting

    st.cache_resource.clear()
    at = AppTest.from_function(unused_handle_script, default_timeout=30)
    at.secrets = {"auth": AUTH}
    at.user = {"is_logged_in": True, "email": ALICE, "email_verified": True}
    at.run()
    handle = at.session_state["handle"]
    assert _on_another_thread(lambda: handle.acting_person)["value"] == acting.NOBODY
    st.cache_resource.clear()


FACILITATOR, ANN = "fac@example.com", "ann@example.com"


@pytest.fixture
def workshop_world(db_path):
    """A facilitator with no workbook of their own, and one participant who joined their workshop."""
    from lib import workshops

    con = db.open(db_path)
    shop = workshops.create(con, FACILITATOR, "Spring")
    joined = workshops.join(con, ANN, shop.token, None)
    con.close()
    yield joined
    st.cache_resource.clear()


@pytest.mark.parametrize("page", ["home", "goals", "research", "outreach", "questions", "review", "network",
                                  "workbooks", "method"])
def test_a_facilitator_with_no_workbook_of_their_own_sees_every_page_on_the_participants(db_path, workshop_world,
                                                                                           page):
    at = open_page(signed_in(db_path, FACILITATOR), page)  # no error, no exception (open_page checks)
    assert at.sidebar.selectbox[0].options == ["Spring · ann@example.com"]
    if page == "workbooks":
        assert "You have no workbook of your own yet: create one below." in _texts(at)
        assert in_view(at, "clients").dataframe[0].value["Whose"].tolist() == [ANN]
    con = db.open(db_path)
    try:
        assert [w.id for w in access.visible_workbooks(con, FACILITATOR)] == [workshop_world]  # nothing made
    finally:
        con.close()


def test_a_facilitator_whose_only_participant_stops_sharing_is_told_once_then_has_a_workbook_of_their_own(
        db_path, workshop_world):
    at = open_page(signed_in(db_path, FACILITATOR), "workbooks")
    con = db.open(db_path)
    access.revoke(con, ANN, workshop_world, FACILITATOR)
    con.close()
    at.run()  # the facilitator's next click
    assert [e.value for e in at.error] == [access.refusal(workshop_world)]
    at.run()
    assert not page_errors(at) and not at.exception
    assert at.sidebar.selectbox[0].options == ["My workbook"]
    assert "Spring · ann@example.com" not in _texts(at)
