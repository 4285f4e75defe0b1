"""Quick extra clicks (views/extra_clicks.py): a click that lands on the form a save has just renewed or refilled,
untouched, stores nothing and says nothing; the save's confirmation stays. A person's own empty submit (after a
pause, or on a form never saved) still gets its message, and what is typed on the renewed form is still saved."""
from __future__ import annotations

import pytest

from lib import contacts
from tests.conftest import button, open_page, page_errors, run_cursor, workbook_id
from views import extra_clicks

pytestmark = pytest.mark.apptest


def add_field(at, field: str) -> str:
    """The key of a field of the add form on screen now (each rendering has its own: forms.one_shot_key)."""
    keys = [t.key for t in at.text_input if t.key and t.key.startswith("new_contact") and t.key.endswith(f"_{field}")]
    assert len(keys) == 1, keys
    return keys[0]


def add_person(at, name: str = "") -> None:
    if name:
        at.text_input(key=add_field(at, "name")).input(name)
    button(at, "Add person").click().run()


def messages(at) -> list[str]:
    return [m.value for m in (*at.error, *at.info, *at.success, *at.warning)]


@pytest.fixture
def research(app):
    open_page(app, "research")
    return app


def test_a_quick_second_click_on_the_renewed_add_form_says_nothing_and_keeps_the_confirmation(research):
    add_person(research, "Amara Okafor")
    add_person(research)  # the extra click of an impatient person: the form the save emptied
    assert not page_errors(research)
    assert not any("Name is needed" in m for m in messages(research))
    assert any("Added Amara Okafor to your list." in m for m in messages(research))
    assert len(contacts.search(run_cursor(research), workbook_id(research))[0]) == 1


def test_an_empty_add_on_a_form_never_saved_still_says_the_name_is_needed(research):
    add_person(research)
    assert any("Name is needed" in e.value for e in research.error)


def test_an_empty_add_after_a_pause_still_says_the_name_is_needed(research, monkeypatch):
    add_person(research, "Amara Okafor")
    monkeypatch.setattr(extra_clicks, "EXTRA_CLICK_SECONDS", -1.0)  # as if the person waited before clicking again
    add_person(research)
    assert any("Name is needed" in e.value for e in research.error)


def test_what_is_typed_on_the_renewed_form_right_after_a_save_is_saved(research):
    add_person(research, "Amara Okafor")
    add_person(research, "Lucas Petit")
    names = set(contacts.search(run_cursor(research), workbook_id(research))[0]["full_name"])
    assert names == {"Amara Okafor", "Lucas Petit"}


def test_a_bad_value_typed_on_the_renewed_form_right_after_a_save_is_refused_with_its_message(research):
    add_person(research, "Amara Okafor")
    research.text_input(key=add_field(research, "email")).input("not an email")
    add_person(research)
    assert any("Name is needed" in e.value for e in research.error)  # typed, so not an extra click


def test_a_widget_outside_the_form_changed_between_the_save_and_the_extra_click_leaves_it_an_extra_click(research):
    """Creating a workbook opens it, which refills the Rename box; a burst's next click on the renewed Create form
    carried that change and said "Workbook name is needed" (a hostile tester). Only the form's own fields count."""
    add_person(research, "Amara Okafor")  # the list, and its search box, are drawn from the first person on
    add_person(research, "Lucas Petit")
    research.text_input(key="people_text").input("Amara")  # a keyed widget of the page, not of the form
    add_person(research)
    assert not any("Name is needed" in m for m in messages(research))
    assert len(contacts.search(run_cursor(research), workbook_id(research))[0]) == 2


GOAL_SAVE = "Save goal"


def test_a_quick_second_save_of_the_goal_says_nothing_changed_only_after_a_pause(app, monkeypatch):
    open_page(app, "goals")
    app.text_area(key="goal_purpose").input("How flood forecasting teams work.")
    button(app, GOAL_SAVE).click().run()
    button(app, GOAL_SAVE).click().run()  # an extra click on the refilled form
    assert not any("Nothing changed" in m for m in messages(app))
    assert any("Goal saved (version 1)" in m for m in messages(app))
    monkeypatch.setattr(extra_clicks, "EXTRA_CLICK_SECONDS", -1.0)
    button(app, GOAL_SAVE).click().run()  # the person's own save of an unchanged goal, later
    assert any("Nothing changed" in m for m in messages(app))


def one_shot_script() -> None:
    """A one-shot form's save, and a click that still carries the rendering that save replaced (as a click in
    flight does: its callback outlives the old form by one run)."""
    import streamlit as st

    from views import forms

    saves = st.session_state.setdefault("saves", [])
    key = forms.one_shot("f")
    if st.button("Save", key="save"):
        if forms.run_once("f", key, lambda token: saves.append(token) or len(saves), "Saved", where="f"):
            forms.flash("f", "success", "Saved the row.")
    if st.button("Old form", key="old"):
        forms.run_once("f", "f", lambda token: saves.append(token) or len(saves), "Saved", where="f",
                       values=("same",))
    forms.feedback("f")


def test_a_click_in_flight_on_the_form_a_save_replaced_stores_nothing_and_keeps_the_confirmation():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(one_shot_script, default_timeout=60).run()
    at.button(key="save").click().run()
    assert at.session_state["saves"] and len(at.session_state["saves"]) == 1
    at.button(key="old").click().run()
    assert len(at.session_state["saves"]) == 1
    assert [m.value for m in at.success] == ["Saved the row."]
    assert not at.info and not at.error
