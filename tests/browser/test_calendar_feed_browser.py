"""The calendar feed over HTTP from a real `streamlit run app.py` (st.App serves GET /calendar/<token>.ics beside
the app), fetched as a calendar app would and parsed with icalendar: local mode, and hosted mode (alice, bob)."""
from __future__ import annotations

import secrets
import urllib.error
import urllib.request

import pytest
from icalendar import Calendar

from lib import access, calendar_feed, contacts, db, demo, keep_in_touch, workbooks
from tests.browser.conftest import Server, serve_demo

pytestmark = pytest.mark.browser

ALICE, BOB = "alice@example.com", "bob@example.com"


def _get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def _summaries(body: bytes) -> list[str]:
    return [str(e["summary"]) for e in Calendar.from_ical(body).walk("VEVENT")]


def _serving(path, tokens: dict, env: dict | None = None):
    """A server on `path` that knows the feed `tokens` it was started with; stopped after the module."""
    server = Server(path, **({"env": env} if env else {}))
    server.tokens = tokens
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def local_server(tmp_path_factory):
    """The local app on the demo workbook; the local person's link was reset once (old and new tokens kept)."""
    def prepare(con, demo_id) -> dict:
        old = calendar_feed.feed_url_token(con, None)
        return {"old": old, "new": calendar_feed.reset_token(con, None)}

    with serve_demo(tmp_path_factory, "feed", prepare=prepare) as server:
        server.tokens = server.extra
        yield server


def test_the_feed_url_serves_an_icalendar_file_of_the_workbook(local_server):
    status, headers, body = _get(f"{local_server.url}/calendar/{local_server.tokens['new']}.ics")
    assert status == 200
    assert headers["content-type"].startswith("text/calendar")
    assert "no-store" in headers["cache-control"]
    summaries = _summaries(body)
    assert any(s.startswith("Informational interview: ") for s in summaries)
    assert any(s.startswith("Follow up: ") for s in summaries)
    assert any(s.startswith("Keep in touch: ") for s in summaries)


@pytest.mark.parametrize("which", ["old", "unknown", "junk"])
def test_an_unknown_or_reset_link_gets_a_bare_404(local_server, which):
    token = {"old": local_server.tokens["old"], "unknown": secrets.token_urlsafe(32), "junk": "x"}[which]
    status, _, body = _get(f"{local_server.url}/calendar/{token}.ics")
    assert status == 404 and body == b""


def test_the_app_itself_still_answers_beside_the_feed(local_server):
    status, headers, body = _get(f"{local_server.url}/")
    assert status == 200 and headers["content-type"].startswith("text/html")


@pytest.fixture(scope="module")
def hosted_server(tmp_path_factory):
    """Hosted mode (an [auth] section; no provider is needed to serve a feed): the demo is alice's, bob has a
    workbook of his own, and a link the local app made before is still in the database."""
    folder = tmp_path_factory.mktemp("feed_hosted")
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(
        "[auth]\nredirect_uri = \"http://127.0.0.1/oauth2callback\"\n"
        f"cookie_secret = \"{secrets.token_urlsafe(32)}\"\nclient_id = \"x\"\nclient_secret = \"y\"\n"
        "server_metadata_url = \"http://127.0.0.1:9/.well-known/openid-configuration\"\n", encoding="utf-8")
    path = folder / "hosted.duckdb"
    con = db.open(path)
    access.set_owner(con, demo.load(con), ALICE)
    bob = workbooks.create(con, "Bob's", owner=BOB)
    keep_in_touch.set_cadence(con, bob, contacts.add(con, bob, full_name="Zoe Bobsfriend"), 30)
    tokens = {who: calendar_feed.feed_url_token(con, who) for who in (ALICE, BOB, None)}
    con.close()
    yield from _serving(path, tokens, env={"STREAMLIT_SECRETS_FILES": str(secrets_file)})


def test_hosted_each_link_opens_only_its_persons_workbooks(hosted_server):
    status, _, alice = _get(f"{hosted_server.url}/calendar/{hosted_server.tokens[ALICE]}.ics")
    assert status == 200 and any("Ben Carter" in s for s in _summaries(alice))
    status, _, bob = _get(f"{hosted_server.url}/calendar/{hosted_server.tokens[BOB]}.ics")
    assert status == 200
    assert _summaries(bob) == ["Keep in touch: Zoe Bobsfriend"]
    assert b"Ben Carter" not in bob


def test_hosted_a_link_the_local_app_made_opens_nothing(hosted_server):
    status, _, body = _get(f"{hosted_server.url}/calendar/{hosted_server.tokens[None]}.ics")
    assert status == 404 and body == b""
