"""views/whole.py: a callback runs whole, whatever Streamlit's checks for a newer rerun request find."""
import pytest
from streamlit.runtime.scriptrunner_utils.exceptions import RerunException
from streamlit.runtime.state.safe_session_state import SafeSessionState
from streamlit.runtime.state.session_state import SessionState
from streamlit.testing.v1 import AppTest

from views import whole


class _Run:
    """What get_script_run_ctx gives: a run whose session state meets a newer click at every access."""
    def __init__(self):
        def newer_click():
            raise RerunException(None)
        self.session_state = SafeSessionState(SessionState(), yield_callback=newer_click)


@pytest.fixture
def run(monkeypatch):
    r = _Run()
    monkeypatch.setattr(whole, "get_script_run_ctx", lambda suppress_warning=False: r)
    return r


def test_a_held_block_is_not_stopped_and_the_check_comes_back_after_it(run):
    state = run.session_state
    with pytest.raises(RerunException):
        state["a"] = 1  # Streamlit's own behaviour, which hold() relies on being where it reaches
    with whole.hold():
        state["a"] = 1
        state["b"] = state["a"] + 1
    with whole.hold():
        assert (state["a"], state["b"]) == (1, 2)
    with pytest.raises(RerunException):
        state["c"] = 3


def test_the_check_comes_back_when_the_block_fails(run):
    with pytest.raises(ValueError), whole.hold():
        raise ValueError("boom")
    with pytest.raises(RerunException):
        run.session_state["a"] = 1


def _callback_says_app():
    import streamlit as st

    from views import ui, whole

    def save():
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
        whole.say("error", "Kept for the next run", ":material/error:")
        st.session_state.saved = True
        st.session_state.held = get_script_run_ctx().session_state._yield_callback is whole._no_check

    st.button("Save", on_click=ui.callback(save))
    whole.show_kept(ui.in_workbook)
    st.write("saved" if st.session_state.get("saved") else "not saved")


def test_a_callback_draws_nothing_and_the_run_after_it_shows_what_it_said():
    at = AppTest.from_function(_callback_says_app).run()
    assert not at.error
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["Kept for the next run"]
    assert at.markdown[-1].value == "saved" and at.session_state.held  # ui.callback holds the checks
    at.run()
    assert not at.error  # shown once


def _show_once_app():
    import streamlit as st

    from views import whole

    if st.button("Keep"):
        st.session_state.kept_notice = "Shown once"
    whole.show_once("kept_notice", lambda notice: st.info(notice))


def test_a_kept_message_is_shown_once_and_then_let_go():
    at = AppTest.from_function(_show_once_app).run()
    assert not at.info
    at.button[0].click().run()
    assert [e.value for e in at.info] == ["Shown once"] and "kept_notice" not in at.session_state
    at.run()
    assert not at.info


def _body_write_app():
    import streamlit as st
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    from views import whole

    if st.button("Save"):
        with whole.body_write():
            whole.say("error", "Said inside the block", ":material/error:")
            st.session_state.drawn_inside = len(st.session_state.get("_kept_notices", []))
            st.session_state.held = get_script_run_ctx().session_state._yield_callback is whole._no_check
    st.write("after")


def test_a_write_in_the_page_body_runs_held_and_says_its_words_after_the_block_in_the_same_run():
    at = AppTest.from_function(_body_write_app).run()
    at.button[0].click().run()
    assert at.session_state.held and at.session_state.drawn_inside == 1  # kept while the block ran
    assert [e.value for e in at.error] == ["Said inside the block"]  # drawn in the same run, after it
    at.run()
    assert not at.error
