"""Streamlit glue shared by every page: the connection, the active workbook, masking, common widgets.

The only module of lib/ that imports Streamlit.
"""
from __future__ import annotations

import functools
import threading
import uuid
from collections.abc import Callable

import duckdb
import pandas as pd
import streamlit as st

from lib import db as database
from lib import method, privacy, render, rows, settings, workbooks
from lib.errors import Conflict, Invalid, NotFound

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
    "method": "app_pages/method.py",
}


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

    def __init__(self, root: duckdb.DuckDBPyConnection) -> None:
        self.root = root
        self._local = threading.local()

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


# ---- edit forms: no lost edit (lib/rows.py) ----------------------------------------------------
# Every edit form uses these three: edit_form() before drawing it (fills the widgets and remembers what the
# form was opened with), save_edit() when it is submitted (sends only the changed fields and that memory),
# edit_status() after it (the result, or what changed meanwhile with "keep mine" / "take theirs").

def _opened_key(name: str) -> str:
    return f"_opened_{name}"


def edit_form(name: str, row_id: object, version: int, prefill: dict[str, object], seen: dict[str, object],
              labels: dict[str, str], columns: dict[str, str] | None = None,
              baseline: dict[str, object] | None = None) -> None:
    """Fill the widgets of the edit form `name` (widget key -> value in `prefill`) and remember what it was
    opened with: `version` and `seen` (the stored row, by column). `baseline` overrides, per widget key, what
    counts as unchanged (e.g. None for a drafted text not stored yet: saving it untouched is a change).

    The widgets are filled on first open, for another row, after this session's own save, and when the row
    moved on while nothing was typed; never over what the person typed. `labels` names each widget key for the
    conflict display; `columns` maps a widget key to its column where the two differ.
    """
    s = st.session_state
    state = s.get(_opened_key(name))
    typed_nothing = state is not None and all(
        rows.same(s.get(k), state["form"].get(k)) for k in prefill)
    refill = (
        state is None or state["id"] != row_id or s.pop(f"_refill_{name}", False)
        or any(k not in s for k in prefill)
        or (state["version"] != version and typed_nothing and f"_conflict_{name}" not in s)
    )
    if refill:
        for key, value in prefill.items():
            s[key] = value
        state = {"id": row_id, "version": version, "form": {**prefill, **(baseline or {})}, "seen": dict(seen)}
        s.pop(f"_conflict_{name}", None)
    state.update(latest=dict(prefill), labels=dict(labels), columns=dict(columns or {}))
    s[_opened_key(name)] = state


def save_edit(name: str, save: Callable[[dict[str, object], rows.Opened], object],
              success: str | Callable[[object], str] = "Saved.",
              unchanged: str = "Nothing changed: nothing to save.") -> object | None:
    """Submit the edit form `name`: call `save(changes, opened)` with only the widgets whose value differs
    from what the form was opened with (widget key -> typed value) and a rows.Opened. Returns what `save`
    returned (True when that is None), or None when nothing was saved.

    On Conflict nothing was saved and the typed values stay: edit_status() shows the clash. On Invalid or
    NotFound the message is shown by edit_status(). `success` may be a function of the result. Usable from a
    callback and from the page body.
    """
    s = st.session_state
    state = s[_opened_key(name)]
    typed = {k: s.get(k) for k in state["form"]}
    changes = rows.changed(state["form"], typed)
    if not changes:
        s[f"_flash_{name}"] = ("info", unchanged)
        return None
    try:
        result = save(changes, rows.Opened(state["version"], state["seen"]))
    except Conflict as e:
        s[f"_conflict_{name}"] = {"version": e.version, "current": e.current,
                                  "columns": [c.field for c in e.clashes]}
        return None
    except (Invalid, NotFound) as e:
        s[f"_flash_{name}"] = ("error", f"{e} Nothing was saved.")
        return None
    s.pop(f"_conflict_{name}", None)
    s[f"_refill_{name}"] = True
    s[f"_flash_{name}"] = ("success", success(result) if callable(success) else success)
    st.toast("Changes saved", icon=":material/check_circle:")
    st.cache_data.clear()
    return True if result is None else result


def _keys_of(state: dict, columns: list[str]) -> list[str]:
    # A column may be typed in several widgets (a date and a time): each of them is shown and taken back.
    return [k for c in columns for k in ([k for k in state["form"] if state["columns"].get(k, k) == c] or [c])]


def _keep_mine(name: str, save: Callable[[dict[str, object], rows.Opened], object], success: str) -> None:
    s = st.session_state
    state, conflict = s[_opened_key(name)], s.pop(f"_conflict_{name}")
    state["version"] = conflict["version"]
    state["seen"] = dict(conflict["current"])  # as if opened now: what they typed replaces it
    save_edit(name, save, success)


def _take_theirs(name: str) -> None:
    s = st.session_state
    state, conflict = s[_opened_key(name)], s.pop(f"_conflict_{name}")
    for key in _keys_of(state, conflict["columns"]):
        if key in state["latest"]:
            s[key] = state["form"][key] = state["latest"][key]
    state["version"] = conflict["version"]
    state["seen"] = dict(conflict["current"])
    s[f"_flash_{name}"] = ("info", "The form now shows what is stored for those fields. "
                                   "Your other changes are still in the form: save to keep them.")


