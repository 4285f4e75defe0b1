"""lib/outreach.py: business days, the attempt log, and the 3B7 follow-up routine."""
from datetime import date, datetime, timedelta

import pytest

from lib import db, outreach, workbooks
from lib.errors import Invalid, NotFound

WED = date(2026, 3, 11)


def _org(con, wb, name="Acme Water"):
    return con.execute("INSERT INTO organizations (workbook_id, name) VALUES (?, ?) RETURNING id", [wb, name]).fetchone()[0]


def _person(con, wb, name, org=None, stage="researched", source="manual", referred_by=None):
    return con.execute(
        "INSERT INTO contacts (workbook_id, full_name, organization_id, stage, source, referred_by_contact_id)"
        " VALUES (?, ?, ?, ?, ?, ?) RETURNING id", [wb, name, org, stage, source, referred_by],
    ).fetchone()[0]


def _row(con, attempt_id):
    return db.one(con, "SELECT * FROM outreach WHERE id = ?", [attempt_id])


def _stage(con, cid):
    return db.scalar(con, "SELECT stage FROM contacts WHERE id = ?", [cid])


# ---- business days --------------------------------------------------------------------------------

@pytest.mark.parametrize("start, days, expected", [
    (date(2026, 3, 11), 3, date(2026, 3, 16)),    # Wednesday + 3 -> Monday
    (date(2026, 3, 13), 3, date(2026, 3, 18)),    # Friday + 3 -> Wednesday
    (date(2026, 3, 13), 1, date(2026, 3, 16)),    # Friday + 1 -> Monday
    (date(2026, 3, 14), 1, date(2026, 3, 16)),    # Saturday + 1 -> Monday
    (date(2026, 3, 15), 3, date(2026, 3, 18)),    # Sunday + 3 -> Wednesday
    (date(2026, 3, 11), 7, date(2026, 3, 20)),    # Wednesday + 7 -> next Friday
    (date(2026, 4, 30), 3, date(2026, 5, 5)),     # across a month end and a weekend
    (date(2026, 2, 27), 3, date(2026, 3, 4)),     # across the end of February
    (date(2025, 12, 31), 7, date(2026, 1, 9)),    # across the year end
    (date(2026, 3, 11), 0, date(2026, 3, 11)),
])
def test_business_days_skip_weekends(start, days, expected):
    assert outreach.add_business_days(start, days) == expected


def test_business_days_between_counts_only_weekdays():
    assert outreach.business_days_between(date(2026, 3, 13), date(2026, 3, 16)) == 1
    assert outreach.business_days_between(date(2026, 3, 11), date(2026, 3, 20)) == 7
    assert outreach.business_days_between(date(2026, 3, 20), date(2026, 3, 11)) == 0


# ---- logging ------------------------------------------------------------------------------------

def test_a_first_unanswered_attempt_asks_for_a_second_contact_after_3_business_days(con, wb):
    cid = _person(con, wb, "Ana")
    logged = outreach.log_attempt(con, wb, cid, channel="email", message="Hi", attempted_at=datetime(2026, 3, 13, 9), today=WED.replace(day=13))
    assert (logged.follow_up_on, logged.follow_up_kind) == (date(2026, 3, 18), "second_contact")
    assert _row(con, logged.id)["follow_up_on"] == date(2026, 3, 18)


def test_logging_moves_a_researched_contact_to_contacted(con, wb):
    cid = _person(con, wb, "Ana")
    outreach.log_attempt(con, wb, cid, channel="linkedin", attempted_at=WED, today=WED)
    assert _stage(con, cid) == "contacted"


def test_logging_never_moves_a_contact_back(con, wb):
    cid = _person(con, wb, "Ana", stage="met")
    outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED)
    assert _stage(con, cid) == "met"


def test_handling_the_second_contact_step_sets_the_follow_up_7_business_days_after_the_attempt(con, wb):
    cid = _person(con, wb, "Ana")
    logged = outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED)
    assert outreach.complete_follow_up(con, wb, logged.id, today=date(2026, 3, 16)) == date(2026, 3, 20)
    assert _row(con, logged.id)["follow_up_kind"] == "follow_up"


