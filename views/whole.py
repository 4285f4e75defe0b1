"""A widget callback runs whole, and says what it has to say in the run that follows it.

Streamlit stops a run where a newer rerun request (a second quick click) finds it: at any session-state access
and any element drawn, callbacks included. A callback stopped between its lib write and the state after it (the
form renewed, the workbook opened) left a saved row and nothing else: a double click on Create workbook created
the workbook and kept the old one open (seen in CI). So inside ui.callback:
- hold(): session-state accesses do not stop the run; the waiting request is served at the next check after it;
- nothing is drawn: say() keeps a toast or an alert, and show_kept() draws it at the top of the next run.

hold() reaches into Streamlit's SafeSessionState (its `_yield_callback`, the check): Streamlit has no public way to
do this. tests/test_whole.py fails if a Streamlit upgrade moves it.
"""
from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
from streamlit.runtime.state.safe_session_state import SafeSessionState

_KEPT = "_kept_notices"
_callback = threading.local()  # a run's callbacks and script share its thread; nothing here touches session state


def _no_check() -> None:
    return None


@contextlib.contextmanager
def hold() -> Iterator[None]:
    """Session-state reads and writes inside the block are not stopped by a newer rerun request."""
    ctx = get_script_run_ctx(suppress_warning=True)
    state = getattr(ctx, "session_state", None)
    if not isinstance(state, SafeSessionState):
        yield  # no run (a bare import, a unit test): nothing can stop it
        return
    check = state._yield_callback
    object.__setattr__(state, "_yield_callback", _no_check)
    try:
        yield
    finally:
        object.__setattr__(state, "_yield_callback", check)


@contextlib.contextmanager
def callback() -> Iterator[None]:
    """The block is a widget callback: held whole, and what it says is kept for the next run."""
    outer = getattr(_callback, "active", False)
    _callback.active = True
    try:
        with hold():
            yield
    finally:
        _callback.active = outer


@contextlib.contextmanager
def body_write() -> Iterator[None]:
    """A write made in the page body (a button's `if`, a form's submit) and the state that goes with it, run whole as
    a callback is: a newer click stopped a run between a table's save and its editor's renewal, so the saved edits
    stayed in the table as unsaved and the next click met them as someone else's change. Draw nothing inside
    the block: what it says is drawn after it, or, when it ends in st.rerun, at the top of that run."""
    with callback():
        yield
    show_kept(lambda message, _: message)  # drawn in this run, where the workbook it is about is still open


def open_workbook() -> int | None:
    """The id of the workbook open in this run (ui.workbook_picker keeps it; in a callback, the one its click was
    made in)."""
    return getattr(st.session_state.get("_current_workbook"), "id", None)


SWITCH = "_switch_to_workbook"  # the workbook a callback opens next (ui.switch_workbook)


def _about() -> int | None:
    """The workbook a message said now is about: the one this callback opens, else the open one. Kept with the
    message, which names it should another be open by the time it is shown."""
    return st.session_state.get(SWITCH) or open_workbook()


def about(workbook_id: int) -> None:
    """What the callbacks said so far is about `workbook_id`, the workbook they open ("Created …")."""
    st.session_state[_KEPT] = [(*notice[:3], workbook_id) for notice in st.session_state.get(_KEPT, [])]


def say(kind: str, message: str, icon: str) -> None:
    """Show a toast or an alert (kind: toast, error, info, warning, success) now, or, from a callback, at the top
    of the run that follows. `message` is already made safe to show (ui.text, ui.md)."""
    if getattr(_callback, "active", False):
        st.session_state[_KEPT] = [*st.session_state.get(_KEPT, []), (kind, message, icon, _about())]
    else:
        _draw(kind, message, icon)


def show_kept(where: Callable[[str, int | None], str]) -> None:
    """Draw what the callbacks of this run said (app.py, before the page); `where(message, workbook_id)` names
    the workbook it is about when another is open now (a save, then a quick switch). Each is drawn before it is
    let go, so a rerun that stops this run in between shows it again rather than never."""
    while st.session_state.get(_KEPT):
        kind, message, icon, said_in = st.session_state[_KEPT][0]
        _draw(kind, where(message, said_in), icon)
        st.session_state[_KEPT] = st.session_state[_KEPT][1:]


def _draw(kind: str, message: str, icon: str) -> None:
    {"toast": st.toast, "error": st.error, "info": st.info, "warning": st.warning,
     "success": st.success}[kind](message, icon=icon)


def show_once(key: str, draw: Callable[[Any], None]) -> None:
    """Draw the message kept under `key` (`draw(value)`), then let it go: a newer click stopping the run at the
    drawing shows it in the next run, where taking it first had lost it."""
    value = st.session_state.get(key)
    if value:
        draw(value)
        st.session_state.pop(key, None)
