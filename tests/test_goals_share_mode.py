"""Tier 2: in screen-share mode the goal is shown masked and read-only (a form would show it unmasked)."""
from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lib import db, demo
from tests.conftest import ROOT, open_box, open_page

pytestmark = pytest.mark.apptest

PHONE, EMAIL = "403-555-0188", "goal.secret@example.com"


def open_goals(db_path, share: bool) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    con = db.open(db_path)
    wb = db.scalar(con, "SELECT min(id) FROM workbooks")
    con.close()
    at.query_params["wb"] = str(wb)
    if share:
        at.query_params["share"] = "true"
    open_page(at, "goals")
    return at


@pytest.fixture
def goal_with_secrets(db_path):
    con = db.open(db_path)
    wb = demo.load(con)
    con.execute("UPDATE goals SET purpose = ? WHERE workbook_id = ?",
                [f"Learn about water work; call me on {PHONE} or {EMAIL}", wb])
    con.close()
    st.cache_resource.clear()
    st.cache_data.clear()
    yield wb
    st.cache_resource.clear()


def shown(at: AppTest) -> str:
    parts = [w.value or "" for w in [*at.text_area, *at.text_input]]
    parts += [e.value for kind in ("text", "caption", "markdown") for e in at.get(kind)]
    return "\n".join(str(p) for p in parts)


def test_the_goal_form_is_there_and_holds_the_goal_when_the_mode_is_off(goal_with_secrets, db_path):
    at = open_goals(db_path, share=False)
    assert PHONE in shown(at) and not at.get("form_submit_button")   # the summary; the form waits in its box
    open_box(at, "goal_box")
    assert PHONE in at.text_area(key="goal_purpose").value and at.get("form_submit_button")


def test_in_screen_share_mode_the_goal_is_masked_and_cannot_be_saved(goal_with_secrets, db_path):
    at = open_goals(db_path, share=True)
    text = shown(at)
    assert PHONE not in text and EMAIL not in text
    assert "Learn about water work" in text          # shown, masked, as text
    assert not [b for b in at.get("form_submit_button") if b.label == "Save goal"]
