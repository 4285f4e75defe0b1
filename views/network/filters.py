"""The Network page's filters: a time range and the ways people came in."""
from __future__ import annotations

from datetime import date

import streamlit as st

from lib import metrics, vocab, wording
from views import kit

# The range since the goal's start reads the goal: kept until a write (asked on every run of the page).
_filters = kit.cached(metrics.preset_filters)


def chosen(ctx: kit.Context) -> metrics.Filters:
    """The time range (a named one or from–to) and the sources picked, as the charts' filters."""
    today = ctx.today
    # Five ranges in a row of buttons: one click changes the charts (a drop-down took two, and its pick reached
    # the server 20–40 ms after the click; issue 17).
    preset = st.segmented_control("Time range", list(metrics.RANGES), format_func=metrics.RANGES.get,
                                  key="net_range", default=next(iter(metrics.RANGES)), required=True)
    left, right = st.columns([3, 2])
    sources = left.multiselect("How people came", list(vocab.SOURCES), format_func=vocab.SOURCES.get,
                               key="net_sources", placeholder="Every source")
    custom = None
    if preset == "custom":
        picked = right.date_input("From – to", value=(today.replace(day=1), today), key="net_dates",
                                  min_value=date(1990, 1, 1), max_value=today, format=wording.DATE_INPUT_FORMAT)
        if isinstance(picked, tuple) and len(picked) == 2:
            custom = picked
        else:
            right.caption("Pick the last day too.")
    return _filters(ctx, preset, today, sources=tuple(sources), custom=custom)
