"""Research › Add a person: after a person is added the form starts again from its defaults (issue 15, item 16)."""
import pytest

from lib import vocab
from tests.conftest import open_page, page_errors

pytestmark = pytest.mark.apptest
ADD_PERSON = "FormSubmitter:new_contact-Add person"
DEFAULT_STAGE, DEFAULT_SOURCE = list(vocab.STAGES)[0], list(vocab.SOURCES)[0]


def test_the_stage_and_source_go_back_to_the_defaults_after_adding_a_person(app):
    open_page(app, "research", check=False)
    other_stage = list(vocab.STAGES)[2]
    other_source = list(vocab.SOURCES)[3]
    app.text_input(key="new_contact_name").input("Amara Okafor")
    app.selectbox(key="new_contact_stage").set_value(other_stage)
    app.selectbox(key="new_contact_source").set_value(other_source)
    app.button(key=ADD_PERSON).click().run()
    assert not page_errors(app)
    assert any("Added Amara Okafor" in s.value for s in app.success)
    # The renewed form (its own keys: views/forms.py one_shot_key) starts from the defaults.
    assert app.selectbox(key="new_contact_1_stage").value == DEFAULT_STAGE
    assert app.selectbox(key="new_contact_1_source").value == DEFAULT_SOURCE


def test_a_refused_person_keeps_the_stage_that_was_chosen(app):
    open_page(app, "research", check=False)
    other_stage = list(vocab.STAGES)[2]
    app.selectbox(key="new_contact_stage").set_value(other_stage)
    app.button(key=ADD_PERSON).click().run()  # no name: refused, nothing saved, what was chosen stays
    assert app.error
    assert app.selectbox(key="new_contact_stage").value == other_stage
