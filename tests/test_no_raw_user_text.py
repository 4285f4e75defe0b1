"""A static check of app_pages/ and views/: no user field is formatted straight into an element that reads Markdown.

A label like f"Open {c['organization']}" renders Markdown from whatever the organization is called; it must be
ui.md("Open {org}", org=...) or wrap the value in ui.text()/ui.name(). This test reads every page's source and
fails on an f-string argument of a Markdown-reading call whose placeholder is a user field (a subscript or an
attribute named like one) not wrapped in one of the render helpers. It is a safety net for the usual mistake,
not a proof: the browser crawl (tests/browser/test_markdown_crawl.py) is the proof.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

_ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted([*(_ROOT / "app_pages").glob("*.py"), *(_ROOT / "views").rglob("*.py")])
MARKDOWN_CALLS = {"title", "header", "subheader", "caption", "markdown", "write", "button", "expander", "toggle",
                  "checkbox", "toast", "success", "error", "warning", "info", "popover", "page_link", "link_button",
                  "download_button", "form_submit_button", "metric", "radio", "tabs", "text_area", "text_input",
                  "selectbox", "multiselect", "status", "progress", "badge"}
USER_FIELDS = {"full_name", "name", "title", "organization", "org", "notes", "text", "location", "referred_by",
               "insights", "not_online", "advice", "next_steps", "resources", "person", "industry", "website",
               "message", "detail", "reason", "target_role", "why_interested", "size", "headline", "purpose",
               "thank_you_note", "question", "role", "subject", "body", "how_to_reach", "private_notes"}
# Calls that make a value safe for Markdown (or cannot hold user text): anything else is looked into.
ESCAPING = {"text", "name", "md", "md_escape", "label", "len", "int", "sum"}


def _field(node: ast.AST) -> str | None:
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
        return node.slice.value
    if isinstance(node, ast.Attribute) and node.attr != "title":  # step.title, rule.title: the app's own words
        return node.attr
    return None


def _raw_fields(fstring: ast.JoinedStr) -> list[str]:
    found = []
    for part in fstring.values:
        if not isinstance(part, ast.FormattedValue):
            continue
        expr = part.value
        if part.format_spec is not None:
            continue  # a date or a number
        if isinstance(expr, ast.Call):
            func = expr.func
            if (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)) in ESCAPING:
                continue
        found += [f for f in map(_field, ast.walk(expr)) if f in USER_FIELDS]
    return found


def _markdown_call(node: ast.Call) -> bool:
    func = node.func
    return isinstance(func, ast.Attribute) and func.attr in MARKDOWN_CALLS


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(_ROOT)))
def test_no_user_field_is_formatted_raw_into_a_markdown_label(page):
    tree = ast.parse(page.read_text())
    problems = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _markdown_call(node)):
            continue
        candidates = list(node.args[:1]) + [k.value for k in node.keywords if k.arg in ("label", "body", "text")]
        for arg in candidates:
            for sub in ast.walk(arg):
                if isinstance(sub, ast.JoinedStr):
                    for field in _raw_fields(sub):
                        problems.append(f"line {node.lineno}: {field}")
    assert not problems, f"{page.relative_to(_ROOT)}: user fields formatted raw into Markdown: {problems}"
