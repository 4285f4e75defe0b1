"""One rule per field: every path that writes a field (the forms, referrals, the LinkedIn import, the workbook
import) checks it here, so a value one path refuses cannot come in through another.

Each rule takes what a person (or a file) gave and returns the value to store, or raises Invalid with a
message naming the field and what to do. A rule never changes a value silently: text is stripped (and names
have their spacing collapsed), but never cut; numbers are never rounded; dates outside a sane range are refused.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from lib import text, vocab
from lib.errors import Invalid

# ---- limits -------------------------------------------------------------------------------------

NAME_CHARS = 200                    # a person's or an organization's name
TITLE_CHARS = 300                   # a title or role, as LinkedIn shows it (a position is at most ~220)
SHORT_CHARS = text.MAX_SHORT_CHARS  # one-line text: industry, location, reasons
NOTE_CHARS = text.MAX_NOTE_CHARS    # notes, messages, insights
EMAIL_CHARS = 254                   # RFC 5321
PHONE_CHARS = 40
URL_CHARS = 500

# Dates: anything the app records happened after this day (older is a typo such as year 1 or 202).
EARLIEST = date(1970, 1, 1)
# LinkedIn opened on 5 May 2003: nobody connected on it before.
LINKEDIN_FOUNDED = date(2003, 5, 5)
# Meetings may be planned ahead, but not further than this (a typo such as 9999 otherwise).
PLAN_AHEAD_YEARS = 5

MEETING_MINUTES = (5, 180)          # beyond 180 it is a typo, not a meeting
TEMPLATE_MINUTES = (5, 120)
QUESTION_MINUTES = (0.25, 10.0)     # in quarter minutes
USEFULNESS = (1, 5)

_EMAIL = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\]]{2,}$")
_PHONE_CHARS = re.compile(r"^[0-9+()\-./ ]+((ext\.?|x|#)\s*\d{1,6})?$", re.IGNORECASE)
_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$", re.IGNORECASE)


# ---- text ---------------------------------------------------------------------------------------

def name(value, *, field: str = "Name", required: bool = True) -> str | None:
    """A person's name: needed, at most 200 characters, spacing collapsed ("Ada   Lovelace" → "Ada Lovelace")."""
    cleaned = text.clean(_text(value, field), field=field, required=required, limit=NAME_CHARS)
    return " ".join(cleaned.split()) if cleaned else None


def organization_name(value, *, field: str = "Organization name", required: bool = True) -> str | None:
    """An organization's name: the same rule as a person's name."""
    return name(value, field=field, required=required)


def title(value, *, field: str = "Title or role") -> str | None:
    return text.clean(_text(value, field), field=field, limit=TITLE_CHARS)


def short(value, *, field: str, required: bool = False, limit: int = SHORT_CHARS) -> str | None:
    """One line of free text (industry, location, a reason …)."""
    return text.clean(_text(value, field), field=field, required=required, limit=limit)


def note(value, *, field: str = "Notes", required: bool = False, limit: int = NOTE_CHARS) -> str | None:
    """Free text of any shape (Markdown, emoji, right-to-left, line breaks) up to the note limit."""
    return text.clean(_text(value, field), field=field, required=required, limit=limit)


def email(value, *, field: str = "Email") -> str | None:
    return _checked(value, field, EMAIL_CHARS, lambda cleaned: bool(_EMAIL.match(cleaned)) and ".." not in cleaned,
                    "does not look like an email address (e.g. name@example.com).")


def phone(value, *, field: str = "Phone") -> str | None:
    return _checked(value, field, PHONE_CHARS,
                    lambda cleaned: bool(_PHONE_CHARS.match(cleaned)) and 7 <= sum(c.isdigit() for c in cleaned) <= 20,
                    "does not look like a phone number: use 7 to 20 digits, with spaces, "
                    "dashes, dots, brackets or a leading + (e.g. +1 403 555 0111).")


def linkedin_url(value, *, field: str = "LinkedIn URL") -> str | None:
    """A LinkedIn address, as typed (stripped), with or without https://."""
    return _checked(value, field, URL_CHARS,
                    lambda cleaned: not any(c.isspace() for c in cleaned) and _is_linkedin(_host(cleaned)),
                    "is not a LinkedIn address; it looks like linkedin.com/in/your-name.")


def _is_linkedin(host: str) -> bool:
    return host == "linkedin.com" or host.endswith(".linkedin.com")


