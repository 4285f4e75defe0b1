"""views/calendar_feed.py through AppTest: make the link, copy it, reset it; never shown on a shared screen.
(The lead places `section` on a page; here it runs on its own, as a page would call it.)"""
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lib import calendar_feed, db, settings

pytestmark = pytest.mark.apptest


def _section_page():
    from views import calendar_feed as view
    from views import kit

    view.section(kit.context())


@pytest.fixture
def feed_app(db_path):
    st.cache_resource.clear()
    st.cache_data.clear()
    yield AppTest.from_function(_section_page, default_timeout=60)
    st.cache_resource.clear()


def _stored_token(db_path):
    st.cache_resource.clear()  # the app's connection holds the file: read it after the test's runs
    con = db.open(db_path)
    try:
        return calendar_feed.current_token(con, None)
    finally:
        con.close()


def _codes(at) -> list[str]:
    return [c.value for c in at.code]


def test_no_link_until_the_person_asks_for_one_then_it_shows_with_its_address(feed_app, db_path):
    feed_app.run()
    assert not feed_app.exception and _codes(feed_app) == []
    assert any("only a calendar app on this computer" in c.value for c in feed_app.caption)  # local mode says so
    feed_app.button(key="calendar_feed_make").click().run()
    [url] = _codes(feed_app)
    assert url.startswith("http://localhost:8501/calendar/") and url.endswith(".ics")
    assert feed_app.button(key="calendar_feed_reset")
    assert url == f"http://localhost:8501/calendar/{_stored_token(db_path)}.ics"


def test_reset_shows_a_new_link_and_the_old_one_opens_nothing(feed_app, db_path):
    feed_app.run()
    feed_app.button(key="calendar_feed_make").click().run()
    [old] = _codes(feed_app)
    feed_app.button(key="calendar_feed_reset").click().run()
    [new] = _codes(feed_app)
    assert new != old
    assert any("old one no longer works" in s.value for s in feed_app.success)
    token = old.rsplit("/", 1)[1].removesuffix(".ics")
    st.cache_resource.clear()
    con = db.open(db_path)
    try:
        assert calendar_feed.person_for_token(con, token) is None
        assert calendar_feed.person_for_token(con, new.rsplit("/", 1)[1].removesuffix(".ics")) == ""
    finally:
        con.close()


def test_the_link_is_never_shown_in_screen_share_mode(feed_app, db_path):
    con = db.open(db_path)
    token = calendar_feed.feed_url_token(con, None)
    settings.set_flag(con, settings.SCREEN_SHARE, True)
    con.close()
    feed_app.run()
    assert not feed_app.exception
    shown = " ".join(_codes(feed_app) + [m.value for m in feed_app.markdown] + [c.value for c in feed_app.caption])
    assert token not in shown
    assert "hidden in screen-share mode" in shown
