"""Step 2 · Research: the organizations and people of the target list, and the LinkedIn import (M8–M10, M27)."""
from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from lib import contacts, linkedin, organizations, vocab
from views import forms, ui
from lib import db as database
from lib import wording
from lib.errors import Invalid, NotFound

wb = ui.current_workbook()
con = ui.db()
ui.step_header(
    "Research", "Step 2",
    "Build your target list: the organizations and professionals you want to learn from, and what you "
    "find out about them before you reach out to anyone.",
)

VIEWS = {"people": "People", "organizations": "Organizations", "import": "Import LinkedIn"}
CONTACT_PARAM, ORG_PARAM = "contact", "org"
STAGE_LABELS = vocab.STAGES
SOURCE_LABELS = vocab.SOURCES


# ---- navigation between the list and one person / organization ------------------------------

def _param(name: str) -> int | None:
    try:
        return int(st.query_params.get(name))
    except (TypeError, ValueError):
        return None


def open_contact(contact_id: int | None) -> None:
    if contact_id is None:
        return
    st.query_params.pop(ORG_PARAM, None)
    st.query_params[CONTACT_PARAM] = str(contact_id)
    st.session_state.pop("confirm_delete_contact", None)


def open_org(org_id: int | None) -> None:
    if org_id is None:
        return
    st.query_params.pop(CONTACT_PARAM, None)
    st.query_params[ORG_PARAM] = str(org_id)
    st.session_state.pop("confirm_delete_org", None)


def close_detail() -> None:
    st.query_params.pop(CONTACT_PARAM, None)
    st.query_params.pop(ORG_PARAM, None)
    for key in ("people_open_pick", "orgs_open_pick", "org_people_open_pick", "confirm_delete_contact", "confirm_delete_org"):
        st.session_state.pop(key, None)


@st.cache_data(show_spinner=False, max_entries=32)
def _pickers(_con, db_key: str, workbook_id: int, version: str) -> tuple[dict[int, str], dict[int, str]]:
    """The organization and referrer pickers: thousands of rows after a LinkedIn import, so read once and
    kept until something they show changes (`version`: contacts.fingerprint) or a save clears the cache."""
    return organizations.options(_con, workbook_id), contacts.referrer_options(_con, workbook_id)


def pickers() -> tuple[dict[int, str], dict[int, str]]:
    """id -> name of the organizations, id -> 'Name (Organization)' of likely referrers (copies: safe to change)."""
    return _pickers(con, str(database.path_from_env()), wb.id, contacts.fingerprint(con, wb.id))


def pager(state_key: str, pages: int) -> int:
    """Page links for a list whose page number is kept in st.session_state[state_key], a plain value: a new
    search sets it back to 1 without writing into a widget (Streamlit warns when code sets the value of a
    widget that has a default). When the number was changed that way, a fresh widget starts on it."""
    page_no = min(max(int(st.session_state.get(state_key) or 1), 1), pages)
    version = st.session_state.get(f"_{state_key}_version", 0)
    widget = f"{state_key}_links_{version}"
    if st.session_state.get(widget, page_no) != page_no:
        version += 1
        st.session_state[f"_{state_key}_version"] = version
        widget = f"{state_key}_links_{version}"
    st.pagination(pages, default=page_no, key=widget, max_visible_pages=9,
                  on_change=ui.callback(lambda: st.session_state.update({state_key: st.session_state[widget]})))
    return page_no


def _open_picked(key: str, opener) -> None:
    opener(st.session_state.get(key))


def back_button() -> None:
    st.button("Back to the list", icon=":material/arrow_back:", key="detail_back", on_click=ui.callback(close_detail))


def show_flash(key: str) -> None:
    """A message left by a callback (error keeps the typed values; success clears them)."""
    flash = st.session_state.pop(key, None)
    if flash:
        kind, message = flash
        (st.error if kind == "error" else st.success)(ui.text(message), icon=":material/error:" if kind == "error" else ":material/check_circle:")


# ---- adding ------------------------------------------------------------------------------------

NEW_CONTACT_KEYS = ("new_contact_name", "new_contact_title", "new_contact_org", "new_contact_referrer",
                    "new_contact_linkedin", "new_contact_email", "new_contact_phone", "new_contact_connected",
                    "new_contact_notes", "new_contact_private")


def _add_contact(token: str) -> None:
    s = st.session_state
    try:
        contacts.add(
            ui.db(), wb.id, token=token, full_name=s.get("new_contact_name"), title=s.get("new_contact_title"),
            organization_name=s.get("new_contact_org"), source=s.get("new_contact_source"),
            referred_by_contact_id=s.get("new_contact_referrer"), stage=s.get("new_contact_stage"),
            linkedin_url=s.get("new_contact_linkedin"), email=s.get("new_contact_email"),
            phone=s.get("new_contact_phone"), connected_on=s.get("new_contact_connected"),
            notes=s.get("new_contact_notes"), private_notes=s.get("new_contact_private"),
        )
    except (Invalid, NotFound) as e:
        s["flash_new_contact"] = ("error", f"{e} Nothing was saved.")
        return
    forms.one_shot_done("new_contact")
    s["flash_new_contact"] = ("success", f"Added {' '.join((s.get('new_contact_name') or '').split())} to your list.")
    st.toast("Person added", icon=":material/check_circle:")
    st.cache_data.clear()
    for key in NEW_CONTACT_KEYS:
        s[key] = None if key in ("new_contact_org", "new_contact_referrer", "new_contact_connected") else ""
    s["new_contact_stage"], s["new_contact_source"] = list(STAGE_LABELS)[0], list(SOURCE_LABELS)[0]  # the defaults


