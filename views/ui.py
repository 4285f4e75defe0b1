"""Streamlit glue shared by every page: the connection, the active workbook, masking, common widgets.

Writes and their feedback are in views/forms.py; the page context, URL parameters, pager and cache in
views/kit.py.
"""
from __future__ import annotations

import functools
import threading
from collections.abc import Callable

import duckdb
import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from lib import db as database
from lib import access, acting, method, privacy, render, settings, workbooks
from lib.errors import NoAccess
from views import auth
from views.registry import PAGES

WORKBOOK_KEY = "wb"          # widget key and URL query parameter of the active workbook
SHARE_KEY = "share"          # widget key and URL query parameter of screen-share mode
_PENDING_SWITCH = "_switch_to_workbook"


# ---- the connection ---------------------------------------------------------------------------

@st.cache_resource(show_spinner=False)
def _root(path: str) -> duckdb.DuckDBPyConnection:
    return database.open(path)  # connects, migrates, checkpoints; DatabaseLocked if another process has it


class RunCursor:
    """A handle on the database that is safe to keep anywhere (a page global, a callback's closure).

    Every call goes to the calling thread's own cursor on the root connection, made on first use. A script run
    (with the callbacks that start it) executes on one thread, and Streamlit starts an overlapping run on another
    thread, so two runs or a run and a callback never share a cursor (DuckDB 2.0 raises ResourceInUseException
    when they do).
    """

    def __init__(self, root: duckdb.DuckDBPyConnection, person: str | None = None) -> None:
        self.root = root
        self.acting_person = person  # who lib checks access for (lib/acting.py); None: the local person
        self._local = threading.local()

    @property
    def access_memo(self) -> dict:
        """lib's answers to "may this person open that workbook", kept for this script run only (so a revoked
        coach is refused from the next run on); the run is told by Streamlit's per-run context object."""
        ctx = get_script_run_ctx(suppress_warning=True)
        run = getattr(ctx, "parallel_coordinator", None)
        if run is None:
            return {}  # outside a script run: no memory
        if getattr(self._local, "memo_run", None) is not run:
            self._local.memo_run, self._local.memo = run, {}
        return self._local.memo

    def cursor(self) -> acting.Scoped:
        """A cursor of its own (for work on another thread) that acts as the same person."""
        return acting.Scoped(self.own().cursor(), self.acting_person, self.access_memo)

    def own(self) -> duckdb.DuckDBPyConnection:
        """The calling thread's cursor (the one every other call of this handle uses)."""
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._local.cursor = self.root.cursor()
        return cur

    def close(self) -> None:
        """Close the calling thread's cursor; the next call makes a fresh one."""
        cur = getattr(self._local, "cursor", None)
        self._local.cursor = None
        if cur is not None:
            cur.close()

    def __getattr__(self, name: str):
        return getattr(self.own(), name)


def db() -> duckdb.DuckDBPyConnection:
    """This session's database handle: each script run and each callback works on a cursor of its own
    (see RunCursor), so overlapping runs of one session never share one."""
    root = _root(str(database.path_from_env()))
    cached = st.session_state.get("_db_cursor")
    if cached is None or cached[0] is not root:
        cached = (root, RunCursor(root))
        st.session_state["_db_cursor"] = cached
    cached[1].acting_person = _acting_person()
    return cached[1]


def _acting_person() -> str | None:
    """Who lib checks access for: the signed-in person; in hosted mode without one, nobody (fail closed)."""
    person = auth.person()
    if person is None and auth.hosted():
        return acting.NOBODY
    return person


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
    person = auth.person()  # None in local mode: every workbook, as before
    active = access.visible_workbooks(con, person)
    if not active:
        active = [access.ensure_own(con, person)]
    ids = [w.id for w in active]
    refused = None
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
        if person is not None and WORKBOOK_KEY in st.query_params and from_url not in ids:
            refused = access.refusal(from_url)  # hosted: another person's workbook (or none) by its link
    st.session_state[key] = choice
    labels = {w.id: masked_name(w.name) for w in active}
    chosen = st.selectbox(
        "Workbook", ids, format_func=lambda i: labels.get(i, str(i)), key=key,
        help="One workbook per person. Manage them on the Workbooks page.",
    )
    st.query_params[WORKBOOK_KEY] = str(chosen)
    wb = next(w for w in active if w.id == chosen)
    st.session_state["_current_workbook"] = wb
    if refused:
        raise NoAccess(refused)  # after the picker is drawn on the person's own workbook; app.py says why
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
    stored = settings.flags(con, person=_settings_person())
    if not st.session_state.get(_URL_READ):
        st.session_state[_URL_READ] = True
        for key, name in _SETTINGS.items():
            if _url_flag(key) and not stored[name]:
                settings.set_flag(con, name, True, person=_settings_person())
                stored[name] = True
            if key in st.query_params:
                del st.query_params[key]  # consumed: a later reload must not turn it back on after an "off"
    for key, name in _SETTINGS.items():
        st.session_state[key] = stored[name]  # before the toggle exists in this run: it shows the stored value


