"""A cursor per script run (issue 14, item 3): overlapping runs and callbacks of one session never share a
cursor, and an error in a widget callback reaches the same friendly message as an error in the page."""
from __future__ import annotations

import streamlit as st
from streamlit.testing.v1 import AppTest


def overlapping_runs_script() -> None:
    """Two threads stand in for a run and the run (or callback) that overlaps it, both using the handle
    the page got from session.db() (pages keep it in a global that their callbacks close over)."""
    import threading

    import streamlit as st

    from views import session

    con = session.db()
    errors: list[str] = []

    def work() -> None:
        for _ in range(150):
            try:
                con.execute("SELECT count(*) FROM range(20000)").fetchall()
            except Exception as e:  # noqa: BLE001 - collected and asserted on
                errors.append(f"{type(e).__name__}: {e}")

    workers = [threading.Thread(target=work) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    st.session_state.errors = errors


def test_overlapping_runs_of_one_session_each_use_their_own_cursor(db_path):
    st.cache_resource.clear()
    at = AppTest.from_function(overlapping_runs_script, default_timeout=120)
    at.run()
    assert not at.exception
    assert at.session_state["errors"] == []
    st.cache_resource.clear()


def failing_callback_script() -> None:
    import streamlit as st

    from views import ui

    def boom() -> None:
        raise KeyError("id")

    st.button("Add person", key="add", on_click=ui.callback(boom))
    st.write("page drawn")


def test_an_error_in_a_callback_gets_the_friendly_message_not_a_traceback():
    at = AppTest.from_function(failing_callback_script, default_timeout=30)
    at.run()
    at.button(key="add").click().run()
    assert not at.exception
    assert any("Something went wrong" in e.value for e in at.error)
    assert any("page drawn" in m.value for m in at.markdown)


def test_every_widget_callback_in_the_pages_goes_through_ui_callback():
    import re

    from tests.conftest import ROOT

    bare = []
    for page in sorted([*(ROOT / "app_pages").glob("*.py"), *(ROOT / "views").rglob("*.py")]):
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            for found in re.finditer(r"\bon_(?:click|change)=([^,)\s]+)", line):
                if page.name == "auth.py" and found.group(1) == "sign_out":
                    continue  # account_box's parameter: st.logout, or app.py's ui.callback(session.sign_out)
                if not found.group(1).startswith(("ui.callback(", "callback(", "st.login", "st.logout", '"ignore"', '"rerun"')):
                    bare.append(f"{page.name}:{number}: {found.group(0)}")
    assert bare == []
