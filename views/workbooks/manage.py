"""Managing workbooks: open, archive or restore one (a page at a time), create, rename, load the demo."""
from __future__ import annotations

import functools

import streamlit as st

from lib import cohort, demo, workbooks
from views import forms, kit, session, ui

_PAGE = "manage_page"


def listing(ctx: kit.Context) -> None:
    """A page of workbooks at a time (found by name), so the page stays quick with many clients."""
    st.subheader("Open or archive a workbook")
    found = cohort.workbook_page(ctx.cur, search=st.session_state.get("manage_search", ""),
                                 page=st.session_state.get(_PAGE, 1))
    if found.total > cohort.MANAGE_PAGE_SIZE:
        st.text_input("Find a workbook", key="manage_search", placeholder="Part of a name", max_chars=80,
                      on_change=ui.callback(kit.reset_pager), args=(_PAGE,))
        first = (found.page - 1) * cohort.MANAGE_PAGE_SIZE
        st.caption(f"Workbooks {first + 1}–{first + len(found.items)} of {found.matching}"
                   if found.items else "No workbook's name holds that: try fewer letters.")
    for w in found.items:
        _row(ctx, w, can_archive=found.active > 1)
    if found.total > cohort.MANAGE_PAGE_SIZE:
        kit.pager(_PAGE, found.matching, cohort.MANAGE_PAGE_SIZE)


def _row(ctx: kit.Context, w: workbooks.Workbook, *, can_archive: bool) -> None:
    cols = st.columns([5, 2, 2])
    badge = " · archived" if w.archived else (" · demo" if w.is_demo else "")
    cols[0].text(f"{'▸ ' if w.id == ctx.wb.id else ''}{ui.masked_name(w.name)}{badge}")
    if not w.archived and w.id != ctx.wb.id:
        cols[1].button("Open", key=f"open_{w.id}", on_click=ui.callback(ui.switch_workbook), args=(w.id,),
                       icon=":material/open_in_new:")
    elif w.id == ctx.wb.id:
        cols[1].caption("Open now")
    if w.archived:
        if cols[2].button("Restore", key=f"restore_{w.id}", icon=":material/unarchive:"):
            if forms.write(lambda: workbooks.set_archived(ctx.cur, w.id, False), ui.md("Restored {n}", n=ui.name(w.name))):
                st.rerun()
    elif can_archive:
        if cols[2].button("Archive", key=f"archive_{w.id}", icon=":material/archive:"):
            if forms.write(lambda: workbooks.set_archived(ctx.cur, w.id, True), ui.md("Archived {n}", n=ui.name(w.name))):
                st.rerun()


def new_workbook(ctx: kit.Context) -> None:
    new_form = forms.one_shot("new_workbook")  # quick repeated clicks create once (lib/actions.py)
    with st.form(new_form, clear_on_submit=True):
        st.subheader("New workbook")
        name = st.text_input("Name (for example the person's name)", key="new_workbook_name", max_chars=80)
        if st.form_submit_button("Create workbook", icon=":material/add:"):
            new_id = forms.run_once("new_workbook", new_form,
                                    lambda token: workbooks.create(ctx.cur, name, token=token), f"Created {name.strip()}")
            if new_id:
                ui.switch_workbook(new_id)
                st.rerun()


def _rename(cur, workbook_id: int, changes: dict, opened) -> None:
    workbooks.rename(cur, workbook_id, changes["rename_workbook_name"], opened=opened)


def rename(ctx: kit.Context) -> None:
    """Rename the open workbook; never over another session's rename (keep mine / take theirs)."""
    wb = ctx.wb
    if not ui.editable():
        with st.form(session.per_mode("rename_workbook")):
            st.subheader("Rename this workbook")
            st.text_input("New name", value=ui.masked_name(wb.name), key=session.per_mode("rename_workbook_name"),
                          max_chars=80, disabled=True)
            ui.read_only_note()
            st.form_submit_button("Rename", icon=":material/edit:", disabled=True)
        return
    forms.edit_form("rename_workbook", wb.id, wb.version, {"rename_workbook_name": wb.name}, {"name": wb.name},
                    {"rename_workbook_name": "Workbook name"}, {"rename_workbook_name": "name"})
    save = functools.partial(_rename, ctx.cur, wb.id)
    with st.form("rename_workbook"):
        st.subheader("Rename this workbook")
        st.text_input("New name", key="rename_workbook_name", max_chars=80)
        st.form_submit_button("Rename", icon=":material/edit:", on_click=ui.callback(forms.save_edit),
                              args=("rename_workbook", save, "Renamed"))
    forms.edit_status("rename_workbook", save, "Renamed")


def demo_workbook(ctx: kit.Context) -> None:
    st.subheader("Demo workbook")
    st.caption(
        "A fictional civil engineer who moved to Calgary, ten weeks into the method: a goal, organizations, "
        "contacts with referrals, outreach, meetings and reviews. Loading it again resets it to the start."
    )
    if st.button("Load the demo workbook", key="load_demo", icon=":material/science:"):
        with st.spinner("Building the demo workbook…"):
            demo_id = forms.write(lambda: demo.load(ctx.cur), "Demo workbook ready")
        if demo_id:
            ui.switch_workbook(demo_id)
            st.rerun()
