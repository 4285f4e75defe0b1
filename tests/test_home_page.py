"""AppTest: Home on an empty workbook (guided start) and on the demo (progress, next actions, five steps).

demo_app is dated today, so only counts that do not depend on the weekday are asserted here; the exact
date edges are in tests/test_next_actions.py.
"""
from datetime import date, timedelta

import pytest

from lib import db, goals, workbooks
from views.registry import PAGES
from tests.conftest import figures, markdown_tables, page_errors

pytestmark = pytest.mark.apptest

URL_PATH = {key: ("" if key == "home" else key) for key in PAGES}


def links(at) -> dict:
    """Label -> url path of every page link on the page."""
    return {p.proto.label: p.proto.page for p in at.page_link}


def test_an_empty_workbook_gets_a_guided_start_through_the_five_steps(app):
    app.run()
    assert not page_errors(app)
    text = " ".join(m.value for m in app.markdown)
    for title in ("Goals", "Research", "Outreach", "Questions", "Review"):
        assert f"**{title}:**" in text
    assert not figures(app)  # no figures before there is anything to measure


def test_the_begin_button_opens_the_goals_page(app):
    app.run()
    app.button(key="begin_goals").click().run()
    assert not page_errors(app)
    assert app.title[0].value == "Goals"


def test_after_setting_a_goal_home_shows_progress_against_it(app, db_path):
    con = db.open(db_path)
    wb = workbooks.ensure_one(con).id
    goals.save(con, wb, purpose="Learn", target_interviews=8, target_date=date.today() + timedelta(days=28),
               weekly_pace=1.0)
    con.close()
    app.run()
    assert not page_errors(app)
    shown = figures(app)
    assert shown["Interviews done"] == "0 of 8"
    assert shown["Days left"] == "28"
    assert shown["Needed per week"] == "2.0"
    assert any("8 are still to go" in w.value for w in app.warning)  # 4 weeks at 1 a week cannot reach 8
    assert links(app)["Review your goal"] == "goals"


def test_a_workbook_with_data_but_no_goal_is_asked_for_one(app, db_path):
    con = db.open(db_path)
    wb = workbooks.ensure_one(con).id
    con.execute("INSERT INTO contacts (workbook_id, full_name, stage) VALUES (?, 'Ada', 'researched')", [wb])
    con.close()
    app.run()
    assert not page_errors(app)
    assert figures(app)["Interviews done"] == "0 of 10"
    assert links(app)["Set your goal"] == "goals"
    assert links(app)["Write to them on the Outreach page"] == "outreach"


def test_the_demo_shows_progress_toward_its_goal(demo_app):
    demo_app.run()
    assert not page_errors(demo_app)
    shown = figures(demo_app)
    assert shown["Interviews done"] == "10 of 12"
    assert shown["Days left"] == "60"
    assert shown["This week (plan: 1)"].endswith("done")
    assert demo_app.get("progress")[0].proto.value == 83


def test_the_demo_next_actions_each_link_to_the_page_where_they_are_done(demo_app):
    demo_app.run()
    found = links(demo_app)
    assert found["Send and record it on the Review page"] == "review"
    assert found["Write the review on the Review page"] == "review"
    assert found["Prepare questions on the Questions page"] == "questions"
    assert found["Follow up on the Outreach page"] == "outreach"
    assert found["Write to them on the Outreach page"] == "outreach"
    assert set(found.values()) <= set(URL_PATH.values())


def test_the_demo_next_actions_list_the_right_people(demo_app):
    demo_app.run()
    tables = [t for t in markdown_tables(demo_app) if "Person" in t.columns]  # not the five steps' table
    people = [t["Person"].tolist() for t in tables]
    assert ["Mei Lin Zhou"] in people                      # thank-you missing, and review missing
    assert ["Ben Carter", "Noah Williams"] in people       # meetings in 2 and 5 days
    researched = next(t for t in tables if "Title" in t.columns)
    assert len(researched) == 8
    upcoming = next(t for t in tables if "Question plan" in t.columns)
    assert upcoming["Question plan"].tolist()[0].startswith("Ready: 12 questions")


def test_the_demo_checklist_shows_where_a_participant_stands(demo_app):
    demo_app.run()
    steps = next(t for t in markdown_tables(demo_app) if "Done when" in t.columns)
    assert steps["Step"].tolist() == [f"**{n}\u00a0·\u00a0{title}**" for n, title in
                                      enumerate(("Goals", "Research", "Outreach", "Questions", "Review"), start=1)]
    assert steps["Status"].str.contains("Done|Under way|Not started").all()
    assert steps["Where you stand"].tolist()[0] == "Goal saved" and steps["Where you stand"][1:].str.contains(r"\d").all()
    assert steps["Done when"].str.len().gt(10).all()


def test_with_nothing_due_home_points_to_the_next_step_not_done(app, db_path):
    con = db.open(db_path)
    wb = workbooks.ensure_one(con).id
    goals.save(con, wb, purpose="Learn", target_date=date.today() + timedelta(days=60), weekly_pace=1.0)
    con.close()
    app.run()
    assert not page_errors(app)
    assert any("Your next step: 2 · Research" in i.value for i in app.info)
    assert links(app)["Go to Research"] == "research"


def test_in_screen_share_mode_with_initials_the_action_lists_show_initials(demo_app):
    demo_app.query_params["share"] = "true"
    demo_app.query_params["share_names"] = "true"
    demo_app.run()
    assert not page_errors(demo_app)
    people = [name for t in markdown_tables(demo_app) if "Person" in t.columns for name in t["Person"].tolist()]
    assert "M. L. Z." in people and "Mei Lin Zhou" not in people
