"""The sharing section of the Workbooks page (views/workbooks/sharing.py) is for hosted mode only: the local app
(`make run`, no sign-in) has a single person and nobody to share with, so it shows nothing of it and notes no
opening. Hosted mode is driven in tests/browser/test_sharing_browser.py (the real sign-in flow)."""
import pytest

from lib import db
from tests.conftest import open_page, page_errors

pytestmark = pytest.mark.apptest


def test_the_local_app_has_no_sharing_section_and_logs_nothing(demo_app, db_path):
    at = open_page(demo_app, "workbooks")
    assert not page_errors(at)
    shown = " ".join(str(e.value) for e in [*at.subheader, *at.markdown, *at.caption, *at.info])
    assert "Share this workbook" not in shown and "Who opened this workbook" not in shown
    assert not any(t.label == "Your coach's email address" for t in at.text_input)
    con = db.open(db_path)
    try:
        assert db.scalar(con, "SELECT count(*) FROM access_log") == 0
    finally:
        con.close()


def refused_callback_script() -> None:
    import streamlit as st

    from lib import access
    from lib.errors import NoAccess
    from views import ui

    def taken_back() -> None:
        raise NoAccess(access.refusal(7))

    st.button("Add person", key="add", on_click=ui.callback(taken_back))
    st.write("page drawn")


def test_a_callback_refused_because_the_workbook_was_taken_back_is_not_an_unexpected_error():
    """A revoked coach's click on a button of the workbook: not "Something went wrong"; the run that follows
    refuses the workbook in the picker and says why (tests/browser/test_sharing_browser.py)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(refused_callback_script, default_timeout=30)
    at.run()
    at.button(key="add").click().run()
    assert not at.exception
    assert not any("Something went wrong" in e.value for e in at.error)
    assert any("page drawn" in m.value for m in at.markdown)


def test_a_coach_whose_open_workbook_is_taken_back_is_told_so_even_with_other_clients(db_path):
    """A coach of two clients had one client's workbook open; that client stops sharing: the next run says so
    (the one refusal) instead of quietly opening the other client's workbook."""
    from lib import access, workbooks
    from tests.test_workbooks_hosted_page import signed_in

    coach, alice, bob = "coach@example.com", "alice@example.com", "bob@example.com"
    con = db.open(db_path)
    alices = workbooks.create(con, "Alice's search", owner=alice)
    bobs = workbooks.create(con, "Bob's search", owner=bob)
    access.grant(con, alice, alices, coach)
    access.grant(con, bob, bobs, coach)
    con.close()
    at = signed_in(db_path, coach)
    at.query_params["wb"] = str(alices)
    at.run()
    assert not at.exception and at.selectbox(key="wb").value == alices
    con = db.open(db_path)
    access.revoke(con, alice, alices, coach)
    con.close()
    at.query_params.pop("wb", None)  # a page link: the address names no workbook
    at.run()
    assert not at.exception
    assert access.refusal(alices) in [e.value for e in at.error]
    assert at.selectbox(key="wb").value == bobs
