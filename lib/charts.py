"""Altair chart builders for the Network page, each taking the small frames of lib/metrics.py.

Every chart has a named click selection (`SELECTIONS`) over string fields, so the page can show the
people behind a clicked mark, and a `*_caption` function saying in plain words what it shows.
Fonts and strokes are sized for a projector.
"""
from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from datetime import date

import altair as alt
import pandas as pd
import pyarrow as pa

from lib import conversion, goal_pace, metrics, referral_tree, vocab, weekly
from lib.text import md_escape  # the caption is shown as Markdown
from lib.wording import plural
from lib.wording import CHART_DATE_FORMAT, day

SOURCE_COLORS = {  # colour-blind friendly (Okabe-Ito), fixed so a source keeps its colour in every chart
    "linkedin": "#0072B2",
    "manual": "#999999",
    "referral": "#009E73",
    "alumni": "#E69F00",
    "event": "#CC79A7",
}
MEASURE_COLORS = {"attempts": "#56B4E9", "replies": "#E69F00", "meetings": "#009E73"}
MET_COLOR = "#222222"
PACE_COLOR = "#D55E00"
SELECTIONS = {"growth": "growth_pick", "goal": "goal_pick", "activity": "activity_pick",
              "funnel": "funnel_pick", "tree": "tree_pick"}
HEIGHT = 320
MIN_WEEK_BANDS = 8   # fewer weeks get wider outer padding (up to a band each side), so they sit centred
MAX_BAR_PX = 90      # and a bar never grows wider than this: one week is a bar, not a wall
LABEL_ROW = 20       # pixels between stacked marker labels, so two never overlap


def _readable(layers: list, title: str, height: int) -> alt.LayerChart:
    """The layers as one chart with its title and projector-sized axes and legend, made in a single step
    (each chained Altair call copies and re-checks the whole layered chart)."""
    return alt.layer(
        *layers, height=height,
        title=alt.Title(title, anchor="start", fontSize=20),
        # fit-x: the width follows the page, the height stays the plot's own (legend and axes come on top)
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        config=alt.Config(
            axis=alt.AxisConfig(labelFontSize=14, titleFontSize=15, labelColor="#333", titleColor="#333"),
            legend=alt.LegendConfig(labelFontSize=14, titleFontSize=14, orient="bottom", symbolSize=160,
                                    labelLimit=260),
            view=alt.ViewConfig(strokeWidth=0)),
    )


def to_spec(chart: alt.TopLevelMixin) -> dict:
    """The chart as a finished Vega-Lite dict, each data frame a named Arrow IPC dataset: the form Streamlit
    ships to the browser. A page can cache it (small: the frames are aggregates) and draw it with
    st.vega_lite_chart on every run without building, validating and serializing the chart again.

    No global Altair state is touched (no data transformer, no theme switch), so it is safe beside other
    sessions drawing charts at the same time. The chart passed in is left as it was."""
    datasets: dict[str, object] = {}

    def name_data(part):
        part = _shallow(part)  # the chart's own parts keep their frames
        data = getattr(part, "data", alt.Undefined)
        if isinstance(data, pd.DataFrame):
            payload = _arrow(data)
            digest = hashlib.md5(payload if isinstance(payload, bytes) else pd.util.hash_pandas_object(data).values
                                 .tobytes() + repr(list(data.columns)).encode()).hexdigest()
            datasets[f"data-{digest}"] = payload
            part.data = alt.NamedData(name=f"data-{digest}")
        for attr in ("layer", "concat", "hconcat", "vconcat"):
            children = getattr(part, attr, alt.Undefined)
            if isinstance(children, list):
                setattr(part, attr, [name_data(child) for child in children])
        inner = getattr(part, "spec", alt.Undefined)
        if isinstance(inner, alt.SchemaBase):
            part.spec = name_data(inner)
        return part

    # not validated again here: tests/test_charts.py validates every chart's to_dict()
    spec = name_data(chart).to_dict(validate=False)
    view = spec.get("config", {}).get("view", {})
    for default in ("continuousWidth", "continuousHeight"):  # Altair's default theme; Streamlit sizes the chart
        view.pop(default, None)
    if datasets:
        spec.setdefault("datasets", {}).update(datasets)
    return spec


