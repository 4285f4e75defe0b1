"""Streamlit glue shared by every page: the workbook picker, the screen-share toggles, masking, common widgets.

The run's database handle and the stored screen-share mode are in views/session.py.

Writes and their feedback are in views/forms.py; the page context, URL parameters, pager and cache in
views/kit.py.
"""
from __future__ import annotations

import functools
from collections.abc import Callable

import pandas as pd
import streamlit as st

from lib import access, contacts, errors, privacy, render, settings, workbooks
from lib import db as database
from lib.errors import NoAccess
from views import auth, renewed, session, whole

WORKBOOK_KEY = "wb"          # widget key and URL query parameter of the active workbook
_REMEMBERED = "_workbook_remembered"  # the workbook this session last stored as the one opened (lib/settings.py)
_PENDING_SWITCH = whole.SWITCH
_ITEM_PARAMS = ("contact", "org", "meeting")  # links to one item of a workbook (views/research/navigation.py, …)


# ---- the active workbook ----------------------------------------------------------------------

def switch_workbook(workbook_id: int) -> None:
    """Make a workbook active from anywhere; takes effect on the next run (call st.rerun after). What the callback
    said before ("Created …") is about the workbook it opens."""
    st.session_state[_PENDING_SWITCH] = workbook_id
    whole.about(workbook_id)


def in_workbook(message: str, workbook_id: int | None) -> str:
    """`message` (safe to show), said about `workbook_id`: as it is while that workbook is open, else after the
    workbook's name (a save's confirmation shown after a quick switch to another workbook)."""
    open_now = whole.open_workbook()
    if workbook_id is None or open_now is None or workbook_id == open_now:
        return message
    try:
        said_in = workbooks.get(session.db(), workbook_id).name
    except errors.NotFound:
        return message
    return md("In {workbook}: {message}", workbook=name(said_in), message=text(message))


_PICKER = "workbook_picker"  # the counter of the sidebar picker's keys (views/renewed.py), one for every mode


def picker_key() -> str:
    """The sidebar picker's widget key: one per masking mode (the browser sends a selectbox's choice back as its
    label), and a new one after each switch the app makes."""
    key = WORKBOOK_KEY if not session.share_mode() else f"{WORKBOOK_KEY}_share_{'initials' if session.share_names() else 'names'}"
    return renewed.key(key, _PICKER)


def workbook_picker() -> workbooks.Workbook:
    """The sidebar picker. The choice is written to the URL (?wb=ID) on every run, so a reload or a
    shared link reopens the same workbook; within a session the picker's own state wins.

    Call it after share_mode_toggle(): the labels follow screen-share mode, and each masking mode has its
    own widget, because the browser sends a selectbox's choice back as its label.
    """
    con = session.db()
    person = auth.person()  # None in local mode: every workbook, as before
    active = access.visible_workbooks(con, person)
    if not active:
        active = [access.ensure_own(con, person)]
    ids = [w.id for w in active]
    refused = None
    missed_link = False  # local: the link's workbook is not here (archived or deleted), said once one is open
    # Held whole: a newer click stopping the run between taking the app's switch and setting the new key lost the
    # switch (the workbook just created stayed closed: seen in CI).
    with whole.hold():
        previous = st.session_state.get("_current_workbook")
        pending = st.session_state.pop(_PENDING_SWITCH, None)
        if pending in ids:
            # A switch made by the app (a workbook created or opened) gives the picker a new key: a click still in
            # flight carries the old picker's value, which would switch straight back (found by a hostile tester).
            renewed.renew(_PICKER)
        key = picker_key()
        if pending in ids:
            choice = pending
        elif st.session_state.get(key) in ids:
            choice = st.session_state[key]
        elif previous is not None and previous.id in ids:
            choice = previous.id  # carried over from the other masking mode's picker
        else:
            from_url = _int_or_none(st.query_params.get(WORKBOOK_KEY))
            if WORKBOOK_KEY not in st.query_params:  # a link without ?wb= (a sidebar link in a new tab): where they were
                from_url = settings.last_workbook(con, person=session.settings_person())
            choice = from_url if from_url in ids else ids[0]
            missed_link = person is None and WORKBOOK_KEY in st.query_params and from_url not in ids
            if person is not None and WORKBOOK_KEY in st.query_params and from_url not in ids:
                refused = access.refusal(from_url)  # hosted: another person's workbook (or none) by its link
        if (refused is None and person is not None and previous is not None and previous.id != choice
                and pending is None and not access.may_open(con, person, previous.id)):
            refused = access.refusal(previous.id)  # hosted: the workbook open until now was taken back: say so
        st.session_state[key] = choice
    labels = {w.id: masked_name(w.name) for w in active}
    chosen = st.selectbox(
        "Workbook", ids, format_func=lambda i: labels.get(i, str(i)), key=key,
        help="One workbook per person. Manage them on the Workbooks page.",
    )
    st.query_params[WORKBOOK_KEY] = str(chosen)
    if previous is not None and previous.id != chosen:
        for param in _ITEM_PARAMS:  # a person, organization or meeting of the workbook open before is not in this one
            st.query_params.pop(param, None)
    _remember_opened(con, chosen)
    wb = next(w for w in active if w.id == chosen)
    st.session_state["_current_workbook"] = wb
    if previous is not None and previous.id not in ids and pending is None and refused is None:
        # The workbook open until now was archived or deleted elsewhere: say so, not switch without a word (a
        # hostile tester's page "quietly" showed another workbook, empty, after its save was taken).
        with whole.callback():  # drawn by app.py with the page's other notices, in the main area
            whole.say("warning", md("{old} was archived or deleted, so it is closed here and nothing more is saved in "
                                    "it: {new} is open now. (An archived workbook can be restored on the Workbooks "
                                    "page.)", old=name(previous.name), new=name(wb.name)),
                      ":material/folder_off:")
    if missed_link:  # it opened another workbook without a word (a hostile tester's bookmark of an archived one)
        with whole.callback():
            whole.say("warning", md("The workbook of that link is archived or was deleted, so {new} is open instead. "
                                    "(An archived workbook can be restored on the Workbooks page.)",
                                    new=name(wb.name)), ":material/folder_off:")
    if refused:
        raise NoAccess(refused)  # after the picker is drawn on the person's own workbook; app.py says why
    return wb


