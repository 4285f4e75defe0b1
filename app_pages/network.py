"""Network: how the network grew, the goal's pace, the funnel and the referral tree, each chart clickable."""
import streamlit as st

from views import kit, layout
from views.network import charts, filters

ctx = kit.context()
layout.step_header("Network", None,
               "How your network grew, whether the goal is on track, where the funnel leaks and which "
               "introductions multiplied it. Click a bar or point to see the people behind it.")

chosen = filters.chosen(ctx)
views = charts.network(ctx, chosen)

charts.at_a_glance(views, narrowed=bool(chosen.sources))
charts.chart_or(ctx, chosen, views, "growth", "Network growth",
                lambda: st.caption("The growth chart appears once someone is in your network."))
charts.goal_chart(ctx, chosen, views)
charts.chart_or(ctx, chosen, views, "activity", "Weekly activity", lambda: layout.empty_state(
    "No outreach or meetings in this time range. Log your first attempts on the Outreach page; "
    "each week's attempts, replies and meetings will show here.", "outreach", "Log outreach"))
charts.chart_or(ctx, chosen, views, "funnel", "Funnel", lambda: layout.empty_state(
    "The funnel starts with the people you identify. Add a few on the Research page.", "research", "Add people"))
charts.chart_or(ctx, chosen, views, "tree", "Referral tree", lambda: layout.empty_state(
    "No introductions yet. At the end of each conversation, ask who else you should talk to; "
    "record the people you are referred to on the Review page and they will appear here.",
    "review", "Record referrals"))