def _shallow(part: alt.SchemaBase) -> alt.SchemaBase:
    """A copy of one chart part whose properties can be replaced without touching the original. Unlike
    Altair's copy(deep=False) it does not run the constructor again (a layered chart's re-checks its layers)."""
    twin = part.__class__.__new__(part.__class__)
    twin.__dict__.update(part.__dict__)
    twin.__dict__["_kwds"] = dict(part._kwds)
    return twin


def _arrow(frame: pd.DataFrame) -> bytes | pd.DataFrame:
    """Arrow IPC stream bytes of a frame, as Streamlit makes them; the frame itself if Arrow refuses it
    (Streamlit then converts it with its own column fixes when drawing)."""
    try:
        table = pa.Table.from_pandas(frame)
    except (pa.ArrowException, ValueError, TypeError, OverflowError):
        return frame
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _day(value) -> str:
    return day(value)


def _week_x(weeks: int = MIN_WEEK_BANDS) -> alt.X:
    """Weeks as bands labelled by their Monday (the data carries it as `week_key`, an ISO date). With fewer
    than MIN_WEEK_BANDS weeks the outer padding grows (Vega-Lite allows one band at most).
    Every layer of a chart passes the same `weeks` (they share the scale)."""
    return alt.X("week_key:O", title="Week starting",
                 scale=alt.Scale(paddingInner=0.2, paddingOuter=min(1.0, max(0.1, (MIN_WEEK_BANDS - weeks) / 2))),
                 axis=alt.Axis(labelAngle=0, labelOverlap="greedy", labelPadding=6,
                               labelExpr="timeFormat(toDate(datum.value + 'T00:00'), '%-d %b')"))


def _count_axis(title: str, top: float | None = None) -> alt.Axis:
    """An axis of counts: whole numbers only (no 0.5 of a person), thousands separated. Vega still picks
    half steps for a domain of 0..1 or 0..2 despite tickMinStep, so up to 10 the ticks are listed."""
    values = list(range(0, math.ceil(top) + 1)) if top is not None and top <= 10 else alt.Undefined
    return alt.Axis(title=title, tickMinStep=1, format=",d", values=values)


def _week_axis(title: str = "Week starting") -> alt.Axis:
    return alt.Axis(title=title, format="%-d %b", labelAngle=0, labelOverlap="greedy", tickCount=8)


# ---- network growth ---------------------------------------------------------------------------

