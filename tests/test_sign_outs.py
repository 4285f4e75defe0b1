"""Sign-outs are recorded on the server (issue 19), so a person's other tabs can tell they signed out."""
from __future__ import annotations

import pytest

from lib import acting, sign_outs
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