def _settings_person() -> str:
    """Whose stored settings: the signed-in person's in hosted mode, the local person's otherwise."""
    return auth.person() or settings.LOCAL


def _url_flag(key: str) -> bool:
    return str(st.query_params.get(key, "")).strip().lower() in _TRUE


def _store_toggle(key: str) -> None:
    """on_change of a toggle: the person flipped it in this session, so that is the new stored value."""
    settings.set_flag(db(), _SETTINGS[key], bool(st.session_state[key]), person=_settings_person())


def share_mode_toggle() -> bool:
    """The sidebar toggles, showing the stored mode; a flip is stored for every session at once."""
    if SHARE_KEY not in st.session_state:
        load_share_mode()
    on = st.sidebar.toggle(
        "Screen-share mode", key=SHARE_KEY, on_change=callback(_store_toggle), args=(SHARE_KEY,),
        help="Hides emails, phone numbers, LinkedIn addresses and private notes on every page, in every tab "
             "and window, until you turn it off here.",
    )
    st.sidebar.toggle(
        "Names as initials", key=SHARE_NAMES_KEY, disabled=not on, on_change=callback(_store_toggle), args=(SHARE_NAMES_KEY,),
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

# Streamlit leaves 6rem above the main block; 2rem keeps the title clear of the fixed header (its sidebar
# toggle and menu) while a page's title and first lines stay above the fold at 1280x720.
_LAYOUT_CSS = "<style>.stMainBlockContainer { padding-top: 2rem; }</style>"


def compact_layout() -> None:
    """Less blank space above every page's title (one CSS rule; call once per run, from app.py)."""
    st.html(_LAYOUT_CSS)  # a style-only html element takes no room on the page


def step_header(title: str, step: str | None, explanation: str, tooltip: str | None = None) -> None:
    """Title, the step in the method, and what the step is for (two lines at most); `tooltip` on it
    (by default, on a step page, a link to the step's section of the Method page)."""
    st.title(title)
    if tooltip is None and step and step.startswith("Step "):
        tooltip = method.step_help(int(step.removeprefix("Step ")))
    st.caption(f"{step} · {explanation}" if step else explanation, help=tooltip)


def method_help(*codes: str, lead: str = "") -> str:
    """A help= tooltip for the method points `codes` ("M14", "M16–M17"): their titles in words, each a link to
    its explanation on the Method page; the ids themselves never reach the screen. `lead` is app text shown first."""
    return method.help_text(*codes, lead=lead)


def tiara_help() -> str:
    """A help= tooltip that spells out TIARA (Trends, Insights, Advice, Resources, Assignments), linking to more."""
    return method.tiara_help()


def text_block(value: str | None, names=()) -> None:
    """Show a person's text as plain text, never as Markdown or HTML (`names` as for plain())."""
    st.text(plain(value, names))


def empty_state(message: str, page: str | None = None, label: str | None = None,
                query_params: dict[str, str] | None = None) -> None:
    """Say what to do next where there is nothing yet, with a link to where it is done (`query_params`: the
    exact place on that page, e.g. {"view": "meetings"} for Outreach's Meetings tab)."""
    st.info(message, icon=":material/lightbulb:")
    if page:
        st.page_link(PAGES[page], label=label or "Go there", icon=":material/arrow_forward:",
                     **({"query_params": query_params} if query_params else {}))


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


def callback(fn: Callable[..., object]) -> Callable[..., None]:
    """`fn` as a widget callback (on_click, on_change): an unexpected error in it reaches
    show_unexpected_error, like an error in the page body, instead of a raw traceback."""

    @functools.wraps(fn)
    def run(*args, **kwargs) -> None:
        try:
            fn(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - Streamlit's control flow (rerun, stop) is BaseException
            show_unexpected_error(error)

    return run