def growth_chart(growth: pd.DataFrame, met: pd.DataFrame, *, start: date | None = None,
                 target: date | None = None) -> alt.TopLevelMixin:
    """Stacked bars of network size by week and source, the people met as a dark line, and the goal's
    start and target dates as labelled rules when they fall inside the weeks shown."""
    pick = alt.selection_point(name=SELECTIONS["growth"], fields=["week_key", "source"], on="click")
    sources = [s for s in SOURCE_COLORS if s in set(growth["source"])] or list(SOURCE_COLORS)
    weeks = max(int(growth["week_key"].nunique()), 1)
    notes = _date_notes(growth, start, target)
    tallest = max(int(growth.groupby("week_key")["total"].sum().max()) if len(growth) else 0,
                  int(met["met"].max()) if len(met) else 0, 1)
    # room above the tallest bar for the date labels, one row each
    top = tallest * (1 + 0.14 * len(notes)) if notes else alt.Undefined
    bars = (
        alt.Chart(growth)
        .mark_bar(width=alt.ExprRef(f"min(bandwidth('x'), {MAX_BAR_PX})"))
        .encode(
            x=_week_x(weeks),
            y=alt.Y("total:Q", stack="zero", axis=_count_axis("People in your network", tallest),
                    scale=alt.Scale(domainMin=0, domainMax=top, nice=True)),
            color=alt.Color(
                "source_label:N", title="How they came",
                scale=alt.Scale(domain=[vocab.SOURCES[s] for s in sources], range=[SOURCE_COLORS[s] for s in sources]),
            ),
            order=alt.Order("source:N"),
            opacity=alt.when(pick).then(alt.value(1.0)).otherwise(alt.value(0.45)),
            tooltip=[alt.Tooltip("week:T", title="Week starting", format=CHART_DATE_FORMAT),
                     alt.Tooltip("source_label:N", title="How they came"),
                     alt.Tooltip("total:Q", title="People so far"), alt.Tooltip("added:Q", title="Added that week")],
        )
        .add_params(pick)
    )
    layers = [bars]
    if not met.empty:
        base = alt.Chart(met).encode(x=_week_x(weeks), y="met:Q")
        layers.append(base.mark_line(color=MET_COLOR, strokeWidth=4, point=alt.OverlayMarkDef(size=80, color=MET_COLOR)))
        last = met.tail(1)
        layers.append(
            alt.Chart(last).mark_text(align="right", dx=-8, dy=-14, fontSize=15, fontWeight="bold", color=MET_COLOR)
            .encode(x=_week_x(weeks), y="met:Q", text=alt.Text("label:N"))
            .transform_calculate(label="'People met: ' + datum.met")
        )
    rules = [n for n in notes if n["rule"]]
    if rules:
        layers.append(alt.Chart(pd.DataFrame(rules)).mark_rule(color=PACE_COLOR, strokeDash=[6, 4], strokeWidth=2)
                      .encode(x=_week_x(weeks)))
    for row, note in enumerate(notes):  # one row each: two labels never overlap, wherever their dates fall
        left = note["align"] == "left"
        layers.append(alt.Chart(pd.DataFrame([note])).mark_text(
            align=note["align"], baseline="top", dx=4 if left else -4, y=4 + LABEL_ROW * row, fontSize=14,
            color=PACE_COLOR).encode(x=_week_x(weeks), text="label:N"))
    return _readable(layers, "How your network grew", HEIGHT)


def _date_notes(growth: pd.DataFrame, start: date | None, target: date | None) -> list[dict]:
    """The goal's start and target dates as labels over the weeks shown: a rule where the date falls inside
    them (the label on the side with room), the target still ahead said at the right edge."""
    if growth.empty:
        return []
    keys = sorted(growth["week_key"].unique())
    first, last_week = pd.Timestamp(keys[0]), pd.Timestamp(keys[-1]) + pd.Timedelta(days=6)
    notes = []
    for when, label in ((start, "Goal start"), (target, "Target date")):
        if when is not None and first <= pd.Timestamp(when) <= last_week:
            key = metrics.week_key(metrics.monday(when))
            right_half = keys.index(key) >= len(keys) / 2 if len(keys) > 1 else False
            notes.append({"week_key": key, "label": f"{label}: {_day(when)}", "align": "right" if right_half else "left",
                          "rule": True})
    if target is not None and pd.Timestamp(target) > last_week:
        notes.append({"week_key": keys[-1], "label": f"Target date: {_day(target)} →", "align": "right", "rule": False})
    return notes


def growth_caption(growth: pd.DataFrame, met: pd.DataFrame) -> str:
    if growth.empty:
        return "Nobody is in this network yet."
    weeks = growth.groupby("week", as_index=False)["total"].sum()
    first, last = weeks.iloc[0], weeks.iloc[-1]
    first_n, last_n = int(first.total), int(last.total)
    added = growth.groupby("source_label")["added"].sum().sort_values(ascending=False)
    new = [f"{label} {n:,}" for label, n in added.items() if n]
    by_source = growth[growth["week"] == last.week].sort_values("total", ascending=False)
    mix = ", ".join(f"{r.source_label}: {int(r.total):,}" for r in by_source.itertuples() if r.total)
    met_now = int(met["met"].iloc[-1]) if not met.empty else 0
    text = "Each bar is the size of your network at the end of a week, coloured by how people came in. "
    if len(weeks) == 1:
        text += f"In the week of {_day(last.week)} it holds {plural(last_n, 'person', 'people')} ({mix})."
    elif first_n == last_n:
        text += (f"It stayed at {plural(last_n, 'person', 'people')} from the week of {_day(first.week)} "
                 f"to the week of {_day(last.week)} ({mix}).")
    else:
        text += (f"It grew from {plural(first_n, 'person', 'people')} in the week of {_day(first.week)} to "
                 f"{last_n:,} in the week of {_day(last.week)}" + (f" (new: {', '.join(new)})." if new else "."))
    text += (f" The dark line counts the people you have actually met: {met_now:,} so far." if met_now else
             " Nobody has been met yet; the dark line will show them.")
    return text + " Click a bar to see who was in your network by then."


