from datetime import date

import streamlit as st

from lib import chart_export, charts, metrics, vocab
from views import ui
from lib import db as database
from lib import wording

wb = ui.current_workbook()
con = ui.db()
today = date.today()

ui.step_header("Network", None,
               "How your network grew, whether the goal is on track, where the funnel leaks and which "
               "introductions multiplied it. Click a bar or point to see the people behind it.")

# ---- filters ----------------------------------------------------------------------------------
left, middle, right = st.columns([2, 2, 3])
preset = left.selectbox("Time range", list(metrics.RANGES), format_func=metrics.RANGES.get, key="net_range")
custom = None
if preset == "custom":
    picked = middle.date_input("From – to", value=(today.replace(day=1), today), key="net_dates",
                               min_value=date(1990, 1, 1), max_value=today, format=wording.DATE_INPUT_FORMAT)
    if isinstance(picked, tuple) and len(picked) == 2:
        custom = picked
    else:
        middle.caption("Pick the last day too.")
sources = right.multiselect("How people came", list(vocab.SOURCES), format_func=vocab.SOURCES.get,
                            key="net_sources", placeholder="Every source")
filters = metrics.preset_filters(con, wb.id, preset, today, sources=tuple(sources), custom=custom)


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def network_view(_con, db_key: str, workbook_id: int, version: str, filters: metrics.Filters, today: date,
                 masking: tuple[bool, bool]) -> dict:
    """Every chart as a finished spec with its caption (lib/charts.network_view), asked and built once per
    filter and screen-share mode: a click on a chart reruns the page without querying or building again.
    `version` (metrics.fingerprint) changes with any edit to what the charts read, so nothing stale shows.
    `masking` (share mode, names as initials) is how ui.masked_name writes names now: part of the key."""
    return charts.network_view(_con, workbook_id, filters, today, person=ui.masked_name)


views = network_view(con, str(database.path_from_env()), wb.id, metrics.fingerprint(con, wb.id), filters, today,
                     (ui.share_mode(), ui.share_names()))
specs, pace, rates = views["specs"], views["pace"], views["rates"]


def people_table(what: str, **where) -> None:
    frame, total = metrics.people_behind(con, wb.id, filters, today, **where)  # names masked below, by ui.masked
    shown = f"the first {len(frame)} of {total:,} people" if total > len(frame) else wording.plural(total, "person", "people")
    st.text(f"{what} · {shown}")  # may hold a name: plain text
    if frame.empty:
        st.caption("Nobody behind this mark.")
    else:
        st.dataframe(ui.masked(frame), hide_index=True, width="stretch", key=f"net_people_{where['chart']}",
                     column_config={"Date": st.column_config.DateColumn("Date", format=wording.DATE_COLUMN_FORMAT)}, placeholder="")


def show_chart(name: str) -> None:
    """The chart (its cached spec), its caption, PNG/SVG (and DOT) downloads made only when clicked, and
    the people behind a clicked mark."""
    state = st.vega_lite_chart(spec=specs[name], key=f"net_chart_{name}", on_select="rerun",
                               selection_mode=[charts.SELECTIONS[name]], width="stretch")
    st.caption(views["captions"][name])
    row, file = st.container(horizontal=True), f"network-{name}"
    row.download_button("PNG", lambda: chart_export.png(specs[name]), file_name=f"{file}.png", mime="image/png",
                        key=f"net_png_{file}", icon=":material/image:", on_click="ignore")
    row.download_button("SVG", lambda: chart_export.svg(specs[name]), file_name=f"{file}.svg",
                        mime="image/svg+xml", key=f"net_svg_{file}", icon=":material/draw:", on_click="ignore")
    if name == "tree":
        row.download_button("Graphviz (DOT)", views["dot"], file_name=f"{file}.dot", mime="text/vnd.graphviz",
                            key=f"net_dot_{file}", icon=":material/account_tree:", on_click="ignore")
    picks = (state.get("selection") or {}).get(charts.SELECTIONS[name]) if state else None
    if picks:
        what, where = charts.picked(name, picks[0], views["tree_nodes"])
        people_table(what, **where)


# ---- at a glance ------------------------------------------------------------------------------
if "growth" not in specs:
    narrowed = " who came in these ways" if sources else ""
    ui.empty_state(f"Nobody is in this network yet{narrowed}. Add the people you want to learn from "
                   "on the Research page, or import your LinkedIn connections; the charts start from there.",
                   "research", "Add people")
else:
    a, b, c, d = st.columns(4)
    a.metric("People in your network", views["size"])
    b.metric("People met", views["met"])
    c.metric("Meetings held", f"{pace.done} of {pace.target}",
             delta=pace.delta, delta_color="off" if pace.ahead == 0 else "normal",
             help="Whole meetings ahead of or behind the steady pace to your target, as of today.")
    d.metric("Reply rate", "–" if rates["reply_rate"] is None else f"{rates['reply_rate']:.0%}",
             help=metrics.REPLY_RATE_HELP)

# ---- network growth ---------------------------------------------------------------------------
if "growth" in specs:
    show_chart("growth")
else:
    st.subheader("Network growth")
    st.caption("The growth chart appears once someone is in your network.")

# ---- interviews against the goal --------------------------------------------------------------
if views["has_goal"]:
    (st.success if pace.difference >= -0.5 else st.warning)(pace.words, icon=":material/flag:")
    show_chart("goal")
else:
    st.subheader("Interviews against your goal")
    ui.empty_state("Set how many conversations you aim for and by when on the Goals page; this chart then "
                   "shows whether you are on track.", "goals", "Set your goal")

# ---- weekly activity --------------------------------------------------------------------------
if "activity" in specs:
    show_chart("activity")
else:
    st.subheader("Weekly activity")
    ui.empty_state("No outreach or meetings in this time range. Log your first attempts on the Outreach page; "
                   "each week's attempts, replies and meetings will show here.", "outreach", "Log outreach")

# ---- funnel -----------------------------------------------------------------------------------
if "funnel" in specs:
    show_chart("funnel")
else:
    st.subheader("Funnel")
    ui.empty_state("The funnel starts with the people you identify. Add a few on the Research page.",
                   "research", "Add people")

# ---- referral tree ----------------------------------------------------------------------------
if "tree" in specs:
    show_chart("tree")
else:
    st.subheader("Referral tree")
    ui.empty_state("No introductions yet. At the end of each conversation, ask who else you should talk to; "
                   "record the people you are referred to on the Review page and they will appear here.",
                   "review", "Record referrals")
