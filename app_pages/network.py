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


def export_buttons(chart, name: str, dot: str | None = None) -> None:
    """PNG and SVG of the chart, made only when a button is clicked (and the tree as Graphviz DOT)."""
    row = st.container(horizontal=True)
    row.download_button("PNG", lambda: chart_export.png(chart), file_name=f"{name}.png", mime="image/png",
                      key=f"net_png_{name}", icon=":material/image:", on_click="ignore")
    row.download_button("SVG", lambda: chart_export.svg(chart), file_name=f"{name}.svg", mime="image/svg+xml",
                      key=f"net_svg_{name}", icon=":material/draw:", on_click="ignore")
    if dot is not None:
        row.download_button("Graphviz (DOT)", dot, file_name=f"{name}.dot", mime="text/vnd.graphviz",
                            key=f"net_dot_{name}", icon=":material/account_tree:", on_click="ignore")


def show_chart(chart, name: str, caption: str, dot: str | None = None) -> dict | None:
    """The chart with its caption and downloads; returns the clicked mark's fields, if any."""
    state = st.altair_chart(chart, key=f"net_chart_{name}", on_select="rerun",
                            selection_mode=[charts.SELECTIONS[name]], width="stretch")
    st.caption(caption)
    export_buttons(chart, f"network-{name}", dot)
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


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def chart_frames(_con, db_key: str, workbook_id: int, version: str, filters: metrics.Filters, today: date) -> dict:
    """Every small frame the charts need; a click on a chart reruns the page without asking again.
    `version` (metrics.fingerprint) changes with any edit to what the charts read, so nothing stale shows."""
    return {
        "goal": metrics.goal(_con, workbook_id),
        "growth": metrics.network_growth(_con, workbook_id, filters, today),
        "met": metrics.people_met(_con, workbook_id, filters, today),
        "pace": metrics.pace(_con, workbook_id, filters, today),
        "rates": metrics.conversion_rates(_con, workbook_id, filters, today),
        "vs_goal": metrics.interviews_vs_goal(_con, workbook_id, filters, today),
        "activity": metrics.weekly_activity(_con, workbook_id, filters, today),
        "planned": metrics.weekly_pace(_con, workbook_id),
        "funnel": metrics.funnel(_con, workbook_id, filters, today),
        "tree": metrics.referral_tree(_con, workbook_id, filters, today),
    }


# ---- at a glance ------------------------------------------------------------------------------
data = chart_frames(con, str(database.path_from_env()), wb.id, metrics.fingerprint(con, wb.id), filters, today)
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
    goal = data["goal"] or {}
    chart = charts.growth_chart(growth, met, start=goal.get("start_date"), target=goal.get("target_date"))
    pick = show_chart(chart, "growth", charts.growth_caption(growth, met))
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
    frame = data["vs_goal"]
    pick = show_chart(charts.goal_chart(frame, today), "goal", charts.goal_caption(frame, pace))
    if pick:
        people_table(f"Meetings held up to {pick['day_key']}", chart="goal", week=pick["day_key"])

# ---- weekly activity --------------------------------------------------------------------------
activity, planned = data["activity"], data["planned"]
if activity.empty:
    st.subheader("Weekly activity")
    ui.empty_state("No outreach or meetings in this time range. Log your first attempts on the Outreach page; "
                   "each week's attempts, replies and meetings will show here.", "outreach", "Log outreach")
else:
    pick = show_chart(charts.activity_chart(activity, planned), "activity", charts.activity_caption(activity, planned))
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
    pick = show_chart(charts.funnel_chart(steps), "funnel", charts.funnel_caption(steps, rates))
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
    nodes, edges = charts.tree_frames(tree, initials=initials)
    pick = show_chart(charts.tree_chart(nodes, edges), "tree", charts.tree_caption(tree, nodes),
                      dot=referral_tree.to_dot(tree.nodes, initials=initials))
    if pick:
        person = nodes.loc[nodes["id"] == int(pick["id"]), "name"]
        who = person.iloc[0] if len(person) else "This person"
        people_table(f"{who} and the people they introduced", chart="tree", contact_id=int(pick["id"]))