# ---- interviews against the goal --------------------------------------------------------------

def goal_chart(frame: pd.DataFrame, today: date) -> alt.TopLevelMixin:
    """Cumulative meetings held (solid, with clickable points) against the straight pace line (dashed)
    to the target on the target date, the target as a rule, and today marked."""
    pick = alt.selection_point(name=SELECTIONS["goal"], fields=["day_key"], on="click")
    target = int(frame["target"].iloc[0]) if len(frame) else 0
    done = frame.dropna(subset=["done"]).copy()
    done["done"] = done["done"].astype(int)
    series = pd.concat([
        done.assign(series="Meetings held", value=done["done"]),
        frame.dropna(subset=["pace"]).assign(series="Planned pace", value=lambda d: d["pace"].astype(float)),
    ])[["day", "day_key", "series", "value"]]
    color = alt.Color("series:N", legend=None, scale=alt.Scale(domain=["Meetings held", "Planned pace"],
                                                                range=[MET_COLOR, PACE_COLOR]))
    lines = alt.Chart(series).mark_line(strokeWidth=3).encode(
        x=alt.X("day:T", axis=_week_axis("Date")),
        y=alt.Y("value:Q", axis=_count_axis("Meetings held", max(target, float(series["value"].max() or 0))),
                scale=alt.Scale(domainMin=0, nice=True)),
        color=color,
        strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=["Meetings held", "Planned pace"],
                                                              range=[[1, 0], [8, 5]]), legend=None),
    )
    points = alt.Chart(done).mark_point(size=110, filled=True, color=MET_COLOR).encode(
        x="day:T", y="done:Q",
        opacity=alt.when(pick).then(alt.value(1.0)).otherwise(alt.value(0.4)),
        tooltip=[alt.Tooltip("day:T", title="By", format=CHART_DATE_FORMAT), alt.Tooltip("done:Q", title="Meetings held")],
    ).add_params(pick)
    marks = pd.DataFrame([{"day": pd.Timestamp(today), "label": "Today"}])
    today_rule = alt.Chart(marks).mark_rule(color="#666", strokeDash=[2, 3], strokeWidth=2).encode(x="day:T")
    today_text = alt.Chart(marks).mark_text(align="left", baseline="top", dx=4, y=4, fontSize=14, color="#444") \
        .encode(x="day:T", text="label:N")
    ends = series.sort_values("day").groupby("series", as_index=False).tail(1).copy()
    ends["label"] = [f"{name}: {value:g}" if name == "Meetings held" else name
                     for name, value in zip(ends["series"], ends["value"].round(1))]
    # a label near the left edge reads to the right of its point, else to the left (never over the axis)
    lo, hi = pd.Timestamp(frame["day"].min()), pd.Timestamp(frame["day"].max())
    span = max((hi - lo).days, 1)
    ends["near_left"] = [(pd.Timestamp(d) - lo).days / span < 0.3 for d in ends["day"]]
    end_labels = [
        alt.Chart(part).mark_text(align="left" if near else "right", dx=8 if near else -8, dy=-14, fontSize=15,
                                  fontWeight="bold").encode(x="day:T", y="value:Q", text="label:N", color=color)
        for near, part in ends.groupby("near_left")]
    layers = [lines, points, today_rule, today_text, *end_labels]
    if target:
        goal = pd.DataFrame([{"value": target, "label": f"Goal: {target} meetings"}])
        layers.append(alt.Chart(goal).mark_rule(color=PACE_COLOR, strokeWidth=1, opacity=0.6).encode(y="value:Q"))
        layers.append(alt.Chart(goal).mark_text(align="left", x=6, dy=-10, fontSize=14, color=PACE_COLOR)
                      .encode(y="value:Q", text="label:N"))
    return _readable(layers, "Meetings held against the goal", HEIGHT)