def edit_status(name: str, save: Callable[[dict[str, object], rows.Opened], object],
                success: str = "Saved.") -> None:
    """Below an edit form: the result of its last save, or, after a Conflict, each field that changed
    meanwhile (field, what they typed, what is stored now, shown as text) and a choice: keep mine (save what
    they typed over it) or take theirs (the stored values back in those fields; their other edits stay)."""
    s = st.session_state
    flash = s.pop(f"_flash_{name}", None)
    if flash:
        kind, message = flash
        {"error": st.error, "info": st.info}.get(kind, st.success)(
            text(message), icon={"error": ":material/error:", "info": ":material/info:"}.get(kind, ":material/check_circle:"))
    conflict = s.get(f"_conflict_{name}")
    state = s.get(_opened_key(name))
    if not conflict or not state:
        return
    keys = _keys_of(state, conflict["columns"])
    st.warning("Someone else changed this after you opened the form. Nothing was saved yet: your typing "
               "is still in the form. Choose what to keep for the fields below.", icon=":material/sync_problem:")
    frame = pd.DataFrame({
        "Field": [state["labels"].get(k, k) for k in keys],
        "Yours": ["" if s.get(k) is None else str(s.get(k)) for k in keys],
        "Stored now": ["" if state["latest"].get(k) is None else str(state["latest"].get(k)) for k in keys],
    })
    st.dataframe(masked(frame), hide_index=True, key=f"conflict_table_{name}", placeholder="")
    left, right = st.columns(2)
    left.button("Keep mine", key=f"conflict_mine_{name}", type="primary", icon=":material/save:",
                on_click=callback(_keep_mine), args=(name, save, success))
    right.button("Take theirs", key=f"conflict_theirs_{name}", icon=":material/undo:",
                 on_click=callback(_take_theirs), args=(name,))


# ---- one-shot forms: one action, one row (lib/actions.py) --------------------------------------
# A one-shot form (log, schedule, add) is drawn with the key one_shot(name); its action gets that key's token.
# Quick repeated clicks on one rendering carry the same token, so lib stores once; after a save the key
# changes (one_shot_done), so a click still in flight from the old form hits a widget that no longer exists.

def one_shot(name: str) -> str:
    """The key of this rendering of the one-shot form `name` (the same on every run until one_shot_done)."""
    n = st.session_state.get(f"_one_shot_{name}", 0)
    return name if n == 0 else f"{name}_{n}"


def one_shot_token(form_key: str) -> str:
    """The token lib stores for the form drawn with `form_key`: unique to this session and rendering."""
    session = st.session_state.setdefault("_one_shot_session", uuid.uuid4().hex)
    return f"{session}:{form_key}"


def one_shot_done(name: str) -> None:
    """The action of form `name` was saved: the next rendering of the form is a new one (new key and token)."""
    st.session_state[f"_one_shot_{name}"] = st.session_state.get(f"_one_shot_{name}", 0) + 1


def run_once(name: str, form_key: str, action: Callable[[str], object], success: str,
             values: object = None) -> object | None:
    """ui.run_write for a one-shot form: `action(token)` with the token of `form_key`, then the form is renewed
    before anything is drawn (so a repeat click cannot run it again). None when nothing was saved.

    A form that keeps its values after a save (pass them as `values`) refuses the same values again until
    one of them changes: a quick click landing on the renewed form is not a second attempt or meeting.
    """
    last = f"_one_shot_last_{name}"
    if values is not None and st.session_state.get(last) == repr(values):
        st.info("That was just saved with exactly these values. Change something to save another.",
                icon=":material/info:")
        return None
    try:
        result = action(one_shot_token(form_key))
    except (Invalid, NotFound) as e:
        st.error(text(str(e)), icon=":material/error:")  # messages may quote what was typed
        return None
    one_shot_done(name)
    if values is not None:
        st.session_state[last] = repr(values)
    st.toast(text(success), icon=":material/check_circle:")
    st.cache_data.clear()
    return result if result is not None else True


# ---- table editors (st.data_editor): the same rule as edit forms -------------------------------

def opened_rows(frame: pd.DataFrame, columns: tuple[str, ...] | list[str]) -> dict[int, rows.Opened]:
    """What an editable table shows, per row id (its version and the editable columns): what a save compares with."""
    return {int(r["id"]): rows.Opened(int(r.get("version") or 0), {c: r.get(c) for c in columns})
            for r in frame.to_dict("records")}


def run_write_versioned(action: Callable[[], object], success: str, name: str,
                        opened: dict[int, rows.Opened] | None = None) -> object | None:
    """ui.run_write for a table save that may raise Conflict: the clash is kept for table_conflict(name) to
    show (nothing was saved, the edits stay in the table) and None is returned. The row's entry in `opened`
    becomes what is stored now, so saving again keeps the person's values (keep mine)."""
    try:
        result = run_write(action, success)
    except Conflict as e:
        st.session_state[f"_conflict_{name}"] = [(c.field, c.mine, c.theirs) for c in e.clashes]
        if opened is not None and "id" in e.current:
            opened[int(e.current["id"])] = rows.Opened(e.version, e.current)
        return None
    st.session_state.pop(f"_conflict_{name}", None)
    return result


def table_conflict(name: str, labels: dict[str, str]) -> None:
    """After a refused table save: each cell someone else changed meanwhile (field, yours, stored now), as text.
    The person keeps their edits in the table; Discard takes the stored values."""
    clashes = st.session_state.get(f"_conflict_{name}")
    if not clashes:
        return
    st.warning("Someone else changed these after you started editing, so nothing was saved. Save again to keep "
               "yours, or discard your changes to take theirs.", icon=":material/sync_problem:")
    st.dataframe(masked(pd.DataFrame({
        "Field": [labels.get(f, f) for f, _, _ in clashes],
        "Yours": ["" if m is None else str(m) for _, m, _ in clashes],
        "Stored now": ["" if t is None else str(t) for _, _, t in clashes],
    })), hide_index=True, key=f"conflict_table_{name}", placeholder="")