def _checked(value, field: str, limit: int, looks_right: Callable[[str], bool], problem: str) -> str | None:
    """One line of text of at most `limit` characters (None when blank) that `looks_right`; anything else is
    refused with Invalid(f"{field} “{the text}” {problem}")."""
    cleaned = text.clean(_text(value, field), field=field, limit=limit)
    if cleaned is not None and not looks_right(cleaned):
        raise Invalid(f"{field} “{cleaned}” {problem}")
    return cleaned


def url(value, *, field: str = "Website") -> str | None:
    """A web address (http or https), as typed (stripped). Liberal, but refuses obvious junk."""
    cleaned = text.clean(_text(value, field), field=field, limit=URL_CHARS)
    if cleaned is None:
        return None
    if any(c.isspace() for c in cleaned):
        raise Invalid(f"{field} “{cleaned}” contains spaces; a web address has none (e.g. example.com).")
    try:
        parts = urlsplit(cleaned if "://" in cleaned else f"https://{cleaned}")
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        parts, host = None, ""
    if parts is None or parts.scheme not in ("http", "https") or not _HOST.match(host):
        raise Invalid(f"{field} “{cleaned}” does not look like a web address (e.g. example.com or https://example.com).")
    return cleaned


def _host(value: str) -> str:
    try:
        return (urlsplit(value if "://" in value else f"https://{value}").hostname or "").lower()
    except ValueError:  # e.g. an unbalanced [ in the host
        return ""


def _text(value, field: str):
    if value is None or isinstance(value, str):
        return value
    raise Invalid(f"{field} must be text.")


# ---- vocabularies -------------------------------------------------------------------------------

def _choice(value, vocabulary: dict, what: str, default=None):
    if value is None or value == "":
        if default is not None:
            return default
        raise Invalid(f"Choose {what}: {', '.join(str(v) for v in vocabulary.values())}.")
    if not isinstance(value, str) or value not in vocabulary:
        raise Invalid(f"“{value!s:.40}” is not {what}. Choose {what}: {', '.join(str(v) for v in vocabulary.values())}.")
    return value


def _vocabulary_rule(vocabulary: dict, what: str, default: str | None = None):
    """The rule of a field that holds one of `vocabulary`'s keys. An empty value becomes `default`, or is
    refused when there is none; a call may give its own `default=`."""
    def rule(value, *, default: str | None = default) -> str:
        return _choice(value, vocabulary, what, default)
    return rule


stage = _vocabulary_rule(vocab.STAGES, "a stage", default="identified")
source = _vocabulary_rule(vocab.SOURCES, "a way of knowing someone", default="manual")
channel = _vocabulary_rule(vocab.CHANNELS, "how you reached out")
outcome = _vocabulary_rule(vocab.OUTCOMES, "what happened with the attempt")
meeting_format = _vocabulary_rule(vocab.FORMATS, "where you meet")
meeting_status = _vocabulary_rule(vocab.MEETING_STATUSES, "a meeting status")
interaction_kind = _vocabulary_rule(vocab.INTERACTION_KINDS, "what kind of contact it was")
question_category = _vocabulary_rule(vocab.QUESTION_CATEGORIES, "a question category")


def tiara(value) -> str | None:
    if value is None or value == "":
        return None
    return _choice(value, vocab.TIARA, "a TIARA tag")


# ---- numbers ------------------------------------------------------------------------------------

def whole_number(value, *, field: str, low: int, high: int, unit: str = "") -> int:
    """A whole number in [low, high]. 7.5 is refused (never rounded); "7" and 7.0 are 7."""
    after = f" {unit}" if unit else ""
    if value is None or value == "" or isinstance(value, bool):
        raise Invalid(f"{field} is needed: a whole number from {low} to {high}{after}.")
    number = _number(value, field)
    if number != int(number):
        raise Invalid(f"{field} must be a whole number{after} (not {number:g}): from {low} to {high}.")
    number = int(number)
    if not low <= number <= high:
        raise Invalid(f"{field} must be between {low} and {high}{after}; {number:,} is outside that range.")
    return number


def _number(value, field: str) -> float:
    try:
        number = float(str(value).strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError, OverflowError):
        raise Invalid(f"{field} must be a number.") from None
    if not math.isfinite(number):
        raise Invalid(f"{field} must be a number.")
    return number


