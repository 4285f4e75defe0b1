"""Streamlit glue shared by every page: the connection, the active workbook, masking, common widgets.

The only module of lib/ that imports Streamlit.
"""
from __future__ import annotations

from collections.abc import Callable

import duckdb
import pandas as pd
import streamlit as st

from lib import db as database
from lib import privacy, settings, workbooks
from lib.errors import Invalid, NotFound

WORKBOOK_KEY = "wb"          # widget key and URL query parameter of the active workbook
SHARE_KEY = "share"          # widget key and URL query parameter of screen-share mode
_PENDING_SWITCH = "_switch_to_workbook"

PAGES = {
    "home": "app_pages/home.py",
    "goals": "app_pages/goals.py",
    "research": "app_pages/research.py",
    "outreach": "app_pages/outreach.py",
    "questions": "app_pages/questions.py",
    "review": "app_pages/review.py",
    "network": "app_pages/network.py",
    "workbooks": "app_pages/workbooks.py",
}


# ---- the connection ---------------------------------------------------------------------------

@st.cache_resource(show_spinner=False)
def _root(path: str) -> duckdb.DuckDBPyConnection:
    return database.open(path)  # connects, migrates, checkpoints; DatabaseLocked if another process has it


def db() -> duckdb.DuckDBPyConnection:
    """This session's cursor on the process's root connection (a session runs one script at a time)."""
    root = _root(str(database.path_from_env()))
    cached = st.session_state.get("_db_cursor")
    if cached is None or cached[0] is not root:
        cached = (root, root.cursor())
        st.session_state["_db_cursor"] = cached
    return cached[1]


def open_or_explain() -> duckdb.DuckDBPyConnection:
    """The connection, or a clear message on screen (and the run stops) when the file is locked."""
    try:
        return db()
    except database.DatabaseLocked as e:
        st.error(str(e), icon=":material/lock:")
        st.stop()


# ---- the active workbook ----------------------------------------------------------------------

def switch_workbook(workbook_id: int) -> None:
    """Make a workbook active from anywhere; takes effect on the next run (call st.rerun after)."""
    st.session_state[_PENDING_SWITCH] = workbook_id


def workbook_picker() -> workbooks.Workbook:
    """The sidebar picker. The choice is written to the URL (?wb=ID) on every run, so a reload or a
    shared link reopens the same workbook; within a session the picker's own state wins.

    Call it after share_mode_toggle(): the labels follow screen-share mode, and each masking mode has its
    own widget, because the browser sends a selectbox's choice back as its label.
    """
    con = db()
    active = workbooks.list_all(con)
    if not active:
        active = [workbooks.ensure_one(con)]
    ids = [w.id for w in active]
    key = WORKBOOK_KEY if not share_mode() else f"{WORKBOOK_KEY}_share_{'initials' if share_names() else 'names'}"
    previous = st.session_state.get("_current_workbook")
    pending = st.session_state.pop(_PENDING_SWITCH, None)
    if pending in ids:
        choice = pending
    elif st.session_state.get(key) in ids:
        choice = st.session_state[key]
    elif previous is not None and previous.id in ids:
        choice = previous.id  # carried over from the other masking mode's picker
    else:
        from_url = _int_or_none(st.query_params.get(WORKBOOK_KEY))
        choice = from_url if from_url in ids else ids[0]
    st.session_state[key] = choice
    labels = {w.id: masked_name(w.name) for w in active}
    chosen = st.selectbox(
        "Workbook", ids, format_func=lambda i: labels.get(i, str(i)), key=key,
        help="One workbook per person. Manage them on the Workbooks page.",
    )
    st.query_params[WORKBOOK_KEY] = str(chosen)
    wb = next(w for w in active if w.id == chosen)
    st.session_state["_current_workbook"] = wb
    return wb


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def current_workbook() -> workbooks.Workbook:
    """The workbook chosen in the sidebar for this run."""
    wb = st.session_state.get("_current_workbook")
    if wb is None:
        wb = workbook_picker()
    return wb


# ---- screen-share mode ------------------------------------------------------------------------
# The mode is stored on the server (lib/settings.py) and read at the start of every run, before anything is
# drawn, so it holds across reloads, links, new tabs and sessions until someone turns it off on purpose.
# ?share=true in a URL turns it on (and stores it) when a session opens with it; no URL ever turns it off.
# The app no longer writes the flag into the URL: a URL written by one tab goes stale when another tab turns
# the mode off, and reloading it would turn the mode back on. A flag that came in is taken out of the URL.
# Everything a page shows that may hold private data goes through the helpers below.
SHARE_NAMES_KEY = "share_names"   # widget key and URL query parameter of "names as initials"
_TRUE = ("true", "1", "yes", "on")
_SETTINGS = {SHARE_KEY: settings.SCREEN_SHARE, SHARE_NAMES_KEY: settings.SHARE_NAMES}
_URL_READ = "_share_url_read"     # this session has read the URL flags (on its first run)


