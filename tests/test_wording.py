"""One way to say counts, dates and empty values (issue 15, items 9-11)."""
from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

from lib import wording


@pytest.mark.parametrize("n, one, many, expected", [
    (0, "attempt", None, "0 attempts"), (1, "attempt", None, "1 attempt"), (2, "reply", "replies", "2 replies"),
    (1, "person", "people", "1 person"), (30000, "person", "people", "30,000 people"), (1.0, "meeting", None, "1 meeting"),
])
def test_plural_says_the_count_with_the_right_word(n, one, many, expected):
    assert wording.plural(n, one, many) == expected


@pytest.mark.parametrize("value", [None, float("nan"), np.nan, pd.NaT, pd.NA, "", "  "])
def test_every_kind_of_empty_shows_as_the_dash(value):
    assert wording.or_dash(value) == wording.EMPTY
    assert wording.day(value) == wording.EMPTY


def test_dates_read_day_month_year_everywhere():
    assert wording.day(date(2026, 12, 3)) == "3 Dec 2026"
    assert wording.day_and_time(datetime(2026, 12, 3, 9, 5)) == "3 Dec 2026, 09:05"
    assert wording.weekday(date(2026, 12, 3)) == "Thu 3 Dec 2026"


def test_blank_frame_empties_text_cells_and_keeps_dates_typed():
    frame = pd.DataFrame({"notes": ["hi", None, float("nan")], "on": pd.to_datetime(["2026-01-01", None, None])})
    shown = wording.blank_frame(frame)
    assert shown["notes"].tolist() == ["hi", "", ""]
    assert str(shown["on"].dtype).startswith("datetime64")
    assert frame["notes"].isna().sum() == 2  # the input is not changed


def test_a_label_in_a_sentence_keeps_a_name_capitalised():
    assert wording.in_sentence("LinkedIn message") == "LinkedIn message"
    assert wording.in_sentence("Phone call") == "phone call"
    assert wording.in_sentence("Email") == "email"