def test_handling_the_follow_up_step_ends_the_reminders(con, wb):
    cid = _person(con, wb, "Ana")
    logged = outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED)
    outreach.complete_follow_up(con, wb, logged.id)
    assert outreach.complete_follow_up(con, wb, logged.id) is None
    assert _row(con, logged.id)["follow_up_on"] is None


def test_a_done_clicked_on_a_page_left_open_is_refused_once_the_reminder_moved_on(con, wb):
    cid = _person(con, wb, "Ana")
    logged = outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED)
    monday = date(2026, 3, 16)
    listed = outreach.follow_ups(con, wb, today=monday)[0]
    assert (listed["id"], listed["kind"]) == (logged.id, "second_contact")
    outreach.complete_follow_up(con, wb, logged.id, today=monday, seen=listed["kind"])   # in one tab
    moved_on = _row(con, logged.id)
    with pytest.raises(Invalid, match="handled or changed meanwhile"):                   # the other, not reloaded
        outreach.complete_follow_up(con, wb, logged.id, today=monday, seen=listed["kind"])
    assert _row(con, logged.id) == moved_on   # the follow-up step it never showed is still due later
    friday = date(2026, 3, 20)
    assert outreach.follow_ups(con, wb, today=friday)[0]["kind"] == "follow_up"
    outreach.complete_follow_up(con, wb, logged.id, today=friday, seen="follow_up")
    with pytest.raises(Invalid, match="handled or changed meanwhile"):   # handled already: not said as done
        outreach.complete_follow_up(con, wb, logged.id, today=friday, seen="follow_up")


def test_stop_clicked_on_a_page_left_open_is_refused_once_another_tab_marked_the_step_done(con, wb):
    """A hostile tester: the stale Stop said "Reminders stopped" and ended the follow-up the page never showed."""
    cid = _person(con, wb, "Ana")
    logged = outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED)
    monday = date(2026, 3, 16)
    listed = outreach.follow_ups(con, wb, today=monday)[0]
    outreach.complete_follow_up(con, wb, logged.id, today=monday, seen=listed["kind"])   # in one tab
    moved_on = _row(con, logged.id)
    with pytest.raises(Invalid, match="handled or changed meanwhile"):                   # the other, not reloaded
        outreach.stop_follow_ups(con, wb, logged.id, today=monday, seen=listed["kind"])
    assert _row(con, logged.id) == moved_on and moved_on["follow_up_on"] is not None
    outreach.stop_follow_ups(con, wb, logged.id, today=monday, seen="follow_up")   # as the list now shows it
    assert _row(con, logged.id)["follow_up_on"] is None


def test_a_log_from_a_page_left_open_while_another_tab_logged_is_refused(con, wb):
    """A hostile tester: the same email was logged twice from two tabs, the copy turning the first one's 3-day
    reminder into a follow-up."""
    cid = _person(con, wb, "Ana")
    seen = outreach.newest_attempt_id(con, wb, cid)
    assert seen is None
    first = outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED, seen=seen, token="a")
    with pytest.raises(Invalid, match="attempts changed meanwhile"):
        outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED, seen=seen, token="b")
    assert outreach.newest_attempt_id(con, wb, cid) == first.id
    assert _row(con, first.id)["follow_up_kind"] == "second_contact"
    again = outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED, seen=seen, token="a")
    assert again.id == first.id   # a quick repeat of the first click answers as the first, not as a refusal
    second = outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED, seen=first.id)
    assert second.id != first.id   # from a page that saw the first one: another attempt


def test_the_follow_up_listed_in_place_of_the_3_day_step_is_the_one_marked_done(con, wb):
    cid = _person(con, wb, "Ana")
    logged = outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED)
    friday = date(2026, 3, 20)   # the follow-up's own date: the list shows the follow-up
    assert outreach.follow_ups(con, wb, today=friday)[0]["kind"] == "follow_up"
    assert outreach.complete_follow_up(con, wb, logged.id, today=friday, seen="follow_up") is None
    assert _row(con, logged.id)["follow_up_on"] is None


