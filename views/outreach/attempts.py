"""Attempts: the log form under the script, the reply prompt (a yes brings the meeting form up), the attempt log."""
from __future__ import annotations

from datetime import date

import streamlit as st

from lib import outreach, scripts, vocab, wording
from lib.errors import Invalid
from lib.wording import plural
from views import forms, kit, part, ui, whole
from views.outreach import due, picker, reads, schedule
from views.outreach import script as script_box

PAGE_SIZE = 20
LOGGED_ADVICE = "_outreach_logged_advice"   # advice on the attempt just logged, shown under the renewed form


def _log(ctx: kit.Context, person: dict, template: scripts.Template, draft: script_box.Draft, log_form: str,
         seen: int | None) -> None:
    """Callback of "Log this attempt": saved before the page is drawn, so the run that follows draws the renewed form
    (a click on the old one would be ignored) and the reply prompt reads the new attempt. `seen`: the person's
    newest attempt as the form was drawn (another logged since, in another tab: refused)."""
    s = st.session_state
    if picker.person_gone(ctx, person["id"]):
        return
    if ui.editable():
        subject = s.get(draft.subject_key) if draft.subject is not None else None
        body = s.get(draft.text_key, draft.body)
    else:  # the boxes hold masked text: log what the script really says
        subject, body = draft.script.subject, draft.script.body
    outcome, when = s.get("attempt_outcome"), s.get("attempt_date") or ctx.today

    def log(token: str) -> outreach.Logged:
        with due.about_one_person(ctx, person["id"]):
            return outreach.log_attempt(ctx.cur, ctx.wb.id, person["id"], channel=template.channel, outcome=outcome,
                                        message=f"{subject}\n\n{body}" if subject else body, attempted_at=when,
                                        token=token, seen=seen)

    logged = forms.run_once(
        "log_attempt", log_form, log,
        "Attempt logged", values=(person["id"], template.channel, outcome, when, subject, body), where="log_attempt",
    )
    if not logged:
        return
    if when != ctx.today:  # the next attempt is most likely today's: a day typed for this one is not kept for it
        s["attempt_date"] = ctx.today
    if logged.advice:
        s[LOGGED_ADVICE] = logged.advice
    back_dated = logged.follow_up_on is not None and logged.follow_up_on <= ctx.today
    due_now = outreach.follow_up_for(ctx.cur, ctx.wb.id, person["id"], today=ctx.today) if back_dated else None
    if logged.later_attempt:  # entered late: the reminders stay with the latest attempt
        forms.flash("log_attempt", "success", "Logged as an earlier attempt. Reminders run from your latest one, of "
                                              f"{wording.weekday(logged.later_attempt)}, and stay as they were.")
    elif due_now:  # logged with an earlier date: the reminder due now, as the caption says, not a day already past
        kind = outreach.FOLLOW_UP_KINDS[due_now["kind"]].lower()
        forms.flash("log_attempt", "success", f"Logged. A reminder is due already: {kind} ({outreach.when_due(due_now)}).")
    elif logged.follow_up_on:
        forms.flash("log_attempt", "success", f"Logged. Next reminder on {wording.weekday(logged.follow_up_on)}: "
                                              f"{outreach.FOLLOW_UP_KINDS[logged.follow_up_kind].lower()}.")
    else:
        forms.flash("log_attempt", "success", "Logged. No reminder needed: they answered.")


def log_and_reply(ctx: kit.Context, person: dict, template: scripts.Template, draft: script_box.Draft, caption,
                  outside: part.Outside) -> None:
    """Log the message sent, then ask whether they replied: a part of its own inside the tabs' part, so a log, a
    reply or a booking redraws this section and the person's caption (`caption`, above the tabs), not the script
    above it (issue 17, large workbook: reply yes 3.3 -> 2.7x the bare page, schedule 2.9 -> 2.2x). `outside`:
    what the page draws from data these writes change; when it moved, the whole page runs."""
    st.subheader("Log it and record their answer")
    _log_and_reply(ctx, person["id"], template, draft, caption, outside=outside)


