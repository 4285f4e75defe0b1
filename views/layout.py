"""What frames every page: less blank space at the top, the page's title and step, tooltips that link to the
method, and the empty state that says what to do next."""
from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from lib import method
from views.registry import PAGES


# Streamlit leaves 6rem above the main block; 2rem keeps the title clear of the fixed header (its sidebar
# toggle and menu) while a page's title and first lines stay above the fold at 1280x720.
# An expander animates its height when it opens or its content grows, then drops the height it started from in the
# animation's finish event; on a busy machine the page is laid out at that old height in between: it shrinks, its
# scroll jumps, and a click lands on whatever moved under the pointer (seen on Add person: a download button). An
# important rule outranks the animation and the inline height: expanders open at once, at their content's height,
# and close at once (their content is marked inert at the click, then hidden when the animation ends).
# A Markdown table's cell may break a long unbroken word (a 130-letter name ran Home's list out of its box).
_LAYOUT_CSS = ("<style>.stMainBlockContainer { padding-top: 2rem; }"
               " [data-testid=stExpander] details { height: auto !important; }"
               " [data-testid=stExpanderDetails][inert] { display: none; }"
               " .st-key-warm_components { display: none; }"
               " [data-testid=stMarkdownContainer] td { overflow-wrap: anywhere; min-width: 6rem; }"
               # ui.figures: st.metric's cards, drawn as one element
               " .iiw-figures { display: flex; gap: 1rem; flex-wrap: wrap; }"
               " .iiw-figure { flex: 1 1 0; min-width: 9rem; overflow: hidden; border: 1px solid #b8c3cf; border-radius: 0.4rem;"
               " padding: 0.75rem 1rem; container-type: inline-size; }"
               " .iiw-label { font-size: 0.9rem; }"
               # a long value shrinks to its card's width (a character is ~0.6 em), never below 1rem; the line keeps
               # its height so the cards of a row stay level
               " .iiw-value { font-size: clamp(1rem, calc(100cqi / var(--chars, 6) * 1.65), 2.25rem); line-height: 2.925rem;"
               " white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }"
               " .iiw-note { display: inline-block; font-size: 0.9rem; color: #4a5561; background: #eef2f6;"
               " border-radius: 1rem; padding: 0 0.6rem; }"
               " .iiw-note.good { color: #1b6e3a; background: #e3f3e8; }"
               " .iiw-note.bad { color: #a3231b; background: #fbe4e2; }"
               " .iiw-tip { display: inline-block; width: 1.1rem; height: 1.1rem; margin-left: 0.3rem; font-size: 0.75rem;"
               " line-height: 1rem; text-align: center; border: 1px solid #6b7580; border-radius: 50%; color: #4a5561;"
               " cursor: help; }</style>")


def compact_layout() -> None:
    """Less blank space above every page's title, expanders that open at once (CSS rules; call once per run,
    from app.py)."""
    st.html(_LAYOUT_CSS)  # a style-only html element takes no room on the page


_WARMED = "_components_warmed"


# Text a person copies from the page leaves without the invisible word joiners (U+2060) that keep their text literal
# where Streamlit reads Markdown (lib.text.md_escape): a copied email address carried one before its "@" (a hostile
# tester). Installed once per tab; the listener stays when the element that brought it is gone.
_PLAIN_COPY = ("<script>if (!window.__plainCopy) { window.__plainCopy = true;"
               " document.addEventListener('copy', (event) => {"
               " const chosen = String(window.getSelection() || '');"
               " if (!chosen.includes('\\u2060') || !event.clipboardData) return;"
               " event.clipboardData.setData('text/plain', chosen.replaceAll('\\u2060', ''));"
               " event.preventDefault(); }); }</script>")


