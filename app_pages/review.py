"""Step 5 · Review: what each meeting was worth, who it led to, thanks, keeping in touch, and the sum of it."""
from datetime import date, datetime

import functools

import pandas as pd
import streamlit as st

from lib import keep_in_touch, knowledge, referrals, reviews, thank_you, vocab
from views import forms, ui
from lib.text import md_escape
from lib.errors import Invalid, NotFound
from lib import wording

wb = ui.current_workbook()
con = ui.db()
ui.step_header(
    "Review", "Step 5",
    "After each conversation, write down what it taught you, add the people it led to, thank them, "
    "and decide how often to stay in touch.",
)

PAGE_SIZE = 10
md = md_escape  # person-typed text placed where Streamlit reads Markdown (labels, messages)


def meeting_label(m: dict) -> str:
    # Stable while the meeting is reviewed: the browser keeps a selectbox's choice by its label.
    who = m["full_name"] or "someone no longer in your contacts"
    org = f" ({ui.masked_text(m['organization'])})" if m["organization"] else ""
    state = "" if m.get("status", "done") == "done" else f" · {vocab.label(vocab.MEETING_STATUSES, m['status'])}"
    return f"{wording.day(m['scheduled_at'])} · {ui.masked_name(who)}{org}{state}"


# ---- which meeting ---------------------------------------------------------------------------

FIND_FROM = 30  # more meetings done than this: offer a search box above the list


def pick_meeting() -> int | None:
    find = None
    if reviews.done_count(con, wb.id) > FIND_FROM:
        find = st.text_input("Find a meeting", key="review_find", placeholder="Person or organization")
    done = reviews.done_meetings(con, wb.id, text=find)
    requested = st.query_params.get("meeting")  # links from Home: ?meeting=ID
    if requested is not None:
        del st.query_params["meeting"]
        try:
            requested_id = int(requested)
        except ValueError:
            requested_id = None
        if requested_id is not None and requested_id not in {m["id"] for m in done}:
            st.session_state["review_show_all"] = True
        if requested_id is not None:
            st.session_state["review_meeting"] = requested_id

    others = reviews.other_meetings(con, wb.id) if st.session_state.get("review_show_all") else []
    if not done and not others:
        if find:
            st.info("No meeting done matches that name. Try part of the person's or organization's name.",
                    icon=":material/search_off:")
            return None
        ui.empty_state(
            "No meeting has taken place yet. Once you mark a meeting done in Step 3, it appears here "
            "for its review.", "outreach", "Go to Outreach", query_params={"wb": str(wb.id), "view": "meetings"},
        )
        if reviews.other_meetings(con, wb.id):
            st.toggle("Show meetings not done yet", key="review_show_all")
        return None
    due = reviews.reminders(con, wb.id)
    waiting, late = due["unreviewed"], due["thank_you_overdue"]
    if waiting or late:
        parts = []
        if waiting:
            parts.append(f"{wording.plural(waiting, 'meeting')} took place without a review yet: "
                         "capture it while it is fresh, a few minutes is enough.")
        if late:
            parts.append(f"{wording.plural(late, 'thank-you note')} {'is' if late == 1 else 'are'} overdue (more than 24 hours "
                         "after the meeting).")
        st.warning(" ".join(parts), icon=":material/rate_review:")
    by_id = {m["id"]: m for m in done + others}
    selected = st.session_state.get("review_meeting")
    if isinstance(selected, str):  # a label sent back by the browser: find its meeting again
        selected = next((i for i, m in by_id.items() if meeting_label(m) == selected), None)
        st.session_state["review_meeting"] = selected
    if selected is not None and selected not in by_id and find:
        st.session_state.pop("review_meeting", None)  # a new search: its first match
    elif selected is not None and selected not in by_id:
        try:  # still selected but no longer done (changed elsewhere): keep it, so the page says why
            by_id[selected] = {**reviews.meeting(con, wb.id, selected), "reviewed": False}
        except NotFound:
            st.session_state.pop("review_meeting", None)
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    labels = {i: meeting_label(m) for i, m in by_id.items()}  # computed in the run: masking reads the session
    chosen = left.selectbox(
        "Meeting", list(by_id), format_func=labels.__getitem__, key="review_meeting",
        help="Meetings waiting for a review come first.",
    )
    right.toggle("Include not done", key="review_show_all", help="Planned, cancelled and no-show meetings cannot be reviewed; they are listed so you can see why.")
    if chosen in by_id and by_id[chosen].get("status", "done") == "done":
        st.caption("Reviewed: you can edit it below; earlier versions are kept." if by_id[chosen]["reviewed"]
                   else "Not reviewed yet.")
    return chosen


