"""Research › one person (?contact=ID): what is known about them, everything recorded across the steps, edit, delete."""
from __future__ import annotations

import functools

import streamlit as st

from lib import contacts, vocab, wording
from lib.errors import NotFound
from views import forms, kit, layout, registry, ui
from views.research import navigation, people

STAGE_LABELS, SOURCE_LABELS = vocab.STAGES, vocab.SOURCES

# Edit form widget -> contact field it changes (the organization goes by name: typing a new one adds it).
CONTACT_FORM = {"edit_contact_name": "full_name", "edit_contact_title": "title", "edit_contact_org": "organization_id",
                "edit_contact_source": "source", "edit_contact_stage": "stage",
                "edit_contact_referrer": "referred_by_contact_id", "edit_contact_linkedin": "linkedin_url",
                "edit_contact_email": "email", "edit_contact_phone": "phone", "edit_contact_connected": "connected_on",
                "edit_contact_notes": "notes", "edit_contact_private": "private_notes"}

TABS_KEY = "person_tabs"  # the tab open on a person's page


def detail(ctx: kit.Context, contact_id: int) -> None:
    navigation.back_button()
    try:
        c = contacts.get(ctx.cur, ctx.wb.id, contact_id)
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
        _links(ctx, c)
    st.markdown("**Research notes**")
    # Names as initials in the notes too ("Referred by Helen Nguyen." is written there by a referral).
    ui.text_block(c["notes"] or "Nothing yet: what they do, their path, what only they can tell you.",
                  names=[c["full_name"], c["referred_by"]])
    if c["private_notes"]:
        st.markdown("**Private notes**")
        st.text(ui.private_text(c["private_notes"]))
    _history(ctx, c)


def _links(ctx: kit.Context, c: dict) -> None:
    """To their organization, their referrer, and writing to them on Outreach."""
    if c["organization_id"] is not None:
        st.button(ui.md("Open {org}", org=c["organization"]), icon=":material/apartment:", key="contact_open_org",
                  on_click=ui.callback(navigation.open_org), args=(c["organization_id"],))
    if c["referred_by_contact_id"] is not None:
        st.button(ui.md("Open {who}", who=ui.name(c["referred_by"])), icon=":material/person:",
                  key="contact_open_referrer", on_click=ui.callback(navigation.open_contact),
                  args=(c["referred_by_contact_id"],))
    st.page_link(registry.PAGES["outreach"], label=ui.md("Write to {who} on Outreach", who=ui.name(c["full_name"])),
                 icon=":material/send:", query_params=ctx.link(contact=c["id"]))


def _history(ctx: kit.Context, c: dict) -> None:
    """Tabs: meetings and reviews, outreach, notes on questions, who they referred, edit, delete."""
    found = contacts.history(ctx.cur, ctx.wb.id, c["id"])
    tabs = st.tabs([f"Meetings and reviews ({len(found['meetings'])})", f"Outreach ({len(found['outreach'])})",
                    f"Notes on questions ({len(found['answers'])})", f"Referred ({len(found['referred'])})",
                    "Edit", "Delete"], key=TABS_KEY, on_change="rerun")
    # Lazy tabs: the lists only while open; the edit form (a dozen inputs, most of opening a person) and Delete from
    # their first opening on, so that what was typed stays when another tab is looked at.
    if tabs[0].open:
        with tabs[0]:
            meetings_section(found["meetings"])
    if tabs[1].open:
        with tabs[1]:
            _outreach_list(found)
    if tabs[2].open:
        with tabs[2]:
            _answers_list(found)
    if tabs[3].open:
        with tabs[3]:
            _referred_list(found)
    if layout.drawn_from_first_opening(tabs[4], f"{TABS_KEY}_edit"):
        with tabs[4]:
            edit_form(ctx, c)
    if layout.drawn_from_first_opening(tabs[5], f"{TABS_KEY}_delete"):
        with tabs[5]:
            delete(ctx, c)


def _outreach_list(found: dict) -> None:
    if found["outreach"].empty:
        st.caption("No outreach recorded yet (step 3).")
    else:
        frame = found["outreach"].assign(
            channel=found["outreach"]["channel"].map(lambda k: vocab.label(vocab.CHANNELS, k)),
            outcome=found["outreach"]["outcome"].map(lambda k: vocab.label(vocab.OUTCOMES, k)))
        st.dataframe(ui.masked(frame), hide_index=True, column_config={
            "attempted_at": st.column_config.DatetimeColumn("When", format=wording.DATETIME_COLUMN_FORMAT),
            "channel": "Channel", "outcome": "Outcome",
            "follow_up_on": st.column_config.DateColumn("Follow up on", format=wording.DATE_COLUMN_FORMAT),
            "message": "Message"}, placeholder="")


def _answers_list(found: dict) -> None:
    if found["answers"].empty:
        st.caption("No notes taken on planned questions yet (step 4).")
    else:
        st.dataframe(ui.masked(found["answers"]), hide_index=True, column_config={
            "met_on": "Met on", "question": "Question", "notes": "What they said"}, placeholder="")


def _referred_list(found: dict) -> None:
    if found["referred"].empty:
        st.caption("Nobody recorded as introduced by this person yet.", help=layout.method_help("M25"))
    else:
        referred = found["referred"].assign(stage=found["referred"]["stage"].map(STAGE_LABELS.get))
        st.dataframe(ui.masked(referred), hide_index=True, placeholder="", column_config={
            "id": None, "full_name": "Name", "organization": "Organization", "stage": "Stage"})