def meeting_minutes(value) -> int:
    """A meeting's length: whole minutes from 5 to 180 (15 to 20 is what the method asks)."""
    low, high = MEETING_MINUTES
    return whole_number(value, field="The meeting length", low=low, high=high, unit="minutes")


def template_minutes(value) -> int:
    low, high = TEMPLATE_MINUTES
    return whole_number(value, field="The meeting length", low=low, high=high, unit="minutes")


def question_minutes(value) -> float:
    """Time for one question: 0.25 to 10 minutes, in quarter minutes (1.3 is refused, not rounded to 1.25)."""
    if value is None or value == "" or isinstance(value, bool):
        raise Invalid("Minutes must be a number, for example 1.5.")
    number = _number(value, "Minutes")
    low, high = QUESTION_MINUTES
    if not low <= number <= high:
        raise Invalid("Minutes must be between 0.25 and 10: a single question rarely needs more.")
    if number * 4 != int(number * 4):
        raise Invalid(f"Minutes go in quarter minutes (1, 1.25, 1.5, 1.75 …); {number:g} is not one.")
    return number


def usefulness(value) -> int:
    if value is None or value == "":
        raise Invalid("Rate how useful the meeting was, from 1 (not useful) to 5 (exceptional).")
    low, high = USEFULNESS
    try:
        return whole_number(value, field="Usefulness", low=low, high=high)
    except Invalid:
        raise Invalid(f"Usefulness is a whole number from 1 to 5 (1 not useful, 5 exceptional), not {value!s:.20}.") from None


def cadence(value) -> int | None:
    """Keep in touch every 30, 60 or 90 days, or None for no reminders."""
    if value is None or value == "":
        return None
    message = f"Keep in touch every 30, 60 or 90 days, or choose no reminders (not {value!s:.20})."
    if isinstance(value, bool):
        raise Invalid(message)
    try:
        number = _number(value, "Keep in touch")
    except Invalid:
        raise Invalid(message) from None
    if number != int(number) or int(number) not in vocab.KEEP_IN_TOUCH:
        raise Invalid(message)
    return int(number)


# ---- dates --------------------------------------------------------------------------------------

def day(value, *, field: str, earliest: date = EARLIEST, latest: date | None = None, today: date | None = None,
        required: bool = False) -> date | None:
    """A date between `earliest` and `latest` (default: today). Datetimes give their day."""
    if value is None or value == "":
        if required:
            raise Invalid(f"Choose {field.lower()}.")
        return None
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value).strip())
        except ValueError:
            raise Invalid(f"{field} must be a date (YYYY-MM-DD).") from None
    latest = latest or today or date.today()
    if value < earliest:
        raise Invalid(f"{field} {_shown(value)} is before {_shown(earliest)}; check the year.")
    if value > latest:
        if latest == (today or date.today()):
            raise Invalid(f"{field} {_shown(value)} is in the future; choose today or an earlier day.")
        raise Invalid(f"{field} {_shown(value)} is after {_shown(latest)}; check the year.")
    return value


def _shown(value: date) -> str:
    """7 Dec 2025; the year always with four digits (year 1 is 0001, not 1)."""
    return f"{value.day} {value:%b} {value.year:04d}"


def connected_on(value, *, source: str | None = None, today: date | None = None) -> date | None:
    """The day a person connected: not in the future, and not before LinkedIn existed for a LinkedIn connection."""
    earliest = LINKEDIN_FOUNDED if source == "linkedin" else EARLIEST
    if value is not None and value != "" and not isinstance(value, (date, str)):
        raise Invalid("Connected on must be a date.")
    try:
        return day(value, field="Connected on", earliest=earliest, today=today)
    except Invalid as e:
        if source == "linkedin" and isinstance(value, date) and value < LINKEDIN_FOUNDED:
            raise Invalid(f"Connected on {_shown(value)} is before LinkedIn existed (May 2003); check the year.") from e
        raise


def past_moment(value, *, field: str, today: date | None = None) -> date:
    """The day something happened (an attempt, an interaction): from 1970 to today."""
    return day(value, field=field, today=today, required=True)


def meeting_day(value, *, today: date | None = None) -> date:
    """The day of a meeting: from 1970 to five years ahead (past meetings may be recorded afterwards)."""
    today = today or date.today()
    return day(value, field="The meeting date", latest=_years_after(today, PLAN_AHEAD_YEARS), required=True)


def _years_after(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start + timedelta(days=365 * years)
