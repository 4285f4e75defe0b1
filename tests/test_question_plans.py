"""Question plans: budget, coverage, the referral rule, ordering, proposal, templates and live mode."""
import functools
from datetime import date, datetime, timedelta

import pytest

from lib import db, question_plans as plans, questions, workbooks
from lib.errors import Invalid, NotFound
from lib.text import MAX_NOTE_CHARS
from tests.conftest import DEMO_TODAY


def _q(position, minutes, category="role", must=False, referral=False, tiara="insights"):
    return {"position": position, "question_id": position, "minutes": minutes, "category": category,
            "must_ask": must, "is_referral": referral, "tiara": tiara}


@pytest.fixture
def wb(con):
    """An empty workbook with one 15-minute meeting and no plan."""
    workbook_id = workbooks.create(con, "Planner")
    contact = con.execute(
        "INSERT INTO contacts (workbook_id, full_name) VALUES (?, 'Zoë Côté') RETURNING id", [workbook_id]
    ).fetchone()[0]
    meeting_id = con.execute(
        "INSERT INTO meetings (workbook_id, contact_id, scheduled_at, duration_minutes) VALUES (?, ?, ?, 15)"
        " RETURNING id", [workbook_id, contact, datetime(2026, 3, 20, 10)],
    ).fetchone()[0]
    return {"id": workbook_id, "meeting": meeting_id, "ref": plans.meeting(meeting_id)}


def _bank(con, key):
    return questions.bank_id(con, key)


def _keys(con, workbook_id, ref):
    ids = [q["question_id"] for q in plans.items(con, workbook_id, ref)]
    names = dict(con.execute("SELECT id, coalesce(bank_key, text) FROM questions").fetchall())
    return [names[i] for i in ids]


# ---- budget and coverage ----------------------------------------------------------------------

def test_a_plan_with_room_for_greetings_fits():
    b = plans.budget([_q(1, 5), _q(2, 5)], 15)
    assert (b["status"], b["total"], b["left"]) == ("fits", 10, 5)


def test_a_plan_that_uses_the_whole_meeting_is_tight():
    assert plans.budget([_q(1, 7), _q(2, 7)], 15)["status"] == "tight"


def test_a_plan_past_the_meeting_length_is_over_with_the_excess_shown():
    b = plans.budget([_q(1, 10), _q(2, 8)], 15)
    assert (b["status"], b["over_by"]) == ("over", 3)
    assert "3 minutes over" in plans.budget_message(b)


def test_the_drop_suggestion_spares_must_ask_and_referral_questions_and_makes_it_fit():
    plan = [_q(1, 4, must=True), _q(2, 3), _q(3, 2), _q(4, 5, category="closing", referral=True), _q(5, 3)]
    b = plans.budget(plan, 14)
    dropped = {q["position"] for q in b["drop"]}
    assert not dropped & {1, 4}
    assert b["total"] - sum(q["minutes"] for q in b["drop"]) <= 14


def test_the_drop_suggestion_takes_the_longest_optional_question_first():
    b = plans.budget([_q(1, 1), _q(2, 3), _q(3, 1), _q(4, 12)], 15)
    assert [q["position"] for q in b["drop"]] == [4]


def test_too_few_questions_get_a_note_about_twelve_to_fourteen():
    assert "12 to 14" in plans.budget([_q(1, 1)] * 5, 20)["count_note"]


def test_coverage_counts_categories_and_tiara_tags():
    c = plans.coverage([_q(1, 1, "role", tiara="trends"), _q(2, 1, "industry", tiara="trends")])
    assert c["category"]["role"] == 1 and c["category"]["industry"] == 1
    assert c["tiara"]["trends"] == 2 and c["tiara"]["advice"] == 0


def test_coverage_names_a_missing_industry_question():
    gaps = plans.coverage([_q(1, 1, "role"), _q(2, 1, "organization"), _q(3, 1, "career_path")])["gaps"]
    assert "No industry question yet." in gaps