# ---- the review ------------------------------------------------------------------------------

TEXT_FIELDS = ("insights", "not_online", "advice", "resources", "next_steps", "plan_changes", "workplace_seen")
REVIEW_FIELDS = (*TEXT_FIELDS, "usefulness", "cadence")


def _save_review(mid: int, changes: dict, opened) -> bool:
    """Save the review with the fields the person changed (forms.save_edit: merged with changes made meanwhile)."""
    s = st.session_state
    typed = {f: s.get(f"review_{f}_{mid}") for f in REVIEW_FIELDS}
    only = {("keep_in_touch_days" if k.startswith("review_cadence_") else k.removeprefix("review_").rsplit("_", 1)[0])
            for k in changes}
    return reviews.save(con, wb.id, mid, insights=typed["insights"], not_online=typed["not_online"],
                        advice=typed["advice"], resources=typed["resources"], next_steps=typed["next_steps"],
                        plan_changes=typed["plan_changes"], workplace_seen=typed["workplace_seen"],
                        usefulness=typed["usefulness"], keep_in_touch_days=typed["cadence"], opened=opened, only=only)


def review_form(m: dict, existing: dict | None) -> None:
    mid = m["id"]
    old = existing or {}
    st.subheader("What you learned" if not existing else "What you learned (editing)")
    if not ui.editable():  # a form would show masked text and saving it would store the dots: read-only
        ui.read_only_note()
        for key, label in reviews.FIELDS.items():
            if old.get(key):
                st.caption(label)
                ui.text_block(old[key])
        return
    scores, cadences = list(vocab.USEFULNESS), list(vocab.KEEP_IN_TOUCH)
    current = m["keep_in_touch_days"]  # the person's cadence: Keep in touch may have changed it since the review
    prefill = {f"review_{f}_{mid}": old.get(f) or "" for f in TEXT_FIELDS}
    prefill[f"review_usefulness_{mid}"] = old["usefulness"] if old.get("usefulness") in scores else None
    prefill[f"review_cadence_{mid}"] = current if current in cadences else cadences[0]
    columns = {k: ("keep_in_touch_days" if "cadence" in k else k.removeprefix("review_").rsplit("_", 1)[0])
               for k in prefill}
    labels = {**reviews.FIELDS, "usefulness": "How useful was it?", "keep_in_touch_days": "Keep in touch"}
    forms.edit_form(f"review_form_{mid}", mid, (old.get("version") or 0) if existing else 0, prefill, old,
                 {k: labels[c] for k, c in columns.items()}, columns)
    save = functools.partial(_save_review, mid)
    with st.form(f"review_form_{mid}"):
        st.text_area(
            "Key insights", key=f"review_insights_{mid}", required=True,
            help="The main things you now understand about the role, the organization or the field.",
        )
        st.text_area(
            "What you could not have found online", key=f"review_not_online_{mid}",
            help="Local knowledge and this person's own experience: the reason the meeting was worth it.",
        )
        c1, c2 = st.columns(2)
        c1.text_area("Advice received", key=f"review_advice_{mid}")
        c2.text_area(
            "Resources mentioned", key=f"review_resources_{mid}",
            help="Courses, groups, events, reading, tools, other people's work.",
        )
        st.text_area("Next steps you commit to", key=f"review_next_steps_{mid}")
        st.text_area(
            "What this changes in my plan", key=f"review_plan_changes_{mid}",
            help=ui.method_help("M30", "M28", lead="Which roles or organizations now look like a better or worse fit, "
                                "and what you will do differently. Your goal review brings these together."),
        )
        if m["format"] == "workplace":
            st.text_area(
                "What I saw there", key=f"review_workplace_seen_{mid}",
                help=ui.method_help("M17", "M30", lead="The place itself: how people work together, the pace, the tools, the mood."),
            )
        st.radio(
            "How useful was it? (1 to 5)", scores, horizontal=True,
            help=" · ".join(vocab.USEFULNESS.values()), key=f"review_usefulness_{mid}",
        )
        st.selectbox(
            ui.md("Keep in touch with {who}", who=ui.name(m["full_name"] or "them")), cadences,
            format_func=lambda d: vocab.KEEP_IN_TOUCH[d], key=f"review_cadence_{mid}",
            help="You get a reminder when it is time; any contact with them resets the date.",
        )
        submitted = st.form_submit_button("Save review", type="primary")
    if submitted:
        saved = forms.save_edit(f"review_form_{mid}", save, "Review saved")
        if saved is not None:
            st.session_state["review_saved_message"] = (
                "Review saved." if existing is None else "Review updated; the earlier version is kept below."
            )
            st.rerun()
    forms.edit_status(f"review_form_{mid}", save, "Review saved")
    message = st.session_state.pop("review_saved_message", None)
    if message:
        st.success(message, icon=":material/check_circle:")


