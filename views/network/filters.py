"""The Network page's filters: a time range and the ways people came in."""
from __future__ import annotations

from datetime import date

import streamlit as st

from lib import metrics, vocab, wording
from views import kit


def chosen(ctx: kit.Context) -> metrics.Filters:
    """The time range (a named one or from–to) and the sources picked, as the charts' filters."""
    today = ctx.today
    left, middle, right = st.columns([2, 2, 3])
    preset = left.selectbox("Time range", list(metrics.RANGES), format_func=metrics.RANGES.get, key="net_range")
    custom = None
    if preset == "custom":
        picked = middle.date_input("From – to", value=(today.replace(day=1), today), key="net_dates",
                                   min_value=date(1990, 1, 1), max_value=today, format=wording.DATE_INPUT_FORMAT)
        if isinstance(picked, tuple) and len(picked) == 2:
            custom = picked
        else:
            middle.caption("Pick the last day too.")
    sources = right.multiselect("How people came", list(vocab.SOURCES), format_func=vocab.SOURCES.get,
                                key="net_sources", placeholder="Every source")
    return metrics.preset_filters(ctx.cur, ctx.wb.id, preset, today, sources=tuple(sources), custom=custom)
