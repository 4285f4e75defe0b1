"""lib/goals.py: saving and checking a goal, its history, and the pace realism rule (M4–M6, M28)."""
from datetime import date, timedelta

import pytest

from lib import db, goals, workbooks
from lib.errors import Invalid

TODAY = date(2026, 3, 11)  # a Wednesday


def save(con, wb, **values):
    values.setdefault("purpose", "Learn how product teams work in Lisbon.")
    return goals.save(con, wb, today=TODAY, **values)


def stored(con, wb):
    """Everything stored about the goal, to show a refused input changed nothing."""
    return (db.rows(con, "SELECT * FROM goals WHERE workbook_id = ?", [wb]),
            db.rows(con, "SELECT * FROM goal_history WHERE workbook_id = ? ORDER BY id", [wb]))


# ---- saving ---------------------------------------------------------------------------------------

def test_a_first_goal_is_version_one_with_ten_interviews_starting_today(con, wb):
    goal = save(con, wb)
    assert goal.version == 1
    assert goal.target_interviews == 10
    assert goal.start_date == TODAY
    assert goals.get(con, wb) == goal


def test_every_field_is_stored_as_typed_without_surrounding_spaces(con, wb):
    goal = save(con, wb, purpose="  Learn  ", intentions="Why them, why now", target_roles="Designer",
                target_industries="Health", location="Lisbon", career_direction="Lead designer in 3 years",
                target_interviews=12, start_date=TODAY - timedelta(days=7), target_date=TODAY + timedelta(days=70),
                weekly_pace=1.5)
    assert (goal.purpose, goal.location, goal.target_interviews, goal.weekly_pace) == ("Learn", "Lisbon", 12, 1.5)
    assert goal.target_date == date(2026, 5, 20)


def test_an_empty_purpose_is_refused_and_nothing_is_saved(con, wb):
    with pytest.raises(Invalid, match="What you want to learn is needed"):
        save(con, wb, purpose="   ")
    assert goals.get(con, wb) is None


@pytest.mark.parametrize("target, words", [(0, "at least 1"), (-3, "at least 1"), (10_000, "100 or fewer"),
                                           (101, "100 or fewer"), (2.5, "whole number"), (None, "is needed"),
                                           ("ten", "whole number")])
def test_a_target_outside_one_to_a_hundred_is_refused_with_a_clear_message(con, wb, target, words):
    with pytest.raises(Invalid, match=words):
        save(con, wb, target_interviews=target)
    assert goals.get(con, wb) is None


@pytest.mark.parametrize("target", [1, 100, 12.0])
def test_targets_at_the_edges_are_accepted(con, wb, target):
    assert save(con, wb, target_interviews=target).target_interviews == int(target)


def test_a_target_date_in_the_past_is_refused_and_nothing_is_saved(con, wb):
    with pytest.raises(Invalid, match="in the past"):
        save(con, wb, target_date=TODAY - timedelta(days=1))
    assert goals.get(con, wb) is None


def test_a_target_date_of_today_is_accepted(con, wb):
    assert save(con, wb, target_date=TODAY).target_date == TODAY


def test_a_goal_whose_date_has_passed_can_still_be_edited_without_moving_the_date(con, wb):
    save(con, wb, target_date=TODAY + timedelta(days=10))
    later = TODAY + timedelta(days=30)
    edited = goals.save(con, wb, today=later, purpose="Learn more", target_date=TODAY + timedelta(days=10))
    assert edited.purpose == "Learn more" and edited.version == 2
    with pytest.raises(Invalid, match="in the past"):
        goals.save(con, wb, today=later, purpose="Learn more", target_date=TODAY + timedelta(days=11))


def test_a_target_date_more_than_five_years_away_is_refused(con, wb):
    with pytest.raises(Invalid, match="more than 5 years away"):
        save(con, wb, target_date=date(2031, 3, 12))
    assert save(con, wb, target_date=date(2031, 3, 11)).target_date == date(2031, 3, 11)


def test_a_start_date_after_the_target_date_is_refused(con, wb):
    with pytest.raises(Invalid, match="start date comes after the target date"):
        save(con, wb, start_date=TODAY + timedelta(days=20), target_date=TODAY + timedelta(days=10))


def test_a_date_typed_as_text_is_read_or_refused_clearly(con, wb):
    assert save(con, wb, target_date="2026-06-01").target_date == date(2026, 6, 1)
    with pytest.raises(Invalid, match="not a date"):
        save(con, wb, target_date="next spring")


