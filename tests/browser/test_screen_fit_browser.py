"""What fits the screen at 1280x720 (issue 15, items 13 and 15), in Chromium on the demo workbook:
no label or button cut off, every button named for a screen reader, little blank space above a title,
and Home's next actions above the fold."""
import re

import pytest

from lib import question_plans as plans
from lib import questions
from tests.browser.conftest import assert_no_exception, open_page, own_demo_server, screenshot, wait_idle

pytestmark = pytest.mark.browser

# Every view a person reaches with the demo data: (URL path and query, a view to click first or None).
VIEWS = [
    ("", None), ("goals", None), ("research", None), ("research", "Organizations"), ("research", "Import LinkedIn"),
    ("research?contact=1", None), ("research?org=1", None), ("outreach", None), ("questions", None),
    ("review", None), ("network", None), ("workbooks", None),
]

# Text cut short by its box (an ellipsis or hidden overflow) in a label, a button, a tab or a heading.
# Widget values (a long name in a picker, text typed in a box) may scroll; their labels may not.
CUT_OFF = """() => {
  const places = '[data-testid=stWidgetLabel], button, [role=tab], summary, [data-testid=stMetricLabel], '
               + '[data-testid=stHeading], [data-testid=stCheckbox] label, [data-testid=stRadio] label';
  const cut = [];
  for (const place of document.querySelectorAll(places)) {
    for (const el of [place, ...place.querySelectorAll('*')]) {
      if (el.getAttribute('data-testid') === 'stIconMaterial') continue;
      const text = (el.innerText || '').trim();
      if (!text || el.clientWidth <= 4) continue;  // hidden, or a screen-reader-only copy
      const style = getComputedStyle(el);
      const clips = style.textOverflow === 'ellipsis' || style.overflow === 'hidden' || style.overflowX === 'hidden';
      if (clips && el.scrollWidth > el.clientWidth + 1) cut.push(text.slice(0, 60));
    }
  }
  return [...new Set(cut)];
}"""

ICON_NAMES = "() => [...new Set([...document.querySelectorAll('[data-testid=stIconMaterial]')].map(e => e.innerText.trim()))]"


def _over_budget_plan(con, demo_id: int) -> int:
    """The first meeting's plan holds far more questions than its minutes: the page offers to drop some."""
    meeting = plans.meetings(con, demo_id)[0]
    ref = plans.meeting(meeting["id"])
    have = [q["question_id"] for q in plans.items(con, demo_id, ref)]
    bank, _ = questions.search(con, demo_id, exclude_ids=have, limit=min(15, plans.MAX_QUESTIONS - len(have)))
    plans.add(con, demo_id, ref, [q["id"] for q in bank])
    return meeting["id"]


server = own_demo_server("screenfit", _over_budget_plan)


def _open_view(page, server, path: str, click: str | None) -> None:
    open_page(page, f"{server.url}/{path}{'&' if '?' in path else '?'}wb={server.demo_id}")
    if click:
        page.locator("[data-testid=stMain]").get_by_text(click, exact=True).first.click()
        wait_idle(page)
    assert_no_exception(page)


def _each_tab_and_expander(page):
    """Open every expander, then show every tab in turn (a tab may rerun the page): yield after each."""
    def open_expanders():
        page.evaluate("() => document.querySelectorAll("
                      "'[data-testid=stMain] [data-testid=stExpander] details:not([open]) > summary')"
                      ".forEach(s => s.click())")
        wait_idle(page)
    open_expanders()
    yield "first"
    tabs = page.locator("[data-testid=stMain] [role=tab]")
    for i in range(tabs.count()):
        tab = tabs.nth(i)
        name = tab.inner_text().strip()
        tab.click()
        wait_idle(page)
        open_expanders()
        yield name


def _label(view: tuple) -> str:
    path, click = view
    return re.sub(r"\W+", "-", f"{path or 'home'}-{click or ''}").strip("-")


@pytest.mark.parametrize("view", VIEWS, ids=_label)
def test_no_label_or_button_is_cut_off_at_1280x720(server, page, view):
    _open_view(page, server, *view)
    found = {}
    for shown in _each_tab_and_expander(page):
        cut = page.evaluate(CUT_OFF)
        if cut:
            found[shown] = cut
    page.set_viewport_size({"width": 1280, "height": 2400})  # Streamlit scrolls inside its own container
    wait_idle(page)
    screenshot(page, f"screenfit-{_label(view)}")
    assert not found, f"cut off on {view}: {found}"


@pytest.mark.parametrize("view", VIEWS, ids=_label)
def test_every_button_has_a_name_a_screen_reader_can_say(server, page, view):
    _open_view(page, server, *view)
    cdp = page.context.new_cdp_session(page)
    unnamed = set()
    for _ in _each_tab_and_expander(page):
        icons = set(page.evaluate(ICON_NAMES))
        for node in cdp.send("Accessibility.getFullAXTree")["nodes"]:
            if node.get("ignored") or node.get("role", {}).get("value") != "button":
                continue
            name = node.get("name", {}).get("value", "").strip()
            # Streamlit names an icon-only button after its icon ("arrow_upward icon"): that says nothing.
            words = [w for w in name.split() if w not in icons and w != "icon"]
            if not words:
                unnamed.add(name)
    assert not unnamed, f"buttons with no real name on {view}: {sorted(unnamed)}"


def test_a_page_title_starts_near_the_top_and_nothing_covers_it(server, page):
    for path in ("", "research", "questions"):
        _open_view(page, server, path, None)
        title = page.locator("[data-testid=stMain] h1").first.bounding_box()
        collapse = page.locator("[data-testid=stSidebarCollapseButton]").bounding_box()
        assert title["y"] < 60, f"{title['y']} px of blank space above the title of {path or 'home'}"
        assert title["y"] >= 0
        assert collapse and collapse["y"] >= 0 and collapse["x"] + collapse["width"] <= title["x"]  # still reachable
        visible_header_parts = page.evaluate(
            "() => [...document.querySelectorAll('[data-testid=stHeader] *')].filter(e => "
            "{ const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && "
            "getComputedStyle(e).visibility !== 'hidden' && (e.innerText || '').trim(); }).length")
        if visible_header_parts:  # a toolbar in the header must not sit on top of the title
            header = page.locator("[data-testid=stHeader]").bounding_box()
            assert header["y"] + header["height"] <= title["y"] + 1
    screenshot(page, "screenfit-title-top")


def test_home_shows_the_next_actions_above_the_fold(server, page):
    _open_view(page, server, "", None)
    heading = page.get_by_role("heading", name="Next actions")
    box = heading.bounding_box()
    assert box is not None and box["y"] + box["height"] < 720 / 2, box
    first_action = page.locator("[class*=st-key-action_]").first.bounding_box()
    assert first_action["y"] < 720, first_action  # the first thing to do is on the first screen
    screenshot(page, "screenfit-home-fold")