def test_done_on_the_follow_up_listed_before_its_own_date_ends_the_reminders(con, wb):
    """The list shows the follow-up from the due horizon (a Friday counts the weekend as due); marking it done
    ended the 3-day step only, so the same follow-up came back (its date on a Saturday: a calendar changed since)."""
    cid = _person(con, wb, "Ana")
    logged = outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED)
    friday, saturday = date(2026, 3, 20), date(2026, 3, 21)
    con.execute("UPDATE outreach SET follow_up_7_on = ? WHERE id = ?", [saturday, logged.id])
    listed = outreach.follow_ups(con, wb, today=friday)
    assert [(r["id"], r["kind"], r["follow_up_on"]) for r in listed] == [(logged.id, "follow_up", saturday)]
    assert outreach.complete_follow_up(con, wb, logged.id, today=friday, seen="follow_up") is None
    assert outreach.follow_ups(con, wb, today=friday) == []


def test_an_attempt_entered_late_is_history_and_leaves_the_latest_ones_reminder(con, wb):
    cid = _person(con, wb, "Ana")
    latest = outreach.log_attempt(con, wb, cid, channel="email", attempted_at=date(2026, 3, 18), today=date(2026, 3, 19))
    before = outreach.follow_up_for(con, wb, cid, today=date(2026, 3, 30))
    assert before["id"] == latest.id
    for outcome in ("no_reply", "no_answer", "left_voicemail"):
        older = outreach.log_attempt(con, wb, cid, channel="phone", outcome=outcome, attempted_at=WED,
                                     today=date(2026, 3, 19))
        assert (older.follow_up_on, older.follow_up_kind) == (None, None)
        assert older.later_attempt.date() == date(2026, 3, 18)
        assert outreach.follow_up_for(con, wb, cid, today=date(2026, 3, 30)) == before
        assert _row(con, latest.id)["follow_up_on"] == latest.follow_up_on
    for reply in ("replied_no", "replied_yes"):   # dated before the latest attempt, it cannot answer it
        older = outreach.log_attempt(con, wb, cid, channel="email", outcome=reply, attempted_at=WED,
                                     today=date(2026, 3, 19))
        assert older.later_attempt.date() == date(2026, 3, 18) and older.id != latest.id
        assert outreach.follow_up_for(con, wb, cid, today=date(2026, 3, 30)) == before
    newer = outreach.log_attempt(con, wb, cid, channel="email", attempted_at=date(2026, 3, 19), today=date(2026, 3, 19))
    assert newer.later_attempt is None and newer.follow_up_kind == "move_on"   # the latest carries the routine on
    assert _row(con, latest.id)["follow_up_on"] is None


@pytest.mark.parametrize("outcome", ["no_answer", "left_voicemail"])
@pytest.mark.parametrize("channel", ["email", "linkedin", "introduction"])
def test_a_calls_outcome_on_another_channel_is_refused_and_nothing_is_logged(con, wb, channel, outcome):
    cid = _person(con, wb, "Ana")
    with pytest.raises(Invalid, match="happens to a phone call"):
        outreach.log_attempt(con, wb, cid, channel=channel, outcome=outcome, attempted_at=WED, today=WED)
    assert db.scalar(con, "SELECT count(*) FROM outreach WHERE contact_id = ?", [cid]) == 0


def test_a_reply_cancels_both_reminders(con, wb):
    cid = _person(con, wb, "Ana")
    logged = outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED)
    outreach.record_reply(con, wb, logged.id, "replied_yes", replied_at=datetime(2026, 3, 12, 8))
    row = _row(con, logged.id)
    assert (row["outcome"], row["follow_up_on"], row["follow_up_kind"]) == ("replied_yes", None, None)
    assert row["replied_at"] == datetime(2026, 3, 12, 8)