@pytest.mark.parametrize("pace, words", [(0, "more than 0"), (-1, "more than 0"), (15, "14 or fewer"),
                                         ("fast", "must be a number"), (float("nan"), "more than 0")])
def test_an_impossible_weekly_pace_is_refused(con, wb, pace, words):
    with pytest.raises(Invalid, match=words):
        save(con, wb, weekly_pace=pace)
    assert goals.get(con, wb) is None


def test_text_with_a_nul_byte_or_over_the_limit_is_refused(con, wb):
    with pytest.raises(Invalid, match="NUL"):
        save(con, wb, purpose="Learn\x00")
    with pytest.raises(Invalid, match="limit is 4,000"):
        save(con, wb, intentions="x" * 4_001)
    assert goals.get(con, wb) is None


def test_sql_looking_text_is_stored_literally(con, wb):
    save(con, wb, purpose="'); DROP TABLE goals;--")
    assert goals.get(con, wb).purpose == "'); DROP TABLE goals;--"


def test_each_workbook_has_its_own_goal(con, wb):
    other = workbooks.create(con, "Jordan")
    save(con, wb, target_interviews=12)
    save(con, other, target_interviews=20)
    assert goals.get(con, wb).target_interviews == 12
    assert goals.get(con, other).target_interviews == 20


# ---- history (M28) --------------------------------------------------------------------------------

def test_editing_keeps_the_previous_version_with_its_note(con, wb):
    first = save(con, wb, target_interviews=10, change_note=None)
    second = save(con, wb, target_interviews=14, change_note="Two more people were referred to me.")
    assert second.version == 2
    versions = goals.history(con, wb)
    assert [v["version"] for v in versions] == [2, 1]
    assert versions[0]["current"] and not versions[1]["current"]
    assert versions[1]["target_interviews"] == 10
    assert versions[1]["saved_at"] == first.updated_at
    assert versions[0]["change_note"] == "Two more people were referred to me."
    assert versions[0]["changes"] == ["Target number of interviews: 10 → 14"]


def test_saving_the_same_values_again_makes_no_new_version(con, wb):
    save(con, wb, target_interviews=12)
    again = save(con, wb, target_interviews=12)
    assert again.version == 1
    assert len(goals.history(con, wb)) == 1


def test_a_refused_edit_leaves_the_goal_and_its_history_unchanged(con, wb):
    save(con, wb)
    save(con, wb, target_interviews=12)
    before = stored(con, wb)
    with pytest.raises(Invalid):
        save(con, wb, target_interviews=0)
    assert stored(con, wb) == before


def test_history_says_in_words_what_changed(con, wb):
    save(con, wb, target_date=date(2026, 5, 1), weekly_pace=1.0)
    save(con, wb, purpose="Something new", target_date=date(2026, 6, 1), weekly_pace=1.5)
    changes = goals.history(con, wb)[0]["changes"]
    assert changes == ["What you want to learn rewritten", "Target date: 1 May 2026 → 1 Jun 2026",
                       "Meetings per week: 1 → 1.5"]


def test_a_new_workbook_has_no_history(con, wb):
    assert goals.history(con, wb) == []


# ---- the pace realism rule (M5/M6) -----------------------------------------------------------------

def check(**kw):
    values = dict(target=10, done=0, weekly_pace=1.0, target_date=TODAY + timedelta(days=70), today=TODAY)
    return goals.pace_check(**(values | kw))


def test_the_rule_compares_pace_times_weeks_left_with_interviews_remaining():
    assert goals.realistic(1.0, 5.0, 5)
    assert not goals.realistic(1.0, 4.9, 5)


def test_a_pace_that_reaches_the_target_in_time_is_on_track():
    result = check(weekly_pace=1.0, target_date=TODAY + timedelta(days=70))  # 10 weeks × 1 = 10
    assert result.status == "on_track" and not result.warn
    assert "70 days left" in result.message


def test_a_pace_that_cannot_reach_the_target_gets_a_gentle_warning():
    result = check(weekly_pace=1.0, target_date=TODAY + timedelta(days=28))  # 4 weeks × 1 < 10
    assert result.status == "behind" and result.warn
    assert "about 4 more" in result.message and "10 are still to go" in result.message
    assert "about 2.5 a week" in result.message
    assert "Relationships take time" in result.message


def test_interviews_already_done_count_toward_the_target():
    assert check(done=7, weekly_pace=1.0, target_date=TODAY + timedelta(days=21)).status == "on_track"
    assert check(done=6, weekly_pace=1.0, target_date=TODAY + timedelta(days=21)).status == "behind"


