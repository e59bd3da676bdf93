"""Charts of the self-assessment against the principles: level over rounds, and self against peer.

Levels sit on a fixed 1-4 axis labelled with number and name, so rounds and principles compare at a glance.
Self-assessment and peer review differ in line style, marker shape and legend word as well as colour; the
target is a dotted line with its level written beside it. Tracker text (principle titles, level names) is
escaped where it becomes a plotly label (charts/escape.py); our own markup (the bold 'Principle 1') is not.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts import palette as pal
from charts.escape import LINE_BREAK, plotly_lines, plotly_text
from charts.figures import FONT, TITLE_ROOM, _layout
from domain import LEVELS
from metrics.self_assessment import PEER, SELF, level_names

WHO_STYLE: dict[str, dict[str, object]] = {
    SELF: {"color": pal.NHS_BLUE, "dash": "solid", "symbol": "circle"},
    PEER: {"color": pal.NHS_DARK_PINK, "dash": "dash", "symbol": "diamond"},
}
SHORT = {SELF: "Self", PEER: "Peer"}
TARGET_COLOUR = pal.NHS_DARK_GREEN
AXIS_RANGE = (min(LEVELS) - 0.4, max(LEVELS) + 0.4)
SMALL_MULTIPLES_TITLE = "Level over the assessment rounds, per principle"
PANEL_TITLE_WIDTH = 16
"""Characters per line of a panel's title: five panels side by side leave little width, so a principle's
title is written in full over several short lines rather than cut short."""
PANEL_LINE = 17
"""Pixels per line of a panel's title (13 px text)."""


def _level_axis(levels: pd.DataFrame) -> dict[str, object]:
    names = level_names(levels)
    return {
        "range": list(AXIS_RANGE),
        "tickmode": "array",
        "tickvals": list(LEVELS),
        "ticktext": [plotly_text(f"{n} {names.get(n, '')}".strip()) for n in LEVELS],
        "fixedrange": True,
    }


