"""Streamlit glue shared by every page: the connection, the active workbook, masking, common widgets.

The only module of lib/ that imports Streamlit.
"""
from __future__ import annotations

from collections.abc import Callable

import duckdb
import pandas as pd
import streamlit as st

from lib import db as database
from lib import privacy, render, workbooks
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
# One toggle, kept in the URL (?share=true), so the mode survives reloads, shared links and moving
# between pages. Everything a page shows that may hold private data goes through the helpers below.
# The URL is written by hand on every run, like ?wb=. With bind="query-params" the toggle kept its
# value in the session but, in this app, the parameter vanished from the URL when the sidebar
# navigation changed page (seen with Streamlit 1.67 in Chromium), so a reload came back unmasked.
SHARE_NAMES_KEY = "share_names"   # widget key and URL query parameter of "names as initials"
_TRUE = ("true", "1", "yes", "on")


def _url_flag(key: str) -> None:
    """Start a session's toggle from the URL; afterwards the toggle's own state wins."""
    if key not in st.session_state:
        st.session_state[key] = str(st.query_params.get(key, "")).strip().lower() in _TRUE


def _write_flag(key: str, on: bool) -> None:
    if on:
        st.query_params[key] = "true"
    elif key in st.query_params:
        del st.query_params[key]  # off is the default: keep the URL clean


def share_mode_toggle() -> bool:
    _url_flag(SHARE_KEY)
    _url_flag(SHARE_NAMES_KEY)
    on = st.sidebar.toggle(
        "Screen-share mode", key=SHARE_KEY,
        help="Hides emails, phone numbers, LinkedIn addresses and private notes on every page.",
    )
    names = st.sidebar.toggle(
        "Names as initials", key=SHARE_NAMES_KEY, disabled=not on,
        help="In screen-share mode, also shows people's names as initials (H. N.) in lists and charts.",
    )
    _write_flag(SHARE_KEY, on)
    _write_flag(SHARE_NAMES_KEY, on and names)
    if on:
        st.sidebar.caption(":material/visibility_off: Private details are hidden on every page.")
    return on


def share_mode() -> bool:
    return bool(st.session_state.get(SHARE_KEY, False))


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


# ---- the render layer: every piece of user data reaches the screen and downloads through these ------------
# Elements that read Markdown (headings, captions, markdown, labels of buttons, expanders, toggles, tabs,
# checkboxes and radio options, toasts, alerts) get `text()`, `name()` or `md()`: masked, then escaped.
# Elements that never interpret (st.text, st.code, dataframes, widget values) get `plain()` or `masked()`.
Md = render.Md


def text(value: object, names=()) -> render.Md:
    """User text for a place that reads Markdown: masked in screen-share mode, then made literal.
    `names` as for plain()."""
    if isinstance(value, render.Md):
        return value
    return render.escape(plain(value, names))


def name(value: object) -> render.Md:
    """A person's (or workbook's) name for a place that reads Markdown: masked, initials when asked, literal."""
    if isinstance(value, render.Md):
        return value
    return render.escape(masked_name(None if value is None else str(value)))


def md(template: str, /, **values: object) -> render.Md:
    """The developer's Markdown template filled with user values: each value masked as text and escaped,
    unless it is already `Md` (from `name()`, `text()` or `md()`). Use it for every label built from data."""
    return render.md(template, **{k: v if isinstance(v, render.Md) else text(v) for k, v in values.items()})


def plain(value: object, names=()) -> str:
    """User text for an element that never interprets it (st.text, st.code, a widget's value): masked only.

    `names`: people's names the text may hold (a script, a report); written as initials when the coach asked."""
    out = masked_text(None if value is None else str(value))
    return privacy.names_to_initials(out, names) if share_names() and names else out


def mode_key(key: str) -> str:
    """A widget key of its own in screen-share mode: a keyed widget keeps its value across runs, so the same
    key would go on showing the unmasked text typed or loaded before the mode was switched on."""
    return f"{key}__masked" if share_mode() else key


def editable() -> bool:
    """False in screen-share mode: a form prefilled with masked text must not save (it would store the dots)."""
    return not share_mode()


def read_only_note() -> None:
    """Say why a form is read-only on a shared screen."""
    st.caption(":material/visibility_off: Screen-share mode is on: this is shown masked and cannot be saved. "
               "Turn the mode off to edit.")


def link_button(label: str, url: str | None, **kwargs) -> None:
    """A link to a person's address (mailto:, LinkedIn, a meeting): not drawn at all in screen-share mode,
    because the address sits in the page even when the button is disabled."""
    if url and not share_mode():
        st.link_button(label, url, **kwargs)


def download_text(value: str | None, names=()) -> str:
    """A text file's content as it may be downloaded now: masked in screen-share mode (`names` as for plain())."""
    return plain(value or "", names)


def masked_data(value, names=(), private_keys=("notes",)):
    """Nested data (a printable sheet, a report) as it may be shown or downloaded now: in screen-share mode every
    string masked, `names` as initials when asked, and strings under `private_keys` (live-meeting notes) hidden."""
    if not share_mode():
        return value
    return render.map_text(value, lambda v: plain(v, names), private=private_text, private_keys=private_keys)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A CSV download: masked in screen-share mode and safe to open in a spreadsheet (no formulas run)."""
    return render.csv_bytes(masked(frame))


# ---- common widgets ---------------------------------------------------------------------------

def step_header(title: str, step: str | None, explanation: str) -> None:
    """Title, the step in the method, and what the step is for (two lines at most)."""
    st.title(title)
    st.caption(f"{step} · {explanation}" if step else explanation)


def text_block(value: str | None, names=()) -> None:
    """Show a person's text as plain text, never as Markdown or HTML (`names` as for plain())."""
    st.text(plain(value, names))


def run_write(action: Callable[[], object], success: str) -> object | None:
    """Run a lib write: toast on success, show the message on Invalid/NotFound (nothing was saved)."""
    try:
        result = action()
    except (Invalid, NotFound) as e:
        st.error(text(str(e)), icon=":material/error:")  # messages may quote what was typed
        return None
    st.toast(text(success), icon=":material/check_circle:")  # plain text unless built with md()
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
