"""How numbers, dates and empty values read on screen: one place, so every page says them alike.

Dates read day, month, year everywhere: "3 Dec 2026" in text, tables and charts, and DD/MM/YYYY in date
pickers (Streamlit's picker offers numeric styles only; day-first keeps the same order as the text).
"""
from __future__ import annotations

import math
from datetime import date, datetime

import pandas as pd

EMPTY = "—"  # what an empty value shows as; never "None" or "nan"

DATE_INPUT_FORMAT = "DD/MM/YYYY"  # st.date_input(format=...)
DATE_COLUMN_FORMAT = "D MMM YYYY"  # st.column_config.DateColumn(format=...) (moment.js)
DATETIME_COLUMN_FORMAT = "D MMM YYYY, HH:mm"  # st.column_config.DatetimeColumn(format=...)
CHART_DATE_FORMAT = "%-d %b %Y"  # Vega-Lite / d3 time format, for axes and tooltips


def plural(n: int | float, one: str, many: str | None = None) -> str:
    """'1 attempt', '2 attempts', '1,200 people' (with many='people'): the count and the right word."""
    count = int(n) if float(n).is_integer() else n
    word = one if count == 1 else (many or one + "s")
    return f"{count:,} {word}"


def in_sentence(label: str) -> str:
    """A label as a sentence goes on: its first letter lowered, unless the word is a name ("LinkedIn message")."""
    first = label.split(" ", 1)[0]
    return label if any(c.isupper() for c in first[1:]) else label[:1].lower() + label[1:]


def clipped(value: object, limit: int) -> str:
    """The text cut to at most `limit` characters, an ellipsis marking the cut (a 1.5 MB name quoted whole in an
    import's refusal flooded the page)."""
    value = str(value)
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def is_empty(value: object) -> bool:
    """None, NaN, NaT, pd.NA and blank text all count as empty."""
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def or_dash(value: object) -> object:
    """The value, or the dash when it is empty: for a single value shown in a sentence or a cell."""
    return EMPTY if is_empty(value) else value


def day(value: date | datetime | str | None) -> str:
    """'3 Dec 2026'; the dash when there is no date."""
    if is_empty(value):
        return EMPTY
    stamp = pd.Timestamp(value)
    return f"{stamp.day} {stamp:%b %Y}"


def day_and_time(value: datetime | str | None) -> str:
    """'3 Dec 2026, 14:30'; the dash when there is no time."""
    if is_empty(value):
        return EMPTY
    stamp = pd.Timestamp(value)
    return f"{day(stamp)}, {stamp:%H:%M}"


def weekday(value: date | datetime | str | None) -> str:
    """'Thu 3 Dec 2026': for a due date, where the day of the week helps."""
    if is_empty(value):
        return EMPTY
    stamp = pd.Timestamp(value)
    return f"{stamp:%a} {day(stamp)}"


def blank_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy for display where empty text cells are empty strings: object columns only (dates and numbers
    keep their type so column formats still apply; Streamlit shows their missing values as blank)."""
    shown = frame.copy()
    for column in shown.columns:
        if pd.api.types.is_object_dtype(shown[column]) or pd.api.types.is_string_dtype(shown[column]):
            shown[column] = shown[column].map(lambda v: "" if is_empty(v) else v).astype(object)
    return shown
