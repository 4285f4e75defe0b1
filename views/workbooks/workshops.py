"""The facilitator's workshops (issue 19, hosted mode only): make one, copy its join link, see who joined, close it.

Each participant who opens the link and agrees gets a workbook of their own that the facilitator may open (it is
in their workbook picker and cohort overview). The link is a secret: anyone who has it can join, so it is hidden
in screen-share mode.
"""
from __future__ import annotations

import streamlit as st

from lib import workbooks, workshops
from views import auth, calendar_feed, extra_clicks, forms, join_route, kit, ui

FEEDBACK = "workshops"
_NAME = "workshop_name"
_MADE = "_workshop_made"  # the name of the workshop this session just made (lower case), for extra clicks
_MASK = "•" * 12
_mine = kit.cached_across(workshops.mine)  # read again after any write (a join, a revoke, a close)


def _create(ctx: kit.Context) -> None:
    typed = (st.session_state.get(_NAME) or "").strip()
    # A quick second click carries the emptied box, or the name just used: it is the same click, not a new
    # workshop ("name needed" or "already run" would be false); a new name typed meanwhile is a new workshop.
    if typed.lower() in ("", st.session_state.get(_MADE)) and extra_clicks.extra(_MADE):
        st.session_state[_NAME] = ""
        return
    made = forms.write(lambda: workshops.create(ctx.cur, auth.person(), typed),
                       "Workshop made: share its join link", where=FEEDBACK)
    if made:
        st.session_state[_NAME] = ""
        st.session_state[_MADE] = typed.lower()
        extra_clicks.saved(_MADE)


def _close(ctx: kit.Context, workshop: workshops.Workshop) -> None:
    forms.write(lambda: workshops.close(ctx.cur, auth.person(), workshop.id),
                ui.md("“{w}” is closed: its link lets nobody new in", w=ui.name(workshop.name)),
                where=FEEDBACK, confirm=True)


def section(ctx: kit.Context) -> None:
    """Workshops the signed-in person runs (nothing in local mode: workshops need sign-in)."""
    me = auth.person()
    if me is None:
        return
    st.subheader("Workshops you run", anchor=False)
    st.caption("Make a workshop and share its join link. Each participant who opens it sees what you will see, "
               "and on joining gets a workbook of their own for the workshop, which you can open from your "
               "workbook picker. They can stop sharing it at any time.")
    forms.feedback(FEEDBACK)
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    # No max_chars: a browser cuts a longer pasted name silently; lib says what is too long and the text stays.
    left.text_input("New workshop's name", key=_NAME,
                    placeholder=f"e.g. Career week, spring (up to {workbooks.NAME_CHARS} characters)")
    right.button("Make the workshop", key="workshop_create", icon=":material/group_add:",
                 on_click=ui.callback(_create), args=(ctx,))
    for workshop in _mine(ctx, me):
        _one(ctx, workshop)


def _one(ctx: kit.Context, workshop: workshops.Workshop) -> None:
    with st.container(border=True):
        state = "closed to new participants" if workshop.closed else "open"
        st.markdown(ui.md("**{w}** · {state} · {n} joined, {s} sharing their workbook with you",
                          w=ui.name(workshop.name), state=state, n=workshop.participants, s=workshop.sharing))
        if workshop.closed:
            return
        if ctx.share:
            st.code(join_route.url(calendar_feed.base_url(), _MASK), language=None, wrap_lines=True)
            st.caption(":material/visibility_off: The join link is hidden in screen-share mode: anyone who sees it "
                       "can join. Turn the mode off to copy it.")
        else:
            st.code(join_route.url(calendar_feed.base_url(), workshop.token), language=None, wrap_lines=True)
            st.caption("Copy it with the button at the right of the box and send it to the participants only.")
        st.button("Close to new participants", key=f"workshop_close_{workshop.id}", icon=":material/block:",
                  help="The link then lets nobody new in. Who joined keeps their workbook, and you keep the "
                       "access each of them gave.",
                  on_click=ui.callback(_close), args=(ctx, workshop))
