"""The next actions: what is due, each group linking to the exact place where it is done."""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from lib import next_actions, page_registry
from views import kit, registry, ui


@kit.cached(max_entries=16)
def _all_actions(cur, workbook_id: int, minute: datetime) -> list[next_actions.ActionGroup]:
    """Six reads over every attempt and meeting (~60 ms at 100,000 attempts): kept until the workbook's data
    changes or the minute turns (a meeting counts as over from the minute after its end)."""
    return next_actions.all_actions(cur, workbook_id, minute)


def next_up(ctx: kit.Context, steps: list[next_actions.Step]) -> None:
    st.header("Next actions")
    groups = [g for g in _all_actions(ctx, ctx.now.replace(second=0, microsecond=0)) if g.total]
    if not groups:
        _nothing_due(steps)
    for group in groups:
        with st.container(border=True, key=f"action_{group.key}"):
            icon = ":material/priority_high:" if group.urgent else ":material/arrow_circle_right:"
            frame = pd.DataFrame(group.items).drop(columns=["id", "plan_ready", "overdue"], errors="ignore")
            more = group.total - len(group.items)
            # One Markdown element for the heading, the hint, the list (at most eight rows, escaped cell by cell)
            # and what is left: each element costs the browser a few ms on every run.
            st.markdown("\n\n".join([f"{icon} **{group.title}: {group.total}**", f":small[:gray[{group.hint}]]",
                                       ui.table_markdown(frame)] + ([f":small[:gray[… and {more} more.]]"] if more > 0 else [])))
            st.page_link(registry.PAGES[group.page], label=group.link_label, icon=":material/arrow_forward:",
                         query_params=ctx.link(**group.link_params))  # the exact person, meeting or tab


def _nothing_due(steps: list[next_actions.Step]) -> None:
    open_step = next((step for step in steps if step.status != next_actions.DONE), None)
    if open_step is None:
        st.success("Nothing is waiting for you right now. Look back at what you learned and at how "
                   "your network has grown, then set your next goal.", icon=":material/task_alt:")
        return
    st.info(f"Nothing is due right now. Your next step: {open_step.number} · {open_step.title}. "
            f"{page_registry.get(open_step.page).intro}", icon=":material/lightbulb:")
    st.page_link(registry.PAGES[open_step.page], label=f"Go to {open_step.title}", icon=":material/arrow_forward:")
