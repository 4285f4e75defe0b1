"""How the Questions page words a question's tags and its filter options."""
from __future__ import annotations

from lib import vocab

CATEGORY_OPTIONS = [None, *vocab.QUESTION_CATEGORIES]
TIARA_OPTIONS = [None, *vocab.TIARA]


def category_option(key: str | None) -> str:
    return "Any" if key is None else vocab.QUESTION_CATEGORIES[key]


def tiara_option(key: str | None) -> str:
    return "Any" if key is None else vocab.TIARA[key]


def tags(q: dict) -> str:
    """Category · TIARA · minutes of one question."""
    parts = [vocab.label(vocab.QUESTION_CATEGORIES, q["category"])]
    if q.get("tiara"):
        parts.append(vocab.label(vocab.TIARA, q["tiara"]))
    parts.append(f"{q['minutes']:g} min")
    return " · ".join(parts)
