"""forms.write with a confirmation kept under the form (`where`, `confirm=True`): a message built with ui.md (user
text already made literal) is shown as built, never escaped a second time (no visible backslashes)."""
import pytest
from streamlit.testing.v1 import AppTest

pytestmark = pytest.mark.apptest


def confirmation_script() -> None:
    import streamlit as st

    from views import forms, ui

    if st.button("Close", key="close"):
        forms.write(lambda: None, ui.md("“{w}” is closed", w=ui.name("**x** :red[y]")), where="w", confirm=True)
    forms.feedback("w")


def test_a_kept_confirmation_shows_user_text_literally_and_escaped_once():
    from views import ui

    at = AppTest.from_function(confirmation_script, default_timeout=60)
    at.run()
    at.button(key="close").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [str(ui.md("“{w}” is closed", w=ui.name("**x** :red[y]")))]
    assert "\\\\" not in at.success[0].value  # one backslash before each Markdown character, not two