def goal_caption(frame: pd.DataFrame, pace: goal_pace.Pace) -> str:
    if pace.target_date is None:
        return (f"The dark line counts meetings held since {_day(pace.start_date)}: {pace.done} of {pace.target}. "
                "Add a target date on the Goals page to see the planned pace beside it.")
    return (f"The dark line counts meetings held since {_day(pace.start_date)}; the dashed line is the steady pace "
            f"that reaches {pace.target} meetings on {_day(pace.target_date)} (this chart always covers the whole "
            f"goal period; the source filter applies). {pace.words} "
            "Click a point to see the meetings counted up to that day.")


# ---- weekly activity --------------------------------------------------------------------------

def activity_chart(frame: pd.DataFrame, weekly_pace: float | None) -> alt.TopLevelMixin:
    """Grouped bars per week: outreach attempts, replies, meetings held; the planned meetings a week
    as a dashed rule."""
    pick = alt.selection_point(name=SELECTIONS["activity"], fields=["week_key", "measure"], on="click")
    order = list(weekly.ACTIVITY_MEASURES)
    bars = alt.Chart(frame).mark_bar(width=alt.ExprRef(f"min(bandwidth('xOffset'), {MAX_BAR_PX // 2})")).encode(
        x=_week_x(max(int(frame["week_key"].nunique()), 1)),
        xOffset=alt.XOffset("measure:N", sort=order),
        y=alt.Y("count:Q", axis=_count_axis("Per week", max(float(frame["count"].max()), weekly_pace or 0))),
        color=alt.Color("measure_label:N", title=None,
                        scale=alt.Scale(domain=list(weekly.ACTIVITY_MEASURES.values()),
                                        range=[MEASURE_COLORS[m] for m in order])),
        opacity=alt.when(pick).then(alt.value(1.0)).otherwise(alt.value(0.45)),
        tooltip=[alt.Tooltip("week:T", title="Week starting", format=CHART_DATE_FORMAT),
                 alt.Tooltip("measure_label:N", title="What"), alt.Tooltip("count:Q", title="How many")],
    ).add_params(pick)
    layers = [bars]
    if weekly_pace:
        rule = pd.DataFrame([{"pace": weekly_pace, "label": f"Planned: {_per_week(weekly_pace)}"}])
        layers.append(alt.Chart(rule).mark_rule(color=PACE_COLOR, strokeDash=[8, 5], strokeWidth=3).encode(y="pace:Q"))
        layers.append(alt.Chart(rule).mark_text(align="right", baseline="bottom", x="width", dx=-4, dy=-5, fontSize=14,
                                                color=PACE_COLOR, fontWeight="bold").encode(y="pace:Q", text="label:N"))
    return _readable(layers, "What you did each week", HEIGHT)


def _per_week(pace: float) -> str:
    return f"{pace:g} meeting a week" if pace == 1 else f"{pace:g} meetings a week"


def activity_caption(frame: pd.DataFrame, weekly_pace: float | None) -> str:
    if frame.empty:
        return "No outreach or meetings in this range yet."
    totals = frame.groupby("measure")["count"].sum()
    weeks = frame["week"].nunique()
    quiet = int((frame.groupby("week")["count"].sum() == 0).sum())
    met_weeks = frame[frame["measure"] == "meetings"]
    text = (f"Over {plural(weeks, 'week')}: {plural(int(totals.get('attempts', 0)), 'outreach attempt')}, "
            f"{plural(int(totals.get('replies', 0)), 'reply', 'replies')} (counted on the day they came) and "
            f"{plural(int(totals.get('meetings', 0)), 'meeting')} held.")
    if quiet:
        text += f" {plural(quiet, 'week')} had no activity at all."
    if weekly_pace:
        on_pace = int((met_weeks["count"] >= weekly_pace).sum())
        text += (f" The dashed line is your plan of {_per_week(weekly_pace)}, "
                 + (f"reached in {on_pace} of {weeks} weeks." if weeks > 1 else ("reached this week." if on_pace else "not reached yet.")))
    return text + " Click a bar to see the people behind it."


