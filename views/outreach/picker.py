"""Who the page is about: deep links (?contact=, ?meeting=, ?view=), the Person picker and the caption under it."""
from __future__ import annotations

import streamlit as st

from lib import contacts, meetings, outreach, vocab
from lib.errors import NotFound
from lib.wording import plural
from views import id_choice, kit, ui, whole
from views.outreach import reads, script

CONTACT_KEY = "outreach_contact"
KIND_KEY = "outreach_kind"
TABS_KEY = "outreach_tabs"
TABS = ["Write", "Attempts", "Follow-ups", "Meetings"]
VIEWS = {"write": "Write", "attempts": "Attempts", "follow-ups": "Follow-ups", "meetings": "Meetings"}  # ?view=
CONTACT_SHOWN = "_outreach_contact_shown"   # the Person picker's label as last drawn
URL_SEEN = "_outreach_url_contact"   # the ?contact= this page last opened or wrote
MEETING_PICK = "meeting_pick"
LAST_PICKED = "_outreach_last_picked"   # (workbook id, person id) last shown, for the next visit of the page
# A due reminder of this kind -> the script that answers it, opened when a link brings the person here.
SCRIPT_FOR_REMINDER = {"follow_up": "follow_up", "call_again": "phone", "move_on": "graceful_no"}


def person_gone(ctx: kit.Context, contact_id: int) -> bool:
    """In a callback of the Write tab: the person was deleted meanwhile (in another tab). Nothing is to be saved, and
    that is said at the top of the next run, where the picker moves on to someone else: said under the section,
    it read as about the next person (a hostile tester). Asked of the database, not the kept reads."""
    try:
        contacts.stage(ctx.cur, ctx.wb.id, contact_id)
    except NotFound:
        whole.say("warning", "Nothing was saved: the person you clicked for is no longer in this workbook (deleted "
                             "in another tab?). The page now shows someone else.", ":material/person_off:")
        return True
    return False


def pick(contact_id: int, kind: str | None = None) -> None:
    """Callback: open the writer on a person (and a script kind)."""
    st.session_state[CONTACT_KEY] = contact_id
    if kind:
        st.session_state[KIND_KEY] = kind
    st.session_state[TABS_KEY] = TABS[0]   # the script is where they will look next
    whole.say("toast", "The script is ready in the Write tab.", ":material/edit_note:")


def open_from_url(ctx: kit.Context) -> None:
    """A link's ?contact=, ?meeting= or ?view= opens that person, meeting or tab, once: afterwards the
    person's own clicks rule (?contact= then follows the picker, the others are consumed).

    ?contact= opens the person in the Write tab, with the script that answers their due reminder if any;
    ?meeting= opens the Meetings tab on that meeting (and its person); ?view= opens a tab."""
    contact, meeting = kit.url_int("contact"), kit.url_int("meeting")
    tab = None
    if meeting is not None:
        kit.take_url("meeting")
        try:
            contact = meetings.get(ctx.cur, ctx.wb.id, meeting)["contact_id"]
            st.session_state[MEETING_PICK] = meeting
            tab = "Meetings"
        except NotFound:
            st.warning("That meeting is not in this workbook any more.", icon=":material/event_busy:")
    if contact is not None and contact != st.session_state.get(URL_SEEN):
        st.session_state[URL_SEEN] = contact
        st.session_state[CONTACT_KEY] = contact
        st.session_state.pop("outreach_find", None)   # a search typed earlier must not pick someone else
        st.session_state["_outreach_last_find"] = ""
        if tab is None:
            tab = "Write"
            due = reads.follow_up_for(ctx, contact, today=ctx.today)
            if due and due["kind"] in SCRIPT_FOR_REMINDER:
                st.session_state[KIND_KEY] = SCRIPT_FOR_REMINDER[due["kind"]]
    if "view" in st.query_params:
        tab = VIEWS.get(kit.take_url("view"), tab)
    if tab is not None:
        st.session_state[TABS_KEY] = tab


# The picker's search over everyone in the workbook (~20 ms a run at 30,000 people): kept until a write.
_best_matches = kit.cached(outreach.search_contacts)


def _choices(ctx: kit.Context, left, find: str) -> dict[int, dict]:
    """The people the picker offers: the search's best matches, and the chosen person even when not among them."""
    matches = _best_matches(ctx, find, limit=50)
    labels = {m["id"]: m for m in matches}
    chosen = st.session_state.get(CONTACT_KEY)
    if find != st.session_state.get("_outreach_last_find", "") and matches and chosen not in labels:
        chosen = st.session_state[CONTACT_KEY] = matches[0]["id"]   # a new search picks its best match
    st.session_state["_outreach_last_find"] = find
    if chosen is not None and chosen not in labels:
        try:
            labels = {chosen: reads.contact(ctx, chosen), **labels}
        except Exception:  # noqa: BLE001 - gone from this workbook: forget it (an edit for them: drafts_left_behind)
            st.session_state.pop(CONTACT_KEY, None)
    total = reads.count_contacts(ctx)
    if labels and total > len(matches):
        left.caption(f"Showing {len(matches)} of {total:,} people: type to narrow the list.")
    return labels


