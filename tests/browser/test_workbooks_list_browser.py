"""Workbooks in Chromium: the list to open, archive or restore a workbook, after its labels change."""
import pytest

from lib import workbooks
from tests.browser.conftest import assert_no_exception, click_and_wait_for_run, open_page, screenshot, serve_demo

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server of its own: these tests archive workbooks."""
    with serve_demo(tmp_path_factory, "workbooks_list",
                    prepare=lambda con, demo_id: workbooks.create(con, "<b>y</b> **x**")) as s:
        yield s


def test_archiving_then_restoring_acts_on_the_workbook_still_chosen(server, page):
    """Archiving changes the chosen workbook's label ("· archived"), while the browser's next click still carries the
    old one: Restore must act on it (found by a hostile tester: nothing chosen, then an error)."""
    open_page(page, f"{server.url}/workbooks?wb={server.demo_id}")
    options = page.locator("[data-testid=stRadio]").filter(has_text="Choose a workbook") \
        .locator("[data-testid=stRadioOption]")
    hostile = options.filter(has_text="<b>y</b> **x**")
    click_and_wait_for_run(page, hostile)
    click_and_wait_for_run(page, page.get_by_role("button", name="Archive", exact=True))
    assert_no_exception(page)
    assert "archived" in hostile.inner_text() and hostile.get_attribute("data-selected") == "true"
    click_and_wait_for_run(page, page.get_by_role("button", name="Restore", exact=True))
    assert_no_exception(page)
    assert "archived" not in hostile.inner_text() and hostile.get_attribute("data-selected") == "true"
    screenshot(page, "workbooks-list-restored")


def test_each_tab_counts_the_script_runs_it_saw_finish(server, page):
    """click_and_wait_for_run leans on this count when a quick run is drawn in one render: it must count."""
    open_page(page, f"{server.url}/workbooks?wb={server.demo_id}")
    before = page.evaluate("() => window.__scriptFinished")
    click_and_wait_for_run(page, page.locator("[data-testid=stButtonGroup] button", has_text="Progress report").first)
    assert before >= 1 and page.evaluate("() => window.__scriptFinished") > before
