"""The Network page in Chromium: every chart drawn (one tab each) and screenshotted, a click lists people, downloads
work."""
import pytest

from tests.browser.conftest import (SCREENSHOTS, assert_no_exception, open_chart_tab, open_page, screenshot,
                                   wait_idle)

pytestmark = pytest.mark.browser

CHARTS = ["growth", "goal", "activity", "funnel", "tree"]


def _network(server, page, extra: str = "", chart: str = "growth") -> None:
    open_page(page, f"{server.url}/network?wb={server.demo_id}{extra}")
    open_chart_tab(page, chart)


def _click_mark(page, mark, shows: str) -> None:
    """Click a mark of a chart and wait until the list it opens, headed `shows`, is drawn without an error."""
    mark.scroll_into_view_if_needed()
    mark.click()
    wait_idle(page)
    page.get_by_text(shows).wait_for()
    assert_no_exception(page)


def _shoot_chart(page, name: str, prefix: str = "network") -> None:
    chart = page.locator(f".st-key-net_chart_{name}")
    chart.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    chart.screenshot(path=str(SCREENSHOTS / f"{prefix}-chart-{name}.png"))


def test_every_chart_is_drawn_on_the_demo_and_screenshotted(demo_server, page):
    _network(demo_server, page)
    assert_no_exception(page)
    screenshot(page, "network-demo-full")
    for name in CHARTS:
        open_chart_tab(page, name)
        assert page.locator("[data-testid=stVegaLiteChart], [data-testid=stArrowVegaLiteChart]").count() == 1  # the open tab's
        assert_no_exception(page)
        _shoot_chart(page, name)
        assert page.locator(f".st-key-net_chart_{name}").bounding_box()["width"] > 700  # the main column beside the sidebar at 1280 px


def test_the_page_fits_a_projector_without_scrolling_sideways(demo_server, page):
    _network(demo_server, page)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


def test_clicking_a_funnel_bar_lists_the_people_behind_it(demo_server, page):
    _network(demo_server, page, chart="funnel")
    chart = page.locator(".st-key-net_chart_funnel")
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    # the top bar (Identified, everyone) spans most of the width just under the title
    page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + 55)
    wait_idle(page)
    page.get_by_text("Identified ·").wait_for()
    assert_no_exception(page)
    table = page.locator("[data-testid=stDataFrame]").first
    table.scroll_into_view_if_needed()
    assert table.is_visible()
    screenshot(page, "network-demo-funnel-clicked")


def test_a_chart_downloads_as_a_png_file(demo_server, page):
    _network(demo_server, page, chart="funnel")
    button = page.locator(".st-key-net_png_network-funnel button, .st-key-net_png_network-funnel a").first
    button.scroll_into_view_if_needed()
    with page.expect_download() as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "network-funnel.png"
    with open(download.path(), "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"


def test_in_screen_share_mode_the_tree_shows_initials(demo_server, page, share_mode_reset):
    share_mode_reset(demo_server)  # the mode is stored on the server: off again for the tests after this one
    _network(demo_server, page, "&share=true&share_names=true", chart="tree")
    assert_no_exception(page)
    _shoot_chart(page, "tree", prefix="network-share")
    tree_text = page.locator(".st-key-net_chart_tree").inner_text()
    assert "Aisha Bello" not in tree_text


def test_an_empty_workbook_shows_next_steps_instead_of_charts(demo_server, page):
    open_page(page, f"{demo_server.url}/network?wb={demo_server.first_id}")
    assert_no_exception(page)
    assert page.get_by_text("Nobody is in this network yet").count() >= 1
    screenshot(page, "network-empty")


def test_clicking_a_person_in_the_tree_lists_them_and_whom_they_introduced(demo_server, page):
    _network(demo_server, page, chart="tree")
    _click_mark(page, page.locator('.st-key-net_chart_tree g.mark-symbol path[aria-label*="Aisha Bello"]').first,
                "Aisha Bello and the people they introduced")
    table = page.locator("[data-testid=stDataFrame]").first
    table.scroll_into_view_if_needed()
    screenshot(page, "network-demo-tree-clicked")


def test_clicking_a_growth_bar_lists_who_was_in_the_network_that_week(demo_server, page):
    _network(demo_server, page)
    _click_mark(page, page.locator('.st-key-net_chart_growth g.mark-rect path[aria-label*="Referral"]').last,
                "Referral: in your network by the end of the week of")
