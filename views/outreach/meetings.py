"""The Meetings tab: the coming meetings, the one to manage (kept on the picked person's), past and cancelled
meetings with a way back from a mistaken status, and booking a new meeting."""
from __future__ import annotations

import functools

import streamlit as st

from lib import meetings, vocab, wording
from lib.errors import NotFound
from lib.wording import plural
from views import extra_clicks, forms, id_choice, kit, layout, ui, whole
from views.outreach import meeting_box, reads, schedule
from views.outreach.picker import MEETING_PICK

PAGE_SIZE = 20
PICK_PERSON = "meeting_pick_person"   # the person the meeting picker last followed
PAST_BOX, PAST_PAGE, UNDO_PICK = "past_meetings_box", "past_page", "meeting_undo_pick"
# A meeting just marked done, no-show or cancelled here: the one "Set back to planned" offers first (it offered the
# last meeting picked there, and a hostile tester set another person's meeting back to planned by trusting it).
_UNDO_FIRST = "_meeting_undo_first"
_REOPEN = "meeting_reopen"


def meetings_tab(ctx: kit.Context, person: dict | None) -> None:
    st.subheader("Your meetings")
    forms.feedback("meetings")
    upcoming = meetings.listing(ctx.cur, ctx.wb.id, upcoming=True, limit=PAGE_SIZE)
    past_open = meetings.to_close(ctx.cur, ctx.wb.id)
    if not upcoming and not past_open:
        st.info("No meeting planned yet. When someone says yes, book it under Book a new meeting below.",
                icon=":material/lightbulb:")
    elif upcoming:
        st.dataframe(ui.masked(meetings.as_frame(upcoming)), hide_index=True, key="upcoming_meetings",
                     column_order=("When", "Person", "Organization", "Minutes", "Format", "Place or link"),
                     column_config={"When": st.column_config.DatetimeColumn(format=wording.DATETIME_COLUMN_FORMAT,
                                                                            width=140),
                                    "Minutes": st.column_config.NumberColumn(width="small")}, placeholder="")
        more = meetings.count(ctx.cur, ctx.wb.id, upcoming=True) - len(upcoming)
        if more > 0:
            st.caption(f"And {more} more later.")
    _manage(ctx, person, upcoming, past_open)
    _past(ctx)
    if person is not None:
        st.divider()
        st.subheader("Book a new meeting")
        schedule.schedule_form(ctx, person, expanded=reads.latest_meeting(ctx, person["id"]) is None)


def _manage(ctx: kit.Context, person: dict | None, upcoming: list[dict], past_open: list[dict]) -> None:
    """The meeting to manage: the one just booked, a link's, or the picked person's; its box below."""
    choices = {m["id"]: m for m in upcoming + past_open}
    id_choice.label_back_to_id(MEETING_PICK)  # a burst on Cancel sent the cancelled meeting's label
    with whole.hold():  # taken and set together (a newer click stopping the run between lost it)
        booked, booked_warnings = st.session_state.pop(schedule.SCHEDULED_FLASH, (None, []))
        if booked in choices:
            st.session_state[MEETING_PICK] = booked   # the meeting just booked is the one to manage
    _linked_meeting(ctx, choices)
    _follow_the_person(choices, person)
    if past_open:
        st.warning(f"{plural(len(past_open), 'planned meeting has', 'planned meetings have')} passed: "
                   f"mark {'it' if len(past_open) == 1 else 'each'} done or no-show below.", icon=":material/event_busy:")
    if not choices:
        return
    labels = {i: ("Passed · " if m in past_open else "")
              + meetings.label({**m, "full_name": ui.masked_name(m["full_name"]), "org": ui.masked_text(m["org"])})
              for i, m in choices.items()}
    id_choice.remember(MEETING_PICK, labels)  # a cancelled meeting's label, sent back by a burst, finds its id
    picked = st.selectbox("Meeting to manage", list(choices), key=MEETING_PICK, format_func=labels.__getitem__)
    if booked == picked:
        st.success("Scheduled. Download the calendar file below and prepare your questions (Step 4).",
                   icon=":material/event_available:")
        for warning in booked_warnings:
            st.warning(ui.text(warning), icon=":material/warning:")
    meeting_box.manage_meeting(ctx, choices[picked], passed=choices[picked] in past_open)