def live_notes(m: dict) -> None:
    st.subheader("Your notes from the meeting")
    st.caption(
        f"{wording.weekday(m['scheduled_at'])}, {m['scheduled_at']:%H:%M} · {vocab.label(vocab.FORMATS, m['format'])}"
        + (f" · {ui.text(m['title'])}" if m["title"] else "")
    )
    notes = reviews.question_notes(con, wb.id, m["id"])
    taken = [n for n in notes if n["notes"]]
    if not taken:
        st.info(
            "No notes were taken in live mode for this meeting. Next time, run the meeting from Step 4 "
            "and your notes per question will appear here.", icon=":material/lightbulb:",
        )
        return
    for n in taken:
        with st.container(border=True):
            st.text(f"{n['position']}. {ui.plain(n['question'])}")
            st.text(ui.private_text(n["notes"]))  # live notes: hidden entirely on a shared screen


def referral_section(m: dict) -> None:
    mid = m["id"]
    who = ui.masked_name(m["full_name"]) or "this person"
    st.subheader(ui.md("People {who} suggested you talk to", who=ui.name(who)))
    found = referrals.from_meeting(con, wb.id, mid)
    if found:
        frame = pd.DataFrame(found)[["full_name", "organization", "may_use_referrer_name"]]
        frame["organization"] = frame["organization"].fillna("")
        frame["may_use_referrer_name"] = frame["may_use_referrer_name"].map(
            lambda v: "Yes" if v is True else ("No" if v is False else "Not recorded"))
        frame = frame.rename(columns={
            "full_name": "Name", "organization": "Organization", "may_use_referrer_name": "May use name",
        })
        st.dataframe(ui.masked(frame), hide_index=True, width="stretch", placeholder="")
        st.caption("People added here join your contacts at stage Identified, ready for an introduction in Step 3.")
    else:
        st.caption("Asking “who else should I talk to?” is how one conversation becomes several.")
    referral_form = forms.one_shot(f"referral_form_{mid}")  # renewed after a save: a quick second click adds nobody
    with st.form(referral_form, clear_on_submit=True):
        c1, c2 = st.columns(2)
        name = c1.text_input("Name", key=f"referral_name_{mid}", required=True)
        organization = c2.text_input(
            "Organization", key=f"referral_org_{mid}",
            help="An organization already in your workbook is picked by its name; a new one is created.",
        )
        title = c1.text_input("Title or role", key=f"referral_title_{mid}")
        linkedin = c2.text_input("LinkedIn address", key=f"referral_linkedin_{mid}")
        email = c1.text_input("Email", key=f"referral_email_{mid}")
        phone = c2.text_input("Phone", key=f"referral_phone_{mid}")
        how = st.text_input(
            "How to reach them", key=f"referral_how_{mid}",
            placeholder="e.g. they will send an introduction email; call after 4 pm",
        )
        may_use = st.checkbox(ui.md("{who} said I may mention their name", who=ui.name(who)), key=f"referral_may_use_{mid}")
        submitted = st.form_submit_button("Add referral")
    if submitted:
        result = forms.run_once(
            f"referral_form_{mid}", referral_form,
            lambda token: referrals.add(
                con, wb.id, mid, full_name=name, organization=organization, title=title, email=email,
                phone=phone, linkedin_url=linkedin, how_to_reach=how, may_use_referrer_name=may_use, token=token,
            ),
            "Referral saved",
        )
        if result is not None:
            _, created = result
            st.session_state["referral_message"] = (
                f"{ui.masked_name(name.strip())} is now in your contacts, referred by {who}." if created
                else f"{ui.masked_name(name.strip())} was already in your workbook: linked to {who} instead of added twice."
            )
            st.rerun()
    message = st.session_state.pop("referral_message", None)
    if message:
        st.success(md(ui.masked_text(message)), icon=":material/person_add:")


