"""AppTest: the Goals page saves, edits and refuses goals through its form, with a clear message."""
from datetime import date, timedelta

import pytest

from lib import db, goals
from views.registry import PAGES
from tests.conftest import open_box, open_page, page_errors, run_cursor, workbook_id

pytestmark = pytest.mark.apptest

SAVE = "FormSubmitter:goal_form-Save goal"


def fill(at, **values):
    """Type into the goal form; keys are goal fields."""
    for name, value in values.items():
        key = f"goal_{name}"
        if name in ("target_interviews", "weekly_pace"):
            at.number_input(key=key).set_value(value)
        elif name in ("start_date", "target_date"):
            at.date_input(key=key).set_value(value)
        elif name in ("purpose", "intentions", "career_direction"):
            at.text_area(key=key).input(value)
        else:
            at.text_input(key=key).input(value)


def save(at):
    at.button(key=SAVE).click().run()
    return at


def stored_goal_rows(at):
    con = run_cursor(at)
    return (db.rows(con, "SELECT * FROM goals ORDER BY workbook_id"),
            db.rows(con, "SELECT * FROM goal_history ORDER BY id"))


def test_a_new_user_sets_a_goal_and_sees_it_confirmed(app):
    open_page(app, "goals")
    fill(app, purpose="Learn how clinical research teams work here", target_roles="Clinical research associate",
         location="Montréal", target_interviews=10, target_date=date.today() + timedelta(days=90), weekly_pace=1.0)
    save(app)
    assert not page_errors(app)
    assert any("Goal saved (version 1)" in s.value for s in app.success)
    goal = goals.get(run_cursor(app), workbook_id(app))
    assert (goal.purpose, goal.location, goal.target_interviews) == (
        "Learn how clinical research teams work here", "Montréal", 10)


def test_the_target_starts_at_ten_interviews(app):
    open_page(app, "goals")
    assert app.number_input(key="goal_target_interviews").value == 10


def test_an_empty_purpose_is_refused_with_a_message_and_nothing_is_saved(app):
    open_page(app, "goals")
    fill(app, target_roles="Analyst")
    save(app)
    assert any("What you want to learn is needed" in e.value for e in app.error)
    assert stored_goal_rows(app) == ([], [])


@pytest.mark.parametrize("target, words", [(0, "at least 1"), (10_000, "100 or fewer")])
def test_a_target_of_zero_or_ten_thousand_is_refused_and_nothing_is_saved(app, target, words):
    open_page(app, "goals")
    fill(app, purpose="Learn", target_interviews=target)
    save(app)
    assert any(words in e.value for e in app.error)
    assert stored_goal_rows(app) == ([], [])


def test_a_target_date_in_the_past_is_refused_and_nothing_is_saved(app):
    open_page(app, "goals")
    fill(app, purpose="Learn", target_date=date.today() - timedelta(days=1))
    save(app)
    assert any("in the past" in e.value for e in app.error)
    assert stored_goal_rows(app) == ([], [])


def test_what_was_typed_stays_in_the_form_after_a_refusal(app):
    open_page(app, "goals")
    fill(app, purpose="Learn about audit work", target_interviews=0)
    save(app)
    assert app.text_area(key="goal_purpose").value == "Learn about audit work"


def test_an_unrealistic_pace_is_saved_with_a_gentle_warning(app):
    open_page(app, "goals")
    fill(app, purpose="Learn", target_interviews=10, weekly_pace=1.0, target_date=date.today() + timedelta(days=14))
    save(app)
    assert not page_errors(app)
    assert any("10 are still to go" in w.value for w in app.warning)


