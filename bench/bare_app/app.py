"""The baseline of the browser benchmark: a bare two-page Streamlit app (no database, no sidebar widgets)."""
import streamlit as st

st.navigation([st.Page("one.py", title="One", default=True), st.Page("two.py", title="Two", url_path="two")]).run()
