"""One action, one row and no lost edit for the forms issue 14 reached last: referrals, workbooks, question
templates, script versions, the sender's profile, rescheduling, the thank-you note and keep-in-touch."""
from __future__ import annotations

from datetime import datetime

import pytest

from lib import db, question_plans, referrals, rows, scripts, workbooks
from lib.errors import Conflict, Invalid


@pytest.fixture
def met(con, wb):
    """(meeting id, contact id) of a meeting done with Helen."""
    helen = con.execute("INSERT INTO contacts (workbook_id, full_name, stage) VALUES (?, 'Helen Nguyen', 'met')"
                        " RETURNING id", [wb]).fetchone()[0]
    m = con.execute("INSERT INTO meetings (workbook_id, contact_id, scheduled_at, status) VALUES (?, ?, ?, 'done')"
                    " RETURNING id", [wb, helen, datetime(2026, 3, 2, 10)]).fetchone()[0]
    return m, helen


def count(con, sql, params) -> int:
    return db.scalar(con, sql, params)


# ---- one action, one row ----------------------------------------------------------------------

def test_a_referral_added_twice_with_one_token_is_one_contact(con, wb, met):
    mid, _ = met
    first = referrals.add(con, wb, mid, full_name="Priya Nair", token="ref-1")
    assert referrals.add(con, wb, mid, full_name="Priya Nair", token="ref-1") == first == (first[0], True)
    assert count(con, "SELECT count(*) FROM contacts WHERE workbook_id = ? AND full_name = 'Priya Nair'", [wb]) == 1
    notes = db.scalar(con, "SELECT notes FROM contacts WHERE id = ?", [first[0]])
    assert notes.count("Referred by") == 1  # the repeat did not link (and annotate) her a second time


def test_a_workbook_created_twice_with_one_token_is_one_workbook(con):
    first = workbooks.create(con, "Coaching Sam", token="wb-1")
    assert workbooks.create(con, "Coaching Sam", token="wb-1") == first  # no "already exists" for the repeat
    assert count(con, "SELECT count(*) FROM workbooks WHERE name = 'Coaching Sam'", []) == 1


def test_a_template_created_twice_with_one_token_is_one_template(con, wb):
    first = question_plans.create_template(con, wb, name="Utilities", token="tpl-1")
    assert question_plans.create_template(con, wb, name="Utilities", token="tpl-1") == first
    assert len(question_plans.templates(con, wb)) == 1


def test_a_script_version_saved_twice_with_one_token_is_one_version(con, wb):
    kind = next(iter(scripts.templates()))
    ids = {scripts.save_version(con, wb, kind=kind, title="Short", body="Hello there", token="sv-1")
           for _ in range(4)}
    assert len(ids) == 1
    assert len(scripts.versions(con, wb, kind)) == 1
    scripts.save_version(con, wb, kind=kind, title="Short, warmer", body="Hello there", token="sv-2")
    assert len(scripts.versions(con, wb, kind)) == 2


def test_a_second_version_of_one_name_is_refused_and_changes_nothing(con, wb):
    """Versions are picked by name: two of one name (in any case) could not be told apart. Another channel may."""
    email, linkedin = list(scripts.templates())[:2]
    scripts.save_version(con, wb, kind=email, title="Warm intro", body="Hello there")
    with pytest.raises(Invalid, match="already have a version called “warm INTRO”"):
        scripts.save_version(con, wb, kind=email, title=" warm INTRO ", body="Something else")
    assert [v["title"] for v in scripts.versions(con, wb, email)] == ["Warm intro"]
    scripts.save_version(con, wb, kind=linkedin, title="Warm intro", body="Hi?")
    assert len(scripts.versions(con, wb, linkedin)) == 1


# ---- no lost edit ------------------------------------------------------------------------------

def test_a_rename_from_a_stale_form_is_a_conflict_and_changes_nothing(con, wb):
    seen = workbooks.get(con, wb)
    opened = rows.Opened(seen.version, {"name": seen.name})
    workbooks.rename(con, wb, "Coaching Sam", opened=opened)
    with pytest.raises(Conflict) as e:
        workbooks.rename(con, wb, "Coaching Ana", opened=opened)
    assert e.value.current["name"] == "Coaching Sam"
    assert workbooks.get(con, wb).name == "Coaching Sam"
    workbooks.rename(con, wb, "Coaching Ana", opened=rows.Opened(e.value.version, e.value.current))  # keep mine
    assert workbooks.get(con, wb).name == "Coaching Ana"


def test_a_cadence_from_a_stale_form_merges_with_another_field_and_clashes_on_its_own(con, wb):
    from lib import contacts, keep_in_touch

    cid = contacts.add(con, wb, full_name="Ana Ruiz", stage="met")
    seen = contacts.get(con, wb, cid)
    opened = rows.Opened(seen["version"], seen)
    contacts.update(con, wb, cid, title="Hydrologist", opened=opened)  # another session, another field
    keep_in_touch.set_cadence(con, wb, cid, 60, opened=opened)
    row = contacts.get(con, wb, cid)
    assert (row["title"], row["keep_in_touch_days"], row["stage"]) == ("Hydrologist", 60, "keeping_in_touch")
    with pytest.raises(Conflict):
        keep_in_touch.set_cadence(con, wb, cid, 90, opened=opened)  # 60 was saved after this form opened
    assert contacts.get(con, wb, cid)["keep_in_touch_days"] == 60
