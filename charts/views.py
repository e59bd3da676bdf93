"""The dashboard's recurring charts, each defined once: used by the pages and by the board pack."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.figures import stacked_bars
from charts.palette import (
    FACET_COLOURS,
    OUTCOME_COLOURS,
    OUTCOME_PATTERNS,
    STATUS_CHART_ORDER,
    STATUS_COLOURS,
    STATUS_PATTERNS,
)
from domain import FACETS, OUTCOMES
from formatting import short_month
from metrics.cplg import NO_FACET, NOT_CATEGORISED
from metrics.progress import principle_status_long


def principle_progress_chart(progress: pd.DataFrame) -> tuple[go.Figure, pd.DataFrame]:
    """Share of each principle's priorities by status, and the figures behind it."""
    long = principle_status_long(progress)
    fig = stacked_bars(
        long,
        "label",
        "status",
        "share",
        STATUS_CHART_ORDER,
        STATUS_COLOURS,
        STATUS_PATTERNS,
        "Share of each principle's priorities by status",
        "Share of priorities",
        "Principle",
        percent=True,
    )
    table = long.drop(columns="principle").rename(
        columns={"label": "Principle", "status": "Status", "count": "Priorities", "share": "Share (%)"}
    )
    return fig, table


def priorities_by_theme_chart(priorities: pd.DataFrame) -> tuple[go.Figure, pd.DataFrame]:
    """Priorities by theme (in the tracker's order) and status, and the counts behind it."""
    per_theme = (
        priorities.assign(status=priorities["status"].astype("string"))
        .groupby(["theme", "status"])
        .size()
        .rename("count")
        .reset_index()
    )
    fig = stacked_bars(
        per_theme,
        "theme",
        "status",
        "count",
        STATUS_CHART_ORDER,
        STATUS_COLOURS,
        STATUS_PATTERNS,
        "Priorities by theme and status",
        "Number of priorities",
        "Development theme",
        category_order=list(dict.fromkeys(priorities.sort_values("theme_id")["theme"])),
    )
    table = per_theme.pivot_table(index="theme", columns="status", values="count", fill_value=0).reset_index()
    return fig, table


def theme_status_chart(priorities: pd.DataFrame, theme: str) -> tuple[go.Figure, pd.DataFrame]:
    """One theme's priorities by status as a single stacked bar, and the counts behind it."""
    counts = (
        priorities.assign(status=priorities["status"].astype("string"))
        .groupby("status")
        .size()
        .rename("count")
        .reset_index()
        .assign(theme=theme)
    )
    fig = stacked_bars(
        counts,
        "theme",
        "status",
        "count",
        STATUS_CHART_ORDER,
        STATUS_COLOURS,
        STATUS_PATTERNS,
        f"{theme}: priorities by status",
        "Number of priorities",
        "Theme",
        height=220,
    )
    table = counts[["status", "count"]].rename(columns={"status": "Status", "count": "Priorities"})
    return fig, table


def agenda_by_month_chart(counts: pd.DataFrame, by: str) -> tuple[go.Figure, pd.DataFrame]:
    """CPLG agenda items per meeting month by outcome ('outcome_label') or facet ('facet_label')."""
    data = counts.assign(label=counts["month"].map(short_month))
    months = [short_month(m) for m in sorted(counts["month"].unique())]
    if by == "outcome_label":
        order, colours, patterns, what = (
            [*OUTCOMES, NOT_CATEGORISED],
            OUTCOME_COLOURS,
            OUTCOME_PATTERNS,
            "Outcome",
        )
    else:
        order, colours, patterns, what = [*FACETS, NO_FACET], FACET_COLOURS, {NO_FACET: "."}, "Facet"
    fig = stacked_bars(
        data,
        "label",
        by,
        "items",
        order,
        colours,
        patterns,
        f"Agenda items by {what.lower()}",
        "Agenda items",
        "Meeting month",
        horizontal=False,
        category_order=months,
    )
    table = data[["label", by, "items"]].rename(columns={"label": "Month", by: what, "items": "Items"})
    return fig, table
