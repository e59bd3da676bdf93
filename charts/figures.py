"""Plotly figure builders: data in, figure out. No Streamlit here.

Every figure has a title, labelled axes and its values printed on the marks (readable without hovering).
Statuses and outcomes carry fill patterns and words as well as colours (charts/palette.py).
Builders receive raw tracker text and escape it where it becomes a plotly label (charts/escape.py); the figure
they return is final, for the screen and the board pack alike.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from charts import palette as pal
from charts.escape import LINE_BREAK, plotly_lines, plotly_text
from formatting import known_date, short_date
from metrics.memo import memoised_with


def freeze(result: object) -> None:
    """Make a shared figure's to_dict (which st.plotly_chart calls on every draw) a stored copy.

    to_dict deep-copies the whole figure each time; a remembered figure never changes, so its dict is taken
    once. Applies to a figure or to the figures in a tuple (figure, table).
    """
    for item in result if isinstance(result, tuple) else (result,):
        if isinstance(item, go.Figure):
            as_dict = item.to_dict()
            item.to_dict = lambda as_dict=as_dict: as_dict  # type: ignore[method-assign]


memoised = memoised_with(freeze)
"""Figures remembered by the content of their tables (metrics/memo.py), with their dict taken once."""

FONT = "Arial, Helvetica, sans-serif"
MAX_POINT_LABELS = 60
"""Above this many points a timeline drops its per-point text labels (hover and the table keep them)."""
MAX_EVENT_ROWS = 24
"""Up to this many events get a labelled row each; more are drawn against their dates."""


TITLE_ROOM = 50
"""Pixels of the top margin a figure's title takes (the screen writes the title above the chart instead)."""


def _layout(fig: go.Figure, title: str, x_title: str, y_title: str, height: int = 380) -> go.Figure:
    """Fonts, colours, margins and legend; the titles are plain text (a theme's name), escaped here."""
    fig.update_layout(
        title={
            "text": plotly_text(title),
            "font": {"size": 18, "color": pal.TEXT},
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 12},
        },
        font={"family": FONT, "size": 14, "color": pal.TEXT},
        paper_bgcolor=pal.BACKGROUND,
        plot_bgcolor=pal.BACKGROUND,
        height=height,
        margin={"l": 10, "r": 20, "t": TITLE_ROOM + 10, "b": 40},
        # On the right, in the order the data is drawn: never over the title however narrow the chart.
        legend={
            "orientation": "v",
            "yanchor": "top",
            "y": 1,
            "xanchor": "left",
            "x": 1.02,
            "title": None,
            "traceorder": "normal",
        },
        hoverlabel={"font": {"family": FONT, "size": 14}},
    )
    axis = {"gridcolor": pal.NHS_PALE_GREY, "linecolor": pal.NHS_DARK_GREY, "automargin": True}
    fig.update_xaxes(
        title={"text": plotly_text(x_title), "font": {"color": pal.TEXT}},
        tickfont={"color": pal.TEXT},
        **axis,
    )
    fig.update_yaxes(
        title={"text": plotly_text(y_title), "font": {"color": pal.TEXT}},
        tickfont={"color": pal.TEXT},
        **axis,
    )
    return fig