def test_on_the_target_date_itself_any_interview_still_to_go_is_behind():
    result = check(done=9, target_date=TODAY)
    assert result.status == "behind" and "today" in result.message


def test_a_target_date_that_has_passed_is_said_kindly():
    result = check(done=4, target_date=TODAY - timedelta(days=3))
    assert result.status == "passed" and result.warn
    assert "6 of 10" in result.message and "pick a new date" in result.message


def test_a_reached_target_is_celebrated_even_after_the_date():
    assert check(done=10, target_date=TODAY - timedelta(days=3)).status == "reached"
    assert check(done=12).status == "reached"


def test_without_a_date_or_a_pace_the_check_says_what_is_missing():
    assert check(target_date=None).status == "no_date"
    no_pace = check(weekly_pace=None, target_date=TODAY + timedelta(days=35))
    assert no_pace.status == "no_pace" and "about 2.0 a week" in no_pace.message


def test_a_heavy_pace_gets_a_note_about_preparation():
    assert any("preparation is most of the work" in n for n in check(weekly_pace=4.0).notes)
    assert check(weekly_pace=3.0).notes == ()


# ---- worked examples --------------------------------------------------------------------------------

def test_every_worked_example_can_be_saved_as_it_is(con, wb):
    examples = goals.examples()
    assert {"newcomer-engineer", "new-graduate"} <= {e["key"] for e in examples}
    for example in examples:
        saved = goals.save(con, wb, today=TODAY, target_date=TODAY + timedelta(days=90), **example["values"])
        assert saved.purpose == example["values"]["purpose"]


# ---- the demo's goal history -------------------------------------------------------------------------

def test_the_demo_goal_has_an_earlier_version_to_look_back_on(con, demo_id):
    from tests.conftest import DEMO_TODAY

    versions = goals.history(con, demo_id)
    assert [(v["version"], v["target_interviews"], v["weekly_pace"]) for v in versions] == [(2, 12, 1.0), (1, 10, 1.5)]
    assert versions[1]["target_date"] == DEMO_TODAY + timedelta(days=20)
    assert "raised the target to 12" in versions[0]["change_note"]
    assert goals.get(con, demo_id).version == 2


def test_loading_the_demo_again_resets_its_goal_history(con, demo_id):
    from lib import demo
    from tests.conftest import DEMO_TODAY

    goals.save(con, demo_id, today=DEMO_TODAY, purpose="A participant changed it")
    demo.load(con, today=DEMO_TODAY)
    assert [v["version"] for v in goals.history(con, demo_id)] == [2, 1]
    assert goals.get(con, demo_id).purpose.startswith("Understand how water-resources")


# ---- several sessions at once ---------------------------------------------------------------------------

def test_sessions_saving_the_same_goal_at_once_all_succeed_and_every_version_is_kept(con, wb):
    from concurrent.futures import ThreadPoolExecutor

    def one_session(target):
        cur = con.cursor()  # each session has its own cursor, as in the app
        try:
            return save(cur, wb, target_interviews=target).target_interviews
        finally:
            cur.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one_session, range(10, 26)))
    assert results == list(range(10, 26))
    versions = goals.history(con, wb)
    assert len(versions) == 16  # every save changed the target, so each made a version
    assert [v["version"] for v in versions] == list(range(16, 0, -1))
    assert goals.get(con, wb).target_interviews in range(10, 26)


# ---- upgrading a database made before goal history existed ------------------------------------------------

def test_a_database_from_the_first_schema_upgrades_and_keeps_its_goal(tmp_path):
    import duckdb

    path = tmp_path / "v1.duckdb"
    old = duckdb.connect(str(path))
    old.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY,"
                " applied_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp())")
    old.execute(db.migration_files()[0][1].read_text(encoding="utf-8"))
    old.execute("INSERT INTO schema_migrations (version) VALUES (1)")
    old.execute("INSERT INTO workbooks (name) VALUES ('Before')")
    old.execute("INSERT INTO goals (workbook_id, purpose, target_interviews) VALUES (1, 'Learn', 9)")
    old.close()
    con = db.open(path)
    try:
        goal = goals.get(con, 1)
        assert (goal.purpose, goal.target_interviews, goal.version) == ("Learn", 9, 1)
        edited = goals.save(con, 1, today=TODAY, purpose="Learn", target_interviews=11)
        assert edited.version == 2
        assert [v["target_interviews"] for v in goals.history(con, 1)] == [11, 9]
    finally:
        con.close()
