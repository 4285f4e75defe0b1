"""This session's state on the server: the database handle of the run, and screen-share mode as stored.

The widgets that show them (the workbook picker, the screen-share toggles) and the masking built on them are in
views/ui.py.
"""
from __future__ import annotations

import threading

import duckdb
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from lib import db as database
from lib import acting, pg, settings, sign_outs
from views import auth, run_scope

SHARE_KEY = "share"          # widget key and URL query parameter of screen-share mode


# ---- the connection ---------------------------------------------------------------------------

@st.cache_resource(show_spinner=False)
def _root(path: str) -> duckdb.DuckDBPyConnection:
    return database.open(path)  # connects, migrates, checkpoints; DatabaseLocked if another process has it


class RunCursor:
    """A handle on the database that is safe to keep anywhere (a page global, a callback's closure).

    Every call goes to the calling thread's own cursor on the root connection, made on first use. A script run
    (with the callbacks that start it) executes on one thread, and Streamlit starts an overlapping run on another
    thread, so two runs or a run and a callback never share a cursor (DuckDB 2.0 raises ResourceInUseException
    when they do).
    """

    def __init__(self, root: duckdb.DuckDBPyConnection, person: str | None = None) -> None:
        self.root = root
        self.acting_person = person  # who lib checks access for (lib/acting.py); None: the local person
        self._local = threading.local()

    @property
    def acting_person(self) -> str | None:
        """Who lib checks access for: in a script run, the signed-in person (nobody once signed out in another tab);
        outside one (a deferred download's thread), the person last seen in a run, or nobody: signed out since."""
        if self._follows_session and get_script_run_ctx(suppress_warning=True) is not None:
            person, seen = _acting_person(), st.session_state.get(_SIGN_IN_SEEN)
            self._last_seen = (person, seen[1] if seen and seen[0] == person else None)
            return person
        person, sign_outs_seen = self._last_seen  # a tab left open after a sign-out elsewhere: no rerun told it
        gone = sign_outs_seen is not None and sign_outs.state(self.own(), person)[0] != sign_outs_seen
        return acting.NOBODY if gone else person

    @acting_person.setter
    def acting_person(self, person: str | None) -> None:
        self._last_seen = (person, None)
        self._follows_session = False

    def follow_session(self) -> RunCursor:
        """Act for this session's person as worked out in each run (db()); before any run, nobody if hosted."""
        self._follows_session = True
        self._last_seen = (acting.NOBODY if auth.hosted_or_unknown() else acting.LOCAL, None)
        return self

    @property
    def access_memo(self) -> dict:
        """lib's answers to "may this person open that workbook", kept for this script run only (so a revoked
        coach is refused from the next run on; outside a run, none: a deferred download checks afresh)."""
        run = run_scope.token()
        if run is None:
            return {}  # outside a script run: no memory
        if getattr(self._local, "memo_run", None) is not run:
            self._local.memo_run, self._local.memo = run, {}
        return self._local.memo

    def cursor(self) -> acting.Scoped:
        """A cursor of its own (for work on another thread) that acts as the same person."""
        return acting.Scoped(self.own().cursor(), self.acting_person, self.access_memo)

    def own(self) -> duckdb.DuckDBPyConnection:
        """The calling thread's cursor (the one every other call of this handle uses)."""
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._local.cursor = self.root.cursor()
        return cur

    def close(self) -> None:
        """Close the calling thread's cursor; the next call makes a fresh one."""
        cur = getattr(self._local, "cursor", None)
        self._local.cursor = None
        if cur is not None:
            cur.close()

    def __getattr__(self, name: str):
        return getattr(self.own(), name)


def db() -> duckdb.DuckDBPyConnection:
    """This session's database handle: each script run and each callback works on a cursor of its own
    (see RunCursor), so overlapping runs of one session never share one."""
    root = _root(str(database.path_from_env()))
    cached = st.session_state.get("_db_cursor")
    if cached is None or cached[0] is not root:
        cached = (root, RunCursor(root).follow_session())
        st.session_state["_db_cursor"] = cached
    return cached[1]


def give_back_connection() -> None:
    """At a run's end: on PostgreSQL the run's cursor holds a connection of the process's pool, given back as the
    run ends (a run's thread does not outlive it), so any number of page loads share the pool. DuckDB's are kept."""
    cached = st.session_state.get("_db_cursor")
    if cached is not None and pg.is_handle(cached[0]):
        cached[1].close()


def _acting_person() -> str | None:
    """Who lib checks access for: the signed-in person; in hosted mode without one, nobody (fail closed)."""
    person = auth.person()
    if (person is None or signed_out_elsewhere()) and auth.hosted():
        return acting.NOBODY
    return person


def open_or_explain() -> duckdb.DuckDBPyConnection:
    """The connection, or a clear message on screen (and the run stops) when the file is locked."""
    try:
        return db()
    except database.DatabaseLocked as e:
        st.error(str(e), icon=":material/lock:")
        st.stop()


# ---- screen-share mode ------------------------------------------------------------------------
# The mode is stored on the server (lib/settings.py) and read at the start of every run, before anything is
# drawn, so it holds across reloads, links, new tabs and sessions until someone turns it off on purpose.
# ?share=true in a URL turns it on (and stores it) when a session opens with it; no URL ever turns it off.
# The app no longer writes the flag into the URL: a URL written by one tab goes stale when another tab turns
# the mode off, and reloading it would turn the mode back on. A flag that came in is taken out of the URL.
# Everything a page shows that may hold private data goes through the helpers below.
SHARE_NAMES_KEY = "share_names"   # widget key and URL query parameter of "names as initials"
_TRUE = ("true", "1", "yes", "on")
_SETTINGS = {SHARE_KEY: settings.SCREEN_SHARE, SHARE_NAMES_KEY: settings.SHARE_NAMES}
_URL_READ = "_share_url_read"     # this session has read the URL flags (on its first run)


