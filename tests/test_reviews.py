"""lib/reviews.py and lib/thank_you.py: a review is for a meeting that took place, edits keep history."""
from datetime import date, datetime, timedelta

import pytest

from lib import db, reviews, thank_you, workbooks
from lib.errors import Invalid, NotFound


@pytest.fixture
def wb(con):
    return workbooks.create(con, "Review tests")


def person(con, wb, name="Ada Obi", stage="scheduled"):
    return con.execute(
        "INSERT INTO contacts (workbook_id, full_name, stage) VALUES (?, ?, ?) RETURNING id", [wb, name, stage]
    ).fetchone()[0]


def meeting(con, wb, contact, status="done", at=datetime(2026, 3, 2, 10), minutes=20):
    return con.execute(
        "INSERT INTO meetings (workbook_id, contact_id, scheduled_at, duration_minutes, status)"
        " VALUES (?, ?, ?, ?, ?) RETURNING id", [wb, contact, at, minutes, status],
    ).fetchone()[0]


def count(con, table):
    return db.scalar(con, f"SELECT count(*) FROM {table}")


def test_a_review_of_a_meeting_done_is_saved_with_every_field(con, wb):
    m = meeting(con, wb, person(con, wb))
    assert reviews.save(con, wb, m, insights="Teams rotate.", not_online="The spring intake.", advice="Ask early.",
                        resources="The modelling course", next_steps="Enrol.", usefulness=4, keep_in_touch_days=60)
    r = reviews.get(con, wb, m)
    assert (r["insights"], r["not_online"], r["advice"], r["resources"], r["next_steps"], r["usefulness"],
            r["keep_in_touch_days"]) == ("Teams rotate.", "The spring intake.", "Ask early.", "The modelling course",
                                         "Enrol.", 4, 60)


def test_a_review_of_a_planned_meeting_is_refused_and_nothing_is_saved(con, wb):
    m = meeting(con, wb, person(con, wb), status="planned")
    with pytest.raises(Invalid, match="not done"):
        reviews.save(con, wb, m, insights="Something", usefulness=3)
    assert count(con, "reviews") == 0


@pytest.mark.parametrize("status", ["cancelled", "no_show"])
def test_cancelled_and_no_show_meetings_cannot_be_reviewed(con, wb, status):
    m = meeting(con, wb, person(con, wb), status=status)
    with pytest.raises(Invalid):
        reviews.save(con, wb, m, insights="Something", usefulness=3)


@pytest.mark.parametrize("usefulness", [None, 0, 6, -1, "five", ""])
def test_usefulness_must_be_one_to_five(con, wb, usefulness):
    m = meeting(con, wb, person(con, wb))
    with pytest.raises(Invalid):
        reviews.save(con, wb, m, insights="Something", usefulness=usefulness)
    assert count(con, "reviews") == 0


def test_key_insights_are_required(con, wb):
    m = meeting(con, wb, person(con, wb))
    with pytest.raises(Invalid, match="Key insights"):
        reviews.save(con, wb, m, insights="   ", usefulness=3)


def test_a_cadence_outside_30_60_90_is_refused(con, wb):
    m = meeting(con, wb, person(con, wb))
    with pytest.raises(Invalid, match="30, 60 or 90"):
        reviews.save(con, wb, m, insights="x", usefulness=3, keep_in_touch_days=45)


def test_a_meeting_of_another_workbook_is_not_found(con, wb):
    other = workbooks.create(con, "Other")
    m = meeting(con, other, person(con, other))
    with pytest.raises(NotFound):
        reviews.save(con, wb, m, insights="x", usefulness=3)


def test_editing_a_review_keeps_the_previous_version(con, wb):
    m = meeting(con, wb, person(con, wb))
    reviews.save(con, wb, m, insights="First thoughts", usefulness=3)
    assert reviews.save(con, wb, m, insights="Second thoughts", usefulness=5) is False
    assert reviews.get(con, wb, m)["insights"] == "Second thoughts"
    assert [(h["insights"], h["usefulness"]) for h in reviews.history(con, wb, m)] == [("First thoughts", 3)]
    assert count(con, "reviews") == 1


