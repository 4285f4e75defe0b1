"""Sign-outs are recorded on the server (issue 19), so a person's other tabs can tell they signed out."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from lib import acting, db, sign_outs
from lib.errors import NoAccess

ALICE, BOB = "alice@example.com", "bob@example.com"


def test_each_sign_out_moves_the_persons_count_on_and_no_one_elses(con):
    assert sign_outs.mark(con, ALICE) == 0  # never signed out
    alice = acting.as_person(con, ALICE)
    assert sign_outs.record(alice, "Alice@Example.com ") == 1  # the same person, however the address is written
    assert sign_outs.record(alice, ALICE) == 2  # a second sign-out still differs from what a session saw
    assert sign_outs.mark(con, ALICE) == 2
    assert sign_outs.mark(con, BOB) == 0


def test_no_one_signs_out_someone_else(con):
    with pytest.raises(NoAccess):
        sign_outs.record(acting.as_person(con, BOB), ALICE)
    with pytest.raises(NoAccess):
        sign_outs.record(con, None)  # the local app's person has no sign-in
    with pytest.raises(NoAccess):
        sign_outs.record(acting.as_person(con, acting.NOBODY), ALICE)
    assert sign_outs.mark(con, ALICE) == 0


def test_a_sign_in_made_before_the_last_sign_out_no_longer_counts_beyond_the_clock_margin():
    out = datetime(2026, 12, 2, 16, 0)
    margin = sign_outs.CLOCKS_MAY_DIFFER
    assert sign_outs.made_before_sign_out(out - margin - timedelta(seconds=1), out)  # an old cookie used again
    assert not sign_outs.made_before_sign_out(out - margin, out)  # within what the clocks may differ
    assert not sign_outs.made_before_sign_out(out + timedelta(seconds=5), out)  # signed in again afterwards
    assert not sign_outs.made_before_sign_out(None, out) and not sign_outs.made_before_sign_out(out, None)


def test_the_state_is_the_count_and_the_time_of_the_last_sign_out(con):
    assert sign_outs.state(con, ALICE) == (0, None)
    sign_outs.record(con, ALICE)
    times, when = sign_outs.state(con, " Alice@Example.com ")
    assert times == 1 and abs(when - datetime.now()) < timedelta(minutes=1)


def test_a_new_tab_with_a_cookie_from_before_the_sign_out_shows_the_sign_in_page(db_path):
    """Streamlit reads the old cookie again in a new tab: its issue time, older than the sign-out, refuses it."""
    from tests.test_workbooks_hosted_page import signed_in

    con = db.open(db_path)
    sign_outs.record(con, ALICE)
    con.close()
    at = signed_in(db_path, ALICE)
    at.user = {**at.user, "iat": (datetime.now() - timedelta(hours=1)).timestamp()}
    at.run()
    assert not at.exception
    assert "You signed out in another tab" in " ".join(m.value for m in at.info)
    assert not at.selectbox  # no workbook picker, nothing of hers
    fresh = signed_in(db_path, ALICE)
    fresh.user = {**fresh.user, "iat": datetime.now().timestamp()}  # signed in again since: her app as usual
    fresh.run()
    assert not fresh.exception and [s.label for s in fresh.selectbox][:1] == ["Workbook"]


def test_an_open_tab_says_the_account_was_deleted_when_it_was_deleted_in_another(db_path):
    from lib import account, acting
    from tests.test_workbooks_hosted_page import signed_in

    at = signed_in(db_path, ALICE)
    at.run()
    assert not at.exception and [s.label for s in at.selectbox][:1] == ["Workbook"]
    con = db.open(db_path)
    account.delete_account(acting.as_person(con, ALICE), ALICE, ALICE)  # in her other tab...
    sign_outs.record(con, ALICE)  # ... which then signs out, as the Workbooks page does
    con.close()
    at.run()  # her next click here
    assert not at.exception
    said = " ".join(m.value for m in at.info)
    assert "Your account was deleted in another tab" in said and "You signed out" not in said
    assert not at.selectbox


def test_a_new_tab_with_a_cookie_from_before_the_deletion_says_the_account_was_deleted(db_path):
    from lib import account
    from tests.test_workbooks_hosted_page import signed_in

    con = db.open(db_path)
    account.delete_account(acting.as_person(con, ALICE), ALICE, ALICE)
    sign_outs.record(con, ALICE)  # as the Workbooks page does right after
    con.close()
    at = signed_in(db_path, ALICE)
    at.user = {**at.user, "iat": (datetime.now() - timedelta(hours=1)).timestamp()}  # her cookie, from before
    at.run()
    said = " ".join(m.value for m in at.info)
    assert not at.exception and "Your account was deleted" in said and "You signed out" not in said
    assert not at.selectbox


def test_an_old_cookie_after_a_later_plain_sign_out_says_signed_out(con):
    sign_outs.note_account_deleted(con, ALICE)
    sign_outs.record(con, ALICE)  # the Workbooks page's sign-out after the deletion
    assert sign_outs.why(con, ALICE, 0, old_cookie=True) == sign_outs.ACCOUNT_DELETED
    sign_outs.record(con, ALICE)  # she signed in again (a new account) and signed out since
    assert sign_outs.why(con, ALICE, 0, old_cookie=True) == sign_outs.SIGNED_OUT


def test_a_plain_sign_out_elsewhere_still_says_signed_out_after_an_earlier_deletion(con):
    sign_outs.note_account_deleted(con, ALICE)
    seen = sign_outs.state(con, ALICE)[0]  # a tab of her new account opens after the deletion
    assert sign_outs.deleted_since(con, ALICE, seen - 1) and not sign_outs.deleted_since(con, ALICE, seen)
    sign_outs.record(con, ALICE)
    assert not sign_outs.deleted_since(con, ALICE, seen)
    assert not sign_outs.deleted_since(con, BOB, 0)
