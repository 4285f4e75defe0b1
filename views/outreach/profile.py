"""The sender's details and elevator pitch (M14): every script is filled from them."""
from __future__ import annotations

import functools

import streamlit as st

from lib import scripts
from views import forms, kit, layout, session, ui
from views.outreach import reads

# Profile form widget -> profile field it changes.
PROFILE_FORM = {"profile_name": "full_name", "profile_headline": "headline", "profile_pitch": "elevator_pitch",
                "profile_email": "email", "profile_phone": "phone"}


def _save_profile(ctx: kit.Context, changes: dict, opened) -> None:
    scripts.save_profile(ctx.cur, ctx.wb.id, opened=opened, **{PROFILE_FORM[k]: v for k, v in changes.items()})


def profile_form(ctx: kit.Context) -> None:
    """The details form in an expander, open while the name or the pitch is missing, and the pitch's check."""
    mine = reads.profile(ctx)
    missing = not (mine["full_name"] and mine["elevator_pitch"])
    box = layout.opened_once("Your details and elevator pitch", "profile_box", expanded=missing,
                             icon=":material/record_voice_over:")
    if box is None:
        return
    with box:
        st.caption("Scripts are filled from these. Write the pitch the way you speak, then say it aloud until it "
                   "takes about half a minute and sounds like you.", help=layout.method_help("M14"))
        locked = not ui.editable()  # masked values must not be saved back
        save = functools.partial(_save_profile, ctx)
        if not locked:
            # Never over another session's save: changes made meanwhile are merged or shown (forms.edit_form).
            forms.edit_form("profile", ctx.wb.id, scripts.profile_version(ctx.cur, ctx.wb.id),
                            {k: mine[col] or "" for k, col in PROFILE_FORM.items()}, mine,
                            {k: scripts.PROFILE_FIELDS[col][0] for k, col in PROFILE_FORM.items()}, PROFILE_FORM)
        _fields(mine, locked, save)
        if not locked:
            forms.edit_status("profile", save, "Your details are saved")
        current = st.session_state.get("profile_pitch") if not locked else mine["elevator_pitch"]
        if current:
            findings = scripts.check(current, "pitch")
            st.caption(" · ".join(("✓ " if f.ok else "⚠ ") + f"{f.title}: {ui.text(f.detail)}" for f in findings))


def _fields(mine: dict, locked: bool, save) -> None:
    """The form itself; in screen-share mode its masked values, read-only."""
    with st.form(session.per_mode("profile"), border=False):
        a, b = st.columns(2)
        filled = {} if not locked else {"value": ui.plain(mine["full_name"])}
        a.text_input("Your name", key=session.per_mode("profile_name"), disabled=locked, **filled)
        filled = {} if not locked else {"value": ui.plain(mine["headline"])}
        b.text_input("Headline", key=session.per_mode("profile_headline"),
                     placeholder="e.g. Nurse with ten years in intensive care, new to Halifax",
                     disabled=locked, **filled)
        filled = {} if not locked else {"value": ui.plain(mine["elevator_pitch"])}
        st.text_area("Elevator pitch", key=session.per_mode("profile_pitch"), height=110, disabled=locked,
                     placeholder="Who you are, what you bring, and what you want to learn from them.", **filled)
        if session.share_mode():
            ui.read_only_note()
        else:
            c, d = st.columns(2)
            c.text_input("Your email", key="profile_email")
            d.text_input("Your phone (for voicemails)", key="profile_phone")
        st.form_submit_button("Save my details", icon=":material/save:", disabled=locked,
                              on_click=ui.callback(forms.save_edit), args=("profile", save, "Your details are saved"))
