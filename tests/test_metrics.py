"""lib/metrics.py on small hand-built workbooks with known answers, on the demo, and at 30,000 contacts."""
from datetime import date, datetime

import pytest

from lib import conversion, goal_pace, metrics, referral_tree, weekly, workbooks
from lib.metrics import Filters
from tests.conftest import DEMO_TODAY

# The small workbook (weeks start on Monday 5, 12, 19, 26 Jan, 2 Feb 2026):
#   Ana (manual, added Mon 5 Jan) met Mon 12 Jan, referred Cy
#   Ben (LinkedIn, connected 31 Dec 2025, imported 20 Jan): counts from 31 Dec; meeting cancelled
#   Cy (referral from Ana, added 21 Jan) met 3 Feb, referred Dee
#   Dee (referral from Cy, added 2 Feb), never contacted
#   Eve (event, added 7 Jan): no reply, then replied no; meeting planned
TODAY = date(2026, 2, 2)


def _contact(con, wb, name, source, created, *, connected=None, referred_by=None) -> int:
    return con.execute(
        "INSERT INTO contacts (workbook_id, full_name, source, created_at, connected_on, referred_by_contact_id)"
        " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        [wb, name, source, created, connected, referred_by],
    ).fetchone()[0]


def _attempt(con, wb, contact, at, outcome="no_reply"):
    con.execute("INSERT INTO outreach (workbook_id, contact_id, channel, attempted_at, outcome) VALUES (?, ?, 'email', ?, ?)",
                [wb, contact, at, outcome])


def _meeting(con, wb, contact, at, status):
    con.execute("INSERT INTO meetings (workbook_id, contact_id, scheduled_at, status) VALUES (?, ?, ?, ?)",
                [wb, contact, at, status])


def _goal(con, wb, *, start=date(2026, 1, 5), target_date=date(2026, 3, 2), target=8, pace=1.0):
    con.execute("INSERT INTO goals (workbook_id, start_date, target_date, target_interviews, weekly_pace) VALUES (?, ?, ?, ?, ?)",
                [wb, start, target_date, target, pace])


@pytest.fixture
def small(con):
    wb = workbooks.create(con, "Small")
    people = {}
    people["ana"] = _contact(con, wb, "Ana Alves", "manual", datetime(2026, 1, 5, 9))
    people["ben"] = _contact(con, wb, "Ben Bauer", "linkedin", datetime(2026, 1, 20, 9), connected=date(2025, 12, 31))
    people["cy"] = _contact(con, wb, "Cy Chen", "referral", datetime(2026, 1, 21, 9), referred_by=people["ana"])
    people["dee"] = _contact(con, wb, "Dee Diaz", "referral", datetime(2026, 2, 2, 9), referred_by=people["cy"])
    people["eve"] = _contact(con, wb, "Eve Evans", "event", datetime(2026, 1, 7, 9))
    _attempt(con, wb, people["ana"], datetime(2026, 1, 6, 10), "replied_yes")
    _attempt(con, wb, people["eve"], datetime(2026, 1, 8, 10))
    _attempt(con, wb, people["eve"], datetime(2026, 1, 20, 10), "replied_no")
    _attempt(con, wb, people["ben"], datetime(2026, 1, 21, 10))
    _meeting(con, wb, people["ana"], datetime(2026, 1, 12, 16), "done")
    _meeting(con, wb, people["cy"], datetime(2026, 2, 3, 8), "done")
    _meeting(con, wb, people["eve"], datetime(2026, 2, 10, 8), "planned")
    _meeting(con, wb, people["ben"], datetime(2026, 1, 14, 8), "cancelled")
    _goal(con, wb)
    return wb, people


JAN = Filters(date(2026, 1, 5), date(2026, 1, 25))


def _total(frame, week, source):
    row = frame[(frame["week_key"] == week) & (frame["source"] == source)]
    return int(row["total"].iloc[0])


