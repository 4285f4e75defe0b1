"""lib/render.py: labels built from templates with escaped values, spreadsheet-safe CSVs, masked nested data."""
import io

import pandas as pd
import pytest

from lib import privacy
from lib.render import Md, csv_bytes, escape, figure_cards, map_text, markdown_table, md, spreadsheet_safe


def test_md_escapes_each_value_and_keeps_the_template():
    label = md("**Open** {who} · {org}", who="**x** :red[y]", org="$z$")
    assert label.startswith("**Open** \\*\\*x\\*\\*")
    assert "\\[y\\]" in label and "\\$z\\$" in label
    assert isinstance(label, Md)


def test_md_keeps_a_value_that_is_already_safe():
    assert md("Hi {who}", who=Md("**H. N.**")) == "Hi **H. N.**"
    assert escape(Md("**kept**")) == "**kept**"


@pytest.mark.parametrize("template", ["{who.__class__}", "{who[0]}", "{who!r}", "{who:>10}"])
def test_md_refuses_fields_that_could_reach_beyond_the_value(template):
    with pytest.raises(ValueError):
        md(template, who="x")


def test_escape_of_nothing_is_empty():
    assert escape(None) == "" and escape("") == ""


def test_a_csv_cell_that_a_spreadsheet_would_run_gets_an_apostrophe():
    frame = pd.DataFrame({"Name": ['=HYPERLINK("http://evil.example","x")', "=1+1", "+1", "-2", "@SUM(A1)",
                                   "'quoted", "Helen"], "n": [1, 2, 3, 4, 5, 6, 7]})
    out = pd.read_csv(io.BytesIO(csv_bytes(frame)), encoding="utf-8-sig", dtype=str)
    assert out["Name"].tolist() == ['\'=HYPERLINK("http://evil.example","x")', "'=1+1", "'+1", "'-2", "'@SUM(A1)",
                                    "''quoted", "Helen"]
    assert out["n"].tolist() == [str(i) for i in range(1, 8)]  # numbers stay numbers


def test_spreadsheet_safe_leaves_the_original_frame_alone_and_escapes_headers():
    frame = pd.DataFrame({"=cmd": ["=1"]})
    out = spreadsheet_safe(frame)
    assert list(out.columns) == ["'=cmd"] and out.iloc[0, 0] == "'=1"
    assert frame.iloc[0, 0] == "=1"


def test_map_text_masks_strings_and_hides_private_keys():
    data = {"title": "Call 403-555-0188", "questions": [{"text": "Q", "notes": "secret", "minutes": 1.5}],
            "research": [("About", "mail helen@x.example")]}
    out = map_text(data, privacy.mask_text, private=lambda v: privacy.PRIVATE_NOTE, private_keys=("notes",))
    assert out["title"] == "Call •••-•••-••88"
    assert out["questions"][0] == {"text": "Q", "notes": privacy.PRIVATE_NOTE, "minutes": 1.5}
    assert out["research"] == [("About", "mail h•••@•••.example")]
    assert data["questions"][0]["notes"] == "secret"


def test_names_become_initials_inside_free_text():
    text = "Hi Helen, Aisha Bello suggested I write. Aisha said Helena is away."
    assert privacy.names_to_initials(text, ["Helen Nguyen", "Aisha Bello"]) == \
        "Hi H., A. B. suggested I write. A. said Helena is away."


def test_names_become_initials_however_they_are_typed():
    """'ZHOU', 'mei-lin' and 'noah' stayed on a shared screen (found by a hostile tester)."""
    text = "Mei said ZHOU knows mei-lin zhou; ask Noah or NOAH WILLIAMS. Helena stays."
    assert privacy.names_to_initials(text, ["Mei Lin Zhou", "Noah Williams", "Helen Nguyen"]) == \
        "M. said Z. knows M. L. Z.; ask N. or N. W. Helena stays."


def test_a_name_part_that_is_also_a_word_is_hidden_only_as_a_name():
    assert privacy.names_to_initials("Will said they will call; WILL agreed.", ["Will Park"]) == \
        "W. said they will call; W. agreed."


def test_a_markdown_table_keeps_every_cell_literal_and_on_its_row():
    from datetime import date

    frame = pd.DataFrame({"Person": ["**x**", "![x](http://127.0.0.1:9/x)", "a | b\nc"],
                          "Due": [date(2026, 12, 3), None, float("nan")]})
    table = markdown_table(frame).split("\n")
    assert table[:2] == ["| Person | Due |", "| --- | --- |"]
    assert len(table) == 5                                  # the line break in a cell did not start a row
    assert table[2] == "| \\*\\*x\\*\\* | 3 Dec 2026 |"
    assert "![x](" not in table[3] and "\\!\\[x\\]" in table[3] and table[3].endswith("|  |")
    assert table[4] == "| a \\| b c |  |"              # the pipe cannot split the cell


def test_figure_cards_escape_every_text_and_attribute():
    block = figure_cards([("<b>x</b>", "<img src=http://127.0.0.1:9/x>", "a & b", 'say "hi" <i>'),
                          ("Met", 3, "2 behind", "", "bad"), ("Rate", "40%", "", "", "<script>")])
    assert "<b>" not in block and "<img" not in block and "<i>" not in block and "<script>" not in block
    assert "&lt;b&gt;x&lt;/b&gt;" in block and "a &amp; b" in block
    assert 'title="say &quot;hi&quot; &lt;i&gt;"' in block  # a quote cannot end the attribute
    assert '<div class="iiw-note bad" title="2 behind">▼ 2 behind</div>' in block
    assert block.count('class="iiw-figure"') == 3 and block.count("iiw-note") == 2  # the third has no note: no empty pill


def test_figure_cards_tell_the_css_how_long_each_value_is_so_a_long_one_shrinks_to_fit():
    block = figure_cards([("Meetings held", "2,861 of 3,000"), ("Met", 3)])
    assert 'style="--chars: 14"' in block and 'style="--chars: 1"' in block
