"""Home for a returning person: the next actions come first, the progress and the five steps after (issue 15,
item 13). Where they sit on a 1280x720 screen is checked in tests/browser/test_screen_fit_browser.py."""
import pytest

from tests.conftest import page_errors

pytestmark = pytest.mark.apptest


def drawn_in_order(node) -> list:
    """Every element under `node`, in the order the page draws them."""
    children = getattr(node, "children", None)
    if children is None:
        return [node]
    return [el for key in sorted(children) for el in drawn_in_order(children[key])]


def test_the_next_actions_are_drawn_before_the_progress_and_the_five_steps(demo_app):
    demo_app.run()
    assert not page_errors(demo_app)
    elements = drawn_in_order(demo_app.main)
    kinds = [(el.type, getattr(el, "value", None)) for el in elements]
    first_action = kinds.index(("header", "Next actions"))
    progress = next(i for i, (kind, _) in enumerate(kinds) if kind == "progress")
    steps = kinds.index(("header", "The five steps"))
    assert first_action < progress < steps
    titles = [i for i, (kind, _) in enumerate(kinds) if kind == "title"]
    assert titles and titles[0] < first_action
