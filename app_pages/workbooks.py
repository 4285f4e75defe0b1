import functools
from datetime import date

import streamlit as st

from lib import cohort, demo, report, workbooks
from views import forms, ui
from lib import db as database
from lib import wording

# Derived data read once per change: forms.write clears st.cache_data on every save; the two-minute
# expiry only bounds how long a change made some other way could go unseen.


@st.cache_data(ttl=120, max_entries=32, show_spinner=False)
def cohort_overview(_con, db_key: str, today: date, sort: str, include_archived: bool):
    return cohort.overview(_con, today=today, sort=sort, include_archived=include_archived)


@st.cache_data(ttl=120, max_entries=32, show_spinner=False)
def report_preview(_con, db_key: str, workbook_id: int, today: date, mask: bool, names: bool, _overview):
    """The report without its charts (they are built on download). `_overview` is read for the same
    database and day, so it needs no place in the key."""
    return report.gather(_con, workbook_id, today=today, mask=mask, names=names, charts=False, overview=_overview)


con = ui.db()
wb = ui.current_workbook()
ui.step_header(
    "Workbooks", None,
    "One workbook per person being coached. See how every client is doing, open one, export a progress "
    "report, and create, rename or archive workbooks.",
)
today = date.today()

# ---- the coach's cohort overview ------------------------------------------------------------------
st.subheader("All clients at a glance")
left, right = st.columns([3, 2], vertical_alignment="bottom")
sort = left.selectbox("Sort by", list(cohort.SORTS), key="cohort_sort",
                      help="Needs attention first: overdue follow-ups, then the longest without activity.")
show_archived = right.toggle("Include archived workbooks", key="cohort_archived")
db_key = str(database.path_from_env())
overview = cohort_overview(con, db_key, today, sort, show_archived)
totals = cohort.summary(overview)

numbers = st.columns(4)
numbers[0].metric("Clients", totals["clients"])
numbers[1].metric("Need attention", totals["need_attention"],
                  help=f"Follow-ups overdue, or nothing done for {cohort.STALLED_AFTER_DAYS} days or more.")
numbers[2].metric("Follow-ups overdue", totals["follow_ups_overdue"])
numbers[3].metric("Meetings this week", totals["meetings_this_week"])


def _open_selected(frame, table_key: str) -> None:
    rows = st.session_state[table_key].selection.rows
    if not rows:
        return
    chosen = frame.iloc[rows[0]]
    if chosen["archived"]:
        st.session_state["_cohort_notice"] = ui.md("“{n}” is archived: restore it below to open it.", n=ui.name(chosen["name"]))
    else:
        ui.switch_workbook(int(chosen["id"]))


table_key = f"cohort_table_{wb.id}"  # a fresh table (no row still ticked) after each switch
st.dataframe(
    ui.masked(cohort.for_display(overview)),
    hide_index=True,
    key=table_key,
    on_select=lambda: _open_selected(overview, table_key),
    selection_mode="single-row",
    column_order=["Workbook", "Goal", "Interviews", "Progress", "Last activity", "Follow-ups overdue",
                  "Meetings this week", "Status"],
    column_config={
        "Workbook": st.column_config.TextColumn(width=150),
        "Goal": st.column_config.TextColumn(width=170, help="What the client wants to learn"),
        "Interviews": st.column_config.TextColumn(width=85, help="Interviews held / the goal's target"),
        "Progress": st.column_config.ProgressColumn(
            "Progress", format="%d%%", min_value=0, max_value=100, width=85,
            help="Interviews held as a share of the goal's target."),
        "Last activity": st.column_config.DateColumn(width=105, help="The last day something was done", format=wording.DATE_COLUMN_FORMAT),
        "Follow-ups overdue": st.column_config.NumberColumn("Overdue", width=75,
                                                            help="Follow-ups whose day has passed"),
        "Meetings this week": st.column_config.NumberColumn("This week", width=80,
                                                            help="Meetings from Monday to Sunday"),
        "Status": st.column_config.TextColumn(width="medium"),
    },
    placeholder="",
)
st.caption("Tick a row to open that client's workbook; click a column heading to sort by it.")
notice = st.session_state.pop("_cohort_notice", None)
if notice:
    st.info(ui.text(notice), icon=":material/info:")