def test_coverage_names_missing_tiara_tags_and_a_missing_referral():
    gaps = " ".join(plans.coverage([_q(1, 1, "role", tiara="advice")])["gaps"])
    assert "Trends" in gaps and "Assignments" in gaps and "referred" in gaps


# ---- building a plan --------------------------------------------------------------------------

def test_the_first_question_added_brings_the_referral_question_along(con, wb):
    plans.add(con, wb["id"], wb["ref"], _bank(con, "role-day"))
    assert _keys(con, wb["id"], wb["ref"]) == ["role-day", "close-referral"]


def test_new_questions_go_before_the_closing_block(con, wb):
    plans.add(con, wb["id"], wb["ref"], [_bank(con, "role-day"), _bank(con, "close-name")])
    plans.add(con, wb["id"], wb["ref"], _bank(con, "ind-trends"))
    assert _keys(con, wb["id"], wb["ref"]) == ["role-day", "ind-trends", "close-referral", "close-name"]


def test_adding_a_question_already_in_the_plan_is_refused(con, wb):
    plans.add(con, wb["id"], wb["ref"], _bank(con, "role-day"))
    with pytest.raises(Invalid, match="already"):
        plans.add(con, wb["id"], wb["ref"], _bank(con, "role-day"))


def test_moving_a_question_up_swaps_it_with_the_one_above(con, wb):
    plans.add(con, wb["id"], wb["ref"], [_bank(con, "role-day"), _bank(con, "org-culture")])
    plans.move(con, wb["id"], wb["ref"], _bank(con, "org-culture"), -1)
    assert _keys(con, wb["id"], wb["ref"])[:2] == ["org-culture", "role-day"]


def test_positions_stay_one_to_n_after_moves_and_removals(con, wb):
    plans.add(con, wb["id"], wb["ref"], [_bank(con, k) for k in ("role-day", "org-culture", "ind-trends")])
    plans.move(con, wb["id"], wb["ref"], _bank(con, "ind-trends"), -1)
    plans.remove(con, wb["id"], wb["ref"], _bank(con, "role-day"))
    positions = [q["position"] for q in plans.items(con, wb["id"], wb["ref"])]
    assert positions == [1, 2, 3]


def test_moving_a_question_below_the_referral_question_is_refused(con, wb):
    plans.add(con, wb["id"], wb["ref"], _bank(con, "role-day"))
    with pytest.raises(Invalid, match="referral"):
        plans.move(con, wb["id"], wb["ref"], _bank(con, "role-day"), 1)
    assert _keys(con, wb["id"], wb["ref"]) == ["role-day", "close-referral"]


def test_can_move_says_in_advance_exactly_which_moves_move_refuses(con, demo_id):
    """The plan's Up and Down are disabled from can_move: it must agree with move on every question of a real plan
    (the referral question followed by the permission one, a closing question)."""
    m = next(m for m in plans.meetings(con, demo_id, DEMO_TODAY) if m["questions"])
    ref = plans.meeting(m["id"])
    order = plans.items(con, demo_id, ref)
    for index, q in enumerate(order):
        for step in (-1, 1):
            allowed = plans.can_move(order, index, step)
            try:
                plans.move(con, demo_id, ref, q["question_id"], step)
                moved = True
                plans.move(con, demo_id, ref, q["question_id"], -step)  # back as it was
            except Invalid:
                moved = False
            assert allowed == moved, (index, step, q["text"])
    assert not plans.can_move(order, len(order) - 2, -1)  # the referral question cannot go up past a role question
    assert plans.can_move(order, len(order) - 1, -1)  # the closing question after it may go before it


def test_a_removed_referral_question_is_not_put_back_by_later_additions(con, wb):
    plans.add(con, wb["id"], wb["ref"], _bank(con, "role-day"))
    plans.remove(con, wb["id"], wb["ref"], _bank(con, "close-referral"))
    plans.add(con, wb["id"], wb["ref"], _bank(con, "ind-trends"))
    assert _keys(con, wb["id"], wb["ref"]) == ["role-day", "ind-trends"]
    assert plans.skip_referral(con, wb["id"], wb["ref"])