# Streamlit's browser code for an element kind arrives with the first element of that kind a tab draws: the table's
# grid and Arrow readers (~1.3 MB), the charts' Vega (~0.9 MB), the date and time pickers... A tab's first visit of
# Research, Outreach or Network, or the first "They said yes" (its booking form), fetched and compiled them while the
# person waited (issue 17). The tab's first page imports them, by the file names of Streamlit's own chunks, in quiet
# moments only: no script running and nothing clicked or typed for QUIET_MS (imported at once, a tab's first click
# after its load took ~80 ms longer). The small ones first, together (each holds the browser under 5 ms), then the
# large ones one at a time (the table's holds it ~40 ms); and the code font. What the pages draw later finds them
# loaded.
PREFETCHED_SMALL = ("Button", "PageLink", "Toast", "TextArea", "TextInput", "Radio", "DateInput", "TimeInput",
                    "NumberInput", "Progress", "Metric", "Multiselect", "ButtonGroup", "LinkButton", "DownloadButton",
                    "Pagination", "Spinner", "FileUploader")
PREFETCHED_LARGE = ("DataFrame", "ArrowVegaLiteChart", "embed", "vega-interpreter")
CODE_FONT = "Source Code Pro"   # st.code's font: its file is fetched when a copy box is first drawn
QUIET_MS = 400
_STATIC_JS = Path(st.__file__).parent / "static" / "static" / "js"


def chunk_files(names: tuple[str, ...] = PREFETCHED_SMALL + PREFETCHED_LARGE,
                static_js: Path = _STATIC_JS) -> list[str]:
    """The installed Streamlit's file of each chunk name ("DataFrame.-f9-1zS0.js"); a name without exactly one file
    is left out (a newer Streamlit may split or rename its chunks)."""
    found = []
    for name in names:
        files = [f.name for f in static_js.glob(f"{name}.*.js") if "." not in f.name[len(name) + 1:-3]]
        if len(files) == 1:
            found += files
    return found


def _prefetch_script(together: list[str], one_by_one: list[str]) -> str:
    return ("<script>if (!window.__iiwPrefetch) { window.__iiwPrefetch = true;"
            " const index = document.querySelector('script[src*=\"/static/js/index.\"]');"
            " const load = f => import(new URL(f, index.src).href).catch(() => {});"
            " const batches = [" + json.dumps(together) + ", ..." + json.dumps([[f] for f in one_by_one]) + "];"
            " let input = performance.now();"
            " for (const kind of ['pointerdown', 'keydown', 'input']) addEventListener(kind, () => { input = performance.now(); },"
            " {capture: true, passive: true});"
            " const idle = work => window.requestIdleCallback ? requestIdleCallback(work) : setTimeout(work, 50);"
            " const busy = () => document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state')"
            " !== 'notRunning' || performance.now() - input < " + str(QUIET_MS) + ";"
            " const next = () => { if (!batches.length) return;"
            " if (busy()) { setTimeout(() => idle(next), " + str(QUIET_MS) + "); return; }"
            " Promise.all(batches.shift().map(load)).finally(() => idle(next)); };"
            " if (index) idle(next);"
            " if (document.fonts) document.fonts.load('1em \"" + CODE_FONT + "\"').catch(() => {}); }"
            "</script>")


_PREFETCH = _prefetch_script(chunk_files(PREFETCHED_SMALL), chunk_files(PREFETCHED_LARGE))



def warm_components() -> None:
    """Once per browser tab (a session's first run), hidden at the foot of the sidebar: an empty copy box, so the
    browser loads the code block's script while the first page is read, not at the first click on a page with a copy
    box (Outreach's script; measured at ~250 ms of skeletons on that first visit, issue 17); the other element
    kinds' code imported once the browser is idle; and the plain copy above. Nothing shows."""
    if st.session_state.get(_WARMED):
        return
    st.session_state[_WARMED] = True
    with st.container(key="warm_components"):
        st.code("", language=None, wrap_lines=True)
        st.html(_PLAIN_COPY + _PREFETCH, unsafe_allow_javascript=True)


