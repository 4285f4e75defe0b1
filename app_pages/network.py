from datetime import date

import streamlit as st

from lib import chart_export, charts, metrics, privacy, referral_tree, ui, vocab
from lib import db as database

wb = ui.current_workbook()
con = ui.db()
today = date.today()
initials = getattr(ui, "share_names", ui.share_mode)()  # the coaching issue's "names as initials" option

ui.step_header("Network", None,
               "How your network grew, whether the goal is on track, where the funnel leaks and which "
               "introductions multiplied it. Click a bar or point to see the people behind it.")

# ---- filters ----------------------------------------------------------------------------------
left, middle, right = st.columns([2, 2, 3])
preset = left.selectbox("Time range", list(metrics.RANGES), format_func=metrics.RANGES.get, key="net_range")
custom = None
if preset == "custom":
    picked = middle.date_input("From – to", value=(today.replace(day=1), today), key="net_dates",
                               min_value=date(1990, 1, 1), max_value=today, format="YYYY-MM-DD")
    if isinstance(picked, tuple) and len(picked) == 2:
        custom = picked
    else:
        middle.caption("Pick the last day too.")
sources = right.multiselect("How people came", list(vocab.SOURCES), format_func=vocab.SOURCES.get,
                            key="net_sources", placeholder="Every source")
filters = metrics.preset_filters(con, wb.id, preset, today, sources=tuple(sources), custom=custom)


def export_buttons(build, name: str, dot=None) -> None:
    """PNG and SVG of the chart, made only when a button is clicked (and the tree as Graphviz DOT).
    `build` makes the Altair chart again for the file, so a run that nobody downloads builds none."""
    row = st.container(horizontal=True)
    row.download_button("PNG", lambda: chart_export.png(build()), file_name=f"{name}.png", mime="image/png",
                      key=f"net_png_{name}", icon=":material/image:", on_click="ignore")
    row.download_button("SVG", lambda: chart_export.svg(build()), file_name=f"{name}.svg", mime="image/svg+xml",
                      key=f"net_svg_{name}", icon=":material/draw:", on_click="ignore")
    if dot is not None:
        row.download_button("Graphviz (DOT)", dot, file_name=f"{name}.dot", mime="text/vnd.graphviz",
                            key=f"net_dot_{name}", icon=":material/account_tree:", on_click="ignore")


def show_chart(name: str, dot=None) -> dict | None:
    """The chart (its cached spec) with its caption and downloads; returns the clicked mark's fields, if any."""
    state = st.vega_lite_chart(spec=views["specs"][name], key=f"net_chart_{name}", on_select="rerun",
                               selection_mode=[charts.SELECTIONS[name]], width="stretch")
    st.caption(views["captions"][name])
    export_buttons(lambda: build_chart(name, data, today, initials), f"network-{name}", dot)
    picked = (state.get("selection") or {}).get(charts.SELECTIONS[name]) if state else None
    return picked[0] if picked else None


def people_table(what: str, **where) -> None:
    frame, total = metrics.people_behind(con, wb.id, filters, today, **where)
    if initials:
        frame["Name"] = frame["Name"].map(privacy.initials)
    shown = f"the first {len(frame)} of {total}" if total > len(frame) else f"{total}"
    st.text(f"{what} · {shown} {'person' if total == 1 else 'people'}")  # may hold a name: plain text
    if frame.empty:
        st.caption("Nobody behind this mark.")
    else:
        st.dataframe(ui.masked(frame), hide_index=True, width="stretch", key=f"net_people_{where['chart']}",
                     column_config={"Date": st.column_config.DateColumn("Date", format="D MMM YYYY")})


def chart_frames(con, workbook_id: int, filters: metrics.Filters, today: date) -> dict:
    """Every small frame the charts need (each one aggregate query)."""
    return {
        "goal": metrics.goal(con, workbook_id),
        "growth": metrics.network_growth(con, workbook_id, filters, today),
        "met": metrics.people_met(con, workbook_id, filters, today),
        "pace": metrics.pace(con, workbook_id, filters, today),
        "rates": metrics.conversion_rates(con, workbook_id, filters, today),
        "vs_goal": metrics.interviews_vs_goal(con, workbook_id, filters, today),
        "activity": metrics.weekly_activity(con, workbook_id, filters, today),
        "planned": metrics.weekly_pace(con, workbook_id),
        "funnel": metrics.funnel(con, workbook_id, filters, today),
        "tree": metrics.referral_tree(con, workbook_id, filters, today),
    }


