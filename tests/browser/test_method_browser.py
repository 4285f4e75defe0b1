"""The Method page in Chromium: /method#m14 shows that point, and a tooltip's link opens the page at its point."""
import pytest

from tests.browser.conftest import SCREENSHOTS, assert_no_exception, open_page, screenshot, wait_idle

pytestmark = pytest.mark.browser

IN_VIEW = """(id) => { const el = document.getElementById(id);
                        if (!el) return false;
                        const top = el.getBoundingClientRect().top;
                        return top >= 0 && top < window.innerHeight / 2; }"""


def test_the_method_page_opens_at_the_point_its_link_names(demo_server, page):
    open_page(page, f"{demo_server.url}/method#m14")
    assert_no_exception(page)
    page.wait_for_function(IN_VIEW, arg="m14")   # the point is at the top of the screen, not 2,000 px down
    assert page.locator("#m14").inner_text().strip() == "Have your pitch ready and say why you ask"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "method-m14.png"))   # what the screen shows, not the whole page


def test_a_tooltip_names_the_point_and_its_link_opens_the_method_page_there(demo_server, page):
    open_page(page, f"{demo_server.url}/goals?wb={demo_server.first_id}")  # no goal yet: its form is open
    heading = page.locator("[data-testid=stHeadingWithActionElements]", has_text="Purpose")
    heading.locator("[data-testid=stTooltipHoverTarget]").first.hover()
    link = page.locator("[data-testid=stTooltipContent] a", has_text="Go to learn, not to ask for a job")
    link.wait_for()
    assert link.get_attribute("href") == "method#m1"
    screenshot(page, "method-tooltip-goals")
    with page.context.expect_page() as opened:
        link.click()
    method_tab = opened.value
    wait_idle(method_tab)
    assert_no_exception(method_tab)
    method_tab.wait_for_function(IN_VIEW, arg="m1")
    assert "/method" in method_tab.url


def test_visiting_the_method_page_again_in_the_tab_raises_no_script_error(demo_server, page):
    """Its scrolling script runs at every visit: a second top-level declaration of the same name was a SyntaxError."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_page(page, f"{demo_server.url}/method?wb={demo_server.demo_id}")
    for label in ("Home", "Method", "Home", "Method"):
        page.locator("[data-testid=stSidebarNav] a", has_text=label).first.click()
        page.wait_for_function("method => location.pathname.endsWith('/method') === method", arg=label == "Method")
        wait_idle(page)
    assert not errors, errors
