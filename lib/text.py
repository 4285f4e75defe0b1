"""Clean and check free text typed by a person, the same way on every form."""
from __future__ import annotations

import re

from lib.errors import Invalid

# Long enough for a page of meeting notes, short enough that a paste accident is caught.
MAX_NOTE_CHARS = 20_000
MAX_SHORT_CHARS = 300


def clean(value: str | None, *, field: str, required: bool = False, limit: int = MAX_SHORT_CHARS) -> str | None:
    """Strip the text; None when empty. Raise Invalid when required and empty, too long, or holding NUL bytes.

    Text is never truncated silently: over the limit is refused with the limit in the message.
    """
    text = (value or "").strip()
    if "\x00" in text:
        raise Invalid(f"{field} contains an invisible NUL character; please retype it.")
    if not text:
        if required:
            raise Invalid(f"{field} is needed.")
        return None
    if len(text) > limit:
        raise Invalid(f"{field} is {len(text):,} characters long; the limit is {limit:,}. Please shorten it.")
    return text


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|$~!])")
_MD_LINE_START = re.compile(r"(?m)^(\s*)([-+]|\d+[.)])(\s)")


def md_escape(value: str | None) -> str:
    """A person's text made literal for any place Streamlit reads Markdown (labels, captions, messages):
    no emphasis, links, HTML, maths ($…$) or headings sneak in, and line breaks stay."""
    text = _MD_SPECIAL.sub(r"\\\1", value or "")
    # A line starting with "-", "+", "1." or "1)" would become a list.
    text = _MD_LINE_START.sub(lambda m: f"{m.group(1)}{m.group(2)[:-1]}\\{m.group(2)[-1]}{m.group(3)}", text)
    return text.replace("\n", "  \n")
