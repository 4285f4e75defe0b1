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
    ("[x](javascript:alert(1))", r"\[x\](javascript:" "\u2060" r"alert(1))"),
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


# Each construct Streamlit's Markdown reads, and what must stay of it once escaped: no unescaped opener.
WJ = "\u2060"


@pytest.mark.parametrize("typed, literal", [
    ("**x**", r"\*\*x\*\*"),
    ("__x__", r"\_\_x\_\_"),
    ("![x](http://127.0.0.1:9/x)", r"\!\[x\](http:" + WJ + r"//127.0.0.1:" + WJ + r"9/x)"),
    (":red[x]", ":" + WJ + r"red\[x\]"),
    (":blue-badge[x]", ":" + WJ + r"blue-badge\[x\]"),
    (":material/home:", ":" + WJ + r"material/home:"),
    (":smile:", ":" + WJ + r"smile:"),
    ("$x$", r"\$x\$"),
    ("http://evil.example", "http:" + WJ + "//evil.example"),
    ("www.evil.example", "www" + WJ + ".evil.example"),
    ("a@evil.example", "a" + WJ + "@evil.example"),
    ("<b>x</b>", r"\<b\>x\</b\>"),
    ("~~x~~", r"\~\~x\~\~"),
    ("`x`", r"\`x\`"),
    ("a | b", r"a \| b"),
    ("&amp;", r"\&amp;"),
    ("---", r"\---"),
    ("x\n===", "x  \n" + r"\==="),
    ("    code", "\u00a0" * 4 + "code"),
])
def test_md_escape_leaves_no_construct_streamlit_would_render(typed, literal):
    assert md_escape(typed) == literal


def test_md_escape_keeps_ordinary_names_readable():
    for name in ("Helen Nguyen", "H. N.", "Zoë O'Brien", "Bow River Water Partners, Inc"):
        assert md_escape(name) == name
