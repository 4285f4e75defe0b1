"""No lost edit (issue 14, item 1): a save sends the fields the person changed and the version its form was
opened with; another session's change is merged field-wise, or shown as a Conflict and never overwritten."""
from __future__ import annotations

import pytest

from lib import contacts, organizations, rows, workbooks
from lib.errors import Conflict
from tests.conftest import run_at_once


@pytest.fixture
def person(con):
    wb = workbooks.create(con, "Mine")
    cid = contacts.add(con, wb, full_name="Amara Okafor", title="Engineer", notes="Met at the fair")
    return wb, cid


def opened(con, wb, cid) -> rows.Opened:
    row = contacts.get(con, wb, cid)
    return rows.Opened(row["version"], row)


def test_two_forms_changing_different_fields_keep_both_changes(con, person):
    wb, cid = person
    a, b = opened(con, wb, cid), opened(con, wb, cid)
    contacts.update(con, wb, cid, title="Lead engineer", opened=a)
    contacts.update(con, wb, cid, notes="Knows the utilities", opened=b)
    row = contacts.get(con, wb, cid)
    assert (row["title"], row["notes"]) == ("Lead engineer", "Knows the utilities")
    assert row["version"] == a.version + 2


def test_two_forms_changing_the_same_field_raise_a_conflict_and_overwrite_nothing(con, person):
    wb, cid = person
    a, b = opened(con, wb, cid), opened(con, wb, cid)
    contacts.update(con, wb, cid, title="Lead engineer", opened=a)
    with pytest.raises(Conflict) as raised:
        contacts.update(con, wb, cid, title="Director", notes="B's note", opened=b)
    clash = raised.value.clashes
    assert [(c.field, c.label, c.mine, c.theirs) for c in clash] == [("title", "Title or role", "Director", "Lead engineer")]
    assert raised.value.current["title"] == "Lead engineer"
    row = contacts.get(con, wb, cid)
    assert (row["title"], row["notes"]) == ("Lead engineer", "Met at the fair")


def test_keeping_mine_after_a_conflict_saves_what_was_typed(con, person):
    wb, cid = person
    a, b = opened(con, wb, cid), opened(con, wb, cid)
    contacts.update(con, wb, cid, title="Lead engineer", opened=a)
    with pytest.raises(Conflict) as raised:
        contacts.update(con, wb, cid, title="Director", opened=b)
    again = rows.Opened(raised.value.version, raised.value.current)
    contacts.update(con, wb, cid, title="Director", opened=again)
    assert contacts.get(con, wb, cid)["title"] == "Director"


def test_both_typing_the_same_value_is_no_conflict(con, person):
    wb, cid = person
    a, b = opened(con, wb, cid), opened(con, wb, cid)
    contacts.update(con, wb, cid, title="Lead engineer", opened=a)
    contacts.update(con, wb, cid, title="Lead engineer", opened=b)
    assert contacts.get(con, wb, cid)["title"] == "Lead engineer"


def test_the_people_table_save_merges_and_refuses_like_the_form(con, person):
    wb, cid = person
    seen = {cid: opened(con, wb, cid)}
    contacts.update(con, wb, cid, stage="researched", opened=seen[cid])
    contacts.apply_edits(con, wb, {cid: {"title": "Lead engineer"}}, opened=seen)
    with pytest.raises(Conflict):
        contacts.apply_edits(con, wb, {cid: {"stage": "contacted"}}, opened=seen)
    row = contacts.get(con, wb, cid)
    assert (row["title"], row["stage"]) == ("Lead engineer", "researched")


def test_an_organization_edit_opened_earlier_does_not_undo_a_rename(con):
    wb = workbooks.create(con, "Mine")
    oid = organizations.add(con, wb, name="Bow River Utilities")
    a = rows.Opened(organizations.get(con, wb, oid)["version"], organizations.get(con, wb, oid))
    b = rows.Opened(a.version, dict(a.values))
    organizations.update(con, wb, oid, name="Bow River Power", opened=a)
    organizations.update(con, wb, oid, notes="Hiring in spring", opened=b)
    row = organizations.get(con, wb, oid)
    assert (row["name"], row["notes"]) == ("Bow River Power", "Hiring in spring")
    with pytest.raises(Conflict):
        organizations.update(con, wb, oid, name="Bow River Energy", opened=b)
    assert organizations.get(con, wb, oid)["name"] == "Bow River Power"


