import streamlit as st

from lib import demo, ui, workbooks

con = ui.db()
wb = ui.current_workbook()
ui.step_header(
    "Workbooks", None,
    "One workbook per person being coached. Create, rename, switch, archive, or load the demo workbook.",
)

st.subheader("Open a workbook")
everyone = workbooks.list_all(con, include_archived=True)
for w in everyone:
    cols = st.columns([5, 2, 2])
    badge = " · archived" if w.archived else (" · demo" if w.is_demo else "")
    cols[0].text(f"{'▸ ' if w.id == wb.id else ''}{w.name}{badge}")
    if not w.archived and w.id != wb.id:
        cols[1].button("Open", key=f"open_{w.id}", on_click=ui.switch_workbook, args=(w.id,),
                       icon=":material/open_in_new:")
    elif w.id == wb.id:
        cols[1].caption("Open now")
    if w.archived:
        if cols[2].button("Restore", key=f"restore_{w.id}", icon=":material/unarchive:"):
            if ui.run_write(lambda w=w: workbooks.set_archived(con, w.id, False), f"Restored {w.name}"):
                st.rerun()
    elif len([x for x in everyone if not x.archived]) > 1:
        if cols[2].button("Archive", key=f"archive_{w.id}", icon=":material/archive:"):
            if ui.run_write(lambda w=w: workbooks.set_archived(con, w.id, True), f"Archived {w.name}"):
                st.rerun()

left, right = st.columns(2)
with left:
    with st.form("new_workbook", clear_on_submit=True):
        st.subheader("New workbook")
        name = st.text_input("Name (for example the person's name)", key="new_workbook_name", max_chars=80)
        if st.form_submit_button("Create workbook", icon=":material/add:"):
            new_id = ui.run_write(lambda: workbooks.create(con, name), f"Created {name.strip()}")
            if new_id:
                ui.switch_workbook(new_id)
                st.rerun()
with right:
    with st.form("rename_workbook"):
        st.subheader("Rename this workbook")
        new_name = st.text_input("New name", value=wb.name, key="rename_workbook_name", max_chars=80)
        if st.form_submit_button("Rename", icon=":material/edit:"):
            if ui.run_write(lambda: workbooks.rename(con, wb.id, new_name), "Renamed"):
                st.rerun()

st.subheader("Demo workbook")
st.caption(
    "A fictional civil engineer who moved to Calgary, ten weeks into the method: a goal, organizations, "
    "contacts with referrals, outreach, meetings and reviews. Loading it again resets it to the start."
)
if st.button("Load the demo workbook", key="load_demo", icon=":material/science:"):
    with st.spinner("Building the demo workbook…"):
        demo_id = ui.run_write(lambda: demo.load(con), "Demo workbook ready")
    if demo_id:
        ui.switch_workbook(demo_id)
        st.rerun()