def test_restoring_the_referral_question_puts_it_at_the_end(con, wb):
    plans.add(con, wb["id"], wb["ref"], _bank(con, "role-day"))
    plans.remove(con, wb["id"], wb["ref"], _bank(con, "close-referral"))
    plans.restore_referral(con, wb["id"], wb["ref"])
    assert _keys(con, wb["id"], wb["ref"])[-1] == "close-referral"
    assert not plans.skip_referral(con, wb["id"], wb["ref"])


def test_must_ask_is_saved(con, wb):
    plans.add(con, wb["id"], wb["ref"], _bank(con, "role-day"))
    plans.set_must_ask(con, wb["id"], wb["ref"], _bank(con, "role-day"), True)
    assert plans.items(con, wb["id"], wb["ref"])[0]["must_ask"]


def test_dropping_the_suggested_questions_removes_them_together(con, wb):
    plans.add(con, wb["id"], wb["ref"], [_bank(con, k) for k in ("role-day", "org-culture", "ind-trends")])
    assert plans.drop_many(con, wb["id"], wb["ref"], [_bank(con, "role-day"), _bank(con, "ind-trends")]) == 2
    assert _keys(con, wb["id"], wb["ref"]) == ["org-culture", "close-referral"]


def test_another_workbooks_meeting_is_not_found(con, wb):
    other = workbooks.create(con, "Someone else")
    with pytest.raises(NotFound):
        plans.items(con, other, wb["ref"])


def test_the_demo_plans_end_with_the_referral_then_the_permission_question(con, demo_id):
    planned = [m for m in plans.meetings(con, demo_id, DEMO_TODAY) if m["questions"]]
    assert len(planned) == 11
    for m in planned:
        keys = _keys(con, demo_id, plans.meeting(m["id"]))
        assert keys[-2:] == ["close-referral", "close-name"]


def test_upcoming_meetings_come_first_soonest_first(con, demo_id):
    listed = plans.meetings(con, demo_id, DEMO_TODAY)
    upcoming = [m for m in listed if m["status"] == "planned" and m["scheduled_at"].date() >= DEMO_TODAY]
    assert listed[: len(upcoming)] == sorted(upcoming, key=lambda m: m["scheduled_at"])


# ---- the proposal -----------------------------------------------------------------------------

@pytest.mark.parametrize("minutes", [15, 20])
def test_the_proposal_has_twelve_questions_that_fit_the_meeting(con, demo_id, minutes):
    chosen = plans.propose(con, demo_id, duration_minutes=minutes)
    rows = [questions.get(con, demo_id, q) for q, _ in chosen]
    assert len(rows) == 12
    assert sum(r["minutes"] for r in rows) <= minutes - plans.RESERVE_MINUTES


@pytest.mark.parametrize("minutes", [15, 20])
def test_the_proposal_covers_every_category_and_tiara_tag(con, demo_id, minutes):
    rows = [questions.get(con, demo_id, q) | {"position": i, "must_ask": m}
            for i, (q, m) in enumerate(plans.propose(con, demo_id, duration_minutes=minutes), start=1)]
    coverage = plans.coverage(rows)
    assert all(coverage["category"].values())
    assert all(coverage["tiara"].values())


def test_the_proposal_ends_with_the_referral_then_the_permission_to_use_the_name(con, demo_id):
    chosen = plans.propose(con, demo_id)
    keys = [questions.get(con, demo_id, q)["bank_key"] for q, _ in chosen[-2:]]
    assert keys == ["close-referral", "close-name"]
    assert chosen[-2][1]  # the referral question is must-ask


def test_the_proposal_gives_industry_more_room_when_the_goal_names_industries(con, demo_id):
    def industry_count():
        return sum(questions.get(con, demo_id, q)["category"] == "industry" for q, _ in plans.propose(con, demo_id))
    with_industries = industry_count()
    con.execute("UPDATE goals SET target_industries = NULL WHERE workbook_id = ?", [demo_id])
    assert with_industries > industry_count()