def add_contact_form(orgs: dict[int, str], referrers: dict[int, str]) -> None:
    org_names = list(orgs.values())
    # Labels worked out once, not by a format_func per option (a thousand people).
    referrer_labels = {k: ui.masked_name(v) for k, v in referrers.items()} if ui.share_mode() else referrers
    form = forms.one_shot("new_contact")  # quick repeated clicks add once (lib/actions.py)
    with st.form(form):
        left, right = st.columns(2)
        left.text_input("Name", key="new_contact_name", placeholder="First and last name")
        right.text_input("Title or role", key="new_contact_title")
        left.selectbox("Organization", org_names, index=None, accept_new_options=True, key="new_contact_org",
                       format_func=ui.masked_text, placeholder="Pick one, or type a new name to add it")
        right.selectbox("Stage", list(STAGE_LABELS), format_func=STAGE_LABELS.get, key="new_contact_stage")
        left.selectbox("How you know of them", list(SOURCE_LABELS), format_func=SOURCE_LABELS.get,
                       key="new_contact_source", help=ui.method_help("M10", lead="A referral is a third person introducing you."))
        right.selectbox("Referred by", list(referrer_labels), format_func=referrer_labels.get, index=None,
                        key="new_contact_referrer", placeholder="Only for a referral: who introduced you")
        left.text_input("LinkedIn URL", key="new_contact_linkedin", placeholder="linkedin.com/in/…")
        right.text_input("Email", key="new_contact_email")
        left.text_input("Phone", key="new_contact_phone")
        right.date_input("Connected on", value=None, key="new_contact_connected", format=wording.DATE_INPUT_FORMAT)
        st.text_area("Research notes", key="new_contact_notes", height=90,
                     help=ui.method_help("M8", "M9", lead="Their path, what they work on, what only they can tell you."))
        st.text_area("Private notes", key="new_contact_private", height=68,
                     help="Hidden in screen-share mode.")
        st.form_submit_button("Add person", type="primary", on_click=ui.callback(_add_contact),
                              args=(forms.one_shot_token(form),))


NEW_ORG_KEYS = ("new_org_name", "new_org_industry", "new_org_location", "new_org_website", "new_org_size",
                "new_org_why", "new_org_notes")


def _add_org(token: str) -> None:
    s = st.session_state
    try:
        organizations.add(
            ui.db(), wb.id, token=token, name=s.get("new_org_name"), industry=s.get("new_org_industry"),
            location=s.get("new_org_location"), website=s.get("new_org_website"), size=s.get("new_org_size"),
            why_interested=s.get("new_org_why"), notes=s.get("new_org_notes"),
            **{k: bool(s.get(f"new_org_{k}")) for k in organizations.CHECKLIST},
        )
    except (Invalid, NotFound) as e:
        s["flash_new_org"] = ("error", f"{e} Nothing was saved.")
        return
    forms.one_shot_done("new_org")
    s["flash_new_org"] = ("success", f"Added {s.get('new_org_name', '').strip()} to your list.")
    st.toast("Organization added", icon=":material/check_circle:")
    st.cache_data.clear()
    for key in NEW_ORG_KEYS:
        s[key] = ""
    for key in organizations.CHECKLIST:
        s[f"new_org_{key}"] = False


def add_org_form() -> None:
    form = forms.one_shot("new_org")  # quick repeated clicks add once
    with st.form(form):
        left, right = st.columns(2)
        left.text_input("Name", key="new_org_name")
        right.text_input("Industry", key="new_org_industry")
        left.text_input("Location", key="new_org_location", placeholder="City, region")
        right.text_input("Website", key="new_org_website", placeholder="example.com")
        left.text_input("Size", key="new_org_size", placeholder="e.g. 120 people")
        right.text_input("Why it interests you", key="new_org_why")
        st.text_area("Research notes", key="new_org_notes", height=90)
        st.caption("Research checklist")
        cols = st.columns(2)  # two a row: the longest item is cut off in a quarter of the form at 1280x720
        for i, (key, label) in enumerate(organizations.CHECKLIST.items()):
            cols[i % 2].checkbox(label, key=f"new_org_{key}")
        st.form_submit_button("Add organization", type="primary", on_click=ui.callback(_add_org),
                              args=(forms.one_shot_token(form),))


# ---- the people list ---------------------------------------------------------------------------

