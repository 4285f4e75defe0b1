"""Issue 15, items 9-11: counts, empty values and dates read alike on every page.

Two guards: a scan of the source (no hand-made plurals, no ISO or zero-padded dates for people, every table,
picker and date column on the shared formats) and the pages themselves rendered on the demo workbook (no
"None", "nan", "NaT", ISO date, "(s)" or "1 <plural>" in what a person reads).
"""
from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from lib import db, demo
from views.registry import PAGES
from tests.conftest import ROOT, page_errors

SOURCES = sorted([*(ROOT / "app_pages").glob("*.py"), *(ROOT / "views").rglob("*.py"), *(ROOT / "lib").glob("*.py"),
                  ROOT / "app.py"])

# Files for machines keep ISO dates (file names, .ics, CSV/JSON exports, SQL, parsing); each entry says where.
MACHINE_DATES = {
    "lib/backup.py": "export file names and JSON manifests",
    "lib/account.py": "the account export's file name and account.json",
    "lib/database_backup.py": "backup file names and the manifest's timestamp",
    "lib/workbook_import.py": "reading an export's ISO timestamps",
    "lib/calendar_export.py": ".ics file name",
    "lib/linkedin.py": "parsing the CSV and writing the database",
    "lib/metrics.py": "SQL literals and chart selection keys",
    "lib/goals.py": "parsing a date typed as text",
    "lib/fields.py": "parsing dates of imported files, which are ISO",
    "lib/workbooks.py": "a unique default name",
    "lib/report.py": "download file names",
    "lib/wording.py": "the one place that formats dates",
}


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _strings(path: Path) -> list[tuple[int, str]]:
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text()).readline)
    return [(t.start[0], t.string) for t in tokens if t.type == tokenize.STRING]


def test_no_count_is_written_with_s_in_brackets():
    found = [f"{_rel(p)}:{line}: {s[:80]}" for p in SOURCES for line, s in _strings(p) if "(s)" in s]
    assert not found, "use wording.plural:\n" + "\n".join(found)


HAND_MADE_PLURAL = re.compile(
    r"""['"](s|es|ies|people|s are|s were)['"]\s+if\s+[^'"\n]*[!=]=\s*1\b"""   # f"{n} thing{'s' if n != 1 else ''}"
    r"""|['"](?!(?:is|are|was|were|has|have|matches|match|takes|take)['"])[\w ]+['"]\s+if\s+[\w\[\]'".]+\s*==\s*1\s+else\s+['"][\w ]+['"]"""  # "person" if n == 1 else "people"
    r"""|f['"]\{\w+\} \w+['"] if \w+ == 1 else"""                            # f"{n} meeting" if n == 1 else ...
)


def test_no_count_is_pluralised_by_hand():
    found = [f"{_rel(p)}:{i}: {line.strip()[:100]}" for p in SOURCES if _rel(p) != "lib/wording.py"
             for i, line in enumerate(p.read_text().splitlines(), 1) if HAND_MADE_PLURAL.search(line)]
    assert not found, "use wording.plural:\n" + "\n".join(found)


ISO = re.compile(r"%Y-%m-%d|YYYY[-/]MM[-/]DD|isoformat\(")
PADDED_DAY = re.compile(r"%d %b|%d %B|%a %d|%A %d|%d-%b")  # "03 Dec": wording.day says "3 Dec 2026"


def test_dates_for_people_are_never_iso_nor_zero_padded():
    found = []
    for p in SOURCES:
        if _rel(p) in MACHINE_DATES:
            continue
        for i, line in enumerate(p.read_text().splitlines(), 1):
            if ISO.search(line) or PADDED_DAY.search(line):
                found.append(f"{_rel(p)}:{i}: {line.strip()[:100]}")
    assert not found, "use wording.day / day_and_time / weekday:\n" + "\n".join(found)


def test_machine_files_format_only_what_machines_read():
    """The allowed files still show people day-month-year dates: no zero-padded or ISO date in a sentence."""
    found = [f"{rel}:{i}: {line.strip()[:100]}" for rel in MACHINE_DATES if rel != "lib/wording.py"
             for i, line in enumerate((ROOT / rel).read_text().splitlines(), 1) if PADDED_DAY.search(line) and "DATE_FORMATS" not in line]  # the formats LinkedIn files are read in
    assert not found, "use wording.day / day_and_time / weekday:\n" + "\n".join(found)


def _calls(path: Path, names: set[str]):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in names:
            yield node


def _kw(call: ast.Call, name: str) -> str | None:
    return next((ast.unparse(k.value) for k in call.keywords if k.arg == name), None)


def test_every_date_picker_and_date_column_uses_the_shared_format():
    wanted = {"date_input": "wording.DATE_INPUT_FORMAT", "DateColumn": "wording.DATE_COLUMN_FORMAT",
              "DatetimeColumn": "wording.DATETIME_COLUMN_FORMAT"}
    found = [f"{_rel(p)}:{c.lineno}: {c.func.attr} format={_kw(c, 'format')}"
             for p in SOURCES for c in _calls(p, set(wanted)) if _kw(c, "format") != wanted[c.func.attr]]
    assert not found, "\n".join(found)