def _bar_marker(colour: str, pattern: str) -> dict:
    return {
        "color": colour,
        "line": {"color": pal.BACKGROUND, "width": 0.5},  # a hairline between stacked segments
        # overlay: draw the pattern over the fill colour (the default, replace, draws it instead of the colour)
        "pattern": {
            "shape": pattern,
            "fillmode": "overlay",
            "fgcolor": pal.BACKGROUND,
            "size": 10,
            "solidity": 0.15,
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
    # Long names on a bar's row go over lines, so the bars keep the chart's width on a narrow screen.
    shown = [plotly_lines(c) if horizontal else plotly_text(c) for c in categories]
    for name in order:
        rows = data[data[series].astype("string") == name].set_index(category).reindex(categories)
        values = rows[value].fillna(0)
        if not values.any():
            continue
        labels = [("" if v == 0 else f"{v:.0f}%" if percent else f"{v:,.0f}") for v in values]
        icon = pal.STATUS_ICONS.get(name, "")
        legend = plotly_text(f"{icon} {name}".strip())
        axis = {"y": shown, "x": values} if horizontal else {"x": shown, "y": values}
        fig.add_trace(
            go.Bar(
                name=legend,
                orientation="h" if horizontal else "v",
                text=labels,
                textposition="inside",
                insidetextanchor="middle",
                textfont={"color": pal.text_colour_on(colours.get(name, pal.NHS_MID_GREY)), "size": 13},
                marker=_bar_marker(colours.get(name, pal.NHS_MID_GREY), patterns.get(name, "")),
                hovertemplate=f"{legend}<br>%{{{'y' if horizontal else 'x'}}}: %{{{'x' if horizontal else 'y'}:,.0f}}{'%' if percent else ''}<extra></extra>",
                **axis,
            )
        )
    fig.update_layout(barmode="stack", uniformtext={"minsize": 11, "mode": "hide"})
    x_title, y_title = (value_title, category_title) if horizontal else (category_title, value_title)
    rows = len(categories)
    row_height = max(42, 18 * max((c.count(LINE_BREAK) + 1 for c in shown), default=1) + 20)
    fig = _layout(
        fig, title, x_title, y_title, height or (max(260, 60 + row_height * rows) if horizontal else 400)
    )
    totals = data.groupby(category)[value].sum()
    top = float(totals.max()) if len(totals) else 0.0
    if horizontal:
        fig.update_yaxes(autorange="reversed", type="category")
        if percent:
            fig.update_xaxes(range=[0, 100], ticksuffix="%")
        else:
            fig.update_xaxes(dtick=_whole_step(top))
    else:
        fig.update_xaxes(type="category")
        fig.update_yaxes(dtick=_whole_step(top))
    return fig


def _whole_step(top: float) -> int:
    """A tick step for a count axis: whole numbers only (no '1.5 priorities'), 1, 2 or 5 times a power of
    ten, about five ticks."""
    if not top > 5:  # also NaN
        return 1
    power = 10 ** math.floor(math.log10(top / 5))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= top / 5)


def coverage_matrix(grid: pd.DataFrame) -> go.Figure:
    """The themes-by-principles matrix as a heatmap with the mark written in each cell.

    Plotly heatmaps do not report clicks on single cells, so an invisible marker sits on each cell to make
    it selectable (Streamlit's on_select then says which theme and principle were picked).
    """
    named = list(dict.fromkeys(grid["theme"]))
    themes = [plotly_text(t) for t in named]  # the rows: data, category order and tick values alike
    principles = sorted(grid["principle"].unique())
    columns = [f"Principle {int(p)}" for p in principles]
    level = {"": None, "Supporting": 1, "Primary": 2}  # an unmarked cell is not drawn: its '–' says so
    cells = grid.set_index(["theme", "principle"])["strength"]
    z = [[level[cells.get((t, p), "")] for p in principles] for t in named]
    # Symbols, not words, in the cells: they fit at any zoom; the legend, hover and table give the words.
    text = [[pal.STRENGTH_SYMBOLS[cells.get((t, p), "")] or "–" for p in principles] for t in named]
    colours = [pal.STRENGTH_COLOURS["Supporting"], pal.STRENGTH_COLOURS["Primary"]]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=columns,
            y=themes,
            text=text,
            texttemplate="%{text}",
            textfont={"size": 22},
            colorscale=[[0, colours[0]], [0.49, colours[0]], [0.51, colours[1]], [1, colours[1]]],
            zmin=1,
            zmax=2,
            showscale=False,
            xgap=4,
            ygap=4,
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=grid["principle"].map(lambda p: f"Principle {int(p)}"),
            y=grid["theme"].map(plotly_text),
            mode="markers",
            marker={"symbol": "square", "size": 40, "color": "rgba(0,0,0,0)"},
            # read back by the page when a cell is picked: the theme id and principle as stored, not escaped
            customdata=grid[["theme_id", "principle", "strength"]].to_numpy(),
            hovertemplate="%{y} × %{x}: %{customdata[2]}<br>Select to see the evidence<extra></extra>",
            showlegend=False,
        )
    )
    for strength in ("Primary", "Supporting"):  # legend entries: colour, symbol and word
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=f"{pal.STRENGTH_SYMBOLS[strength]} {strength}",
                marker={"symbol": "square", "size": 16, "color": pal.STRENGTH_COLOURS[strength]},
            )
        )
    fig = _layout(
        fig,
        "Which themes address which principles",
        "National CCPL principle",
        "Development theme",
        130 + 52 * len(themes),
    )
    # Short tick labels that fit a phone (the cells keep their full names, which a click on the chart reports).
    fig.update_xaxes(
        showgrid=False,
        categoryorder="array",
        categoryarray=columns,
        fixedrange=True,
        tickvals=columns,
        ticktext=[str(int(p)) for p in principles],  # under the axis title 'National CCPL principle'
        tickangle=0,
    )
    fig.update_yaxes(
        autorange="reversed",
        showgrid=False,
        categoryorder="array",
        categoryarray=themes,
        fixedrange=True,
        tickvals=themes,
        ticktext=[plotly_lines(t) for t in named],
    )
    fig.update_layout(clickmode="event+select", dragmode=False)
    return fig