def build_chart(name: str, data: dict, today: date, initials: bool):
    """The Altair chart `name` from the frames (for the page's spec and for a downloaded file)."""
    if name == "growth":
        goal = data["goal"] or {}
        return charts.growth_chart(data["growth"], data["met"], start=goal.get("start_date"),
                                   target=goal.get("target_date"))
    if name == "goal":
        return charts.goal_chart(data["vs_goal"], today)
    if name == "activity":
        return charts.activity_chart(data["activity"], data["planned"])
    if name == "funnel":
        return charts.funnel_chart(data["funnel"])
    nodes, edges = charts.tree_frames(data["tree"], initials=initials)
    return charts.tree_chart(nodes, edges)


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def network_view(_con, db_key: str, workbook_id: int, version: str, filters: metrics.Filters, today: date,
                 initials: bool) -> dict:
    """The frames, and every chart that has something to show as a finished Vega-Lite spec with its caption
    (and the laid-out tree): asked and built once per filter and screen-share mode, so a click on a chart
    reruns the page without querying or building again. `version` (metrics.fingerprint) changes with any
    edit to what the charts read, so nothing stale shows."""
    data = chart_frames(_con, workbook_id, filters, today)
    captions, tree_nodes = {}, None
    if not data["growth"].empty:
        captions["growth"] = charts.growth_caption(data["growth"], data["met"])
    if data["goal"] is not None:
        captions["goal"] = charts.goal_caption(data["vs_goal"], data["pace"])
    if not data["activity"].empty:
        captions["activity"] = charts.activity_caption(data["activity"], data["planned"])
    if int(data["funnel"]["people"].iloc[0]):
        captions["funnel"] = charts.funnel_caption(data["funnel"], data["rates"])
    if not data["tree"].nodes.empty:
        tree_nodes, _ = charts.tree_frames(data["tree"], initials=initials)
        captions["tree"] = charts.tree_caption(data["tree"], tree_nodes)
    specs = {name: charts.to_spec(build_chart(name, data, today, initials)) for name in captions}
    return {"data": data, "specs": specs, "captions": captions, "tree_nodes": tree_nodes}


# ---- at a glance ------------------------------------------------------------------------------
views = network_view(con, str(database.path_from_env()), wb.id, metrics.fingerprint(con, wb.id), filters, today,
                     bool(initials))
data = views["data"]
growth, met, pace, rates = data["growth"], data["met"], data["pace"], data["rates"]

if growth.empty:
    narrowed = " who came in these ways" if sources else ""
    ui.empty_state(f"Nobody is in this network yet{narrowed}. Add the people you want to learn from "
                   "on the Research page, or import your LinkedIn connections; the charts start from there.",
                   "research", "Add people")
else:
    size = int(growth[growth["week"] == growth["week"].max()]["total"].sum())
    a, b, c, d = st.columns(4)
    a.metric("People in your network", size)
    b.metric("People met", int(met["met"].iloc[-1]) if not met.empty else 0)
    c.metric("Meetings held", f"{pace.done} of {pace.target}",
             delta=None if pace.target_date is None else f"{pace.difference:+.1f} against the plan",
             help="Meetings ahead (+) or behind (−) the steady pace to your target, as of today.")
    d.metric("Reply rate", "–" if rates["reply_rate"] is None else f"{rates['reply_rate']:.0%}",
             help="Replies (yes or no) per outreach attempt in the time range.")

# ---- network growth ---------------------------------------------------------------------------
if growth.empty:
    st.subheader("Network growth")
    st.caption("The growth chart appears once someone is in your network.")
else:
    pick = show_chart("growth")
    if pick:
        label = vocab.label(vocab.SOURCES, pick.get("source"))
        people_table(f"{label}: joined in the week of {pick['week_key']}", chart="growth",
                     week=pick["week_key"], source=pick.get("source"))

# ---- interviews against the goal --------------------------------------------------------------
if data["goal"] is None:
    st.subheader("Interviews against your goal")
    ui.empty_state("Set how many conversations you aim for and by when on the Goals page; this chart then "
                   "shows whether you are on track.", "goals", "Set your goal")
else:
    (st.success if pace.difference >= -0.5 else st.warning)(pace.words, icon=":material/flag:")
    pick = show_chart("goal")
    if pick:
        people_table(f"Meetings held up to {pick['day_key']}", chart="goal", week=pick["day_key"])

# ---- weekly activity --------------------------------------------------------------------------
activity = data["activity"]
if activity.empty:
    st.subheader("Weekly activity")
    ui.empty_state("No outreach or meetings in this time range. Log your first attempts on the Outreach page; "
                   "each week's attempts, replies and meetings will show here.", "outreach", "Log outreach")
else:
    pick = show_chart("activity")
    if pick:
        people_table(f"{metrics.ACTIVITY_MEASURES.get(pick['measure'], '')} in the week of {pick['week_key']}",
                     chart="activity", week=pick["week_key"], measure=pick["measure"])

# ---- funnel -----------------------------------------------------------------------------------
steps = data["funnel"]
if not int(steps["people"].iloc[0]):
    st.subheader("Funnel")
    ui.empty_state("The funnel starts with the people you identify. Add a few on the Research page.",
                   "research", "Add people")
else:
    pick = show_chart("funnel")
    if pick:
        people_table(metrics.FUNNEL_STEPS.get(pick["step"], "People"), chart="funnel", step=pick["step"])

# ---- referral tree ----------------------------------------------------------------------------
tree = data["tree"]
if tree.nodes.empty:
    st.subheader("Referral tree")
    ui.empty_state("No introductions yet. At the end of each conversation, ask who else you should talk to; "
                   "record the people you are referred to on the Review page and they will appear here.",
                   "review", "Record referrals")
else:
    nodes = views["tree_nodes"]
    pick = show_chart("tree", dot=lambda: referral_tree.to_dot(tree.nodes, initials=initials))
    if pick:
        person = nodes.loc[nodes["id"] == int(pick["id"]), "name"]
        who = person.iloc[0] if len(person) else "This person"
        people_table(f"{who} and the people they introduced", chart="tree", contact_id=int(pick["id"]))