def load_share_mode() -> None:
    """Screen-share mode as stored on the server, into this session; call it first in every run, before
    anything is drawn. On a session's first run, `?share=true` / `?share_names=true` turn a setting on (and
    store it), never off; the flag is then taken out of the URL. The toggles show the stored values."""
    con = db()
    stored = settings.flags(con)
    if not st.session_state.get(_URL_READ):
        st.session_state[_URL_READ] = True
        for key, name in _SETTINGS.items():
            if _url_flag(key) and not stored[name]:
                settings.set_flag(con, name, True)
                stored[name] = True
            if key in st.query_params:
                del st.query_params[key]  # consumed: a later reload must not turn it back on after an "off"
    for key, name in _SETTINGS.items():
        st.session_state[key] = stored[name]  # before the toggle exists in this run: it shows the stored value


def _url_flag(key: str) -> bool:
    return str(st.query_params.get(key, "")).strip().lower() in _TRUE


def _store_toggle(key: str) -> None:
    """on_change of a toggle: the person flipped it in this session, so that is the new stored value."""
    settings.set_flag(db(), _SETTINGS[key], bool(st.session_state[key]))


def share_mode_toggle() -> bool:
    """The sidebar toggles, showing the stored mode; a flip is stored for every session at once."""
    if SHARE_KEY not in st.session_state:
        load_share_mode()
    on = st.sidebar.toggle(
        "Screen-share mode", key=SHARE_KEY, on_change=_store_toggle, args=(SHARE_KEY,),
        help="Hides emails, phone numbers, LinkedIn addresses and private notes on every page, in every tab "
             "and window, until you turn it off here.",
    )
    st.sidebar.toggle(
        "Names as initials", key=SHARE_NAMES_KEY, disabled=not on, on_change=_store_toggle, args=(SHARE_NAMES_KEY,),
        help="In screen-share mode, also shows people's names as initials (H. N.) in lists and charts.",
    )
    if on:
        st.sidebar.caption(":material/visibility_off: Private details are hidden on every page until you turn "
                           "this off.")
    return on


def share_mode() -> bool:
    """Screen-share mode for this run, as stored on the server when the run began."""
    if SHARE_KEY not in st.session_state:
        load_share_mode()  # a run that did not start in app.py still never shows unmasked data by default
    return bool(st.session_state[SHARE_KEY])


def per_mode(key: str) -> str:
    """A widget key that differs per masking mode: a widget keeps its value as session state, so a text area
    filled while the mode was off would go on showing it after the mode is turned on (here or in another tab).
    A widget keyed with this starts again from its masked value when the mode changes."""
    return f"{key}__share" + ("_initials" if share_names() else "") if share_mode() else key


def share_names() -> bool:
    """Names shown as initials: only ever in screen-share mode."""
    return share_mode() and bool(st.session_state.get(SHARE_NAMES_KEY, False))


def masked(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as it may be shown now: private data hidden in screen-share mode."""
    if not share_mode() or frame is None:
        return frame
    if isinstance(frame, pd.Series):
        return privacy.mask_frame(frame.to_frame(), names=share_names()).iloc[:, 0]
    return privacy.mask_frame(frame, names=share_names())


def masked_text(value: str | None) -> str:
    """Free text as it may be shown now."""
    value = value or ""
    return privacy.mask_text(value) if share_mode() else value


def masked_name(value: str | None) -> str:
    """A person's name as it may be shown now (initials when the coach asked for them)."""
    value = value or ""
    if not share_mode():
        return value
    value = privacy.mask_text(value)
    return privacy.initials(value) if share_names() else value


def private_text(value: str | None) -> str:
    """A private note: hidden entirely in screen-share mode."""
    if not value:
        return ""
    return privacy.PRIVATE_NOTE if share_mode() else value


# ---- common widgets ---------------------------------------------------------------------------

def step_header(title: str, step: str | None, explanation: str) -> None:
    """Title, the step in the method, and what the step is for (two lines at most)."""
    st.title(title)
    st.caption(f"{step} · {explanation}" if step else explanation)


def text_block(value: str | None) -> None:
    """Show a person's text as plain text, never as Markdown or HTML."""
    st.text(masked_text(value))


def run_write(action: Callable[[], object], success: str) -> object | None:
    """Run a lib write: toast on success, show the message on Invalid/NotFound (nothing was saved)."""
    try:
        result = action()
    except (Invalid, NotFound) as e:
        st.error(str(e), icon=":material/error:")
        return None
    st.toast(success, icon=":material/check_circle:")
    st.cache_data.clear()
    return result if result is not None else True


def empty_state(message: str, page: str | None = None, label: str | None = None) -> None:
    """Say what to do next where there is nothing yet, with a link to where it is done."""
    st.info(message, icon=":material/lightbulb:")
    if page:
        st.page_link(PAGES[page], label=label or "Go there", icon=":material/arrow_forward:")


# ---- errors nobody planned for ----------------------------------------------------------------

def show_unexpected_error(error: Exception) -> None:
    """A friendly message instead of a traceback; the details go to the server log for a developer."""
    import logging

    logging.getLogger("workbook").exception("Unexpected error on a page", exc_info=error)
    st.error(
        "Something went wrong on this page, and it was not your fault. Everything saved before is safe, "
        "and what you typed is still in the form. Try again; if it keeps happening, reload the page "
        f"and tell whoever runs this app. (Details for them: {type(error).__name__})",
        icon=":material/sentiment_dissatisfied:",
    )
