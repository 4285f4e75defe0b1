"""Screen-share masking: what a coach may show on a shared screen. The one place that hides private data.

Pages never mask by themselves: they pass frames and text through lib/ui.py, which calls this module.

What is hidden, wherever it appears (a column of its own or inside free text):
- email addresses (also `mailto:` links and the "name [at] host [dot] com" spelling) -> `a•••@•••.com`
- phone numbers in the usual national and international spellings -> `•••-•••-••11`
- LinkedIn and other personal profile or meeting links -> `linkedin.com/in/•••`, `•••link hidden•••`
- private notes (any column whose name says "private") -> a fixed placeholder, whatever they hold
- optionally, people's names in name columns -> initials (`Helen Nguyen` -> `H. N.`)
Dates, years, times, amounts and organization websites are left alone: a coach needs them on screen.
"""
from __future__ import annotations

import os
import re

import pandas as pd
import phonenumbers

PRIVATE_NOTE = "••• private note hidden •••"
HIDDEN_LINK = "•••link hidden•••"
LINKEDIN_MASK = "linkedin.com/in/•••"

# Columns that always hold private data, whatever frame they appear in. Matching is on the
# column name lower-cased with spaces, dashes and underscores removed, so "E-mail", "email" and
# "Email address" all count; see _kind().
EMAIL_COLUMNS = {"email", "Email"}
PHONE_COLUMNS = {"phone", "Phone"}
URL_COLUMNS = {"linkedin_url", "LinkedIn", "LinkedIn URL"}
PRIVATE_COLUMNS = {"private_notes", "Private notes"}
NAME_COLUMNS = {"full_name", "Name", "name_of_contact", "Person", "Referred by"}

_EMAIL_WORDS = ("email", "mail", "emailaddress")
_PHONE_WORDS = ("phone", "mobile", "cell", "tel", "telephone", "fax", "whatsapp")
_URL_WORDS = ("linkedin", "profileurl", "profile", "twitter", "social")
_NAME_WORDS = ("fullname", "name", "person", "contact", "referredby", "nameofcontact", "introducedby",
               "referrer", "client", "workbook")

