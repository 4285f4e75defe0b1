"""views/renewed.py: a widget's key after the app changed its value from outside it."""
from streamlit.testing.v1 import AppTest


def _keys_app():
    import streamlit as st

    from views import renewed

    if st.button("Renew"):
        renewed.renew("picker")
    st.session_state.keys_now = (renewed.key("wb", "picker"), renewed.key("wb_share", "picker"), renewed.key("list"))


def test_a_renewed_counter_gives_every_widget_it_counts_a_new_key_and_no_other():
    at = AppTest.from_function(_keys_app).run()
    assert at.session_state.keys_now == ("wb", "wb_share", "list")
    at.button[0].click().run()
    assert at.session_state.keys_now == ("wb_1", "wb_share_1", "list")
    at.button[0].click().run()
    assert at.session_state.keys_now == ("wb_2", "wb_share_2", "list")
