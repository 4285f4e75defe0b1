"""The guided start of an empty workbook: what the method is, and the first step."""
from __future__ import annotations

import streamlit as st

from lib import hosting, page_registry
from views import auth, kit, registry


def guided_start(ctx: kit.Context) -> None:
    st.subheader("Welcome: five steps to your first ten conversations")
    st.write(
        "Informational interviews are short conversations with people who do work you are curious about. "
        "You go to learn, not to ask for a job, and each one grows your network. This workbook walks you "
        "through the method one step at a time and keeps track of everything for you."
    )
    if st.button("Begin with Step 1: your goal", key="begin_goals", type="primary", icon=":material/flag:"):
        st.switch_page(registry.PAGES["goals"])
    if hosting.is_admin(ctx.cur, auth.admins()):  # hosted mode: only administrators load the demo
        st.page_link(registry.PAGES["workbooks"], label="Or look around the demo workbook first (Workbooks page)",
                     icon=":material/folder_shared:")
    st.subheader("The five steps")
    st.markdown("\n".join(f"{p.step}. **{p.title}:** {p.intro}" for p in page_registry.steps()))
    st.caption("Home then shows your progress toward the goal and what to do next: follow-ups due, "
               "meetings coming up, reviews and thank-you notes to write.")