def thank_you_section(m: dict, existing: dict | None) -> None:
    mid = m["id"]
    st.subheader("Thank-you note")
    if existing is None:
        st.info("Save the review first: the note is drafted from what you learned.", icon=":material/lightbulb:")
        return
    state = thank_you.status(m["scheduled_at"], m["duration_minutes"], existing["thank_you_sent_on"], datetime.now())
    due_by = thank_you.deadline(m["scheduled_at"], m["duration_minutes"])
    if state == "overdue":
        st.warning(f"Overdue: a thank-you is best sent within 24 hours (by {wording.day_and_time(due_by)}). "
                   "Late is still better than never.", icon=":material/schedule:")
    elif state == "due":
        st.info(f"Send it by {wording.day_and_time(due_by)}, naming one specific thing you learned.",
                icon=":material/schedule:")
    else:
        st.success(f"{thank_you.STATUS_LABELS[state]}: {wording.day(existing['thank_you_sent_on'])}.",
                   icon=":material/mark_email_read:")
        if st.button("Not sent after all", key=f"thank_you_undo_{mid}", help="Clears the sent date."):
            if forms.write(lambda: thank_you.clear_sent(con, wb.id, mid), "Sent date cleared"):
                st.rerun()
    if not ui.editable():  # the draft holds what was learned (and maybe an address): masked, read-only
        ui.read_only_note()
        ui.text_block(existing["thank_you_note"] or thank_you.draft(con, wb.id, mid))
        return
    # Never over another session's save: a note or date saved meanwhile is merged or shown (forms.edit_form).
    note_key, sent_key = f"thank_you_note_{mid}", f"thank_you_sent_on_{mid}"
    forms.edit_form(f"thank_you_form_{mid}", mid, existing.get("version") or 0,
                 {note_key: existing["thank_you_note"] or thank_you.draft(con, wb.id, mid),
                  sent_key: existing["thank_you_sent_on"] or date.today()}, existing,
                 {note_key: "Your note", sent_key: "Sent on"}, {note_key: "thank_you_note", sent_key: "thank_you_sent_on"},
                 # a draft or a date not stored yet is saved by "Mark as sent" even when left as proposed
                 baseline={k: None for k, col in ((note_key, "thank_you_note"), (sent_key, "thank_you_sent_on"))
                           if existing[col] is None})
    save = functools.partial(_mark_sent, mid)
    with st.form(f"thank_you_form_{mid}"):
        st.text_area("Your note (edit freely, then copy it into your email or message)", height=230, key=note_key)
        st.date_input("Sent on", max_value=date.today(), key=sent_key, format=wording.DATE_INPUT_FORMAT)
        st.form_submit_button("Mark as sent" if state in ("due", "overdue") else "Update sent date",
                              on_click=ui.callback(forms.save_edit),
                              args=(f"thank_you_form_{mid}", save, "Thank-you marked as sent"))
    forms.edit_status(f"thank_you_form_{mid}", save, "Thank-you marked as sent")


def _mark_sent(mid: int, changes: dict, opened) -> None:
    """Save the thank-you form: its note only when changed, its date as shown (lib writes what differs from `opened`)."""
    s = st.session_state
    thank_you.mark_sent(ui.db(), wb.id, mid, s.get(f"thank_you_sent_on_{mid}"),
                        changes.get(f"thank_you_note_{mid}"), opened=opened)


def history_section(m: dict) -> None:
    earlier = reviews.history(con, wb.id, m["id"])
    if not earlier:
        return
    with st.expander(f"Earlier versions of this review ({len(earlier)})"):
        for h in earlier:
            st.caption(f"Version saved {wording.day_and_time(h['saved_at'])}, replaced {wording.day_and_time(h['replaced_at'])}"
                       f" · usefulness {h['usefulness']}")
            ui.text_block(h["insights"])


def review_tab() -> None:
    chosen = pick_meeting()
    if chosen is None:
        return
    try:
        m = reviews.meeting(con, wb.id, chosen)
        reviews.check_done(m)
    except (Invalid, NotFound) as e:
        st.error(md(ui.masked_text(str(e))), icon=":material/event_busy:")
        return
    existing = reviews.get(con, wb.id, chosen)
    left, right = st.columns([3, 2], gap="large")
    with left:
        review_form(m, existing)
        history_section(m)
    with right:
        live_notes(m)
    st.divider()
    left, right = st.columns([3, 2], gap="large")
    with left:
        referral_section(m)
    with right:
        thank_you_section(m, existing)


