"""Charts as image files for a report: PNG or SVG bytes through vl-convert, without a browser.

A chart is an Altair chart or a finished Vega-Lite dict from `lib.chart_parts.to_spec` (datasets as Arrow IPC
bytes, as the Network page caches them); both give the same picture.
"""
from __future__ import annotations

import copy

import altair as alt
import pyarrow as pa
import vl_convert

EXPORT_WIDTH = 960  # the page draws charts at the container's width; a file needs a number


def _values(dataset):
    """Rows for vl-convert, made the way Altair makes them from a frame (dates as ISO text, NaN as null)."""
    if isinstance(dataset, bytes):
        dataset = pa.ipc.open_stream(dataset).read_all().to_pandas()
    if hasattr(dataset, "to_dict") and hasattr(dataset, "columns"):
        return alt.utils.sanitize_pandas_dataframe(dataset).to_dict(orient="records")
    return dataset


def _spec(chart: alt.TopLevelMixin | dict) -> dict:
    if isinstance(chart, dict):
        datasets = chart.get("datasets") or {}
        spec = copy.deepcopy({k: v for k, v in chart.items() if k != "datasets"})
        if datasets:
            spec["datasets"] = {name: _values(data) for name, data in datasets.items()}
    else:
        spec = copy.deepcopy(chart.to_dict())
    if spec.get("width") in (None, "container"):
        spec["width"] = EXPORT_WIDTH
    spec.setdefault("background", "white")
    return spec


def png(chart: alt.TopLevelMixin | dict, scale: float = 2.0) -> bytes:
    """A PNG of the chart at `scale` × its size (2 keeps text sharp on a projector or in print)."""
    return vl_convert.vegalite_to_png(_spec(chart), scale=scale)


def svg(chart: alt.TopLevelMixin | dict) -> bytes:
    """An SVG of the chart (scales to any size in a document)."""
    return vl_convert.vegalite_to_svg(_spec(chart)).encode("utf-8")