def contact_picker(ctx: kit.Context) -> dict | None:
    """The Person picker (with its search box); the picked person, or None."""
    id_choice.label_back_to_id(CONTACT_KEY)  # Schedule moved the person's stage on: a burst's next click sent the old label
    id_choice.back_to_last_picked(ctx.wb.id, CONTACT_KEY, LAST_PICKED)
    script.drafts_left_behind(ctx)
    left, right = st.columns([1, 2])
    find = left.text_input("Find a person", key="outreach_find", placeholder="Name, title or organization")
    labels = _choices(ctx, left, find)
    if not labels:
        right.info("Nobody matches that search.", icon=":material/search_off:")
        return None

    name, text = ui.maskers()  # the mode read once: label() runs ~100 times a run

    def label(i: int) -> str:
        row = labels[i]
        org = f" · {text(row['org'])}" if row.get("org") else ""
        # The stage is said in the caption under the picker: a label that changes with every log, reply or booking
        # left quick clicks carrying a label the picker no longer held (a hostile tester).
        return f"{name(row['full_name'])}{org}"

    # The browser holds the choice by its label: when the person's label changes (renamed on Research), setting
    # the value again sends the new label, else the picker keeps showing the old name.
    kept = st.session_state.get(CONTACT_KEY)
    if kept in labels and st.session_state.get(CONTACT_SHOWN) not in (None, label(kept)):
        st.session_state[CONTACT_KEY] = kept
    elif kept not in labels:
        # set, not dropped: a dropped choice left the browser showing the person of the workbook open before a
        # switch while the page wrote to and logged for the first person of this one (a hostile tester)
        st.session_state[CONTACT_KEY] = next(iter(labels))
    picked = right.selectbox("Person", list(labels), format_func=label, key=CONTACT_KEY,
                             help="The 50 best matches of your search; people you have researched come first.")
    if picked is None:
        return None
    st.session_state[CONTACT_SHOWN] = label(picked)
    id_choice.remember(CONTACT_KEY, {i: label(i) for i in labels})
    st.query_params["contact"] = str(picked)  # a reload or a shared link reopens the same person
    st.session_state[LAST_PICKED] = (ctx.wb.id, picked)
    st.session_state[URL_SEEN] = picked
    return reads.contact(ctx, picked)


def shown(ctx: kit.Context) -> tuple:
    """What the Person picker shows: who is picked ("Write to …" on a reminder picks another) and their name and
    organization (renamed in another tab): when either changed, a part's own run gives way to the whole page's."""
    picked = st.session_state.get(CONTACT_KEY)
    person = reads.contact(ctx, picked) if isinstance(picked, int) else {}
    return picked, person.get("full_name"), person.get("org")


def person_caption(ctx: kit.Context, person: dict | None, due: int, where) -> None:
    """Facts about the picked person, then the whole workbook's due reminders, said as a total, as one element in
    `where` (the log section's own run draws it again after a log, a reply or a booking moved them)."""
    if person is not None:
        parts = [ui.name(person["full_name"]), ui.text(person["title"] or "no title recorded"),
                 ui.text(person["org"] or "no organization recorded"), vocab.label(vocab.STAGES, person["stage"])]
        if person["referred_by"]:
            parts.append(ui.md("introduced by {who}", who=ui.name(person["referred_by"])))
        theirs = reads.follow_up_for(ctx, person["id"], today=ctx.today)
        if theirs:
            late = outreach.when_due(theirs)
            parts.append(ui.md(":orange[:material/alarm: Reminder for {who}: {what} ({late})]",
                               who=ui.name(person["full_name"]),
                               what=outreach.FOLLOW_UP_KINDS[theirs["kind"]].lower(), late=late))
        elif due:
            parts.append("no reminder due for this person")   # the total below is the workbook's, not theirs
    lines = [" · ".join(parts)] if person is not None else []
    if due:
        lines.append(f":material/alarm: In the whole workbook: {plural(due, 'follow-up')} due, "
                     "listed in the Follow-ups tab.")
    if lines:
        where.caption("  \n".join(lines))  # one element: each costs the browser a few ms on every run
    else:
        where.empty()   # one element still: a part's own run may fill only what it filled in the page's run
