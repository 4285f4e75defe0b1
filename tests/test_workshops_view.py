"""views/workbooks/workshops.py, views/join.py and views/join_route.py without a browser: the facilitator's section
(hosted only; the link hidden on a shared screen), the consent screen and "Not now", the join route's cookie, and
local mode ignoring `?join=`. The real sign-in flow is in tests/browser/test_workshops_browser.py."""
from __future__ import annotations

import pytest
import streamlit as st
from starlette.requests import Request
from streamlit.testing.v1 import AppTest

from lib import access, db, settings, workshops
from views import auth, join_route

pytestmark = pytest.mark.apptest

FACILITATOR, ANN = "fac@example.com", "ann@example.com"


def _section_page():
    from views import kit
    from views.workbooks import workshops as view

    view.section(kit.context())


def _join_page():
    import streamlit as st

    from views import join

    if not join.consent_screen():
        st.write("The page")


@pytest.fixture
def signed_in(monkeypatch, db_path):
    """Hosted mode with the person `signed_in(email)` names signed in (AppTest runs in this process)."""
    st.cache_resource.clear()
    st.cache_data.clear()
    who = {}
    monkeypatch.setattr(auth, "hosted", lambda: True)
    monkeypatch.setattr(auth, "person", lambda: who.get("email"))
    yield lambda email: who.update(email=email)
    st.cache_resource.clear()


def _seed(db_path, action):
    st.cache_resource.clear()  # the app's connection holds the file
    con = db.open(db_path)
    try:
        return action(con)
    finally:
        con.close()


def test_the_facilitator_makes_a_workshop_and_its_link_is_hidden_on_a_shared_screen(signed_in, db_path):
    signed_in(FACILITATOR)
    at = AppTest.from_function(_section_page, default_timeout=60)
    at.run()
    at.text_input(key="workshop_name").input("Career week")
    at.button(key="workshop_create").click().run()
    assert not at.exception
    [link] = [c.value for c in at.code]
    shop = _seed(db_path, lambda con: workshops.mine(con, FACILITATOR))[0]
    assert link == f"http://localhost:8501/join/{shop.token}"
    assert at.text_input(key="workshop_name").value == ""  # ready for the next one

    _seed(db_path, lambda con: settings.set_flag(con, settings.SCREEN_SHARE, True, person=FACILITATOR))
    shared = AppTest.from_function(_section_page, default_timeout=60)
    shared.run()
    assert shared.code[0].value == "http://localhost:8501/join/" + "•" * 12
    assert shop.token not in str(shared.main)
    assert any("hidden in screen-share mode" in c.value for c in shared.caption)


def test_local_mode_shows_no_workshops_and_ignores_a_join_link(db_path, monkeypatch):
    st.cache_resource.clear()
    shop = _seed(db_path, lambda con: workshops.create(con, FACILITATOR, "Career week"))
    section = AppTest.from_function(_section_page, default_timeout=60)
    section.run()
    assert not section.exception and not section.subheader and not section.code
    page = AppTest.from_function(_join_page, default_timeout=60)
    page.query_params["join"] = shop.token
    page.run()
    assert not page.exception and [m.value for m in page.markdown] == ["The page"]
    st.cache_resource.clear()


def test_the_consent_screen_then_not_now_goes_on_to_the_page_and_a_bad_link_says_so(signed_in, db_path):
    shop = _seed(db_path, lambda con: workshops.create(con, FACILITATOR, "Career week"))
    signed_in(ANN)
    at = AppTest.from_function(_join_page, default_timeout=60)
    at.query_params["join"] = shop.token
    at.run()
    assert not at.exception
    assert at.title[0].value == "Join the workshop “Career week”"
    assert at.text_input(key="join_workbook_name").value == "Career week · ann@example.com"  # whose, for the facilitator
    at.button(key="join_no").click().run()
    assert [m.value for m in at.markdown if m.value == "The page"] == ["The page"]
    assert not at.title
    assert _seed(db_path, lambda con: access.visible_workbooks(con, ANN)) == []  # nothing was made

    bad = AppTest.from_function(_join_page, default_timeout=60)
    bad.query_params["join"] = "not-a-token"
    bad.run()
    assert [e.value for e in bad.error] == [workshops.BAD_LINK]
    assert "The page" in [m.value for m in bad.markdown]


