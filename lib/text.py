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


# Every ASCII character CommonMark, GFM or Streamlit's Markdown extensions give a meaning to. A backslash makes
# each one literal: emphasis, links and images, HTML and autolinks, KaTeX ($), tables, strikethrough, headings,
# directive labels and attributes ([...], {...}) and entities (&amp;). Lists, rules and setext headings only
# start a line.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|$~!&])")
_MD_LINE_START = re.compile(r"(?m)^(\s*)([-+=]|\d+[.)](?=\s|$))")
# Emoji shortcodes (:x:), Material icons (:material/home:) and bare links (http://…, www.…, a@b.co) are found
# in the text *after* backslashes are resolved, so a backslash cannot stop them: an invisible word joiner
# after a colon that starts a word, inside "www." and before "@" breaks each pattern.
_UNLINK = re.compile(r"(?i):(?=[\w+\-/])|(?<=\bwww)(?=\.)|(?=@)")
WORD_JOINER = "\u2060"


def md_escape(value: str | None, *, unlink: bool = True) -> str:
    """A person's text made literal for any place Streamlit reads Markdown (headings, captions, labels,
    messages, st.markdown, Markdown downloads): nothing in it becomes emphasis, a link, an image, HTML, maths,
    a coloured span, an icon, an emoji, a heading, a list or a table, and line breaks stay.

    The text reads the same on screen; the only invisible change is a word joiner (U+2060) after a colon that
    starts a word, inside "www." and before "@" (so ":x:" stays two colons and an x, and no address links).
    `unlink=False` for a Markdown file: no word joiners, which broke a meeting link copied out of it ("https:" and
    a joiner: a hostile tester); a link or an emoji in a file a person keeps fetches nothing on our page.
    """
    text = str(value) if value is not None else ""
    if unlink:
        text = _UNLINK.sub(lambda m: m.group(0) + WORD_JOINER, text)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # A line starting with "-", "+", "=", "1." or "1)" would become a list, a rule or a heading underline;
    # leading spaces an indented code block.
    text = _MD_LINE_START.sub(lambda m: f"{m.group(1)}{m.group(2)[:-1]}\\{m.group(2)[-1]}", text)
    text = re.sub(r"(?m)^[ \t]+", lambda m: "\u00a0" * len(m.group(0)), text)
    return text.replace("\r\n", "\n").replace("\n", "  \n")