def test_logging_a_reply_cancels_earlier_reminders_for_the_person(con, wb):
    cid = _person(con, wb, "Ana")
    first = outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED)
    outreach.log_attempt(con, wb, cid, channel="phone", outcome="replied_no", attempted_at=date(2026, 3, 12), today=date(2026, 3, 12))
    assert _row(con, first.id)["follow_up_on"] is None


def test_a_reply_is_yes_or_no(con, wb):
    cid = _person(con, wb, "Ana")
    logged = outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED)
    with pytest.raises(Invalid):
        outreach.record_reply(con, wb, logged.id, "no_reply")


def test_a_second_unanswered_attempt_is_the_follow_up_and_then_the_routine_says_move_on(con, wb):
    cid = _person(con, wb, "Ana")
    first = outreach.log_attempt(con, wb, cid, channel="email", attempted_at=date(2026, 3, 2), today=WED)
    second = outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED)
    assert _row(con, first.id)["follow_up_on"] is None
    assert (second.follow_up_on, second.follow_up_kind) == (date(2026, 3, 20), "move_on")


def test_a_call_nobody_answered_asks_for_another_call_the_next_business_day(con, wb):
    cid = _person(con, wb, "Ana")
    logged = outreach.log_attempt(con, wb, cid, channel="phone", outcome="no_answer",
                                  attempted_at=date(2026, 3, 13), today=date(2026, 3, 13))
    assert (logged.follow_up_on, logged.follow_up_kind) == (date(2026, 3, 16), "call_again")


@pytest.mark.parametrize("kwargs, message", [
    ({"channel": "fax"}, "Choose how"),
    ({"channel": "email", "outcome": "maybe"}, "Choose what happened"),
    ({"channel": "email", "attempted_at": date(2026, 3, 12)}, "once it has happened"),
    ({"channel": "email", "message": "a\x00b"}, "NUL"),
])
def test_bad_input_is_refused_and_nothing_is_saved(con, wb, kwargs, message):
    cid = _person(con, wb, "Ana")
    with pytest.raises(Invalid, match=message):
        outreach.log_attempt(con, wb, cid, today=WED, **kwargs)
    assert db.scalar(con, "SELECT count(*) FROM outreach") == 0


def test_an_attempt_to_another_workbooks_contact_is_refused(con, wb):
    other = workbooks.create(con, "Other")
    cid = _person(con, other, "Ana")
    with pytest.raises(NotFound):
        outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED)


# ---- voicemail advice (M13) -------------------------------------------------------------------------

def test_a_voicemail_to_a_cold_contact_brings_the_m13_advice(con, wb):
    cid = _person(con, wb, "Ana")
    logged = outreach.log_attempt(con, wb, cid, channel="phone", outcome="left_voicemail", attempted_at=WED, today=WED)
    assert logged.advice == outreach.VOICEMAIL_ADVICE and "nobody introduced you" in logged.advice


def test_a_voicemail_to_someone_introduced_brings_no_advice(con, wb):
    helper = _person(con, wb, "Helen", stage="met")
    cid = _person(con, wb, "Ana", source="referral", referred_by=helper)
    logged = outreach.log_attempt(con, wb, cid, channel="phone", outcome="left_voicemail", attempted_at=WED, today=WED)
    assert logged.advice is None


def test_a_voicemail_to_someone_who_replied_before_brings_no_advice(con, wb):
    cid = _person(con, wb, "Ana")
    outreach.log_attempt(con, wb, cid, channel="email", outcome="replied_yes", attempted_at=date(2026, 3, 2), today=WED)
    assert outreach.voicemail_advice(con, wb, cid) is None


def test_other_outcomes_to_a_cold_contact_bring_no_advice(con, wb):
    cid = _person(con, wb, "Ana")
    assert outreach.log_attempt(con, wb, cid, channel="phone", outcome="no_answer", attempted_at=WED, today=WED).advice is None


# ---- the follow-ups list ----------------------------------------------------------------------------

def test_a_reminder_is_due_on_its_day_and_not_before(con, wb):
    cid = _person(con, wb, "Ana")
    outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED)
    assert outreach.follow_ups(con, wb, today=date(2026, 3, 13)) == []
    due = outreach.follow_ups(con, wb, today=date(2026, 3, 16))
    assert [(d["full_name"], d["kind"]) for d in due] == [("Ana", "second_contact")]
    assert "second person" in due[0]["action"]


