"""Every page through app.py in Chromium: renders, no exception, a screenshot to look at."""
import pytest

from views.registry import PAGES
from tests.browser.conftest import active_workbook, assert_no_exception, open_page, screenshot, wait_idle

pytestmark = pytest.mark.browser

URL_PATHS = {"home": "", "goals": "goals", "research": "research", "outreach": "outreach",
             "questions": "questions", "review": "review", "network": "network", "workbooks": "workbooks",
             "method": "method"}


def test_every_page_is_reachable_by_its_url():
    assert set(URL_PATHS) == set(PAGES)


SHOWN = {"demo": "Demo: Mateo Alvarez", "empty": "Empty workbook"}  # the workbook opened, its name in the picker


@pytest.mark.parametrize("workbook", list(SHOWN))
@pytest.mark.parametrize("name", list(URL_PATHS))
def test_every_page_renders_on_the_demo_and_on_an_empty_workbook(demo_server, page, name, workbook):
    query = f"?wb={demo_server.demo_id if workbook == 'demo' else demo_server.first_id}"
    open_page(page, f"{demo_server.url}/{URL_PATHS[name]}{query}")
    screenshot(page, f"{workbook}-{name}")
    assert_no_exception(page)
    # The sidebar picker runs on every page (app.py is the entry point of every page).
    assert active_workbook(page) == SHOWN[workbook]


def test_the_chosen_workbook_stays_in_the_url_across_pages(demo_server, page):
    open_page(page, f"{demo_server.url}/?wb={demo_server.demo_id}")
    page.get_by_role("link", name="Network").click()
    wait_idle(page)
    assert f"wb={demo_server.demo_id}" in page.url
    page.reload()
    wait_idle(page)
    assert active_workbook(page) == "Demo: Mateo Alvarez"


@pytest.mark.parametrize("workbook", list(SHOWN))
def test_a_sidebar_link_opened_in_a_new_tab_stays_in_the_workbook(demo_server, page, workbook):
    """The sidebar's links carry no ?wb=: a page opened from one in a new tab opens the workbook the person was in
    (the one last opened), not the first one, where a coach could write in another client's workbook unawares."""
    opened = demo_server.demo_id if workbook == "demo" else demo_server.first_id
    open_page(page, f"{demo_server.url}/research?wb={opened}")
    href = page.get_by_role("link", name="3 · Outreach").get_attribute("href")
    assert "wb=" not in href  # what a new tab gets from the link: nothing but the page
    tab = page.context.new_page()
    open_page(tab, href if href.startswith("http") else f"{demo_server.url}/{href.lstrip('/')}")
    assert active_workbook(tab) == SHOWN[workbook]
    assert_no_exception(tab)


def test_the_element_kinds_code_is_loaded_after_the_first_page_not_at_the_first_visit_of_another(demo_server, page):
    """The tab's first page imports the other pages' element kinds once the browser is idle (views/layout.py): a first
    visit of Research, Outreach and Network then fetches none of that code while the person waits."""
    from views.layout import chunk_files
    files = chunk_files()
    open_page(page, f"{demo_server.url}/?wb={demo_server.demo_id}")
    page.wait_for_function("files => files.every(f => performance.getEntriesByType('resource')"
                           ".some(e => e.name.endsWith('/' + f)))", arg=files)
    fetched = []
    page.on("request", lambda r: fetched.append(r.url.rsplit("/", 1)[-1]))
    for label, title in (("2 · Research", "Research"), ("3 · Outreach", "Outreach"), ("Network", "Network")):
        page.locator("[data-testid=stSidebarNav] a", has_text=label).first.click()
        page.get_by_role("heading", name=title, exact=True).first.wait_for()
        wait_idle(page)
        assert_no_exception(page)
    assert not [f for f in fetched if f in files], fetched