# ---- growth -----------------------------------------------------------------------------------

def test_growth_has_one_row_per_week_and_source_including_quiet_weeks(con, small):
    wb, _ = small
    frame = weekly.network_growth(con, wb, JAN, TODAY)
    assert sorted(frame["week_key"].unique()) == ["2026-01-05", "2026-01-12", "2026-01-19"]
    assert len(frame) == 3 * 4  # four sources have people; Dee (2 Feb) is the only other referral
    assert frame[frame["week_key"] == "2026-01-12"]["added"].sum() == 0


def test_linkedin_people_count_from_the_day_they_connected(con, small):
    wb, _ = small
    frame = weekly.network_growth(con, wb, JAN, TODAY)
    # connected 31 Dec, before the range: already in the network in the first week, never "added" in it
    assert _total(frame, "2026-01-05", "linkedin") == 1
    assert frame[frame["source"] == "linkedin"]["added"].sum() == 0


def test_growth_totals_are_cumulative_by_source(con, small):
    wb, _ = small
    frame = weekly.network_growth(con, wb, JAN, TODAY)
    assert [_total(frame, w, "referral") for w in ("2026-01-05", "2026-01-12", "2026-01-19")] == [0, 0, 1]
    assert _total(frame, "2026-01-19", "manual") == 1


def test_a_one_day_range_gives_one_week(con, small):
    wb, _ = small
    frame = weekly.network_growth(con, wb, Filters(date(2026, 1, 21), date(2026, 1, 21)), TODAY)
    assert frame["week_key"].unique().tolist() == ["2026-01-19"]
    assert _total(frame, "2026-01-19", "referral") == 1
    assert int(frame[frame["source"] == "referral"]["added"].iloc[0]) == 1


def test_the_source_filter_keeps_only_those_sources(con, small):
    wb, _ = small
    frame = weekly.network_growth(con, wb, Filters(JAN.start, JAN.end, ("event",)), TODAY)
    assert set(frame["source"]) == {"event"}
    assert _total(frame, "2026-01-19", "event") == 1


def test_growth_is_empty_for_a_new_workbook(con):
    wb = workbooks.create(con, "New")
    assert weekly.network_growth(con, wb, Filters(), TODAY).empty
    assert weekly.people_met(con, wb, Filters(), TODAY).empty


def test_people_met_counts_each_person_once_from_their_first_done_meeting(con, small):
    wb, people = small
    _meeting(con, wb, people["ana"], datetime(2026, 1, 27, 9), "done")  # a second meeting with Ana
    frame = weekly.people_met(con, wb, Filters(date(2026, 1, 5), date(2026, 2, 8)), date(2026, 2, 8))
    assert frame["met"].tolist() == [0, 1, 1, 1, 2]  # cancelled Ben never counts


def test_times_are_counted_on_their_own_local_day_late_sunday_included(con, small):
    wb, people = small
    _attempt(con, wb, people["dee"], datetime(2026, 1, 11, 23, 30))  # Sunday night: still week of 5 Jan
    _attempt(con, wb, people["dee"], datetime(2026, 1, 12, 0, 15))   # Monday just after midnight
    frame = weekly.weekly_activity(con, wb, JAN, TODAY)
    attempts = frame[frame["measure"] == "attempts"].set_index("week_key")["count"]
    assert attempts["2026-01-05"] == 3 and attempts["2026-01-12"] == 1


# ---- interviews against the goal --------------------------------------------------------------

def test_the_pace_line_runs_straight_from_zero_to_the_target_on_the_target_date(con, small):
    wb, _ = small
    frame = goal_pace.interviews_vs_goal(con, wb, Filters(), TODAY)
    by_day = frame.set_index("day_key")
    assert by_day.loc["2026-01-05", "pace"] == 0
    assert by_day.loc["2026-02-02", "pace"] == 4  # half-way in time, half the target
    assert by_day.loc["2026-03-02", "pace"] == 8
    assert frame["day_key"].iloc[-1] == "2026-03-02"