def test_coming_reminders_are_listed_when_asked(con, wb):
    cid = _person(con, wb, "Ana")
    outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED)
    coming = outreach.follow_ups(con, wb, today=WED, due_only=False, within_days=7)
    assert [(c["follow_up_on"], c["due"]) for c in coming] == [(date(2026, 3, 16), False)]


def test_an_answered_person_has_no_due_reminder(con, wb):
    cid = _person(con, wb, "Ana")
    logged = outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED)
    outreach.record_reply(con, wb, logged.id, "replied_no")
    assert outreach.follow_ups(con, wb, today=date(2026, 4, 1)) == []


def test_a_second_contact_at_the_same_organization_is_suggested(con, wb):
    org = _org(con, wb)
    first = _person(con, wb, "Ana", org=org)
    _person(con, wb, "Bo", org=org)
    already = _person(con, wb, "Cy", org=org)
    _person(con, wb, "Di", org=_org(con, wb, "Elsewhere"))
    outreach.log_attempt(con, wb, already, channel="email", attempted_at=WED, today=WED)
    assert [p["full_name"] for p in outreach.second_contacts(con, wb, first)] == ["Bo"]


def test_old_rows_without_a_kind_read_by_their_distance(con, wb):
    for name, follow_up_on in (("Ana", date(2026, 3, 16)), ("Bo", date(2026, 3, 20))):   # 3 and 7 business days
        con.execute("INSERT INTO outreach (workbook_id, contact_id, channel, attempted_at, outcome, follow_up_on)"
                    " VALUES (?, ?, 'email', ?, 'no_reply', ?)", [wb, _person(con, wb, name), datetime(2026, 3, 11, 9),
                                                                  follow_up_on])
    due = outreach.follow_ups(con, wb, today=date(2026, 3, 23))
    assert {d["full_name"]: d["kind"] for d in due} == {"Ana": "second_contact", "Bo": "follow_up"}
    assert outreach.attempts(con, wb, today=date(2026, 3, 23))["Next reminder"].tolist() == [   # Bo's first: newer id
        "Fri 20 Mar 2026 · Send one follow-up", "Mon 16 Mar 2026 · Approach a second person at the organization"]


def test_the_demo_has_follow_ups_due_and_superseded_ones_are_left_out(con, demo_id):
    names = [d["full_name"] for d in outreach.follow_ups(con, demo_id, today=date(2026, 3, 11))]
    assert "Laura Chen" in names
    assert "Daniel Osei" not in names   # his unanswered note was followed by a reply


# ---- the log and the picker --------------------------------------------------------------------------

def test_the_attempt_log_is_paginated_newest_first(con, wb):
    cid = _person(con, wb, "Ana")
    for day in (2, 3, 4, 5, 6):
        outreach.log_attempt(con, wb, cid, channel="email", message=f"note {day}", attempted_at=date(2026, 3, day), today=WED)
    first = outreach.attempts(con, wb, limit=2)
    second = outreach.attempts(con, wb, limit=2, offset=2)
    assert first["Message"].tolist() == ["note 6", "note 5"]
    assert second["Message"].tolist() == ["note 4", "note 3"]
    assert outreach.count_attempts(con, wb) == 5


def test_the_attempt_log_can_show_one_person(con, wb):
    ana, bo = _person(con, wb, "Ana"), _person(con, wb, "Bo")
    outreach.log_attempt(con, wb, ana, channel="email", attempted_at=WED, today=WED)
    outreach.log_attempt(con, wb, bo, channel="email", attempted_at=WED, today=WED)
    assert outreach.attempts(con, wb, contact_id=bo)["Person"].tolist() == ["Bo"]
    assert outreach.count_attempts(con, wb, bo) == 1


