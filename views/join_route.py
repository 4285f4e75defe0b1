"""A workshop's join link over HTTP (issue 19): GET /join/<token>, served beside the app by st.App (app.py).

Streamlit's sign-in (st.login) comes back from the provider to the app's root address and drops the query string,
so a `?join=` parameter alone would be lost on the way through sign-in. The link therefore goes through this
route: it keeps the token in a short-lived cookie (HttpOnly, SameSite=Lax: sent when the provider sends the
browser back) and redirects to the app with `?join=<token>`. views/join.py reads the parameter, or the cookie
after a sign-in. Nothing is looked up here: the app checks the token for the signed-in person.
"""
from __future__ import annotations

import re
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

PATH = "/join/{token}"
COOKIE = "workbook_join"
COOKIE_SECONDS = 30 * 60  # long enough to sign in, short enough not to come back days later
_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,100}")


def url(base_url: str, token: str) -> str:
    """The join link under the app's address."""
    return base_url.rstrip("/") + PATH.format(token=token)


def serve(request: Request) -> RedirectResponse:
    """To the app with the token as `?join=` (relative, so it works under a proxy's path prefix), keeping the
    token in a cookie for the sign-in round trip when it has the shape of one."""
    token = str(request.path_params.get("token") or "")
    response = RedirectResponse("../?join=" + quote(token, safe=""), status_code=303,
                                headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})
    if _SHAPE.fullmatch(token):
        response.set_cookie(COOKIE, token, max_age=COOKIE_SECONDS, path="/", httponly=True, samesite="lax",
                            secure=request.url.scheme == "https")
    return response


ROUTES = [Route(PATH, serve, methods=["GET"])]