@part.part
def _log_and_reply(ctx: kit.Context, person_id: int, template: scripts.Template, draft: script_box.Draft,
                   caption) -> None:
    person = reads.contact(ctx, person_id)  # read again: a save moves their stage
    # The caption above the tabs says the stage and the reminders these writes move. Drawn here on every run, so
    # Streamlit keeps this part a place in it (a part may fill a box outside it only if it did in the page's run).
    picker.person_caption(ctx, person, due.total(ctx, ctx.today), caption)
    reply_buttons(ctx, person)
    log_form = forms.one_shot("log_attempt", ("attempt_date", "attempt_outcome"))  # quick repeated clicks log once
    with st.form(log_form, border=True):
        # One row, one block: columns were four, each a message and a box the browser draws (issue 17).
        row = st.container(horizontal=True, vertical_alignment="bottom")
        # Bounds wider than lib's (1970 to today): the browser kept a day outside the widget's own as the last good
        # one, and the attempt was logged as today without a word (hostile testers); lib refuses it with a message.
        row.date_input("Date", value=ctx.today, min_value=date(1900, 1, 1), max_value=date(2999, 12, 31),
                       key="attempt_date", format=wording.DATE_INPUT_FORMAT, width=170)
        # Every outcome, whatever the channel: a form's pick is the browser's until submitted, so options that
        # followed the channel showed a pick they no longer held (a hostile tester). lib refuses a call's on an email.
        row.selectbox("What happened", list(vocab.OUTCOMES), format_func=vocab.OUTCOMES.get, key="attempt_outcome",
                      width=320)
        row.form_submit_button("Log this attempt", type="primary", icon=":material/send:",
                               on_click=ui.callback(_log),
                               args=(ctx, person, template, draft, log_form, reads.newest_attempt_id(ctx, person_id)))
    # the Voicemail channel shows the same advice above, as it stands now: not twice (a hostile tester)
    whole.show_once(LOGGED_ADVICE, lambda advice: None if draft.script.kind == "voicemail"
                    else st.warning(ui.text(advice), icon=":material/voicemail:"))
    forms.feedback("log_attempt")  # "Logged." and the next reminder (kept on screen by extra clicks), or a refusal


def _reply(ctx: kit.Context, contact_id: int, attempt_id: int, outcome: str) -> None:
    """Callback: save their answer to the attempt the page showed (a yes brings the meeting form up on the next
    run). A page left open while another tab logged a newer attempt (or recorded the answer) is refused: the answer
    landed on the older attempt, without a word (a hostile tester)."""
    if picker.person_gone(ctx, contact_id):
        return

    def reply() -> None:
        waiting = outreach.latest_open_attempt(ctx.cur, ctx.wb.id, contact_id)
        if waiting is None or waiting["id"] != attempt_id:
            raise Invalid("This person's attempts or answers changed meanwhile (in another tab?): nothing was saved. "
                           "The page now shows where things stand with them.")
        with due.about_one_person(ctx, contact_id):  # the attempt is theirs: checked just above
            outreach.record_reply(ctx.cur, ctx.wb.id, attempt_id, outcome)

    forms.write(reply, "Reply saved; reminders cancelled", where="reply")


def reply_buttons(ctx: kit.Context, person: dict) -> None:
    """After a yes, the meeting form; while the latest attempt waits, "They said yes / no"."""
    forms.feedback("reply")
    schedule.booked_after_yes()
    answer = reads.last_reply(ctx, person["id"])
    if answer and answer["outcome"] == "replied_yes":
        latest = reads.latest_meeting(ctx, person["id"])
        if latest is None or latest["created_at"] < answer["replied_at"]:
            schedule.schedule_form(ctx, person, prefix="yes", answering=answer["id"])   # book it while the yes is fresh
    waiting = reads.latest_open_attempt(ctx, person["id"])
    if not waiting:
        return
    with st.container(border=True):
        st.markdown(
            f"Waiting for an answer to your {wording.in_sentence(vocab.label(vocab.CHANNELS, waiting['channel']))} "
            f"of {wording.weekday(waiting['attempted_at'])}. Did they reply?"
        )
        row = st.container(horizontal=True)  # one block: columns were four
        row.button("They said yes", key="reply_yes", icon=":material/thumb_up:",
                   on_click=ui.callback(_reply), args=(ctx, person["id"], waiting["id"], "replied_yes"))
        row.button("They said no", key="reply_no", icon=":material/thumb_down:",
                   on_click=ui.callback(_reply), args=(ctx, person["id"], waiting["id"], "replied_no"))


def attempts_tab(ctx: kit.Context, person: dict | None) -> None:
    """Every attempt logged, newest first, a page at a time; or only the picked person's."""
    only = st.toggle(ui.md("Only {who}", who=ui.name(person["full_name"])) if person else "Only this person",
                     key="log_only", disabled=person is None)
    contact_id = person["id"] if (only and person) else None
    total = outreach.count_attempts(ctx.cur, ctx.wb.id, contact_id)
    if not total:
        st.info("No attempts logged yet. Write a message in the Write tab, send it, then log it.",
                icon=":material/lightbulb:")
        return
    table = st.container()
    page = kit.pager("log_page", total, PAGE_SIZE)   # the page links under the table
    frame = outreach.attempts(ctx.cur, ctx.wb.id, contact_id=contact_id, limit=PAGE_SIZE, offset=page.offset,
                              today=ctx.today)
    table.dataframe(ui.masked(frame), hide_index=True, key="attempt_log",
                    column_config={"When": st.column_config.DatetimeColumn(format=wording.DATETIME_COLUMN_FORMAT,
                                                                           width=140),
                                   "Person": st.column_config.TextColumn(width=125),
                                   "Channel": st.column_config.TextColumn(width=100),
                                   "Outcome": st.column_config.TextColumn(width=105),
                                   "Next reminder": st.column_config.TextColumn(width=140),
                                   "Message": st.column_config.TextColumn(width=190)}, placeholder="")
    st.caption(f"{plural(total, 'attempt')} in all, newest first. Hover a message to read it whole.")
