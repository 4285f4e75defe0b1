"""Method ids (M1…M32) never reach the screen: points are named in words in tooltips that link to the Method page.

Issue 15, item 12. The walk reads every string an element or block sends to the browser (labels, bodies, captions,
expander titles, options, placeholders) except the help= tooltip, on every page of the demo workbook, including the
views a deep link opens (a person, a meeting's plan, a meeting's review).
"""
from __future__ import annotations

import re

import pytest
from google.protobuf.descriptor import FieldDescriptor

from lib import db, method
from views.registry import PAGES
from tests.conftest import open_box, open_page

pytestmark = pytest.mark.apptest

LINK = re.compile(r"\]\(method#([a-z0-9]+)\)")


def _strings(message, path=""):
    """(field path, text) of every string field of a protobuf message, nested ones included."""
    for field, value in message.ListFields():
        if field.type == FieldDescriptor.TYPE_MESSAGE:
            items = [value] if hasattr(value, "ListFields") else value  # one message, or a repeated field
            for item in items:
                if hasattr(item, "ListFields"):
                    yield from _strings(item, f"{path}.{field.name}")
        elif field.type == FieldDescriptor.TYPE_STRING:
            for item in [value] if isinstance(value, str) else value:
                yield f"{path}.{field.name}", item


def _nodes(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def shown_and_help(at):
    """What a page shows (field path, text), and its help tooltips, across main area and sidebar."""
    shown, helps = [], []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "ListFields"):
            continue
        for path, value in _strings(proto, type(node).__name__):
            if path.endswith(".help") or path.endswith(".tooltip"):
                helps.append(value)
            elif not path.endswith((".id", ".form_id", ".key", ".anchor", ".icon", ".url", ".page_script_hash",
                                    ".default", ".type")):
                shown.append((path, value))
    return shown, helps


def _demo_ids(db_path):
    con = db.open(db_path)
    contact = con.execute("SELECT min(id) FROM contacts").fetchone()[0]
    meeting = con.execute("SELECT min(m.id) FROM meetings m JOIN reviews r ON r.meeting_id = m.id").fetchone()[0]
    org = con.execute("SELECT min(id) FROM organizations").fetchone()[0]
    con.close()
    return contact, meeting, org


# Each page as it opens, then the views a deep link, a tab or a switch opens (lazy tabs draw only when open).
VIEWS = [(page, {}, {}) for page in sorted(PAGES)] + [
    ("research", {"contact": "contact"}, {}),
    ("research", {"org": "org"}, {}),
    ("research", {}, {"research_view": "organizations"}),
    ("research", {}, {"research_view": "import"}),
    ("outreach", {"contact": "contact"}, {}),
    *[("outreach", {}, {"outreach_tabs": tab}) for tab in ("Attempts", "Follow-ups", "Meetings")],
    ("questions", {"meeting": "meeting"}, {}),
    ("questions", {}, {"q_mode": "template"}),
    *[("questions", {"meeting": "meeting"}, {"q_tab": tab}) for tab in ("Question bank", "Live meeting")],
    ("questions", {"meeting": "meeting"}, {"q_tab": "Print"}),  # the printed sheet's preview
    ("review", {"meeting": "meeting"}, {}),
    *[("review", {}, {"review_tab": tab}) for tab in ("Keep in touch", "What you learned", "Value summary")],
]


def _view_id(view):
    page, params, state = view
    return "-".join([page, *params, *state.values()])


@pytest.mark.parametrize("view", VIEWS, ids=_view_id)
def test_no_method_id_is_printed_on_a_page(demo_app, db_path, view):
    page, params, state = view
    contact, meeting, org = _demo_ids(db_path)
    ids = {"contact": contact, "meeting": meeting, "org": org}
    for name, which in params.items():
        demo_app.query_params[name] = str(ids[which])
    for key, value in state.items():
        demo_app.session_state[key] = value
    open_page(demo_app, page)
    shown, _ = shown_and_help(demo_app)
    printed = [(path, text) for path, text in shown if method.VISIBLE_ID.search(text)]
    assert not printed, printed


def test_the_method_page_explains_all_32_points_each_at_its_anchor(app):
    open_page(app, "method")
    anchors = {h.proto.anchor: h.value for h in app.subheader}
    for point in method.POINTS.values():
        assert anchors.get(point.anchor) == point.title
        assert any(m.value == point.explanation for m in app.markdown)
    assert len(method.POINTS) == 32 and "tiara" in anchors
    shown, _ = shown_and_help(app)
    assert not [t for _, t in shown if method.VISIBLE_ID.search(t)]


def _method_anchors(at):
    at.switch_page(PAGES["method"]).run()
    return {h.proto.anchor for h in at.subheader} | {h.proto.anchor for h in at.header}


@pytest.mark.parametrize("page", sorted(set(PAGES) - {"method"}))
def test_every_method_link_in_a_tooltip_opens_an_anchor_that_exists(demo_app, page):
    open_page(demo_app, page, check=False)
    _, helps = shown_and_help(demo_app)
    targets = {a for h in helps for a in LINK.findall(h)}
    anchors = _method_anchors(demo_app)
    assert targets <= anchors, targets - anchors


def test_each_step_page_links_to_the_method_somewhere(demo_app, db_path):
    found = {}
    demo_app.query_params["meeting"] = str(_demo_ids(db_path)[1])   # Review shows its form for a chosen meeting
    demo_app.run()
    for page in ("goals", "research", "outreach", "questions", "review"):
        demo_app.switch_page(PAGES[page]).run()
        _, helps = shown_and_help(demo_app)
        found[page] = {a for h in helps for a in LINK.findall(h)}
    assert all(found.values()), found


def test_tiara_is_spelled_out_where_the_questions_page_first_uses_it(demo_app):
    open_page(demo_app, "questions", check=False)
    coverage = [m for m in demo_app.markdown if m.value.startswith("**Coverage**")]
    assert coverage and all("TIARA" in m.value and "Trends" in (m.proto.help or "") for m in coverage)
    open_box(demo_app, "q_bank_box_meeting")  # "Add questions from the bank"
    tiara_boxes = [s for s in demo_app.selectbox if s.label == "TIARA"]
    assert tiara_boxes and all("Trends, Insights, Advice, Resources" in (s.help or "") for s in tiara_boxes)


def test_a_help_text_names_points_in_words_and_refuses_unknown_ids():
    text = method.help_text("M16–M17")
    assert "Fit their schedule" in text and "(method#m16)" in text and "(method#m17)" in text
    assert not method.VISIBLE_ID.search(text)
    with pytest.raises(KeyError):
        method.help_text("M33")


@pytest.mark.parametrize("page", sorted(PAGES))
def test_no_method_id_is_printed_on_an_empty_workbook(app, page):
    open_page(app, page)
    shown, _ = shown_and_help(app)
    assert not [(path, text) for path, text in shown if method.VISIBLE_ID.search(text)]