def test_the_proposal_prefers_an_own_question_that_matches_the_target_role(con, demo_id):
    qid = questions.add(con, demo_id, text="How do hydrotechnical projects get staffed here?", category="role")
    assert qid in [q for q, _ in plans.propose(con, demo_id)]


def test_applying_the_proposal_fills_an_empty_meeting_plan(con, wb):
    assert plans.apply_proposal(con, wb["id"], wb["ref"]).count == 12
    assert _keys(con, wb["id"], wb["ref"])[-1] == "close-name"


def test_replacing_a_plan_that_holds_notes_is_refused(con, wb):
    plans.apply_proposal(con, wb["id"], wb["ref"])
    first = plans.items(con, wb["id"], wb["ref"])[0]["question_id"]
    plans.save_note(con, wb["id"], wb["meeting"], first, "Important")
    with pytest.raises(Invalid, match="notes"):
        plans.apply_proposal(con, wb["id"], wb["ref"])


def _arranged(con, wb) -> list[tuple[int, bool]]:
    """A plan arranged by hand: three questions in the person's order, one a must, the referral removed."""
    bank = [q for q, _ in plans.propose(con, wb["id"])][:3]
    plans.replace(con, wb["id"], wb["ref"], [(bank[2], True), (bank[0], False), (bank[1], False)])
    referral = next(q["question_id"] for q in plans.items(con, wb["id"], wb["ref"]) if q["is_referral"])
    plans.remove(con, wb["id"], wb["ref"], referral)
    return [(q["question_id"], q["must_ask"]) for q in plans.items(con, wb["id"], wb["ref"])]


def test_a_proposal_says_what_it_replaced_and_put_back_restores_it_exactly(con, wb):
    arranged = _arranged(con, wb)
    replaced = plans.apply_proposal(con, wb["id"], wb["ref"])
    assert list(replaced.before.order) == arranged and replaced.before.skip_referral
    assert [(q["question_id"], q["must_ask"]) for q in plans.items(con, wb["id"], wb["ref"])] == list(replaced.after.order)
    assert plans.put_back(con, wb["id"], wb["ref"], replaced) == 3
    assert [(q["question_id"], q["must_ask"]) for q in plans.items(con, wb["id"], wb["ref"])] == arranged
    assert plans.skip_referral(con, wb["id"], wb["ref"])  # removed on purpose then, so still


def test_put_back_is_refused_once_the_proposed_plan_was_changed(con, wb):
    _arranged(con, wb)
    replaced = plans.apply_proposal(con, wb["id"], wb["ref"])
    plans.move(con, wb["id"], wb["ref"], replaced.after.order[0][0], 1)  # another tab, or this one, moved a question
    moved = plans.items(con, wb["id"], wb["ref"])
    with pytest.raises(Invalid, match="changed after the proposal"):
        plans.put_back(con, wb["id"], wb["ref"], replaced)
    assert plans.items(con, wb["id"], wb["ref"]) == moved


def test_put_back_is_refused_when_the_proposed_plan_holds_notes_now(con, wb):
    _arranged(con, wb)
    replaced = plans.apply_proposal(con, wb["id"], wb["ref"])
    plans.save_note(con, wb["id"], wb["meeting"], replaced.after.order[0][0], "Said in the meeting")
    with pytest.raises(Invalid, match="notes"):
        plans.put_back(con, wb["id"], wb["ref"], replaced)
    assert [q["question_id"] for q in plans.items(con, wb["id"], wb["ref"])] == [q for q, _ in replaced.after.order]


# ---- templates --------------------------------------------------------------------------------

def test_a_template_made_from_a_meeting_copies_its_plan(con, wb):
    plans.apply_proposal(con, wb["id"], wb["ref"])
    template_id = plans.create_template(con, wb["id"], name="Water engineer", from_meeting=wb["meeting"])
    assert _keys(con, wb["id"], plans.template(template_id)) == _keys(con, wb["id"], wb["ref"])


