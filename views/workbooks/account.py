"""Your data (issue 19, hosted mode only): download everything as one zip, or delete the account. Widget keys
start with account_.

Local mode shows nothing here: its single person has no account to delete, and the database backup above is
already all of their data (every workbook, settings, the calendar feed), restorable as a whole."""
from __future__ import annotations

import streamlit as st

from lib import account
from lib.wording import plural
from views import auth, forms, kit, session, ui

_DELETE_KEY = "account_delete_zone"
# The one destructive button of the app is red (#b3261e: about 6.5:1 with white text; darker on hover), so it is
# not mistaken for the page's other primary buttons.
_RED_BUTTON_CSS = (
    f"<style>.st-key-{_DELETE_KEY} button {{ background-color: #b3261e !important; border-color: #b3261e !important;"
    f" color: #ffffff !important; }} .st-key-{_DELETE_KEY} button:hover {{ background-color: #8c1d18 !important;"
    " border-color: #8c1d18 !important; }</style>")


def section(ctx: kit.Context) -> None:
    """The "Your data" section at the bottom of the Workbooks page: hosted mode, a signed-in person only."""
    person = auth.person()
    if person is None:
        return
    st.divider()
    st.subheader("Your data")
    st.caption("Everything you have in this app is yours: take it with you, or delete it for good.")
    _download(ctx, person)
    _delete(ctx, person)


def _download(ctx: kit.Context, person: str) -> None:
    def build() -> bytes:  # packed only when the button is pressed, on a cursor of its own
        cur = ctx.cur.cursor()
        try:
            return account.export_all(cur, person)
        finally:
            cur.close()

    st.download_button(
        "Download all my data (.zip)", build, file_name=account.export_filename(), mime="application/zip",
        key="account_download", on_click="ignore", icon=":material/download:",
        help="One zip: each workbook you own as an export you can import again, and your account (coach access "
             "you gave and received, your settings). Workbooks others shared with you are theirs: not included.",
    )
    if ctx.share:  # the download is the person's complete data: it stays whole, and says so
        st.caption(":material/warning: Screen-share mode is on, but the download holds all your data unmasked. "
                   "Its file name leaves your address out.")


def _consequences(ctx: kit.Context, person: str) -> None:
    goes = account.what_goes(ctx.cur, person)
    st.markdown(
        "Deleting your account cannot be undone. In one step, this deletes:\n"
        f"- the {plural(goes['workbooks'], 'workbook')} you own, archived ones included, with everything in them "
        "(people, organizations, outreach, meetings, questions, reviews, goals);\n"
        f"- the coach access you gave on them ({plural(goes['grants_given'], 'coach', 'coaches')}) and the access others gave "
        f"you ({plural(goes['grants_received'], 'workbook')} shared with you: those stay their owners');\n"
        "- your private calendar feed (its link stops working) and your settings.\n\n"
        "Download your data first if you may want it again. You are signed out afterwards.")


def _delete(ctx: kit.Context, person: str) -> None:
    st.html(_RED_BUTTON_CSS)
    with st.expander("Delete my account", icon=":material/delete_forever:", key="account_delete_box"):
        _consequences(ctx, person)
        with st.form("account_delete_form", clear_on_submit=True):
            st.markdown(ui.md("To confirm, type your email address ({email}):", email=person))
            typed = st.text_input("Your email address", key="account_confirm", max_chars=254,
                                  label_visibility="collapsed", autocomplete="off")
            with st.container(key=_DELETE_KEY):
                pressed = st.form_submit_button("Delete my account and my workbooks", key="account_delete",
                                                type="primary", icon=":material/delete_forever:")
        # A wrong address: the message shows here, in the open expander, and nothing is deleted.
        if pressed and forms.write(lambda: account.delete_account(ctx.cur, person, typed), "Your account is deleted."):
            session.sign_out()  # recorded (the person's other tabs end too), then the provider's sign-out
            st.stop()
