"""lib/report.py: a client's progress summary as Markdown and PDF."""
import io

import pytest
from pypdf import PdfReader

from lib import report, text, workbooks
from tests.conftest import DEMO_TODAY


@pytest.fixture
def summary(con, demo_id):
    return report.gather(con, demo_id, today=DEMO_TODAY)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_report_states_the_goal_and_the_progress(summary):
    md = report.to_markdown(summary)
    assert "Understand how water" in md
    assert "**Interviews held:** 10 of 12 (83%)" in md
    assert "**Follow-ups overdue:** 5" in md


def test_the_report_lists_the_five_latest_insights_newest_first(summary):
    assert len(summary.insights) == report.RECENT_INSIGHTS
    days = [row["met_on"] for row in summary.insights]
    assert days == sorted(days, reverse=True)
    assert summary.insights[0]["insights"] in report.to_markdown(summary).replace("\\", "")


def test_the_report_carries_at_least_one_chart_that_renders_as_a_png(summary):
    assert summary.charts
    images = report.render_charts(summary)
    assert images and all(png.startswith(b"\x89PNG") for png in images.values())


def test_the_markdown_embeds_charts_as_images_when_given(summary):
    md = report.to_markdown(summary, images={"Growth": b"\x89PNGfake"})
    assert "![Growth](data:image/png;base64," in md


def test_the_pdf_is_a_readable_document_with_the_same_facts(summary):
    data = report.to_pdf(summary)
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    assert "Progress summary: Demo: Mateo Alvarez" in text
    assert "10 of 12 (83%)" in text
    assert "Recent insights" in text


def test_the_pdf_keeps_accents_and_typographic_characters(con, demo_id):
    con.execute("UPDATE goals SET location = ? WHERE workbook_id = ?", ["Bogotá → Calgary — “soon”", demo_id])
    text = _pdf_text(report.to_pdf(report.gather(con, demo_id, today=DEMO_TODAY, charts=False)))
    assert "Bogotá" in text and "Calgary" in text


def test_a_new_workbook_gets_a_report_that_says_what_is_missing(con):
    empty = workbooks.create(con, "Client: Jordan Lee")
    summary = report.gather(con, empty, today=DEMO_TODAY)
    md = report.to_markdown(summary)
    assert "No goal written yet" in md and "No reviewed meetings yet" in md
    assert _pdf_text(report.to_pdf(summary)).count("No reviewed meetings yet") == 1


def test_markdown_in_a_persons_text_is_shown_literally(con, demo_id):
    con.execute("UPDATE goals SET purpose = ? WHERE workbook_id = ?",
                ["# Big *news* [click](http://evil.example) <script>x</script> $x$", demo_id])
    md = report.to_markdown(report.gather(con, demo_id, today=DEMO_TODAY, charts=False))
    assert "\\# Big \\*news\\* \\[click\\](http:\u2060//evil.example) \\<script\\>x\\</script\\> \\$x\\$" in md


def test_the_markdown_download_keeps_links_and_times_as_typed_without_invisible_joiners(con, demo_id):
    """A hostile tester: a meeting link copied out of the downloaded file was "https:" and an invisible U+2060."""
    con.execute("UPDATE goals SET purpose = ? WHERE workbook_id = ?",
                ["Meet at https://meet.example.com/abc-def at 10:00 *sharp*", demo_id])
    summary = report.gather(con, demo_id, today=DEMO_TODAY, charts=False)
    md = report.to_markdown(summary, for_file=True)
    assert "\u2060" not in md and "https://meet.example.com/abc-def at 10:00 \\*sharp\\*" in md
    assert "https:\u2060//" in report.to_markdown(summary)   # on the page Streamlit would still link it


def test_a_line_that_would_become_a_list_is_escaped():
    assert text.md_escape("- not a list\n1. nor this") == "\\- not a list  \n1\\. nor this"


