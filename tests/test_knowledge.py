"""lib/knowledge.py: searching what was learned (M27) and the value summary with the multiplier (M28)."""
import pytest

from lib import knowledge, referrals, reviews, workbooks
from tests.conftest import DEMO_TODAY


def test_the_multiplier_is_referrals_per_interview():
    assert knowledge.multiplier(10, 18) == 1.8
    assert knowledge.multiplier(4, 0) == 0
    assert knowledge.multiplier(0, 3) is None


def test_the_demo_summary_counts_interviews_referrals_and_insights(con, demo_id):
    s = knowledge.value_summary(con, demo_id, DEMO_TODAY)
    assert (s["interviews_done"], s["reviewed"], s["referrals"]) == (10, 9, 18)
    assert s["multiplier"] == pytest.approx(1.8)
    assert s["insights_recorded"] == 27  # insights, not-online and advice of nine reviews
    assert (s["target_interviews"], s["interviews_left"]) == (12, 2)
    assert s["goal_progress"] == pytest.approx(10 / 12)


def test_a_referral_added_in_a_review_raises_the_multiplier(con, demo_id):
    before = knowledge.value_summary(con, demo_id, DEMO_TODAY)
    meeting_id = reviews.done_meetings(con, demo_id)[0]["id"]
    referrals.add(con, demo_id, meeting_id, full_name="New Person", organization="Somewhere New")
    after = knowledge.value_summary(con, demo_id, DEMO_TODAY)
    assert after["referrals"] == before["referrals"] + 1
    assert after["multiplier"] == pytest.approx(1.9)


def test_an_empty_workbook_has_no_multiplier_yet(con):
    wb = workbooks.create(con, "Empty")
    s = knowledge.value_summary(con, wb)
    assert (s["interviews_done"], s["multiplier"], s["target_interviews"]) == (0, None, None)


def test_text_search_finds_words_anywhere_in_a_review(con, demo_id):
    found, total = knowledge.search(con, demo_id, text="modelling software")
    assert total == 1 and found["person"].tolist() == ["Helen Nguyen"]


def test_text_search_ignores_case_and_treats_wildcards_literally(con, demo_id):
    assert knowledge.search(con, demo_id, text="MENTOR")[1] == 2
    assert knowledge.search(con, demo_id, text="%")[1] == 0


def test_filtering_by_organization_finds_everything_learned_there(con, demo_id):
    orgs = {name: i for i, name in knowledge.filters(con, demo_id)["organizations"].items()}
    found, total = knowledge.search(con, demo_id, organization_id=orgs["Bow River Water Partners"])
    assert sorted(found["person"]) == ["Helen Nguyen", "Jorge Medina", "Julia Novak"] and total == 3


def test_filtering_by_industry_and_role(con, demo_id):
    assert knowledge.search(con, demo_id, industry="engineering consulting")[1] == 3
    found, _ = knowledge.search(con, demo_id, role="hydrologist")
    assert found["person"].tolist() == []  # Mei Lin Zhou's meeting has no review yet in the demo
    found, _ = knowledge.search(con, demo_id, role="engineer", industry="Energy")
    assert sorted(found["person"]) == ["Daniel Osei", "Samuel Adeyemi"]


def test_notes_taken_during_the_meeting_are_searched_too(con, demo_id):
    meeting_id = reviews.done_meetings(con, demo_id)[-1]["id"]
    con.execute("UPDATE meeting_questions SET notes = 'Ask about the zebra-mussel programme' WHERE meeting_id = ?"
                " AND position = 1", [meeting_id])
    found, total = knowledge.search(con, demo_id, text="zebra-mussel")
    assert total == 1 and "zebra" in found["question_notes"][0]


def test_results_are_paginated_newest_first(con, demo_id):
    first, total = knowledge.search(con, demo_id, limit=4)
    second, _ = knowledge.search(con, demo_id, limit=4, offset=4)
    assert total == 9 and len(first) == 4 and len(second) == 4
    assert first["met_on"].is_monotonic_decreasing and first["met_on"].min() > second["met_on"].max()


def test_reviews_of_another_workbook_are_never_found(con, demo_id):
    other = workbooks.create(con, "Other")
    assert knowledge.search(con, other, text="mentor")[1] == 0


def test_per_interview_counts_referrals_from_each_person_met(con, demo_id):
    table = knowledge.per_interview(con, demo_id)
    helen = table[table["Person"] == "Helen Nguyen"].iloc[0]
    assert helen["Referrals"] == 2 and bool(helen["Reviewed"])
