"""Charts of the self-assessment against the principles: level over rounds, and self against peer.

Levels sit on a fixed 1-4 axis labelled with number and name, so rounds and principles compare at a glance.
Self-assessment and peer review differ in line style, marker shape and legend word as well as colour; the
target is a dotted line with its level written beside it. Tracker text (principle titles, level names) is
HTML-escaped before it reaches a plotly label.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts import palette as pal
from charts.figures import FONT, _layout
from domain import LEVELS
from metrics.assessment import PEER, SELF, level_names

WHO_STYLE: dict[str, dict[str, object]] = {
    SELF: {"color": pal.NHS_BLUE, "dash": "solid", "symbol": "circle"},
    PEER: {"color": pal.NHS_DARK_PINK, "dash": "dash", "symbol": "diamond"},
}
SHORT = {SELF: "Self", PEER: "Peer"}
TARGET_COLOUR = pal.NHS_DARK_GREEN
AXIS_RANGE = (min(LEVELS) - 0.4, max(LEVELS) + 0.4)


def _level_axis(levels: pd.DataFrame) -> dict[str, object]:
    names = level_names(levels)
    return {
        "range": list(AXIS_RANGE),
        "tickmode": "array",
        "tickvals": list(LEVELS),
        "ticktext": [html.escape(f"{n} {names.get(n, '')}".strip()) for n in LEVELS],
        "fixedrange": True,
    }


def level_small_multiples(history: pd.DataFrame, latest: pd.DataFrame, levels: pd.DataFrame) -> go.Figure:
    """One small chart per principle: its level at each round (self and peer), and its latest target.

    Args:
        history: metrics.assessment.level_history().
        latest: metrics.assessment.latest_levels() (gives the titles and targets).
        levels: the Levels table (names on the axis).
    """
    principles = latest["principle"].astype(int).tolist()
    titles = [  # two short lines: five charts side by side leave little width
        f"<b>Principle {p}</b><br>" + html.escape(str(t) if len(str(t)) <= 22 else f"{str(t)[:21]}…")
        for p, t in zip(latest["principle"], latest["title"], strict=True)
    ]
    fig = make_subplots(rows=1, cols=len(principles), shared_yaxes=True, subplot_titles=titles)
    shown_in_legend: set[str] = set()
    for column, principle in enumerate(principles, start=1):
        own = history[history["principle"] == principle]
        for who, style in WHO_STYLE.items():
            points = own[own["who"] == who]
            if points.empty:
                continue
            fig.add_trace(
                go.Scatter(
                    x=points["assessment_date"],
                    y=points["level"].astype(float),
                    mode="lines+markers+text" if who == SELF else "lines+markers",
                    name=who,
                    legendgroup=who,
                    showlegend=who not in shown_in_legend,
                    line={"color": style["color"], "dash": style["dash"], "width": 2.5},
                    marker={"symbol": style["symbol"], "size": 10, "color": style["color"]},
                    text=points["level"].astype(int).astype(str),
                    textposition="top center",
                    customdata=points["level_label"].map(html.escape),
                    hovertemplate=f"{html.escape(who)}, %{{x|%d %b %Y}}: %{{customdata}}<extra></extra>",
                ),
                row=1,
                col=column,
            )
            shown_in_legend.add(who)
        target = latest.loc[latest["principle"] == principle, "target_level"]
        if not target.empty and pd.notna(target.iloc[0]):
            fig.add_hline(
                y=float(target.iloc[0]),
                line={"color": TARGET_COLOUR, "dash": "dot", "width": 2},
                annotation={
                    "text": f"Target {int(target.iloc[0])}",
                    "font": {"color": TARGET_COLOUR, "size": 12},
                },
                annotation_position="top left",
                row=1,
                col=column,
            )
    fig.add_trace(  # legend entry for the target lines
        go.Scatter(
            x=[None],
            y=[None],
            mode="lines",
            name="Target (dotted)",
            line={"color": TARGET_COLOUR, "dash": "dot", "width": 2},
        )
    )
    fig = _layout(fig, "Level over the assessment rounds, per principle", "", "Level", height=360)
    fig.update_yaxes(**_level_axis(levels))
    for column in range(2, len(principles) + 1):
        fig.update_yaxes(title=None, row=1, col=column)
    rounds = sorted(history["assessment_date"].unique())
    shown = rounds if len(rounds) <= 4 else rounds[:: -(-len(rounds) // 4)]
    fig.update_xaxes(
        title=None,
        tickvals=shown,
        ticktext=[f"{pd.Timestamp(r):%b}<br>{pd.Timestamp(r):%Y}" for r in shown],
        tickangle=0,
        fixedrange=True,
    )
    fig.update_annotations(font={"family": FONT, "size": 13})
    fig.update_layout(
        legend={"orientation": "h", "y": -0.18, "x": 0, "xanchor": "left", "yanchor": "top"},
        margin={"l": 10, "r": 20, "t": 100, "b": 60},
    )
    return fig


def self_vs_peer_chart(pairs: pd.DataFrame, levels: pd.DataFrame) -> go.Figure:
    """The latest round's self-assessed and peer-reviewed level per principle, as paired dots on a line."""
    labels = [html.escape(f"{p}. {t}") for p, t in zip(pairs["principle"], pairs["title"], strict=True)]
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
                hovertemplate=f"{html.escape(who)}: %{{x}}<extra></extra>",
            )
        )
    fig = _layout(
        fig, "Self-assessment against peer review (latest round)", "Level", "Principle", 140 + 70 * len(pairs)
    )
    fig.update_xaxes(**_level_axis(levels))
    fig.update_yaxes(autorange="reversed", fixedrange=True)
    return fig
