"""The people a meeting led to: who was suggested, and the form that adds them to the contacts."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import referrals
from views import forms, kit, layout, ui
from views.review import reads


def _found(ctx: kit.Context, mid: int) -> None:
    found = reads.suggested(ctx, mid)
    if not found:
        st.caption("Asking “who else should I talk to?” is how one conversation becomes several.")
        return
    frame = pd.DataFrame(found)[["full_name", "organization", "may_use_referrer_name"]]
    frame["organization"] = frame["organization"].fillna("")
    frame["may_use_referrer_name"] = frame["may_use_referrer_name"].map(
        lambda v: "Yes" if v is True else ("No" if v is False else "Not recorded"))
    frame = frame.rename(columns={
        "full_name": "Name", "organization": "Organization", "may_use_referrer_name": "May use name",
    })
    st.dataframe(ui.masked(frame), hide_index=True, width="stretch", placeholder="")
    st.caption("People added here join your contacts at stage Identified, ready for an introduction in Step 3.")


def referral_section(ctx: kit.Context, m: dict) -> None:
    mid = m["id"]
    who = ui.masked_name(m["full_name"]) or "this person"
    st.subheader(ui.md("People {who} suggested you talk to", who=ui.name(who)))
    _found(ctx, mid)
    # Eight inputs, drawn from the box's first opening on (what was typed stays when it is closed).
    box = layout.opened_once("Add a person they suggested", key=f"referral_box_{mid}", icon=":material/person_add:")
    if box is not None:
        with box:
            _referral_form(ctx, mid, who)
    forms.feedback("referral")


def _referral_form(ctx: kit.Context, mid: int, who: str) -> None:
    referral_form = forms.one_shot(f"referral_form_{mid}")  # renewed after a save: a quick second click adds nobody
    with st.form(referral_form, clear_on_submit=True):
        c1, c2 = st.columns(2)
        name = c1.text_input("Name", key=f"referral_name_{mid}", required=True)
        organization = c2.text_input(
            "Organization", key=f"referral_org_{mid}",
            help="An organization already in your workbook is picked by its name; a new one is created.",
        )
        title = c1.text_input("Title or role", key=f"referral_title_{mid}")
        linkedin = c2.text_input("LinkedIn address", key=f"referral_linkedin_{mid}")
        email = c1.text_input("Email", key=f"referral_email_{mid}")
        phone = c2.text_input("Phone", key=f"referral_phone_{mid}")
        how = st.text_input(
            "How to reach them", key=f"referral_how_{mid}",
            placeholder="e.g. they will send an introduction email; call after 4 pm",
        )
        may_use = st.checkbox(ui.md("{who} said I may mention their name", who=ui.name(who)),
                              key=f"referral_may_use_{mid}")
        submitted = st.form_submit_button("Add referral")
    if submitted:
        result = forms.run_once(
            f"referral_form_{mid}", referral_form,
            lambda token: referrals.add(
                ctx.cur, ctx.wb.id, mid, full_name=name, organization=organization, title=title, email=email,
                phone=phone, linkedin_url=linkedin, how_to_reach=how, may_use_referrer_name=may_use, token=token,
            ),
            "Referral saved",
        )
        if result is not None:
            _, created = result
            added = ui.masked_name(name.strip())
            forms.flash("referral", "success", f"{added} is now in your contacts, referred by {who}." if created
                        else f"{added} was already in your workbook: linked to {who} instead of added twice.")
            st.rerun()