def test_every_table_shows_a_missing_value_as_a_blank_cell():
    """Streamlit draws a missing cell as a grey "None" unless `placeholder` says otherwise; "" keeps the column
    typed, so dates and numbers still sort."""
    found = [f"{_rel(p)}:{c.lineno}: {c.func.attr}" for p in SOURCES for c in _calls(p, {"dataframe", "data_editor"})
             if _kw(c, "placeholder") not in ('""', "''", "wording.BLANK")]
    assert not found, "\n".join(found)


# ---- the pages as a person reads them ------------------------------------------------------------

WRONG = re.compile(r"\bNone\b(?! yet| \(weekends|: pick)|\bnan\b|\bNaT\b|\b\d{4}-\d{2}-\d{2}\b|\(s\)"
                   r"|(?<![\d.,])\b1 (?!of\b|in\b)[a-z]+(?<!s)s\b")
NOT_READ = {"min", "max", "default", "value", "id", "form_id", "key", "url", "page_script_hash", "spec", "data",
            "columns", "format", "selection_mode", "file_name", "mime", "page", "query_string"}


def _texts(message: Message, path: str = ""):
    for field, value in message.ListFields():
        if field.type == field.TYPE_BYTES or field.name in NOT_READ:
            continue
        values = list(value) if isinstance(value, (list, tuple)) or type(value).__name__.startswith("Repeated") \
            else [value]
        for v in values:
            if isinstance(v, Message):
                yield from _texts(v, f"{path}.{field.name}")
            elif isinstance(v, str):
                yield f"{path}.{field.name}", v


def _elements(node):
    children = getattr(node, "children", None)
    if children:
        for child in children.values():
            yield from _elements(child)
    elif getattr(node, "proto", None) is not None:
        yield node


def _problems(at: AppTest) -> list[str]:
    found = [f"exception: {e}" for e in page_errors(at)]
    for el in _elements(at._tree):
        for where, text in _texts(el.proto):
            if m := WRONG.search(text):
                found.append(f"{el.type}{where}: …{text[max(0, m.start() - 50):m.end() + 30]}…")
        if el.type == "date_input" and el.proto.format != "DD/MM/YYYY":
            found.append(f"date_input {el.proto.label!r} format {el.proto.format}")
    for table in at.dataframe:
        if not table.proto.HasField("placeholder") or table.proto.placeholder != "":
            found.append(f"table {table.proto.id[-30:]} shows missing values as 'None'")
        frame, config = table.value, json.loads(table.proto.columns or "{}")
        for column in frame.columns:
            values = frame[column].dropna()
            if not len(values):
                continue
            first = values.iloc[0]
            if isinstance(first, str) and values.astype(str).str.contains(r"\d{4}-\d{2}-\d{2}|^(?:nan|None|NaT)$").any():
                found.append(f"table column {column!r} holds ISO dates or None as text")
            if isinstance(first, (pd.Timestamp, __import__("datetime").date)):
                fmt = (config.get(str(column)) or {}).get("type_config", {}).get("format")
                if fmt not in ("D MMM YYYY", "D MMM YYYY, HH:mm"):
                    found.append(f"date column {column!r} shown as {fmt or 'ISO'}")
    return found


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("words") / "demo.duckdb"
    con = db.open(path)
    workbook_id = demo.load(con)
    ids = {
        "contact": con.execute("SELECT id FROM contacts WHERE workbook_id = ? AND (notes IS NULL OR email IS NULL) "
                               "ORDER BY id LIMIT 1", [workbook_id]).fetchone()[0],
        "org": con.execute("SELECT min(id) FROM organizations WHERE workbook_id = ?", [workbook_id]).fetchone()[0],
        "meeting": con.execute("SELECT min(id) FROM meetings WHERE workbook_id = ? AND status = 'done'",
                               [workbook_id]).fetchone()[0],
    }
    con.close()
    return path, workbook_id, ids


VIEWS = [(page, None) for page in sorted(PAGES.values())] + [
    ("app_pages/research.py", "contact"), ("app_pages/research.py", "org"),
    ("app_pages/research.py", "organizations"), ("app_pages/review.py", "meeting"),
    ("app_pages/outreach.py", "contact"),
]


@pytest.mark.apptest
@pytest.mark.parametrize("page, view", VIEWS, ids=[f"{p.split('/')[-1]}-{v}" for p, v in VIEWS])
def test_pages_on_the_demo_say_counts_dates_and_empty_values_alike(demo_db, monkeypatch, page, view):
    path, workbook_id, ids = demo_db
    monkeypatch.setenv("WORKBOOK_DB", str(path))
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["wb"] = str(workbook_id)
    at.run()
    at.switch_page(page)
    if view == "organizations":
        at.session_state["research_view"] = "organizations"
    elif view:
        at.query_params[view] = str(ids[view])
    at.run()
    try:
        assert not _problems(at), "\n".join(_problems(at))
    finally:
        st.cache_resource.clear()
