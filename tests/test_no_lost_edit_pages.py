"""No lost edit, through the pages (issue 14, item 1): two sessions on one database open the same edit form.
A saves one field, B (opened before) saves another: both are kept. Both change the same field: B is shown the
clash with A's value, nothing is overwritten, and B chooses."""
from __future__ import annotations

import pytest

from lib import contacts, goals
from tests.conftest import open_box, open_tab, open_page, page_errors, run_cursor, second_session, type_and_save, workbook_id
from tests.test_research_page import open_person

pytestmark = pytest.mark.apptest
SAVE = "FormSubmitter:edit_contact-Save changes"


@pytest.fixture
def two_sessions(demo_app):
    """Session A (demo_app) and session B, both on the demo workbook, both with Helen Nguyen's edit form open."""
    b = second_session(demo_app)
    for at in (demo_app, b):
        open_page(at, "research")
        at.text_input(key="people_text").input("Helen Nguyen").run()
        person = open_person(at, "Helen Nguyen")
        open_tab(at, "person_tabs", "Edit")
    return demo_app, b, person


def test_two_sessions_saving_different_fields_of_a_person_keep_both(two_sessions):
    a, b, person = two_sessions
    type_and_save(a, "edit_contact_title", "Principal Engineer", SAVE)
    type_and_save(b, "edit_contact_notes", "Ask about the river project", SAVE)
    assert not page_errors(a) and not page_errors(b)
    row = contacts.get(run_cursor(a), workbook_id(a), person)
    assert row["title"] == "Principal Engineer"
    assert row["notes"] == "Ask about the river project"


def test_two_sessions_changing_the_same_field_show_the_clash_and_overwrite_nothing(two_sessions):
    a, b, person = two_sessions
    type_and_save(a, "edit_contact_title", "Principal Engineer", SAVE)
    type_and_save(b, "edit_contact_title", "Team Lead", SAVE)
    assert contacts.get(run_cursor(a), workbook_id(a), person)["title"] == "Principal Engineer"
    assert any("Someone else changed" in w.value for w in b.warning)
    clash = next(d.value for d in b.dataframe if "Yours" in d.value.columns)
    assert clash.to_dict("records") == [{"Field": "Title or role", "Yours": "Team Lead", "Stored now": "Principal Engineer"}]
    assert b.text_input(key="edit_contact_title").value == "Team Lead"  # what B typed is kept

    b.button(key="conflict_mine_edit_contact").click().run()
    assert contacts.get(run_cursor(a), workbook_id(a), person)["title"] == "Team Lead"


def test_taking_theirs_puts_the_stored_value_back_in_the_form(two_sessions):
    a, b, person = two_sessions
    type_and_save(a, "edit_contact_title", "Principal Engineer", SAVE)
    b.text_input(key="edit_contact_title").input("Team Lead")
    type_and_save(b, "edit_contact_phone", "+1 403 555 0199", SAVE)
    b.button(key="conflict_theirs_edit_contact").click().run()
    assert b.text_input(key="edit_contact_title").value == "Principal Engineer"
    assert b.text_input(key="edit_contact_phone").value == "+1 403 555 0199"
    b.button(key=SAVE).click().run()
    row = contacts.get(run_cursor(a), workbook_id(a), person)
    assert (row["title"], row["phone"]) == ("Principal Engineer", "+1 403 555 0199")


GOAL_SAVE = "FormSubmitter:goal_form-Save goal"


@pytest.fixture
def goal_saved_by_a(demo_app):
    """Sessions A (demo_app) and B both open the Goals page; then A saves "Hydrologist" as the target roles."""
    a, b = demo_app, second_session(demo_app)
    for at in (a, b):
        open_page(at, "goals")
        open_box(at, "goal_box")  # the demo's goal is saved: its form waits in "Edit your goal"
    type_and_save(a, "goal_target_roles", "Hydrologist", GOAL_SAVE)
    return a, b


def test_two_sessions_saving_different_parts_of_the_goal_keep_both(goal_saved_by_a):
    a, b = goal_saved_by_a
    type_and_save(b, "goal_location", "Lethbridge", GOAL_SAVE)
    assert not any("Nothing changed" in i.value for i in b.info)
    saved = goals.get(run_cursor(a), workbook_id(a))
    assert (saved.target_roles, saved.location) == ("Hydrologist", "Lethbridge")


def test_two_sessions_changing_the_same_part_of_the_goal_show_the_clash(goal_saved_by_a):
    a, b = goal_saved_by_a
    type_and_save(b, "goal_target_roles", "Water planner", GOAL_SAVE)
    assert goals.get(run_cursor(a), workbook_id(a)).target_roles == "Hydrologist"
    assert any("Someone else changed" in w.value for w in b.warning)
    assert b.text_input(key="goal_target_roles").value == "Water planner"
    b.button(key="conflict_mine_goal_form").click().run()
    assert goals.get(run_cursor(a), workbook_id(a)).target_roles == "Water planner"
