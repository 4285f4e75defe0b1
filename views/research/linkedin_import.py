"""Research › Import LinkedIn: upload the Connections export, see what would change, then import it."""
from __future__ import annotations

import streamlit as st

from lib import contacts, linkedin, organizations, wording
from lib.errors import Invalid
from views import forms, kit, ui

DONE = "linkedin_import_done"  # where the result of the last import is shown (at the top of the view)
HOW_TO = (
    "1. On LinkedIn open **Settings → Data privacy → Get a copy of your data**.\n"
    "2. Choose **Connections** (a small export, usually ready within minutes) and request it.\n"
    "3. Download the archive from the e-mail LinkedIn sends, then upload **Connections.csv** "
    "(or the whole ZIP archive) here.\n\n"
    "You see what would change before anything is saved. Importing the same file twice adds nobody twice."
)


def view(ctx: kit.Context) -> None:
    forms.feedback(DONE)
    with st.expander("How to get the file from LinkedIn", icon=":material/help:"):
        st.markdown(HOW_TO)
    version = st.session_state.get("linkedin_upload_version", 0)
    upload = st.file_uploader("LinkedIn export: Connections.csv or the ZIP archive", type=["csv", "zip"],
                              key=f"linkedin_file_{version}", max_upload_size=25)
    if upload is None:
        return
    parsed, problem = _parsed(upload)
    if problem:
        st.error(ui.md("{problem} Nothing was imported.", problem=problem), icon=":material/error:")
        return
    plan = _plan(ctx, upload, parsed)
    st.subheader("Preview")
    _summary(parsed, plan)
    if not plan.new and not plan.fill_in:
        st.info("Everyone in this file is already on your list: there is nothing to import.",
                icon=":material/done_all:")
    elif st.button(f"Import {wording.plural(len(plan.new), 'person', 'people')}" if plan.new
                   else f"Update {wording.plural(len(plan.fill_in), 'person', 'people')}",
                   type="primary", icon=":material/download:", key="linkedin_import"):
        if _import(ctx, parsed, plan):
            st.session_state["linkedin_upload_version"] = version + 1
            st.session_state.pop("_linkedin_parsed", None)
            st.session_state.pop("_linkedin_plan", None)
            st.rerun()
        return
    _rows(plan)


def _parsed(upload) -> tuple[linkedin.Parsed | None, str | None]:
    """The file read once per upload (kept in the session): what it holds, or why it cannot be read."""
    kept = st.session_state.get("_linkedin_parsed")
    if kept is None or kept[0] != upload.file_id:
        try:
            kept = (upload.file_id, linkedin.read(upload.getvalue(), upload.name), None)
        except Invalid as e:
            kept = (upload.file_id, None, str(e))
        st.session_state["_linkedin_parsed"] = kept
    return kept[1], kept[2]


def _plan(ctx: kit.Context, upload, parsed: linkedin.Parsed) -> linkedin.Preview:
    """What importing the file would change, compared once per file and list (30,000 rows), not on every rerun."""
    stamp = (upload.file_id, ctx.wb.id, contacts.count(ctx.cur, ctx.wb.id), organizations.count(ctx.cur, ctx.wb.id))
    kept = st.session_state.get("_linkedin_plan")
    if kept is None or kept[0] != stamp:
        kept = (stamp, linkedin.preview(ctx.cur, ctx.wb.id, parsed))
        st.session_state["_linkedin_plan"] = kept
    return kept[1]


def _summary(parsed: linkedin.Parsed, plan: linkedin.Preview) -> None:
    cols = st.columns(4)
    cols[0].metric("New people", f"{len(plan.new):,}")
    cols[1].metric("Already on your list", f"{len(plan.present):,}")
    cols[2].metric("Skipped", f"{len(plan.skipped):,}")
    cols[3].metric("New organizations", f"{len(plan.new_organizations):,}")
    remarks = []
    if not parsed.has_url_column:
        remarks.append("This export has no profile URL column (an older LinkedIn format): people are matched by "
                       "name and company.")
    if parsed.undated:
        remarks.append(f"{wording.plural(parsed.undated, 'row')} {'has' if parsed.undated == 1 else 'have'} a "
                       "“Connected On” date that could not be read; they are imported without a date.")
    if plan.fill_in:
        remarks.append(f"{len(plan.fill_in):,} of the people already on your list get their missing LinkedIn "
                       "address or connection date from the file; nothing else of theirs changes.")
    if parsed.dropped_emails:
        remarks.append(f"{wording.plural(parsed.dropped_emails, 'email value')} "
                       f"{'was' if parsed.dropped_emails == 1 else 'were'} not email addresses and are left out.")
    for remark in remarks:
        st.caption(remark)


def _import(ctx: kit.Context, parsed: linkedin.Parsed, plan: linkedin.Preview) -> bool:
    """Import with a progress bar; the result is shown at the top of the view after the rerun. False when refused
    (the reason is shown in the status box; nothing was imported)."""
    with st.status(f"Importing {wording.plural(len(plan.new), 'person', 'people')}…", expanded=True) as status:
        bar = st.progress(0.0, text="Starting…")
        try:
            result = linkedin.import_connections(ctx.cur, ctx.wb.id, parsed,
                                                 progress=lambda f, m: bar.progress(min(f, 1.0), text=m))
        except Invalid as e:
            status.update(label="Import failed: nothing was imported.", state="error")
            st.error(ui.text(str(e)))
            return False
        status.update(label="Import finished", state="complete")
    forms.flash(DONE, "success",
                f"Imported {wording.plural(result.added, 'person', 'people')} and "
                f"{wording.plural(result.organizations_added, 'organization')} from LinkedIn. "
                f"{result.already_present:,} were already on your list"
                + (f" ({result.filled_in:,} got a missing LinkedIn address or date)" if result.filled_in else "")
                + f"; {wording.plural(result.skipped, 'row')} {'was' if result.skipped == 1 else 'were'} skipped. "
                "Find them on the People tab (source: LinkedIn connection).")
    return True


def _rows(plan: linkedin.Preview) -> None:
    """What the file holds, row by row: new, already on the list, skipped (the first 100 or 200 of each)."""
    st.caption("What the file holds, row by row:")
    tabs = st.tabs([f"New ({len(plan.new):,})", f"Already on your list ({len(plan.present):,})",
                    f"Skipped ({len(plan.skipped):,})"])
    text = st.column_config.TextColumn
    config = {"line": st.column_config.NumberColumn("Line", width=50), "full_name": text("Name", width=140),
              "organization": text("Organization", width=150), "title": text("Position", width=130),
              "linkedin_url": text("LinkedIn", width=120), "email": text("Email", width=90),
              "connected_on": st.column_config.DateColumn("Connected", format=wording.DATE_COLUMN_FORMAT, width=105)}
    with tabs[0]:
        _sample_note(len(plan.new))
        st.dataframe(ui.masked(plan.frame("new")), hide_index=True, column_config=config, key="linkedin_new",
                     placeholder="")
    with tabs[1]:
        _sample_note(len(plan.present))
        st.dataframe(ui.masked(plan.frame("present")), hide_index=True, column_config=config, key="linkedin_present",
                     placeholder="")
    with tabs[2]:
        st.dataframe(ui.masked(plan.skipped_frame()), hide_index=True, key="linkedin_skipped",
                     column_config={"line": "Line", "row": "Row", "reason": "Why it was skipped"}, placeholder="")


def _sample_note(count: int) -> None:
    if count > 100:
        st.caption(f"The first 100 of {count:,}.")
