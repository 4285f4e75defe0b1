"""Fixtures every test tier shares: a temporary database, the demo workbook, an AppTest of the app."""
from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lib import db, demo, workbooks
from tests import pg_engine
from views import prewarm

ROOT = Path(__file__).resolve().parent.parent
# The demo is built relative to a day; tests pin it so every date-based answer is known.
DEMO_TODAY = date(2026, 3, 11)  # a Wednesday


def pytest_generate_tests(metafunc):
    """Every lib test on a database (`con`) runs on DuckDB and on PostgreSQL (tests/pg_engine.py)."""
    if "con" in metafunc.fixturenames and pg_engine.runs_on_both(metafunc.definition):
        metafunc.parametrize("engine", pg_engine.engines(), indirect=True)


@pytest.fixture(autouse=True)
def _no_prewarm(monkeypatch):
    """The reads asked again in the background after a write (views/prewarm.py) stay off in tests of other things:
    a thread would outlive the test's database. tests/test_prewarm.py turns them on."""
    monkeypatch.setattr(prewarm, "ENABLED", False)


@pytest.fixture
def engine(request) -> str:
    """The engine of `con`: "duckdb", or "postgresql" in the lib suite's second half."""
    return getattr(request, "param", "duckdb")


@pytest.fixture(scope="session")
def pg_server():
    """The PostgreSQL server of this test session (its URL without a database name), started on first use."""
    with pg_engine.server() as url:
        yield url
        pg_engine.close()


@pytest.fixture
def con(tmp_path, request, engine):
    """A fresh, migrated database of its own: a DuckDB file, or a PostgreSQL database on the session's server."""
    if engine == "postgresql":
        with pg_engine.fresh_database(request.getfixturevalue("pg_server")) as url:
            c = db.open(url)
            yield c
            c.close()
        return
    c = db.open(tmp_path / "test.duckdb")
    yield c
    c.close()


@pytest.fixture
def wb(con) -> int:
    """A new, empty workbook in `con` (its id)."""
    return workbooks.create(con, "Workbook under test")


@pytest.fixture
def demo_id(con) -> int:
    """The demo workbook loaded into `con`, dated around DEMO_TODAY."""
    return demo.load(con, today=DEMO_TODAY)


@pytest.fixture
def db_path(tmp_path, monkeypatch) -> Path:
    """WORKBOOK_DB pointed at a temporary file for the app under test."""
    path = tmp_path / "app.duckdb"
    monkeypatch.setenv("WORKBOOK_DB", str(path))
    return path


@pytest.fixture
def app(db_path):
    """The whole app (app.py with its navigation) on its own temporary database."""
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    yield at
    st.cache_resource.clear()  # closes nothing by itself: drop our reference so the file can be reopened


@pytest.fixture
def demo_app(db_path):
    """The app with the demo workbook loaded (dated today) and open."""
    c = db.open(db_path)
    workbook_id = demo.load(c)
    c.close()
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["wb"] = str(workbook_id)
    yield at
    st.cache_resource.clear()


def page_errors(at: AppTest) -> list[str]:
    """Exceptions and error messages shown on the page."""
    return [str(e.value) for e in at.exception] + [e.value for e in at.error]


# ---- driving a page through app.py (shared by the page tests) ----------------------------------

VIEW_KEYS = {"workbooks": "workbooks_view", "research": "research_view"}  # pages drawing one view at a time


def open_page(at: AppTest, page: str, *, check: bool = True, view: str | None = None) -> AppTest:
    """Run the app and go to a page of the registry (a key of views.registry.PAGES), as a click in the
    navigation does (`view`: that view of the page chosen, as a click on it does); unless told not to, check it
    drew without an error."""
    from views.registry import PAGES

    at.run()
    if view is not None:
        at.session_state[VIEW_KEYS[page]] = view
    at.switch_page(PAGES[page]).run()
    if check:
        assert not page_errors(at)
    return at


def open_tab(at: AppTest, key: str, label: str) -> AppTest:
    """Open a tab (the page's tab control `key`): only the open tab runs, as in the browser, where a click on a
    tab reruns the page."""
    at.session_state[key] = label
    at.run()
    assert not page_errors(at)
    return at


def open_box(at: AppTest, key: str) -> AppTest:
    """Open the expander `key`, as a click on it does: a box of inputs is drawn from its first opening on
    (views/layout.opened_once)."""
    at.session_state[key] = True
    at.run()
    assert not page_errors(at)
    return at