def test_saving_with_a_cadence_moves_the_person_to_keeping_in_touch(con, wb):
    c = person(con, wb)
    reviews.save(con, wb, meeting(con, wb, c), insights="x", usefulness=4, keep_in_touch_days=30)
    assert db.one(con, "SELECT stage, keep_in_touch_days FROM contacts WHERE id = ?", [c]) == {
        "stage": "keeping_in_touch", "keep_in_touch_days": 30}


def test_saving_without_a_cadence_marks_the_person_met(con, wb):
    c = person(con, wb, stage="scheduled")
    reviews.save(con, wb, meeting(con, wb, c), insights="x", usefulness=4)
    assert db.scalar(con, "SELECT stage FROM contacts WHERE id = ?", [c]) == "met"


def test_meetings_waiting_for_a_review_are_listed_first(con, wb):
    c = person(con, wb)
    old = meeting(con, wb, c, at=datetime(2026, 1, 5, 9))
    reviewed = meeting(con, wb, c, at=datetime(2026, 3, 1, 9))
    meeting(con, wb, c, status="planned", at=datetime(2026, 4, 1, 9))
    reviews.save(con, wb, reviewed, insights="x", usefulness=3)
    assert [m["id"] for m in reviews.done_meetings(con, wb)] == [old, reviewed]
    assert reviews.unreviewed_count(con, wb) == 1


def test_question_notes_from_live_mode_come_in_plan_order(con, wb):
    m = meeting(con, wb, person(con, wb))
    q1, q2 = (con.execute("INSERT INTO questions (workbook_id, category, text) VALUES (?, 'role', ?) RETURNING id",
                          [wb, t]).fetchone()[0] for t in ("What is a normal week?", "Who else should I meet?"))
    con.execute("INSERT INTO meeting_questions (meeting_id, question_id, position, notes) VALUES (?, ?, 2, 'Try Jo')",
                [m, q2])
    con.execute("INSERT INTO meeting_questions (meeting_id, question_id, position, notes) VALUES (?, ?, 1, 'Busy')",
                [m, q1])
    assert [(n["question"], n["notes"]) for n in reviews.question_notes(con, wb, m)] == [
        ("What is a normal week?", "Busy"), ("Who else should I meet?", "Try Jo")]


# ---- thank-you notes --------------------------------------------------------------------------

MET = datetime(2026, 3, 2, 10)  # a 20-minute meeting: the note is due by 3 March 10:20


@pytest.mark.parametrize("sent_on, now, expected", [
    (None, MET + timedelta(hours=5), "due"),
    (None, MET + timedelta(hours=24, minutes=19), "due"),
    (None, MET + timedelta(hours=24, minutes=21), "overdue"),
    (date(2026, 3, 2), MET + timedelta(days=9), "sent"),
    (date(2026, 3, 3), MET + timedelta(days=9), "sent"),
    (date(2026, 3, 4), MET + timedelta(days=9), "sent_late"),
])
def test_thank_you_status_follows_the_24_hour_rule(sent_on, now, expected):
    assert thank_you.status(MET, 20, sent_on, now) == expected


def test_the_draft_names_one_specific_thing_learned(con, wb):
    m = meeting(con, wb, person(con, wb, "Ada Obi"))
    reviews.save(con, wb, m, insights="Teams rotate yearly.", not_online="The spring intake fills in a week. Also x.",
                 next_steps="Enrol in the course.", usefulness=4)
    note = thank_you.draft(con, wb, m)
    assert note.startswith("Hi Ada,")
    assert "The spring intake fills in a week." in note and "Also x" not in note
    assert "Enrol in the course." in note