_DOT = r"(?:\.|\s*[\[(]\s*dot\s*[\])]\s*|\s+dot\s+)"
_EMAIL = re.compile(
    r"(?<![\w.+'%-])(?:mailto:)?[\w.+'%-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}"  # the usual spelling
    r"|(?<![\w.+-])[\w.+-]+\s*[\[(]\s*at\s*[\])]\s*[\w-]+(?:" + _DOT + r"[\w-]+)+",  # name [at] host [dot] com
    re.IGNORECASE,
)
# A run of digit groups joined by one separator each, optionally with a leading + and a (area code).
_SEP = r"[ \u00a0.\-\u2010-\u2015/]"
_PHONE = re.compile(
    r"(?<![\w+@/#.])"                  # not inside a word, an address, an id or a decimal
    r"(?:tel:\s*)?"
    r"(?:\+|00)?\(?\d{1,4}+\)?"         # country code or first group, maybe in parentheses
    r"(?:" + _SEP + r"?\(?\d{1,5}+\)?){1,6}+"  # more groups (possessive: no backtracking blow-up)
    r"(?![\w@]|[.,]\d)",               # not followed by more of a word or a decimal part
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$")
_DMY_DATE = re.compile(r"^\d{1,2}[-/.]\d{1,2}[-/.](?:\d{2}|\d{4})$")
_DECIMAL = re.compile(r"^\d+[.,]\d+$")
_YEAR_RANGE = re.compile(r"^(?:19|20)\d{2}(?:\s*[-\u2010-\u2015/]\s*(?:19|20)\d{2})+$")
# Profile and meeting links: a person can be found or joined through them.
_PERSONAL_HOSTS = (
    r"(?:[a-z]{2,3}\.)?linkedin\.com|lnkd\.in|twitter\.com|x\.com|facebook\.com|fb\.com|instagram\.com"
    r"|github\.com|calendly\.com|zoom\.us|[\w-]+\.zoom\.us|meet\.google\.com|teams\.microsoft\.com"
    r"|teams\.live\.com|whereby\.com|wa\.me|t\.me"
)
_URL = re.compile(
    r"(?<![\w.-])(?:https?://)?(?:www\.)?(?P<host>" + _PERSONAL_HOSTS + r")(?:/[^\s<>\"')\]]*[^\s<>\"')\].,;:!?])?/?",
    re.IGNORECASE,
)
_LINKEDIN_HOST = re.compile(r"linkedin\.com|lnkd\.in", re.IGNORECASE)
_TEL_URI = re.compile(r"tel:\s*\+?[\d\s().-]*\d", re.IGNORECASE)


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def mask_email(value: str | None) -> str | None:
    """a•••@•••.com: the first letter and the top-level domain stay, so a coach sees there is an email."""
    if not value or not isinstance(value, str):
        return value
    text = value.strip()
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:"):]
    spelled = re.split(r"\s*[\[(]\s*at\s*[\])]\s*", text, maxsplit=1, flags=re.IGNORECASE)
    if "@" in text:
        local, _, domain = text.partition("@")
    elif len(spelled) == 2:
        local, domain = spelled[0], re.sub(_DOT, ".", spelled[1], flags=re.IGNORECASE)
    else:
        return "•••@•••"  # not an address we understand: hide it all rather than guess
    domain = domain.strip().rstrip(".>")
    tld = domain.rsplit(".", 1)[-1] if "." in domain else ""
    tld = tld if tld.isalpha() and len(tld) <= 24 else ""
    first = local.strip()[:1] if local.strip()[:1].isalnum() else ""
    return f"{first}•••@•••.{tld}" if tld else f"{first}•••@•••"


def mask_phone(value: str | None) -> str | None:
    """Only the last two digits stay."""
    if not value or not isinstance(value, str):
        return value
    digits = _digits(value)
    return "•••-•••-••" + digits[-2:] if len(digits) >= 2 else "•••"


def mask_url(value: str | None) -> str | None:
    """A profile link: LinkedIn ones keep saying LinkedIn, any other is hidden entirely."""
    if not value or not isinstance(value, str):
        return value
    return LINKEDIN_MASK if _LINKEDIN_HOST.search(value) else HIDDEN_LINK


def initials(name: str | None) -> str | None:
    """'Helen Nguyen' -> 'H. N.'; 'Fatima-Zahra El Idrissi' -> 'F. E. I.'; 'o'connor' -> 'O.'"""
    if not name or not isinstance(name, str):
        return name
    parts = [p for p in re.split(r"[\s\-]+", name) if p]
    letters = [next((c for c in p if c.isalpha()), "") for p in parts]
    # "F.-Z." would keep a hyphen; one letter per part is enough to recognise someone you know.
    return " ".join(f"{c.upper()}." for c in letters if c) or "•"


def looks_like_phone(candidate: str) -> bool:
    """True for a phone number, False for a date, a year range, a short count or an amount."""
    text = candidate.strip()
    digits = _digits(text)
    if not 7 <= len(digits) <= 15:
        return False
    if _ISO_DATE.match(text) or _DMY_DATE.match(text) or _YEAR_RANGE.match(text) or _DECIMAL.match(text):
        return False
    groups = re.findall(r"\d+", text)
    # A row of years ("2012 2015 2019") is not a phone number.
    if all(len(g) == 4 and g[:2] in ("19", "20") for g in groups) and len(groups) > 1:
        return False
    # Digits separated by single spaces with groups of 1-3 and no +: more likely a list of counts.
    if not text.startswith(("+", "00", "(")) and len(groups) >= 3 and all(len(g) == 1 for g in groups):
        return False
    return True


# Phone numbers in free text are found by Google's libphonenumber (it knows every region's numbering plan);
# the pattern above also catches spellings it leaves out (a "0049" prefix, a bare "555-0111"). Numbers without
# a country code are read as from this region; set WORKBOOK_PHONE_REGION (e.g. GB) for a workbook elsewhere.
DEFAULT_REGION = os.environ.get("WORKBOOK_PHONE_REGION", "CA").upper()
_EXTENSION = re.compile(r"(?i)[\s,;]*(?:ext\.?|extension|x|#)\s*\d{1,7}$")
_BEFORE_OK = re.compile(r"[\w+@/#.]$")
_AFTER_OK = re.compile(r"^(?:[\w@]|[.,]\d)")


def _phone_spans(value: str) -> list[tuple[int, int]]:
    """Where phone numbers are in the text: (start, end) pairs, sorted, not overlapping."""
    spans = []
    for match in phonenumbers.PhoneNumberMatcher(value, DEFAULT_REGION, leniency=phonenumbers.Leniency.POSSIBLE):
        start, end = match.start, match.end
        trimmed = _EXTENSION.sub("", value[start:end])  # "ext. 204" is no secret and helps the reader
        end = start + len(trimmed)
        if _BEFORE_OK.search(value[:start]) or _AFTER_OK.search(value[match.end:]) or not looks_like_phone(trimmed):
            continue  # an id ("#12345678"), a decimal part or a date, not a number to call
        spans.append((start, end))
    for match in _PHONE.finditer(value):
        found = match.group(0)
        core = found.rstrip(" .-/\u00a0")  # the pattern may swallow one trailing separator
        if looks_like_phone(core):
            spans.append((match.start(), match.start() + len(core)))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _mask_phones(value: str) -> str:
    value = _TEL_URI.sub(lambda m: mask_phone(m.group(0)) if len(_digits(m.group(0))) >= 3 else m.group(0), value)
    out, last = [], 0
    for start, end in _phone_spans(value):
        out += [value[last:start], mask_phone(value[start:end])]
        last = end
    return "".join(out) + value[last:]


def mask_text(value: str | None) -> str | None:
    """Hide emails, phone numbers and personal links inside free text; everything else stays."""
    if not value or not isinstance(value, str):
        return value
    value = _EMAIL.sub(lambda m: mask_email(m.group(0)), value)
    value = _URL.sub(lambda m: LINKEDIN_MASK if _LINKEDIN_HOST.search(m.group("host")) else HIDDEN_LINK, value)
    return _mask_phones(value)


def _key(column: object) -> str:
    return re.sub(r"[\s_\-.:]+", "", str(column)).lower()


def _kind(column: object) -> str | None:
    """What a column holds, judged by its name: 'private', 'email', 'phone', 'url', 'name' or None."""
    key = _key(column)
    if column in PRIVATE_COLUMNS or "private" in key:
        return "private"
    if column in EMAIL_COLUMNS or key in _EMAIL_WORDS or "email" in key or "e-mail" in str(column).lower():
        return "email"
    if column in PHONE_COLUMNS or key in _PHONE_WORDS or "phone" in key or "mobile" in key:
        return "phone"
    if column in URL_COLUMNS or "linkedin" in key or key in _URL_WORDS:
        return "url"
    if column in NAME_COLUMNS or key in _NAME_WORDS or key.endswith(("fullname", "contactname", "personname")):
        return "name"
    return None


def _map(series: pd.Series, fn) -> pd.Series:
    return series.map(lambda v: fn(v) if isinstance(v, str) else v).astype(object)


def _mask_any_email(value: str) -> str:
    masked = mask_text(value)
    return masked if masked != value or not value.strip() else mask_email(value)


def _mask_any_phone(value: str) -> str:
    return mask_phone(value) if len(_digits(value)) >= 2 else mask_text(value)


def mask_frame(frame: pd.DataFrame, *, names: bool = False) -> pd.DataFrame:
    """A copy of the frame with private columns masked and private data inside any text hidden.

    `names=True` also turns people's names (in name columns) into initials.
    """
    out = frame.copy()
    # With names as initials, the names of the frame's people are also written as initials inside its free text
    # ("Referred by Helen Nguyen." in a note).
    people = ({v for c in out.columns if _kind(c) == "name" for v in out[c].tolist() if isinstance(v, str)}
              if names else set())
    if isinstance(out.index, pd.Index) and (out.index.dtype == object or pd.api.types.is_string_dtype(out.index)):
        out.index = out.index.map(lambda v: mask_text(v) if isinstance(v, str) else v)
    for position, column in enumerate(list(out.columns)):
        series = out.iloc[:, position]
        kind = _kind(column)
        if kind == "private":
            masked = series.map(lambda v: PRIVATE_NOTE if isinstance(v, str) and v.strip() else v).astype(object)
        elif kind == "email":
            masked = _map(series, _mask_any_email)
        elif kind == "phone":
            masked = _map(series, _mask_any_phone)
        elif kind == "url":
            masked = _map(series, lambda v: mask_url(v) if v.strip() else v)
        elif kind == "name" and names:
            masked = _map(series, lambda v: initials(mask_text(v)))
        elif series.dtype == object or pd.api.types.is_string_dtype(series) or isinstance(series.dtype, pd.CategoricalDtype):
            masked = series.astype(object).map(_mask_cell).astype(object)
            if people:
                masked = masked.map(lambda v: names_to_initials(v, people)).astype(object)
        else:
            continue
        out.isetitem(position, masked)
    return out


def _mask_cell(value):
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_mask_cell(v) for v in value)
    return value