stuck = cohort.needing_attention(overview)
if stuck:
    st.markdown("**Who needs help first**")
    for stuck_id, stuck_name, stuck_status in stuck:
        line = st.columns([6, 2], vertical_alignment="center")
        line[0].text(f"{ui.masked_name(stuck_name)}: {stuck_status}")
        if stuck_id != wb.id and not overview.loc[overview["id"] == stuck_id, "archived"].iloc[0]:
            line[1].button("Open", key=f"cohort_open_{stuck_id}", on_click=ui.callback(ui.switch_workbook), args=(stuck_id,),
                           icon=":material/open_in_new:")
        elif stuck_id == wb.id:
            line[1].caption("Open now")

# ---- progress report ---------------------------------------------------------------------------------
st.subheader("Progress report")
st.caption(
    f"A summary of {ui.name(wb.name)}'s workbook to send after a session: the goal, progress, charts and the latest "
    "insights from reviewed meetings."
)
share, share_names = ui.share_mode(), ui.share_names()
# The preview needs no charts; the charts (the costly part) are built only when a download is asked for.
summary = report_preview(con, db_key, wb.id, today, share, share_names, overview)
if share:
    st.caption(":material/visibility_off: Screen-share mode is on: the report and its downloads hide private "
               "details too. Turn the mode off to download the full report.")
buttons = st.container(horizontal=True)
buttons.download_button(
    "Download PDF", data=lambda wb_id=wb.id: report.download(con, wb_id, "pdf", today=today, mask=share,
                                                             names=share_names),
    file_name=report.file_name(summary, "pdf"),
    mime="application/pdf", key="report_pdf", icon=":material/picture_as_pdf:", on_click="ignore",
)
buttons.download_button(
    "Download Markdown", data=lambda wb_id=wb.id: report.download(con, wb_id, "md", today=today, mask=share,
                                                                  names=share_names),
    file_name=report.file_name(summary, "md"), mime="text/markdown", key="report_md",
    icon=":material/description:", on_click="ignore",
)
with st.expander("Preview the report", icon=":material/preview:"):
    st.markdown(report.to_markdown(summary, top=3))  # the person's text is escaped by lib/report.py

# ---- managing workbooks ---------------------------------------------------------------------------------
st.subheader("Open or archive a workbook")
# A page of workbooks at a time (found by name), so the page stays quick with many clients.
listing = cohort.workbook_page(con, search=st.session_state.get("manage_search", ""),
                               page=st.session_state.get("manage_page", 1))
if listing.total > cohort.MANAGE_PAGE_SIZE:
    st.session_state["manage_page"] = listing.page  # back in range when the search narrows the list
    find, turn = st.columns([3, 1], vertical_alignment="bottom")
    find.text_input("Find a workbook", key="manage_search", placeholder="Part of a name", max_chars=80)
    turn.number_input(f"Page (of {listing.pages})", min_value=1, max_value=listing.pages, step=1,
                      key="manage_page")
    first = (listing.page - 1) * cohort.MANAGE_PAGE_SIZE
    st.caption(f"Workbooks {first + 1}–{first + len(listing.items)} of {listing.matching}"
               if listing.items else "No workbook's name holds that: try fewer letters.")
