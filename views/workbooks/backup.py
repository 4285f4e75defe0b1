"""Export, import and back up (issue 11): one workbook as a zip, every workbook as a database backup, an import
as a new workbook. Widget keys start with backup_."""
from __future__ import annotations

import streamlit as st

from lib import backup, hosting
from views import auth, forms, kit, layout, ui, whole


def section(ctx: kit.Context) -> None:
    """Export (the owner of the open workbook), import (anyone: a new workbook of their own) and, for an
    administrator (locally: the one person), the database backup and how to restore it."""
    # Its own view of the page (app_pages/workbooks.py): a file uploader is one of the heaviest inputs to draw.
    admins = auth.admins()
    admin, owner = hosting.is_admin(ctx.cur, admins), hosting.owns(ctx.cur, ctx.wb.id)
    st.caption(
        "An export is one zip file with everything in this workbook; import it here or in another copy of the app. "
        + ("A database backup is a copy of every workbook at once, safe to make while the app is in use." if admin
           else "An import becomes a new workbook of your own.")
    )
    if admin:
        export, everything, incoming = st.columns(3)
        with everything:
            _backup_database(ctx, admins)
    else:
        export, incoming = st.columns(2)
    with export:
        if owner:
            _export(ctx)
        else:
            _not_owner()
    with incoming:
        _import(ctx)
    if admin and backup.database_backup_supported(ctx.cur):
        if steps := layout.folded("How to restore a database backup", key="restore_steps_box"):
            steps.code(backup.RESTORE_INSTRUCTIONS, language=None, wrap_lines=True)


def _not_owner() -> None:
    st.markdown("**Export this workbook**")
    st.caption("This is a client's workbook, shared with you as their coach: only they can export all of it. "
               "The progress report above is yours to download.")


def _export(ctx: kit.Context) -> None:
    wb = ctx.wb
    st.markdown("**Export this workbook**")
    fmt = st.radio(
        "Format", ["csv", "parquet"], key="backup_format", horizontal=True,
        format_func={"csv": "CSV (opens in a spreadsheet)", "parquet": "Parquet (exact types)"}.get,
        help="Both import back exactly. In CSV, text starting with = + - @ gets a leading ' so spreadsheet "
             "programs show it as text instead of running it; importing removes that '.",
    )
    if ctx.share:  # the export is the person's complete data: it stays whole, and says so
        st.caption(":material/warning: Screen-share mode is on, but the export holds everything in this workbook "
                   "unmasked: emails, phone numbers, private notes. Only the file's name leaves the workbook's "
                   "name out.")
    if st.button("Prepare the export", key="backup_prepare_export", icon=":material/package_2:"):
        with st.spinner("Packing the workbook…"):
            data = backup.export_workbook(ctx.cur, wb.id, fmt)
        st.session_state["backup_export"] = (wb.id, fmt, backup.export_filename(wb.name, fmt), data)
        st.toast("Export ready", icon=":material/check_circle:")
    ready = st.session_state.get("backup_export")
    if ready and ready[0] == wb.id and ready[1] == fmt:
        file_name = (backup.unnamed_export_filename(wb.id, fmt) if ctx.share
                     else ready[2])  # read now: the mode may have changed since it was packed
        st.download_button(
            "Download the export", ready[3], file_name=file_name,
            mime="application/zip", key="backup_download_export", on_click="ignore", icon=":material/download:",
        )
        if not ctx.share:  # the file name carries the workbook's name
            st.caption(ready[2])


def _backup_database(ctx: kit.Context, admins: frozenset[str]) -> None:
    st.markdown("**Back up every workbook**")
    if not backup.database_backup_supported(ctx.cur):  # a server: pg_dump, not a copy of a DuckDB file
        st.caption(backup.ON_SERVER)
        return
    if st.button("Prepare a database backup", key="backup_prepare_db", icon=":material/backup:"):
        with st.spinner("Copying the database…"):
            st.session_state["backup_db"] = (backup.backup_filename(), backup.backup_database(ctx.cur, admins=admins))
        st.toast("Backup ready", icon=":material/check_circle:")
    if st.session_state.get("backup_db"):
        name, data = st.session_state["backup_db"]
        st.download_button(
            "Download the backup", data, file_name=name, mime="application/zip",
            key="backup_download_db", on_click="ignore", icon=":material/download:",
        )
        st.caption(name)


def _import(ctx: kit.Context) -> None:
    st.markdown("**Import a workbook**")
    with st.form("backup_import_form", clear_on_submit=True):
        file = st.file_uploader(
            "Workbook export (.zip)", type=["zip"], key="backup_import_file",
            max_upload_size=backup.MAX_IMPORT_BYTES // (1024 * 1024),
            help="A zip made by “Prepare the export”. It is added as a new workbook; nothing here is changed.",
        )
        new_name = st.text_input("Name for the imported workbook (optional)", key="backup_import_name")
        if st.form_submit_button("Import", key="backup_import", icon=":material/upload:"):
            if file is None:
                st.error("Choose a workbook export (.zip) first.", icon=":material/error:")
                return
            with whole.body_write():  # imported and opened together
                new_id = forms.write(
                    lambda: backup.import_workbook(ctx.cur, file.getvalue(), name=new_name.strip() or None),
                    "Workbook imported",
                )
                if new_id:
                    ui.switch_workbook(new_id)
                    st.rerun()