# ---- the funnel -------------------------------------------------------------------------------

def funnel_chart(frame: pd.DataFrame) -> alt.TopLevelMixin:
    """Horizontal bars, one per step in order, each labelled with its count and its share of the step before."""
    pick = alt.selection_point(name=SELECTIONS["funnel"], fields=["step"], on="click")
    data = frame.copy()
    previous = [None, *data["people"].iloc[:-1]]
    data["text"] = [  # no share of an empty step before (0 of 0 is not 0 %)
        f"{n:,}" if not before else f"{n:,}  ({share:.0%} of previous)"
        for n, share, before in zip(data["people"], data["of_previous"], previous)
    ]
    y = alt.Y("label:N", sort=list(data["label"]), title=None, axis=alt.Axis(labelFontSize=16, labelLimit=220))
    bars = alt.Chart(data).mark_bar(color="#0072B2", cornerRadiusEnd=3).encode(
        y=y, x=alt.X("people:Q", axis=_count_axis("People", float(data["people"].max())),
                     scale=alt.Scale(domainMin=0, nice=True)),
        opacity=alt.when(pick).then(alt.value(1.0)).otherwise(alt.value(0.45)),
        tooltip=[alt.Tooltip("label:N", title="Step"), alt.Tooltip("people:Q", title="People"),
                 alt.Tooltip("of_previous:Q", title="Of the step before", format=".0%")],
    ).add_params(pick)
    labels = alt.Chart(data).mark_text(align="left", dx=6, fontSize=15, color="#222").encode(
        y=y, x="people:Q", text="text:N")
    return _readable([bars, labels], "Where the funnel leaks", HEIGHT - 40)


def funnel_caption(frame: pd.DataFrame, rates: dict) -> str:
    if frame.empty or not int(frame["people"].iloc[0]):
        return "Nobody is in this network yet."

    n = [int(v) for v in frame["people"]]
    text = (f"Of the {plural(n[0], 'person', 'people')} identified, {n[1]:,} {'was' if n[1] == 1 else 'were'} "
            f"contacted, {n[2]:,} replied, {n[3]:,} {'was' if n[3] == 1 else 'were'} met and {n[4]:,} of them "
            "introduced you to someone. ")
    steps = frame.iloc[1:][[p > 0 for p in n[:-1]]]  # a drop needs people in the step before
    if len(steps):
        leak = steps.sort_values("of_previous").iloc[0]
        text += f"The biggest drop is at “{leak['label']}” ({leak['of_previous']:.0%} of the step before). "
    text += f"{conversion.reply_rate_words(rates)} Meetings per attempt: "
    text += "none yet" if rates["meetings_per_attempt"] is None else f"{rates['meetings_per_attempt']:.2f}"
    text += ". Referrals per meeting: "
    text += "none yet" if rates["referrals_per_meeting"] is None else f"{rates['referrals_per_meeting']:.1f}"
    return text + ". Click a bar to see those people."


# ---- the referral tree ------------------------------------------------------------------------