for w in listing.items:
    cols = st.columns([5, 2, 2])
    badge = " · archived" if w.archived else (" · demo" if w.is_demo else "")
    cols[0].text(f"{'▸ ' if w.id == wb.id else ''}{ui.masked_name(w.name)}{badge}")
    if not w.archived and w.id != wb.id:
        cols[1].button("Open", key=f"open_{w.id}", on_click=ui.callback(ui.switch_workbook), args=(w.id,),
                       icon=":material/open_in_new:")
    elif w.id == wb.id:
        cols[1].caption("Open now")
    if w.archived:
        if cols[2].button("Restore", key=f"restore_{w.id}", icon=":material/unarchive:"):
            if forms.write(lambda w=w: workbooks.set_archived(con, w.id, False), ui.md("Restored {n}", n=ui.name(w.name))):
                st.rerun()
    elif listing.active > 1:
        if cols[2].button("Archive", key=f"archive_{w.id}", icon=":material/archive:"):
            if forms.write(lambda w=w: workbooks.set_archived(con, w.id, True), ui.md("Archived {n}", n=ui.name(w.name))):
                st.rerun()

left, right = st.columns(2)
with left:
    new_form = forms.one_shot("new_workbook")  # quick repeated clicks create once (lib/actions.py)
    with st.form(new_form, clear_on_submit=True):
        st.subheader("New workbook")
        name = st.text_input("Name (for example the person's name)", key="new_workbook_name", max_chars=80)
        if st.form_submit_button("Create workbook", icon=":material/add:"):
            new_id = forms.run_once("new_workbook", new_form, lambda token: workbooks.create(con, name, token=token),
                                 f"Created {name.strip()}")
            if new_id:
                ui.switch_workbook(new_id)
                st.rerun()
def _rename(workbook_id: int, changes: dict, opened) -> None:
    workbooks.rename(ui.db(), workbook_id, changes["rename_workbook_name"], opened=opened)


with right:
    if ui.editable():
        # Never over another session's rename: a name saved meanwhile is shown with keep mine / take theirs.
        forms.edit_form("rename_workbook", wb.id, wb.version, {"rename_workbook_name": wb.name}, {"name": wb.name},
                     {"rename_workbook_name": "Workbook name"}, {"rename_workbook_name": "name"})
        rename = functools.partial(_rename, wb.id)
        with st.form("rename_workbook"):
            st.subheader("Rename this workbook")
            st.text_input("New name", key="rename_workbook_name", max_chars=80)
            st.form_submit_button("Rename", icon=":material/edit:", on_click=ui.callback(forms.save_edit),
                                  args=("rename_workbook", rename, "Renamed"))
        forms.edit_status("rename_workbook", rename, "Renamed")
    else:
        with st.form(ui.per_mode("rename_workbook")):
            st.subheader("Rename this workbook")
            st.text_input("New name", value=ui.masked_name(wb.name), key=ui.per_mode("rename_workbook_name"),
                          max_chars=80, disabled=True)
            ui.read_only_note()
            st.form_submit_button("Rename", icon=":material/edit:", disabled=True)

st.subheader("Demo workbook")
st.caption(
    "A fictional civil engineer who moved to Calgary, ten weeks into the method: a goal, organizations, "
    "contacts with referrals, outreach, meetings and reviews. Loading it again resets it to the start."
)
if st.button("Load the demo workbook", key="load_demo", icon=":material/science:"):
    with st.spinner("Building the demo workbook…"):
        demo_id = forms.write(lambda: demo.load(con), "Demo workbook ready")
    if demo_id:
        ui.switch_workbook(demo_id)
        st.rerun()


# ---- Export, import and back up (issue 11) ------------------------------------------------------
# A self-contained section: its own imports, names prefixed _backup, widget keys prefixed backup_.
from lib import backup as _backup  # noqa: E402

st.divider()
st.subheader("Export, import and back up")
st.caption(
    "An export is one zip file with everything in this workbook; import it here or in another copy of the app. "
    "A database backup is a copy of every workbook at once, safe to make while the app is in use."
)
_backup_con = ui.db()
_backup_wb = ui.current_workbook()
_backup_export, _backup_everything, _backup_import = st.columns(3)

