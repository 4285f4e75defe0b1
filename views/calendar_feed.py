"""The person's private calendar feed (issue 19): their link to subscribe to, and "Reset the link".

`section(ctx)` draws it wherever the lead places it (Home or the Workbooks page). The link is a secret: anyone
who has it can read the reminders, so it is never shown in screen-share mode. The feed itself is served by
views/calendar_route.py (st.App, app.py).
"""
from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st

from lib import calendar_feed, settings
from views import auth, calendar_route, forms, kit, ui

FEEDBACK = "calendar_feed"
_FALLBACK_BASE = "http://localhost:8501"  # no browser address known (AppTest): the local app's usual one
_MASK = "•" * 12
HOW_TO = ("Subscribe to this link in your phone's or computer's calendar (Google Calendar: Other calendars, "
          "From URL; Apple Calendar: New Calendar Subscription; Outlook: Add calendar, Subscribe from web). Your "
          "meetings, due follow-ups and keep-in-touch dates then show there, refreshed by your calendar app "
          "(often every hour or few).")
LOCAL_NOTE = ("This copy of the app runs on this computer, so only a calendar app on this computer (Apple Calendar, "
              "Outlook, Thunderbird) can reach the link while the app is running; an online calendar such as "
              "Google's, or a phone, needs a hosted copy of the app.")


def _person() -> str:
    """Whose feed: the signed-in person's in hosted mode, the local person's otherwise."""
    return auth.person() or settings.LOCAL


def base_url() -> str:
    """The app's address as the browser sees it (scheme and host), where the feed is served too."""
    found = urlsplit(st.context.url or "")
    return f"{found.scheme}://{found.netloc}" if found.scheme and found.netloc else _FALLBACK_BASE


def _make(ctx: kit.Context) -> None:
    forms.write(lambda: calendar_feed.feed_url_token(ctx.cur, _person()), "Your calendar link is ready",
                where=FEEDBACK)


def _reset(ctx: kit.Context) -> None:
    forms.write(lambda: calendar_feed.reset_token(ctx.cur, _person()),
                "New calendar link made: the old one no longer works", where=FEEDBACK, confirm=True)


def section(ctx: kit.Context) -> None:
    """The calendar feed box: the link (masked on a shared screen) with a copy button, or a button to make it."""
    st.subheader("Reminders in your calendar", anchor=False)
    st.caption(HOW_TO)
    if not auth.hosted():
        st.caption(LOCAL_NOTE)
    forms.feedback(FEEDBACK)
    token = calendar_feed.current_token(ctx.cur, _person())
    if token is None:
        st.button("Make my calendar link", key="calendar_feed_make", icon=":material/calendar_add_on:",
                  on_click=ui.callback(_make), args=(ctx,))
        return
    if ctx.share:
        st.code(calendar_route.url(base_url(), _MASK), language=None, wrap_lines=True)
        st.caption(":material/visibility_off: The link is hidden in screen-share mode: anyone who sees it can "
                   "read your calendar. Turn the mode off to copy it.")
    else:
        st.code(calendar_route.url(base_url(), token), language=None, wrap_lines=True)
        st.caption("Copy it with the button at the right of the box. Keep it to yourself: anyone with the link "
                   "can read these reminders. If it got out, reset it and subscribe again with the new one.")
    st.button("Reset the link", key="calendar_feed_reset", icon=":material/restart_alt:",
              help="Makes a new link at once; the old one stops working, so calendars subscribed to it stop "
                   "updating until you subscribe again with the new link.",
              on_click=ui.callback(_reset), args=(ctx,))
