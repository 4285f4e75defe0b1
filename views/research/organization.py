"""Research › one organization (?org=ID): its details, what meetings taught about it (M27), its people, edit, delete."""
from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from lib import organizations, vocab, wording
from lib.errors import NotFound
from views import forms, kit, layout, ui
from views.research import navigation

# Edit form widget -> organization field it changes.
ORG_FORM = {"edit_org_name": "name", "edit_org_industry": "industry", "edit_org_location": "location",
            "edit_org_website": "website", "edit_org_size": "size", "edit_org_why": "why_interested",
            "edit_org_notes": "notes", **{f"edit_org_{k}": k for k in organizations.CHECKLIST}}


def detail(ctx: kit.Context, org_id: int) -> None:
    navigation.back_button()
    try:
        o = organizations.get(ctx.cur, ctx.wb.id, org_id)
        known = organizations.knowledge(ctx.cur, ctx.wb.id, org_id)
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
    st.caption("Checklist: " + " · ".join(("✓ " if o[k] else "○ ") + label
                                           for k, label in organizations.CHECKLIST.items()))

    tabs = st.tabs([f"What you learned here ({len(known['lessons'])})", f"People ({summary['people']})",
                    "Edit", "Delete"])
    with tabs[0]:
        knowledge_section(known)
    with tabs[1]:
        people_section(ctx, org_id, summary["people"])
    with tabs[2]:
        edit_form(ctx, o)
    with tabs[3]:
        delete(ctx, o, summary["people"])


def people_section(ctx: kit.Context, org_id: int, count: int) -> None:
    people = organizations.people(ctx.cur, ctx.wb.id, org_id)
    if count > len(people):
        st.caption(f"The first {len(people):,} of {count:,}, people you met first. "
                   "Search the People tab for the others.")
    if people.empty:
        st.caption("Nobody from here on your list yet. Add someone on the People tab.")
        return
    people = people.assign(stage=people["stage"].map(vocab.STAGES.get), source=people["source"].map(vocab.SOURCES.get))
    st.dataframe(ui.masked(people), hide_index=True, column_config={
        "id": None, "full_name": "Name", "title": "Title", "stage": "Stage", "source": "Source",
        "email": "Email", "phone": "Phone", "linkedin_url": "LinkedIn", "notes": "Notes"}, placeholder="")
    names = {int(i): ui.masked_name(n) for i, n in zip(people["id"], people["full_name"])}
    st.selectbox("Open a person", list(names), format_func=names.get, index=None, key="org_people_open_pick",
                 placeholder="Choose someone", on_change=ui.callback(navigation.open_picked),
                 args=("org_people_open_pick", navigation.open_contact))


def knowledge_section(known: dict) -> None:
    st.caption("Everything your meetings taught you about this organization, kept here so you can prepare "
               "a later job interview with them.", help=layout.method_help("M27"))
    lessons, answers, notes = known["lessons"], known["answers"], known["meeting_notes"]
    people_notes = known["people_notes"]
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
        statuses = notes["status"].map(lambda k: vocab.label(vocab.MEETING_STATUSES, k))
        st.dataframe(ui.masked(notes.assign(status=statuses)), hide_index=True, placeholder="",
                     column_config={"person": "Person", "met_on": "Date", "status": "Status", "notes": "Notes"})
    if not people_notes.empty:
        st.markdown("**Research notes on people there**")
        st.dataframe(ui.masked(people_notes), hide_index=True,
                     column_config={"person": "Person", "title": "Title", "notes": "Notes"}, placeholder="")


def org_fields(prefix: str, *, notes_height: int, hints: bool = False) -> None:
    """An organization's fields inside a form (the add form: prefix "new_org", with `hints` in the empty boxes;
    the edit form: "edit_org"). Widget keys: `{prefix}_name`, … and `{prefix}_{item}` per checklist item."""
    hint = {"location": "City, region", "website": "example.com", "size": "e.g. 120 people"} if hints else {}
    left, right = st.columns(2)
    left.text_input("Name", key=f"{prefix}_name")
    right.text_input("Industry", key=f"{prefix}_industry")
    left.text_input("Location", key=f"{prefix}_location", placeholder=hint.get("location"))
    right.text_input("Website", key=f"{prefix}_website", placeholder=hint.get("website"))
    left.text_input("Size", key=f"{prefix}_size", placeholder=hint.get("size"))
    right.text_input("Why it interests you", key=f"{prefix}_why")
    st.text_area("Research notes", key=f"{prefix}_notes", height=notes_height)
    st.caption("Research checklist")
    cols = st.columns(2)  # two a row: the longest item is cut off in a quarter of the form at 1280x720
    for i, (key, label) in enumerate(organizations.CHECKLIST.items()):
        cols[i % 2].checkbox(label, key=f"{prefix}_{key}")


def _save(ctx: kit.Context, org_id: int, changes: dict, opened) -> None:
    organizations.update(ctx.cur, ctx.wb.id, org_id, opened=opened, **{ORG_FORM[k]: v for k, v in changes.items()})


def edit_form(ctx: kit.Context, o: dict) -> None:
    if ctx.share:  # the form would show masked notes, and saving them would store the dots
        st.info("Editing is off in screen-share mode, so private details stay hidden.", icon=":material/visibility_off:")
        return
    prefill = {k: (bool(o[col]) if col in organizations.CHECKLIST else o[col] or "") for k, col in ORG_FORM.items()}
    forms.edit_form("edit_org", o["id"], o["version"], prefill, o,
                    {k: organizations.LABELS[col] for k, col in ORG_FORM.items()}, ORG_FORM)
    save = functools.partial(_save, ctx, o["id"])
    with st.form("edit_org"):
        org_fields("edit_org", notes_height=140)
        st.form_submit_button("Save changes", type="primary", on_click=ui.callback(forms.save_edit),
                              args=("edit_org", save))
    forms.edit_status("edit_org", save)


def delete(ctx: kit.Context, o: dict, people: int) -> None:
    if st.session_state.get("confirm_delete_org") != o["id"]:
        st.button("Delete this organization…", icon=":material/delete:", key="org_delete",
                  on_click=ui.callback(lambda: st.session_state.update(confirm_delete_org=o["id"])))
        return
    st.warning(f"Delete {ui.text(o['name'])}? Its {wording.plural(people, 'person', 'people')} stay on your list, "
               "without an organization. This cannot be undone.", icon=":material/warning:")
    navigation.confirm_delete(ctx, navigation.ORG_PARAM, organizations.delete, o["id"],
                              "The organization was deleted; its people stay on your list.")