def test_marking_sent_needs_a_saved_review(con, wb):
    m = meeting(con, wb, person(con, wb))
    with pytest.raises(Invalid, match="review"):
        thank_you.mark_sent(con, wb, m, date(2026, 3, 2), today=date(2026, 3, 5))


def test_a_sent_date_before_the_meeting_or_in_the_future_is_refused(con, wb):
    m = meeting(con, wb, person(con, wb))
    reviews.save(con, wb, m, insights="x", usefulness=3)
    for day in (date(2026, 3, 1), date(2026, 3, 9)):
        with pytest.raises(Invalid):
            thank_you.mark_sent(con, wb, m, day, today=date(2026, 3, 5))
    assert reviews.get(con, wb, m)["thank_you_sent_on"] is None


def test_marking_sent_stores_the_date_and_the_note(con, wb):
    m = meeting(con, wb, person(con, wb))
    reviews.save(con, wb, m, insights="x", usefulness=3)
    thank_you.mark_sent(con, wb, m, date(2026, 3, 3), "Thanks, Ada!", today=date(2026, 3, 5))
    r = reviews.get(con, wb, m)
    assert (r["thank_you_sent_on"], r["thank_you_note"]) == (date(2026, 3, 3), "Thanks, Ada!")


def test_overdue_thank_yous_include_meetings_without_a_review(con, wb):
    c = person(con, wb)
    unreviewed = meeting(con, wb, c, at=datetime(2026, 3, 1, 9))
    sent = meeting(con, wb, c, at=datetime(2026, 3, 1, 14))
    meeting(con, wb, c, at=datetime(2026, 3, 4, 9))  # within its 24 hours
    reviews.save(con, wb, sent, insights="x", usefulness=3)
    thank_you.mark_sent(con, wb, sent, date(2026, 3, 1), today=date(2026, 3, 4))
    assert [r["meeting_id"] for r in thank_you.overdue(con, wb, now=datetime(2026, 3, 4, 12))] == [unreviewed]


def test_done_meetings_can_be_found_by_person_or_organization(con, wb):
    ada = meeting(con, wb, person(con, wb, "Ada Obi"))
    meeting(con, wb, person(con, wb, "Ben Carter"))
    assert [m["id"] for m in reviews.done_meetings(con, wb, text="ada")] == [ada]
    assert reviews.done_count(con, wb) == 2


def test_a_sent_date_marked_by_mistake_can_be_cleared(con, wb):
    m = meeting(con, wb, person(con, wb))
    reviews.save(con, wb, m, insights="x", usefulness=3)
    thank_you.mark_sent(con, wb, m, date(2026, 3, 3), today=date(2026, 3, 5))
    thank_you.clear_sent(con, wb, m)
    assert reviews.get(con, wb, m)["thank_you_sent_on"] is None


def test_reminders_count_missing_reviews_and_overdue_thank_yous_together(con, wb):
    c = person(con, wb)
    meeting(con, wb, c, at=datetime(2026, 3, 1, 9))
    meeting(con, wb, c, at=datetime(2026, 3, 4, 9))  # within its 24 hours
    assert reviews.reminders(con, wb, now=datetime(2026, 3, 4, 12)) == {"unreviewed": 2, "thank_you_overdue": 1}


# ---- fit and next steps (M30) -------------------------------------------------------------------------

def test_what_this_changes_in_the_plan_and_what_was_seen_at_the_workplace_are_saved_and_kept_in_history(con, wb):
    from lib import knowledge
    m = meeting(con, wb, person(con, wb))
    con.execute("UPDATE meetings SET format = 'workplace' WHERE id = ?", [m])
    reviews.save(con, wb, m, insights="Teams rotate.", usefulness=4, plan_changes="Utilities first.",
                 workplace_seen="A quiet open floor.")
    reviews.save(con, wb, m, insights="Teams rotate.", usefulness=4, plan_changes="Consultancies first.",
                 workplace_seen="A quiet open floor.")
    r = reviews.get(con, wb, m)
    assert (r["plan_changes"], r["workplace_seen"]) == ("Consultancies first.", "A quiet open floor.")
    assert reviews.history(con, wb, m)[0]["plan_changes"] == "Utilities first."
    assert knowledge.value_summary(con, wb)["plan_changes_recorded"] == 1
    fit = knowledge.fit_review(con, wb)
    assert [(e["person"], e["plan_changes"]) for e in fit["entries"]] == [("Ada Obi", "Consultancies first.")]


