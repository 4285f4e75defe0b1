"""A workshop participant without a browser: it speaks Streamlit's websocket protocol directly, so that 60
participants in one asyncio process measure the server, not the test machine's browsers (the browser participants
of bench/load.py swamped this 2-core machine: load average 24 at 10 participants, 37 at 30).

It does what the browser does for the steps of the load test, and nothing more:
- sign-in through the real OIDC flow: "Sign in" over an anonymous websocket makes the server send an
  `auth_redirect` URL (st.login puts a server-signed token in it, so a bare GET /auth/login does not work);
  httpx then follows it through the test provider's authorize form to /oauth2callback, which sets the sign-in
  cookie; `_streamlit_xsrf` comes from /_stcore/health and goes as the websocket's second subprotocol (without it
  the server ignores the sign-in cookie), with Origin set to the app's address;
- a page model: every element the server sends, keyed by its delta path, replaced when a run redraws that path,
  and the paths a full run did not draw removed at its end (as the frontend clears stale elements);
- a rerun BackMsg as the frontend sends it: the page's hash, the query string the app set, the widget values
  typed for this click (the server keeps earlier values itself), and a trigger for the button clicked.

Click → answer is the time from sending the BackMsg to the server's `script_finished` for that run (not one cut
short by an st.rerun): the server's whole share of click → idle, without the browser's drawing.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

import httpx
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

_DONE = {ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
         ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
         ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR}
_TEXT_FIELDS = ("body", "label", "placeholder", "help", "text", "caption", "code_text")


def sign_in(login_url: str, email: str) -> httpx.Cookies:
    """Follow the server's `auth_redirect` URL through the mock provider's authorize form as `email`; the cookie
    jar then holds the sign-in cookie (`_streamlit_user`) and `_streamlit_xsrf`."""
    with httpx.Client(follow_redirects=True, timeout=60) as client:
        page = client.get(login_url)
        form = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page.text))
        form["sub"] = email
        client.post(str(page.url), data=form)  # the authorize page posts back to itself, then to /oauth2callback
        client.get(login_url.split("/auth/login")[0] + "/_stcore/health")  # sets _streamlit_xsrf
        return client.cookies


def connect_options(url: str, jar: httpx.Cookies | None = None) -> dict:
    """websockets.connect keyword arguments as a browser tab of `url` would send them."""
    options = {"origin": url, "max_size": None, "subprotocols": ["streamlit"], "open_timeout": 60}
    if jar is not None:
        token = jar.get("_streamlit_xsrf") or ""
        options["subprotocols"] = ["streamlit", token] if token else ["streamlit"]
        options["additional_headers"] = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())}
    return options


def stream_url(url: str) -> str:
    return url.replace("http://", "ws://").replace("https://", "wss://") + "/_stcore/stream"


@dataclass
class Element:
    kind: str  # the element's (or block's) type: "button", "text_input", "form", "tab_container", …
    proto: object
    form_id: str = ""
    texts: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return getattr(self.proto, "id", "") or ""

    @property
    def label(self) -> str:
        return getattr(self.proto, "label", "") or ""


@dataclass
class Page:
    """What the server has drawn for one tab (session), from the messages it sent."""

    url: str
    elements: dict[tuple[int, ...], Element] = field(default_factory=dict)
    drawn: set = field(default_factory=set)  # paths drawn by the current run
    pages: dict[str, str] = field(default_factory=dict)  # url_pathname → page_script_hash
    page_hash: str = ""
    query_string: str = ""
    redirect: str = ""  # st.login's auth_redirect URL, if the server sent one
    transients: list[str] = field(default_factory=list)  # toasts of the last run

    def apply(self, msg: ForwardMsg) -> bool:
        """Take one message in; True when it ends the run the last BackMsg started."""
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.drawn, self.transients = set(), []
            self.page_hash = msg.new_session.page_script_hash or self.page_hash
        elif kind == "navigation":
            self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
            self.page_hash = msg.navigation.page_script_hash or self.page_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "auth_redirect":
            self.redirect = msg.auth_redirect.url
            return True
        elif kind == "delta":
            self._delta(tuple(msg.metadata.delta_path), msg.delta)
        elif kind == "script_finished":
            if msg.script_finished == ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY:
                self.elements = {p: e for p, e in self.elements.items() if p in self.drawn}
            return msg.script_finished in _DONE
        return False

    def _delta(self, path: tuple[int, ...], delta) -> None:
        which = delta.WhichOneof("type")
        if which == "new_element":
            kind = delta.new_element.WhichOneof("type")
            inner = getattr(delta.new_element, kind)
        elif which == "add_block":
            kind = delta.add_block.WhichOneof("type") or "block"
            inner = getattr(delta.add_block, kind) if kind != "block" else delta.add_block
            if kind in ("tab_container", "expandable"):  # their widget id is on the block
                inner = delta.add_block
        elif which == "new_transient":
            self.transients += [t for el in delta.new_transient.elements for t in _texts(el)]
            return
        else:
            return
        # drop what a redrawn block held: its children are sent again after it
        if which == "add_block" and path in self.elements:
            self.elements = {p: e for p, e in self.elements.items() if p[:len(path)] != path or p == path}
        self.drawn.add(path)
        self.elements[path] = Element(kind, inner, self._form_of(path, inner), tuple(_texts(inner)))

    def _form_of(self, path: tuple[int, ...], inner) -> str:
        own = getattr(inner, "form_id", "")
        if own:
            return own
        for depth in range(len(path) - 1, 0, -1):
            parent = self.elements.get(path[:depth])
            if parent is not None and parent.kind == "form":
                return parent.proto.form_id
        return ""

    # ---- reading the page ----

    def exceptions(self) -> list[str]:
        return [e.proto.message for e in self.elements.values() if e.kind == "exception"]

    def text(self) -> str:
        return "\n".join([t for e in self.elements.values() for t in e.texts] + self.transients)

    def shows(self, text: str) -> bool:
        return text in self.text()

    def widget(self, label: str, kind: str | None = None, form_id: str | None = None) -> Element:
        """The widget with this label (of this kind, in this form); LookupError when the page has none."""
        for e in self.elements.values():
            if e.id and e.label == label and (kind is None or e.kind == kind) and (
                    form_id is None or e.form_id == form_id):
                return e
        raise LookupError(f"no {kind or 'widget'} labelled {label!r} on the page")

    def expander(self, label: str) -> Element:
        """The expander with this label (its open state is a widget value: `values={e.id: True}` opens it)."""
        for e in self.elements.values():
            if e.kind == "expandable" and e.proto.expandable.label == label:
                return e
        raise LookupError(f"no expander labelled {label!r} on the page")

    def tabs(self, label: str) -> Element:
        """The tab bar holding a tab with this label."""
        for path, e in self.elements.items():
            if e.kind == "tab" and e.proto.label == label:
                return self.elements[path[:-1]]
        raise LookupError(f"no tab labelled {label!r} on the page")


def _texts(proto) -> list[str]:
    """Every human-readable string of an element (its body, label, caption, option labels…), one level deep."""
    found = []
    for desc, value in proto.ListFields():
        if desc.name in _TEXT_FIELDS and isinstance(value, str):
            found.append(value)
        elif desc.name == "options" and desc.is_repeated and value and isinstance(value[0], str):
            found.extend(value)
        elif desc.message_type is not None and not desc.is_repeated and desc.name not in ("data",):
            found.extend(v for d, v in value.ListFields() if d.name in _TEXT_FIELDS and isinstance(v, str))
    return found


def rerun(page: Page, *, to: str | None = None, values: dict[str, object] | None = None,
          click: Element | None = None, tab: tuple[Element, str] | None = None) -> BackMsg:
    """The BackMsg of one click: go to page `to` (a url_pathname), with the widget values typed (by widget id:
    str → string_value, bool → bool_value), the button clicked (`click`), or the tab chosen (`tab`)."""
    back = BackMsg()
    state = back.rerun_script
    state.page_script_hash = page.pages.get(to, "") if to is not None else page.page_hash
    state.query_string = "" if to is not None else page.query_string
    state.context_info.timezone, state.context_info.locale = "UTC", "en-GB"
    state.context_info.url = page.url + "/" + (to or "")
    for wid, value in (values or {}).items():
        ws = state.widget_states.widgets.add()
        ws.id = wid
        if isinstance(value, bool):
            ws.bool_value = value
        else:
            ws.string_value = str(value)
    if click is not None:
        ws = state.widget_states.widgets.add()
        ws.id, ws.trigger_value = click.id, True
    if tab is not None:
        ws = state.widget_states.widgets.add()
        ws.id, ws.string_value = tab[0].proto.tab_container.id, tab[1]
    return back


async def send(ws, page: Page, back: BackMsg, timeout_s: float) -> float:
    """Send one BackMsg and read until the run it started has finished; seconds from send to that end."""
    import asyncio

    start = time.perf_counter()
    await ws.send(back.SerializeToString())
    async with asyncio.timeout(timeout_s):
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await ws.recv())
            if page.apply(msg):
                return time.perf_counter() - start
