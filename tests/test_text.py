"""lib/text.py: cleaning typed text and making it literal for Markdown."""
import pytest

from lib.errors import Invalid
from lib.text import clean, md_escape


def test_clean_strips_and_turns_empty_into_none():
    assert clean("  Helen  ", field="Name") == "Helen"
    assert clean("   ", field="Name") is None


def test_clean_refuses_what_a_person_must_fix_with_the_limit_in_the_message():
    with pytest.raises(Invalid, match="is needed"):
        clean(" ", field="Name", required=True)
    with pytest.raises(Invalid, match="limit is 10"):
        clean("x" * 11, field="Name", limit=10)
    with pytest.raises(Invalid, match="NUL"):
        clean("a\x00b", field="Name")


def test_clean_keeps_emoji_right_to_left_and_combining_characters_exactly():
    for text in ("Zoë 👋", "مرحبا بالعالم", "e\u0301cole"):
        assert clean(text, field="Notes") == text


@pytest.mark.parametrize("typed, literal", [
    ("**bold**", r"\*\*bold\*\*"),
    ("[x](javascript:alert(1))", r"\[x\](javascript:alert(1))"),
    ("<script>", r"\<script\>"),
    ("costs $5 to $10", r"costs \$5 to \$10"),
    ("# heading", r"\# heading"),
    ("- not a list", r"\- not a list"),
    ("12. not a list", r"12\. not a list"),
    ("line one\nline two", "line one  \nline two"),
])
def test_md_escape_makes_markdown_literal(typed, literal):
    assert md_escape(typed) == literal


def test_md_escape_of_nothing_is_empty():
    assert md_escape(None) == "" and md_escape("") == ""
