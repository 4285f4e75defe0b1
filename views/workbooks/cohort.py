"""The coach's cohort overview: every client at a glance, who needs help first, one click to open a workbook.

Locally every workbook is a client's. In hosted mode a signed-in person's clients are the workbooks shared with
them as a coach (lib/cohort.py keeps to those), never their own."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import cohort, wording
from views import auth, kit, layout, ui, whole

_overview = kit.cached_across(cohort.overview)  # read once per change to any workbook
_NOTICE = "_cohort_notice"


NO_CLIENTS = ("No client has shared a workbook with you yet. Clients share a workbook with you from their "
              "Workbooks page, by your email address; it then appears here and in your workbook picker.")


def section(ctx: kit.Context) -> None:
    """The whole cohort: headline numbers, the clients' table, who needs help first. In hosted mode, for a
    person no client has shared a workbook with, a word on how that happens instead."""
    coach = auth.person() is not None
    if coach and _overview(ctx, today=ctx.today, include_archived=True, clients_only=True).empty:
        st.subheader("Your clients at a glance")
        layout.empty_state(NO_CLIENTS)
        return
    frame = overview(ctx, clients_only=coach)
    table(ctx, frame)
    needing_help(ctx, frame)


def overview(ctx: kit.Context, *, clients_only: bool = False) -> pd.DataFrame:
    """The sort and archive choices, the headline numbers; returns the overview frame they were read for.
    `clients_only`: a signed-in coach's clients (the workbooks shared with them), not their own."""
    st.subheader("Your clients at a glance" if clients_only else "All clients at a glance")
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    sort = left.selectbox("Sort by", list(cohort.SORTS), key="cohort_sort",
                          help="Needs attention first: overdue follow-ups, then the longest without activity.")
    show_archived = right.toggle("Include archived workbooks", key="cohort_archived")
    frame = _overview(ctx, today=ctx.today, sort=sort, include_archived=show_archived, clients_only=clients_only)
    totals = cohort.summary(frame)
    numbers = st.columns(4)
    numbers[0].metric("Clients", totals["clients"])
    numbers[1].metric("Need attention", totals["need_attention"],
                      help=f"Follow-ups overdue, or nothing done for {cohort.STALLED_AFTER_DAYS} days or more.")
    numbers[2].metric("Follow-ups overdue", totals["follow_ups_overdue"])
    numbers[3].metric("Meetings this week", totals["meetings_this_week"])
    return frame


def _open_selected(frame: pd.DataFrame, table_key: str) -> None:
    rows = st.session_state[table_key].selection.rows
    if not rows:
        return
    chosen = frame.iloc[rows[0]]
    if chosen["archived"]:
        how = "its owner can restore it" if auth.person() else "restore it under Your workbooks to open it"
        st.session_state[_NOTICE] = ui.md("“{n}” is archived: " + how + ".", n=ui.name(chosen["name"]))
    else:
        ui.switch_workbook(int(chosen["id"]))


_COLUMNS = {
    "Workbook": st.column_config.TextColumn(width=150),
    "Whose": st.column_config.TextColumn(width=150, help="Who owns it: the address they sign in with"),
    "Goal": st.column_config.TextColumn(width=170, help="What the client wants to learn"),
    "Interviews": st.column_config.TextColumn(width=85, help="Interviews held / the goal's target"),
    "Progress": st.column_config.ProgressColumn(
        "Progress", format="%d%%", min_value=0, max_value=100, width=85,
        help="Interviews held as a share of the goal's target."),
    "Last activity": st.column_config.DateColumn(width=105, help="The last day something was done",
                                                 format=wording.DATE_COLUMN_FORMAT),
    "Follow-ups overdue": st.column_config.NumberColumn("Overdue", width=75, help="Follow-ups whose day has passed"),
    "Meetings this week": st.column_config.NumberColumn("This week", width=80, help="Meetings from Monday to Sunday"),
    "Status": st.column_config.TextColumn(width="medium"),
}


def table(ctx: kit.Context, frame: pd.DataFrame) -> None:
    """The clients' table: ticking a row opens that workbook (an archived one says how to restore it)."""
    table_key = f"cohort_table_{ctx.wb.id}"  # a fresh table (no row still ticked) after each switch
    st.dataframe(
        ui.masked(cohort.for_display(frame)),
        hide_index=True,
        key=table_key,
        on_select=lambda: _open_selected(frame, table_key),
        selection_mode="single-row",
        column_order=["Workbook", *(["Whose"] if auth.person() else []), "Goal", "Interviews", "Progress", "Last activity", "Follow-ups overdue",
                      "Meetings this week", "Status"],
        column_config=_COLUMNS,
        placeholder="",
    )
    st.caption("Tick a row to open that client's workbook; click a column heading to sort by it.")
    whole.show_once(_NOTICE, lambda notice: st.info(ui.text(notice), icon=":material/info:"))


def needing_help(ctx: kit.Context, frame: pd.DataFrame) -> None:
    """Who needs help first, one line each, and a button per client that opens their workbook in one click (one
    list and one row of pills, not a row of elements per client: issue 17)."""
    stuck = cohort.needing_attention(frame)
    if not stuck:
        return
    st.markdown("**Who needs help first**")
    st.markdown("\n".join(ui.md("- **{n}**: {s}" + (" · *open now*" if i == ctx.wb.id else ""), n=ui.name(n), s=s)
                          for i, n, s in stuck))
    archived = set(frame.loc[frame["archived"], "id"].astype(int))
    names = {i: n for i, n, _ in stuck if i != ctx.wb.id and i not in archived}
    if names:
        labels = {i: ui.name(n) for i, n in names.items()}  # made now: masking reads this run's mode
        key = f"cohort_open_{ctx.wb.id}"  # a fresh row of pills (none pressed) in each workbook
        st.pills("Open their workbook", list(names), key=key, format_func=labels.__getitem__,
                 on_change=ui.callback(_open_pressed), args=(key,))


def _open_pressed(key: str) -> None:
    if st.session_state.get(key) is not None:
        ui.switch_workbook(int(st.session_state[key]))
