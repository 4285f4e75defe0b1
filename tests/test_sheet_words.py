"""Issue 15 item 12: the printed question sheet (Markdown, PDF, and the preview on the Print tab) speaks to the
person, not in the method's codes: no M1…M32, no bare tags; TIARA, when shown, in words."""
import io
import re

import pytest
from pypdf import PdfReader

from lib import question_plans as plans, sheets, vocab
from tests.conftest import DEMO_TODAY, open_page, page_errors

CODE = re.compile(r"\bM\d{1,2}\b")


@pytest.fixture
def data(con, demo_id):
    mid = plans.meetings(con, demo_id, DEMO_TODAY)[0]["id"]
    plans.set_must_ask(con, demo_id, plans.meeting(mid), plans.items(con, demo_id, plans.meeting(mid))[0]["question_id"], True)
    return sheets.sheet_data(con, demo_id, mid)


def _pdf_text(raw: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(raw)).pages)


def _tag_lines(text: str) -> list[str]:
    return [line.strip().strip("_") for line in text.splitlines() if "min" in line and "·" in line]


def test_the_markdown_sheet_has_no_method_codes_and_no_bare_tags(data):
    text = sheets.markdown(data)
    assert not CODE.findall(text)
    tags = _tag_lines(text)
    assert tags, "each question still says how long it takes"
    bare = set(vocab.TIARA.values()) | set(vocab.QUESTION_CATEGORIES.values())
    assert not [t for t in tags if bare & {part.strip() for part in t.split("·")}]
    assert any("must ask" in t for t in tags)


def test_the_pdf_sheet_has_no_method_codes(data):
    text = _pdf_text(sheets.pdf_bytes(data, "A4"))
    assert not CODE.findall(text)
    assert "Trends ·" not in text and "Advice ·" not in text and "Insights ·" not in text


@pytest.mark.apptest
def test_the_print_preview_has_no_method_codes(demo_app):
    open_page(demo_app, "questions", check=False)
    demo_app.session_state["q_tab"] = "Print"
    demo_app.run()
    assert not page_errors(demo_app)
    preview = [m.value for m in demo_app.markdown if m.value.startswith("# Questions for")]
    assert preview and not CODE.findall(preview[0])
