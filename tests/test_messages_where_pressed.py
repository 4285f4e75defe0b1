"""A confirmation shows where the person is, not at the top of the page (issue 15, item 13)."""
import pytest

from tests.conftest import open_page, page_errors

pytestmark = pytest.mark.apptest


def test_using_a_worked_example_says_so_under_its_button_not_above_the_page(app):
    open_page(app, "goals", check=False)
    app.selectbox(key="goal_example").select("new-graduate").run()
    app.button(key="goal_use_example").click().run()
    assert not page_errors(app)
    box = app.expander[0]
    assert box.label == "Start from a worked example"
    assert any("The form now holds the example" in i.value for i in box.info)
    above = [i.value for i in app.main.info if "The form now holds the example" in i.value]
    assert above == [i.value for i in box.info if "The form now holds the example" in i.value]  # shown once