def test_the_log_reads_in_words(con, wb):
    cid = _person(con, wb, "Ana")
    outreach.log_attempt(con, wb, cid, channel="linkedin", attempted_at=WED, today=WED)
    row = outreach.attempts(con, wb, today=WED).iloc[0]
    assert (row["Channel"], row["Outcome"]) == ("LinkedIn message", "No reply yet")
    assert row["Next reminder"] == "Mon 16 Mar 2026 · Approach a second person at the organization"
    # From the follow-up's own date on, said as the Follow-ups list says it (a hostile tester: the two disagreed)
    friday = date(2026, 3, 20)
    assert outreach.attempts(con, wb, today=friday).iloc[0]["Next reminder"] == "Fri 20 Mar 2026 · Send one follow-up"
    assert outreach.follow_ups(con, wb, today=friday)[0]["kind"] == "follow_up"


def test_the_contact_search_is_limited_and_matches_name_title_or_organization(con, wb):
    org = _org(con, wb, "Bow River Water")
    for i in range(30):
        _person(con, wb, f"Person {i:02d}", org=org if i == 7 else None)
    assert len(outreach.search_contacts(con, wb, "", limit=10)) == 10
    assert [p["full_name"] for p in outreach.search_contacts(con, wb, "bow river")] == ["Person 07"]
    assert [p["full_name"] for p in outreach.search_contacts(con, wb, "son 1")][:2] == ["Person 10", "Person 11"]


def test_mutual_contacts_are_people_already_met(con, wb):
    _person(con, wb, "Met", stage="met")
    _person(con, wb, "Friend", stage="keeping_in_touch")
    _person(con, wb, "Stranger")
    assert [p["full_name"] for p in outreach.mutual_contacts(con, wb)] == ["Friend", "Met"]


def test_a_closed_contact_has_no_due_reminder(con, wb):
    cid = _person(con, wb, "Ana")
    outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED)
    con.execute("UPDATE contacts SET stage = 'closed' WHERE id = ?", [cid])
    assert outreach.follow_ups(con, wb, today=date(2026, 4, 1)) == []


def test_a_person_with_a_meeting_set_has_no_due_reminder(con, wb):
    cid = _person(con, wb, "Ana")
    outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED)
    con.execute("INSERT INTO meetings (workbook_id, contact_id, scheduled_at) VALUES (?, ?, TIMESTAMP '2026-03-20 10:00')", [wb, cid])
    assert outreach.follow_ups(con, wb, today=date(2026, 4, 1)) == []


def test_only_the_latest_reminder_of_a_person_counts(con, wb):
    cid = _person(con, wb, "Ana")
    outreach.log_attempt(con, wb, cid, channel="email", attempted_at=date(2026, 3, 2), today=WED)
    later = outreach.log_attempt(con, wb, cid, channel="phone", outcome="no_answer", attempted_at=WED, today=WED)
    assert [d["id"] for d in outreach.follow_ups(con, wb, today=date(2026, 4, 1))] == [later.id]


def test_due_reminders_are_counted_and_paged(con, wb):
    for i in range(5):
        outreach.log_attempt(con, wb, _person(con, wb, f"P{i}"), channel="email", attempted_at=date(2026, 3, 2 + i), today=WED)
    assert outreach.count_follow_ups(con, wb, today=date(2026, 4, 1)) == 5
    page = outreach.follow_ups(con, wb, today=date(2026, 4, 1), limit=2, offset=2)
    assert [p["full_name"] for p in page] == ["P2", "P3"]


def test_upcoming_only_leaves_out_what_is_due(con, wb):
    outreach.log_attempt(con, wb, _person(con, wb, "Due"), channel="email", attempted_at=date(2026, 3, 2), today=WED)
    outreach.log_attempt(con, wb, _person(con, wb, "Soon"), channel="email", attempted_at=WED, today=WED)
    assert [p["full_name"] for p in outreach.follow_ups(con, wb, today=WED, upcoming_only=True)] == ["Soon"]
    assert outreach.count_follow_ups(con, wb, today=WED, upcoming_only=True) == 1