def test_in_screen_share_mode_the_report_hides_private_details(con, demo_id):
    con.execute("UPDATE reviews SET insights = insights || ' Call her on 403-555-0111 or helen@x.example.'"
                " WHERE workbook_id = ?", [demo_id])
    masked = report.gather(con, demo_id, today=DEMO_TODAY, mask=True, charts=False)
    md, pdf = report.to_markdown(masked), _pdf_text(report.to_pdf(masked))
    for out in (md, pdf):
        assert "403-555-0111" not in out and "helen@x.example" not in out
    assert "•••-•••-••11" in md


def test_names_can_be_shown_as_initials_in_the_report(con, demo_id):
    masked = report.gather(con, demo_id, today=DEMO_TODAY, mask=True, names=True, charts=False)
    md = report.to_markdown(masked)
    assert "Julia Novak" not in md and "J. N." in md
    assert masked.title == "Progress summary: D. M. A."


def test_initials_reach_anyone_of_the_workbook_the_free_text_names(con, demo_id):
    """Only the people met were turned into initials: a referral named in an insight stayed (found by a hostile
    tester)."""
    shown = {r["full_name"] for r in report.gather(con, demo_id, today=DEMO_TODAY, charts=False).insights}
    other = next(n for (n,) in con.execute("SELECT full_name FROM contacts WHERE workbook_id = ? ORDER BY id",
                                           [demo_id]).fetchall() if n not in shown)
    first, last = other.split()[0], other.split()[-1]
    con.execute("UPDATE reviews SET insights = insights || ? WHERE workbook_id = ?",
                [f" Ask {first} about it; {other} knows more. {last.upper()} agreed.", demo_id])
    md = report.to_markdown(report.gather(con, demo_id, today=DEMO_TODAY, mask=True, names=True, charts=False))
    assert f"Ask {first[0]}. about it" in md and f"{first[0]}. {last[0]}. knows more" in md
    assert first not in md and other not in md and f" {last.upper()} agreed" not in md
    plain = report.to_markdown(report.gather(con, demo_id, today=DEMO_TODAY, mask=True, charts=False))
    assert other in plain  # names stay unless initials are asked for


def test_without_screen_share_mode_names_stay(summary):
    assert "Julia Novak" in report.to_markdown(summary)


def test_private_notes_never_appear_in_a_report(con, demo_id):
    notes = [r[0] for r in con.execute(
        "SELECT private_notes FROM contacts WHERE workbook_id = ? AND private_notes IS NOT NULL", [demo_id]).fetchall()]
    summary = report.gather(con, demo_id, today=DEMO_TODAY, charts=False)
    md = report.to_markdown(summary)
    assert notes and not any(note in md for note in notes)


def test_the_own_chart_is_used_when_the_network_charts_are_missing(con, demo_id, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "lib.charts", None)  # `from lib import charts` now fails
    charts = report.build_charts(con, demo_id, DEMO_TODAY, {})
    assert [title for title, _ in charts] == ["Network and meetings over time"]
    assert report.chart_png(charts[0][1]).startswith(b"\x89PNG")


def test_the_weekly_progress_counts_grow_to_todays_totals(con, demo_id):
    frame = report.weekly_progress(con, demo_id, DEMO_TODAY, {})
    assert frame["People in the network"].is_monotonic_increasing
    assert frame["Meetings held"].iloc[-1] == 10


def test_file_names_are_safe_and_dated(summary):
    assert report.file_name(summary, "pdf") == "progress-demo-mateo-alvarez-2026-03-11.pdf"
    hostile = report.Report(workbook="../../etc/passwd: ☃", today=DEMO_TODAY)
    assert report.file_name(hostile, "md") == "progress-etc-passwd-2026-03-11.md"



def test_a_masked_report_is_named_without_the_workbooks_name(con, demo_id):
    con.execute("UPDATE workbooks SET name = 'Ben Carter 403-555-0188 secret@example.com' WHERE id = ?", [demo_id])
    masked = report.gather(con, demo_id, today=DEMO_TODAY, mask=True, charts=False)
    assert report.file_name(masked, "pdf") == "progress-report-2026-03-11.pdf"