# ---- keeping in touch ------------------------------------------------------------------------

def open_contact_link() -> None:
    """A link with ?contact=ID (Home, a person's page) opens Keep in touch with that person chosen, once."""
    requested = st.query_params.get("contact")
    if requested is None:
        return
    del st.query_params["contact"]
    st.session_state["review_tab"] = "Keep in touch"
    st.session_state["_touch_requested"] = int(requested) if requested.isdigit() else -1


def choose_linked_person(names: dict[int, str]) -> None:
    requested = st.session_state.pop("_touch_requested", None)
    if requested is None:
        return
    if requested in names:  # set before the pickers are drawn: both forms open on that person
        st.session_state["cadence_person"] = st.session_state["touch_person"] = requested
    else:
        st.info("You have not met the person in that link yet (or they are not in this workbook): plan keeping "
                "in touch once you have met them.", icon=":material/person_search:")


def touch_tab() -> None:
    st.subheader("Losing touch")
    today = date.today()
    due = keep_in_touch.losing_touch(con, wb.id, today, within_days=14)
    if due:
        frame = pd.DataFrame(due)
        frame["When"] = frame["days_overdue"].map(
            lambda d: f"{d} days overdue" if d > 0 else ("today" if d == 0 else f"in {-d} days"))
        frame["Every"] = frame["keep_in_touch_days"].map(lambda d: f"{d} days")
        frame = frame.rename(columns={"full_name": "Person", "organization": "Organization",
                                      "last_touch": "Last in touch", "next_touch_on": "Next touch"})
        st.dataframe(ui.masked(frame[["Person", "Organization", "Every", "Last in touch", "Next touch", "When"]]),
                     hide_index=True, width="stretch", placeholder="")
        st.caption("Overdue first, then anyone due in the next two weeks. A planned meeting counts as a touch.")
    else:
        st.success("Nobody is slipping away: every keep-in-touch date is more than two weeks off.",
                   icon=":material/handshake:")
    unplanned = keep_in_touch.met_without_cadence(con, wb.id)
    if unplanned:
        names = ", ".join(ui.masked_name(p["full_name"]) for p in unplanned[:8])
        more = f" and {len(unplanned) - 8} more" if len(unplanned) > 8 else ""
        st.info(f"You met {md(names)}{more} but have no plan to keep in touch yet. Choose a cadence below.",
                icon=":material/person_alert:")

    people = keep_in_touch.people_met(con, wb.id)
    if not people:
        choose_linked_person({})
        ui.empty_state("Once you have met someone, you can plan how often to stay in touch here.",
                       "outreach", "Go to Outreach", query_params={"wb": str(wb.id), "view": "meetings"})
        return
    names = {p["id"]: ui.masked_name(p["full_name"])
             + (f" ({ui.masked_text(p['organization'])})" if p["organization"] else "")
             for p in people}
    choose_linked_person(names)
    left, right = st.columns(2, gap="large")
    touch_form = forms.one_shot("touch_log_form")  # quick repeated clicks log once (lib/actions.py)
    with left, st.form(touch_form, clear_on_submit=True):
        st.markdown("**We talked**: log any contact; it resets their reminder.")
        who = st.selectbox("Person", list(names), format_func=lambda i: names[i],
                           key="touch_person", index=None, placeholder="Choose someone you met")
        kind = st.selectbox("What happened", list(vocab.INTERACTION_KINDS),
                            format_func=lambda k: vocab.INTERACTION_KINDS[k], key="touch_kind")
        on = st.date_input("When", value=today, max_value=today, key="touch_on", format=wording.DATE_INPUT_FORMAT)
        note = st.text_input("Note (optional)", key="touch_note")
        logged = st.form_submit_button("Log it")
    if logged:
        if who is None:
            st.error("Choose the person you were in touch with.", icon=":material/error:")
        elif forms.run_once("touch_log_form", touch_form, lambda token: keep_in_touch.log_interaction(
                con, wb.id, who, happened_on=on, kind=kind, note=note, token=token), "Logged"):
            nxt = keep_in_touch.schedule_of(con, wb.id, who)
            st.session_state["touch_message"] = (
                f"Logged. Next touch with {names[who]}: {wording.day(nxt['next_touch_on'])}." if nxt
                else f"Logged contact with {names[who]}."
            )
            st.rerun()
    message = st.session_state.pop("touch_message", None)
    if message:
        st.success(md(ui.masked_text(message)), icon=":material/check_circle:")
    with right:
        st.markdown("**How often**: a cadence per person.")
        # The person is chosen first, so the form opens with their cadence and its version (no lost edit).
        who2 = st.selectbox("Person", list(names), format_func=lambda i: names[i],
                            key="cadence_person", index=None, placeholder="Choose someone you met")
    if who2 is not None:
        person = next(p for p in people if p["id"] == who2)
        choices = list(vocab.KEEP_IN_TOUCH)
        current = person["keep_in_touch_days"] if person["keep_in_touch_days"] in choices else choices[0]
        forms.edit_form("cadence_form", who2, person["version"], {"cadence_days": current}, person,
                     {"cadence_days": "Keep in touch"}, {"cadence_days": "keep_in_touch_days"})
        save = functools.partial(_save_cadence, who2)
        with right, st.form("cadence_form"):
            st.selectbox("Keep in touch", choices, format_func=lambda d: vocab.KEEP_IN_TOUCH[d], key="cadence_days")
            st.form_submit_button("Save cadence", on_click=ui.callback(forms.save_edit),
                                  args=("cadence_form", save, "Cadence saved"))
        with right:
            forms.edit_status("cadence_form", save, "Cadence saved")
    recent = keep_in_touch.recent_interactions(con, wb.id)
    if recent:
        frame = pd.DataFrame(recent)
        frame["kind"] = frame["kind"].map(lambda k: vocab.label(vocab.INTERACTION_KINDS, k))
        frame = frame.rename(columns={"happened_on": "When", "full_name": "Person", "kind": "What",
                                      "note": "Note"})
        st.caption("Recently logged")
        st.dataframe(ui.masked(frame), hide_index=True, width="stretch", placeholder="")