def meetings_section(meetings) -> None:
    if meetings.empty:
        st.caption("No meetings yet: schedule one in step 3, review it in step 5.")
        return
    for m in meetings.itertuples():
        with st.container(border=True):
            st.markdown(f"**{wording.day_and_time(m.scheduled_at)}** · {vocab.label(vocab.MEETING_STATUSES, m.status)}"
                        f" · {vocab.label(vocab.FORMATS, m.format)} · {m.duration_minutes} min")
            for label, value in (("Where", m.location), ("Meeting notes", m.notes), ("What I learned", m.insights),
                                 ("Not found online", m.not_online), ("Advice", m.advice), ("Next steps", m.next_steps)):
                if isinstance(value, str) and value.strip():
                    st.caption(label)
                    ui.text_block(value)


def _save(ctx: kit.Context, contact_id: int, changes: dict, opened) -> None:
    fields = {CONTACT_FORM[k]: v for k, v in changes.items() if k != "edit_contact_org"}
    if "edit_contact_org" in changes:
        org = changes["edit_contact_org"]
        fields.update({"organization_name": org} if org else {"organization_id": None})
    contacts.update(ctx.cur, ctx.wb.id, contact_id, opened=opened, **fields)


def edit_form(ctx: kit.Context, c: dict) -> None:
    if ctx.share:
        st.info("Editing is off in screen-share mode, so private details stay hidden.", icon=":material/visibility_off:")
        return
    # Short lists, kept until the workbook changes: every option is sent to the browser on each run (1,000
    # referrers and 2,000 organizations were most of the 90 KB of opening a person); a typed name finds any.
    org_names = list(people.org_options(ctx, people.ORG_OPTIONS, include=c["organization_id"]).values())
    referrers = dict(people.referrer_options(ctx, limit=people.REFERRER_OPTIONS, include=c["referred_by_contact_id"]))
    referrers.pop(c["id"], None)
    values = {"name": c["full_name"], "title": c["title"] or "", "org": c["organization"],
              "source": c["source"], "stage": c["stage"], "referrer": c["referred_by_contact_id"],
              "linkedin": c["linkedin_url"] or "", "email": c["email"] or "", "phone": c["phone"] or "",
              "connected": c["connected_on"], "notes": c["notes"] or "", "private": c["private_notes"] or ""}
    forms.edit_form("edit_contact", c["id"], c["version"], {f"edit_contact_{k}": v for k, v in values.items()}, c,
                    {k: contacts.LABELS[col] for k, col in CONTACT_FORM.items()}, CONTACT_FORM)
    save = functools.partial(_save, ctx, c["id"])
    with st.form("edit_contact"):
        left, right = st.columns(2)
        left.text_input("Name", key="edit_contact_name")
        right.text_input("Title or role", key="edit_contact_title")
        left.selectbox("Organization", org_names, index=None, accept_new_options=True, key="edit_contact_org",
                       placeholder="None: pick one, or type a new name")
        right.selectbox("Stage", list(STAGE_LABELS), format_func=STAGE_LABELS.get, key="edit_contact_stage")
        left.selectbox("How you know of them", list(SOURCE_LABELS), format_func=SOURCE_LABELS.get,
                       key="edit_contact_source")
        right.selectbox("Referred by", list(referrers), format_func=lambda k: referrers.get(k, k), index=None,
                        key="edit_contact_referrer", placeholder="Nobody (pick, or type a name)",
                        accept_new_options=True)
        left.text_input("LinkedIn URL", key="edit_contact_linkedin")
        right.text_input("Email", key="edit_contact_email")
        left.text_input("Phone", key="edit_contact_phone")
        right.date_input("Connected on", key="edit_contact_connected", format=wording.DATE_INPUT_FORMAT)
        st.text_area("Research notes", key="edit_contact_notes", height=120)
        st.text_area("Private notes", key="edit_contact_private", height=68, help="Hidden in screen-share mode.")
        st.form_submit_button("Save changes", type="primary", on_click=ui.callback(forms.save_edit),
                              args=("edit_contact", save))
    forms.edit_status("edit_contact", save)


def delete(ctx: kit.Context, c: dict) -> None:
    if st.session_state.get("confirm_delete_contact") != c["id"]:
        st.caption("Deleting removes this person and everything recorded about them.")
        st.button("Delete this person…", icon=":material/delete:", key="contact_delete",
                  on_click=ui.callback(lambda: st.session_state.update(confirm_delete_contact=c["id"])))
        return
    deps = contacts.dependents(ctx.cur, ctx.wb.id, c["id"])
    st.warning(
        f"Delete {ui.name(c['full_name'])}? This also deletes their "
        f"{wording.plural(deps['outreach'], 'outreach attempt')}, "
        f"{wording.plural(deps['meetings'], 'meeting')} with their question plans, "
        f"{wording.plural(deps['reviews'], 'review')}"
        f"{' and ' + wording.plural(deps['interactions'], 'logged contact') if deps['interactions'] else ''}. "
        f"{wording.plural(deps['referred'], 'person', 'people')} they referred stay on your list, without a referrer. "
        "This cannot be undone.",
        icon=":material/warning:",
    )
    navigation.confirm_delete(ctx, navigation.CONTACT_PARAM, contacts.delete, c["id"],
                              "The person and everything recorded about them were deleted.")
