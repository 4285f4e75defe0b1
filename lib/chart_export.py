"""Charts as image files for a report: PNG or SVG bytes through vl-convert, without a browser."""
from __future__ import annotations

import copy

import altair as alt
import vl_convert

EXPORT_WIDTH = 960  # the page draws charts at the container's width; a file needs a number


def _spec(chart: alt.TopLevelMixin) -> dict:
    spec = copy.deepcopy(chart.to_dict())
    if spec.get("width") in (None, "container"):
        spec["width"] = EXPORT_WIDTH
    spec.setdefault("background", "white")
    return spec


def png(chart: alt.TopLevelMixin, scale: float = 2.0) -> bytes:
    """A PNG of the chart at `scale` × its size (2 keeps text sharp on a projector or in print)."""
    return vl_convert.vegalite_to_png(_spec(chart), scale=scale)


def svg(chart: alt.TopLevelMixin) -> bytes:
    """An SVG of the chart (scales to any size in a document)."""
    return vl_convert.vegalite_to_svg(_spec(chart)).encode("utf-8")
