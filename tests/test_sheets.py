"""The printable question sheet: Markdown, and PDF on A4 and US Letter, read back with pypdf."""
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from lib import question_plans as plans, questions, sheets
from tests.conftest import DEMO_TODAY

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


@pytest.fixture
def meeting_id(con, demo_id):
    """The demo's next meeting, with an accented name so the font is put to the test."""
    mid = plans.meetings(con, demo_id, DEMO_TODAY)[0]["id"]
    con.execute("UPDATE contacts SET full_name = 'Zoë Côté-Núñez' WHERE id = (SELECT contact_id FROM meetings WHERE id = ?)",
                [mid])
    return mid


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_sheet_data_says_who_when_where_and_why(con, demo_id, meeting_id):
    data = sheets.sheet_data(con, demo_id, meeting_id)
    assert data["who"].startswith("Zoë Côté-Núñez")
    assert "15 minutes agreed" in data["when"] or "20 minutes agreed" in data["when"]
    assert data["where"]
    assert data["purpose"] and "\n" not in data["purpose"] and len(data["purpose"]) <= sheets.PURPOSE_CHARS


def test_the_sheet_never_prints_private_notes_or_contact_details(con, demo_id, meeting_id):
    con.execute("UPDATE contacts SET private_notes = 'Secret: salary talk', email = 'zoe@example.com'"
                " WHERE id = (SELECT contact_id FROM meetings WHERE id = ?)", [meeting_id])
    text = sheets.markdown(sheets.sheet_data(con, demo_id, meeting_id))
    assert "Secret" not in text and "zoe@example.com" not in text


def test_the_markdown_numbers_every_question_with_room_for_notes(con, demo_id, meeting_id):
    md = sheets.markdown(sheets.sheet_data(con, demo_id, meeting_id))
    plan = plans.items(con, demo_id, plans.meeting(meeting_id))
    for i, q in enumerate(plan, start=1):
        assert f"{i}. **{sheets.md_escape(q['text'])}**" in md
    assert md.count("Notes: ____") == len(plan)
    assert "## Research notes" in md


def test_the_markdown_escapes_user_text(con, demo_id, meeting_id):
    qid = questions.add(con, demo_id, text="Is *this* <b>bold</b> [a link](x)?", category="role")
    plans.add(con, demo_id, plans.meeting(meeting_id), qid)
    md = sheets.markdown(sheets.sheet_data(con, demo_id, meeting_id))
    assert r"Is \*this\* \<b\>bold\</b\> \[a link\](x)?" in md


def test_the_markdown_download_has_no_invisible_joiners_in_links_and_times(con, demo_id, meeting_id):
    con.execute("UPDATE meetings SET location = ? WHERE id = ?", ["https://meet.example.com/abc-def", meeting_id])
    data = sheets.sheet_data(con, demo_id, meeting_id)
    for_file = sheets.markdown(data, for_file=True)
    assert "\u2060" not in for_file and "https://meet.example.com/abc-def" in for_file
    assert "\u2060" in sheets.markdown(data)   # on the page: no link, no emoji made of the person's colons


def test_the_purpose_is_cut_to_one_line():
    long = "First sentence is here. Second one follows."
    assert sheets._one_line(long) == "First sentence is here."
    assert sheets._one_line("word " * 100).endswith("…")


@pytest.mark.parametrize("paper, size", [("A4", (595, 842)), ("Letter", (612, 792))])
def test_the_pdf_is_on_the_chosen_paper(con, demo_id, meeting_id, paper, size):
    pdf = PdfReader(io.BytesIO(sheets.pdf_bytes(sheets.sheet_data(con, demo_id, meeting_id), paper)))
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size


def test_the_pdf_text_holds_the_accented_name_and_every_question(con, demo_id, meeting_id):
    data = sheets.sheet_data(con, demo_id, meeting_id)
    text = " ".join(_pdf_text(sheets.pdf_bytes(data, "A4")).split())
    assert "Zoë Côté-Núñez" in text
    for q in data["questions"]:
        assert " ".join(q["text"].split()[:5]) in text
    assert "Research notes" in text and "Purpose" in text


def test_the_pdf_of_a_meeting_without_questions_says_so(con, demo_id):
    empty = next(m for m in plans.meetings(con, demo_id, DEMO_TODAY) if not m["questions"])
    text = _pdf_text(sheets.pdf_bytes(sheets.sheet_data(con, demo_id, empty["id"]), "Letter"))
    assert "No questions planned yet." in text


def test_notes_taken_in_the_meeting_print_under_their_question(con, demo_id, meeting_id):
    first = plans.items(con, demo_id, plans.meeting(meeting_id))[0]["question_id"]
    plans.save_note(con, demo_id, meeting_id, first, "Two years to licence")
    data = sheets.sheet_data(con, demo_id, meeting_id)
    assert "Notes: Two years to licence" in sheets.markdown(data)
    assert "Two years to licence" in _pdf_text(sheets.pdf_bytes(data))


def test_the_file_name_is_made_of_safe_characters(con, demo_id, meeting_id):
    assert sheets.file_stem(sheets.sheet_data(con, demo_id, meeting_id)) == "questions-zoe-cote-nunez"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_first_pdf_page_renders_to_an_image(con, demo_id, meeting_id, tmp_path, paper):
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(sheets.pdf_bytes(sheets.sheet_data(con, demo_id, meeting_id), paper))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"questions-sheet-{paper.lower()}"
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(target)],
                   check=True, timeout=60)
    png = target.with_suffix(".png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
