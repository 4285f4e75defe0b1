"""Booking a meeting with a person: the schedule form (after their yes on the Write tab, or on the Meetings tab)."""
from __future__ import annotations

import streamlit as st

from lib import meetings, vocab, wording
from views import forms, kit, layout, ui
from views.outreach import reads

SCHEDULED_FLASH = "_outreach_scheduled"   # (meeting id, warnings) of a meeting booked on the Meetings tab


def schedule_form(ctx: kit.Context, person: dict, prefix: str = "meeting", expanded: bool = True) -> None:
    with st.expander(ui.md("Schedule a meeting with {who}", who=ui.name(person["full_name"])), expanded=expanded,
                     icon=":material/event:"):
        answer = reads.last_reply(ctx, person["id"])
        if answer and answer["outcome"] == "replied_yes":
            st.success(f"They said yes on {wording.weekday(answer['replied_at'])}. Offer a time that suits them, at "
                       "their workplace if they can.", icon=":material/thumb_up:")
        elif answer:
            st.caption("Their last answer was no: schedule only if they have since agreed.")
        form_key = forms.one_shot(f"schedule_{prefix}")  # quick repeated clicks schedule once
        values = _fields(form_key, prefix)
        if values is not None:
            _book(ctx, person, prefix, form_key, values)


def _fields(form_key: str, prefix: str) -> tuple | None:
    """The form; its values (day, time, minutes, format, place, note) once submitted, else None."""
    default_day, default_time = meetings.default_slot()
    with st.form(form_key, border=False):
        a, b, c = st.columns(3)
        day = a.date_input("Date", value=default_day, key=f"{prefix}_date", format=wording.DATE_INPUT_FORMAT)
        at = b.time_input("Time", value=default_time, key=f"{prefix}_time")
        minutes = c.number_input("Minutes", min_value=5, max_value=meetings.MAX_MINUTES, value=meetings.DEFAULT_MINUTES,
                                 step=5, key=f"{prefix}_minutes",
                                 help=layout.method_help("M15", "M21", lead="15 is the default; more than 20 gets a warning."))
        d, e = st.columns([1, 2])
        fmt = d.selectbox("Where", list(vocab.FORMATS), format_func=vocab.FORMATS.get, key=f"{prefix}_format",
                          help=layout.method_help("M16", "M17", lead="Their workplace is best; else a café nearby, else video."))
        place = e.text_input("Place or link", key=f"{prefix}_place", placeholder="Address, room, or video link")
        note = st.text_input("Note", key=f"{prefix}_note", placeholder="e.g. Bring the printed questions")
        submitted = st.form_submit_button("Schedule", type="primary", icon=":material/event_available:")
    return (day, at, minutes, fmt, place, note) if submitted else None


def _book(ctx: kit.Context, person: dict, prefix: str, form_key: str, values: tuple) -> None:
    day, at, minutes, fmt, place, note = values
    saved = forms.run_once(
        f"schedule_{prefix}", form_key,
        lambda token: meetings.schedule(ctx.cur, ctx.wb.id, person["id"], day=day, at=at, duration_minutes=minutes,
                                        format=fmt, location=place, notes=note, token=token),
        ui.md("Meeting with {who} scheduled", who=ui.name(person["full_name"])),
        values=(person["id"], *values),
    )
    if saved and prefix == "meeting":
        # the list above was drawn before this save: run again so it lists and opens the new meeting
        st.session_state[SCHEDULED_FLASH] = (saved.id, list(saved.warnings))
        st.rerun()
    if saved:
        st.success("Scheduled. Download the calendar file below and prepare your questions (Step 4).",
                   icon=":material/event_available:")
        for warning in saved.warnings:
            st.warning(ui.text(warning), icon=":material/warning:")