def test_editing_a_goal_keeps_the_earlier_version_in_the_history(app):
    app.session_state["goal_history_box"] = True  # the history is drawn while its expander is open
    open_page(app, "goals")
    fill(app, purpose="Learn", target_interviews=10)
    save(app)
    fill(app, target_interviews=14)
    app.text_input(key="goal_change_note").input("Two referrals came in.")
    save(app)
    assert any("version 2" in s.value for s in app.success)
    versions = goals.history(run_cursor(app), workbook_id(app))
    assert [(v["version"], v["target_interviews"]) for v in versions] == [(2, 14), (1, 10)]
    assert versions[0]["change_note"] == "Two referrals came in."
    table = app.dataframe[0].value  # the only table on the page: the history
    assert table["Version"].tolist() == [2, 1]
    assert table["What changed"].iloc[0] == "Target number of interviews: 10 → 14"


def test_saving_without_a_change_says_nothing_changed(app, monkeypatch):
    from views import extra_clicks

    open_page(app, "goals")
    fill(app, purpose="Learn")
    save(app)
    monkeypatch.setattr(extra_clicks, "EXTRA_CLICK_SECONDS", -1.0)  # a save after a pause, not a quick extra click
    save(app)
    assert any("Nothing changed" in i.value for i in app.info)
    assert goals.get(run_cursor(app), workbook_id(app)).version == 1


def test_the_saved_goal_is_in_the_form_when_the_user_comes_back(app):
    open_page(app, "goals")
    fill(app, purpose="Learn about water utilities", location="Calgary")
    save(app)
    app.switch_page(PAGES["home"]).run()
    app.switch_page(PAGES["goals"]).run()
    assert app.text_area(key="goal_purpose").value == "Learn about water utilities"
    assert app.text_input(key="goal_location").value == "Calgary"


def test_a_worked_example_fills_the_form_without_saving(app):
    open_page(app, "goals")
    app.selectbox(key="goal_example").select("new-graduate").run()
    app.button(key="goal_use_example").click().run()
    example = next(e for e in goals.examples() if e["key"] == "new-graduate")
    assert app.text_area(key="goal_purpose").value == example["values"]["purpose"]
    assert app.number_input(key="goal_weekly_pace").value == example["values"]["weekly_pace"]
    assert stored_goal_rows(app) == ([], [])


def test_the_demo_goal_is_shown_with_its_pace_on_track(demo_app):
    open_page(demo_app, "goals")
    summary = demo_app.markdown[-1].value if not demo_app.get("text_input") else ""
    assert "**Looking at:**" in summary and "Calgary, Alberta" in summary and "**Target:** 12 interviews" in summary
    assert not demo_app.text_input and not demo_app.get("form_submit_button")  # the form waits, closed
    open_box(demo_app, "goal_box")
    assert demo_app.text_input(key="goal_location").value == "Calgary, Alberta"
    assert demo_app.number_input(key="goal_target_interviews").value == 12
    assert any("you can hold the 2 interviews" in s.value for s in demo_app.success)


def test_guidance_links_the_method_points_beside_the_fields(app):
    open_page(app, "goals")
    tips = " ".join([h.proto.help for h in app.subheader] + [t.help or "" for t in app.text_area])
    for point in ("m1", "m2", "m3", "m4", "m5", "m6", "m7"):
        assert f"(method#{point})" in tips   # named in words in a tooltip, never printed as an id


def test_the_demo_history_shows_how_the_goal_changed(demo_app):
    open_page(demo_app, "goals")
    assert [e.label for e in demo_app.expander if "goal has changed" in e.label] == ["How your goal has changed (1 earlier version)"]
    assert not demo_app.dataframe  # folded: its table is neither built nor sent
    demo_app.session_state["goal_history_box"] = True  # as a click on the expander does
    demo_app.run()
    table = demo_app.dataframe[0].value
    assert table["Version"].tolist() == [2, 1]
    assert "Target number of interviews: 10 → 12" in table["What changed"].iloc[0]


def test_a_goal_whose_date_has_passed_asks_for_a_new_date_and_can_still_be_edited(app, db_path):
    from lib import workbooks

    con = db.open(db_path)
    wb = workbooks.ensure_one(con).id
    con.execute("INSERT INTO goals (workbook_id, purpose, target_interviews, start_date, target_date)"
                " VALUES (?, 'Learn', 10, ?, ?)",
                [wb, date.today() - timedelta(days=90), date.today() - timedelta(days=2)])
    con.close()
    open_page(app, "goals")
    assert any("has passed" in w.value and "pick a new date" in w.value for w in app.warning)
    open_box(app, "goal_box")
    fill(app, location="Halifax")
    save(app)
    assert not page_errors(app)
    assert goals.get(run_cursor(app), workbook_id(app)).location == "Halifax"