def tree_chart(nodes: pd.DataFrame, edges: pd.DataFrame) -> alt.TopLevelMixin:
    """The laid-out referral tree (see lib/referral_tree.py): generations left to right, people met as
    filled dark circles, others as open circles, names beside them."""
    pick = alt.selection_point(name=SELECTIONS["tree"], fields=["id"], on="click")
    rows = float(nodes["y"].max()) + 1 if len(nodes) else 1
    generations = int(nodes["x"].max()) + 1 if len(nodes) else 1
    height = int(max(160, min(32 * rows, 3200)))
    x = alt.X("x:Q", title="Generation (0 = your first contacts)",
              scale=alt.Scale(domain=[-0.2, generations - 0.2]),
              axis=alt.Axis(tickMinStep=1, format="d", grid=False, values=list(range(generations))))
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[rows, -1]))
    lines = alt.Chart(edges).mark_rule(color="#9aa5b1", strokeWidth=2).encode(
        x=x, y=y, x2="x2:Q", y2="y2:Q")
    dots = alt.Chart(nodes).mark_point(size=220, filled=True, strokeWidth=2.5).encode(
        x=x, y=y,
        shape=alt.value("circle"),
        color=alt.Color("met_label:N", title=None,
                        scale=alt.Scale(domain=["Met", "Not met yet"], range=["#0072B2", "#ffffff"])),
        stroke=alt.value("#0072B2"),
        opacity=alt.when(pick).then(alt.value(1.0)).otherwise(alt.value(0.5)),
        tooltip=[alt.Tooltip("name:N", title="Person"), alt.Tooltip("met_label:N", title="Met?"),
                 alt.Tooltip("referred:Q", title="People through them"), alt.Tooltip("generation:Q", title="Generation")],
    ).add_params(pick)
    met_names = alt.Chart(nodes).transform_filter(alt.datum.met).mark_text(
        align="left", baseline="bottom", dx=6, dy=-7, fontSize=14, fontWeight="bold", color="#111"
    ).encode(x=x, y=y, text="label:N")
    other_names = alt.Chart(nodes).transform_filter(~alt.datum.met).mark_text(
        align="left", baseline="bottom", dx=6, dy=-7, fontSize=14, color="#444").encode(x=x, y=y, text="label:N")
    return _readable([lines, dots, met_names, other_names], "Who introduced you to whom", height)


def tree_caption(tree: referral_tree.ReferralTree, nodes: pd.DataFrame) -> str:
    if nodes.empty:
        return "No referrals yet."
    deepest = int(nodes["x"].max())
    top = nodes[nodes["x"] == 0].sort_values("referred", ascending=False).iloc[0]
    text = (f"{plural(tree.total_people, 'person', 'people')} {'is' if tree.total_people == 1 else 'are'} in {plural(tree.chains, 'referral chain')}, "
            f"up to {plural(deepest, 'generation')} away from your first contacts. "
            f"The largest starts with {md_escape(top['name'])}, who led to {plural(int(top['referred']), 'person', 'people')}. "
            "Filled circles are people you have met; (+N) is how many people came through someone.")
    if tree.cut:
        text += (f" Only the {plural(tree.shown_chains, 'largest chain')} "
                 f"are drawn ({len(nodes)} of {tree.total_people} people) so the names stay readable.")
    return text + " Click a person to see them and whom they introduced."


