"""The page kit: what every page and view uses for its chores, so none improvises them.

- Context / context(): this run's database cursor, workbook, screen-share state and clock, built once per run
  (begin_run, called by app.py) and passed explicitly to every view function.
- url_int() / url_text() / take_url(): the one reader of URL query parameters.
- pager(): the one pager (page links; the page number survives reruns and is reset by a new search).
- cached(): the one cache of derived data, keyed by the workbook's data version (lib/db.py `writes` bumps it
  on every write), so nothing is ever cleared by hand and nothing is stale.
- prefill(): put a value in a form's widget before it is drawn (never over what the person typed).
Writes and their feedback: views/forms.py. User text on screen: views/ui.py.
"""
from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

import streamlit as st

from lib import db as database
from lib import access, acting, workbooks
from views import auth, prewarm, renewed, session, ui

T = TypeVar("T")
_CONTEXT = "_page_context"


@dataclass(frozen=True)
class Context:
    """What a view needs from this run. Frozen: a view reads it, never changes it."""
    cur: session.RunCursor           # this run's database handle (safe in callbacks: each thread its own cursor)
    wb: workbooks.Workbook      # the active workbook
    share: bool                 # screen-share mode is on
    initials: bool              # ... and names are shown as initials
    now: datetime               # one clock per run, so every part of a page agrees on "today"

    @property
    def today(self) -> date:
        return self.now.date()

    def link(self, **params: object) -> dict[str, str]:
        """Query parameters of a link to a place in this workbook (st.page_link(..., query_params=ctx.link(...)))."""
        return {"wb": str(self.wb.id), **{k: str(v) for k, v in params.items() if v is not None}}


def begin_run() -> Context:
    """Build this run's context (after the sidebar chose the workbook and the mode); app.py calls it once."""
    ctx = Context(cur=session.db(), wb=ui.current_workbook(), share=session.share_mode(), initials=session.share_names(),
                  now=datetime.now())
    st.session_state[_CONTEXT] = ctx
    note_open(ctx.wb.id)  # hosted: a coach's opening goes in the owner's access log
    return ctx


def context() -> Context:
    """This run's context (built by app.py; built here when a page runs without it, e.g. in a unit test)."""
    ctx = st.session_state.get(_CONTEXT)
    return ctx if isinstance(ctx, Context) else begin_run()


# ---- URL parameters ---------------------------------------------------------------------------

def url_text(name: str) -> str | None:
    """The query parameter `name`, stripped; None when absent or blank."""
    value = str(st.query_params.get(name) or "").strip()
    return value or None


def url_int(name: str) -> int | None:
    """The query parameter `name` as a whole number; None when absent or not a number (a hand-edited link)."""
    value = url_text(name)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def take_url(name: str) -> str | None:
    """Read the query parameter `name` once and take it out of the URL (a deep link is used once: after it, the
    person's own picks stick and a reload does not pull them back)."""
    value = url_text(name)
    if name in st.query_params:
        del st.query_params[name]
    return value


# ---- the pager --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    number: int    # from 1
    pages: int     # how many pages there are (at least 1)
    size: int
    total: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def first(self) -> int:
        """The position (from 1) of the page's first row; 0 when there is none."""
        return min(self.offset + 1, self.total)

    @property
    def last(self) -> int:
        return min(self.offset + self.size, self.total)


def pager(key: str, total: int, size: int) -> Page:
    """Page links under a list of `total` rows, `size` a page (nothing drawn for one page). The page number is
    kept in st.session_state[key], a plain value, so a new search can set it back with reset_pager(key)."""
    pages = max(1, math.ceil(total / size)) if size else 1
    number = min(max(int(st.session_state.get(key) or 1), 1), pages)
    st.session_state[key] = number
    if pages > 1:
        # A fresh widget whenever the number was changed from outside it, so the links show the page the list shows.
        widget = renewed.key(f"{key}_links")
        if st.session_state.get(widget, number) != number:
            renewed.renew(f"{key}_links")
            widget = renewed.key(f"{key}_links")
        st.pagination(pages, default=number, key=widget, max_visible_pages=9,
                      on_change=ui.callback(lambda: st.session_state.update({key: st.session_state[widget]})))
    return Page(number, pages, size, total)


