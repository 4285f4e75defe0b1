"""The Network page's charts, one tab each: only the open tab's chart is built and drawn, once per change and
filter (a click on a chart reruns the page without querying or building again), with its caption, its downloads
and the people behind a clicked mark."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from lib import chart_export, charts, metrics, wording
from views import kit, layout, ui


# The tabs, in the method's order: how the network grew, then whether the goal is on track, then the work behind it.
TABS = {"growth": "Growth", "goal": "Against your goal", "activity": "Weekly activity", "funnel": "Funnel",
        "tree": "Referral tree"}
TABS_KEY = "net_tab"
GOAL_MEETINGS = "Goal meetings"  # a figure card's label: meetings held since the goal started


@kit.cached
def _network(cur, workbook_id: int, filters: metrics.Filters, today: date, masking: tuple[bool, bool],
             chart: str) -> dict:
    """The at-a-glance figures and the chart named, as a finished spec with its caption (lib/charts.network_view).
    `masking` (share mode, names as initials), part of the key, is the only way names are masked here: a kept read
    depends on its arguments alone (the background worker asks it outside any session)."""
    return charts.network_view(cur, workbook_id, filters, today, charts=(chart,), person=ui.name_masker(*masking))


def network(ctx: kit.Context, filters: metrics.Filters, chart: str) -> dict:
    """What the page draws for these filters with the tab of `chart` open, read once per change to the workbook."""
    return _network(ctx, filters, ctx.today, (ctx.share, ctx.initials), chart)


def chart_tab(ctx: kit.Context, filters: metrics.Filters, views: dict, name: str) -> None:
    """The open tab: the chart `name`, or what to do first when it has nothing to show."""
    if name == "goal":
        goal_chart(ctx, filters, views)
    else:
        chart_or(ctx, filters, views, name, lambda: _EMPTY[name](filters))


def at_a_glance(views: dict, narrowed: bool) -> None:
    """The network's size, people met, meetings held against the pace, reply rate; or where to begin."""
    if not views["has_people"]:
        narrowed_to = " who came in these ways" if narrowed else ""
        layout.empty_state(f"Nobody is in this network yet{narrowed_to}. Add the people you want to learn from "
                       "on the Research page, or import your LinkedIn connections; the charts start from there.",
                       "research", "Add people")
        return
    pace, rates = views["whole_pace"], views["rates"]
    ui.figures(("People in your network", f"{views['size']:,}"), ("People met", f"{views['met']:,}"),
               # the goal's own count whatever the range: named so beside figures of the range (a hostile tester
               # read "10 of 12 held" against "0 people met" in a range before the goal)
               (GOAL_MEETINGS, f"{pace.done:,} of {pace.target:,}", pace.delta or "",
                "Meetings held since your goal started, whatever the time range and sources above, and whole "
                "meetings ahead of or behind the steady pace to your target, as of today.",
                "good" if pace.ahead > 0 else "bad" if pace.ahead < 0 else ""),
               ("Reply rate", "–" if rates["reply_rate"] is None else f"{rates['reply_rate']:.0%}", "",
                metrics.REPLY_RATE_HELP))


def _people_table(ctx: kit.Context, filters: metrics.Filters, what: str, **where) -> None:
    frame, total = metrics.people_behind(ctx.cur, ctx.wb.id, filters, ctx.today, **where)  # masked below
    shown = f"the first {len(frame)} of {total:,} people" if total > len(frame) else wording.plural(total, "person", "people")
    st.text(f"{what} · {shown}")  # may hold a name: plain text
    if frame.empty:
        st.caption("Nobody behind this mark.")
    else:
        st.dataframe(ui.masked(frame), hide_index=True, width="stretch", key=f"net_people_{where['chart']}",
                     column_config={"Date": st.column_config.DateColumn("Date", format=wording.DATE_COLUMN_FORMAT)},
                     placeholder="")


