"""The thank-you note for a reviewed meeting: when it is due, its draft, and the day it was sent."""
from __future__ import annotations

import functools

import streamlit as st

from lib import thank_you, wording
from views import forms, kit, ui
from views.review import reads


def _status(ctx: kit.Context, m: dict, existing: dict) -> str:
    """Say when the note is due (or that it was sent, with a way to undo that); returns its state."""
    mid = m["id"]
    state = thank_you.status(m["scheduled_at"], m["duration_minutes"], existing["thank_you_sent_on"], ctx.now)
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
        st.button("Not sent after all", key=f"thank_you_undo_{mid}", help="Clears the sent date.",
                  on_click=ui.callback(forms.write),  # for the workbook it was drawn in, before the page is drawn
                  args=(functools.partial(thank_you.clear_sent, ctx.cur, ctx.wb.id, mid), "Sent date cleared"))
    return state


def _saver(ctx: kit.Context, mid: int):
    def save(changes: dict, opened) -> None:
        """Save the thank-you form: its note only when changed, its date as shown (lib writes what differs
        from `opened`)."""
        thank_you.mark_sent(ctx.cur, ctx.wb.id, mid, st.session_state.get(f"thank_you_sent_on_{mid}"),
                            changes.get(f"thank_you_note_{mid}"), opened=opened)
    return save


def thank_you_section(ctx: kit.Context, m: dict, existing: dict | None) -> None:
    mid = m["id"]
    st.subheader("Thank-you note")
    if existing is None:
        st.info("Save the review first: the note is drafted from what you learned.", icon=":material/lightbulb:")
        return
    state = _status(ctx, m, existing)
    if not ui.editable():  # the draft holds what was learned (and maybe an address): masked, read-only
        ui.read_only_note()
        ui.text_block(existing["thank_you_note"] or reads.thank_you_draft(ctx, mid))
        return
    # Never over another session's save: a note or date saved meanwhile is merged or shown (forms.edit_form).
    note_key, sent_key = f"thank_you_note_{mid}", f"thank_you_sent_on_{mid}"
    forms.edit_form(f"thank_you_form_{mid}", mid, existing.get("version") or 0,
                    {note_key: existing["thank_you_note"] or reads.thank_you_draft(ctx, mid),
                     sent_key: existing["thank_you_sent_on"] or ctx.today}, existing,
                    {note_key: "Your note", sent_key: "Sent on"},
                    {note_key: "thank_you_note", sent_key: "thank_you_sent_on"},
                    # a draft or a date not stored yet is saved by "Mark as sent" even when left as proposed
                    baseline={k: None for k, col in ((note_key, "thank_you_note"), (sent_key, "thank_you_sent_on"))
                              if existing[col] is None})
    save = _saver(ctx, mid)
    with st.form(f"thank_you_form_{mid}"):
        st.text_area("Your note (edit freely, then copy it into your email or message)", height=230, key=note_key)
        st.date_input("Sent on", max_value=ctx.today, key=sent_key, format=wording.DATE_INPUT_FORMAT)
        st.form_submit_button("Mark as sent" if state in ("due", "overdue") else "Update sent date",
                              on_click=ui.callback(forms.save_edit),
                              args=(f"thank_you_form_{mid}", save, "Thank-you marked as sent"))
    forms.edit_status(f"thank_you_form_{mid}", save, "Thank-you marked as sent")
