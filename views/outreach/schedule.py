"""Booking a meeting with a person: the schedule form (after their yes on the Write tab, or on the Meetings tab)."""
from __future__ import annotations

import streamlit as st

from lib import meetings, vocab, wording
from views import forms, kit, layout, ui
from views.outreach import due, picker, reads

SCHEDULED_FLASH = "_outreach_scheduled"   # (meeting id, warnings) of a meeting booked on the Meetings tab


def schedule_form(ctx: kit.Context, person: dict, prefix: str = "meeting", expanded: bool = True,
                  answering: int | None = None) -> None:
    """The form; `answering`: the attempt whose yes it books (after a yes: refused if their answer moved on or a
    meeting was booked since, in another tab)."""
    with st.expander(ui.md("Schedule a meeting with {who}", who=ui.name(person["full_name"])), expanded=expanded,
                     icon=":material/event:"):
        answer = reads.last_reply(ctx, person["id"])
        if answer and answer["outcome"] == "replied_yes":
            st.success(f"They said yes on {wording.weekday(answer['replied_at'])}. Offer a time that suits them, at "
                       "their workplace if they can.", icon=":material/thumb_up:")
        elif answer:
            st.caption("Their last answer was no: schedule only if they have since agreed.")
        form_key = forms.one_shot(f"schedule_{prefix}", tuple(f"{prefix}_{f}" for f in _FIELDS))  # schedules once
        _fields(ctx, person, form_key, prefix, answering)
        if prefix == "meeting":
            forms.feedback(_where(prefix))  # a refusal; after a yes it shows where the form was (booked_after_yes)


def _where(prefix: str) -> str:
    return f"schedule_{prefix}"


def _fields(ctx: kit.Context, person: dict, form_key: str, prefix: str, answering: int | None) -> None:
    """The form (date, time, minutes, format, place, note); its Schedule books in a callback (_book)."""
    default_day, default_time = meetings.default_slot()
    with st.form(form_key, border=False):
        # Rows, not columns: one block a row where columns were four and three (each a message, issue 17).
        when = st.container(horizontal=True)
        when.date_input("Date", value=default_day, key=f"{prefix}_date", format=wording.DATE_INPUT_FORMAT)
        when.time_input("Time", value=default_time, key=f"{prefix}_time")
        when.number_input("Minutes", min_value=5, max_value=meetings.MAX_MINUTES, value=meetings.DEFAULT_MINUTES,
                          step=5, key=f"{prefix}_minutes",
                          help=layout.method_help("M15", "M21", lead="15 is the default; more than 20 gets a warning."))
        where = st.container(horizontal=True)
        where.selectbox("Where", list(vocab.FORMATS), format_func=vocab.FORMATS.get, key=f"{prefix}_format", width=260,
                        help=layout.method_help("M16", "M17", lead="Their workplace is best; else a café nearby, else video."))
        where.text_input("Place or link", key=f"{prefix}_place", placeholder="Address, room, or video link")
        st.text_input("Note", key=f"{prefix}_note", placeholder="e.g. Bring the printed questions")
        st.form_submit_button("Schedule", type="primary", icon=":material/event_available:",
                              on_click=ui.callback(_book), args=(ctx, person, prefix, form_key, answering))


_FIELDS = ("date", "time", "minutes", "format", "place", "note")
_YES_WARNINGS = "_outreach_yes_booked_warnings"


def _book(ctx: kit.Context, person: dict, prefix: str, form_key: str, answering: int | None) -> None:
    """Callback of Schedule: booked before the page is drawn, so the run that follows shows the person scheduled
    (the caption, the Meetings tab) and no form still offering to book it (it ran after the caption before)."""
    s = st.session_state
    if picker.person_gone(ctx, person["id"]):
        return
    values = tuple(s.get(f"{prefix}_{f}") for f in _FIELDS)
    saved = forms.run_once(
        f"schedule_{prefix}", form_key,
        lambda token: _schedule(ctx, person["id"], token, answering, values),
        ui.md("Meeting with {who} scheduled", who=ui.name(person["full_name"])),
        values=(person["id"], *values), where=_where(prefix),
    )
    if not saved:
        return
    if prefix == "meeting":
        s[SCHEDULED_FLASH] = (saved.id, list(saved.warnings))  # the Meetings tab lists and opens the new meeting
    else:
        forms.flash(_where(prefix), "success", "Scheduled. Its calendar file is in the Meetings tab; prepare your "
                                               "questions in Step 4.")
        s[_YES_WARNINGS] = list(saved.warnings)


def _schedule(ctx: kit.Context, person_id: int, token: str, answering: int | None, values: tuple) -> meetings.Saved:
    day, at, minutes, fmt, place, note = values
    with due.about_one_person(ctx, person_id):
        return meetings.schedule(ctx.cur, ctx.wb.id, person_id, day=day, at=at, duration_minutes=minutes, format=fmt,
                                 location=place, notes=note, token=token, answering=answering)


def booked_after_yes() -> None:
    """Where the form after a yes was: that it was booked (or why not), and any warning about the meeting, shown
    with the confirmation each time it is (an extra click that keeps the confirmation keeps the warnings too)."""
    kept = forms.pending(_where("yes"))
    forms.feedback(_where("yes"))
    if kept and kept[0] == "success":
        for warning in st.session_state.get(_YES_WARNINGS, []):
            st.warning(ui.text(warning), icon=":material/warning:")
