"""Joining a workshop from its link (issue 19, hosted mode only; local mode ignores `?join=`).

A signed-in person who opens a workshop's link (views/join_route.py: `/join/<token>`, which comes to the app as
`?join=<token>`, or as a cookie after the sign-in round trip) sees, instead of the page, the consent screen: the
workshop, its facilitator, exactly what the facilitator will see, and that they can stop sharing later. "Join and
create my workbook" makes the workbook and opens it; "Not now" goes on to the app. Who joined already is offered
their workshop workbook; a closed or unknown link gets one message above the page. A token that came by cookie
(not by opening the link) is dealt with once a session, and not at all for someone who joined already.
"""
from __future__ import annotations

import streamlit as st

from lib import workbooks, workshops
from views import auth, forms, join_route, kit, session, ui, whole

PARAM = "join"
_PENDING = "_join_pending"  # (token, came by opening the link)
_SEEN = "_join_seen"        # tokens this session dealt with
_NAME = "join_workbook_name"
WHERE = "join"


def _pending() -> tuple[str, bool] | None:
    """The token this session is to deal with, if any: from `?join=` (taken out of the URL) or the cookie."""
    from_link = kit.take_url(PARAM)
    if from_link:
        st.session_state[_PENDING] = (from_link, True)
    elif _PENDING not in st.session_state:
        kept = st.context.cookies.get(join_route.COOKIE)
        if isinstance(kept, str) and kept and kept not in st.session_state.get(_SEEN, ()):  # text only (a test's stub is not)
            st.session_state[_PENDING] = (kept, False)
    return st.session_state.get(_PENDING)


def _done(token: str) -> None:
    st.session_state.pop(_PENDING, None)
    st.session_state[_SEEN] = {*st.session_state.get(_SEEN, ()), token}


def consent_screen() -> bool:
    """Call after the sidebar's toggles, before the workbook picker: True when the join screen was drawn instead
    of the page (the run should end there). Hosted mode with a signed-in person only."""
    me = auth.person()
    if me is None:
        return False
    found = _pending()
    if found is None:
        return False
    token, from_link = found
    invited = workshops.invitation(session.db(), me, token)
    if invited is None or (invited.closed and invited.joined_workbook is None):
        _done(token)
        st.error(workshops.BAD_LINK, icon=":material/link_off:")
        return False
    if invited.joined_workbook is not None and not from_link:
        _done(token)
        return False
    if invited.facilitator == me:
        _done(token)
        st.info(ui.md("This is the join link of your workshop “{w}”: share it with the participants. You see who "
                      "joined on the Workbooks page.", w=ui.name(invited.name)), icon=":material/groups:")
        return False
    if invited.joined_workbook is not None:
        _already_joined(invited, token)
    else:
        _consent(invited, token, str(st.user.get("name") or "").strip() or me)
    return True


def _consent(invited: workshops.Invitation, token: str, participant: str) -> None:
    who = ui.text(invited.facilitator)
    st.title(ui.md("Join the workshop “{w}”", w=ui.name(invited.name)), anchor=False)
    st.write(ui.md("**{who}** runs this workshop. Joining makes you a new workbook for it, and lets {who} open "
                   "that workbook, as a coach you shared it with: {who} can read everything in it and also change and add "
                   "to it.", who=who))
    st.markdown(ui.md("**What {who} will see**", who=who))
    for line in workshops.WHAT_THE_FACILITATOR_SEES:
        st.markdown(f"- {line[0].upper()}{line[1:]}.")
    st.write("The workbook is yours. You can stop sharing it at any time on the Workbooks page; from then on the "
             "facilitator cannot open it.")
    forms.feedback(WHERE)
    kit.prefill({_NAME: workshops.participant_workbook_name(invited.name, participant)})  # the facilitator tells whose
    # No max_chars: a browser cuts a longer pasted name silently; lib says what is too long and the text stays.
    st.text_input("Name of your new workbook", key=_NAME, help=f"Up to {workbooks.NAME_CHARS} characters.")
    row = st.container(horizontal=True)
    row.button("Join and create my workbook", key="join_yes", type="primary", icon=":material/group_add:",
                on_click=ui.callback(_join), args=(token,))
    row.button("Not now", key="join_no", on_click=ui.callback(_not_now), args=(token,))


def _join(token: str) -> None:
    joined = forms.write(lambda: workshops.join(session.db(), auth.person(), token, st.session_state.get(_NAME)),
                         "You joined the workshop: your new workbook is open", where=WHERE)
    if joined:
        _done(token)
        ui.switch_workbook(joined)


def _not_now(token: str) -> None:
    _done(token)
    whole.say("toast", "You did not join. Open the workshop's link again whenever you want to.", ":material/info:")


def _already_joined(invited: workshops.Invitation, token: str) -> None:
    mine = workbooks.get(session.db(), invited.joined_workbook)
    st.title(ui.md("You are in the workshop “{w}”", w=ui.name(invited.name)), anchor=False)
    st.write(ui.md("You joined it before: your workbook for it is “{b}”. Opening the link again makes nothing new.",
                   b=ui.name(mine.name)))
    row = st.container(horizontal=True)
    row.button("Open my workshop workbook", key="join_open", type="primary", icon=":material/open_in_new:",
                on_click=ui.callback(_open), args=(token, mine.id))
    row.button("Not now", key="join_no", on_click=ui.callback(_done), args=(token,))


def _open(token: str, workbook_id: int) -> None:
    _done(token)
    ui.switch_workbook(workbook_id)
