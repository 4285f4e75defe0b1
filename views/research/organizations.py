"""Research › Organizations: add an organization (with its research checklist), search and page through the list,
open one."""
from __future__ import annotations

import streamlit as st

from lib import organizations, wording
from views import forms, kit, layout, ui
from views.research import navigation, organization

PAGE_KEY = "orgs_page"
ADD = "new_org"  # the add form: its one-shot name and where its message is shown
NEW_ORG_KEYS = ("new_org_name", "new_org_industry", "new_org_location", "new_org_website", "new_org_size",
                "new_org_why", "new_org_notes")


def _add_org(ctx: kit.Context, form: str) -> None:
    s = st.session_state

    def add(token: str) -> int:
        return organizations.add(
            ctx.cur, ctx.wb.id, token=token, name=s.get("new_org_name"), industry=s.get("new_org_industry"),
            location=s.get("new_org_location"), website=s.get("new_org_website"), size=s.get("new_org_size"),
            why_interested=s.get("new_org_why"), notes=s.get("new_org_notes"),
            **{k: bool(s.get(f"new_org_{k}")) for k in organizations.CHECKLIST},
        )

    if forms.run_once(ADD, form, forms.nothing_saved(add), "Organization added", where=ADD) is None:
        return  # refused: what was typed stays, the message is under the form
    forms.flash(ADD, "success", f"Added {s.get('new_org_name', '').strip()} to your list.")
    for key in NEW_ORG_KEYS:
        s[key] = ""
    for key in organizations.CHECKLIST:
        s[f"new_org_{key}"] = False


def add_form(ctx: kit.Context) -> None:
    form = forms.one_shot(ADD, NEW_ORG_KEYS + tuple(f"new_org_{k}" for k in organizations.CHECKLIST))  # adds once
    with st.form(form):
        organization.org_fields("new_org", notes_height=90, hints=True)
        st.form_submit_button("Add organization", type="primary", on_click=ui.callback(_add_org), args=(ctx, form))


def listing(ctx: kit.Context) -> None:
    """The Organizations view: the add form, the search box, one page of the list, its page links, open one."""
    total_orgs = organizations.count(ctx.cur, ctx.wb.id)
    if box := layout.opened_once("Add an organization", "add_org_box", icon=":material/add_business:",
                                 expanded=total_orgs == 0):
        with box:
            add_form(ctx)
    forms.feedback(ADD)
    if total_orgs == 0:
        layout.empty_state("No organizations yet. Add the places where you would like to work or learn about; "
                       "what you learn in meetings will be gathered here for each one.")
        return
    text_filter = st.text_input("Search organizations", key="orgs_text", placeholder="Name, industry, location, notes")
    size = organizations.PAGE_SIZE
    if st.session_state.get("_orgs_filter") != text_filter:  # a new search starts on its first page
        st.session_state["_orgs_filter"] = text_filter
        kit.reset_pager(PAGE_KEY)
    shown = st.container()  # the caption and the table, above the page links
    asked = max(1, int(st.session_state.get(PAGE_KEY) or 1))
    frame, total = organizations.search(ctx.cur, ctx.wb.id, text_filter=text_filter, limit=size,
                                        offset=(asked - 1) * size)
    if total == 0:
        st.info("No organization matches this search.", icon=":material/search_off:")
        return
    page = kit.pager(PAGE_KEY, total, size)
    if page.number != asked:  # past the last page (the list got shorter): the pager's page instead
        frame, total = organizations.search(ctx.cur, ctx.wb.id, text_filter=text_filter, limit=size,
                                            offset=page.offset)
    with shown:
        st.caption(f"Showing {page.first:,}–{page.last:,} of {wording.plural(total, 'organization')}.")
        _table(frame)
    names = dict(zip(frame["id"].astype(int), map(ui.masked_text, frame["name"])))
    st.selectbox("Open an organization on this page", list(names), format_func=names.get, index=None,
                 key="orgs_open_pick", placeholder="Choose one to see everything learned about it",
                 on_change=ui.callback(navigation.open_picked), args=("orgs_open_pick", navigation.open_org))


def _table(frame) -> None:
    st.dataframe(ui.masked(frame), hide_index=True, key="orgs_table", column_config={
        "id": None, "name": st.column_config.TextColumn("Name", width="medium"), "industry": "Industry",
        "location": "Location", "people": st.column_config.NumberColumn("People", width="small"),
        "meetings": st.column_config.NumberColumn("Meetings held"),  # "small" cut the heading off
        "checklist_done": st.column_config.ProgressColumn("Research checklist", min_value=0,
                                                          max_value=len(organizations.CHECKLIST), format="%d of 4"),
        "why_interested": st.column_config.TextColumn("Why it interests you", width="large"),
    }, placeholder="")