def names_to_initials(text: str | None, names) -> str | None:
    """The text with each given person's name written as initials: the full name ('Helen Nguyen' -> 'H. N.'),
    then each part of it of three letters or more on its own ('Hi Helen,' -> 'Hi H.,'). Longest names first,
    whole words only. A whole name is found in any case, with spaces or hyphens between its parts ('mei-lin zhou',
    'NOAH WILLIAMS'); a part alone when written with a capital ('Noah', 'NOAH', 'Zhou'), so that a part which is
    also a word ('Will', 'Rose') is hidden as a name and left alone as a word ('they will', 'a rose')."""
    if not text or not isinstance(text, str):
        return text
    wanted = sorted({" ".join(n.split()) for n in names if isinstance(n, str) and n.strip()}, key=len, reverse=True)
    for name in wanted:
        # A full stop after the name is the initials' own ("… Helen Nguyen." -> "… H. N.", not "H. N..").
        parts = [p for p in re.split(r"[\s\-]+", name) if p]
        text = re.sub(r"(?<!\w)" + r"[\s\-]+".join(map(re.escape, parts)) + r"(?!\w)\.?", initials(name), text,
                      flags=re.IGNORECASE)
    parts = sorted({p for n in wanted for p in re.split(r"[\s\-]+", n) if len(p) >= 3 and p[0].isalpha()},
                   key=len, reverse=True)
    for part in parts:
        text = re.sub(r"(?<!\w)" + re.escape(part) + r"(?!\w)\.?",
                      lambda m, initial=part[0].upper() + ".": initial if not m.group(0).islower() else m.group(0),
                      text, flags=re.IGNORECASE)
    return text


class NameIndex:
    """People's names by each part of three letters or more (any case), to find quickly which of thousands of
    names a text holds: the names names_to_initials is then given."""

    def __init__(self, names) -> None:
        self.by_part: dict[str, set[str]] = {}
        for name in names:
            if not isinstance(name, str):
                continue
            for part in re.split(r"[\s\-]+", name):
                if len(part) >= 3 and part[0].isalpha():
                    self.by_part.setdefault(part.lower(), set()).add(name)

    def named_in(self, text: str | None) -> list[str]:
        """The names of which a part is a word of `text`."""
        if not text or not self.by_part:
            return []
        found: set[str] = set()
        for word in set(re.findall(r"\w+", text)):
            found |= self.by_part.get(word.lower(), set())
        return sorted(found)