def test_what_was_seen_there_is_kept_only_for_a_meeting_at_their_workplace(con, wb):
    m = meeting(con, wb, person(con, wb))
    con.execute("UPDATE meetings SET format = 'video' WHERE id = ?", [m])
    reviews.save(con, wb, m, insights="Teams rotate.", usefulness=4, workplace_seen="My own kitchen.")
    assert reviews.get(con, wb, m)["workplace_seen"] is None


def test_the_goal_review_reads_what_you_bring_and_what_to_test_about_fit(con, wb):
    from lib import goals, knowledge
    goals.save(con, wb, today=date(2026, 3, 1), purpose="Learn how utilities work.", target_interviews=10,
               what_you_bring="Hydraulic modelling.", fit_to_test="Utility or consultancy?")
    fit = knowledge.fit_review(con, wb)
    assert (fit["what_you_bring"], fit["fit_to_test"], fit["entries"]) == (
        "Hydraulic modelling.", "Utility or consultancy?", [])


def test_a_first_review_saved_from_a_form_opened_before_another_sessions_first_review_is_a_clash(con, wb):
    """Two tabs open a meeting with no review yet; A saves first. B's first save must not replace A's review."""
    from lib import rows
    from lib.errors import Conflict

    m = meeting(con, wb, person(con, wb))
    opened = rows.Opened(reviews.opened_version(reviews.get(con, wb, m)), {})  # both tabs read "no review yet"
    assert opened.version == rows.ABSENT
    reviews.save(con, wb, m, insights="A: teams plan ten years ahead.", usefulness=4, opened=opened,
                 only={"insights", "usefulness"})
    with pytest.raises(Conflict) as raised:
        reviews.save(con, wb, m, insights="B: they hire in spring.", usefulness=2, advice="B: ask early.",
                     opened=opened, only={"insights", "usefulness", "advice"})
    assert {c.field for c in raised.value.clashes} == {"insights", "usefulness"}
    stored = reviews.get(con, wb, m)
    assert (stored["insights"], stored["usefulness"], stored["advice"]) == ("A: teams plan ten years ahead.", 4, None)
    assert count(con, "review_history") == 0  # nothing was replaced
    # B chooses "keep mine": saved as an edit of A's review, which is kept under earlier versions.
    again = rows.Opened(raised.value.version, raised.value.current)
    assert reviews.save(con, wb, m, insights="B: they hire in spring.", usefulness=2, advice="B: ask early.",
                        opened=again, only={"insights", "usefulness", "advice"}) is False
    assert reviews.get(con, wb, m)["insights"] == "B: they hire in spring."
    assert count(con, "review_history") == 1


def test_a_first_review_from_a_form_that_read_no_review_merges_fields_the_other_session_left_empty(con, wb):
    from lib import rows

    m = meeting(con, wb, person(con, wb))
    opened = rows.Opened(rows.ABSENT, {})
    reviews.save(con, wb, m, insights="Same words.", usefulness=4, opened=opened, only={"insights", "usefulness"})
    reviews.save(con, wb, m, insights="Same words.", usefulness=4, advice="Ask early.", opened=opened,
                 only={"insights", "usefulness", "advice"})
    stored = reviews.get(con, wb, m)
    assert (stored["insights"], stored["usefulness"], stored["advice"]) == ("Same words.", 4, "Ask early.")