def listed_workbooks() -> tuple:
    """What the sidebar picker lists, (id, name) each: when it changed, a part's own run gives way to the page's
    (a workbook made or renamed in another tab was missing from a picker only a page run draws: a hostile tester)."""
    return tuple((w.id, w.name) for w in access.visible_workbooks(session.db(), auth.person()))


def _remember_opened(con, workbook_id: int) -> None:
    """Store the workbook this session opened, once per session and switch (not on every run)."""
    if st.session_state.get(_REMEMBERED) != workbook_id and not session.signed_out_elsewhere():
        settings.set_last_workbook(con, workbook_id, person=session.settings_person())
        st.session_state[_REMEMBERED] = workbook_id


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


def share_mode_toggle() -> bool:
    """The sidebar toggles, showing the stored mode; a flip is stored for every session at once."""
    if session.SHARE_KEY not in st.session_state:
        session.load_share_mode()
    on = st.sidebar.toggle(
        "Screen-share mode", key=session.SHARE_KEY, on_change=callback(session.store_flag), args=(session.SHARE_KEY,),
        help="Hides emails, phone numbers, LinkedIn addresses and private notes on every page, in every tab "
             "and window, until you turn it off here.",
    )
    st.sidebar.toggle(
        "Names as initials", key=session.SHARE_NAMES_KEY, disabled=not on, on_change=callback(session.store_flag), args=(session.SHARE_NAMES_KEY,),
        help="In screen-share mode, also shows people's names as initials (H. N.) in lists and charts.",
    )
    if on:
        st.sidebar.caption(":material/visibility_off: Private details are hidden on every page until you turn "
                           "this off.")
    return on


