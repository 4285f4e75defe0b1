"""Which meeting the page works on: the picker at the top (?meeting= picks it from a link)."""
from __future__ import annotations

from datetime import date

import streamlit as st

from lib import privacy
from lib import question_plans as plans
from views import id_choice, kit
from views.questions import research


# At most this many meetings are offered at once (plus the chosen one): thousands of labels would be sent to the
# browser on every run (~330 KB at 3,000 meetings) and again whenever one label changes.
SHOWN = 40
_LAST_PICKED = "_q_meeting_last_picked"  # (workbook id, meeting id) last shown, for the next visit of the page


@kit.cached(max_entries=32)
def _meetings(cur, workbook_id: int, today: date) -> list[dict]:
    """Every meeting in picker order (upcoming first), read once until the workbook's data or the day changes."""
    return plans.meetings(cur, workbook_id, today)


class Labels:
    """The picker's label of a meeting, worded when first asked for: the 40 offered and the chosen one on a usual
    run, every meeting only while a search looks through them. Wording all 3,000 at large took ~40 ms of the first
    run after every write (a plan proposed, a question moved), when the cache of them was read again."""

    def __init__(self, meetings: list[dict], share: bool, initials: bool) -> None:
        self._rows = {m["id"]: m for m in meetings}
        self._share, self._initials = share, initials
        self._worded: dict[int, str] = {}

    def ids(self) -> list[int]:
        return list(self._rows)

    def __contains__(self, meeting_id: object) -> bool:
        return meeting_id in self._rows

    def get(self, meeting_id: int) -> str | None:
        if meeting_id not in self._rows:
            return None
        if meeting_id not in self._worded:
            m = self._rows[meeting_id]
            # masked by the mode read once per run, not by asking the session per meeting
            self._worded[meeting_id] = plans.meeting_label({**m, "organization": self._text(m["organization"])},
                                                           self._name(m["full_name"]))
        return self._worded[meeting_id]

    def _text(self, value: str | None) -> str:
        return (privacy.mask_text(value) if self._share else value) or ""

    def _name(self, value: str | None) -> str:
        return (privacy.initials(self._text(value)) if self._share and self._initials else self._text(value)) or ""


def meeting_picker(ctx: kit.Context) -> tuple[int | None, dict | None]:
    """The chosen meeting's id and who, when, how long (None, None when there is no meeting)."""
    labels = Labels(_meetings(ctx, ctx.today), ctx.share, ctx.initials)
    ids = labels.ids()
    research.drafts_left_behind(ctx.wb.id, labels)
    if not ids:
        return None, None
    wanted = kit.url_int("meeting")   # a link's meeting, else the one last shown on this page
    if wanted is None:
        id_choice.back_to_last_picked(ctx.wb.id, "q_meeting", _LAST_PICKED)
    if st.session_state.get("q_meeting") not in labels:
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
    st.session_state["_q_meeting_shown"] = labels.get(meeting_id)
    st.session_state[_LAST_PICKED] = (ctx.wb.id, meeting_id)
    return meeting_id, _meeting_info(ctx, meeting_id)


def about(meeting_id: int):
    """What the picker's label says of `meeting_id` apart from its plan (who, where from, when, how long), as
    read now: how a part under the picker sees that another tab changed it (views/part.py)."""
    def read(ctx: kit.Context) -> tuple:
        m = _meeting_info(ctx, meeting_id)
        return m["full_name"], m["organization"], m["scheduled_at"], m["duration_minutes"], m["status"]
    return read


@kit.cached(max_entries=32)
def _meeting_info(cur, workbook_id: int, meeting_id: int) -> dict:
    """Who, when, how long: a join over every person and organization (~6 ms at large), kept until a write."""
    return plans.meeting_info(cur, workbook_id, meeting_id)


def offered_ids(labels: Labels, find: str, chosen: int) -> list[int]:
    """The meetings the picker offers: the first SHOWN in picker order whose label holds `find` (any case), and the
    chosen one in front when it is not among them."""
    needle = find.strip().lower()
    if needle:
        found = (i for i in labels.ids() if needle in labels.get(i).lower())
        offered = [i for _, i in zip(range(SHOWN), found)]
    else:
        offered = labels.ids()[:SHOWN]
    return offered if chosen in offered else [chosen, *offered]
