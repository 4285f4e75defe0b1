"""Screen-share mode through app.py (AppTest): once turned on it holds, stored on the server, for every session,
link and reload until someone turns it off with the toggle (issue 14, item 4)."""
from __future__ import annotations

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from lib import settings
from views.registry import PAGES
from tests.conftest import ROOT, open_page

pytestmark = pytest.mark.apptest

EMAIL, NOTE, LINKEDIN = "helen.nguyen@bowriverwater.example", "Prefers calls after 4 pm", "helen-nguyen-water"


def session(db_path, **params: str) -> AppTest:
    """A new browser session on the same server (the same process, so the same database)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(params)
    return at


def ids(db_path) -> tuple[int, int]:
    con = duckdb.connect(str(db_path))  # the same database instance the app holds in this process
    try:
        return con.execute("SELECT workbook_id, id FROM contacts WHERE full_name = 'Helen Nguyen'").fetchone()
    finally:
        con.close()


def stored(db_path) -> settings.ScreenShare:
    con = duckdb.connect(str(db_path))
    try:
        return settings.screen_share(con)
    finally:
        con.close()


def everything_shown(at: AppTest) -> str:
    """Every text, caption, heading, label, option and widget value of the run."""
    parts = []
    for kind in ("markdown", "text", "caption", "title", "header", "subheader", "info", "warning", "success",
                 "error", "code", "text_input", "text_area", "selectbox", "button", "toggle", "expander", "tabs"):
        for element in getattr(at, kind):
            for attribute in ("value", "label", "options", "body"):
                part = getattr(element, attribute, None)
                if part is not None:
                    parts.append(str(part))
    parts += [d.value.to_csv() for d in at.dataframe]
    return "\n".join(parts)


def open_helen(at: AppTest) -> AppTest:
    """Helen's page, as a link to it (`/research?contact=ID`) opens it: a new session, first run on that page."""
    open_page(at, "research")
    return at


def toggle_on(at: AppTest) -> bool:
    return at.sidebar.toggle(key="share").value


def test_turned_on_in_one_session_a_new_session_without_the_url_flag_is_masked(demo_app, db_path):
    wb, helen = ids(db_path)
    demo_app.run()
    demo_app.sidebar.toggle(key="share").set_value(True).run()
    assert stored(db_path).on

    link = open_helen(session(db_path, wb=str(wb), contact=str(helen)))
    assert toggle_on(link)
    shown = everything_shown(link)
    assert "Helen Nguyen" in shown  # her page is there…
    assert EMAIL not in shown and NOTE not in shown and LINKEDIN not in shown  # …masked from the first run
    assert "share" not in link.query_params  # the server holds it: no URL flag to go stale in another tab


def test_a_link_with_share_true_turns_it_on_for_every_later_session(demo_app, db_path):
    wb, helen = ids(db_path)
    first = session(db_path, wb=str(wb), share="true")
    first.run()
    assert stored(db_path).on
    assert "share" not in first.query_params  # taken in: a reload after someone turns it off stays off
    later = open_helen(session(db_path, wb=str(wb), contact=str(helen)))
    assert toggle_on(later) and EMAIL not in everything_shown(later)


def test_share_false_in_a_url_does_not_turn_it_off(demo_app, db_path):
    wb, helen = ids(db_path)
    session(db_path, wb=str(wb), share="true").run()
    other = open_helen(session(db_path, wb=str(wb), contact=str(helen), share="false"))
    assert toggle_on(other) and EMAIL not in everything_shown(other)
    assert stored(db_path).on


def test_a_reload_of_the_same_session_without_the_flag_stays_masked(demo_app, db_path):
    wb, helen = ids(db_path)
    demo_app.run()
    demo_app.sidebar.toggle(key="share").set_value(True).run()
    demo_app.query_params.pop("share", None)  # the URL lost it (navigation, a hand-edited address)
    demo_app.query_params["contact"] = str(helen)
    demo_app.switch_page(PAGES["research"]).run()
    assert toggle_on(demo_app) and EMAIL not in everything_shown(demo_app)


def test_a_session_already_open_is_masked_from_its_next_run(demo_app, db_path):
    wb, helen = ids(db_path)
    coach = open_helen(session(db_path, wb=str(wb), contact=str(helen)))
    assert EMAIL in everything_shown(coach)  # off: the details are shown

    other_tab = session(db_path, wb=str(wb))
    other_tab.run()
    other_tab.sidebar.toggle(key="share").set_value(True).run()

    coach.run()  # any click in the first tab
    assert toggle_on(coach), "the first tab's toggle must show the stored mode"
    assert EMAIL not in everything_shown(coach) and NOTE not in everything_shown(coach)


def test_only_the_toggle_turns_it_off_and_every_session_follows(demo_app, db_path):
    wb, helen = ids(db_path)
    tab_a = session(db_path, wb=str(wb), share="true")
    tab_a.run()
    tab_b = open_helen(session(db_path, wb=str(wb), contact=str(helen)))
    assert toggle_on(tab_b)

    tab_a.sidebar.toggle(key="share").set_value(False).run()
    assert not stored(db_path).on
    assert not toggle_on(tab_a), "the URL flag the tab was opened with must not turn it back on"
    assert "share" not in tab_a.query_params

    tab_b.run()  # its toggle still showed "on": it must follow the stored value, not its own widget state
    assert not toggle_on(tab_b)
    assert EMAIL in everything_shown(tab_b)


def test_turning_it_back_on_in_a_tab_whose_toggle_was_stale_stores_on(demo_app, db_path):
    wb, _ = ids(db_path)
    tab_a, tab_b = session(db_path, wb=str(wb)), session(db_path, wb=str(wb))
    tab_a.run(), tab_b.run()
    tab_a.sidebar.toggle(key="share").set_value(True).run()
    tab_a.sidebar.toggle(key="share").set_value(False).run()
    tab_b.sidebar.toggle(key="share").set_value(True).run()  # B never saw A's changes; its flip is the truth
    assert stored(db_path).on and toggle_on(tab_b)
    tab_a.run()
    assert toggle_on(tab_a)


def test_names_as_initials_hold_like_the_mode(demo_app, db_path):
    wb, helen = ids(db_path)
    tab_a = session(db_path, wb=str(wb), share="true", share_names="true")
    tab_a.run()
    assert stored(db_path) == settings.ScreenShare(on=True, names=True)

    link = open_helen(session(db_path, wb=str(wb), contact=str(helen)))
    assert link.sidebar.toggle(key="share_names").value
    assert "H. N." in everything_shown(link) and "Helen Nguyen" not in everything_shown(link)

    link.sidebar.toggle(key="share_names").set_value(False).run()
    assert stored(db_path) == settings.ScreenShare(on=True, names=False)
    again = open_helen(session(db_path, wb=str(wb), contact=str(helen)))
    assert "Helen Nguyen" in everything_shown(again) and EMAIL not in everything_shown(again)


def test_a_reload_of_a_link_with_share_true_after_it_was_turned_off_stays_off(demo_app, db_path):
    wb, helen = ids(db_path)
    link = session(db_path, wb=str(wb), share="true")
    link.run()
    elsewhere = session(db_path, wb=str(wb))
    elsewhere.run()
    elsewhere.sidebar.toggle(key="share").set_value(False).run()
    assert "share" not in link.query_params  # what a reload of the first tab sends
    reloaded = open_helen(session(db_path, **{**link.query_params, "contact": str(helen)}))
    assert not toggle_on(reloaded) and EMAIL in everything_shown(reloaded)
