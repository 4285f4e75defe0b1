"""Sharing the open workbook with a coach (hosted mode only): the owner lets a coach in by email, takes the access
back, and sees who opened the workbook and when (the coach access log). A coach is told whose workbook it is."""
from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from lib import access, wording
from views import auth, forms, kit, session, ui

_WHERE = "sharing"                 # where the sharing section's messages are shown (forms.feedback)
_EMAIL_KEY = "sharing_coach_email"
_LOG_ROWS = 20                     # openings shown in "Who opened this workbook"

WHAT_A_COACH_SEES = (
    "A coach you share this workbook with sees everything in it, as you do: your goal, the people and "
    "organizations, notes (private notes too), scripts, meetings and reviews, and they can change them. When you "
    "stop sharing, they lose access at once: their next click in the app no longer opens this workbook."
)


def section(ctx: kit.Context) -> None:
    """Hosted mode: for the owner, share the open workbook with a coach, stop sharing, and see who opened it; for a
    coach, whose workbook it is. Local mode (no sign-in): nothing."""
    person = auth.person()
    if person is None:
        return
    owner = access.owner(ctx.cur, ctx.wb.id)
    if owner != person:
        _shared_with_me(owner)
        return
    st.subheader("Share this workbook with your coach")
    st.caption(WHAT_A_COACH_SEES)
    forms.feedback(_WHERE)
    _grant_form(ctx, person)
    _coaches(ctx, person)
    _log(ctx, person)


def _shared_with_me(owner: str | None) -> None:
    st.subheader("Sharing")
    st.info(ui.md("Shared with you by {owner}. Only they can change who this workbook is shared with; they see "
                  "when you open it.", owner=owner or "its owner"), icon=":material/group:")


def _grant_form(ctx: kit.Context, person: str) -> None:
    key = session.per_mode(_EMAIL_KEY)  # a value typed in one masking mode is not shown in the other
    with st.form(session.per_mode("sharing_grant"), border=False):
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        left.text_input("Your coach's email address", key=key, max_chars=254, placeholder="coach@example.com",
                        help="The address your coach signs in with.")
        right.form_submit_button("Share", icon=":material/person_add:", on_click=ui.callback(_grant),
                                 args=(ctx, person, key))


def _grant(ctx: kit.Context, person: str, key: str) -> None:
    coach = str(st.session_state.get(key) or "")
    done = forms.write(lambda: access.grant(ctx.cur, person, ctx.wb.id, coach),
                       f"Shared with {access.person_key(coach)}. They find this workbook in their list when they "
                       "sign in with that address.",
                       where=_WHERE, confirm=True)
    if done:
        st.session_state[key] = ""  # in a callback, before the field is drawn again


def _coaches(ctx: kit.Context, person: str) -> None:
    current = access.coaches(ctx.cur, person, ctx.wb.id)
    if not current:
        st.caption("Not shared with anyone: only you can open this workbook.")
        return
    st.markdown("**Coaches who can open this workbook now**")
    for coach, since in current:
        left, right = st.columns([3, 1], vertical_alignment="center")
        left.markdown(ui.md("{coach} · since {day}", coach=coach, day=wording.day(since)))
        right.button("Stop sharing", key=f"sharing_revoke_{_key_of(coach)}", icon=":material/person_remove:",
                     on_click=ui.callback(_revoke), args=(ctx, person, coach))


def _key_of(coach: str) -> str:
    """A widget key for a coach's row: widget keys reach the page's HTML, so never the address itself."""
    return hashlib.sha256(coach.encode()).hexdigest()[:12]


def _revoke(ctx: kit.Context, person: str, coach: str) -> None:
    forms.write(lambda: access.revoke(ctx.cur, person, ctx.wb.id, coach),
                f"Stopped sharing with {coach}: they can no longer open this workbook.",
                where=_WHERE, confirm=True)


def _log(ctx: kit.Context, person: str) -> None:
    # Not kit.cached: the log is not the workbook's data (its writes move no data version), and it is small.
    seen = access.openings(ctx.cur, person, ctx.wb.id, limit=_LOG_ROWS)
    st.markdown("**Who opened this workbook**")
    if not seen:
        st.caption("Nobody else has opened it.")
        return
    frame = pd.DataFrame({"Who": [who for who, _ in seen], "When": [wording.day_and_time(at) for _, at in seen]})
    st.dataframe(ui.masked(frame), hide_index=True, key="sharing_log", placeholder="")
    st.caption(f"Newest first (the last {_LOG_ROWS} at most). A coach's visit is noted when they open the "
               "workbook, at most once an hour.")
