"""The method, point by point and step by step: where every "From the method" tooltip links to (method#m14)."""
import streamlit as st

from lib import method, page_registry
from views import layout, registry

layout.step_header("The method", None,
               "What the workbook asks of you at each step, and why. The tips on every page link here.")

STEP_PAGES = {p.step: p.key for p in page_registry.steps()}

for step, points in method.by_step().items():
    st.header(f"Step {step} · {method.STEPS[step]}", anchor=f"step{step}", divider="gray")
    for point in points:
        st.subheader(point.title, anchor=point.anchor)
        st.markdown(point.explanation)
        if point.id == "M19":
            # TIARA is a second way to tag the same questions: explained once, here, beside the first.
            st.subheader(method.TIARA_TITLE, anchor=method.TIARA_ANCHOR)
            st.markdown(method.TIARA_EXPLANATION)
    st.page_link(registry.PAGES[STEP_PAGES[step]], label=f"Go to step {step}", icon=":material/arrow_forward:")

# The browser's own jump to "#m14" finds nothing (the headings are drawn later), and choosing the workbook rewrites
# the URL without its "#": scroll to the anchor the tab was opened with, once drawn (a fixed script, no user data).
# In a block: the script runs again at every visit of the page in the tab, and a second top-level `const` of the same
# name is a SyntaxError (the scroll was lost from the second visit on: a hostile tester).
st.html("""<script>{
const opened = performance.getEntriesByType("navigation")[0];
const first = opened ? new URL(opened.name) : null;
const hash = window.location.hash || (first && first.pathname === window.location.pathname ? first.hash : "");
const target = hash && document.getElementById(decodeURIComponent(hash.slice(1)));
if (target) requestAnimationFrame(() => target.scrollIntoView({block: "start"}));
}</script>""", unsafe_allow_javascript=True)
