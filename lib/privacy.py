"""Screen-share masking: what a coach may show on a shared screen. The one place that hides private data.

Pages never mask by themselves: they pass frames and text through lib/ui.py, which calls this module.
"""
from __future__ import annotations

import re

import pandas as pd

PRIVATE_NOTE = "••• private note hidden •••"
# Columns that always hold private data, whatever frame they appear in.
EMAIL_COLUMNS = {"email", "Email"}
PHONE_COLUMNS = {"phone", "Phone"}
URL_COLUMNS = {"linkedin_url", "LinkedIn", "LinkedIn URL"}
PRIVATE_COLUMNS = {"private_notes", "Private notes"}
NAME_COLUMNS = {"full_name", "Name", "name_of_contact", "Person", "Referred by"}

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# Seven or more digits with the usual separators: +1 (403) 555-0111, 403.555.0111, 4035550111 …
_PHONE = re.compile(r"(?<![\w])\+?\(?\d[\d\s().-]{5,}\d(?![\w])")
_URL = re.compile(r"(?:https?://)?(?:www\.)?linkedin\.com/\S*", re.IGNORECASE)


def mask_email(value: str | None) -> str | None:
    """a•••@•••.com: the first letter and the top-level domain stay, so a coach sees there is an email."""
    if not value:
        return value
    local, _, domain = value.partition("@")
    tld = domain.rsplit(".", 1)[-1] if "." in domain else ""
    return f"{local[:1]}•••@•••.{tld}" if tld else f"{local[:1]}•••@•••"


def mask_phone(value: str | None) -> str | None:
    """Only the last two digits stay."""
    if not value:
        return value
    digits = re.sub(r"\D", "", value)
    return "•••-•••-••" + digits[-2:] if len(digits) >= 2 else "•••"


def mask_url(value: str | None) -> str | None:
    return "linkedin.com/in/•••" if value else value


def initials(name: str | None) -> str | None:
    """'Helen Nguyen' -> 'H. N.'"""
    if not name:
        return name
    return " ".join(f"{part[0]}." for part in name.split() if part)


def mask_text(value: str | None) -> str | None:
    """Hide emails, phone numbers and LinkedIn URLs inside free text."""
    if not value:
        return value
    value = _EMAIL.sub(lambda m: mask_email(m.group(0)), value)
    value = _URL.sub("linkedin.com/in/•••", value)
    return _PHONE.sub(lambda m: mask_phone(m.group(0)) if sum(c.isdigit() for c in m.group(0)) >= 7 else m.group(0), value)


def mask_frame(frame: pd.DataFrame, *, names: bool = False) -> pd.DataFrame:
    """A copy of the frame with private columns masked and private data inside free text hidden."""
    out = frame.copy()
    for column in out.columns:
        if column in EMAIL_COLUMNS:
            out[column] = out[column].map(mask_email, na_action="ignore")
        elif column in PHONE_COLUMNS:
            out[column] = out[column].map(mask_phone, na_action="ignore")
        elif column in URL_COLUMNS:
            out[column] = out[column].map(mask_url, na_action="ignore")
        elif column in PRIVATE_COLUMNS:
            out[column] = out[column].map(lambda v: PRIVATE_NOTE if v else v, na_action="ignore")
        elif names and column in NAME_COLUMNS:
            out[column] = out[column].map(initials, na_action="ignore")
        elif out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: mask_text(v) if isinstance(v, str) else v)
    return out
