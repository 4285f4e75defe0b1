"""Fixtures every test tier shares: a temporary database, the demo workbook, an AppTest of the app."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from lib import db, demo

ROOT = Path(__file__).resolve().parent.parent
# The demo is built relative to a day; tests pin it so every date-based answer is known.
DEMO_TODAY = date(2026, 3, 11)  # a Wednesday


@pytest.fixture
def con(tmp_path):
    """A fresh, migrated database of its own."""
    c = db.open(tmp_path / "test.duckdb")
    yield c
    c.close()


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