def due_timeline(priorities: pd.DataFrame, as_at: pd.Timestamp | None) -> go.Figure:
    """Due dates marked by status, a dashed line at the 'as at' date, overdue priorities ringed and labelled.

    Up to MAX_POINT_LABELS priorities get a row each ('P07 · Leadership Roles'), grouped by theme, so
    priorities due on the same day do not hide one another; more than that are drawn on one row per theme.
    """
    dated = priorities.dropna(subset=["due_date"]).sort_values(["theme_id", "priority_id"])
    per_priority = len(dated) <= MAX_POINT_LABELS
    rows = dated["priority_id"] + " · " + dated["theme"].fillna("") if per_priority else dated["theme"]
    dated = dated.assign(row=rows.map(plotly_text))
    symbols = {
        "Complete": "circle",
        "On track": "diamond",
        "At risk": "triangle-up",
        "Off track": "x",
        "Deferred": "square",
        "Not started": "circle-open",
    }
    fig = go.Figure()
    span = [*dated["due_date"], *([as_at] if as_at is not None else [])]
    middle = min(span) + (max(span) - min(span)) / 2 if span else None
    for status in pal.STATUS_CHART_ORDER:
        points = dated[dated["status"].astype("string") == status]
        if points.empty:
            continue
        late = points["overdue"].astype(bool)
        # 'overdue' written towards the middle of the chart, so it never runs off either edge
        sides = [
            "middle left" if middle is not None and d > middle else "middle right" for d in points["due_date"]
        ]
        fig.add_trace(
            go.Scatter(
                x=points["due_date"],
                y=points["row"],
                mode="markers+text" if per_priority else "markers",
                name=pal.status_label(status),
                text=["overdue" if overdue else "" for overdue in late],
                textposition=sides,
                cliponaxis=False,
                textfont={"size": 12, "color": pal.NHS_BLACK},
                marker={
                    "symbol": symbols[status],
                    "size": 13,
                    "color": pal.STATUS_COLOURS[status],
                    # plotly draws a hollow marker's outline in its colour, not the line colour: an overdue
                    # 'Not started' ring is the thicker outline
                    "line": {
                        "color": [
                            pal.NHS_BLACK if overdue else pal.STATUS_COLOURS[status] for overdue in late
                        ],
                        "width": [3 if overdue else 2 for overdue in late],
                    },
                },
                customdata=points[["priority_id", "priority"]]
                .astype("string")
                .fillna("")
                .map(plotly_text)
                .to_numpy(),
                hovertemplate="%{customdata[0]}: %{customdata[1]}<br>Due %{x|%d %b %Y}<extra></extra>",
            )
        )
    order = list(dict.fromkeys(dated["row"]))
    fig = _layout(
        fig,
        "When priorities are due",
        "Due date",
        "Priority and theme" if per_priority else "Development theme",
        150 + (26 if per_priority else 40) * max(len(order), 3),
    )
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=order, autorange="reversed")
    if as_at is not None:
        fig.update_layout(margin={"t": TITLE_ROOM + 30})  # room for 'As at ...' over the plot
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
            text=f"As at {short_date(as_at)}",
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            font={"size": 13},
        )
    fig.update_xaxes(tickformat="%d %b %Y")
    return fig