def _save_cadence(contact_id: int, changes: dict, opened) -> None:
    keep_in_touch.set_cadence(ui.db(), wb.id, contact_id, changes["cadence_days"], opened=opened)


# ---- what was learned, together --------------------------------------------------------------

def knowledge_tab() -> None:
    choices = knowledge.filters(con, wb.id)
    if not choices["organizations"] and not knowledge.count(con, wb.id):
        ui.empty_state("Everything you learn in your reviews will be searchable here, by organization, "
                       "industry and role: handy before a job interview.")
        return
    c1, c2, c3, c4 = st.columns([3, 2, 2, 2])
    text = c1.text_input("Search what you learned", key="kn_text", placeholder="e.g. licence, modelling, mentor")
    orgs = choices["organizations"]
    org = c2.selectbox("Organization", list(orgs), format_func=lambda i: orgs[i], index=None,
                       placeholder="All organizations", key="kn_org")
    industry = c3.selectbox("Industry", choices["industries"], index=None, placeholder="All industries",
                            key="kn_industry")
    role = c4.text_input("Role", key="kn_role", placeholder="e.g. engineer")
    filters = (text, org, industry, role)
    if st.session_state.get("_kn_filters") != filters:  # a new search starts at its first page
        st.session_state["_kn_filters"] = filters
        st.session_state["kn_page"] = 1
    total = knowledge.count(con, wb.id, text=text, organization_id=org, industry=industry, role=role)
    pages = max(1, -(-total // PAGE_SIZE))
    page = 1
    if pages > 1:
        page = st.number_input(f"Page (of {pages})", min_value=1, max_value=pages, step=1, key="kn_page")
    found, _ = knowledge.search(con, wb.id, text=text, organization_id=org, industry=industry, role=role,
                                limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, with_total=False)
    st.caption(f"{wording.plural(total, 'review')} {'matches' if total == 1 else 'match'}." if total else "")
    if not total:
        st.info("Nothing matches. Try fewer words or clear a filter.", icon=":material/search_off:")
        return
    labels = {"insights": "Key insights", "not_online": "Not findable online", "advice": "Advice",
              "resources": "Resources", "next_steps": "Next steps", "question_notes": "Notes taken during the meeting"}
    for row in found.to_dict("records"):
        with st.container(border=True):
            where = " · ".join(str(v) for v in (row["organization"], row["industry"]) if isinstance(v, str))
            st.text(f"{wording.day(row['met_on'])} · {ui.masked_name(row['person'])}"
                    + ui.plain((f", {row['role']}" if isinstance(row["role"], str) else "") + (f" · {where}" if where else "")))
            for key, label in labels.items():
                value = row[key]
                if isinstance(value, str) and value.strip():
                    st.caption(label)
                    # Notes taken live are private on a shared screen, as in Step 4.
                    if key == "question_notes":
                        st.text(ui.private_text(value))
                    else:
                        ui.text_block(value)


# ---- value summary ---------------------------------------------------------------------------

def fit_summary() -> None:
    """M30: what the person brings and wants to test about fit, and what each conversation changed."""
    fit = knowledge.fit_review(con, wb.id)
    with st.expander("Fit and next steps", icon=":material/balance:", expanded=bool(fit["entries"])):
        for label, value in (("What you bring", fit["what_you_bring"]),
                             ("What you want to test about fit", fit["fit_to_test"])):
            st.caption(label)
            st.text(ui.masked_text(value) if value else "Not written yet: add it to your goal (Step 1).")
        st.caption(f"What your conversations changed ({len(fit['entries'])})", help=ui.method_help("M30", "M28"))
        for e in fit["entries"]:
            who = " · ".join(filter(None, [f"{wording.day(e['met_on'])}", ui.masked_name(e["person"]), e["organization"]]))
            lines = [f"Changes to the plan: {e['plan_changes']}" if e["plan_changes"] else "",
                     f"Seen at the workplace: {e['workplace_seen']}" if e["workplace_seen"] else ""]
            st.text(who + "\n" + "\n".join(ui.masked_text(x) for x in lines if x))

def summary_tab() -> None:
    s = knowledge.value_summary(con, wb.id)
    if not s["interviews_done"]:
        ui.empty_state("The value summary fills in after your first meeting: interviews done, referrals received "
                       "per interview, insights recorded and progress toward your goal.", "goals", "Check your goal")
        return
    target = s["target_interviews"]
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Interviews done", f"{s['interviews_done']}" + (f" of {target}" if target else ""), border=True)
    c2.metric("Referrals received", s["referrals"], border=True,
              help="People the people you met suggested you talk to.")
    c3.metric("Network multiplier", f"{s['multiplier']:.1f}×", border=True,
              help="Referrals received divided by interviews done. Above 1, each conversation opens more than one door.")
    c4.metric("Insights recorded", s["insights_recorded"], border=True,
              help="Insights, things not findable online, advice and resources written in your reviews.")
    if s["goal_progress"] is not None:
        days = s["days_left"]
        when = "" if days is None else (f", {wording.plural(days, 'day')} left" if days >= 0 else f", target date passed {wording.plural(-days, 'day')} ago")
        st.progress(s["goal_progress"], text=f"Goal: {s['interviews_done']} of {target} interviews{when}")
    else:
        st.caption("Set a target number of interviews in Step 1 to see your progress here.")
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Reviews written", f"{s['reviewed']} of {s['interviews_done']}")
    c2.metric("Average usefulness", f"{s['average_usefulness']:.1f} / 5" if s["average_usefulness"] else "–")
    c3.metric("Referrals you then met", s["referrals_met"])
    c4.metric("Keeping in touch with", s["keeping_in_touch"])
    fit_summary()
    st.caption("For a coaching session: which conversations were most useful, which led to others, "
               "and what to adjust in the plan.")
    st.dataframe(
        ui.masked(knowledge.per_interview(con, wb.id).drop(columns=["Reviewed"])), hide_index=True, width="stretch",
        column_config={
            "Met on": st.column_config.DateColumn(format=wording.DATE_COLUMN_FORMAT),
            "Thank-you sent": st.column_config.DateColumn(format=wording.DATE_COLUMN_FORMAT),
            "Usefulness": st.column_config.NumberColumn(width="small"),
            "Referrals": st.column_config.NumberColumn(width="small"),
        },
        placeholder="",
    )


open_contact_link()
TABS = {"Review a meeting": review_tab, "Keep in touch": touch_tab, "What you learned": knowledge_tab,
        "Value summary": summary_tab}
# Lazy tabs: only the open one runs, so a large workbook pays for one tab's queries per click.
for tab, draw in zip(st.tabs(list(TABS), key="review_tab", on_change="rerun"), TABS.values()):
    if tab.open:
        with tab:
            draw()