def test_the_last_reply_is_the_latest_answer(con, wb):
    cid = _person(con, wb, "Ana")
    assert outreach.last_reply(con, wb, cid) is None
    first = outreach.log_attempt(con, wb, cid, channel="email", attempted_at=date(2026, 3, 2), today=WED)
    outreach.record_reply(con, wb, first.id, "replied_yes", replied_at=datetime(2026, 3, 4, 10))
    assert outreach.last_reply(con, wb, cid)["outcome"] == "replied_yes"


# ---- 3B7 cannot stall; business days skip the place's public holidays (issue 18) ----------------------

def test_the_follow_up_comes_due_on_its_own_date_when_the_3_day_step_was_never_marked_done(con, wb):
    cid = _person(con, wb, "Ana")
    outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED)
    on_day_3 = outreach.follow_ups(con, wb, today=date(2026, 3, 16))
    assert [(d["kind"], d["follow_up_on"]) for d in on_day_3] == [("second_contact", date(2026, 3, 16))]
    on_day_7 = outreach.follow_ups(con, wb, today=date(2026, 3, 20))
    assert [(d["kind"], d["follow_up_on"], d["days_overdue"]) for d in on_day_7] == [
        ("follow_up", date(2026, 3, 20), 0)]
    assert "one short follow-up" in on_day_7[0]["action"]


def test_the_follow_up_is_listed_as_coming_while_the_3_day_step_waits(con, wb):
    cid = _person(con, wb, "Ana")
    outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED)
    coming = outreach.follow_ups(con, wb, today=date(2026, 3, 17), upcoming_only=True, within_days=7)
    assert [(c["kind"], c["follow_up_on"]) for c in coming] == [("follow_up", date(2026, 3, 20))]


def test_handling_the_follow_up_on_its_date_ends_the_reminders(con, wb):
    cid = _person(con, wb, "Ana")
    logged = outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED)
    assert outreach.complete_follow_up(con, wb, logged.id, today=date(2026, 3, 20)) is None
    assert outreach.follow_ups(con, wb, today=date(2026, 3, 30)) == []


def test_home_lists_the_follow_up_on_its_own_date_too(con, wb):
    from lib import next_actions
    cid = _person(con, wb, "Ana")
    outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED)
    group = next_actions.follow_ups_due(con, wb, date(2026, 3, 20))
    assert [i["Due"] for i in group.items] == [next_actions._day_text(date(2026, 3, 20), date(2026, 3, 20))]


def _goal_with_holidays(con, wb, country, subdivision=None):
    from lib import goals
    goals.save(con, wb, today=WED, purpose="Learn how water utilities work here.", target_interviews=10,
               holiday_country=country, holiday_subdivision=subdivision)


def test_business_days_skip_the_public_holidays_of_the_goal_place(con, wb):
    _goal_with_holidays(con, wb, "CA", "AB")
    cid = _person(con, wb, "Ana")
    # Thursday 2 April 2026: Good Friday (3 April) is a holiday in Alberta, so 3 business days is Wednesday 8 April.
    logged = outreach.log_attempt(con, wb, cid, channel="email", attempted_at=date(2026, 4, 2), today=date(2026, 4, 2))
    assert logged.follow_up_on == date(2026, 4, 8)
    assert _row(con, logged.id)["follow_up_7_on"] == date(2026, 4, 14)


def test_a_regional_holiday_counts_only_in_its_region(con, wb):
    # Family Day (Monday 16 February 2026) is a holiday in Alberta, not in Quebec.
    from lib import business_days
    assert business_days.add(date(2026, 2, 13), 1, business_days.calendar("CA", "AB")) == date(2026, 2, 17)
    assert business_days.add(date(2026, 2, 13), 1, business_days.calendar("CA", "QC")) == date(2026, 2, 16)


def test_without_a_holiday_calendar_only_weekends_are_skipped(con, wb):
    cid = _person(con, wb, "Ana")
    logged = outreach.log_attempt(con, wb, cid, channel="email", attempted_at=date(2026, 4, 2), today=date(2026, 4, 2))
    assert logged.follow_up_on == date(2026, 4, 7)