def _linked_meeting(ctx: kit.Context, choices: dict[int, dict]) -> None:
    """A meeting a link asked for that is not in the lists below: add it if still planned, else say where it is."""
    wanted = st.session_state.get(MEETING_PICK)
    if wanted is None or wanted in choices:
        return
    try:
        found = meetings.get(ctx.cur, ctx.wb.id, wanted)
    except NotFound:
        found = None
    if found is not None and found["status"] == "planned":
        choices[wanted] = found
        return
    # set, not dropped: a dropped value leaves the closed meeting shown in the picker above another one's box
    if choices:
        st.session_state[MEETING_PICK] = next(iter(choices))
    else:
        st.session_state.pop(MEETING_PICK, None)
    if found is not None:
        st.session_state[_UNDO_FIRST] = wanted
        kit.reset_pager(PAST_PAGE)  # the latest first: it is on the first page
        st.info(ui.md("The meeting with {who} is marked {status}: to change that, open Past and cancelled meetings "
                      "below.", who=ui.name(found["full_name"]),
                      status=vocab.label(vocab.MEETING_STATUSES, found["status"]).lower()), icon=":material/history:")


def _follow_the_person(choices: dict[int, dict], person: dict | None) -> None:
    """When another person is chosen above, the meeting picker turns to their meeting (if they have one), so
    the box below never shows someone else's meeting under their name; a pick of theirs is kept."""
    if person is None or st.session_state.get(PICK_PERSON) == person["id"]:
        return
    st.session_state[PICK_PERSON] = person["id"]
    current = choices.get(st.session_state.get(MEETING_PICK))
    if current is not None and current["contact_id"] == person["id"]:
        return
    theirs = next((mid for mid, m in choices.items() if m["contact_id"] == person["id"]), None)
    if theirs is not None:
        st.session_state[MEETING_PICK] = theirs


def _past(ctx: kit.Context) -> None:
    """Past and cancelled meetings, a page at a time, in an expander."""
    past_count = meetings.count(ctx.cur, ctx.wb.id, upcoming=False)
    if not past_count:
        return
    # Its count in the label changes with a status set, and Streamlit then draws a new box, closed under the
    # person's next click (a hostile tester): the new one opens as the last was left. Drawn only while open.
    box = layout.folded(f"Past and cancelled meetings ({past_count:,})", key=PAST_BOX, icon=":material/history:",
                        expanded=bool(st.session_state.get(PAST_BOX)))
    if box is None:
        return
    with box:
        table = st.container()
        page = kit.pager(PAST_PAGE, past_count, PAGE_SIZE)   # the page links under the table
        past = meetings.listing(ctx.cur, ctx.wb.id, upcoming=False, limit=PAGE_SIZE, offset=page.offset)
        table.dataframe(ui.masked(meetings.as_frame(past)), hide_index=True, key="past_meetings",
                        column_order=("When", "Person", "Minutes", "Format", "Status"),
                        column_config={"When": st.column_config.DatetimeColumn(format=wording.DATETIME_COLUMN_FORMAT)},
                        placeholder="")
        undo_status(ctx, past)


def undo_status(ctx: kit.Context, past: list[dict]) -> None:
    """Set a meeting marked done, no-show or cancelled by mistake back to planned (history keeps both)."""
    forms.feedback("meeting_undo")
    closed = {m["id"]: m for m in past if m["status"] != "planned"}
    if not closed:
        return
    first = st.session_state.pop(_UNDO_FIRST, None)
    if first in closed:
        st.session_state[UNDO_PICK] = first
    a, b = st.columns([3, 1], vertical_alignment="bottom")
    picked = a.selectbox("Status set by mistake?", list(closed), key=UNDO_PICK,
                         format_func=lambda i: f"{vocab.label(vocab.MEETING_STATUSES, closed[i]['status'])} · "
                         + meetings.label({**closed[i], "full_name": ui.masked_name(closed[i]["full_name"]),
                                           "org": ui.masked_text(closed[i]["org"])}))
    # Keyed by the meeting: a click sent before the page showed the last one's result is about the meeting its
    # button was drawn for, never the next one listed.
    b.button("Set back to planned", key=f"{_REOPEN}_{picked}", icon=":material/undo:", on_click=ui.callback(_reopen),
             args=(ctx, picked, closed[picked]["full_name"]))


def _reopen(ctx: kit.Context, meeting_id: int, who: str) -> None:
    """Set `meeting_id` back to planned. A double click's second half is not a second act (hostile testers saw it
    reopen a meeting cancelled on purpose): sent early, it finds its meeting planned already and does nothing; landed
    on the button drawn again for the next meeting listed, it is said, and the next click is served."""
    try:
        if meetings.get(ctx.cur, ctx.wb.id, meeting_id)["status"] == "planned":
            return
    except NotFound:
        pass  # said by the write below
    if extra_clicks.lands_on_next(_REOPEN, meeting_id):
        forms.flash("meeting_undo", "info", ui.md("The meeting with {who} is not set back: the click came right after "
                                                  "the last one. Click again to set it back too.",
                                                  who=ui.name(who)))
        return
    reopen = functools.partial(meetings.reopen, ctx.cur, ctx.wb.id, meeting_id)
    forms.write(reopen, "Set back to planned; the history keeps both steps", where="meeting_undo")