def test_a_template_applied_to_a_meeting_becomes_its_plan(con, wb):
    template_id = plans.create_template(con, wb["id"], name="Analyst", target_role="Data analyst",
                                        duration_minutes=20)
    plans.apply_proposal(con, wb["id"], plans.template(template_id))
    plans.apply_template(con, wb["id"], wb["meeting"], template_id)
    assert _keys(con, wb["id"], wb["ref"]) == _keys(con, wb["id"], plans.template(template_id))


def test_template_names_are_unique_in_a_workbook(con, wb):
    plans.create_template(con, wb["id"], name="Analyst")
    with pytest.raises(Invalid, match="already exists"):
        plans.create_template(con, wb["id"], name="analyst")


def test_deleting_a_template_deletes_its_rows_and_keeps_meeting_plans(con, wb):
    template_id = plans.create_template(con, wb["id"], name="Analyst")
    plans.apply_proposal(con, wb["id"], plans.template(template_id))
    plans.apply_template(con, wb["id"], wb["meeting"], template_id)
    plans.delete_template(con, wb["id"], template_id)
    assert db.scalar(con, "SELECT count(*) FROM template_questions WHERE template_id = ?", [template_id]) == 0
    assert len(plans.items(con, wb["id"], wb["ref"])) == 12


# ---- live mode --------------------------------------------------------------------------------

def test_starting_the_clock_twice_keeps_the_first_start(con, wb):
    first = plans.start_clock(con, wb["id"], wb["meeting"], now=datetime(2026, 3, 20, 10, 0, 5))
    plans.start_clock(con, wb["id"], wb["meeting"], now=datetime(2026, 3, 20, 10, 3))
    assert plans.live_state(con, wb["id"], wb["meeting"])["started_at"] == first == datetime(2026, 3, 20, 10, 0, 5)


def test_the_clock_is_on_track_early_in_the_meeting(con, wb):
    plans.apply_proposal(con, wb["id"], wb["ref"])
    start = datetime(2026, 3, 20, 10)
    c = plans.clock(start, 15, start + timedelta(minutes=4), plans.items(con, wb["id"], wb["ref"]))
    assert (c["phase"], c["elapsed"], c["remaining"]) == ("on_track", 240, 660)


def test_the_clock_nudges_to_ask_the_referral_question_near_the_end(con, wb):
    plans.apply_proposal(con, wb["id"], wb["ref"])
    plan = plans.items(con, wb["id"], wb["ref"])
    start = datetime(2026, 3, 20, 10)
    c = plans.clock(start, 15, start + timedelta(minutes=12, seconds=30), plan)
    referral = next(q for q in plan if q["is_referral"])
    assert c["phase"] == "wrap_up"
    assert f"question {referral['position']}" in c["message"] and "close on time" in c["message"]


def test_the_clock_says_time_is_up_past_the_agreed_length(con, wb):
    start = datetime(2026, 3, 20, 10)
    assert plans.clock(start, 15, start + timedelta(minutes=16), [])["phase"] == "over"


def test_the_clock_says_where_the_plan_expects_you_to_be():
    plan = [_q(1, 2), _q(2, 2), _q(3, 2)]
    start = datetime(2026, 3, 20, 10)
    assert plans.clock(start, 15, start + timedelta(minutes=3), plan)["expected"] == 2


def test_a_saved_note_is_kept_and_ticks_the_question_as_asked(con, wb):
    plans.apply_proposal(con, wb["id"], wb["ref"])
    qid = plans.items(con, wb["id"], wb["ref"])[2]["question_id"]
    plans.save_note(con, wb["id"], wb["meeting"], qid, "They hire through co-op terms.")
    row = plans.items(con, wb["id"], wb["ref"])[2]
    assert (row["notes"], row["asked"]) == ("They hire through co-op terms.", True)


def test_notes_survive_reordering_the_plan(con, wb):
    plans.apply_proposal(con, wb["id"], wb["ref"])
    second = plans.items(con, wb["id"], wb["ref"])[1]["question_id"]
    plans.save_note(con, wb["id"], wb["meeting"], second, "Keep me")
    plans.move(con, wb["id"], wb["ref"], second, -1)
    first = plans.items(con, wb["id"], wb["ref"])[0]
    assert (first["question_id"], first["notes"]) == (second, "Keep me")