def level_small_multiples(history: pd.DataFrame, latest: pd.DataFrame, levels: pd.DataFrame) -> go.Figure:
    """One small chart per principle: its level at each round (self and peer), and its latest target.

    Built as one figure dictionary (axes side by side, targets as shapes) rather than with make_subplots and
    add_hline, which cost over a second per rerun on the large set.

    Args:
        history: metrics.self_assessment.level_history().
        latest: metrics.self_assessment.latest_levels() (gives the titles and targets).
        levels: the Levels table (names on the axis).
    """
    principles = latest["principle"].astype(int).tolist()
    count = max(len(principles), 1)
    gap = 0.035
    width = (1 - gap * (count - 1)) / count
    rounds = sorted(history["assessment_date"].unique())
    shown = rounds if len(rounds) <= 4 else rounds[:: -(-len(rounds) // 4)]
    level_axis = _level_axis(levels)
    layout: dict[str, object] = {"shapes": [], "annotations": []}
    traces: list[dict[str, object]] = []
    shown_in_legend: set[str] = set()
    panel_lines = 1
    for index, (principle, title) in enumerate(zip(principles, latest["title"], strict=True)):
        suffix = "" if index == 0 else str(index + 1)
        left = index * (width + gap)
        layout[f"xaxis{suffix}"] = {
            "domain": [left, left + width],
            "anchor": f"y{suffix}",
            "tickvals": shown,
            "ticktext": [f"{pd.Timestamp(r):%b}<br>’{pd.Timestamp(r):%y}" for r in shown],  # fits five across
            "tickangle": 0,
            "tickfont": {"size": 11},
            "fixedrange": True,
        }
        layout[f"yaxis{suffix}"] = {
            **level_axis,
            "anchor": f"x{suffix}",
            "showticklabels": index == 0,
            "title": {"text": "Level"} if index == 0 else None,
        }
        named = plotly_lines(title, PANEL_TITLE_WIDTH)
        panel_lines = max(panel_lines, 1 + named.count(LINE_BREAK) + 1)
        layout["annotations"].append(  # 'Principle 1' in bold (ours), then the title in full (escaped)
            {
                "text": f"<b>Principle {principle}</b>{LINE_BREAK}{named}",
                "xref": "paper",
                "yref": "paper",
                "x": left + width / 2,
                "y": 1.0,
                "xanchor": "center",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"family": FONT, "size": 13, "color": pal.TEXT},
            }
        )
        own = history[history["principle"] == principle]
        for who, style in WHO_STYLE.items():
            points = own[own["who"] == who]
            if points.empty:
                continue
            traces.append(
                {
                    "type": "scatter",
                    "x": points["assessment_date"].tolist(),
                    "y": points["level"].astype(float).tolist(),
                    "xaxis": f"x{suffix}",
                    "yaxis": f"y{suffix}",
                    "mode": "lines+markers+text" if who == SELF else "lines+markers",
                    "name": who,
                    "legendgroup": who,
                    "showlegend": who not in shown_in_legend,
                    "line": {"color": style["color"], "dash": style["dash"], "width": 2.5},
                    "marker": {"symbol": style["symbol"], "size": 10, "color": style["color"]},
                    "text": points["level"].astype(int).astype(str).tolist(),
                    "textposition": "top center",
                    "customdata": points["level_label"].map(plotly_text).tolist(),
                    "hovertemplate": f"{who}, %{{x|%d %b %Y}}: %{{customdata}}<extra></extra>",
                }
            )
            shown_in_legend.add(who)
        target = latest.loc[latest["principle"] == principle, "target_level"]
        if not target.empty and pd.notna(target.iloc[0]):
            level = float(target.iloc[0])
            layout["shapes"].append(
                {
                    "type": "line",
                    "xref": f"x{suffix} domain",
                    "yref": f"y{suffix}",
                    "x0": 0,
                    "x1": 1,
                    "y0": level,
                    "y1": level,
                    "line": {"color": TARGET_COLOUR, "dash": "dot", "width": 2},
                }
            )
            layout["annotations"].append(
                {
                    "text": f"Target {int(level)}",
                    "xref": f"x{suffix} domain",
                    "yref": f"y{suffix}",
                    "x": 0,
                    "y": level,
                    "xanchor": "left",
                    "yanchor": "bottom",
                    "showarrow": False,
                    "font": {"family": FONT, "color": TARGET_COLOUR, "size": 12},
                }
            )
    traces.append(  # legend entry for the target lines
        {
            "type": "scatter",
            "x": [None],
            "y": [None],
            "mode": "lines",
            "name": "Target (dotted)",
            "line": {"color": TARGET_COLOUR, "dash": "dot", "width": 2},
        }
    )
    titles = PANEL_LINE * panel_lines + 10
    top, bottom, plot = TITLE_ROOM + titles, 80, 200
    fig = _layout(
        go.Figure(data=traces, layout=layout), SMALL_MULTIPLES_TITLE, "", "Level", height=top + plot + bottom
    )
    for index in range(1, count):
        fig.layout[f"yaxis{index + 1}"].title = None
    # The legend across the foot of the figure, below the two-line round labels: the panel titles take
    # the top (the screen keeps a legend the figure places itself; ui/components.py).
    fig.update_layout(
        legend={
            "orientation": "h",
            "yref": "container",
            "y": 0,
            "x": 0,
            "xanchor": "left",
            "yanchor": "bottom",
        },
        margin={"l": 10, "r": 20, "t": top, "b": bottom},
    )
    return fig


def self_vs_peer_chart(pairs: pd.DataFrame, levels: pd.DataFrame) -> go.Figure:
    """The latest round's self-assessed and peer-reviewed level per principle, as paired dots on a line."""
    labels = [plotly_text(f"{p}. {t}") for p, t in zip(pairs["principle"], pairs["title"], strict=True)]
    fig = go.Figure()
    for row, label in zip(pairs.itertuples(), labels, strict=True):
        low, high = sorted((float(row.level), float(row.peer_level)))
        fig.add_trace(
            go.Scatter(
                x=[low, high],
                y=[label, label],
                mode="lines",
                line={"color": pal.NHS_MID_GREY, "width": 2},
                showlegend=False,
                hoverinfo="skip",
            )
        )
    for who, column in ((SELF, "level"), (PEER, "peer_level")):
        style = WHO_STYLE[who]
        fig.add_trace(
            go.Scatter(
                x=pairs[column].astype(float),
                y=labels,
                mode="markers+text",
                name=who,
                marker={"symbol": style["symbol"], "size": 16, "color": style["color"]},
                text=[f"{SHORT[who]} {int(v)}" for v in pairs[column]],
                textposition="top center" if who == SELF else "bottom center",
                hovertemplate=f"{who}: %{{x}}<extra></extra>",
            )
        )
    fig = _layout(
        fig, "Self-assessment against peer review (latest round)", "Level", "Principle", 140 + 70 * len(pairs)
    )
    fig.update_xaxes(**_level_axis(levels))
    fig.update_yaxes(autorange="reversed", fixedrange=True)
    return fig


def level_small_multiples_from(data: pd.DataFrame) -> go.Figure:
    """The small multiples from metrics.self_assessment.chart_data (the board pack's section data)."""
    latest = (
        data.drop_duplicates("principle")[["principle", "title", "latest_target"]]
        .rename(columns={"latest_target": "target_level"})
        .reset_index(drop=True)
    )
    named = data.dropna(subset=["level"]).drop_duplicates("level")
    levels = pd.DataFrame(
        {
            "level": named["level"].astype(int).tolist(),
            "name": [str(text).split(" ", 1)[-1] for text in named["level_label"]],
        }
    )
    return level_small_multiples(data, latest, levels)
