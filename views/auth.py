"""Sign-in for a hosted copy (Streamlit's built-in OpenID Connect: st.login, st.logout, st.user).

Hosted mode is on when sign-in is configured, i.e. when the secrets Streamlit loads have an `[auth]` section
(`.streamlit/secrets.toml`, git-ignored, or the file named by `streamlit run --secrets.files PATH` or the
STREAMLIT_SECRETS_FILES environment variable; `make demo-hosted` uses the latter). Without it the app is the
local, single-person app of `make run`, with no sign-in. A secrets file that exists but cannot be read does
not fall back to local mode: the app says so and stops (fail closed).

In hosted mode a visitor who has not signed in sees the sign-in page and nothing else; the person is known by
the email address their provider vouches for (`person()`).
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import streamlit as st

from lib import hosting, render, sign_outs
from views import run_scope

_SIGNED_IN_WITHOUT_EMAIL = (
    "Your sign-in worked, but your provider did not give this app a verified email address, which it needs to "
    "find your workbooks. Sign out and sign in with an account that has one, or ask whoever runs this app."
)


class SignInMisconfigured(RuntimeError):
    """The secrets file exists but cannot be read, so whether sign-in is required is unknown."""


def hosted() -> bool:
    """Sign-in is configured (an `[auth]` section in the secrets), so the app serves many people. Worked out once
    per run: every database read asks (through the acting person), and in local mode each look for the secrets
    file costs ~0.5 ms."""
    return run_scope.once("_hosted_this_run", _hosted_now)


def _hosted_now() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError as error:  # Streamlit: no secrets file, or one it could not parse
        if any(Path(p).is_file() or Path(p).is_dir() for p in st.get_option("secrets.files")):
            raise SignInMisconfigured(
                "The app's secrets file could not be read, so it cannot tell whether sign-in is required. "
                "Fix the file (see the README's hosting guide) and restart the app.") from error
        return False


def hosted_or_unknown() -> bool:
    """Hosted mode, or a secrets file that cannot be read (fail closed)."""
    try:
        return hosted()
    except SignInMisconfigured:
        return True


def person() -> str | None:
    """The signed-in person's email address (lower case); None in local mode (its single person), before
    sign-in, or when the provider says it has not verified the address."""
    if not hosted() or not st.user.is_logged_in:
        return None
    if st.user.get("email_verified") is False:  # an address the provider has not checked is not a person
        return None
    email = str(st.user.get("email") or "").strip().lower()
    return email or None


def require_sign_in() -> None:
    """Call first in every run, before navigation: in hosted mode, a visitor who has not signed in (or whose
    provider gave no email address) sees the sign-in page and the run stops there. Local mode: nothing."""
    try:
        if not hosted():
            return
    except SignInMisconfigured as error:
        st.error(str(error), icon=":material/lock:")
        st.stop()
    if not st.user.is_logged_in:
        _sign_in_page()
        st.stop()
    if person() is None:
        st.title("Informational Interview Workbook")
        st.warning(_SIGNED_IN_WITHOUT_EMAIL, icon=":material/mail:")
        st.button("Sign out", key="auth_sign_out_no_email", on_click=st.logout)
        st.stop()


def _sign_in_page() -> None:
    st.title("Informational Interview Workbook")
    why = st.session_state.get(SIGNED_OUT_ELSEWHERE)
    if why == ACCOUNT_DELETED:
        st.info("Your account was deleted in another tab, with the workbooks you owned, so this one is signed out "
                "too. Signing in again starts a new, empty account.", icon=":material/person_remove:")
    elif why:
        st.info("You signed out in another tab, so this one is signed out too.", icon=":material/logout:")
    st.write("Sign in to open your workbooks. Each person sees only their own workbooks, and those a client has "
             "shared with them as their coach.")
    st.button("Sign in", key="auth_sign_in", type="primary", icon=":material/login:", on_click=st.login)


def account_box(share: bool, sign_out=st.logout) -> None:
    """The sidebar's account line and Sign out button (hosted mode only). `share`: screen-share mode is on,
    so the address is not shown. `sign_out`: the button's callback (app.py: session.sign_out, which records the
    sign-out for the person's other tabs, then calls st.logout)."""
    email = person()
    if email is None:
        return
    shown = "Signed in" if share else render.md("Signed in as {email}", email=email)
    st.sidebar.caption(shown)
    st.sidebar.button("Sign out", key="auth_sign_out", icon=":material/logout:", on_click=sign_out)


def admins() -> frozenset[str]:
    """The administrators the operator names in the secrets' `[hosting]` section, `admins = ["a@x.org", ...]`
    (a comma-separated string works too): lower-case email addresses; none when the section is missing. Only they
    back up the whole database and load the demo workbook in hosted mode (lib/hosting.py checks it)."""
    if not hosted():  # the local app: its single person needs no list
        return frozenset()
    return hosting.admin_list((st.secrets.get("hosting") or {}).get("admins"))


# ---- signed out in another tab (views/session.py end_if_signed_out) ----------------------------------------------
SIGNED_OUT_ELSEWHERE = "_signed_out_elsewhere"  # session state: this tab's person signed out in another tab
ACCOUNT_DELETED = sign_outs.ACCOUNT_DELETED  # ... its value when they deleted their account there


def sign_in_page() -> None:
    """The sign-in page (with "You signed out in another tab" when that is why it shows)."""
    _sign_in_page()


def forget_user() -> None:
    """Empty st.user in this session, as st.logout does for its own tab (without the redirect): the cookie this
    session started with no longer counts, so every later run shows the sign-in page."""
    from streamlit import runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return
    if runtime.exists():
        runtime.get_instance().clear_user_info_for_session(ctx.session_id)
    ctx.user_info.clear()


def signed_in_at() -> datetime | None:
    """When this session's sign-in was made: its ID token's issue time (`iat`), on this machine's clock; None
    when the provider gave none."""
    try:
        return datetime.fromtimestamp(float(st.user.get("iat")))
    except (TypeError, ValueError, OverflowError):
        return None
