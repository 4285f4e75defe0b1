"""Which meeting to review: the picker (done meetings first, a search for many, ?meeting=ID links) and reminders."""
from __future__ import annotations

import streamlit as st

from lib import reviews, vocab, wording
from lib.errors import NotFound
from views import id_choice, kit, layout, ui
from views.review import reads

FIND_FROM = 30  # more meetings done than this: offer a search box above the list
GONE = "_review_meeting_gone"  # the meeting this tab showed, found deleted by this run
_LAST_PICKED = "_review_meeting_last_picked"  # (workbook id, meeting id) last shown done, for the next visit


def meeting_label(m: dict, masking: tuple) -> str:
    """Its day, person, organization, and whether it is reviewed (or why it cannot be). Saving a review changes the
    label while the browser still holds the old one: _keep_selection finds it again in the labels seen before.
    `masking`: ui.maskers() of this run, for many labels."""
    name, text = masking
    who = m["full_name"] or "someone no longer in your contacts"
    org = f" ({text(m['organization'])})" if m["organization"] else ""
    status = m.get("status", "done")
    state = (" · reviewed" if m.get("reviewed") else "") if status == "done" else \
        f" · {vocab.label(vocab.MEETING_STATUSES, status)}"
    return f"{wording.day(m['scheduled_at'])} · {name(who)}{org}{state}"


def _follow_link(done: list[dict]) -> None:
    """A link from Home (?meeting=ID) chooses that meeting once, listing meetings not done when it is one."""
    requested = kit.take_url("meeting")
    try:
        requested_id = int(requested) if requested is not None else None
    except ValueError:
        requested_id = None
    if requested_id is None:
        return
    if requested_id not in {m["id"] for m in done}:
        st.session_state["review_show_all"] = True
    st.session_state["review_meeting"] = requested_id


def _nothing_to_review(ctx: kit.Context, find: str | None) -> None:
    if find:
        st.info("No meeting done matches that name. Try part of the person's or organization's name.",
                icon=":material/search_off:")
        return
    layout.empty_state(
        "No meeting has taken place yet. Once you mark a meeting done in Step 3, it appears here "
        "for its review.", "outreach", "Go to Outreach", query_params=ctx.link(view="meetings"),
    )
    if reads.other_meetings(ctx):
        st.toggle("Show meetings not done yet", key="review_show_all")


def _reminders(ctx: kit.Context) -> None:
    due = reads.reminders_now(ctx)
    waiting, late = due["unreviewed"], due["thank_you_overdue"]
    if not (waiting or late):
        return
    parts = []
    if waiting:
        parts.append(f"{wording.plural(waiting, 'meeting')} took place without a review yet: "
                     "capture it while it is fresh, a few minutes is enough.")
    if late:
        parts.append(f"{wording.plural(late, 'thank-you note')} {'is' if late == 1 else 'are'} overdue "
                     "(more than 24 hours after the meeting).")
    st.warning(" ".join(parts), icon=":material/rate_review:")


def _keep_selection(ctx: kit.Context, by_id: dict[int, dict], find: str | None) -> None:
    """The chosen meeting stays chosen: found again by its label, kept when no longer done (so the page says
    why), dropped for a new search's first match."""
    selected = st.session_state.get("review_meeting")
    if isinstance(selected, str):  # a label sent back by the browser: find its meeting again
        masking = ui.maskers()
        found = next((i for i, m in by_id.items() if meeting_label(m, masking) == selected), None)
        selected = found if found is not None else id_choice.id_of("review_meeting", selected)
        st.session_state["review_meeting"] = selected
    if selected is not None and selected not in by_id and find:
        st.session_state.pop("review_meeting", None)  # a new search: its first match
    elif selected is not None and selected not in by_id:
        try:  # still selected but no longer done (changed elsewhere): keep it, so the page says why
            by_id[selected] = {**reviews.meeting(ctx.cur, ctx.wb.id, selected), "reviewed": False}
        except NotFound:  # deleted meanwhile (in another tab, or with its person): said by the review tab
            st.session_state.pop("review_meeting", None)
            st.session_state[GONE] = selected
            if by_id:  # set, so the browser shows the meeting the tab now draws, not the label it held
                st.session_state["review_meeting"] = next(iter(by_id))
    if st.session_state.get("review_meeting") in by_id:
        # Set by this run, so the browser draws it with this run's label (after a save: "· reviewed"), not the one
        # it holds from before.
        st.session_state["review_meeting"] = st.session_state["review_meeting"]


def pick_meeting(ctx: kit.Context) -> int | None:
    """The meeting chosen for review (None when there is none to choose)."""
    find = None
    if reads.done_count(ctx) > FIND_FROM:
        find = st.text_input("Find a meeting", key="review_find", placeholder="Person or organization")
    done = reads.done_meetings(ctx, text=find)
    _follow_link(done)
    id_choice.back_to_last_picked(ctx.wb.id, "review_meeting", _LAST_PICKED)
    others = reads.other_meetings(ctx) if st.session_state.get("review_show_all") else []
    if not done and not others:
        _nothing_to_review(ctx, find)
        return None
    _reminders(ctx)
    by_id = {m["id"]: m for m in done + others}
    _keep_selection(ctx, by_id, find)
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    masking = ui.maskers()  # of this run: masking reads the session
    labels = {i: meeting_label(m, masking) for i, m in by_id.items()}
    id_choice.remember("review_meeting", labels)
    chosen = left.selectbox(
        "Meeting", list(by_id), format_func=labels.__getitem__, key="review_meeting",
        help="Meetings waiting for a review come first.",
    )
    right.toggle("Include not done", key="review_show_all",
                 help="Planned, cancelled and no-show meetings cannot be reviewed; they are listed so you can see why.")
    if chosen in by_id and by_id[chosen].get("status", "done") == "done":
        st.session_state[_LAST_PICKED] = (ctx.wb.id, chosen)
        st.caption("Reviewed: you can edit it below; earlier versions are kept." if by_id[chosen]["reviewed"]
                   else "Not reviewed yet.")
    return chosen
