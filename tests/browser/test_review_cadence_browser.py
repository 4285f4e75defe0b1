"""Issue 15 item 6 in Chromium: a link with ?contact= opens Keep in touch on that person, with their cadence."""
import pytest
from playwright.sync_api import expect

from lib import keep_in_touch
from tests.browser.conftest import assert_no_exception, open_page, own_demo_server, screenshot

pytestmark = pytest.mark.browser


def _sixty_days(con, demo_id: int) -> int:
    person = keep_in_touch.people_met(con, demo_id)[0]["id"]
    keep_in_touch.set_cadence(con, demo_id, person, 60)
    return person


server = own_demo_server("review_cadence", _sixty_days)


def test_a_contact_link_opens_keep_in_touch_with_their_cadence(server, page):
    open_page(page, f"{server.url}/review?wb={server.demo_id}&contact={server.extra}")
    assert_no_exception(page)
    expect(page.get_by_role("tab", name="Keep in touch")).to_have_attribute("aria-selected", "true")
    form = page.locator("[data-testid=stForm]").filter(has=page.get_by_role("button", name="Save cadence"))
    expect(form.get_by_role("combobox", name="Keep in touch")).to_have_value("Every two months (60 days)")
    screenshot(page, "review-keep-in-touch-from-link")