def test_meetings_done_are_cumulative_and_stop_at_today(con, small):
    wb, _ = small
    frame = goal_pace.interviews_vs_goal(con, wb, Filters(), TODAY).set_index("day_key")
    assert frame.loc["2026-01-11", "done"] == 0
    assert frame.loc["2026-01-18", "done"] == 1
    assert frame.loc["2026-02-02", "done"] == 1
    assert frame.loc["2026-02-08", "done"] is None or str(frame.loc["2026-02-08", "done"]) == "<NA>"


def test_being_behind_pace_is_said_in_words(con, small):
    wb, _ = small
    pace = goal_pace.pace(con, wb, Filters(), TODAY)
    assert (pace.done, pace.expected) == (1, 4)
    assert pace.words.startswith("Behind pace by 3 meetings")
    assert "about 1.8 a week" in pace.words  # 7 more in 4 weeks


def test_being_ahead_of_pace_is_said_in_words(con, small):
    wb, _ = small
    con.execute("UPDATE goals SET target_interviews = 2 WHERE workbook_id = ?", [wb])
    pace = goal_pace.pace(con, wb, Filters(), date(2026, 1, 13))  # the plan: 2 × 8/56 ≈ 0.3 by today
    assert pace.done == 1
    assert pace.words.startswith("Ahead of pace by 1 meeting:")


def test_a_goal_reached_says_so(con, small):
    wb, _ = small
    con.execute("UPDATE goals SET target_interviews = 2 WHERE workbook_id = ?", [wb])
    assert goal_pace.pace(con, wb, Filters(), date(2026, 2, 5)).words.startswith("Goal reached")


def test_without_a_target_date_there_is_no_pace_line_and_the_words_say_what_to_do(con, small):
    wb, _ = small
    con.execute("UPDATE goals SET target_date = NULL WHERE workbook_id = ?", [wb])
    assert goal_pace.interviews_vs_goal(con, wb, Filters(), TODAY)["pace"].isna().all()
    assert "Goals page" in goal_pace.pace(con, wb, Filters(), TODAY).words


def test_a_past_target_date_is_pointed_out(con, small):
    wb, _ = small
    assert "has passed" in goal_pace.pace(con, wb, Filters(), date(2026, 3, 10)).words


# ---- weekly activity --------------------------------------------------------------------------

def test_weekly_activity_counts_attempts_replies_and_meetings_held_per_week(con, small):
    wb, _ = small
    frame = weekly.weekly_activity(con, wb, JAN, TODAY)
    counts = {(r.week_key, r.measure): r.count for r in frame.itertuples()}
    assert len(frame) == 9  # three weeks × three measures, zeros included
    assert counts[("2026-01-05", "attempts")] == 2 and counts[("2026-01-05", "replies")] == 1
    assert counts[("2026-01-12", "attempts")] == 0 and counts[("2026-01-12", "meetings")] == 1
    assert counts[("2026-01-19", "attempts")] == 2 and counts[("2026-01-19", "replies")] == 1


def test_weekly_activity_is_empty_when_nothing_happened_in_the_range(con, small):
    wb, _ = small
    assert weekly.weekly_activity(con, wb, Filters(date(2025, 6, 1), date(2025, 6, 30)), TODAY).empty


def test_the_planned_weekly_pace_comes_from_the_goal(con, small):
    wb, _ = small
    assert goal_pace.weekly_pace(con, wb) == 1.0


# ---- funnel -----------------------------------------------------------------------------------

FEB = Filters(date(2026, 1, 1), date(2026, 2, 28))


