"""Business days for the 3B7 reminders: weekdays that are not public holidays where the person lives.

The calendar (a country and an optional subdivision, e.g. Canada / Alberta) is chosen once, on the goal.
Holidays come from the `holidays` package; with no country chosen only Saturdays and Sundays are skipped.
"""
from __future__ import annotations

from collections.abc import Container
from datetime import date, datetime, timedelta
from functools import lru_cache

import duckdb
import holidays as _holidays

from lib import db
from lib.errors import Invalid

NO_HOLIDAYS: frozenset[date] = frozenset()
# Countries offered in the goal's picker first (the rest of the package's list follows, by name).
COMMON = ("CA", "US", "GB", "AU", "NZ", "IE", "FR", "DE")


@lru_cache(maxsize=1)
def countries() -> dict[str, tuple[str, ...]]:
    """Every country the holidays package knows: ISO code -> its subdivision codes."""
    return {code: tuple(subs) for code, subs in _holidays.list_supported_countries().items()}


_NAMES = {"CA": "Canada", "US": "United States", "GB": "United Kingdom", "AU": "Australia",
          "NZ": "New Zealand", "IE": "Ireland", "FR": "France", "DE": "Germany"}


def country_name(code: str) -> str:
    """A readable name for a common country code ('CA' -> 'Canada'); the code itself otherwise."""
    return _NAMES.get(code, code)


def check(country: str | None, subdivision: str | None) -> tuple[str | None, str | None]:
    """The calendar to store: (country, subdivision) in upper case, or Invalid with what to choose.

    An empty country means weekends only (and then no subdivision).
    """
    country = (country or "").strip().upper() or None
    subdivision = (subdivision or "").strip().upper() or None
    if country is None:
        if subdivision:
            raise Invalid("Choose a country for the holiday calendar before a province or state.")
        return None, None
    if country not in countries():
        raise Invalid(f"No holiday calendar is known for “{country}”: choose a country from the list.")
    if subdivision and subdivision not in countries()[country]:
        raise Invalid(f"“{subdivision}” is not a province, state or region of {country_name(country)} in the holiday "
                      "calendar: choose one from the list, or none for national holidays only.")
    return country, subdivision


@lru_cache(maxsize=32)
def calendar(country: str | None, subdivision: str | None = None) -> Container[date]:
    """Public holidays of the place (every year, computed on demand); an empty set for no country."""
    if not country:
        return NO_HOLIDAYS
    return _holidays.country_holidays(country, subdiv=subdivision or None)


@db.reads
def for_workbook(con: duckdb.DuckDBPyConnection, workbook_id: int) -> Container[date]:
    """The holidays the workbook's goal chose (none when no goal or no country)."""
    row = db.one(con, "SELECT holiday_country, holiday_subdivision FROM goals WHERE workbook_id = ?", [workbook_id])
    return calendar(row["holiday_country"], row["holiday_subdivision"]) if row else NO_HOLIDAYS


def is_business_day(day: date, holidays: Container[date] = NO_HOLIDAYS) -> bool:
    return day.weekday() < 5 and day not in holidays


def add(start: date, days: int, holidays: Container[date] = NO_HOLIDAYS) -> date:
    """The date `days` business days after `start`: weekends and the given holidays are skipped."""
    if isinstance(start, datetime):
        start = start.date()
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if is_business_day(current, holidays):
            left -= 1
    return current


def between(start: date, end: date, holidays: Container[date] = NO_HOLIDAYS) -> int:
    """How many business days after `start` `end` is (0 when end <= start)."""
    if isinstance(start, datetime):
        start = start.date()
    if isinstance(end, datetime):
        end = end.date()
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        if is_business_day(current, holidays):
            count += 1
    return count


def next_business_day(day: date) -> date:
    """The first Monday–Friday strictly after `day` (holidays aside: a reminder's horizon, not a due date)."""
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def due_horizon(today: date) -> date:
    """The last date counted as due today: today on Monday–Thursday; Sunday on Friday and the weekend (nobody
    waits until Monday for a reminder dated Saturday). Home and Outreach both count "due" by it."""
    return next_business_day(today) - timedelta(days=1)
