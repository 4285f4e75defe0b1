"""How user data becomes screen text and downloads, without Streamlit: Markdown-safe labels and safe CSVs.

lib/ui.py wraps these with the session's screen-share state (`ui.text`, `ui.name`, `ui.md`, `ui.csv_bytes`);
pages use those. Everything here is pure and unit-tested.

- `Md` marks a string that is already safe to hand to an element that reads Markdown.
- `md(template, **values)` fills a template written by the developer with values escaped for Markdown
  (values that are already `Md` are kept as they are), so a label cannot carry user Markdown by mistake.
- `spreadsheet_safe(frame)` / `csv_bytes(frame)`: every CSV a person can download is written like the
  export zip's: a text cell a spreadsheet would read as a formula gets one leading apostrophe.
"""
from __future__ import annotations

import html
import string
from datetime import date, datetime

import pandas as pd

from lib import wording
from lib.backup import neutralize_cell
from lib.text import md_escape


class Md(str):
    """A string that is safe where Streamlit reads Markdown: written by the developer or escaped."""


def escape(value: object) -> Md:
    """User data made literal for Markdown (see lib.text.md_escape); an `Md` passes unchanged."""
    if isinstance(value, Md):
        return value
    return Md(md_escape("" if value is None else str(value)))


def md(template: str, /, **values: object) -> Md:
    """`template.format(**values)` with every value escaped for Markdown unless it is already `Md`.

    The template is the developer's Markdown (bold, icons, colours are fine there); only `{name}` fields
    are filled, with no attribute or index access, so a value cannot pull anything else in.
    """
    for _, field, spec, conversion in string.Formatter().parse(template):
        if field is not None and (not field.isidentifier() or spec or conversion):
            raise ValueError(f"md() takes plain {{name}} fields only, not {{{field}}}")
    return Md(template.format(**{key: escape(value) for key, value in values.items()}))


def markdown_table(frame: pd.DataFrame) -> Md:
    """A small frame as one Markdown table, every header and cell escaped (a line break becomes a space, so a
    cell cannot end its row). For short read-only lists: one element where a dataframe is a grid component
    (~13 ms more per table to draw in the browser). Dates read as elsewhere in the app; empty cells stay empty."""
    def cell(value: object) -> str:
        if value is None or (isinstance(value, float) and value != value):
            return ""
        if isinstance(value, (datetime, pd.Timestamp)):
            value = wording.day_and_time(value)
        elif isinstance(value, date):
            value = wording.day(value)
        return escape(" ".join(str(value).split()))

    rows = [[cell(c) for c in frame.columns], ["---"] * len(frame.columns)]
    rows += [[cell(v) for v in row] for row in frame.itertuples(index=False)]
    return Md("\n".join("| " + " | ".join(r) + " |" for r in rows))


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy where every text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) or that starts
    with an apostrophe gets one leading apostrophe, exactly as the export zip writes it (lib.backup)."""
    out = frame.copy()
    for position in range(out.shape[1]):
        series = out.iloc[:, position]
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            out.isetitem(position, series.map(lambda v: neutralize_cell(v) if isinstance(v, str) else v).astype(object))
    out.columns = [neutralize_cell(str(c)) for c in out.columns]
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as a UTF-8 CSV (with BOM, so Excel reads accents right) that is safe to open in a spreadsheet."""
    return spreadsheet_safe(frame).to_csv(index=False).encode("utf-8-sig")


def map_text(value, fn, *, private=None, private_keys=()):
    """A copy of nested dicts/lists/tuples with every string passed through `fn`; strings under a dict key in
    `private_keys` through `private` instead. Other values are kept as they are."""
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, dict):
        return {k: (private(v) if private and k in private_keys and isinstance(v, str)
                    else map_text(v, fn, private=private, private_keys=private_keys)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(map_text(v, fn, private=private, private_keys=private_keys) for v in value)
    return value


def figure_cards(cards) -> str:
    """A row of figure cards (the look of st.metric, drawn by views/layout.py's CSS) as one HTML block. A card is
    (label, value), (label, value, note, tooltip) or (label, value, note, tooltip, "good" | "bad"): the note sits
    under the value, coloured and with an arrow by its tone; an empty note or tooltip is left out. A value's length
    (--chars) lets the CSS shrink a long one to fit its card ("2,861 of 3,000" was cut short). Every text is
    HTML-escaped, attributes included."""
    def card(label: str, value: object, note: str = "", tooltip: str = "", tone: str = "") -> str:
        esc = html.escape
        tip = f' <span class="iiw-tip" title="{esc(tooltip)}" aria-label="{esc(tooltip)}">?</span>' if tooltip else ""
        tone = tone if tone in ("good", "bad") else ""
        arrow = {"good": "▲ ", "bad": "▼ "}.get(tone, "")  # not by colour alone
        under = f'<div class="iiw-note {tone}" title="{esc(note)}">{arrow}{esc(note)}</div>' if note else ""
        return (f'<div class="iiw-figure" role="group" aria-label="{esc(label)}"><div class="iiw-label">'
                f'{esc(label)}{tip}</div><div class="iiw-value" style="--chars: {max(len(str(value)), 1)}" '
                f'title="{esc(str(value))}">{esc(str(value))}</div>'
                f'{under}</div>')

    return '<div class="iiw-figures">' + "".join(card(*c) for c in cards) + "</div>"