def test_an_unknown_holiday_calendar_is_refused_with_a_message(con, wb):
    from lib import goals
    with pytest.raises(Invalid, match="No holiday calendar"):
        _goal_with_holidays(con, wb, "ZZ")
    with pytest.raises(Invalid, match="province, state or region"):
        _goal_with_holidays(con, wb, "CA", "XX")
    assert goals.get(con, wb) is None


# ---- research before contact (M7/M8) and a graceful no (M32) ----------------------------------------

def test_research_gaps_name_missing_notes_the_identified_stage_and_a_mostly_empty_checklist(con, wb):
    from lib import readiness
    org = _org(con, wb)
    cid = _person(con, wb, "Ana", org=org, stage="identified")
    gaps = readiness.research_gaps(con, wb, cid)
    assert [g.key for g in gaps] == ["no_notes", "identified", "org_checklist"]
    assert gaps[0].target == ("contact", cid) and gaps[2].target == ("org", org)
    assert "0 of 4" in gaps[2].message


def test_a_researched_person_at_a_researched_organization_has_no_gap(con, wb):
    from lib import readiness
    org = _org(con, wb)
    con.execute("UPDATE organizations SET chk_what_they_do = true, chk_news = true WHERE id = ?", [org])
    cid = _person(con, wb, "Ana", org=org, stage="researched")
    con.execute("UPDATE contacts SET notes = 'Wrote a paper on flood maps.' WHERE id = ?", [cid])
    assert readiness.research_gaps(con, wb, cid) == []


def test_after_a_no_the_graceful_close_is_offered_and_letting_go_ends_the_reminders(con, wb):
    from lib import readiness
    cid = _person(con, wb, "Ana")
    first = outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED)
    assert readiness.graceful_close(con, wb, cid) is None
    outreach.record_reply(con, wb, first.id, "replied_no")
    assert "said no" in readiness.graceful_close(con, wb, cid)
    readiness.let_go(con, wb, cid)
    assert _stage(con, cid) == "closed"
    assert readiness.graceful_close(con, wb, cid) is None


def test_no_answer_after_the_follow_up_offers_the_graceful_close_and_letting_go_clears_the_reminder(con, wb):
    from lib import readiness
    cid = _person(con, wb, "Ana")
    outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED)
    outreach.log_attempt(con, wb, cid, channel="email", attempted_at=date(2026, 3, 20), today=date(2026, 3, 20))
    assert "No answer after your follow-up" in readiness.graceful_close(con, wb, cid)
    readiness.let_go(con, wb, cid)
    assert outreach.follow_ups(con, wb, today=date(2026, 4, 30)) == []


def test_the_graceful_close_after_silence_waits_until_the_follow_up_had_its_time(con, wb):
    """A hostile tester: "No answer after your follow-up" the moment the follow-up was logged."""
    from lib import readiness
    cid = _person(con, wb, "Ana")
    outreach.log_attempt(con, wb, cid, channel="email", attempted_at=WED, today=WED)
    follow_up = outreach.log_attempt(con, wb, cid, channel="email", attempted_at=date(2026, 3, 20),
                                     today=date(2026, 3, 20))
    assert follow_up.follow_up_kind == "move_on"
    assert readiness.graceful_close(con, wb, cid, today=date(2026, 3, 20)) is None
    assert readiness.graceful_close(con, wb, cid, today=follow_up.follow_up_on - timedelta(days=1)) is None
    assert "No answer after your follow-up" in readiness.graceful_close(con, wb, cid, today=follow_up.follow_up_on)


def test_the_thank_you_after_a_no_asks_for_someone_else_and_passes_the_checks(con, demo_id):
    from lib import scripts
    cid = db.scalar(con, "SELECT id FROM contacts WHERE workbook_id = ? AND full_name = 'Omar Haddad'", [demo_id])
    script = scripts.fill(con, demo_id, cid, "graceful_no")
    assert "Thank you" in script.body and "someone else" in script.body
    assert [f.rule for f in scripts.check(script.body, "graceful_no", subject=script.subject) if not f.ok] == []
