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


def _cells_drawn_blank(pg, server, path: str, shot: str, table: str, query: str = "") -> list[str]:
    """Open `path` (with `query`) on the demo workbook and screenshot it; its first table drew cells, none "None"."""
    open_page(pg, f"{server.url}/{path}?wb={server.demo_id}{query}")
    assert_no_exception(pg)
    cells = _cells(pg)
    screenshot(pg, shot)
    assert cells, f"the {table} table drew no cells"
    assert not [c for c in cells if c.strip() in ("None", "nan", "NaT")], cells
    return cells


def test_the_coach_overview_shows_a_workbook_without_activity_as_a_blank_date(page, demo_server):
    cells = _cells_drawn_blank(page, demo_server, "workbooks", "words_workbooks", "overview", "&view=clients")
    assert "Empty workbook" in cells  # the row whose last activity is missing is drawn


def test_the_people_list_shows_missing_notes_as_blank_cells(page, demo_server):
    _cells_drawn_blank(page, demo_server, "research", "words_research_people", "people")
