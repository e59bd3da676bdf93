"""Plotly figure builders: data in, figure out. No Streamlit here.

Every figure has a title, labelled axes and its values printed on the marks (readable without hovering).
Statuses and outcomes carry fill patterns and words as well as colours (charts/palette.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from charts import palette as pal

FONT = "Arial, Helvetica, sans-serif"
MAX_POINT_LABELS = 60
"""Above this many points a timeline drops its per-point text labels (hover and the table keep them)."""


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str, height: int = 380) -> go.Figure:
    fig.update_layout(
        title={"text": title, "font": {"size": 18, "color": pal.TEXT}, "x": 0, "xanchor": "left"},
        font={"family": FONT, "size": 14, "color": pal.TEXT},
        paper_bgcolor=pal.BACKGROUND,
        plot_bgcolor=pal.BACKGROUND,
        height=height,
        margin={"l": 10, "r": 20, "t": 70, "b": 50},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0, "title": None},
        hoverlabel={"font": {"family": FONT, "size": 14}},
    )
    fig.update_xaxes(
        title={"text": x_title}, gridcolor=pal.NHS_PALE_GREY, linecolor=pal.NHS_DARK_GREY, automargin=True
    )
    fig.update_yaxes(
        title={"text": y_title}, gridcolor=pal.NHS_PALE_GREY, linecolor=pal.NHS_DARK_GREY, automargin=True
    )
    return fig


def _bar_marker(colour: str, pattern: str) -> dict:
    outline = pal.OUTLINED.get(colour, pal.BACKGROUND)
    return {
        "color": colour,
        "line": {"color": outline, "width": 1.5 if colour in pal.OUTLINED else 0.5},
        "pattern": {
            "shape": pattern,
            "fgcolor": pal.BACKGROUND if colour != pal.NHS_PALE_GREY else pal.NHS_DARK_GREY,
            "size": 8,
            "solidity": 0.25,
        },
    }


def stacked_bars(
    data: pd.DataFrame,
    category: str,
    series: str,
    value: str,
    order: Sequence[str],
    colours: Mapping[str, str],
    patterns: Mapping[str, str],
    title: str,
    value_title: str,
    category_title: str,
    horizontal: bool = True,
    percent: bool = False,
    category_order: Sequence[str] | None = None,
    height: int | None = None,
) -> go.Figure:
    """Stacked bars of `value` per `category`, one stack segment per `series` value, labelled on the bars."""
    fig = go.Figure()
    categories = list(category_order) if category_order is not None else list(dict.fromkeys(data[category]))
    for name in order:
        rows = data[data[series].astype("string") == name].set_index(category).reindex(categories)
        values = rows[value].fillna(0)
        if not values.any():
            continue
        labels = [("" if v == 0 else f"{v:.0f}%" if percent else f"{v:,.0f}") for v in values]
        icon = pal.STATUS_ICONS.get(name, "")
        legend = f"{icon} {name}".strip()
        axis = {"y": categories, "x": values} if horizontal else {"x": categories, "y": values}
        fig.add_trace(
            go.Bar(
                name=legend,
                orientation="h" if horizontal else "v",
                text=labels,
                textposition="inside",
                insidetextanchor="middle",
                textfont={
                    "color": pal.BACKGROUND if colours.get(name) not in pal.OUTLINED else pal.NHS_BLACK,
                    "size": 13,
                },
                marker=_bar_marker(colours.get(name, pal.NHS_MID_GREY), patterns.get(name, "")),
                hovertemplate=f"{legend}<br>%{{{'y' if horizontal else 'x'}}}: %{{{'x' if horizontal else 'y'}:,.0f}}{'%' if percent else ''}<extra></extra>",
                **axis,
            )
        )
    fig.update_layout(barmode="stack", uniformtext={"minsize": 11, "mode": "hide"})
    x_title, y_title = (value_title, category_title) if horizontal else (category_title, value_title)
    rows = len(categories)
    fig = _layout(fig, title, x_title, y_title, height or (max(260, 60 + 42 * rows) if horizontal else 400))
    if horizontal:
        fig.update_yaxes(autorange="reversed", type="category")
        if percent:
            fig.update_xaxes(range=[0, 100], ticksuffix="%")
    else:
        fig.update_xaxes(type="category")
    return fig


def coverage_matrix(grid: pd.DataFrame) -> go.Figure:
    """The themes-by-principles matrix as square cells with the mark written in each; cells are selectable."""
    grid = grid.assign(
        x=grid["principle"].map(lambda p: f"Principle {int(p)}"),
        y=grid["theme"],
        label=grid["strength"].map(lambda s: f"{pal.STRENGTH_SYMBOLS.get(s, '')} {s}".strip() if s else "–"),
    )
    fig = go.Figure()
    for strength, name in (("Primary", "● Primary"), ("Supporting", "◐ Supporting"), ("", "No mark")):
        cells = grid[grid["strength"] == strength]
        if cells.empty:
            continue
        dark = strength == "Primary"
        fig.add_trace(
            go.Scatter(
                x=cells["x"],
                y=cells["y"],
                mode="markers+text",
                name=name,
                text=cells["label"],
                textfont={"color": pal.BACKGROUND if dark else pal.NHS_BLACK, "size": 13},
                marker={
                    "symbol": "square",
                    "size": 62,
                    "color": pal.STRENGTH_COLOURS[strength],
                    "line": {"color": pal.NHS_DARK_GREY, "width": 1},
                },
                customdata=cells[["theme_id", "principle"]].to_numpy(),
                hovertemplate="%{y} × %{x}: %{text}<br>Select to see the evidence<extra></extra>",
            )
        )
    themes = list(dict.fromkeys(grid["y"]))
    fig = _layout(
        fig,
        "Which themes address which principles",
        "National CCPL principle",
        "Development theme",
        120 + 66 * len(themes),
    )
    fig.update_xaxes(
        type="category",
        side="top",
        categoryorder="array",
        categoryarray=sorted(set(grid["x"]), key=lambda x: int(x.split()[-1])),
        showgrid=False,
    )
    fig.update_yaxes(
        type="category", categoryorder="array", categoryarray=themes, autorange="reversed", showgrid=False
    )
    fig.update_layout(
        legend={"y": -0.08, "yanchor": "top"}, margin={"t": 110}, clickmode="event+select", dragmode=False
    )
    return fig


def due_timeline(priorities: pd.DataFrame, as_at: pd.Timestamp | None) -> go.Figure:
    """Due dates by theme, marked by status; overdue priorities ringed and labelled; a line at the 'as at' date."""
    dated = priorities.dropna(subset=["due_date"])
    fig = go.Figure()
    label_points = len(dated) <= MAX_POINT_LABELS
    symbols = {
        "Complete": "circle",
        "On track": "diamond",
        "At risk": "triangle-up",
        "Off track": "x",
        "Deferred": "square",
        "Not started": "circle-open",
    }
    for status in pal.STATUS_COLOURS:
        rows = dated[dated["status"].astype("string") == status]
        if rows.empty:
            continue
        overdue = rows["overdue"].astype(bool)
        fig.add_trace(
            go.Scatter(
                x=rows["due_date"],
                y=rows["theme"],
                mode="markers+text" if label_points else "markers",
                name=pal.status_label(status),
                text=[
                    f"{pid} overdue" if late else pid
                    for pid, late in zip(rows["priority_id"], overdue, strict=True)
                ],
                textposition="middle right",
                textfont={"size": 12},
                marker={
                    "symbol": symbols[status],
                    "size": 13,
                    "color": pal.STATUS_COLOURS[status],
                    "line": {
                        "color": [pal.NHS_BLACK if late else pal.STATUS_COLOURS[status] for late in overdue],
                        "width": [3 if late else 1 for late in overdue],
                    },
                },
                customdata=rows[["priority_id", "priority"]].to_numpy(),
                hovertemplate="%{customdata[0]}: %{customdata[1]}<br>Due %{x|%d %b %Y}<extra></extra>",
            )
        )
    themes = list(dict.fromkeys(priorities.sort_values("theme_id")["theme"].dropna()))
    fig = _layout(
        fig, "When priorities are due", "Due date", "Development theme", 140 + 44 * max(len(themes), 3)
    )
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=themes, autorange="reversed")
    if as_at is not None:
        fig.add_shape(
            type="line",
            x0=as_at,
            x1=as_at,
            y0=0,
            y1=1,
            yref="paper",
            line={"color": pal.NHS_BLACK, "width": 2, "dash": "dash"},
        )
        fig.add_annotation(
            x=as_at,
            y=1,
            yref="paper",
            text=f"As at {as_at:%d %b %Y}",
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            font={"size": 13},
        )
    fig.update_xaxes(tickformat="%d %b %Y")
    return fig


def events_chart(events: pd.DataFrame) -> go.Figure:
    """Attendance and volunteers per event, in date order, figures printed on the bars."""
    rows = events.dropna(subset=["date"]).sort_values("date")
    names = [f"{name}<br>{date:%d %b %Y}" for name, date in zip(rows["event"], rows["date"], strict=True)]
    approx = rows["attendance_approximate"].fillna(False).astype(bool)
    attendees = rows["attendees"].astype("Float64")
    fig = go.Figure(
        [
            go.Bar(
                name="Attendees" + (" (~ approximate)" if approx.any() else ""),
                x=names,
                y=attendees.fillna(0),
                text=[
                    ("" if pd.isna(a) else f"{'~' if ap else ''}{int(a):,}")
                    for a, ap in zip(attendees, approx, strict=True)
                ],
                textposition="outside",
                marker=_bar_marker(pal.NHS_BLUE, ""),
                hovertemplate="%{x}<br>Attendees: %{text}<extra></extra>",
            ),
            go.Bar(
                name="Volunteers",
                x=names,
                y=rows["volunteers"].astype("Float64").fillna(0),
                text=[("" if pd.isna(v) else f"{int(v):,}") for v in rows["volunteers"]],
                textposition="outside",
                marker=_bar_marker(pal.NHS_DARK_GREEN, "/"),
                hovertemplate="%{x}<br>Volunteers: %{y}<extra></extra>",
            ),
        ]
    )
    fig.update_layout(barmode="group")
    fig = _layout(fig, "Attendance and volunteers at each engagement event", "Event", "People", 420)
    fig.update_xaxes(type="category")
    top = float(attendees.fillna(0).max() or 1)
    fig.update_yaxes(range=[0, top * 1.2])
    return fig


def simple_bars(
    data: pd.DataFrame,
    label: str,
    value: str,
    title: str,
    value_title: str,
    label_title: str,
    colour: str = pal.NHS_BLUE,
    zero_text: str = "0",
) -> go.Figure:
    """Horizontal bars with the value written beside each; zero shown with `zero_text` rather than nothing."""
    values = data[value].fillna(0)
    fig = go.Figure(
        go.Bar(
            x=values,
            y=data[label],
            orientation="h",
            text=[zero_text if v == 0 else f"{v:,.0f}" for v in values],
            textposition="outside",
            marker=_bar_marker(colour, ""),
            hovertemplate="%{y}: %{x:,.0f}<extra></extra>",
            showlegend=False,
        )
    )
    fig = _layout(fig, title, value_title, label_title, max(240, 70 + 34 * len(data)))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(range=[0, float(values.max() or 1) * 1.25])
    return fig
