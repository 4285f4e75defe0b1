"""The Network page in Chromium at 1280×720 on workbooks of 1 and 5 people (issue 15 item 8): every chart drawn
and screenshotted, and a click on the 5-person LinkedIn bar lists those five."""
from datetime import date

import pytest

from tests.browser.conftest import (SCREENSHOTS, assert_no_exception, click_and_wait_for_run, open_chart_tab, open_page,
                                   screenshot, serve_demo)
from tests.test_network_small import five_people, one_person

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def small_server(tmp_path_factory):
    def prepare(con, _demo_id):
        return {"one": one_person(con, date.today()), "five": five_people(con, date.today())}

    with serve_demo(tmp_path_factory, "network-small", prepare=prepare) as server:
        yield server


def _network(server, page, which: str) -> None:
    open_page(page, f"{server.url}/network?wb={server.extra[which]}")
    open_chart_tab(page, "growth")
    assert_no_exception(page)


@pytest.mark.parametrize("which, charts", [("one", ["growth", "goal", "funnel"]),
                                           ("five", ["growth", "goal", "activity", "funnel"])])
def test_a_small_workbook_draws_every_chart_and_is_screenshotted(small_server, page, which, charts):
    _network(small_server, page, which)
    screenshot(page, f"network-{which}-full")
    for name in reversed(charts):  # the growth chart's tab last: its labels are checked below
        open_chart_tab(page, name)
        assert_no_exception(page)
        chart = page.locator(f".st-key-net_chart_{name}")
        chart.scroll_into_view_if_needed()
        chart.screenshot(path=str(SCREENSHOTS / f"network-{which}-chart-{name}.png"))
    # the goal's start and target labels are drawn apart (each on a row of its own)
    boxes = [page.locator(".st-key-net_chart_growth text", has_text=label).first.bounding_box()
             for label in ("Goal start", "Target date")]
    assert all(boxes)
    top, bottom = sorted(boxes, key=lambda b: b["y"])
    assert top["y"] + top["height"] <= bottom["y"] + 1


def test_clicking_the_five_person_linkedin_bar_lists_those_five(small_server, page):
    _network(small_server, page, "five")
    bar = page.locator('.st-key-net_chart_growth g.mark-rect path[aria-label*="LinkedIn"]').first
    bar.scroll_into_view_if_needed()
    click_and_wait_for_run(page, bar)
    # the list's own line: "LinkedIn connection:" alone can be found in the chart's tooltip before the run is drawn
    page.get_by_text("LinkedIn connection: in your network by the end of the week of").first.wait_for()
    assert_no_exception(page)
    assert page.get_by_text("· 5 people").count() == 1
    assert page.get_by_text("LinkedIn connection: in your network by the end of the week of").count() == 1
    assert page.get_by_text("Nobody behind this mark").count() == 0
    table = page.locator("[data-testid=stDataFrame]").first
    table.scroll_into_view_if_needed()
    assert table.is_visible()
    screenshot(page, "network-five-linkedin-clicked")
