"""A part of a page that runs again alone when a widget inside it is used (st.fragment): the Questions plan, a
meeting's review, the Outreach tabs and, inside them, their log-and-answer section. A full run redraws every
element of the page in the browser; a save in the part redraws the part only (a question moved: 203 → 156 ms at
the large workbook, issue 17).

What app.py works out at the start of every run is worked out again when the part runs alone, and whenever the
whole page would be drawn differently, the whole page runs instead (st.rerun): this session's person signed out
in another tab (hosted), screen-share mode was changed in another tab, a workbook switch is waiting, the sidebar's
list of workbooks changed (one made or renamed in another tab), or something the page shows outside the part
changed (`outside`: values worked out by the page, compared again after the part's callbacks), or what the part
was drawn for is gone (NotFound: deleted in another tab). So a part never shows another mode, person or workbook
than the page around it.
"""
from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Hashable

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from lib.errors import NoAccess, NotFound
from views import auth, kit, prewarm, session, ui, whole

Outside = Callable[[kit.Context], Hashable]  # what the page shows outside the part, worked out from its context


def runs_alone() -> bool:
    """This run is a part's own (a widget inside it was used), not the page's."""
    return bool(getattr(get_script_run_ctx(suppress_warning=True), "fragment_ids_this_run", None))


# A part's own run is going on in this thread: a part inside it (the Outreach log section in the tabs) is drawn
# as plain code, within the enclosing part's run.
_ALONE: contextvars.ContextVar[bool] = contextvars.ContextVar("part_alone", default=False)


def whole_page() -> None:
    """In a part's own run: run the whole page instead (what it found changes the page around it)."""
    if runs_alone():
        st.rerun(scope="app")


def _page_state(ctx: kit.Context, outside: Outside | None) -> tuple:
    return (ctx.wb.id, session.share_mode(), session.share_names(), auth.person(), ui.listed_workbooks(),
            outside(ctx) if outside is not None else None)


def _page_would_differ(seen: tuple, outside: Outside | None) -> bool:
    if auth.hosted() and (not st.user.is_logged_in or session.signed_out_elsewhere()):
        return True
    if session.stored_share_mode_moved() or st.session_state.get(whole.SWITCH) is not None:
        return True
    now = _page_state(kit.begin_run(), outside)
    return now != seen


def part(body: Callable[..., None]) -> Callable[..., None]:
    """Decorator: `body(ctx, *args)` becomes a part of its page; call the result as `f(ctx, *args, outside=...)`.
    `outside(ctx)`, when given: a value the page draws outside the part from data or state the part's callbacks
    may change (the picked person's label); when it differs after them, the whole page runs."""

    def fragment(seen: tuple, outside: Outside | None, args: tuple, kwargs: dict) -> None:
        if not runs_alone() or _ALONE.get():  # drawn in the page's run or an enclosing part's, with its context
            body(kit.context(), *args, **kwargs)
            return
        alone = _ALONE.set(True)
        try:  # the part's own run: what app.py does around a page, for the part
            if _page_would_differ(seen, outside):
                whole_page()
            ctx = kit.context()  # built again by _page_would_differ for this run (its clock, mode and cursor)
            with prewarm.page_run(ctx.cur, ctx.wb.id):
                whole.show_kept(ui.in_workbook)
                body(ctx, *args, **kwargs)
        except NotFound:  # what the page drew the part for is gone (deleted in another tab): the page picks again
            whole_page()
        except NoAccess as refused:
            st.error(str(refused), icon=":material/lock:")
        except Exception as error:  # noqa: BLE001 - never a raw traceback, as in app.py
            ui.show_unexpected_error(error)
        finally:
            _ALONE.reset(alone)
            session.give_back_connection()

    # Named after `body`: Streamlit tells fragments apart by module and name (and place on the page).
    fragment = st.fragment(functools.update_wrapper(fragment, body))

    @functools.wraps(body)
    def call(ctx: kit.Context, *args, outside: Outside | None = None, **kwargs) -> None:
        fragment(_page_state(ctx, outside), outside, args, kwargs)

    return call