def reset_pager(key: str) -> None:
    """Back to the first page (a new search or filter)."""
    st.session_state[key] = 1


# ---- the cache --------------------------------------------------------------------------------

def _kept(read: Callable[..., T], label: str, max_entries: int) -> Callable[..., T]:
    """`read` behind st.cache_data, keyed by the database, a data version and read's own arguments."""

    def keep(_cur, db_key: str, version: object, *args, **kwargs) -> T:
        return read(_cur, *args, **kwargs)

    keep.__qualname__ = f"{label}.{read.__module__}.{read.__qualname__}"  # one cache per read function
    return st.cache_data(show_spinner=False, max_entries=max_entries)(keep)


def cached(fn: Callable[..., T] | None = None, *, max_entries: int = 64) -> Callable[..., T]:
    """Decorator: `fn(cur, workbook_id, *args)` (a lib read) kept until the workbook's data changes. Call the
    result as `f(ctx, *args)`. The key is the database, the workbook, its data version and the other arguments
    (which must be hashable values); every lib write moves the version on, in every session. What it returns must
    depend on its arguments alone, never on the session (the screen-share mode, the person): views/prewarm.py asks
    it again after a write outside any session, so pass such a thing as an argument (the Network page's masking)."""

    def wrap(read: Callable[..., T]) -> Callable[..., T]:
        keep = _kept(read, "cached", max_entries)

        @functools.wraps(read)
        def run(ctx: Context, *args, **kwargs) -> T:
            acting.enforce(ctx.cur, ctx.wb.id)  # before the cache, which every session shares
            db_key, version = str(database.path_from_env()), database.data_version(ctx.wb.id)
            prewarm.note(keep, db_key, version, ctx.wb.id, args, kwargs)  # asked again after a write (views/prewarm.py)
            return keep(ctx.cur, db_key, version, ctx.wb.id, *args, **kwargs)

        def known_otherwise(ctx: Context, *args, **kwargs) -> None:
            """What `run(ctx, *args)` returns at this version was had another way (views/outreach/due.py carries
            a total across a write): the background worker need not ask it."""
            prewarm.note(keep, str(database.path_from_env()), database.data_version(ctx.wb.id), ctx.wb.id, args, kwargs)

        run.known_otherwise = known_otherwise
        return run

    return wrap(fn) if fn is not None else wrap


def cached_across(read: Callable[..., T]) -> Callable[..., T]:
    """Decorator like cached(), for a lib read over every workbook the acting person may open, `read(cur, *args)`
    (the coach's cohort): kept per person until any workbook's data changes. Call the result as `f(ctx, *args)`."""
    keep = _kept(read, "cached_across", 32)

    @functools.wraps(read)
    def run(ctx: Context, *args, **kwargs) -> T:
        # Keyed by the acting person too: the read keeps to the workbooks they may open, and the cache is shared.
        where = f"{database.path_from_env()}|{acting.acting_person(ctx.cur)}"
        return keep(ctx.cur, where, database.latest_version(), *args, **kwargs)

    return run


# ---- forms ------------------------------------------------------------------------------------

def prefill(values: dict[str, object], *, when: bool = False) -> None:
    """Put each value in the widget of its key before the widget is drawn: when the key is not set yet, or
    `when` is true (another row opened). Never over a value the person typed in the same row."""
    for key, value in values.items():
        if when or key not in st.session_state:
            st.session_state[key] = value


def server_cursor():
    """A cursor of its own on the app's one database connection, for code that runs outside any script run (an
    HTTP route of st.App, views/calendar_route.py). The caller closes it."""
    return session._root(str(database.path_from_env())).cursor()


# ---- the coach access log ---------------------------------------------------------------------
_NOTED_OPEN = "_access_noted"  # (person, workbook id) this session last told lib it opened


def note_open(workbook_id: int) -> None:
    """Hosted mode: tell lib the signed-in person opened this workbook, for its owner's access log (lib notes it
    only for someone who is not the owner, at most once an hour). Asked when the session's open workbook changes
    (its first run, a switch), never on the reruns in between, so clicking around writes and reads nothing here."""
    person = auth.person()
    if person is None or st.session_state.get(_NOTED_OPEN) == (person, workbook_id):
        return
    access.record_open(session.db(), person, workbook_id)
    st.session_state[_NOTED_OPEN] = (person, workbook_id)