def step_header(title: str, step: str | None, explanation: str, tooltip: str | None = None) -> None:
    """Title, the step in the method, and what the step is for (two lines at most); `tooltip` on it
    (by default, on a step page, a link to the step's section of the Method page)."""
    st.title(title)
    if tooltip is None and step and step.startswith("Step "):
        tooltip = method.step_help(int(step.removeprefix("Step ")))
    st.caption(f"{step} · {explanation}" if step else explanation, help=tooltip)


def method_help(*codes: str, lead: str = "") -> str:
    """A help= tooltip for the method points `codes` ("M14", "M16–M17"): their titles in words, each a link to
    its explanation on the Method page; the ids themselves never reach the screen. `lead` is app text shown first."""
    return method.help_text(*codes, lead=lead)


def tiara_help() -> str:
    """A help= tooltip that spells out TIARA (Trends, Insights, Advice, Resources, Assignments), linking to more."""
    return method.tiara_help()


def empty_state(message: str, page: str | None = None, label: str | None = None,
                query_params: dict[str, str] | None = None) -> None:
    """Say what to do next where there is nothing yet, with a link to where it is done (`query_params`: the
    exact place on that page, e.g. {"view": "meetings"} for Outreach's Meetings tab)."""
    st.info(message, icon=":material/lightbulb:")
    if page:
        st.page_link(PAGES[page], label=label or "Go there", icon=":material/arrow_forward:",
                     **({"query_params": query_params} if query_params else {}))


def view_switch(key: str, views: dict[str, str]) -> str:
    """Which part of a page to draw (the first of `views` unless chosen), as one row of buttons; a link's ?view=
    chooses once. Only the chosen part is drawn: the others cost neither the server nor the browser."""
    asked = st.query_params.get("view")
    if asked is not None:
        del st.query_params["view"]  # read once; an unknown one is dropped too, not left in the address
    if asked in views:
        st.session_state[key] = asked
    elif st.session_state.get(key) not in views:
        st.session_state[key] = next(iter(views))
    return st.segmented_control("Show", list(views), format_func=views.get, key=key, required=True,
                                label_visibility="collapsed")


def opened_once(label: str, key: str, *, expanded: bool = False, drawn_with: str | None = None, **kwargs):
    """An expander holding inputs (a form), whose content is drawn from the first time it is open in this session
    on: then in every run, open or closed, so what was typed in it stays when it is closed. Until then (the
    usual visit, with the box closed) its inputs cost neither the server nor the browser: ~10 inputs were ~40 ms
    of every Research visit. Returns the expander to draw into, or None while it has never been open."""
    # Streamlit tells expanders apart by their arguments too: one whose `expanded` changed (the list got its first
    # person) would be a new box, closed, under the person's typing. The first run's choice holds for the session.
    expanded = st.session_state.setdefault(f"_{key}_expanded", expanded)
    box = st.expander(label, key=key, expanded=expanded, on_change="rerun", **kwargs)
    # `drawn_with`: boxes of one form, one per item (a meeting), drawn from the first opening of any of them, so
    # what was typed stays when another item is chosen and back.
    return box if drawn_from_first_opening(box, drawn_with or key) else None


def drawn_from_first_opening(box, key: str) -> bool:
    """Whether a lazy expander or tab (`box.open`) that holds inputs is drawn in this run: from the first time it is
    open in this session on, open or not, so that nothing typed in it is lost when it is closed or left."""
    drawn = f"_{key}_drawn"
    if box.open:
        st.session_state[drawn] = True
    return bool(st.session_state.get(drawn))


def folded(label: str, key: str, **kwargs):
    """An expander whose content is drawn only while it is open (None while it is closed), for reading only:
    a widget not drawn in a run loses what was typed in it, so no input goes in one. Opening it reruns the page
    (fast: the rest is what the browser already has); closed, its content costs neither the server nor the browser."""
    box = st.expander(label, key=key, on_change="rerun", **kwargs)
    return box if box.open else None
