"""The parts every Network chart is made of: colours, projector-sized axes and titles, and `to_spec`, which
turns a finished chart into the Vega-Lite dict Streamlit ships (each frame a named Arrow dataset)."""
from __future__ import annotations

import hashlib
import math

import altair as alt
import pandas as pd
import pyarrow as pa

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
HEIGHT = 320
MIN_WEEK_BANDS = 8   # fewer weeks get wider outer padding (up to a band each side), so they sit centred
MAX_BAR_PX = 90      # and a bar never grows wider than this: one week is a bar, not a wall
LABEL_ROW = 20       # pixels between stacked marker labels, so two never overlap
ALL_WEEKS_LABELLED = 16  # up to this many weeks each has its label (as many as fit); more: about LABELLED_WEEKS
LABELLED_WEEKS = 7

# Altair checks each schema object against the Vega-Lite schema as it is made ("debug mode"): about half of a chart's
# build, 3–7 ms of 7–16 per Network chart (issue 17). The finished charts are checked whole instead, by the tests
# (tests/test_charts.py: every chart's to_dict() validates), so the app's process builds them without it.
alt.utils.schemapi.disable_debug_mode()


# Every encoding below is a channel object, never a shorthand string or a plain dict: Altair turns those through
# `from_dict`, which hashes the schema of all its ~570 classes each time (~5 ms a channel, 140 ms per Network view).

def highlight(pick: alt.Parameter, dimmed: float) -> alt.OpacityValue:
    """Opacity 1 for the marks `pick` selects (all of them while nothing is picked), `dimmed` for the others."""
    return alt.OpacityValue(dimmed, condition=[{"param": pick.name, "value": 1.0}])


def readable(layers: list, title: str, height: int) -> alt.LayerChart:
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

    No global Altair state is switched per call (no data transformer, no theme switch), so it is safe beside
    other sessions drawing charts at the same time. The chart passed in is left as it was."""
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


def week_x(keys) -> alt.X:
    """Weeks as bands labelled by their Monday (the data carries it as `week_key`, an ISO date), `keys` being the
    weeks shown. With fewer than MIN_WEEK_BANDS weeks the outer padding grows (Vega-Lite allows one band at most).
    Over more than ALL_WEEKS_LABELLED weeks every n-th is labelled, about LABELLED_WEEKS of them: a label per week
    was laid out and then mostly hidden as overlapping (a third of the browser's time to redraw "All time" at 128
    weeks, issue 17). Weeks that cross a new year carry the year ("1 Jul" said nothing of which July).
    Every layer of a chart passes the same `keys` (they share the scale)."""
    keys = sorted(set(keys))
    weeks = max(len(keys), 1)
    values = keys[::math.ceil(weeks / LABELLED_WEEKS)] if weeks > ALL_WEEKS_LABELLED else alt.Undefined
    label = _day_label(bool(keys) and keys[0][:4] != keys[-1][:4])
    return alt.X("week_key:O", title="Week starting",
                 scale=alt.Scale(paddingInner=0.2, paddingOuter=min(1.0, max(0.1, (MIN_WEEK_BANDS - weeks) / 2))),
                 axis=alt.Axis(labelAngle=0, labelOverlap="greedy", labelPadding=6, values=values,
                               labelExpr=f"timeFormat(toDate(datum.value + 'T00:00'), '{label}')"))


def count_axis(title: str, top: float | None = None) -> alt.Axis:
    """An axis of counts: whole numbers only (no 0.5 of a person), thousands separated. Vega still picks
    half steps for a domain of 0..1 or 0..2 despite tickMinStep, so up to 10 the ticks are listed."""
    values = list(range(0, math.ceil(top) + 1)) if top is not None and top <= 10 else alt.Undefined
    return alt.Axis(title=title, tickMinStep=1, format=",d", values=values)


def _day_label(with_year: bool) -> str:
    return "%-d %b %Y" if with_year else "%-d %b"


def week_axis(title: str = "Week starting", crosses_year: bool = False) -> alt.Axis:
    """A date axis of about eight labels, with the year when the dates shown cross a new year."""
    return alt.Axis(title=title, format=_day_label(crosses_year), labelAngle=0, labelOverlap="greedy", tickCount=8)
