"""Network: how the network grew, the goal's pace, the funnel and the referral tree, each chart clickable."""
import streamlit as st

from views import kit, layout
from views.network import charts, filters

ctx = kit.context()
layout.step_header("Network", None,
               "How your network grew, whether the goal is on track, where the funnel leaks and which "
               "introductions multiplied it: one chart per tab. Click a bar or point to see the people behind it.")

chosen = filters.chosen(ctx)
glance = st.container()  # above the tabs, filled from the open tab's view (one read for both)
# Lazy tabs: only the open one's chart is queried, built and drawn, so a filter change costs one chart, not five.
for tab, name in zip(st.tabs(list(charts.TABS.values()), key=charts.TABS_KEY, on_change="rerun"), charts.TABS):
    if tab.open:
        views = charts.network(ctx, chosen, name)
        with tab:
            charts.chart_tab(ctx, chosen, views, name)
with glance:
    charts.at_a_glance(views, narrowed=bool(chosen.sources))