def test_changed_compares_what_the_form_was_opened_with():
    assert rows.changed({"a": "x", "b": None, "c": 3}, {"a": "x ", "b": "", "c": 4.0}) == {"c": 4.0}


# ---- one action, one row (issue 14, item 2) ------------------------------------------------------

def test_repeating_an_add_with_the_same_token_stores_one_person(con, person):
    wb, _ = person
    ids = {contacts.add(con, wb, full_name="Ben Ito", token="form-1") for _ in range(8)}
    assert len(ids) == 1
    assert contacts.count(con, wb) == 2
    contacts.add(con, wb, full_name="Ben Ito", token="form-2")  # a new form: a second Ben Ito is their choice
    assert contacts.count(con, wb) == 3


def test_repeating_an_attempt_or_a_meeting_with_the_same_token_stores_one(con, person):
    from datetime import date, time

    from lib import meetings, outreach

    wb, cid = person
    logged = [outreach.log_attempt(con, wb, cid, channel="email", token="log-1") for _ in range(8)]
    assert len({x.id for x in logged}) == 1
    assert con.execute("SELECT count(*) FROM outreach WHERE workbook_id = ?", [wb]).fetchone()[0] == 1
    day = date.today().replace(year=date.today().year + 1)
    saved = {meetings.schedule(con, wb, cid, day=day, at=time(10), token="sched-1").id for _ in range(8)}
    assert len(saved) == 1
    assert con.execute("SELECT count(*) FROM meetings WHERE workbook_id = ?", [wb]).fetchone()[0] == 1


def test_an_organization_added_twice_with_one_token_is_added_once_without_an_error(con):
    wb = workbooks.create(con, "Mine")
    first = organizations.add(con, wb, name="Bow River Utilities", token="org-1")
    assert organizations.add(con, wb, name="Bow River Utilities", token="org-1") == first


def test_quick_repeats_racing_in_threads_store_one_row(con, tmp_path):
    wb = workbooks.create(con, "Mine")
    found, errors = [], []

    def click() -> None:
        cur = con.cursor()
        try:
            found.append(contacts.add(cur, wb, full_name="Ben Ito", token="race"))
        except Exception as e:  # noqa: BLE001 - asserted on
            errors.append(repr(e))
        finally:
            cur.close()

    run_at_once(click, 8)
    assert errors == []
    assert len(set(found)) == 1
    assert contacts.count(con, wb) == 1


def test_an_own_question_edited_in_two_sessions_merges_or_conflicts(con):
    from lib import questions

    wb = workbooks.create(con, "Mine")
    qid = questions.add(con, wb, text="What surprised you in your first year?", category="career_path")
    row = next(q for q in questions.own_questions(con, wb) if q["id"] == qid)
    a, b = rows.Opened(row["version"], row), rows.Opened(row["version"], dict(row))
    questions.update(con, wb, qid, text="What surprised you most?", category=row["category"], opened=a, only={"text"})
    questions.update(con, wb, qid, text=row["text"], category=row["category"], minutes=3, opened=b, only={"minutes"})
    now = next(q for q in questions.own_questions(con, wb) if q["id"] == qid)
    assert (now["text"], now["minutes"]) == ("What surprised you most?", 3)
    with pytest.raises(Conflict):
        questions.update(con, wb, qid, text="Something else?", category=row["category"], opened=b, only={"text"})


def test_a_review_edited_in_two_sessions_merges_or_conflicts(con, demo_id):
    from lib import reviews

    mid = con.execute("SELECT meeting_id FROM reviews WHERE workbook_id = ? LIMIT 1", [demo_id]).fetchone()[0]
    old = reviews.get(con, demo_id, mid)
    a, b = rows.Opened(old["version"] or 0, old), rows.Opened(old["version"] or 0, dict(old))
    keep = {k: old[k] for k in ("insights", "not_online", "advice", "resources", "next_steps", "usefulness",
                                "keep_in_touch_days")}
    reviews.save(con, demo_id, mid, **{**keep, "advice": "Join the water association."}, opened=a, only={"advice"})
    reviews.save(con, demo_id, mid, **{**keep, "next_steps": "Email the lab."}, opened=b, only={"next_steps"})
    now = reviews.get(con, demo_id, mid)
    assert (now["advice"], now["next_steps"]) == ("Join the water association.", "Email the lab.")
    with pytest.raises(Conflict):
        reviews.save(con, demo_id, mid, **{**keep, "advice": "Something else."}, opened=b, only={"advice"})
    assert reviews.get(con, demo_id, mid)["advice"] == "Join the water association."
