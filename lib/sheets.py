"""The printable question sheet of a meeting (M20): Markdown and PDF (A4 or US Letter).

Who, when and where; the purpose in one line; research notes about the person and the organization
(never their private notes or contact details); the numbered questions with room for notes.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import duckdb
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from lib import db, question_plans, vocab
from lib.text import md_escape
from lib import wording

PAPERS = {"A4": "A4", "Letter": "Letter"}
PAPER_LABELS = {"A4": "A4", "Letter": "US Letter"}
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian's fonts-dejavu-core: every accent prints
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
PURPOSE_CHARS = 200
NOTE_LINES = 3

def _one_line(text: str | None, limit: int = PURPOSE_CHARS) -> str:
    """The first sentence, on one line, cut at a word boundary if still long."""
    text = " ".join((text or "").split())
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if len(first) <= limit:
        return first
    return first[: limit - 1].rsplit(" ", 1)[0] + "…"


@db.reads
def sheet_data(con: duckdb.DuckDBPyConnection, workbook_id: int, meeting_id: int) -> dict:
    """Everything the sheet prints, gathered once."""
    info = question_plans.meeting_info(con, workbook_id, meeting_id)
    plan = question_plans.items(con, workbook_id, question_plans.meeting(meeting_id))
    who = ", ".join(filter(None, [info["full_name"], info["title"], info["organization"]]))
    when = f"{wording.weekday(info['scheduled_at'])}, {info['scheduled_at']:%H:%M}"
    fmt = vocab.label(vocab.FORMATS, info["format"])
    where = f"{fmt}: {info['location']}" if info["location"] else fmt
    if info["purpose"]:
        purpose = _one_line(info["purpose"])
    else:
        about = " at ".join(filter(None, [info["title"], info["organization"]])) or "their work"
        purpose = f"Learn about {about}, and who else to talk to. Not a job request."
    research = []
    if info["contact_notes"]:
        research.append((f"About {info['full_name']}", info["contact_notes"]))
    if info["organization"]:
        facts = ", ".join(filter(None, [info["industry"], info["org_location"]]))
        label = f"About {info['organization']}" + (f" ({facts})" if facts else "")
        if info["organization_notes"]:
            research.append((label, info["organization_notes"]))
        if info["why_interested"]:
            research.append(("Why this organization", info["why_interested"]))
    b = question_plans.budget(plan, info["duration_minutes"])
    return {
        "title": f"Questions for {info['full_name']}",
        "who": who,
        "when": f"{when} ({info['duration_minutes']} minutes agreed)",
        "where": where,
        "purpose": purpose,
        "research": research,
        "questions": plan,
        "total_minutes": b["total"],
        "duration": info["duration_minutes"],
        "my_name": info["my_name"],
    }


def with_name(data: dict, full_name: str, shown: str) -> dict:
    """A copy of the sheet data with the person's name replaced (initials on a shared screen)."""
    if not full_name or shown == full_name:
        return data

    def swap(text: str) -> str:
        return text.replace(full_name, shown)

    return {**data, "title": swap(data["title"]), "who": swap(data["who"]),
            "research": [(swap(label), swap(text)) for label, text in data["research"]]}


# What each TIARA kind of question asks for, in words: the sheet is read by people who never saw the method.
TIARA_WORDS = {
    "trends": "Asks about trends in the field",
    "insights": "Asks for their own insights",
    "advice": "Asks for advice",
    "resources": "Asks for resources to learn from",
    "assignments": "Asks what you could try yourself",
}


def _tags(q: dict) -> str:
    """The line under a question: what it asks for, how long it takes, whether it must be asked (no codes)."""
    parts = [TIARA_WORDS[q["tiara"]]] if q.get("tiara") in TIARA_WORDS else []
    parts.append(f"about {q['minutes']:g} min")
    if q.get("must_ask"):
        parts.append("must ask")
    return " · ".join(parts)


def _closing_reminder(data: dict) -> str:
    return (f"Keep to the {data['duration']} minutes you agreed. Before the end, ask who else to "
            "talk to and whether you may mention their name. Thank them, and send a thank-you within a day.")


def markdown(data: dict, *, for_file: bool = False) -> str:
    """The sheet as Markdown (user text escaped), for the page or (`for_file`) for a download."""
    def e(value: str | None) -> str:
        return md_escape(value, unlink=not for_file)

    lines = [
        f"# {e(data['title'])}", "",
        f"- **Who:** {e(data['who'])}",
        f"- **When:** {e(data['when'])}",
        f"- **Where:** {e(data['where'])}",
        f"- **Purpose:** {e(data['purpose'])}", "",
    ]
    if data["research"]:
        lines += ["## Research notes", ""]
        lines += [f"- **{e(label)}:** {e(' '.join(text.split()))}" for label, text in data["research"]]
        lines.append("")
    count = len(data["questions"])
    lines += [f"## Questions ({count}, about {data['total_minutes']:g} of {data['duration']} minutes)", ""]
    if not count:
        lines += ["No questions planned yet.", ""]
    for i, q in enumerate(data["questions"], start=1):
        pad = " " * len(f"{i}. ")  # continuation lines line up with the item's text, so they stay in it
        lines.append(f"{i}. **{e(q['text'])}**  ")
        lines.append(f"{pad}_{e(_tags(q))}_")
        lines.append("")
        if q.get("notes"):
            lines.append(f"{pad}Notes: {e(' '.join(q['notes'].split()))}")
        else:
            lines.append(f"{pad}Notes: ____________________________________________")
        lines.append("")
    lines += ["---", "", e(_closing_reminder(data)), ""]
    return "\n".join(lines)


