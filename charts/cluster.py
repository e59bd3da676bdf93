"""The cluster view's chart: each principle's priorities by status, ICB beside ICB (issue 23).

Drawn with the dashboard's stacked bars (charts/figures.py), so statuses carry the NHS palette's colour, a
fill pattern and their icon and word in the legend: never colour alone. ICB names (from the cluster's
settings) and principle titles are escaped where they become labels, like every tracker text.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.figures import stacked_bars
from charts.palette import STATUS_CHART_ORDER, STATUS_COLOURS, STATUS_PATTERNS
from domain import STATUSES

TITLE = "Share of each principle's priorities by status, ICB by ICB"


def bar_label(principle: object, label: object) -> str:
    """A bar's name: 'Principle 1: North' (raw: the chart builder escapes it)."""
    return f"Principle {int(principle)}: {label}"


def principles_side_by_side_chart(side: pd.DataFrame) -> tuple[go.Figure, pd.DataFrame]:
    """One stacked bar per (principle, ICB), principles in order and ICBs in the cluster's order within each,
    from metrics.cluster.principles_side_by_side (its status counts and priorities); and the figures behind it.
    """
    bars = side.assign(bar=[bar_label(p, o) for p, o in zip(side["principle"], side["label"], strict=True)])
    long = bars.melt(
        id_vars=["bar", "principle", "label", "priorities"],
        value_vars=list(STATUSES),
        var_name="status",
        value_name="count",
    )
    long["share"] = (
        (100 * long["count"] / long["priorities"].where(long["priorities"] > 0)).round(1).fillna(0)
    )
    fig = stacked_bars(
        long,
        "bar",
        "status",
        "share",
        STATUS_CHART_ORDER,
        STATUS_COLOURS,
        STATUS_PATTERNS,
        TITLE,
        "Share of priorities",
        "Principle and ICB",
        percent=True,
        category_order=list(dict.fromkeys(bars["bar"])),
    )
    table = long[["principle", "label", "status", "count", "share"]].rename(
        columns={
            "principle": "Principle",
            "label": "ICB",
            "status": "Status",
            "count": "Priorities",
            "share": "Share (%)",
        }
    )
    return fig, table