def load_share_mode() -> None:
    """Screen-share mode as stored on the server, into this session; call it first in every run, before
    anything is drawn. On a session's first run, `?share=true` / `?share_names=true` turn a setting on (and
    store it), never off; the flag is then taken out of the URL. The toggles show the stored values."""
    con = db()
    stored = settings.flags(con, person=settings_person())
    if not st.session_state.get(_URL_READ):
        st.session_state[_URL_READ] = True
        for key, name in _SETTINGS.items():
            if _url_flag(key) and not stored[name]:
                settings.set_flag(con, name, True, person=settings_person())
                stored[name] = True
            if key in st.query_params:
                del st.query_params[key]  # consumed: a later reload must not turn it back on after an "off"
    for key, name in _SETTINGS.items():
        st.session_state[key] = stored[name]  # before the toggle exists in this run: it shows the stored value


def stored_share_mode_moved() -> bool:
    """Screen-share mode as stored differs from this session's (changed in another tab since this page ran)."""
    stored = settings.flags(db(), person=settings_person())
    return any(bool(st.session_state.get(key)) != stored[name] for key, name in _SETTINGS.items())


def settings_person() -> str:
    """Whose stored settings: the signed-in person's in hosted mode, the local person's otherwise."""
    if signed_out_elsewhere():
        return acting.NOBODY  # no one's settings: this tab's person signed out in another one
    return auth.person() or settings.LOCAL


def _url_flag(key: str) -> bool:
    return str(st.query_params.get(key, "")).strip().lower() in _TRUE


def store_flag(key: str) -> None:
    """on_change of a toggle: the person flipped it in this session, so that is the new stored value."""
    settings.set_flag(db(), _SETTINGS[key], bool(st.session_state[key]), person=settings_person())


def share_mode() -> bool:
    """Screen-share mode for this run, as stored on the server when the run began."""
    if SHARE_KEY not in st.session_state:
        load_share_mode()  # a run that did not start in app.py still never shows unmasked data by default
    return bool(st.session_state[SHARE_KEY])


def per_mode(key: str) -> str:
    """A widget key that differs per masking mode: a widget keeps its value as session state, so a text area
    filled while the mode was off would go on showing it after the mode is turned on (here or in another tab).
    A widget keyed with this starts again from its masked value when the mode changes."""
    return f"{key}__share" + ("_initials" if share_names() else "") if share_mode() else key


def share_names() -> bool:
    """Names shown as initials: only ever in screen-share mode."""
    return share_mode() and bool(st.session_state.get(SHARE_NAMES_KEY, False))


# ---- signed out in another tab (hosted mode) ----------------------------------------------------
# Streamlit reads the sign-in cookie only when a tab's session starts, so after a sign-out in one tab st.user (and
# st.context.cookies) still say "signed in" in the person's other tabs. Every sign-out is recorded on the server
# (lib/sign_outs.py); a session remembers the person's count of sign-outs when it first sees them, and every run
# (its callbacks first) compares with the stored count, in one look-up by primary key per run. Once the count moved
# on, the session stays signed out: its handle acts for nobody, callbacks do nothing (ui.callback), and the page
# is the sign-in page (end_if_signed_out). A new sign-in is a new session, which starts from the new count.
_SIGN_IN_SEEN = "_sign_in_seen"      # (person, their count of sign-outs when this session first saw them)
_RUN_VERDICT = "_sign_in_verdict"    # (this run, signed out?): the look-up is made once per run


def signed_out_elsewhere() -> bool:
    """This session's person signed out (in another tab or browser) since the session first saw them. Local
    mode, or nobody signed in: False."""
    s = st.session_state
    if s.get(auth.SIGNED_OUT_ELSEWHERE):
        return True
    person = auth.person()
    if person is None:
        return False
    return run_scope.once(_RUN_VERDICT, lambda: _signed_out_since_seen(person))


def _signed_out_since_seen(person: str) -> bool:
    s = st.session_state
    count, last = sign_outs.state(db().own(), person)
    seen = s.get(_SIGN_IN_SEEN)
    if seen is None or seen[0] != person:
        s[_SIGN_IN_SEEN] = seen = (person, count)
    out = count != seen[1] or sign_outs.made_before_sign_out(auth.signed_in_at(), last)
    if out:  # the sign-in page says why: signed out, or the account deleted (in another tab)
        s[auth.SIGNED_OUT_ELSEWHERE] = sign_outs.why(db().own(), person, seen[1], old_cookie=count == seen[1])
    return out


def end_if_signed_out() -> None:
    """Call in every run once the connection is open: a tab whose person signed out in another tab forgets all it
    held (session state, and Streamlit's user info of this session) and shows the sign-in page; the run stops."""
    if not signed_out_elsewhere():
        return
    for key in list(st.session_state):
        if key != auth.SIGNED_OUT_ELSEWHERE:
            del st.session_state[key]
    auth.forget_user()
    # The page menu this tab drew while signed in stays on screen unless this run replaces it: by none at all.
    st.navigation([st.Page(auth.sign_in_page, title="Sign in", default=True)], position="hidden").run()
    st.stop()


def sign_out() -> None:
    """The Sign out button: recorded on the server first (so every other tab of the person ends at its next
    click), then Streamlit's own sign-out (the cookie, and the provider's session)."""
    person = auth.person()
    try:
        if person is not None and not signed_out_elsewhere():
            sign_outs.record(db(), person)
    finally:
        st.logout()
