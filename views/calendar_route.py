"""The calendar feed over HTTP (issue 19): GET /calendar/<token>.ics, served beside the app by st.App (app.py).

Not a page: a plain HTTP request from a calendar app, outside any Streamlit session, so it has no sign-in; the
secret token in the path is the only key (lib/calendar_feed.py). Anything unknown, reset or malformed gets a bare
404 that says nothing about why. Hosted mode only serves signed-in people's links, local mode only the local
person's.
"""
from __future__ import annotations

from datetime import date, datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lib import calendar_feed
from lib import db as database
from views import auth, kit

PATH = "/calendar/{token}.ics"
_HEADERS = {
    "Cache-Control": "private, no-store",  # a person's calendar: never kept by a proxy
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Disposition": 'inline; filename="informational-interviews.ics"',
}


def url(base_url: str, token: str) -> str:
    """The feed's address under the app's address."""
    return base_url.rstrip("/") + PATH.format(token=token)


def _not_found() -> Response:
    return Response(status_code=404, headers={"Cache-Control": "no-store"})


def serve(request: Request) -> Response:
    """The feed of the person whose token is in the path (a plain function: Starlette runs it on a worker
    thread, so the database work never blocks the server's event loop)."""
    try:
        hosted = auth.hosted()
        cur = kit.server_cursor()
    except (auth.SignInMisconfigured, database.DatabaseLocked):
        return Response(status_code=503, headers={"Cache-Control": "no-store"})
    try:
        person = calendar_feed.person_for_token(cur, request.path_params.get("token"), hosted=hosted)
        if person is None:
            return _not_found()
        body = calendar_feed.feed(cur, person, date.today(), now=datetime.now(), base_url=str(request.base_url))
    finally:
        cur.close()
    return Response(body, media_type="text/calendar; charset=utf-8", headers=_HEADERS)


ROUTES = [Route(PATH, serve, methods=["GET"])]
