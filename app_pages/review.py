"""Step 5 · Review: what each meeting was worth, who it led to, thanks, keeping in touch, and the sum of it."""
import streamlit as st

from views import kit, layout
from views.review import keep_in_touch, knowledge, review, summary

ctx = kit.context()
layout.step_header(
    "Review", "Step 5",
    "After each conversation, write down what it taught you, add the people it led to, thank them, "
    "and decide how often to stay in touch.",
)

keep_in_touch.open_contact_link()
TABS = {"Review a meeting": review.review_tab, "Keep in touch": keep_in_touch.touch_tab,
        "What you learned": knowledge.knowledge_tab, "Value summary": summary.summary_tab}
# Lazy tabs: only the open one runs, so a large workbook pays for one tab's queries per click.
for tab, draw in zip(st.tabs(list(TABS), key="review_tab", on_change="rerun"), TABS.values()):
    if tab.open:
        with tab:
            draw(ctx)