def people_view() -> None:
    total_people = contacts.count(con, wb.id)
    orgs, referrers = pickers()
    # A stable key keeps the box open (or closed) as the person left it when the list changes.
    with st.expander("Add a person", icon=":material/person_add:", expanded=total_people == 0, key="add_person_box"):
        add_contact_form(orgs, referrers)
    show_flash("flash_new_contact")
    if total_people == 0:
        ui.empty_state("No one on your list yet. Add the professionals you want to learn from above, or "
                       "import your LinkedIn connections with “Import LinkedIn” at the top of this page.")
        return
    c1, c2, c3, c4, c5 = st.columns([3, 2, 2, 2, 2])
    text_filter = c1.text_input("Search", key="people_text", placeholder="Name, title, organization, email, notes")
    # "" and 0 mean "any": a None option would look like an empty, clearable box.
    stage = c2.selectbox("Stage", ["", *STAGE_LABELS], key="people_stage",
                         format_func=lambda k: STAGE_LABELS.get(k, "Any")) or None
    source = c3.selectbox("Source", ["", *SOURCE_LABELS], key="people_source",
                          format_func=lambda k: SOURCE_LABELS.get(k, "Any")) or None
    org = c4.selectbox("Organization", [0, *orgs], key="people_org",
                       format_func=lambda k: ui.masked_text(orgs.get(k, "Any"))) or None
    order_labels = {"name": "Name", "newest": "Newest first", "connected": "Connected on", "stage": "Stage"}
    order = c5.selectbox("Sort by", list(order_labels), format_func=order_labels.get, key="people_order")

    size = contacts.PAGE_SIZE
    filters = (text_filter, stage, source, org, order)
    if st.session_state.get("_people_filters") != filters:  # a new search starts on its first page
        st.session_state["_people_filters"] = filters
        st.session_state["people_page"] = 1
    page_no = max(1, int(st.session_state.get("people_page") or 1))
    frame, total = contacts.search(con, wb.id, text_filter=text_filter, stage=stage, source=source,
                                   organization_id=org, order=order, limit=size, offset=(page_no - 1) * size)
    pages = max(1, -(-total // size))
    if page_no > pages:
        page_no = st.session_state["people_page"] = 1
        frame, total = contacts.search(con, wb.id, text_filter=text_filter, stage=stage, source=source,
                                       organization_id=org, order=order, limit=size, offset=0)
    if total == 0:
        st.info("No one matches this search. Clear a filter or try fewer letters.", icon=":material/search_off:")
        return
    first = (page_no - 1) * size + 1
    st.caption(f"Showing {first:,}–{first + len(frame) - 1:,} of {wording.plural(total, 'person', 'people')} "
               f"({total_people:,} in the workbook).")
    people_table(frame, filters, page_no)
    # Ours instead of the table toolbar's (turned off in config): masked, and no cell runs as a formula.
    st.download_button("Download this page as CSV", ui.csv_bytes(frame.drop(columns=["id"], errors="ignore")),
                       file_name="people.csv", mime="text/csv", icon=":material/download:", key="people_csv",
                       on_click="ignore")
    if pages > 1:
        pager("people_page", pages)
    names = {int(r.id): ui.masked_name(r.full_name) + (f" ({ui.masked_text(r.organization)})" if r.organization else "") for r in frame.itertuples()}
    st.selectbox("Open a person on this page", list(names), format_func=names.get, index=None, key="people_open_pick",
                 placeholder="Choose someone to see everything about them",
                 on_change=ui.callback(_open_picked), args=("people_open_pick", open_contact))


def people_table(frame, filters, page_no) -> None:
    # Five columns fit 1280 px without scrolling; email, LinkedIn and dates are on the person's page.
    shown = frame[["id", "full_name", "organization", "title", "stage", "notes"]]
    config = {
        "id": None,
        "full_name": st.column_config.TextColumn("Name", width=150),
        "organization": st.column_config.TextColumn("Organization", width=160),
        "title": st.column_config.TextColumn("Title", width=160, max_chars=300),
        "stage": st.column_config.SelectboxColumn("Stage", options=list(STAGE_LABELS), format_func=STAGE_LABELS.get,
                                                  required=True, width=125),
        "notes": st.column_config.TextColumn("Notes", width=190),
    }
    if ui.share_mode():
        st.dataframe(ui.masked(shown), column_config=config, hide_index=True, key="people_table", placeholder="")
        st.caption("Inline editing is off in screen-share mode.")
        return
    version = st.session_state.get("people_editor_version", 0)
    key = f"people_editor_{version}_{abs(hash((filters, page_no))) % 10**8}"
    st.data_editor(shown, column_config=config, hide_index=True, key=key,
                   disabled=[c for c in shown.columns if c not in contacts.INLINE_FIELDS], placeholder="")
    edited = (st.session_state.get(key) or {}).get("edited_rows") or {}
    if not edited:  # what the table shows before any edit is what a save compares with (no lost edit)
        st.session_state["_people_opened"] = forms.opened_rows(frame, contacts.INLINE_FIELDS)
        st.caption("Tip: change a title, stage or note right in the table, then save.")
        return
    edits = {int(shown.iloc[int(pos)]["id"]): change for pos, change in edited.items()}
    left, right, _ = st.columns([2, 2, 6])
    if left.button(f"Save {wording.plural(len(edits), 'change')}", type="primary", key="people_save"):
        opened = st.session_state.get("_people_opened", {})
        if forms.run_write_versioned(lambda: contacts.apply_edits(con, wb.id, edits, opened=opened), "Changes saved",
                                  "people_table", opened):
            st.session_state["people_editor_version"] = version + 1
            st.rerun()
    if right.button("Discard changes", key="people_discard"):
        st.session_state["people_editor_version"] = version + 1
        st.session_state.pop("_conflict_people_table", None)
        st.rerun()
    forms.table_conflict("people_table", contacts.LABELS)


# ---- one person ---------------------------------------------------------------------------------

def contact_detail(contact_id: int) -> None:
    back_button()
    try:
        c = contacts.get(con, wb.id, contact_id)
    except NotFound as e:
        st.warning(str(e), icon=":material/person_off:")
        return
    st.subheader(ui.name(c["full_name"]))
    headline = " · ".join(ui.text(x) for x in (c["title"], c["organization"], vocab.label(STAGE_LABELS, c["stage"]),
                                               vocab.label(SOURCE_LABELS, c["source"])) if x)
    st.caption(headline)
    left, right = st.columns(2)
    with left:
        lines = [f"{label}: {ui.masked_text(str(value))}" for label, value in (
            ("LinkedIn", c["linkedin_url"]), ("Email", c["email"]), ("Phone", c["phone"]),
            ("Connected on", c["connected_on"] and wording.day(c["connected_on"]))) if value]
        if c["referred_by"]:
            lines.append(f"Referred by: {ui.masked_name(c['referred_by'])}")
        st.text("\n".join(lines) if lines else "No contact details yet.")
    with right:
        if c["organization_id"] is not None:
            st.button(ui.md("Open {org}", org=c["organization"]), icon=":material/apartment:", key="contact_open_org",
                      on_click=ui.callback(open_org), args=(c["organization_id"],))
        if c["referred_by_contact_id"] is not None:
            st.button(ui.md("Open {who}", who=ui.name(c["referred_by"])), icon=":material/person:", key="contact_open_referrer",
                      on_click=ui.callback(open_contact), args=(c["referred_by_contact_id"],))
        st.page_link(ui.PAGES["outreach"], label=ui.md("Write to {who} on Outreach", who=ui.name(c["full_name"])),
                     icon=":material/send:", query_params={"wb": str(wb.id), "contact": str(contact_id)})
    st.markdown("**Research notes**")
    # Names as initials in the notes too ("Referred by Helen Nguyen." is written there by a referral).
    ui.text_block(c["notes"] or "Nothing yet: what they do, their path, what only they can tell you.",
                  names=[c["full_name"], c["referred_by"]])
    if c["private_notes"]:
        st.markdown("**Private notes**")
        st.text(ui.private_text(c["private_notes"]))

    found = contacts.history(con, wb.id, contact_id)
    tabs = st.tabs([f"Meetings and reviews ({len(found['meetings'])})", f"Outreach ({len(found['outreach'])})",
                    f"Notes on questions ({len(found['answers'])})", f"Referred ({len(found['referred'])})",
                    "Edit", "Delete"])
    with tabs[0]:
        meetings_section(found["meetings"])
    with tabs[1]:
        if found["outreach"].empty:
            st.caption("No outreach recorded yet (step 3).")
        else:
            frame = found["outreach"].assign(
                channel=found["outreach"]["channel"].map(lambda k: vocab.label(vocab.CHANNELS, k)),
                outcome=found["outreach"]["outcome"].map(lambda k: vocab.label(vocab.OUTCOMES, k)))
            st.dataframe(ui.masked(frame), hide_index=True, column_config={
                "attempted_at": st.column_config.DatetimeColumn("When", format=wording.DATETIME_COLUMN_FORMAT),
                "channel": "Channel", "outcome": "Outcome",
                "follow_up_on": st.column_config.DateColumn("Follow up on", format=wording.DATE_COLUMN_FORMAT), "message": "Message"}, placeholder="")
    with tabs[2]:
        if found["answers"].empty:
            st.caption("No notes taken on planned questions yet (step 4).")
        else:
            st.dataframe(ui.masked(found["answers"]), hide_index=True, column_config={
                "met_on": "Met on", "question": "Question", "notes": "What they said"}, placeholder="")
    with tabs[3]:
        if found["referred"].empty:
            st.caption("Nobody recorded as introduced by this person yet.", help=ui.method_help("M25"))
        else:
            referred = found["referred"].assign(stage=found["referred"]["stage"].map(STAGE_LABELS.get))
            st.dataframe(ui.masked(referred), hide_index=True,
                         column_config={"id": None, "full_name": "Name", "organization": "Organization", "stage": "Stage"}, placeholder="")
    with tabs[4]:
        edit_contact_form(c)
    with tabs[5]:
        delete_contact(c)


def meetings_section(meetings) -> None:
    if meetings.empty:
        st.caption("No meetings yet: schedule one in step 3, review it in step 5.")
        return
    for m in meetings.itertuples():
        with st.container(border=True):
            st.markdown(f"**{wording.day_and_time(m.scheduled_at)}** · {vocab.label(vocab.MEETING_STATUSES, m.status)} · "
                        f"{vocab.label(vocab.FORMATS, m.format)} · {m.duration_minutes} min")
            for label, value in (("Where", m.location), ("Meeting notes", m.notes), ("What I learned", m.insights),
                                 ("Not found online", m.not_online), ("Advice", m.advice), ("Next steps", m.next_steps)):
                if isinstance(value, str) and value.strip():
                    st.caption(label)
                    ui.text_block(value)


# Edit form widget -> contact field it changes (the organization goes by name: typing a new one adds it).
CONTACT_FORM = {"edit_contact_name": "full_name", "edit_contact_title": "title", "edit_contact_org": "organization_id",
                "edit_contact_source": "source", "edit_contact_stage": "stage",
                "edit_contact_referrer": "referred_by_contact_id", "edit_contact_linkedin": "linkedin_url",
                "edit_contact_email": "email", "edit_contact_phone": "phone", "edit_contact_connected": "connected_on",
                "edit_contact_notes": "notes", "edit_contact_private": "private_notes"}


def _save_contact(contact_id: int, changes: dict, opened) -> None:
    fields = {CONTACT_FORM[k]: v for k, v in changes.items() if k != "edit_contact_org"}
    if "edit_contact_org" in changes:
        org = changes["edit_contact_org"]
        fields.update({"organization_name": org} if org else {"organization_id": None})
    contacts.update(ui.db(), wb.id, contact_id, opened=opened, **fields)


def edit_contact_form(c: dict) -> None:
    if ui.share_mode():
        st.info("Editing is off in screen-share mode, so private details stay hidden.", icon=":material/visibility_off:")
        return
    org_names = list(organizations.options(con, wb.id, include=c["organization_id"]).values())
    referrers = contacts.referrer_options(con, wb.id, include=c["referred_by_contact_id"])
    referrers.pop(c["id"], None)
    values = {"name": c["full_name"], "title": c["title"] or "", "org": c["organization"],
              "source": c["source"], "stage": c["stage"], "referrer": c["referred_by_contact_id"],
              "linkedin": c["linkedin_url"] or "", "email": c["email"] or "", "phone": c["phone"] or "",
              "connected": c["connected_on"], "notes": c["notes"] or "", "private": c["private_notes"] or ""}
    forms.edit_form("edit_contact", c["id"], c["version"], {f"edit_contact_{k}": v for k, v in values.items()}, c,
                 {k: contacts.LABELS[col] for k, col in CONTACT_FORM.items()}, CONTACT_FORM)
    save = functools.partial(_save_contact, c["id"])
    with st.form("edit_contact"):
        left, right = st.columns(2)
        left.text_input("Name", key="edit_contact_name")
        right.text_input("Title or role", key="edit_contact_title")
        left.selectbox("Organization", org_names, index=None, accept_new_options=True, key="edit_contact_org",
                       placeholder="None: pick one, or type a new name")
        right.selectbox("Stage", list(STAGE_LABELS), format_func=STAGE_LABELS.get, key="edit_contact_stage")
        left.selectbox("How you know of them", list(SOURCE_LABELS), format_func=SOURCE_LABELS.get, key="edit_contact_source")
        right.selectbox("Referred by", list(referrers), format_func=referrers.get, index=None, key="edit_contact_referrer",
                        placeholder="Nobody")
        left.text_input("LinkedIn URL", key="edit_contact_linkedin")
        right.text_input("Email", key="edit_contact_email")
        left.text_input("Phone", key="edit_contact_phone")
        right.date_input("Connected on", key="edit_contact_connected", format=wording.DATE_INPUT_FORMAT)
        st.text_area("Research notes", key="edit_contact_notes", height=120)
        st.text_area("Private notes", key="edit_contact_private", height=68, help="Hidden in screen-share mode.")
        st.form_submit_button("Save changes", type="primary", on_click=ui.callback(forms.save_edit),
                              args=("edit_contact", save))
    forms.edit_status("edit_contact", save)


def _delete(remove, row_id: int, done: str) -> None:
    """Callback of a confirmed delete (a person or an organization): the list shows `done` afterwards."""
    try:
        remove(ui.db(), wb.id, row_id)
    except (Invalid, NotFound) as e:
        st.session_state["flash_delete"] = ("error", str(e))
        return
    st.toast("Deleted", icon=":material/delete:")
    st.cache_data.clear()
    close_detail()
    st.session_state["flash_list"] = ("success", done)


def delete_contact(c: dict) -> None:
    if st.session_state.get("confirm_delete_contact") != c["id"]:
        st.caption("Deleting removes this person and everything recorded about them.")
        st.button("Delete this person…", icon=":material/delete:", key="contact_delete",
                  on_click=ui.callback(lambda: st.session_state.update(confirm_delete_contact=c["id"])))
        return
    deps = contacts.dependents(con, wb.id, c["id"])
    st.warning(
        f"Delete {ui.name(c['full_name'])}? This also deletes their {wording.plural(deps['outreach'], 'outreach attempt')}, "
        f"{wording.plural(deps['meetings'], 'meeting')} with their question plans, {wording.plural(deps['reviews'], 'review')}"
        f"{' and ' + wording.plural(deps['interactions'], 'logged contact') if deps['interactions'] else ''}. "
        f"{wording.plural(deps['referred'], 'person', 'people')} they referred stay on your list, without a referrer. This cannot be undone.",
        icon=":material/warning:",
    )
    left, right, _ = st.columns([2, 2, 6])
    left.button("Yes, delete", type="primary", key="contact_delete_confirm", on_click=ui.callback(_delete),
                args=(contacts.delete, c["id"], "The person and everything recorded about them were deleted."))
    right.button("Cancel", key="contact_delete_cancel", on_click=ui.callback(lambda: st.session_state.pop("confirm_delete_contact", None)))
    show_flash("flash_delete")


# ---- organizations -------------------------------------------------------------------------------

def orgs_view() -> None:
    total_orgs = organizations.count(con, wb.id)
    with st.expander("Add an organization", icon=":material/add_business:", expanded=total_orgs == 0, key="add_org_box"):
        add_org_form()
    show_flash("flash_new_org")
    if total_orgs == 0:
        ui.empty_state("No organizations yet. Add the places where you would like to work or learn about; "
                       "what you learn in meetings will be gathered here for each one.")
        return
    text_filter = st.text_input("Search organizations", key="orgs_text", placeholder="Name, industry, location, notes")
    size = organizations.PAGE_SIZE
    if st.session_state.get("_orgs_filter") != text_filter:
        st.session_state["_orgs_filter"] = text_filter
        st.session_state["orgs_page"] = 1
    page_no = max(1, int(st.session_state.get("orgs_page") or 1))
    frame, total = organizations.search(con, wb.id, text_filter=text_filter, limit=size, offset=(page_no - 1) * size)
    pages = max(1, -(-total // size))
    if page_no > pages:
        page_no = st.session_state["orgs_page"] = 1
        frame, total = organizations.search(con, wb.id, text_filter=text_filter, limit=size, offset=0)
    if total == 0:
        st.info("No organization matches this search.", icon=":material/search_off:")
        return
    first = (page_no - 1) * size + 1
    st.caption(f"Showing {first:,}–{first + len(frame) - 1:,} of {wording.plural(total, 'organization')}.")
    st.dataframe(ui.masked(frame), hide_index=True, key="orgs_table", column_config={
        "id": None, "name": st.column_config.TextColumn("Name", width="medium"), "industry": "Industry",
        "location": "Location", "people": st.column_config.NumberColumn("People", width="small"),
        "meetings": st.column_config.NumberColumn("Meetings held"),  # "small" cut the heading off
        "checklist_done": st.column_config.ProgressColumn("Research checklist", min_value=0,
                                                          max_value=len(organizations.CHECKLIST), format="%d of 4"),
        "why_interested": st.column_config.TextColumn("Why it interests you", width="large"),
    }, placeholder="")
    if pages > 1:
        pager("orgs_page", pages)
    names = dict(zip(frame["id"].astype(int), map(ui.masked_text, frame["name"])))
    st.selectbox("Open an organization on this page", list(names), format_func=names.get, index=None,
                 key="orgs_open_pick", placeholder="Choose one to see everything learned about it",
                 on_change=ui.callback(_open_picked), args=("orgs_open_pick", open_org))


def org_detail(org_id: int) -> None:
    back_button()
    try:
        o = organizations.get(con, wb.id, org_id)
        known = organizations.knowledge(con, wb.id, org_id)
    except NotFound as e:
        st.warning(str(e), icon=":material/domain_disabled:")
        return
    st.subheader(ui.text(o["name"]))
    st.caption(" · ".join(ui.text(x) for x in (o["industry"], o["location"], o["size"], o["website"]) if x)
               or "No details yet.")
    summary = known["summary"]
    cols = st.columns(5)
    cols[0].metric("People", summary["people"])
    cols[1].metric("Contacted", summary["contacted"])
    cols[2].metric("Meetings held", summary["meetings_done"])
    cols[3].metric("Meetings planned", summary["meetings_planned"])
    done = sum(o[k] for k in organizations.CHECKLIST)
    cols[4].metric("Research checklist", f"{done} of {len(organizations.CHECKLIST)}")
    if o["why_interested"]:
        st.markdown("**Why it interests you**")
        ui.text_block(o["why_interested"])
    st.markdown("**Research notes**")
    ui.text_block(o["notes"] or "Nothing yet: what they do, recent news, culture, roles that fit your goal.")
    st.caption("Checklist: " + " · ".join(("✓ " if o[k] else "○ ") + label for k, label in organizations.CHECKLIST.items()))

    tabs = st.tabs([f"What you learned here ({len(known['lessons'])})", f"People ({summary['people']})", "Edit", "Delete"])
    with tabs[0]:
        knowledge_section(known)
    with tabs[1]:
        people = organizations.people(con, wb.id, org_id)
        if summary["people"] > len(people):
            st.caption(f"The first {len(people):,} of {summary['people']:,}, people you met first. "
                       "Search the People tab for the others.")
        if people.empty:
            st.caption("Nobody from here on your list yet. Add someone on the People tab.")
        else:
            people = people.assign(stage=people["stage"].map(STAGE_LABELS.get), source=people["source"].map(SOURCE_LABELS.get))
            st.dataframe(ui.masked(people), hide_index=True, column_config={
                "id": None, "full_name": "Name", "title": "Title", "stage": "Stage", "source": "Source",
                "email": "Email", "phone": "Phone", "linkedin_url": "LinkedIn", "notes": "Notes"}, placeholder="")
            names = {int(i): ui.masked_name(n) for i, n in zip(people["id"], people["full_name"])}
            st.selectbox("Open a person", list(names), format_func=names.get, index=None, key="org_people_open_pick",
                         placeholder="Choose someone", on_change=ui.callback(_open_picked), args=("org_people_open_pick", open_contact))
    with tabs[2]:
        edit_org_form(o)
    with tabs[3]:
        delete_org(o, summary["people"])


def knowledge_section(known: dict) -> None:
    st.caption("Everything your meetings taught you about this organization, kept here so you can prepare "
               "a later job interview with them.", help=ui.method_help("M27"))
    lessons, answers, notes, people_notes = known["lessons"], known["answers"], known["meeting_notes"], known["people_notes"]
    if lessons.empty and answers.empty and notes.empty and people_notes.empty:
        st.info("Nothing learned here yet. After a meeting with someone from this organization, its review "
                "(step 5) appears here.", icon=":material/lightbulb:")
        return
    for row in lessons.itertuples():
        with st.container(border=True):
            stars = "" if pd.isna(row.usefulness) else f" · usefulness {int(row.usefulness)}/5"
            st.markdown(f"**Meeting on {wording.day(row.met_on)}**{stars}")
            st.caption(ui.md("With {who}", who=ui.name(row.person)))
            for label, value in (("What I learned", row.insights), ("Not found online", row.not_online),
                                 ("Advice", row.advice), ("Next steps", row.next_steps)):
                if isinstance(value, str) and value.strip():
                    st.caption(label)
                    ui.text_block(value)
    if not answers.empty:
        st.markdown("**Answers noted during meetings**")
        st.dataframe(ui.masked(answers), hide_index=True, column_config={
            "person": "Person", "met_on": "Met on", "question": "Question", "notes": "What they said"}, placeholder="")
    if not notes.empty:
        st.markdown("**Meeting notes**")
        st.dataframe(ui.masked(notes.assign(status=notes["status"].map(lambda k: vocab.label(vocab.MEETING_STATUSES, k)))),
                     hide_index=True, column_config={"person": "Person", "met_on": "Date", "status": "Status", "notes": "Notes"}, placeholder="")
    if not people_notes.empty:
        st.markdown("**Research notes on people there**")
        st.dataframe(ui.masked(people_notes), hide_index=True,
                     column_config={"person": "Person", "title": "Title", "notes": "Notes"}, placeholder="")


# Edit form widget -> organization field it changes.
ORG_FORM = {"edit_org_name": "name", "edit_org_industry": "industry", "edit_org_location": "location",
            "edit_org_website": "website", "edit_org_size": "size", "edit_org_why": "why_interested",
            "edit_org_notes": "notes", **{f"edit_org_{k}": k for k in organizations.CHECKLIST}}


def _save_org(org_id: int, changes: dict, opened) -> None:
    organizations.update(ui.db(), wb.id, org_id, opened=opened, **{ORG_FORM[k]: v for k, v in changes.items()})


def edit_org_form(o: dict) -> None:
    if not ui.editable():  # the form would show masked notes, and saving them would store the dots
        st.info("Editing is off in screen-share mode, so private details stay hidden.", icon=":material/visibility_off:")
        return
    prefill = {k: (bool(o[col]) if col in organizations.CHECKLIST else o[col] or "") for k, col in ORG_FORM.items()}
    forms.edit_form("edit_org", o["id"], o["version"], prefill, o,
                 {k: organizations.LABELS[col] for k, col in ORG_FORM.items()}, ORG_FORM)
    save = functools.partial(_save_org, o["id"])
    with st.form("edit_org"):
        left, right = st.columns(2)
        left.text_input("Name", key="edit_org_name")
        right.text_input("Industry", key="edit_org_industry")
        left.text_input("Location", key="edit_org_location")
        right.text_input("Website", key="edit_org_website")
        left.text_input("Size", key="edit_org_size")
        right.text_input("Why it interests you", key="edit_org_why")
        st.text_area("Research notes", key="edit_org_notes", height=140)
        st.caption("Research checklist")
        cols = st.columns(2)  # two a row: the longest item is cut off in a quarter of the form at 1280x720
        for i, (key, label) in enumerate(organizations.CHECKLIST.items()):
            cols[i % 2].checkbox(label, key=f"edit_org_{key}")
        st.form_submit_button("Save changes", type="primary", on_click=ui.callback(forms.save_edit),
                              args=("edit_org", save))
    forms.edit_status("edit_org", save)


def delete_org(o: dict, people: int) -> None:
    if st.session_state.get("confirm_delete_org") != o["id"]:
        st.button("Delete this organization…", icon=":material/delete:", key="org_delete",
                  on_click=ui.callback(lambda: st.session_state.update(confirm_delete_org=o["id"])))
        return
    st.warning(f"Delete {ui.text(o['name'])}? Its {wording.plural(people, 'person', 'people')} stay on your list, without an organization. "
               "This cannot be undone.", icon=":material/warning:")
    left, right, _ = st.columns([2, 2, 6])
    left.button("Yes, delete", type="primary", key="org_delete_confirm", on_click=ui.callback(_delete),
                args=(organizations.delete, o["id"], "The organization was deleted; its people stay on your list."))
    right.button("Cancel", key="org_delete_cancel", on_click=ui.callback(lambda: st.session_state.pop("confirm_delete_org", None)))
    show_flash("flash_delete")


# ---- LinkedIn import -----------------------------------------------------------------------------

def import_view() -> None:
    show_flash("flash_import")
    with st.expander("How to get the file from LinkedIn", icon=":material/help:"):
        st.markdown(
            "1. On LinkedIn open **Settings → Data privacy → Get a copy of your data**.\n"
            "2. Choose **Connections** (a small export, usually ready within minutes) and request it.\n"
            "3. Download the archive from the e-mail LinkedIn sends, then upload **Connections.csv** "
            "(or the whole ZIP archive) here.\n\n"
            "You see what would change before anything is saved. Importing the same file twice adds nobody twice."
        )
    version = st.session_state.get("linkedin_upload_version", 0)
    upload = st.file_uploader("LinkedIn export: Connections.csv or the ZIP archive", type=["csv", "zip"],
                              key=f"linkedin_file_{version}", max_upload_size=25)
    if upload is None:
        return
    cached = st.session_state.get("_linkedin_parsed")
    if cached is None or cached[0] != upload.file_id:
        try:
            cached = (upload.file_id, linkedin.read(upload.getvalue(), upload.name), None)
        except Invalid as e:
            cached = (upload.file_id, None, str(e))
        st.session_state["_linkedin_parsed"] = cached
    _, parsed, problem = cached
    if problem:
        st.error(ui.md("{problem} Nothing was imported.", problem=problem), icon=":material/error:")
        return
    stamp = (upload.file_id, wb.id, contacts.count(con, wb.id), organizations.count(con, wb.id))
    cached_plan = st.session_state.get("_linkedin_plan")
    if cached_plan is None or cached_plan[0] != stamp:  # 30,000 rows: compare once, not on every rerun
        cached_plan = (stamp, linkedin.preview(con, wb.id, parsed))
        st.session_state["_linkedin_plan"] = cached_plan
    plan = cached_plan[1]
    st.subheader("Preview")
    cols = st.columns(4)
    cols[0].metric("New people", f"{len(plan.new):,}")
    cols[1].metric("Already on your list", f"{len(plan.present):,}")
    cols[2].metric("Skipped", f"{len(plan.skipped):,}")
    cols[3].metric("New organizations", f"{len(plan.new_organizations):,}")
    remarks = []
    if not parsed.has_url_column:
        remarks.append("This export has no profile URL column (an older LinkedIn format): people are matched by name and company.")
    if parsed.undated:
        remarks.append(f"{wording.plural(parsed.undated, 'row')} {'has' if parsed.undated == 1 else 'have'} a “Connected On” date that could not be read; they are imported without a date.")
    if plan.fill_in:
        remarks.append(f"{len(plan.fill_in):,} of the people already on your list get their missing LinkedIn "
                       "address or connection date from the file; nothing else of theirs changes.")
    if parsed.dropped_emails:
        remarks.append(f"{wording.plural(parsed.dropped_emails, 'email value')} {'was' if parsed.dropped_emails == 1 else 'were'} not email addresses and are left out.")
    for remark in remarks:
        st.caption(remark)
    if not plan.new and not plan.fill_in:
        st.info("Everyone in this file is already on your list: there is nothing to import.", icon=":material/done_all:")
    elif st.button(f"Import {wording.plural(len(plan.new), 'person', 'people')}" if plan.new else f"Update {wording.plural(len(plan.fill_in), 'person', 'people')}", type="primary", icon=":material/download:", key="linkedin_import"):
        with st.status(f"Importing {wording.plural(len(plan.new), 'person', 'people')}…", expanded=True) as status:
            bar = st.progress(0.0, text="Starting…")
            try:
                result = linkedin.import_connections(con, wb.id, parsed, progress=lambda f, m: bar.progress(min(f, 1.0), text=m))
            except Invalid as e:
                status.update(label="Import failed: nothing was imported.", state="error")
                st.error(ui.text(str(e)))
                return
            status.update(label="Import finished", state="complete")
        st.cache_data.clear()
        st.session_state["flash_import"] = (
            "success",
            f"Imported {wording.plural(result.added, 'person', 'people')} and {wording.plural(result.organizations_added, 'organization')} from LinkedIn. "
            f"{result.already_present:,} were already on your list"
            + (f" ({result.filled_in:,} got a missing LinkedIn address or date)" if result.filled_in else "")
            + f"; {wording.plural(result.skipped, 'row')} {'was' if result.skipped == 1 else 'were'} skipped. "
            "Find them on the People tab (source: LinkedIn connection).",
        )
        st.session_state["linkedin_upload_version"] = version + 1
        st.session_state.pop("_linkedin_parsed", None)
        st.session_state.pop("_linkedin_plan", None)
        st.rerun()
    st.caption("What the file holds, row by row:")
    tabs = st.tabs([f"New ({len(plan.new):,})", f"Already on your list ({len(plan.present):,})",
                    f"Skipped ({len(plan.skipped):,})"])
    config = {"line": st.column_config.NumberColumn("Line", width=50), "full_name": st.column_config.TextColumn("Name", width=140),
              "organization": st.column_config.TextColumn("Organization", width=150),
              "title": st.column_config.TextColumn("Position", width=130),
              "linkedin_url": st.column_config.TextColumn("LinkedIn", width=120), "email": st.column_config.TextColumn("Email", width=90),
              "connected_on": st.column_config.DateColumn("Connected", format=wording.DATE_COLUMN_FORMAT, width=105)}
    with tabs[0]:
        _sample_note(len(plan.new))
        st.dataframe(ui.masked(plan.frame("new")), hide_index=True, column_config=config, key="linkedin_new", placeholder="")
    with tabs[1]:
        _sample_note(len(plan.present))
        st.dataframe(ui.masked(plan.frame("present")), hide_index=True, column_config=config, key="linkedin_present", placeholder="")
    with tabs[2]:
        st.dataframe(ui.masked(plan.skipped_frame()), hide_index=True, key="linkedin_skipped",
                     column_config={"line": "Line", "row": "Row", "reason": "Why it was skipped"}, placeholder="")


def _sample_note(count: int) -> None:
    if count > 100:
        st.caption(f"The first 100 of {count:,}.")


# ---- the page --------------------------------------------------------------------------------------

contact_id, org_id = _param(CONTACT_PARAM), _param(ORG_PARAM)
if contact_id is not None:
    contact_detail(contact_id)
elif org_id is not None:
    org_detail(org_id)
else:
    show_flash("flash_list")
    # The widget forgets its value while a detail view is shown; "Back to the list" returns to the same tab.
    if "research_view" not in st.session_state:
        st.session_state["research_view"] = st.session_state.get("_research_view", "people")
    view = st.segmented_control("Show", list(VIEWS), format_func=VIEWS.get, key="research_view",
                                required=True, label_visibility="collapsed")
    st.session_state["_research_view"] = view
    if view == "organizations":
        orgs_view()
    elif view == "import":
        import_view()
    else:
        people_view()
