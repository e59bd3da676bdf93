"""Plotly draws a small HTML-like markup in every label and title (<a href>, <span style>, <b>, <br>...). Tracker text
must show as typed, so every string in a figure's data, categories, ticks, titles and annotations is escaped here,
at the one place figures are handed to plotly (ui/components.show_chart and the board pack).

Only the line break our builders put between a name and a date (`<br>`) survives; templates
(hovertemplate, texttemplate) are ours and are left alone.
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np
import plotly.graph_objects as go

_LINE_BREAK = "<br>"
TRACE_TEXT = ("x", "y", "z", "text", "hovertext", "name", "labels", "customdata", "legendgroup")
AXIS_TEXT = ("ticktext", "categoryarray")


def plotly_text(value: str) -> str:
    """`value` with plotly's markup characters escaped: '<', '>' and '&' show as typed."""
    return html.escape(value, quote=False).replace(html.escape(_LINE_BREAK), _LINE_BREAK)


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return plotly_text(value)
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "OUS":
            return np.vectorize(_escaped, otypes=[object])(value) if value.size else value
        return value
    if isinstance(value, list | tuple):
        return type(value)(_escaped(v) for v in value)
    return value


def escape_figure(fig: go.Figure) -> go.Figure:
    """A copy of `fig` whose every label from data is plain text for plotly."""
    safe = go.Figure(fig)
    for trace in safe.data:
        for attribute in TRACE_TEXT:
            if attribute in trace and trace[attribute] is not None:
                trace[attribute] = _escaped(trace[attribute])
    for axis_name in [k for k in safe.layout.to_plotly_json() if k.startswith(("xaxis", "yaxis"))]:
        axis = safe.layout[axis_name]
        for attribute in AXIS_TEXT:
            if axis[attribute] is not None:
                axis[attribute] = _escaped(axis[attribute])
        if axis.title is not None and axis.title.text is not None:
            axis.title.text = plotly_text(axis.title.text)
    if safe.layout.title is not None and safe.layout.title.text is not None:
        safe.layout.title.text = plotly_text(safe.layout.title.text)  # titles name themes
    for annotation in safe.layout.annotations or ():
        if annotation.text is not None:
            annotation.text = plotly_text(annotation.text)
    return safe
