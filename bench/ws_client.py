"""Work in progress (issues 19/20), not used by `make bench` yet: a workshop participant that speaks Streamlit's
websocket protocol directly, so that 60 participants in one asyncio process measure the server, not the test
machine's browsers (the browser participants of bench/load.py swamp this 2-core machine: load average 24 at 10).

What works (bench/notes/ws_probe.py, against a live hosted server): sign-in through the real OIDC flow (the
`auth_redirect` URL the server sends after "Sign in", then httpx through the provider), the signed-in websocket
(`_streamlit_xsrf` from /_stcore/health, sent as the second subprotocol, with Origin = the app's address), the
first run's widgets and pages. Left: a page model keyed by delta path (containers, forms, tabs), the workshop's
steps and checks, the runner in bench/load.py with one browser participant beside, the three server setups."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import httpx
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg


def sign_in(login_url: str, email: str) -> httpx.Cookies:
    """Sign in through the real OIDC flow and return the cookie jar for the websocket.

    `login_url` must be the one the server sends in a ForwardMsg `auth_redirect` after the "Sign in" button is
    clicked over an anonymous websocket: a bare GET /auth/login is redirected to / because st.login puts a
    server-signed `provider` token in the URL (streamlit/web/server/starlette/starlette_auth_routes.py
    _auth_login). Then: the mock provider's authorize form (input sub) → /oauth2callback sets _streamlit_user."""
    with httpx.Client(follow_redirects=True, timeout=30) as client:
        page = client.get(login_url)
        action = str(page.url)  # the provider's authorize page; its form posts back to itself
        form = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page.text))
        form["sub"] = email
        client.post(action, data=form)
        base = login_url.split("/auth/login")[0]
        client.get(base + "/_stcore/health")  # sets _streamlit_xsrf (as for the browser); also sent as subprotocol
        return client.cookies


def subprotocols(jar: httpx.Cookies) -> list[str]:
    """The browser's Sec-WebSocket-Protocol: "streamlit" then the XSRF token, without which the server ignores
    the auth cookie (streamlit/web/server/starlette/starlette_websocket.py)."""
    token = jar.get("_streamlit_xsrf") or ""
    return ["streamlit", token] if token else ["streamlit"]


@dataclass
class Widget:
    id: str
    label: str
    kind: str
    form_id: str = ""
    value: object = None


@dataclass
class Page:
    """What the server has drawn for this participant: widgets by id and every text shown, from the deltas."""
    widgets: dict[str, Widget] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    pages: dict[str, str] = field(default_factory=dict)  # url_pathname → page_script_hash
    redirect: str = ""  # st.login's auth_redirect URL, if the server sent one

    def apply(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "navigation":
            for p in msg.navigation.app_pages:
                self.pages[p.url_pathname] = p.page_script_hash
        elif kind == "auth_redirect":
            self.redirect = msg.auth_redirect.url
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._element(msg.delta.new_element)

    def _element(self, el) -> None:
        kind = el.WhichOneof("type")
        inner = getattr(el, kind)
        if kind == "exception":
            self.exceptions.append(inner.message)
        elif kind in ("markdown", "text", "alert"):
            self.texts.append(getattr(inner, "body", ""))
        elif hasattr(inner, "id") and inner.id:
            self.widgets[inner.id] = Widget(inner.id, getattr(inner, "label", ""), kind,
                                            getattr(inner, "form_id", ""))

    def widget(self, label: str, kind: str | None = None) -> Widget:
        for w in self.widgets.values():
            if w.label == label and (kind is None or w.kind == kind):
                return w
        raise LookupError(f"no {kind or 'widget'} labelled {label!r} on the page")


def rerun_msg(page: Page, page_hash: str, trigger: Widget | None = None) -> BackMsg:
    """A rerun carrying the current value of every widget, plus a trigger for the button clicked."""
    back = BackMsg()
    state = back.rerun_script
    state.page_script_hash = page_hash
    for w in page.widgets.values():
        if w.kind == "text_input" or w.kind == "text_area":
            ws = state.widget_states.widgets.add()
            ws.id, ws.string_value = w.id, str(w.value or "")
    if trigger is not None:
        ws = state.widget_states.widgets.add()
        ws.id, ws.trigger_value = trigger.id, True
    return back


async def step(ws, page: Page, back: BackMsg) -> float:
    """Send one BackMsg and read until that run's script_finished; returns click → whole answer, seconds."""
    start = time.perf_counter()
    await ws.send(back.SerializeToString())
    while True:
        msg = ForwardMsg()
        msg.ParseFromString(await ws.recv())
        page.apply(msg)
        if msg.WhichOneof("type") in ("script_finished", "auth_redirect"):
            return time.perf_counter() - start