def test_a_note_saved_from_a_window_opened_before_another_windows_save_keeps_both(con, wb):
    plans.apply_proposal(con, wb["id"], wb["ref"])
    qid = plans.items(con, wb["id"], wb["ref"])[0]["question_id"]
    save = functools.partial(plans.save_note, con, wb["id"], wb["meeting"], qid)
    assert save("NOTE-A", seen=None) == plans.NoteSaved("NOTE-A", merged=False)          # window A
    assert save("NOTE-B", seen=None) == plans.NoteSaved("NOTE-A\n\nNOTE-B", merged=True)  # B, opened before it
    assert plans.items(con, wb["id"], wb["ref"])[0]["notes"] == "NOTE-A\n\nNOTE-B"
    assert not save("NOTE-A\n\nNOTE-B and more", seen="NOTE-A\n\nNOTE-B").merged      # as it was shown: written
    assert not save("Same", seen="NOTE-A\n\nNOTE-B and more").merged
    assert not save("Same", seen="old").merged   # another window wrote the same words: kept once
    assert plans.items(con, wb["id"], wb["ref"])[0]["notes"] == "Same"
    assert save("Legacy").notes == "Legacy"   # a caller that does not say what it showed writes as before


def test_a_kept_note_too_long_with_the_other_windows_is_refused_and_nothing_is_saved(con, wb):
    plans.apply_proposal(con, wb["id"], wb["ref"])
    qid = plans.items(con, wb["id"], wb["ref"])[0]["question_id"]
    theirs = "x" * (MAX_NOTE_CHARS - 10)
    plans.save_note(con, wb["id"], wb["meeting"], qid, theirs)
    with pytest.raises(Invalid, match=r"Another window saved a note on this question meanwhile \(19,990 characters\); "
                                      r"kept with yours it would be 20,092, .* shorten yours to 8 characters"):
        plans.save_note(con, wb["id"], wb["meeting"], qid, "y" * 100, seen=None)
    assert plans.items(con, wb["id"], wb["ref"])[0]["notes"] == theirs


def test_going_to_a_question_is_remembered_and_clamped_to_the_plan(con, wb):
    plans.apply_proposal(con, wb["id"], wb["ref"])
    assert plans.go_to(con, wb["id"], wb["meeting"], 99) == 12
    assert plans.live_state(con, wb["id"], wb["meeting"])["position"] == 12


def test_resetting_the_clock_keeps_the_notes(con, wb):
    plans.apply_proposal(con, wb["id"], wb["ref"])
    qid = plans.items(con, wb["id"], wb["ref"])[0]["question_id"]
    plans.start_clock(con, wb["id"], wb["meeting"])
    plans.save_note(con, wb["id"], wb["meeting"], qid, "Rehearsal note")
    plans.reset_clock(con, wb["id"], wb["meeting"])
    assert plans.live_state(con, wb["id"], wb["meeting"])["started_at"] is None
    assert plans.items(con, wb["id"], wb["ref"])[0]["notes"] == "Rehearsal note"


def test_a_note_with_a_nul_character_is_refused(con, wb):
    plans.apply_proposal(con, wb["id"], wb["ref"])
    qid = plans.items(con, wb["id"], wb["ref"])[0]["question_id"]
    with pytest.raises(Invalid):
        plans.save_note(con, wb["id"], wb["meeting"], qid, "bad\x00")


def test_notes_reach_the_review_steps_reader(con, wb):
    from lib import reviews  # the review step reads meeting_questions.notes

    plans.apply_proposal(con, wb["id"], wb["ref"])
    qid = plans.items(con, wb["id"], wb["ref"])[0]["question_id"]
    plans.save_note(con, wb["id"], wb["meeting"], qid, "Ask about the EIT route")
    assert reviews.question_notes(con, wb["id"], wb["meeting"])[0]["notes"] == "Ask about the EIT route"


