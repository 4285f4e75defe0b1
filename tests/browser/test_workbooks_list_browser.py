"""Workbooks in Chromium: the list to open, archive or restore a workbook, after its labels change."""
import pytest
from playwright.sync_api import expect

from lib import workbooks
from tests.browser.conftest import (active_workbook, assert_no_exception, click_and_wait_for_run, open_page, screenshot,
                                   serve_demo, wait_idle)

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
    # A person's pace, not a wait for a result: a Restore within 2 s of Archive is the rest of a burst of clicks
    # (views/extra_clicks.reverses), which does nothing.
    page.wait_for_timeout(2500)
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


def test_a_double_click_on_create_workbook_creates_it_once_and_a_refused_name_stays(server, page):
    """A double click created nothing and emptied the box; a name over the limit emptied it too (found by a hostile
    tester)."""
    open_page(page, f"{server.url}/workbooks?wb={server.demo_id}")
    box = page.get_by_role("textbox", name="Name (for example the person's name)")
    box.fill("N" * 90)
    click_and_wait_for_run(page, page.get_by_role("button", name="Create workbook"))
    page.get_by_text("is 90 characters long; the limit is 80").wait_for()
    assert box.input_value() == "N" * 90
    box.fill("Dbl Two")
    page.get_by_role("button", name="Create workbook").dblclick()
    # a lasting sign, not the toast (gone after a few seconds): the new workbook is the open one
    expect(page.get_by_role("combobox", name="Workbook")).to_have_value("Dbl Two", timeout=30_000)
    wait_idle(page)
    assert_no_exception(page)
    assert page.get_by_text("is needed").count() == 0
    screenshot(page, "workbooks-created-by-a-double-click")
    assert active_workbook(page) == "Dbl Two"
    names = [o.inner_text() for o in page.locator("[data-testid=stRadio]").filter(has_text="Choose a workbook")
             .locator("[data-testid=stRadioOption]").all()]
    assert sum("Dbl Two" in n for n in names) == 1


def test_quick_clicks_on_create_workbook_open_it_once_with_no_false_message(server, page):
    """Five clicks 100 ms apart created it, left the old workbook open and said the name was needed (a hostile
    tester): the clicks in flight carried the old picker's choice and the list's label."""
    open_page(page, f"{server.url}/workbooks?wb={server.demo_id}")
    page.get_by_role("textbox", name="Name (for example the person's name)").fill("Rapid E")
    button = page.get_by_role("button", name="Create workbook")
    button.evaluate("""el => new Promise(done => { let n = 0;
                         const click = () => { el.click(); if (++n < 5) setTimeout(click, 100); else done(); };
                         click(); })""")
    # a lasting sign, not the toast
    expect(page.get_by_role("combobox", name="Workbook")).to_have_value("Rapid E", timeout=30_000)
    wait_idle(page)
    page.wait_for_timeout(1500)  # the pace of the last clicks' runs, not a wait for a result
    wait_idle(page)
    screenshot(page, "workbooks-created-by-quick-clicks")
    assert_no_exception(page)
    assert page.get_by_text("is needed").count() == 0
    assert active_workbook(page) == "Rapid E"
    chosen = page.locator("[data-testid=stRadio]").filter(has_text="Choose a workbook") \
        .locator("[data-testid=stRadioOption][data-selected=true]")
    assert "Rapid E" in chosen.inner_text()