def masked(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as it may be shown now: private data hidden in screen-share mode."""
    if not session.share_mode() or frame is None:
        return frame
    if isinstance(frame, pd.Series):
        return privacy.mask_frame(frame.to_frame(), names=session.share_names()).iloc[:, 0]
    return privacy.mask_frame(frame, names=session.share_names())


def masked_text(value: str | None) -> str:
    """Free text as it may be shown now."""
    return text_masker(session.share_mode())(value)


def text_masker(share: bool) -> Callable[[str | None], str]:
    """masked_text for a mode given, not read from the session."""
    return (lambda value: privacy.mask_text(value or "")) if share else (lambda value: value or "")


def masked_name(value: str | None) -> str:
    """A person's name as it may be shown now (initials when the coach asked for them)."""
    return name_masker(session.share_mode(), session.share_names())(value)


def maskers() -> tuple[Callable[[str | None], str], Callable[[str | None], str]]:
    """masked_name and masked_text for the mode of this run, read once: for a list of a few hundred labels (each
    reading the session twice or more was ~8 ms of a run at the large workbook, issue 17)."""
    share = session.share_mode()
    return name_masker(share, session.share_names()), text_masker(share)


def name_masker(share: bool, initials: bool) -> Callable[[str | None], str]:
    """masked_name for a mode given, not read from the session: for a kept read keyed by the mode, which the
    background worker (views/prewarm.py) asks outside any session."""
    def masked(value: str | None) -> str:
        value = value or ""
        if not share:
            return value
        value = privacy.mask_text(value)
        return privacy.initials(value) if initials else value
    return masked


def private_text(value: str | None) -> str:
    """A private note: hidden entirely in screen-share mode."""
    if not value:
        return ""
    return privacy.PRIVATE_NOTE if session.share_mode() else value


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

    `names`: people's names the text may hold (a script, a report); written as initials when the coach asked,
    with the name of anyone of the workbook the text holds (an insight that says "ask Noah")."""
    out = masked_text(None if value is None else str(value))
    if not session.share_names() or not out:
        return out
    return privacy.names_to_initials(out, [*names, *_workbook_names().named_in(out)])


def _workbook_names() -> privacy.NameIndex:
    wb = st.session_state.get("_current_workbook")
    if wb is None:
        return privacy.NameIndex(())
    return _name_index(session.db(), str(database.path_from_env()), database.data_version(wb.id), wb.id)


@st.cache_data(show_spinner=False, max_entries=16)
def _name_index(_cur, db_key: str, version: object, workbook_id: int) -> privacy.NameIndex:
    """The workbook's names by part, kept until its data changes (~30,000 names in a large workbook). Only used to
    hide names, never shown: shared by the sessions that may open the workbook."""
    return privacy.NameIndex(contacts.names(_cur, workbook_id))


def editable() -> bool:
    """False in screen-share mode: a form prefilled with masked text must not save (it would store the dots)."""
    return not session.share_mode()


def read_only_note() -> None:
    """Say why a form is read-only on a shared screen."""
    st.caption(":material/visibility_off: Screen-share mode is on: this is shown masked and cannot be saved. "
               "Turn the mode off to edit.")


def link_button(label: str, url: str | None, **kwargs) -> None:
    """A link to a person's address (mailto:, LinkedIn, a meeting): not drawn at all in screen-share mode,
    because the address sits in the page even when the button is disabled."""
    if url and not session.share_mode():
        st.link_button(label, url, **kwargs)


def download_text(value: str | None, names=()) -> str:
    """A text file's content as it may be downloaded now: masked in screen-share mode (`names` as for plain())."""
    return plain(value or "", names)


def masked_data(value, names=(), private_keys=("notes",)):
    """Nested data (a printable sheet, a report) as it may be shown or downloaded now: in screen-share mode every
    string masked, `names` as initials when asked, and strings under `private_keys` (live-meeting notes) hidden."""
    if not session.share_mode():
        return value
    return render.map_text(value, lambda v: plain(v, names), private=private_text, private_keys=private_keys)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A CSV download: masked in screen-share mode and safe to open in a spreadsheet (no formulas run)."""
    return render.csv_bytes(masked(frame))


# ---- common widgets ---------------------------------------------------------------------------

def small_table(frame: pd.DataFrame) -> None:
    """A short read-only list (a handful of rows) as one Markdown table: masked, then escaped cell by cell."""
    st.markdown(table_markdown(frame))


def table_markdown(frame: pd.DataFrame) -> str:
    """small_table's Markdown, to join with other text into one element."""
    return render.markdown_table(masked(frame))


def figures(*cards: tuple) -> None:
    """A row of figures as st.metric cards look, in one HTML element (render.figure_cards: four metrics in columns
    are nine elements and took ~25 ms more to draw, issue 17). Pass only the app's own figures: nothing is masked."""
    st.html(render.figure_cards(cards))


def text_block(value: str | None, names=()) -> None:
    """Show a person's text as plain text, never as Markdown or HTML (`names` as for plain())."""
    st.text(plain(value, names))


# ---- errors nobody planned for ----------------------------------------------------------------

def show_unexpected_error(error: Exception) -> None:
    """A friendly message instead of a traceback; the details go to the server log for a developer."""
    import logging

    logging.getLogger("workbook").exception("Unexpected error on a page", exc_info=error)
    whole.say("error", errors.unexpected_message(error), ":material/sentiment_dissatisfied:")


def callback(fn: Callable[..., object]) -> Callable[..., None]:
    """`fn` as a widget callback (on_click, on_change): it runs whole, and what it says is shown at the top of the
    run that follows (views/whole.py); an unexpected error in it reaches show_unexpected_error, like an error in
    the page body, instead of a raw traceback."""

    @functools.wraps(fn)
    def run(*args, **kwargs) -> None:
        try:
            with whole.callback():
                if session.signed_out_elsewhere():
                    return  # hosted: the person signed out in another tab; the run shows the sign-in page
                fn(*args, **kwargs)
        except NoAccess:
            pass  # the open workbook was taken back meanwhile: the run that follows refuses it and says why (picker)
        except Exception as error:  # noqa: BLE001 - Streamlit's control flow (rerun, stop) is BaseException
            show_unexpected_error(error)

    return run