def test_mmss_formats_remaining_and_overtime():
    assert (plans.mmss(75), plans.mmss(-5)) == ("1:15", "-0:05")


def test_date_based_meeting_order_uses_the_given_day(con, demo_id):
    far_future = plans.meetings(con, demo_id, date(2030, 1, 1))
    assert far_future[0]["scheduled_at"] >= far_future[-1]["scheduled_at"]


# ---- questions from research (M29) --------------------------------------------------------------------

@pytest.fixture
def researched(con):
    """A meeting with a person and an organization, each with research notes."""
    from lib import workbooks as wbs
    workbook_id = wbs.create(con, "Research")
    org = con.execute("INSERT INTO organizations (workbook_id, name, notes) VALUES (?, 'Kestrel Flood Lab',"
                      " 'Runs the river forecasting service.') RETURNING id", [workbook_id]).fetchone()[0]
    contact = con.execute("INSERT INTO contacts (workbook_id, full_name, organization_id, notes) VALUES"
                          " (?, 'Mei Lin Zhou', ?, 'Builds flood models for the Bow.') RETURNING id",
                          [workbook_id, org]).fetchone()[0]
    meeting_id = con.execute("INSERT INTO meetings (workbook_id, contact_id, scheduled_at, duration_minutes)"
                             " VALUES (?, ?, ?, 20) RETURNING id", [workbook_id, contact, datetime(2026, 3, 20, 10)]
                             ).fetchone()[0]
    return {"id": workbook_id, "meeting": meeting_id, "contact": contact, "org": org,
            "ref": plans.meeting(meeting_id)}


def test_the_research_notes_of_the_person_and_organization_are_read_for_the_plan(con, researched):
    from lib import plan_research
    found = plan_research.notes(con, researched["id"], researched["meeting"])
    assert (found["person_notes"], found["organization_notes"]) == (
        "Builds flood models for the Bow.", "Runs the river forecasting service.")


def test_questions_written_from_research_join_the_plan_before_the_closing_block_in_one_step(con, researched):
    from lib import plan_research
    wb, ref = researched["id"], researched["ref"]
    plans.apply_proposal(con, wb, ref)
    added = plan_research.write_questions(con, wb, researched["meeting"],
                                          "- How did the Bow model change after 2013\n2. Which data do you trust most?",
                                          "contact")
    assert added == 2
    keys = _keys(con, wb, ref)
    assert "How did the Bow model change after 2013?" in keys
    assert keys.index("Which data do you trust most?") < keys.index("close-referral")
    assert plan_research.check(con, wb, researched["meeting"]).specific == 2


def test_a_plan_of_bank_questions_only_is_warned_about_never_blocked(con, researched):
    from lib import plan_research
    wb = researched["id"]
    plans.apply_proposal(con, wb, researched["ref"])
    result = plan_research.check(con, wb, researched["meeting"])
    assert result.generic_only and result.specific == 0
    assert any("Aim for at least 2" in m for m in result.messages)
    assert any("shipped bank" in m for m in result.messages)


def test_a_question_the_website_answers_is_pointed_out(con, researched):
    from lib import plan_research
    wb = researched["id"]
    plan_research.write_questions(con, wb, researched["meeting"], "What does your company do?", "organization")
    result = plan_research.check(con, wb, researched["meeting"])
    assert result.on_website == ("What does your company do?",)
    # No website is noted for the organization yet: the advice says to look it up, not that "the website" says so
    advice = [m for m in result.messages if "What does your company do?" in m]
    assert len(advice) == 1 and "look it up" in advice[0] and "probably answers" not in advice[0]
    con.execute("UPDATE organizations SET website = 'kestrel.example' WHERE id = ?", [researched["org"]])
    advice = [m for m in plan_research.check(con, wb, researched["meeting"]).messages if "company do" in m]
    assert len(advice) == 1 and advice[0].startswith("The organization's website probably answers")
    assert not plan_research.on_the_website("What do you wish you had known about this career earlier?")
    for q in questions.read_bank_file():
        assert not plan_research.on_the_website(q["text"]), q


