"""The people a meeting led to: who was suggested, and the form that adds them to the contacts."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import referrals
from views import extra_clicks, forms, kit, layout, ui
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


# The form's fields: each rendering has its own widget keys (forms.one_shot_key), so the form renewed after a save
# starts empty and an extra click of the burst that saved is recognised as one (views/extra_clicks.py).
FIELDS = ("name", "org", "title", "linkedin", "email", "phone", "how", "may_use")


def form_name(mid: int) -> str:
    return f"referral_form_{mid}"


def field_key(form: str, field: str) -> str:
    return forms.one_shot_key(form, field)


LABELS = {"name": "Name", "org": "Organization", "title": "Title or role", "linkedin": "LinkedIn address",
          "email": "Email", "phone": "Phone", "how": "How to reach them"}


def typed_in_form(mid: int) -> dict[str, str]:
    """What the meeting's referral form holds (sent with its last click), by label: to keep when the meeting is
    found deleted meanwhile (its form is not drawn again, and Streamlit drops what a form not drawn held)."""
    form = forms.one_shot_shown(form_name(mid))
    typed = {f"Referral · {label}": st.session_state.get(field_key(form, f)) for f, label in LABELS.items()}
    return {k: v for k, v in typed.items() if isinstance(v, str) and v.strip()}


def _referral_form(ctx: kit.Context, mid: int, who: str) -> None:
    name = form_name(mid)
    form = forms.one_shot(name)  # renewed after a save: a quick second click adds nobody

    def key(field: str) -> str:
        return field_key(form, field)

    with st.form(form):
        c1, c2 = st.columns(2)
        # Checked on saving, not by the browser's "required" mark: that mark met the second of two quick clicks,
        # on the form the first had just emptied, and said the name was missing after a save (a hostile tester).
        c1.text_input(LABELS["name"], key=key("name"), help="Needed to add them.")
        c2.text_input(LABELS["org"], key=key("org"),
                      help="An organization already in your workbook is picked by its name; a new one is created.")
        c1.text_input(LABELS["title"], key=key("title"))
        c2.text_input(LABELS["linkedin"], key=key("linkedin"))
        c1.text_input(LABELS["email"], key=key("email"))
        c2.text_input(LABELS["phone"], key=key("phone"))
        st.text_input(LABELS["how"], key=key("how"),
                      placeholder="e.g. they will send an introduction email; call after 4 pm")
        st.checkbox(ui.md("{who} said I may mention their name", who=ui.name(who)), key=key("may_use"))
        st.form_submit_button("Add referral", on_click=ui.callback(_add), args=(ctx, mid, who, form))
    extra_clicks.widgets_drawn(name, form)  # the renewed form's own widgets, untouched: an extra click carries these


def _add(ctx: kit.Context, mid: int, who: str, form: str) -> None:
    """Callback of Add referral: saved before the page is drawn, so the list above shows the new person at once."""
    typed = {f: st.session_state.get(field_key(form, f)) for f in FIELDS}
    result = forms.run_once(
        form_name(mid), form,
        lambda token: referrals.add(
            ctx.cur, ctx.wb.id, mid, full_name=typed["name"], organization=typed["org"], title=typed["title"],
            email=typed["email"], phone=typed["phone"], linkedin_url=typed["linkedin"], how_to_reach=typed["how"],
            may_use_referrer_name=bool(typed["may_use"]), token=token,
        ),
        "Referral saved", where="referral",
    )
    if result is not None:
        _, created = result
        added = ui.masked_name(" ".join((typed["name"] or "").split()))
        forms.flash("referral", "success", f"{added} is now in your contacts, referred by {who}." if created
                    else f"{added} was already in your workbook: linked to {who} instead of added twice.")
