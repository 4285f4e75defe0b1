"""Step 2 · Research: the organizations and people of the target list, and the LinkedIn import (M8–M10, M27)."""
from __future__ import annotations

import streamlit as st

from views import forms, kit, layout
from views.research import linkedin_import, navigation, organization, organizations, people, person

VIEWS = {"people": "People", "organizations": "Organizations", "import": "Import LinkedIn"}

ctx = kit.context()
layout.step_header(
    "Research", "Step 2",
    "Build your target list: the organizations and professionals you want to learn from, and what you "
    "find out about them before you reach out to anyone.",
)

contact_id, org_id = navigation.opened()
if contact_id is not None:
    person.detail(ctx, contact_id)
elif org_id is not None:
    organization.detail(ctx, org_id)
else:
    forms.feedback(navigation.LIST_FEEDBACK)
    # The widget forgets its value while a detail view is shown; "Back to the list" returns to the same tab.
    if "research_view" not in st.session_state:
        st.session_state["research_view"] = st.session_state.get("_research_view", "people")
    view = st.segmented_control("Show", list(VIEWS), format_func=VIEWS.get, key="research_view",
                                required=True, label_visibility="collapsed")
    st.session_state["_research_view"] = view
    if view == "organizations":
        organizations.listing(ctx)
    elif view == "import":
        linkedin_import.view(ctx)
    else:
        people.listing(ctx)