class _Sheet(FPDF):
    footer_text = ""
    font_name = "DejaVu"

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.font_name, "", 8)
        self.set_text_color(110)
        self.cell(0, 6, f"{self.footer_text} · page {self.page_no()} of {{nb}}", align="C")
        self.set_text_color(0)


def _new_pdf(paper: str) -> _Sheet:
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {sorted(PAPERS)}")
    pdf = _Sheet(format=PAPERS[paper], unit="mm")
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=18)
    if all((FONT_DIR / f).exists() for f in FONT_FILES.values()):
        for style, file in FONT_FILES.items():
            pdf.add_font("DejaVu", style, str(FONT_DIR / file))
    else:  # without DejaVu the core font prints Latin-1 only
        pdf.font_name = "Helvetica"
    return pdf


def _text(pdf: _Sheet, value: str) -> str:
    if pdf.font_name == "Helvetica":
        return value.replace("…", "...").replace("·", "-").encode("latin-1", "replace").decode("latin-1")
    return value


def _pdf_question(pdf, width: float, i: int, q: dict) -> None:
    """Question `i` with its tags, its notes and ruled lines to write on, on a new page when it would split."""
    t = lambda s: _text(pdf, s)  # noqa: E731
    line_gap = 6.5
    pdf.set_font(pdf.font_name, "B", 10.5)
    lines = len(pdf.multi_cell(width - 9, 5.5, t(q["text"]), dry_run=True, output="LINES", align="L"))
    needed = lines * 5.5 + 5 + NOTE_LINES * line_gap + 3
    if pdf.get_y() + needed > pdf.page_break_trigger:
        pdf.add_page()
    pdf.cell(9, 5.5, f"{i}.")
    pdf.multi_cell(width - 9, 5.5, t(q["text"]), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.set_x(pdf.l_margin + 9)
    pdf.set_font(pdf.font_name, "I", 8.5)
    pdf.set_text_color(90)
    pdf.cell(width - 9, 5, t(_tags(q)), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.set_text_color(0)
    if q.get("notes"):
        pdf.set_x(pdf.l_margin + 9)
        pdf.set_font(pdf.font_name, "", 9.5)
        pdf.multi_cell(width - 9, 5, t("Notes: " + " ".join(q["notes"].split())), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.set_draw_color(185)
    for _ in range(NOTE_LINES):
        y = pdf.get_y() + line_gap
        pdf.line(pdf.l_margin + 9, y, pdf.l_margin + width, y)
        pdf.set_y(y)
    pdf.set_draw_color(0)
    pdf.ln(3)


def pdf_bytes(data: dict, paper: str = "A4") -> bytes:
    """The sheet as a PDF on A4 or US Letter."""
    pdf = _new_pdf(paper)
    t = lambda s: _text(pdf, s)  # noqa: E731
    pdf.footer_text = t(data["title"])
    pdf.set_title(t(data["title"]))
    pdf.add_page()
    width = pdf.epw
    pdf.set_font(pdf.font_name, "B", 16)
    pdf.multi_cell(width, 8, t(data["title"]), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.ln(1)
    for label, value in (("Who", data["who"]), ("When", data["when"]), ("Where", data["where"]),
                         ("Purpose", data["purpose"])):
        pdf.set_font(pdf.font_name, "B", 10)
        pdf.cell(20, 5.5, t(label))
        pdf.set_font(pdf.font_name, "", 10)
        pdf.multi_cell(width - 20, 5.5, t(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    if data["research"]:
        pdf.ln(3)
        pdf.set_font(pdf.font_name, "B", 12)
        pdf.cell(width, 7, t("Research notes"), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        for label, value in data["research"]:
            pdf.set_font(pdf.font_name, "B", 9.5)
            pdf.multi_cell(width, 5, t(label), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
            pdf.set_font(pdf.font_name, "", 9.5)
            pdf.multi_cell(width, 5, t(" ".join(value.split())), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
            pdf.ln(1)
    pdf.ln(3)
    pdf.set_font(pdf.font_name, "B", 12)
    count = len(data["questions"])
    pdf.cell(width, 7, t(f"Questions ({count}, about {data['total_minutes']:g} of {data['duration']} minutes)"),
             new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    if not count:
        pdf.set_font(pdf.font_name, "", 10)
        pdf.cell(width, 6, t("No questions planned yet."), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    for i, q in enumerate(data["questions"], start=1):
        _pdf_question(pdf, width, i, q)
    pdf.ln(2)
    pdf.set_font(pdf.font_name, "I", 9)
    pdf.multi_cell(width, 5, t(_closing_reminder(data)), new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    return bytes(pdf.output())


def file_stem(data: dict) -> str:
    """A file name without extension: questions-<person>-<date>."""
    name = unicodedata.normalize("NFKD", data["title"].lower().removeprefix("questions for "))
    name = "".join(c for c in name if not unicodedata.combining(c))  # Zoë Côté -> zoe cote
    slug = re.sub(r"[^a-z0-9]+", "-", name).strip("-") or "meeting"
    return f"questions-{slug}"