def tree_frames(tree: referral_tree.ReferralTree, *, initials: bool,
                name: Callable[[str], str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    return referral_tree.layout(tree.nodes, initials=initials, name=name)


# ---- the Network page's view: every chart ready to draw ---------------------------------------

CHART_NAMES = ("growth", "goal", "activity", "funnel", "tree")


def network_frames(con, workbook_id: int, f: metrics.Filters, today: date) -> dict:
    """Every small frame the Network page's charts need (each one aggregate query)."""
    steps = conversion.funnel(con, workbook_id, f, today)
    return {
        "goal": metrics.goal(con, workbook_id),
        "growth": weekly.network_growth(con, workbook_id, f, today),
        "met": weekly.people_met(con, workbook_id, f, today),
        "pace": goal_pace.pace(con, workbook_id, f, today),
        "rates": conversion.conversion_rates(con, workbook_id, f, today, steps),
        "vs_goal": goal_pace.interviews_vs_goal(con, workbook_id, f, today),
        "activity": weekly.weekly_activity(con, workbook_id, f, today),
        "planned": goal_pace.weekly_pace(con, workbook_id),
        "funnel": steps,
        "tree": referral_tree.referral_tree(con, workbook_id, f, today),
    }


def build(name: str, data: dict, today: date, *, initials: bool = False,
          person: Callable[[str], str] | None = None) -> alt.TopLevelMixin:
    """The chart `name` (one of CHART_NAMES) from the frames of `network_frames`; `person` writes a person's
    name as it may be shown (the screen-share mask), as for referral_tree.layout()."""
    if name == "growth":
        goal = data["goal"] or {}
        return growth_chart(data["growth"], data["met"], start=goal.get("start_date"), target=goal.get("target_date"))
    if name == "goal":
        return goal_chart(data["vs_goal"], today)
    if name == "activity":
        return activity_chart(data["activity"], data["planned"])
    if name == "funnel":
        return funnel_chart(data["funnel"])
    if name == "tree":
        return tree_chart(*tree_frames(data["tree"], initials=initials, name=person))
    raise ValueError(f"unknown chart {name!r}")


def network_view(con, workbook_id: int, f: metrics.Filters, today: date, *, initials: bool = False,
                 person: Callable[[str], str] | None = None) -> dict:
    """All the Network page draws, small enough to cache: each chart that has something to show as a finished
    Vega-Lite spec (`to_spec`) with its caption, the at-a-glance figures, the laid-out tree and its DOT text.
    A chart with nothing to show has no spec (the page shows what to do instead). `person` writes each
    person's name as it may be shown (the screen-share mask), in the tree, its tooltips, caption and DOT."""
    data = network_frames(con, workbook_id, f, today)
    growth, met, tree = data["growth"], data["met"], data["tree"]
    captions, tree_nodes, dot = {}, None, None
    if not growth.empty:
        captions["growth"] = growth_caption(growth, met)
    if data["goal"] is not None:
        captions["goal"] = goal_caption(data["vs_goal"], data["pace"])
    if not data["activity"].empty:
        captions["activity"] = activity_caption(data["activity"], data["planned"])
    if int(data["funnel"]["people"].iloc[0]):
        captions["funnel"] = funnel_caption(data["funnel"], data["rates"])
    if not tree.nodes.empty:
        tree_nodes, _ = tree_frames(tree, initials=initials, name=person)
        captions["tree"] = tree_caption(tree, tree_nodes)
        dot = referral_tree.to_dot(tree.nodes, initials=initials, name=person)
    return {
        "specs": {name: to_spec(build(name, data, today, initials=initials, person=person)) for name in captions},
        "captions": captions,
        "size": int(growth.loc[growth["week"] == growth["week"].max(), "total"].sum()) if not growth.empty else 0,
        "met": int(met["met"].iloc[-1]) if not met.empty else 0,
        "pace": data["pace"],
        "rates": data["rates"],
        "has_goal": data["goal"] is not None,
        "tree_nodes": tree_nodes,
        "dot": dot,
    }


def picked(name: str, pick: dict, tree_nodes: pd.DataFrame | None = None) -> tuple[str, dict]:
    """For a clicked mark of chart `name`: the heading of the people behind it and the arguments of
    `metrics.people_behind` that find them."""
    if name == "growth":
        label = vocab.label(vocab.SOURCES, pick.get("source"))
        return (f"{label}: in your network by the end of the week of {_day(pick['week_key'])}",
                {"chart": "growth", "week": pick["week_key"], "source": pick.get("source")})
    if name == "goal":
        return f"Meetings held up to {pick['day_key']}", {"chart": "goal", "week": pick["day_key"]}
    if name == "activity":
        return (f"{weekly.ACTIVITY_MEASURES.get(pick['measure'], '')} in the week of {pick['week_key']}",
                {"chart": "activity", "week": pick["week_key"], "measure": pick["measure"]})
    if name == "funnel":
        return conversion.FUNNEL_STEPS.get(pick["step"], "People"), {"chart": "funnel", "step": pick["step"]}
    person = tree_nodes.loc[tree_nodes["id"] == int(pick["id"]), "name"] if tree_nodes is not None else []
    who = person.iloc[0] if len(person) else "This person"
    return f"{who} and the people they introduced", {"chart": "tree", "contact_id": int(pick["id"])}
