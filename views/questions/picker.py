"""Which meeting the page works on: the picker at the top (?meeting= picks it from a link)."""
from __future__ import annotations

from datetime import date

import streamlit as st

from lib import privacy
from lib import question_plans as plans
from views import kit


# At most this many meetings are offered at once (plus the chosen one): thousands of labels would be sent to the
# browser on every run (~330 KB at 3,000 meetings) and again whenever one label changes.
SHOWN = 40


@kit.cached(max_entries=32)
def _meeting_labels(cur, workbook_id: int, today: date, share: bool, initials: bool) -> dict[int, str]:
    """id -> picker label of every meeting, in picker order. Thousands of meetings take tens of milliseconds
    to read and word, so they are kept until the workbook's data changes, the day changes (upcoming first) or
    screen-share mode changes how names show (`share`, `initials`)."""
    # masked by the arguments, not by asking the session for the mode per meeting (6,000 asks at 3,000 meetings)
    def text(value: str | None) -> str:
        return (privacy.mask_text(value) if share else value) or ""

    def name(value: str | None) -> str:
        return (privacy.initials(text(value)) if share and initials else text(value)) or ""

    return {m["id"]: plans.meeting_label({**m, "organization": text(m["organization"])}, name(m["full_name"]))
            for m in plans.meetings(cur, workbook_id, today)}


def meeting_picker(ctx: kit.Context) -> tuple[int | None, dict | None]:
    """The chosen meeting's id and who, when, how long (None, None when there is no meeting)."""
    labels = _meeting_labels(ctx, ctx.today, ctx.share, ctx.initials)
    ids = list(labels)
    if not ids:
        return None, None
    if st.session_state.get("q_meeting") not in labels:
        wanted = kit.url_int("meeting")
        st.session_state["q_meeting"] = wanted if wanted in labels else ids[0]
    # The browser holds the choice by its label: when the chosen meeting's label changes (its plan's count),
    # setting the value again sends the new label, else the picker keeps showing the old count.
    if st.session_state.get("_q_meeting_shown") not in (None, labels.get(st.session_state["q_meeting"])):
        st.session_state["q_meeting"] = st.session_state["q_meeting"]
    where = st.columns([3, 1]) if len(ids) > SHOWN else (st, None)
    find = where[1].text_input("Find a meeting", key="q_meeting_find", placeholder="Name, organization or date",
                               help="Narrows the Meeting list to meetings whose name, organization or date "
                                    "holds these letters.") if where[1] else ""
    offered = offered_ids(labels, find or "", st.session_state["q_meeting"])
    meeting_id = where[0].selectbox(
        "Meeting", offered, key="q_meeting", format_func=labels.get,
        help="Upcoming meetings first. Plans, sheets and live notes belong to the meeting chosen here.",
    )
    if where[1]:
        found = "no other meeting holds these letters" if find and offered == [meeting_id] else "upcoming first"
        where[0].caption(f"{len(offered):,} of {len(ids):,} meetings offered ({found}); type in “Find a meeting” "
                         "to reach the others.")
    st.query_params["meeting"] = str(meeting_id)
    st.session_state["_q_meeting_shown"] = labels[meeting_id]
    return meeting_id, _meeting_info(ctx, meeting_id)


@kit.cached(max_entries=32)
def _meeting_info(cur, workbook_id: int, meeting_id: int) -> dict:
    """Who, when, how long: a join over every person and organization (~6 ms at large), kept until a write."""
    return plans.meeting_info(cur, workbook_id, meeting_id)


def offered_ids(labels: dict[int, str], find: str, chosen: int) -> list[int]:
    """The meetings the picker offers: the first SHOWN in picker order whose label holds `find` (any case), and the
    chosen one in front when it is not among them."""
    needle = find.strip().lower()
    offered = [i for i, label in labels.items() if needle in label.lower()][:SHOWN] if needle else list(labels)[:SHOWN]
    return offered if chosen in offered else [chosen, *offered]