def test_the_funnel_counts_people_at_each_step_and_later_steps_count_for_earlier_ones(con, small):
    wb, _ = small
    frame = conversion.funnel(con, wb, FEB, date(2026, 2, 28))
    # Cy was met without an outreach row: they still count as contacted and replied
    assert frame["people"].tolist() == [5, 4, 3, 2, 2]
    assert frame["step"].tolist() == list(conversion.FUNNEL_STEPS)
    assert frame["of_previous"].tolist() == [1.0, 0.8, 0.75, round(2 / 3, 4), 1.0]


def test_the_funnel_counts_only_steps_reached_in_the_range(con, small):
    wb, _ = small
    frame = conversion.funnel(con, wb, Filters(date(2026, 1, 19), date(2026, 1, 25)), TODAY)
    assert frame["people"].tolist() == [4, 2, 1, 0, 0]  # Dee not yet in; Eve and Ben tried, Eve replied


def test_conversion_rates_divide_the_right_counts(con, small):
    wb, _ = small
    rates = conversion.conversion_rates(con, wb, FEB, date(2026, 2, 28))
    assert (rates["attempts"], rates["replies"], rates["meetings"], rates["referrals"]) == (4, 2, 2, 2)
    # the reply rate is a share of people (the funnel's Replied over Contacted): 3 of the 4 contacted
    assert (rates["contacted"], rates["replied"]) == (4, 3)
    assert rates["reply_rate"] == 0.75 and rates["meetings_per_attempt"] == 0.5 and rates["referrals_per_meeting"] == 1.0


def test_rates_are_none_when_there_is_nothing_to_divide_by(con):
    wb = workbooks.create(con, "New")
    rates = conversion.conversion_rates(con, wb, Filters(), TODAY)
    assert rates["reply_rate"] is None and rates["referrals_per_meeting"] is None
    assert conversion.funnel(con, wb, Filters(), TODAY)["people"].tolist() == [0, 0, 0, 0, 0]


# ---- referral tree ----------------------------------------------------------------------------

def test_the_referral_tree_gives_generations_from_the_first_contact(con, small):
    wb, people = small
    tree = referral_tree.referral_tree(con, wb, Filters(), date(2026, 2, 28))
    gens = dict(zip(tree.nodes["name"], tree.nodes["generation"]))
    assert gens == {"Ana Alves": 0, "Cy Chen": 1, "Dee Diaz": 2}
    met = dict(zip(tree.nodes["name"], tree.nodes["met"]))
    assert met == {"Ana Alves": True, "Cy Chen": True, "Dee Diaz": False}
    assert (tree.total_people, tree.chains, tree.cut) == (3, 1, False)


def test_the_referral_tree_is_capped_and_says_it_was_cut(con, small):
    wb, _ = small
    tree = referral_tree.referral_tree(con, wb, Filters(), date(2026, 2, 28), limit=2)
    assert tree.nodes["name"].tolist() == ["Ana Alves", "Cy Chen"]  # cut by generation, parents kept
    assert tree.cut and tree.total_people == 3


def test_a_referral_loop_in_bad_data_does_not_hang_the_tree(con, small):
    wb, people = small
    a = _contact(con, wb, "Loop One", "referral", datetime(2026, 1, 9))
    b = _contact(con, wb, "Loop Two", "referral", datetime(2026, 1, 9), referred_by=a)
    con.execute("UPDATE contacts SET referred_by_contact_id = ? WHERE id = ?", [b, a])
    tree = referral_tree.referral_tree(con, wb, Filters(), date(2026, 2, 28))
    assert "Loop One" not in set(tree.nodes["name"])


# ---- the people behind a mark -----------------------------------------------------------------

def test_a_growth_bar_lists_everyone_of_that_source_in_the_network_by_that_week(con, small):
    wb, _ = small
    frame, total = metrics.people_behind(con, wb, JAN, TODAY, chart="growth", week="2026-01-19", source="referral")
    assert frame["Name"].tolist() == ["Cy Chen"] and total == 1
    assert frame.columns.tolist() == metrics.PEOPLE_COLUMNS


