"""Probe (issue 17): what one kind of element costs a sidebar navigation in Chromium, on a synthetic app with no
database. Each page holds ten of one kind (or one table); each is reached from a page of ten short Markdown lines,
and each visit is timed as the benchmark does (click -> the run's end -> idle), beside a visit of the bare page.
It also times the first visit after a page load against a later one. `python bench/notes/element_costs.py`."""
from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench import browser  # noqa: E402
from tools.streamlit_server import StreamlitServer  # noqa: E402

APP = '''
import pandas as pd
import streamlit as st

def bare(): st.write("Hello")
def start():
    st.markdown("\\n\\n".join(f"Line {i}" for i in range(10)))
def markdown():
    for i in range(10): st.markdown(f"Some **text** number {i} with a [link](https://example.com)")
def selectbox():
    for i in range(10): st.selectbox(f"Box {i}", ["a", "b", "c"], key=f"s{i}")
def button():
    for i in range(10): st.button(f"Button {i}", key=f"b{i}")
def text_input():
    for i in range(10): st.text_input(f"Text {i}", key=f"t{i}")
def popover_of_ten_selectboxes():
    with st.popover("Filters"):
        for i in range(10): st.selectbox(f"Box {i}", ["a", "b", "c"], key=f"p{i}")
def closed_expander_of_ten_selectboxes():
    with st.expander("Filters"):
        for i in range(10): st.selectbox(f"Box {i}", ["a", "b", "c"], key=f"e{i}")
def html():
    for i in range(10): st.html(f"<p>Some <b>text</b> number {i}</p>")
def segmented_control():
    for i in range(10): st.segmented_control(f"Seg {i}", ["a", "b", "c"], key=f"g{i}")
def columns_of_two():
    for i in range(10):
        a, b = st.columns(2); a.write("x"); b.write("y")
FRAME = pd.DataFrame({f"c{j}": [f"value {i} {j}" for i in range(50)] for j in range(6)})
def data_editor_50_rows(): st.data_editor(FRAME, key="ed", hide_index=True)
def dataframe_50_rows(): st.dataframe(FRAME, hide_index=True)

PAGES = [bare, start, markdown, selectbox, button, text_input, popover_of_ten_selectboxes,
         closed_expander_of_ten_selectboxes, html, segmented_control, columns_of_two, data_editor_50_rows,
         dataframe_50_rows]
st.navigation([st.Page(f, title=f.__name__, url_path=f.__name__, default=f is bare) for f in PAGES]).run()
'''
KINDS = ["markdown", "selectbox", "button", "text_input", "popover_of_ten_selectboxes",
         "closed_expander_of_ten_selectboxes", "html", "segmented_control", "columns_of_two", "data_editor_50_rows",
         "dataframe_50_rows"]
ROUNDS = 6


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="element-costs-"))
    (work / "app.py").write_text(APP)
    server = StreamlitServer(work / "app.py", work / "app.log", {}, timeout=90)
    visits: dict[str, list[float]] = {k: [] for k in [*KINDS, "bare"]}
    first: dict[str, list[float]] = {k: [] for k in ["selectbox", "data_editor_50_rows", "bare"]}
    try:
        with sync_playwright() as p:
            tab = browser.Tab.open(p.chromium.launch(executable_path=browser.CHROMIUM, args=browser.CHROMIUM_ARGS))
            tab.goto(f"{server.url}/")

            def visit(path: str) -> float:
                return tab.timed(lambda: browser._nav_link(tab.pg, server.url, path).click())["ms"]

            for n in range(ROUNDS + 1):
                for kind in [*KINDS, "bare"]:
                    visit("start")
                    ms = visit("" if kind == "bare" else kind)
                    if n:
                        visits[kind].append(ms)
                for kind in first:
                    tab.goto(f"{server.url}/start")  # a new page load: its first visit of the page
                    ms = visit("" if kind == "bare" else kind)
                    if n:
                        first[kind].append(ms)
    finally:
        server.stop()
    bare = statistics.median(visits["bare"])
    print(f"bare page: {bare:.0f} ms (median of {ROUNDS})")
    print("| page (ten of a kind, or one table) | ms | more than the bare page |\n| --- | --- | --- |")
    for kind in KINDS:
        ms = statistics.median(visits[kind])
        print(f"| {kind} | {ms:.0f} | {ms - bare:+.0f} |")
    print("\n| page | later visit | first visit after a page load |\n| --- | --- | --- |")
    for kind, samples in first.items():
        print(f"| {kind} | {statistics.median(visits[kind]):.0f} | {statistics.median(samples):.0f} |")


if __name__ == "__main__":
    main()