def test_the_consent_screen_joins_and_opens_the_new_workbook(signed_in, db_path):
    shop = _seed(db_path, lambda con: workshops.create(con, FACILITATOR, "Career week"))
    signed_in(ANN)
    at = AppTest.from_function(_join_page, default_timeout=60)
    at.query_params["join"] = shop.token
    at.run()
    at.text_input(key="join_workbook_name").input("My career week")
    at.button(key="join_yes").click().run()
    assert not at.exception
    [mine] = _seed(db_path, lambda con: access.visible_workbooks(con, ANN))
    assert mine.name == "My career week"
    assert at.session_state["_switch_to_workbook"] == mine.id  # the picker opens it in this run
    assert [w.id for w in _seed(db_path, lambda con: access.visible_workbooks(con, FACILITATOR))] == [mine.id]


def _get(token: str):
    scope = {"type": "http", "method": "GET", "scheme": "http", "server": ("127.0.0.1", 8501), "root_path": "",
             "path": f"/join/{token}", "query_string": b"", "headers": [], "path_params": {"token": token}}
    return join_route.serve(Request(scope))


def test_the_join_route_keeps_the_token_in_a_cookie_and_sends_the_browser_to_the_app():
    [route] = join_route.ROUTES
    assert route.matches({"type": "http", "path": "/join/abc", "method": "GET"})[0].name == "FULL"
    token = "A" * 43
    answer = _get(token)
    assert answer.status_code == 303 and answer.headers["location"] == f"../?join={token}"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{join_route.COOKIE}={token};")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Max-Age=1800" in cookie and "Path=/" in cookie
    odd = _get('a"; b')  # not the shape of a token: no cookie, the app says the link is bad
    assert odd.status_code == 303 and "set-cookie" not in odd.headers
    assert odd.headers["location"] == "../?join=a%22%3B%20b"


def test_a_too_long_workshop_name_is_refused_with_the_limit_and_stays_in_the_box(signed_in, db_path):
    signed_in(FACILITATOR)
    at = AppTest.from_function(_section_page, default_timeout=60)
    at.run()
    typed = "Career week " + "x" * 90
    at.text_input(key="workshop_name").input(typed)  # an input with max_chars would drop it (a browser: cut it)
    at.button(key="workshop_create").click().run()
    assert not at.exception
    assert any("the limit is 80" in e.value for e in at.error)
    assert at.text_input(key="workshop_name").value == typed
    assert _seed(db_path, lambda con: workshops.mine(con, FACILITATOR)) == []


def test_a_too_long_workbook_name_on_the_consent_screen_is_refused_and_kept(signed_in, db_path):
    shop = _seed(db_path, lambda con: workshops.create(con, FACILITATOR, "Career week"))
    signed_in(ANN)
    at = AppTest.from_function(_join_page, default_timeout=60)
    at.query_params["join"] = shop.token
    at.run()
    typed = "y" * 95
    at.text_input(key="join_workbook_name").input(typed)
    at.button(key="join_yes").click().run()
    assert not at.exception
    assert any("the limit is 80" in e.value for e in at.error)
    assert at.text_input(key="join_workbook_name").value == typed
    assert _seed(db_path, lambda con: access.visible_workbooks(con, ANN)) == []


def test_a_quick_second_click_on_make_the_workshop_is_harmless_and_makes_one(signed_in, db_path, monkeypatch):
    from views import extra_clicks

    monkeypatch.setattr(extra_clicks, "EXTRA_CLICK_SECONDS", 600.0)  # every click below is "quick", however busy
    signed_in(FACILITATOR)
    at = AppTest.from_function(_section_page, default_timeout=60)
    at.run()
    at.text_input(key="workshop_name").input("Career week")
    at.button(key="workshop_create").click().run()
    at.button(key="workshop_create").click().run()  # lands on the emptied box
    at.text_input(key="workshop_name").input("Career week")  # a click still carrying what was typed
    at.button(key="workshop_create").click().run()
    assert not at.exception and not at.error
    assert [w.name for w in _seed(db_path, lambda con: workshops.mine(con, FACILITATOR))] == ["Career week"]
    assert at.text_input(key="workshop_name").value == ""
    at.text_input(key="workshop_name").input("Career week, autumn")  # a new name typed: a new workshop
    at.button(key="workshop_create").click().run()
    assert len(_seed(db_path, lambda con: workshops.mine(con, FACILITATOR))) == 2


def test_an_empty_click_after_a_pause_still_says_a_name_is_needed(signed_in, db_path, monkeypatch):
    from views import extra_clicks

    monkeypatch.setattr(extra_clicks, "EXTRA_CLICK_SECONDS", -1.0)  # as if the person waited before clicking again
    signed_in(FACILITATOR)
    at = AppTest.from_function(_section_page, default_timeout=60)
    at.run()
    at.text_input(key="workshop_name").input("Career week")
    at.button(key="workshop_create").click().run()
    at.button(key="workshop_create").click().run()
    assert any("is needed" in e.value for e in at.error)