def test_an_activity_bar_lists_who_replied_that_week(con, small):
    wb, _ = small
    frame, _ = metrics.people_behind(con, wb, JAN, TODAY, chart="activity", week="2026-01-19", measure="replies")
    assert frame["Name"].tolist() == ["Eve Evans"]


def test_a_funnel_bar_lists_the_people_at_that_step(con, small):
    wb, _ = small
    frame, total = metrics.people_behind(con, wb, FEB, date(2026, 2, 28), chart="funnel", step="met")
    assert sorted(frame["Name"]) == ["Ana Alves", "Cy Chen"] and total == 2


def test_a_goal_point_lists_the_meetings_counted_up_to_that_day(con, small):
    wb, _ = small
    frame, _ = metrics.people_behind(con, wb, Filters(), date(2026, 2, 28), chart="goal", week="2026-02-08")
    assert sorted(frame["Name"]) == ["Ana Alves", "Cy Chen"]


def test_a_person_in_the_tree_lists_them_and_whom_they_introduced(con, small):
    wb, people = small
    frame, _ = metrics.people_behind(con, wb, Filters(), TODAY, chart="tree", contact_id=people["cy"])
    assert frame["Name"].tolist() == ["Cy Chen", "Dee Diaz"]  # the person first


def test_the_people_list_is_limited_but_knows_the_total(con, small):
    wb, _ = small
    frame, total = metrics.people_behind(con, wb, FEB, date(2026, 2, 28), chart="funnel", step="identified", limit=2)
    assert len(frame) == 2 and total == 5


# ---- time ranges ------------------------------------------------------------------------------

def test_the_goal_range_starts_on_the_goal_start_date(con, small):
    wb, _ = small
    f = metrics.preset_filters(con, wb, "goal", TODAY)
    assert (f.start, f.end) == (date(2026, 1, 5), TODAY)


def test_the_last_four_weeks_cover_four_whole_weeks_up_to_today(con, small):
    wb, _ = small
    f = metrics.preset_filters(con, wb, "4w", date(2026, 2, 4))
    assert (f.start, f.end) == (date(2026, 1, 12), date(2026, 2, 4))


def test_custom_dates_may_be_given_in_either_order(con, small):
    wb, _ = small
    f = metrics.preset_filters(con, wb, "custom", TODAY, custom=(date(2026, 1, 20), date(2026, 1, 10)), sources=("event",))
    assert (f.start, f.end, f.sources) == (date(2026, 1, 10), date(2026, 1, 20), ("event",))


# ---- the demo ---------------------------------------------------------------------------------

def test_the_demo_is_ahead_of_pace(con, demo_id):
    pace = goal_pace.pace(con, demo_id, Filters(), DEMO_TODAY)
    assert pace.done == 10 and pace.words.startswith("Ahead of pace")


def test_the_demo_funnel_never_grows_from_one_step_to_the_next(con, demo_id):
    people = conversion.funnel(con, demo_id, Filters(), DEMO_TODAY)["people"].tolist()
    assert people == sorted(people, reverse=True) and people[0] == 42


def test_the_demo_referral_tree_has_three_chains_led_by_the_largest(con, demo_id):
    tree = referral_tree.referral_tree(con, demo_id, Filters(), DEMO_TODAY)
    assert (tree.total_people, tree.chains) == (21, 3)
    assert tree.nodes["name"].iloc[0] == "Aisha Bello"


def test_one_workbook_never_sees_another(con, demo_id, small):
    wb, _ = small
    assert conversion.funnel(con, wb, FEB, date(2026, 2, 28))["people"].iloc[0] == 5


# ---- size -------------------------------------------------------------------------------------

