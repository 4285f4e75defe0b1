"""Altair chart builders for the Network page, each taking the small frames of lib/weekly.py, lib/goal_pace.py,
lib/conversion.py and lib/referral_tree.py.

Every chart has a named click selection (`SELECTIONS`) over string fields, so the page can show the
people behind a clicked mark, and a `*_caption` function (lib/chart_captions.py) saying in plain words what it
shows. Fonts and strokes are sized for a projector (lib/chart_parts.py).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

import altair as alt
import pandas as pd

from lib import chart_captions, chart_parts, conversion, db, goal_pace, metrics, referral_tree, vocab, weekly
from lib.chart_parts import (HEIGHT, highlight, LABEL_ROW, MAX_BAR_PX, MEASURE_COLORS, MET_COLOR, PACE_COLOR, SOURCE_COLORS,
                             count_axis, readable, week_axis, week_x)
from lib.wording import CHART_DATE_FORMAT, day

SELECTIONS = {"growth": "growth_pick", "goal": "goal_pick", "activity": "activity_pick",
              "funnel": "funnel_pick", "tree": "tree_pick"}


# ---- network growth ---------------------------------------------------------------------------

def growth_chart(growth: pd.DataFrame, met: pd.DataFrame, *, start: date | None = None,
                 target: date | None = None) -> alt.TopLevelMixin:
    """Stacked bars of network size by week and source, the people met as a dark line, and the goal's
    start and target dates as labelled rules when they fall inside the weeks shown."""
    pick = alt.selection_point(name=SELECTIONS["growth"], fields=["week_key", "source"], on="click")
    sources = [s for s in SOURCE_COLORS if s in set(growth["source"])] or list(SOURCE_COLORS)
    weeks = list(growth["week_key"])
    notes = _date_notes(growth, start, target)
    tallest = max(int(growth.groupby("week_key")["total"].sum().max()) if len(growth) else 0,
                  int(met["met"].max()) if len(met) else 0, 1)
    # room above the tallest bar for the date labels, one row each
    top = tallest * (1 + 0.14 * len(notes)) if notes else alt.Undefined
    bars = (
        alt.Chart(growth)
        .mark_bar(width=alt.ExprRef(f"min(bandwidth('x'), {MAX_BAR_PX})"))
        .encode(
            x=week_x(weeks),
            y=alt.Y("total:Q", stack="zero", axis=count_axis("People in your network", tallest),
                    scale=alt.Scale(domainMin=0, domainMax=top, nice=True)),
            color=alt.Color(
                "source_label:N", title="How they came",
                scale=alt.Scale(domain=[vocab.SOURCES[s] for s in sources], range=[SOURCE_COLORS[s] for s in sources]),
            ),
            order=alt.Order("source:N"),
            opacity=highlight(pick, 0.45),
            tooltip=[alt.Tooltip("week:T", title="Week starting", format=CHART_DATE_FORMAT),
                     alt.Tooltip("source_label:N", title="How they came"),
                     alt.Tooltip("total:Q", title="People so far"), alt.Tooltip("added:Q", title="Added that week")],
        )
        .add_params(pick)
    )
    layers = [bars]
    if not met.empty:
        base = alt.Chart(met).encode(x=week_x(weeks), y=alt.Y("met:Q"))
        layers.append(base.mark_line(color=MET_COLOR, strokeWidth=4, point=alt.OverlayMarkDef(size=80, color=MET_COLOR)))
        last = met.tail(1)
        layers.append(
            alt.Chart(last).mark_text(align="right", dx=-8, dy=-14, fontSize=15, fontWeight="bold", color=MET_COLOR)
            .encode(x=week_x(weeks), y=alt.Y("met:Q"), text=alt.Text("label:N"))
            .transform_calculate(label="'People met: ' + format(datum.met, ',d')")
        )
    rules = [n for n in notes if n["rule"]]
    if rules:
        layers.append(alt.Chart(pd.DataFrame(rules)).mark_rule(color=PACE_COLOR, strokeDash=[6, 4], strokeWidth=2)
                      .encode(x=week_x(weeks)))
    for row, note in enumerate(notes):  # one row each: two labels never overlap, wherever their dates fall
        left = note["align"] == "left"
        layers.append(alt.Chart(pd.DataFrame([note])).mark_text(
            align=note["align"], baseline="top", dx=4 if left else -4, y=4 + LABEL_ROW * row, fontSize=14,
            color=PACE_COLOR).encode(x=week_x(weeks), text=alt.Text("label:N")))
    return readable(layers, "How your network grew", HEIGHT)


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
            notes.append({"week_key": key, "label": f"{label}: {day(when)}", "align": "right" if right_half else "left",
                          "rule": True})
    if target is not None and pd.Timestamp(target) > last_week:
        notes.append({"week_key": keys[-1], "label": f"Target date: {day(target)} →", "align": "right", "rule": False})
    return notes


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
        x=alt.X("day:T", axis=week_axis("Date", crosses_year=_crosses_year(frame["day"]))),
        y=alt.Y("value:Q", axis=count_axis("Meetings held", max(target, float(series["value"].max() or 0))),
                scale=alt.Scale(domainMin=0, nice=True)),
        color=color,
        strokeDash=alt.StrokeDash("series:N", scale=alt.Scale(domain=["Meetings held", "Planned pace"],
                                                              range=[[1, 0], [8, 5]]), legend=None),
    )
    points = alt.Chart(done).mark_point(size=110, filled=True, color=MET_COLOR).encode(
        x=alt.X("day:T"), y=alt.Y("done:Q"),
        opacity=highlight(pick, 0.4),
        tooltip=[alt.Tooltip("day:T", title="By", format=CHART_DATE_FORMAT), alt.Tooltip("done:Q", title="Meetings held")],
    ).add_params(pick)
    marks = pd.DataFrame([{"day": pd.Timestamp(today), "label": "Today"}])
    today_rule = alt.Chart(marks).mark_rule(color="#666", strokeDash=[2, 3], strokeWidth=2).encode(x=alt.X("day:T"))
    today_text = alt.Chart(marks).mark_text(align="left", baseline="top", dx=4, y=4, fontSize=14, color="#444") \
        .encode(x=alt.X("day:T"), text=alt.Text("label:N"))
    ends = series.sort_values("day").groupby("series", as_index=False).tail(1).copy()
    ends["label"] = [f"{name}: {value:g}" if name == "Meetings held" else name
                     for name, value in zip(ends["series"], ends["value"].round(1))]
    # a label near the left edge reads to the right of its point, else to the left (never over the axis)
    lo, hi = pd.Timestamp(frame["day"].min()), pd.Timestamp(frame["day"].max())
    span = max((hi - lo).days, 1)
    ends["near_left"] = [(pd.Timestamp(d) - lo).days / span < 0.3 for d in ends["day"]]
    end_labels = [
        alt.Chart(part).mark_text(align="left" if near else "right", dx=8 if near else -8, dy=-14, fontSize=15,
                                  fontWeight="bold").encode(x=alt.X("day:T"), y=alt.Y("value:Q"), text=alt.Text("label:N"), color=color)
        for near, part in ends.groupby("near_left")]
    layers = [lines, points, today_rule, today_text, *end_labels]
    if target:
        goal = pd.DataFrame([{"value": target, "label": f"Goal: {target} meetings"}])
        layers.append(alt.Chart(goal).mark_rule(color=PACE_COLOR, strokeWidth=1, opacity=0.6).encode(y=alt.Y("value:Q")))
        layers.append(alt.Chart(goal).mark_text(align="left", x=6, dy=-10, fontSize=14, color=PACE_COLOR)
                      .encode(y=alt.Y("value:Q"), text=alt.Text("label:N")))
    return readable(layers, "Meetings held against the goal", HEIGHT)


def _crosses_year(days: pd.Series) -> bool:
    return len(days) > 0 and pd.Timestamp(days.min()).year != pd.Timestamp(days.max()).year


# ---- weekly activity --------------------------------------------------------------------------

def activity_chart(frame: pd.DataFrame, weekly_pace: float | None) -> alt.TopLevelMixin:
    """Grouped bars per week: outreach attempts, replies, meetings held; the planned meetings a week
    as a dashed rule."""
    pick = alt.selection_point(name=SELECTIONS["activity"], fields=["week_key", "measure"], on="click")
    order = list(weekly.ACTIVITY_MEASURES)
    bars = alt.Chart(frame).mark_bar(width=alt.ExprRef(f"min(bandwidth('xOffset'), {MAX_BAR_PX // 2})")).encode(
        x=week_x(frame["week_key"]),
        xOffset=alt.XOffset("measure:N", sort=order),
        y=alt.Y("count:Q", axis=count_axis("Per week", max(float(frame["count"].max()), weekly_pace or 0))),
        color=alt.Color("measure_label:N", title=None,
                        scale=alt.Scale(domain=list(weekly.ACTIVITY_MEASURES.values()),
                                        range=[MEASURE_COLORS[m] for m in order])),
        opacity=highlight(pick, 0.45),
        tooltip=[alt.Tooltip("week:T", title="Week starting", format=CHART_DATE_FORMAT),
                 alt.Tooltip("measure_label:N", title="What"), alt.Tooltip("count:Q", title="How many")],
    ).add_params(pick)
    layers = [bars]
    if weekly_pace:
        rule = pd.DataFrame([{"pace": weekly_pace, "label": f"Planned: {chart_captions.per_week(weekly_pace)}"}])
        layers.append(alt.Chart(rule).mark_rule(color=PACE_COLOR, strokeDash=[8, 5], strokeWidth=3).encode(y=alt.Y("pace:Q")))
        layers.append(alt.Chart(rule).mark_text(align="right", baseline="bottom", x="width", dx=-4, dy=-5, fontSize=14,
                                                color=PACE_COLOR, fontWeight="bold").encode(y=alt.Y("pace:Q"), text=alt.Text("label:N")))
    return readable(layers, "What you did each week", HEIGHT)


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
        y=y, x=alt.X("people:Q", axis=count_axis("People", float(data["people"].max())),
                     scale=alt.Scale(domainMin=0, nice=True)),
        opacity=highlight(pick, 0.45),
        tooltip=[alt.Tooltip("label:N", title="Step"), alt.Tooltip("people:Q", title="People"),
                 alt.Tooltip("of_previous:Q", title="Of the step before", format=".0%")],
    ).add_params(pick)
    labels = alt.Chart(data).mark_text(align="left", dx=6, fontSize=15, color="#222").encode(
        y=y, x=alt.X("people:Q"), text=alt.Text("text:N"))
    return readable([bars, labels], "Where the funnel leaks", HEIGHT - 40)


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
        x=x, y=y, x2=alt.X2("x2"), y2=alt.Y2("y2"))
    dots = alt.Chart(nodes).mark_point(size=220, filled=True, strokeWidth=2.5).encode(
        x=x, y=y,
        shape=alt.ShapeValue("circle"),
        color=alt.Color("met_label:N", title=None,
                        scale=alt.Scale(domain=["Met", "Not met yet"], range=["#0072B2", "#ffffff"])),
        stroke=alt.StrokeValue("#0072B2"),
        opacity=highlight(pick, 0.5),
        tooltip=[alt.Tooltip("name:N", title="Person"), alt.Tooltip("met_label:N", title="Met?"),
                 alt.Tooltip("referred:Q", title="People through them"), alt.Tooltip("generation:Q", title="Generation")],
    ).add_params(pick)
    met_names = alt.Chart(nodes).transform_filter(alt.datum.met).mark_text(
        align="left", baseline="bottom", dx=6, dy=-7, fontSize=14, fontWeight="bold", color="#111"
    ).encode(x=x, y=y, text=alt.Text("label:N"))
    other_names = alt.Chart(nodes).transform_filter(~alt.datum.met).mark_text(
        align="left", baseline="bottom", dx=6, dy=-7, fontSize=14, color="#444").encode(x=x, y=y, text=alt.Text("label:N"))
    return readable([lines, dots, met_names, other_names], "Who introduced you to whom", height)


def tree_frames(tree: referral_tree.ReferralTree, *, initials: bool,
                name: Callable[[str], str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    return referral_tree.layout(tree.nodes, initials=initials, name=name)


# ---- the Network page's view: every chart ready to draw ---------------------------------------

CHART_NAMES = ("growth", "goal", "activity", "funnel", "tree")


@db.reads
def network_frames(con, workbook_id: int, f: metrics.Filters, today: date,
                   charts: tuple[str, ...] = CHART_NAMES) -> dict:
    """The small frames the Network page's at-a-glance figures and the `charts` named need (each one aggregate
    query); a chart not named gets None for the frames only it needs."""
    steps = conversion.funnel(con, workbook_id, f, today)
    return {
        "goal": metrics.goal(con, workbook_id),
        "growth": weekly.network_growth(con, workbook_id, f, today),
        "met": weekly.people_met(con, workbook_id, f, today),
        "pace": goal_pace.pace(con, workbook_id, f, today),
        # the figure card's: the goal is the whole workbook's, whatever the sources chosen (LinkedIn alone read as
        # "5 behind the plan": a hostile tester)
        "whole_pace": goal_pace.pace(con, workbook_id, metrics.Filters(), today) if f.sources else None,
        "rates": conversion.conversion_rates(con, workbook_id, f, today, steps),
        "funnel": steps,
        "vs_goal": goal_pace.interviews_vs_goal(con, workbook_id, f, today) if "goal" in charts else None,
        "activity": weekly.weekly_activity(con, workbook_id, f, today) if "activity" in charts else None,
        "planned": goal_pace.weekly_pace(con, workbook_id) if "activity" in charts else None,
        "tree": referral_tree.referral_tree(con, workbook_id, f, today) if "tree" in charts else None,
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


@db.reads
def network_view(con, workbook_id: int, f: metrics.Filters, today: date, *, charts: tuple[str, ...] = CHART_NAMES,
                 initials: bool = False, person: Callable[[str], str] | None = None) -> dict:
    """What the Network page draws, small enough to cache: the at-a-glance figures, and each of the `charts` named
    that has something to show as a finished Vega-Lite spec (`to_spec`) with its caption (the tree with its laid-out
    nodes and its DOT text). A chart with nothing to show, or not named, has no spec (the page shows what to do
    instead). `person` writes each person's name as it may be shown (the screen-share mask), in the tree, its
    tooltips, caption and DOT."""
    data = network_frames(con, workbook_id, f, today, charts)
    growth, met, tree = data["growth"], data["met"], data["tree"]
    captions, tree_nodes, dot = {}, None, None
    size = int(growth.loc[growth["week"] == growth["week"].max(), "total"].sum()) if not growth.empty else 0
    if "growth" in charts and size:  # weeks before anyone came draw no chart (the page says the range is empty)
        captions["growth"] = chart_captions.growth_caption(growth, met, today)
    if "goal" in charts and data["goal"] is not None:
        captions["goal"] = chart_captions.goal_caption(data["vs_goal"], data["pace"])
    if "activity" in charts and not data["activity"].empty:
        captions["activity"] = chart_captions.activity_caption(data["activity"], data["planned"])
    if "funnel" in charts and int(data["funnel"]["people"].iloc[0]):
        captions["funnel"] = chart_captions.funnel_caption(data["funnel"], data["rates"])
    if "tree" in charts and not tree.nodes.empty:
        tree_nodes, _ = tree_frames(tree, initials=initials, name=person)
        captions["tree"] = chart_captions.tree_caption(tree, tree_nodes)
        dot = referral_tree.to_dot(tree.nodes, initials=initials, name=person)
    return {
        "specs": {name: chart_parts.to_spec(build(name, data, today, initials=initials, person=person)) for name in captions},
        "captions": captions,
        "has_people": not growth.empty,
        "size": size,
        "met": int(met["met"].iloc[-1]) if not met.empty else 0,
        "pace": data["pace"],
        "whole_pace": data["whole_pace"] or data["pace"],
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
        return (f"{label}: in your network by the end of the week of {day(pick['week_key'])}",
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
