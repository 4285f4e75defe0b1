"""One meeting's box: its calendar file, done or no-show, the questions link, reschedule, cancel, history."""
from __future__ import annotations

import functools
from urllib.parse import urlsplit

import streamlit as st

from lib import calendar_export, meetings, wording
from lib.wording import plural
from views import forms, kit, registry, session, ui, whole


def _base_url() -> str | None:
    try:
        parts = urlsplit(st.context.url or "")
    except Exception:  # noqa: BLE001 - no request context (tests): no link
        return None
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def _ics(ctx: kit.Context, meeting_id: int, base_url: str | None, full_name: str):
    """The calendar file, built only when the button is clicked (on its own thread, so its own cursor).
    On a shared screen it is built now, masked like the printed sheet: the mode is read in this run."""
    if session.share_mode():
        return calendar_export.meeting_ics(ctx.cur, ctx.wb.id, meeting_id, base_url=base_url,
                                           mask=lambda d: ui.masked_data(d, names=[full_name]))

    def build() -> bytes:
        cur = ctx.cur.cursor()
        try:
            return calendar_export.meeting_ics(cur, ctx.wb.id, meeting_id, base_url=base_url)
        finally:
            cur.close()
    return build


def manage_meeting(ctx: kit.Context, m: dict, passed: bool = False) -> None:
    """Every control of one meeting, in one bordered box headed by the person's name and the time."""
    with st.container(border=True, key=f"meeting_box_{m['id']}"):
        org = ui.md(" · {org}", org=m["org"]) if m.get("org") else ""
        when = f"{wording.weekday(m['scheduled_at'])}, {m['scheduled_at']:%H:%M}"
        st.markdown(ui.md("#### Meeting with {who}", who=ui.name(m["full_name"])))
        st.caption(f"{when}{org} · {plural(m['duration_minutes'] or 0, 'minute')}"
                   + (" · :orange[passed: did it happen?]" if passed else ""))
        _meeting_controls(ctx, m)


def _cancel(ctx: kit.Context, mid: int) -> None:
    """Callback of Cancel the meeting: for the workbook the box was drawn in, before the page is drawn."""
    why = st.session_state.get(f"cancel_reason_{mid}")
    forms.write(lambda: meetings.cancel(ctx.cur, ctx.wb.id, mid, why), "Meeting cancelled")


def _meeting_controls(ctx: kit.Context, m: dict) -> None:
    mid = m["id"]
    cols = st.columns(4)
    cols[0].download_button(
        "Calendar file (.ics)", _ics(ctx, mid, _base_url(), m["full_name"]),
        file_name=calendar_export.file_name({**m, "full_name": ui.masked_name(m["full_name"])}), mime="text/calendar",
        key=f"ics_{mid}", icon=":material/download:",
        on_click="ignore",
    )
    if meetings.can_close(m):  # done or no-show only once it has started (the rule is in lib)
        done = functools.partial(meetings.mark_done, ctx.cur, ctx.wb.id, mid)
        no_show = functools.partial(meetings.set_status, ctx.cur, ctx.wb.id, mid, "no_show")
        cols[1].button("Mark done", key=f"meeting_done_{mid}", icon=":material/task_alt:",
                       on_click=ui.callback(forms.write), kwargs={"where": "meetings"},
                       args=(done, "Marked done: write your review in Step 5"))
        cols[2].button("No-show", key=f"meeting_noshow_{mid}", on_click=ui.callback(forms.write),
                       args=(no_show, "Marked as no-show"), kwargs={"where": "meetings"})
    else:
        cols[1].caption("Mark it done or a no-show once it has started.")
    st.page_link(registry.PAGES["questions"], label="Prepare the questions (Step 4)", icon=":material/checklist:",
                 query_params=ctx.link(meeting=mid))
    left, right = st.columns(2)
    _reschedule_form(ctx, mid, left)
    with right.form(f"cancel_{mid}"):
        st.markdown("**Cancel**")
        st.text_input("Reason (optional)", key=f"cancel_reason_{mid}")
        st.form_submit_button("Cancel the meeting", on_click=ui.callback(_cancel), args=(ctx, mid))
    _history(ctx, mid)


def _reschedule(ctx: kit.Context, mid: int, changes: dict, opened) -> None:
    """Move a meeting to the date and time in its form (only when they changed: meetings.reschedule with `opened`)."""
    s = st.session_state
    saved = meetings.reschedule(ctx.cur, ctx.wb.id, mid, day=s.get(f"resched_date_{mid}"),
                                at=s.get(f"resched_time_{mid}"), reason=s.get(f"resched_reason_{mid}"), opened=opened)
    s[f"_moved_{mid}"] = list(saved.warnings)


def _reschedule_form(ctx: kit.Context, mid: int, left) -> None:
    """Never over another session's move: a time saved meanwhile is shown with keep mine / take theirs."""
    stored = meetings.get(ctx.cur, ctx.wb.id, mid)
    forms.edit_form(f"reschedule_{mid}", mid, stored.get("version") or 0,
                    {f"resched_date_{mid}": stored["scheduled_at"].date(),
                     f"resched_time_{mid}": stored["scheduled_at"].time()},
                    stored, {f"resched_date_{mid}": "New date", f"resched_time_{mid}": "New time"},
                    {f"resched_date_{mid}": "scheduled_at", f"resched_time_{mid}": "scheduled_at"})
    move = functools.partial(_reschedule, ctx, mid)
    with left.form(f"reschedule_{mid}"):
        st.markdown("**Reschedule**")
        a, b = st.columns(2)
        a.date_input("New date", key=f"resched_date_{mid}", format=wording.DATE_INPUT_FORMAT)
        b.time_input("New time", key=f"resched_time_{mid}")
        st.text_input("Reason (optional)", key=f"resched_reason_{mid}")
        st.form_submit_button("Move the meeting", on_click=ui.callback(forms.save_edit),
                              args=(f"reschedule_{mid}", move, "Meeting moved"))
    with left:
        forms.edit_status(f"reschedule_{mid}", move, "Meeting moved")
    whole.show_once(f"_moved_{mid}", _say_moved)


def _say_moved(warnings: list[str]) -> None:
    for warning in warnings:
        st.warning(ui.text(warning), icon=":material/warning:")
    st.info("Download the calendar file again: it updates the same calendar entry.", icon=":material/download:")


def _history(ctx: kit.Context, mid: int) -> None:
    changes = meetings.history(ctx.cur, ctx.wb.id, mid)
    if not changes:
        return
    with st.expander(f"History ({len(changes)})"):
        for h in changes:
            old = (f" from {wording.weekday(h['old_scheduled_at'])}, {h['old_scheduled_at']:%H:%M}"
                   if h["old_scheduled_at"] and h["action"] == "rescheduled" else "")
            new = f" to {wording.weekday(h['new_scheduled_at'])}, {h['new_scheduled_at']:%H:%M}" if h["new_scheduled_at"] else ""
            why_text = f" · {ui.plain(h['reason'])}" if h["reason"] else ""
            st.text(f"{wording.day_and_time(h['changed_at'])} · {h['action'].replace('_', ' ')}{old}{new}{why_text}")