@pytest.fixture
def big(con):
    """30,000 contacts over two years (a tenth referred by someone earlier), 100,000 outreach rows, 6,000 meetings."""
    wb = workbooks.create(con, "Big")
    con.execute(
        """INSERT INTO contacts (id, workbook_id, full_name, source, stage, created_at, connected_on, referred_by_contact_id)
           SELECT 1000000 + i, ?, 'Person ' || i,
                  CASE WHEN i % 10 = 0 AND i > 100 THEN 'referral' ELSE (CASE i % 4 WHEN 0 THEN 'linkedin' WHEN 1 THEN 'manual' WHEN 2 THEN 'alumni' ELSE 'event' END) END,
                  'identified', TIMESTAMP '2024-03-01 09:00' + (i % 730) * INTERVAL '1 day',
                  CASE WHEN i % 4 = 0 THEN CAST(DATE '2020-01-01' + (i % 2000) * INTERVAL '1 day' AS DATE) END,
                  CASE WHEN i % 10 = 0 AND i > 100 THEN 1000000 + CAST((i - i % 3) / 3 AS INTEGER) END
           FROM generate_series(0, 29999) t(i)""",
        [wb],
    )
    con.execute(
        """INSERT INTO outreach (workbook_id, contact_id, channel, attempted_at, outcome)
           SELECT ?, 1000000 + i % 30000, 'email', TIMESTAMP '2024-03-01 10:00' + (i % 730) * INTERVAL '1 day',
                  CASE i % 4 WHEN 0 THEN 'no_reply' WHEN 1 THEN 'replied_yes' WHEN 2 THEN 'replied_no' ELSE 'no_answer' END
           FROM generate_series(0, 99999) t(i)""",
        [wb],
    )
    con.execute(
        """INSERT INTO meetings (workbook_id, contact_id, scheduled_at, status)
           SELECT ?, 1000000 + (i * 5) % 30000, TIMESTAMP '2024-03-05 10:00' + (i % 700) * INTERVAL '1 day',
                  CASE WHEN i % 5 = 0 THEN 'planned' ELSE 'done' END FROM generate_series(0, 5999) t(i)""",
        [wb],
    )
    _goal(con, wb, start=date(2024, 3, 1), target_date=date(2026, 3, 1), target=5000, pace=50)
    # Statistics of the new rows, as PostgreSQL's autovacuum gathers within a minute of a bulk load: without them
    # its planner takes the tables for empty and scans 30,000 people once per outreach row (minutes).
    con.execute("ANALYZE")
    return wb


BIG_TODAY = date(2026, 3, 1)
BIG_RANGE = Filters(date(2024, 3, 1), BIG_TODAY)


def test_at_thirty_thousand_contacts_every_chart_frame_stays_small(con, big):
    weeks = (BIG_TODAY - BIG_RANGE.start).days // 7 + 2
    assert len(weekly.network_growth(con, big, BIG_RANGE, BIG_TODAY)) <= weeks * len(metrics.SOURCE_ORDER)
    assert len(weekly.people_met(con, big, BIG_RANGE, BIG_TODAY)) <= weeks
    assert len(goal_pace.interviews_vs_goal(con, big, BIG_RANGE, BIG_TODAY)) <= weeks + 3
    assert len(weekly.weekly_activity(con, big, BIG_RANGE, BIG_TODAY)) <= weeks * 3
    assert len(conversion.funnel(con, big, BIG_RANGE, BIG_TODAY)) == 5
    assert conversion.conversion_rates(con, big, BIG_RANGE, BIG_TODAY)["attempts"] == 100_000


def test_at_thirty_thousand_contacts_the_referral_tree_is_capped(con, big):
    tree = referral_tree.referral_tree(con, big, BIG_RANGE, BIG_TODAY)
    assert len(tree.nodes) == referral_tree.TREE_LIMIT
    assert tree.cut and tree.total_people > referral_tree.TREE_LIMIT


def test_at_thirty_thousand_contacts_the_people_list_is_limited(con, big):
    frame, total = metrics.people_behind(con, big, BIG_RANGE, BIG_TODAY, chart="funnel", step="identified")
    assert len(frame) == 50 and total == 30_000
