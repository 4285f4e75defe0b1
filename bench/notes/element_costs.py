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
def dataframe_50_rows_selectable(): st.dataframe(FRAME, hide_index=True, on_select="rerun", selection_mode="single-row")
def code():
    for i in range(10): st.code(f"Hi Person {i},\\n\\nA short message of a few lines.\\n\\nBest,\\nMe", language=None)
def one_code():
    st.code("Hi Person,\\n\\nA short message of a few lines.\\n\\nBest,\\nMe", language=None, wrap_lines=True)
PLAN = [f"**{i}.** What would a newcomer to this role be trusted with first, and how soon?  :gray[The role · Assignments · 1.5 min]" for i in range(1, 15)]
def one_radio_of_14_markdown_rows():
    st.radio("Your plan", range(14), format_func=PLAN.__getitem__, key="plan")
def one_selectable_table_of_14_rows():
    st.dataframe(pd.DataFrame({"#": range(1, 15), "Question": [p.split("** ")[1].split("  :")[0] for p in PLAN],
                               "Tags": ["The role · Assignments"] * 14, "Min": [1.5] * 14}),
                 hide_index=True, on_select="rerun", selection_mode="single-row", key="plan_table")
def radio_of_seven():
    for i in range(10): st.radio(f"Radio {i}", list("abcdefg"), horizontal=True, key=f"r{i}")
CHANNELS = ["Phone call", "Voicemail", "Email", "LinkedIn note", "Introduction request", "Follow-up email",
            "Thanks after a no"]
def radio_of_seven_channels():
    for i in range(10): st.radio(f"Channel {i}", CHANNELS, horizontal=True, key=f"rc{i}")
def pills_of_seven_channels():
    for i in range(10): st.pills(f"Channel {i}", CHANNELS, default="Email", required=True, key=f"pc{i}")
def segmented_of_seven_channels():
    for i in range(10): st.segmented_control(f"Channel {i}", CHANNELS, default="Email", required=True, key=f"sc{i}")
def button_with_help():
    for i in range(10): st.button(f"Button {i}", key=f"bh{i}", help=f"What button {i} does, said in a sentence.")
def markdown_with_help():
    for i in range(10): st.markdown(f"Some **text** number {i}", help=f"What text {i} means, said in a sentence.")
def date_input():
    for i in range(10): st.date_input(f"Date {i}", key=f"d{i}")
def text_area():
    for i in range(10): st.text_area(f"Area {i}", key=f"a{i}")
def caption():
    for i in range(10): st.caption(f"A caption number {i} with some words in it")
def alert():
    for i in range(10): st.info(f"An alert number {i} with some words in it", icon=":material/info:")
def page_link():
    for i in range(10): st.page_link(PAGES_BY_NAME["bare"], label=f"Link {i}", icon=":material/arrow_forward:")
def metric():
    for i in range(10): st.metric(f"Metric {i}", i, delta=1)
def form_of_ten_text_inputs():
    with st.form("f"):
        for i in range(10): st.text_input(f"Text {i}", key=f"ft{i}")
        st.form_submit_button("Go")
def bordered_containers():
    for i in range(10):
        with st.container(border=True): st.write(f"Box {i}")

PAGES = [bare, start, markdown, selectbox, button, text_input, popover_of_ten_selectboxes,
         closed_expander_of_ten_selectboxes, html, segmented_control, columns_of_two, data_editor_50_rows,
         dataframe_50_rows, dataframe_50_rows_selectable, code, one_code, one_radio_of_14_markdown_rows, one_selectable_table_of_14_rows, radio_of_seven, radio_of_seven_channels, pills_of_seven_channels,
         segmented_of_seven_channels, button_with_help, markdown_with_help, date_input, text_area, caption, alert,
         page_link, metric, form_of_ten_text_inputs, bordered_containers]
PAGES_BY_NAME = {f.__name__: st.Page(f, title=f.__name__, url_path=f.__name__, default=f is bare) for f in PAGES}
st.navigation(list(PAGES_BY_NAME.values())).run()
'''
KINDS = ["markdown", "selectbox", "button", "text_input", "popover_of_ten_selectboxes",
         "closed_expander_of_ten_selectboxes", "html", "segmented_control", "columns_of_two", "data_editor_50_rows",
         "dataframe_50_rows", "dataframe_50_rows_selectable", "code", "one_code", "one_radio_of_14_markdown_rows",
         "one_selectable_table_of_14_rows", "radio_of_seven", "radio_of_seven_channels",
         "pills_of_seven_channels", "segmented_of_seven_channels", "button_with_help", "markdown_with_help", "date_input", "text_area",
         "caption", "alert", "page_link", "metric", "form_of_ten_text_inputs", "bordered_containers"]
KINDS = [k for k in KINDS if len(sys.argv) < 2 or k in sys.argv[1].split(",")]
ROUNDS = 6


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="element-costs-"))
    (work / "app.py").write_text(APP)
    server = StreamlitServer(work / "app.py", work / "app.log", {}, timeout=90)
    visits: dict[str, list[float]] = {k: [] for k in [*KINDS, "bare"]}
    first: dict[str, list[float]] = {k: [] for k in ["selectbox", "data_editor_50_rows", "bare"] if k in [*KINDS, "bare"]}
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