def test_what_you_bring_fit_and_the_holiday_calendar_are_saved_with_the_goal(app):
    open_page(app, "goals")
    fill(app, purpose="Learn how water utilities work here", target_interviews=10)
    app.text_area(key="goal_what_you_bring").input("Eight years of hydraulic modelling")
    app.text_area(key="goal_fit_to_test").input("Utility or consultancy?")
    app.selectbox(key="goal_holiday_country").set_value("CA")
    app.text_input(key="goal_holiday_subdivision").input("ab")
    save(app)
    assert not page_errors(app)
    goal = goals.get(run_cursor(app), workbook_id(app))
    assert (goal.what_you_bring, goal.fit_to_test) == ("Eight years of hydraulic modelling", "Utility or consultancy?")
    assert (goal.holiday_country, goal.holiday_subdivision) == ("CA", "AB")


def test_a_region_that_is_not_in_the_country_is_refused_with_a_message(app):
    open_page(app, "goals")
    fill(app, purpose="Learn how water utilities work here", target_interviews=10)
    app.selectbox(key="goal_holiday_country").set_value("CA")
    app.text_input(key="goal_holiday_subdivision").input("TX")
    save(app)
    assert any("province, state or region" in e.value for e in app.error)
    assert goals.get(run_cursor(app), workbook_id(app)) is None


def test_a_saved_goal_reads_as_text_and_hostile_text_stays_literal(app, db_path):
    from lib import workbooks

    con = db.open(db_path)
    wb = workbooks.ensure_one(con).id
    con.execute("INSERT INTO goals (workbook_id, purpose, target_roles, target_interviews, start_date, target_date)"
                " VALUES (?, ?, ?, 10, ?, ?)", [wb, "**x** ![x](http://127.0.0.1:9/x)", ":red[x]",
                                               date.today(), date.today() + timedelta(days=60)])
    con.close()
    open_page(app, "goals")
    summary = next(m.value for m in app.markdown if "**Target:**" in m.value)
    assert "**x**" not in summary and "![x](" not in summary and ":red[x]" not in summary
    assert "\\*\\*x\\*\\*" in summary and "\\!\\[x\\]" in summary and "red\\[x\\]" in summary
    assert "**Target:** 10 interviews by" in summary
    assert not app.get("form_submit_button")  # a saved goal: the form waits in "Edit your goal"


def test_a_save_that_reaches_the_server_with_a_workbook_switch_saves_the_goal_it_was_typed_for(app, db_path):
    """Save goal clicked, then another workbook picked within a moment: both reach the server in one run. The save
    ran in the page body after the sidebar had switched, on the other workbook (a hostile tester). It saves in its
    callback now, for the workbook the form was drawn in, and the message names that workbook."""
    from lib import workbooks
    from tests.conftest import workbook_picker

    open_page(app, "goals")
    first = workbook_id(app)
    con = db.open(db_path)
    other = workbooks.create(con, "Other client")
    con.close()
    app.run()
    fill(app, purpose="Learn how clinical research teams work here", target_roles="Clinical research associate",
         location="Montréal", target_interviews=10, target_date=date.today() + timedelta(days=90), weekly_pace=1.0)
    workbook_picker(app).set_value(other)
    save(app)
    assert not page_errors(app)
    assert workbook_id(app) == other
    assert goals.get(run_cursor(app), first).purpose == "Learn how clinical research teams work here"
    assert goals.get(run_cursor(app), other) is None
    name = workbooks.get(run_cursor(app), first).name
    assert [s.value for s in app.success if "Goal saved" in s.value] == [
        f"In {name}: Goal saved (version 1). Home now measures your progress against it."]
