"""Text search, one way for every list: what a person types is matched literally, in any case, inside
text columns. `%`, `_` and `\\` in it are escaped, so a search for "_" finds only rows holding an "_".
"""
from __future__ import annotations

from collections.abc import Sequence

# The escape character for the patterns below, spelled as SQL reads it.
_ESCAPE_SQL = "ESCAPE '\\'"


def like_pattern(text: str | None) -> str | None:
    """`%text%` for ILIKE with `\\`, `%` and `_` escaped (surrounding blanks dropped); None for blank text."""
    needle = (text or "").strip()
    if not needle:
        return None
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def like(column: str) -> str:
    """The SQL test `column` holds the pattern bound to its one `?` (a pattern from like_pattern)."""
    return f"{column} ILIKE ? {_ESCAPE_SQL}"


def any_column(columns: Sequence[str], text: str | None) -> tuple[str, list]:
    """A SQL condition, in brackets, true where any of `columns` holds `text`, and its parameters;
    ("TRUE", []) when the text is blank. A NULL column simply does not match."""
    pattern = like_pattern(text)
    if pattern is None:
        return "TRUE", []
    return "(" + " OR ".join(like(c) for c in columns) + ")", [pattern] * len(columns)


def every_word(columns: Sequence[str], text: str | None, extra: Sequence[str] = ()) -> tuple[str, list]:
    """A SQL condition true where each word of `text` is held by one of `columns` (or satisfies one of
    `extra`, SQL tests with one `?` each built with `like`), and its parameters; ("TRUE", []) when blank."""
    parts, params = [], []
    for word in (text or "").split():
        checks = [like(c) for c in columns] + list(extra)
        parts.append("(" + " OR ".join(checks) + ")")
        params += [like_pattern(word)] * len(checks)
    return (" AND ".join(parts) or "TRUE"), params