def events_chart(events: pd.DataFrame) -> go.Figure:
    """Attendance and volunteers per event, a row per event in date order, figures written beside the bars.

    Horizontal bars with each event's name wrapped over short lines, and the figures saying what they count
    ('~150 attendees'), so that no legend takes the bars' width: long names stay whole on a phone too.
    """
    rows = events.dropna(subset=["date"]).sort_values("date")
    if len(rows) > MAX_EVENT_ROWS:
        return _events_by_date(rows)
    month_only = rows["date_month_only"] if "date_month_only" in rows else [False] * len(rows)
    names = [
        f"{plotly_lines(name)}{LINE_BREAK}{known_date(date, month_only=known, short=True)}"
        for name, date, known in zip(rows["event"], rows["date"], month_only, strict=True)
    ]
    approx = rows["attendance_approximate"].fillna(False).astype(bool)
    attendees = rows["attendees"].astype("Float64")
    volunteers = rows["volunteers"].astype("Float64")
    # Inside the bar where the words fit (the longest bars, so they never run off a narrow chart), else beside.
    common = {"y": names, "orientation": "h", "cliponaxis": False}
    fig = go.Figure(
        [
            go.Bar(
                name="Attendees" + (" (~ approximate)" if approx.any() else ""),
                x=attendees.fillna(0),
                textposition=_inside_if_room(attendees),
                text=[
                    ("attendance not recorded" if pd.isna(a) else f"{'~' if ap else ''}{int(a):,} attendees")
                    for a, ap in zip(attendees, approx, strict=True)
                ],
                marker=_bar_marker(pal.NHS_BLUE, ""),
                insidetextfont={"color": pal.text_colour_on(pal.NHS_BLUE)},
                outsidetextfont={"color": pal.TEXT},
                hovertemplate="%{y}<br>%{text}<extra></extra>",
                **common,
            ),
            go.Bar(
                name="Volunteers",
                x=volunteers.fillna(0),
                textposition=_inside_if_room(volunteers),
                text=[
                    ("volunteers not recorded" if pd.isna(v) else f"{int(v):,} volunteers")
                    for v in volunteers
                ],
                marker=_bar_marker(pal.NHS_DARK_GREEN, "/"),
                insidetextfont={"color": pal.text_colour_on(pal.NHS_DARK_GREEN)},
                outsidetextfont={"color": pal.TEXT},
                hovertemplate="%{y}<br>%{text}<extra></extra>",
                **common,
            ),
        ]
    )
    fig.update_layout(barmode="group", showlegend=False)
    lines = max((name.count(LINE_BREAK) + 1 for name in names), default=1)
    height = max(240, 100 + len(names) * max(64, 18 * lines + 16))
    fig = _layout(fig, "Attendance and volunteers at each engagement event", "People", "", height)
    fig.update_yaxes(type="category", autorange="reversed", tickfont={"size": 13})
    top = float(max(attendees.fillna(0).max(), volunteers.fillna(0).max(), 1))
    fig.update_xaxes(range=[0, top * 1.6])  # room for the figure written beyond the longest bar
    return fig


def _inside_if_room(values: pd.Series) -> list[str]:
    """Plotly draws no text on an empty bar with 'auto': a bar of nothing says so beside the axis."""
    return ["outside" if pd.isna(v) or v == 0 else "auto" for v in values]


def _events_by_date(rows: pd.DataFrame) -> go.Figure:
    """Many events: attendance and volunteers against the date (names in the hover and the table)."""
    fig = go.Figure(
        [
            go.Bar(
                name=name,
                x=rows["date"],
                y=rows[column].astype("Float64").fillna(0),
                customdata=rows[["event"]].astype("string").fillna("").map(plotly_text).to_numpy(),
                marker=_bar_marker(colour, pattern),
                hovertemplate=f"%{{customdata[0]}}<br>%{{x|%d %b %Y}}: %{{y:,.0f}} {name.lower()}<extra></extra>",
            )
            for name, column, colour, pattern in (
                ("Attendees", "attendees", pal.NHS_BLUE, ""),
                ("Volunteers", "volunteers", pal.NHS_DARK_GREEN, "/"),
            )
        ]
    )
    fig.update_layout(barmode="overlay")
    fig = _layout(fig, "Attendance and volunteers at each engagement event", "Date", "People", 400)
    fig.update_xaxes(tickformat="%b %Y")
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
    names = [plotly_lines(name) for name in data[label]]
    fig = go.Figure(
        go.Bar(
            x=values,
            y=names,
            orientation="h",
            text=[zero_text if v == 0 else f"{v:,.0f}" for v in values],
            textposition="outside",
            marker=_bar_marker(colour, ""),
            hovertemplate="%{y}: %{x:,.0f}<extra></extra>",
            showlegend=False,
        )
    )
    lines = max((name.count(LINE_BREAK) + 1 for name in names), default=1)
    fig = _layout(fig, title, value_title, label_title, max(240, 70 + max(34, 18 * lines + 10) * len(data)))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(range=[0, float(values.max() or 1) * 1.25], dtick=_whole_step(float(values.max() or 1)))
    return fig
