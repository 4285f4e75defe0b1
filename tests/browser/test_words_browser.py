"""Issue 15, item 10 in the browser: pages with tables of missing values render, and their screenshots show blank
cells. The grid draws on a canvas: its accessible copy (read here) holds raw values, ISO dates included, and never
the grey "None" the canvas draws, so that rule is guarded by the AppTest check of each table's `placeholder`
(tests/test_words_on_screen.py); look at the screenshots saved here."""
import pytest

from tests.browser.conftest import assert_no_exception, open_page, screenshot

pytestmark = pytest.mark.browser


def _cells(pg) -> list[str]:
    """The text of every cell of the page's first table, from the grid's accessible copy (the canvas has no text)."""
    grid = pg.locator("[data-testid=stDataFrame]").first
    grid.wait_for()
    cells = pg.locator("[data-testid=stDataFrame] td")
    cells.first.wait_for(state="attached")  # the accessible copy is filled after the canvas is drawn
    return cells.all_inner_texts()


def test_the_coach_overview_shows_a_workbook_without_activity_as_a_blank_date(page, demo_server):
    open_page(page, f"{demo_server.url}/workbooks?wb={demo_server.demo_id}")
    assert_no_exception(page)
    cells = _cells(page)
    screenshot(page, "words_workbooks")
    assert cells, "the overview table drew no cells"
    assert not [c for c in cells if c.strip() in ("None", "nan", "NaT")], cells
    assert "Empty workbook" in cells  # the row whose last activity is missing is drawn


def test_the_people_list_shows_missing_notes_as_blank_cells(page, demo_server):
    open_page(page, f"{demo_server.url}/research?wb={demo_server.demo_id}")
    assert_no_exception(page)
    cells = _cells(page)
    screenshot(page, "words_research_people")
    assert cells, "the people table drew no cells"
    assert not [c for c in cells if c.strip() in ("None", "nan", "NaT")], cells