with _backup_export:
    st.markdown("**Export this workbook**")
    _backup_fmt = st.radio(
        "Format", ["csv", "parquet"], key="backup_format", horizontal=True,
        format_func={"csv": "CSV (opens in a spreadsheet)", "parquet": "Parquet (exact types)"}.get,
        help="Both import back exactly. In CSV, text starting with = + - @ gets a leading ' so spreadsheet "
             "programs show it as text instead of running it; importing removes that '.",
    )
    if ui.share_mode():  # the export is the person's complete data: it stays whole, and says so
        st.caption(":material/warning: Screen-share mode is on, but the export holds everything in this workbook "
                   "unmasked: emails, phone numbers, private notes. Only the file's name leaves the workbook's "
                   "name out.")
    if st.button("Prepare the export", key="backup_prepare_export", icon=":material/package_2:"):
        with st.spinner("Packing the workbook…"):
            _backup_data = _backup.export_workbook(_backup_con, _backup_wb.id, _backup_fmt)
        st.session_state["backup_export"] = (
            _backup_wb.id, _backup_fmt, _backup.export_filename(_backup_wb.name, _backup_fmt), _backup_data
        )
        st.toast("Export ready", icon=":material/check_circle:")
    _backup_ready = st.session_state.get("backup_export")
    if _backup_ready and _backup_ready[0] == _backup_wb.id and _backup_ready[1] == _backup_fmt:
        _backup_file_name = (_backup.unnamed_export_filename(_backup_wb.id, _backup_fmt) if ui.share_mode()
                             else _backup_ready[2])  # read now: the mode may have changed since it was packed
        st.download_button(
            "Download the export", _backup_ready[3], file_name=_backup_file_name,
            mime="application/zip", key="backup_download_export", on_click="ignore", icon=":material/download:",
        )
        if not ui.share_mode():  # the file name carries the workbook's name
            st.caption(_backup_ready[2])

with _backup_everything:
    st.markdown("**Back up every workbook**")
    if st.button("Prepare a database backup", key="backup_prepare_db", icon=":material/backup:"):
        with st.spinner("Copying the database…"):
            st.session_state["backup_db"] = (_backup.backup_filename(), _backup.backup_database(_backup_con))
        st.toast("Backup ready", icon=":material/check_circle:")
    if st.session_state.get("backup_db"):
        _backup_name, _backup_bytes = st.session_state["backup_db"]
        st.download_button(
            "Download the backup", _backup_bytes, file_name=_backup_name, mime="application/zip",
            key="backup_download_db", on_click="ignore", icon=":material/download:",
        )
        st.caption(_backup_name)

with _backup_import:
    st.markdown("**Import a workbook**")
    with st.form("backup_import_form", clear_on_submit=True):
        _backup_file = st.file_uploader(
            "Workbook export (.zip)", type=["zip"], key="backup_import_file",
            max_upload_size=_backup.MAX_IMPORT_BYTES // (1024 * 1024),
            help="A zip made by “Prepare the export”. It is added as a new workbook; nothing here is changed.",
        )
        _backup_new_name = st.text_input(
            "Name for the imported workbook (optional)", key="backup_import_name", max_chars=80
        )
        if st.form_submit_button("Import", key="backup_import", icon=":material/upload:"):
            if _backup_file is None:
                st.error("Choose a workbook export (.zip) first.", icon=":material/error:")
            else:
                _backup_new_id = forms.write(
                    lambda: _backup.import_workbook(
                        _backup_con, _backup_file.getvalue(), name=_backup_new_name.strip() or None
                    ),
                    "Workbook imported",
                )
                if _backup_new_id:
                    ui.switch_workbook(_backup_new_id)
                    st.rerun()

with st.expander("How to restore a database backup"):
    st.code(_backup.RESTORE_INSTRUCTIONS, language=None, wrap_lines=True)