def show_chart(ctx: kit.Context, filters: metrics.Filters, views: dict, name: str) -> None:
    """The chart (its cached spec), its caption, PNG/SVG (and DOT) downloads made only when clicked, and
    the people behind a clicked mark."""
    spec = views["specs"][name]
    with st.container(key=f"net_chart_{name}"):
        state = st.vega_lite_chart(spec=spec, key=_chart_key(name, filters), on_select="rerun",
                                   selection_mode=[charts.SELECTIONS[name]], width="stretch")
    st.caption(views["captions"][name])
    row, file = st.container(horizontal=True), f"network-{name}"
    row.download_button("PNG", lambda: chart_export.png(spec), file_name=f"{file}.png", mime="image/png",
                        key=f"net_png_{file}", icon=":material/image:", on_click="ignore")
    row.download_button("SVG", lambda: chart_export.svg(spec), file_name=f"{file}.svg",
                        mime="image/svg+xml", key=f"net_svg_{file}", icon=":material/draw:", on_click="ignore")
    if name == "tree":
        row.download_button("Graphviz (DOT)", views["dot"], file_name=f"{file}.dot", mime="text/vnd.graphviz",
                            key=f"net_dot_{file}", icon=":material/account_tree:", on_click="ignore")
    picks = (state.get("selection") or {}).get(charts.SELECTIONS[name]) if state else None
    st.session_state[_PICKED_WITH.format(name)] = filters if picks else None
    if picks:
        what, where = charts.picked(name, picks[0], views["tree_nodes"])
        _people_table(ctx, filters, what, **where)


# A mark clicked stays picked only while its chart shows the same range and sources (a bar of a week no longer shown
# went on listing its people after a range change: a hostile tester). A chart under a new key starts with nothing
# picked, but a new chart costs the browser more than new data in the same one (a filter change 2.3 → 3.3× bare at
# large), so the key changes only when the filters change under a pick.
_PICKED_WITH = "_net_picked_with_{}"   # chart name -> the filters a mark was picked under (None: nothing picked)
_GENERATION = "_net_chart_generation_{}"


def _chart_key(name: str, filters: metrics.Filters) -> str:
    picked_with = st.session_state.get(_PICKED_WITH.format(name))
    if picked_with is not None and picked_with != filters:
        st.session_state[_GENERATION.format(name)] = st.session_state.get(_GENERATION.format(name), 0) + 1
    return f"net_chart_{name}_{st.session_state.get(_GENERATION.format(name), 0)}"


def chart_or(ctx: kit.Context, filters: metrics.Filters, views: dict, name: str,
             instead: Callable[[], None]) -> None:
    """The chart `name` when it has something to show, else `instead()` (what to do first)."""
    if name in views["specs"]:
        show_chart(ctx, filters, views, name)
    else:
        instead()


def goal_chart(ctx: kit.Context, filters: metrics.Filters, views: dict) -> None:
    """Interviews against the goal, with whether they are on track; or where to set the goal."""
    if not views["has_goal"]:
        layout.empty_state("Set how many conversations you aim for and by when on the Goals page; this chart then "
                       "shows whether you are on track.", "goals", "Set your goal")
        return
    pace = views["pace"]
    (st.success if pace.difference >= -0.5 else st.warning)(pace.words, icon=":material/flag:")
    show_chart(ctx, filters, views, "goal")


def narrowing(filters: metrics.Filters) -> str:
    """How the filters narrow the charts, for an empty chart's words ("" when they show everything)."""
    if filters.sources:
        return " among the people of the sources chosen"
    return " in this time range" if filters.start is not None else ""


# What to do when a chart has nothing to show: said as narrowed by the filters when they narrow (a range or source
# with nothing in it read as an empty workbook: a hostile tester).
_EMPTY = {
    "growth": lambda f: st.caption(f"Nobody is in your network{narrowing(f)}." if narrowing(f) else
                                   "The growth chart appears once someone is in your network."),
    "activity": lambda f: layout.empty_state(
        f"No outreach or meetings{narrowing(f) or ' yet'}. Log your attempts on the Outreach page; each week's "
        "attempts, replies and meetings will show here.", "outreach", "Log outreach"),
    "funnel": lambda f: layout.empty_state(
        f"Nobody identified{narrowing(f)}: the funnel starts with the people you identify. Add people on the "
        "Research page" + (", or widen the filters above." if narrowing(f) else "."), "research", "Add people"),
    "tree": lambda f: layout.empty_state(
        f"No introductions{narrowing(f) or ' yet'}" + (" (choose every source: the people who introduced them may "
        "have come another way). " if f.sources else ". ") +
        "At the end of each conversation, ask who else you should talk to; record the people you are referred to "
        "on the Review page and they will appear here.", "review", "Record referrals"),
}