def markdown_tables(at: AppTest) -> list:
    """The tables drawn as Markdown (views/ui.small_table) as frames of the text a person reads."""
    import itertools
    import re

    import pandas as pd

    def cells(line: str) -> list[str]:
        parts = re.split(r"(?<!\\)\|", line.strip())[1:-1]
        return [re.sub(r"\\(.)", r"\1", p.strip()).replace("\u2060", "") for p in parts]

    found = []
    for m in at.markdown:  # a table may sit inside a longer text (views/home/actions.py)
        lines = m.value.split("\n")
        for i in range(len(lines) - 1):
            if lines[i].startswith("| ") and lines[i + 1].startswith("| ---"):
                body = list(itertools.takewhile(lambda x: x.startswith("|"), lines[i + 2:]))
                found.append(pd.DataFrame([cells(x) for x in body], columns=cells(lines[i])))
    return found


def figure_cards(at: AppTest) -> dict[str, dict]:
    """The figure cards of views/ui.figures in every HTML element: label -> {value, note, help, tone}, as read."""
    from html.parser import HTMLParser

    class Cards(HTMLParser):
        def __init__(self):
            super().__init__()
            self.cards, self.part, self.card = [], None, None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            classes = (attrs.get("class") or "").split()
            if "iiw-figure" in classes:
                self.card = {"label": "", "value": "", "note": "", "help": "", "tone": ""}
                self.cards.append(self.card)
            elif "iiw-tip" in classes:
                self.card["help"], self.part = attrs.get("title", ""), None
            elif "iiw-note" in classes:  # its title repeats the text: read the text
                self.part, self.card["tone"] = "note", " ".join(c for c in classes if c != "iiw-note")
            elif {"iiw-label", "iiw-value"} & set(classes):
                self.part = classes[0].removeprefix("iiw-")

        def handle_endtag(self, tag):
            self.part = None

        def handle_data(self, data):
            if self.part:
                self.card[self.part] += data

    found = {}
    for element in at.get("html"):
        parser = Cards()
        parser.feed(element.proto.body)
        found.update({c["label"].strip(): c for c in parser.cards})
    return found


def figures(at: AppTest) -> dict[str, str]:
    """The figure cards' values by label (views/ui.figures)."""
    return {label: card["value"] for label, card in figure_cards(at).items()}


def second_session(at: AppTest) -> AppTest:
    """Another browser session on the same server (so the same database), on the same workbook as `at`."""
    other = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    other.query_params["wb"] = at.query_params["wb"]
    return other


def run_cursor(at: AppTest):
    """The database cursor the app's session works on. Nothing on screen leads to it, so this is the one place
    the tests read the app's private session key for it."""
    return at.session_state["_db_cursor"][1]


def workbook_id(at: AppTest) -> int:
    """The workbook open in the app: the sidebar picker writes its id into the URL (?wb=ID) on every run."""
    return int(at.query_params["wb"])


def workbook_picker(at: AppTest):
    """The sidebar's workbook picker, whatever its key (it gets a new one after a switch the app makes: views/ui.py)."""
    return next(b for b in at.sidebar.selectbox if (b.key or "").startswith("wb"))


def current_workbook(at: AppTest):
    """The workbook open in the app, as stored."""
    return workbooks.get(run_cursor(at), workbook_id(at))


def button(at: AppTest, label: str):
    """The button with this label (form submit buttons included, whose keys change when a form is renewed)."""
    return next(b for b in at.button if b.label == label)


def click(at: AppTest, label: str) -> AppTest:
    """Click the button with this label and run the app."""
    button(at, label).click().run()
    return at


def run_at_once(target, count: int) -> None:
    """Start `count` threads on `target` together and wait until every one has ended."""
    threads = [threading.Thread(target=target) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def text_box(at: AppTest, key: str):
    """The text input or text area with this widget key."""
    for kind in (at.text_input, at.text_area):
        try:
            return kind(key=key)
        except KeyError:
            continue
    raise KeyError(key)


def type_and_save(at: AppTest, key: str, value: str, save: str) -> AppTest:
    """Type `value` into the text box `key`, then click the button (a form's submit button) with key `save`."""
    text_box(at, key).input(value)
    at.button(key=save).click().run()
    return at