def test_the_balanced_proposal_puts_specific_and_own_questions_first(con, researched):
    from lib import plan_research
    wb, ref = researched["id"], researched["ref"]
    questions.add(con, wb, text="Which rivers here worry engineers most?", category="industry", tiara="trends")
    plan_research.write_questions(con, wb, researched["meeting"], "What surprised you in the 2013 flood data?",
                                  "contact")
    plans.apply_proposal(con, wb, ref)
    keys = _keys(con, wb, ref)
    assert keys[:2] == ["What surprised you in the 2013 flood data?", "Which rivers here worry engineers most?"]
    assert plans.items(con, wb, ref)[0]["must_ask"]


def test_a_question_written_for_another_person_or_organization_is_never_proposed_for_this_meeting(con, researched):
    """M29: a question written from research on someone is theirs; it is proposed for their meetings only, also
    once they are deleted (a hostile tester saw "Ben, how did you get into ..." proposed to someone else)."""
    from lib import contacts, plan_research
    wb = researched["id"]
    other = contacts.add(con, wb, full_name="Noah Williams")
    theirs = plans.meeting(con.execute("INSERT INTO meetings (workbook_id, contact_id, scheduled_at, duration_minutes)"
                                       " VALUES (?, ?, ?, 20) RETURNING id", [wb, other, datetime(2026, 3, 27, 10)]
                                       ).fetchone()[0])
    written = ["Mei Lin, how did the Bow model start?", "What did the Kestrel forecasting service change?"]
    plan_research.write_questions(con, wb, researched["meeting"], written[0], "contact")
    plan_research.write_questions(con, wb, researched["meeting"], written[1], "organization")
    questions.add(con, wb, text="Which career path surprised you most?", category="career_path", tiara="insights")
    plans.apply_proposal(con, wb, theirs)
    proposed = _keys(con, wb, theirs)
    assert "Which career path surprised you most?" in proposed  # the person's own general questions still come first
    assert not set(written) & set(proposed)
    contacts.delete(con, wb, researched["contact"])
    plans.apply_proposal(con, wb, theirs)
    assert not set(written) & set(_keys(con, wb, theirs))


def test_the_proposal_never_holds_a_job_leaning_question(con, researched):
    from lib import job_ask
    wb, ref = researched["id"], researched["ref"]
    questions.add(con, wb, text="Is your team hiring this year?", category="organization", tiara="trends")
    plans.apply_proposal(con, wb, ref)
    assert not [q["text"] for q in plans.items(con, wb, ref) if job_ask.asks(q["text"])]


def test_an_empty_research_question_changes_nothing(con, researched):
    from lib import plan_research
    with pytest.raises(Invalid):
        plan_research.write_questions(con, researched["id"], researched["meeting"], "  \n ", "contact")
    assert plans.items(con, researched["id"], researched["ref"]) == []


def test_typed_research_questions_lose_only_a_real_bullet_or_number():
    from lib import plan_research

    typed = "- What do you do\n* Why?\n2) How long\n**Bold** question?\n1.5 days a week\n•Tight bullet"
    assert plan_research.split_questions(typed) == [
        "What do you do?", "Why?", "How long?", "**Bold** question?", "1.5 days a week?", "Tight bullet?"]


def test_a_research_question_at_the_limit_is_kept_as_typed_and_a_longer_one_is_refused_with_its_own_length(
        con, researched):
    """A 300-character line got a "?" and was refused as 301 characters (found by a hostile tester)."""
    from lib import plan_research, questions

    at_limit = "w" * questions.MAX_QUESTION_CHARS
    assert plan_research.split_questions(at_limit) == [at_limit]
    assert plan_research.split_questions("w" * 299) == ["w" * 299 + "?"]
    plan_research.write_questions(con, researched["id"], researched["meeting"], at_limit, "contact")
    with pytest.raises(Invalid, match="is 301 characters long; the limit is 300"):
        plan_research.write_questions(con, researched["id"], researched["meeting"], "w" * 301, "contact")
