"""Every mark of every chart reaches 3:1 against the plot background (issue 18 #11; WCAG 2.2 1.4.11), as the
accessibility statement says.

Measured on the built figures, with the colours plotly actually draws: a bar's fill, a line's colour, a
marker's fill, and for a hollow ('-open') marker its outline, which plotly draws in the marker's colour (its
marker.line.color is ignored; seen in Chromium), a heatmap cell's colour from the colour scale at its value,
and every shape's line. A marker drawn fully transparent (the matrix's click targets) draws nothing.
The contrast is computed here from the WCAG 2 definition, not with charts.palette's own function.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from charts.figures import MAX_EVENT_ROWS, coverage_matrix, due_timeline, events_chart, simple_bars
from charts.palette import NHS_BLUE, NHS_DARK_BLUE, NHS_DARK_GREEN
from charts.self_assessment import level_small_multiples, self_vs_peer_chart
from charts.views import (
    agenda_by_month_chart,
    principle_progress_chart,
    priorities_by_theme_chart,
    theme_status_chart,
)
from domain import FACETS, OUTCOMES, STATUSES
from metrics.cplg import NO_FACET, NOT_CATEGORISED

MARKS = 3.0
NAMED = {"white": (255, 255, 255), "black": (0, 0, 0)}


def rgba(colour: str) -> tuple[float, float, float, float]:
    colour = colour.strip().lower()
    if colour in NAMED:
        return (*NAMED[colour], 1.0)
    if colour.startswith("#"):
        digits = colour[1:]
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16), 1.0)
    if colour.startswith(("rgb(", "rgba(")):
        parts = [float(p) for p in colour[colour.index("(") + 1 : -1].split(",")]
        return (parts[0], parts[1], parts[2], parts[3] if len(parts) == 4 else 1.0)
    raise AssertionError(f"a colour this test cannot read: {colour!r}")


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance."""
    red, green, blue, _ = rgba(colour)

    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first: str, second: str) -> float:
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_measure_is_wcags() -> None:
    assert contrast("#FFFFFF", "#000000") == pytest.approx(21)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast("#E8EDEE", "white") < 1.2


def _colours(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [c for c in value if isinstance(c, str)]


def _scale_colour(scale: list, z: float, zmin: float, zmax: float) -> str:
    """The colour plotly draws for z: interpolated on the scale (here: the stop at or below it)."""
    at = (z - zmin) / (zmax - zmin) if zmax > zmin else 0
    chosen = scale[0][1]
    for stop, colour in scale:
        if stop <= at + 1e-9:
            chosen = colour
    return chosen


def drawn_marks(figure: dict) -> list[tuple[str, str]]:
    """(what, colour) for every mark the figure draws."""
    marks: list[tuple[str, str]] = []
    for index, trace in enumerate(figure["data"]):
        name = f"trace {index} ({trace.get('name', trace['type'])})"
        kind = trace["type"]
        marker = trace.get("marker", {})
        if kind == "bar":
            marks += [(f"{name} bar", c) for c in _colours(marker.get("color"))]
        elif kind == "scatter":
            mode = trace.get("mode", "lines+markers")
            if "lines" in mode:
                marks += [(f"{name} line", c) for c in _colours(trace.get("line", {}).get("color"))]
            if "markers" in mode:
                symbols = marker.get("symbol", "circle")
                symbols = symbols if isinstance(symbols, list) else [symbols]
                for colour in _colours(marker.get("color")):
                    if rgba(colour)[3] == 0 or marker.get("opacity") == 0:
                        continue  # draws nothing (a click target)
                    hollow = any(str(s).endswith("-open") or "-open-" in str(s) for s in symbols)
                    marks.append((f"{name} {'hollow marker outline' if hollow else 'marker'}", colour))
        elif kind == "heatmap":
            values = [z for row in trace["z"] for z in row if z is not None]
            zmin, zmax = trace.get("zmin", min(values)), trace.get("zmax", max(values))
            marks += [(f"{name} cell {z}", _scale_colour(trace["colorscale"], z, zmin, zmax)) for z in values]
        else:
            raise AssertionError(f"this test does not know how plotly draws a {kind}")
    for shape in figure["layout"].get("shapes", []):
        marks.append((f"shape {shape.get('type')}", shape.get("line", {}).get("color", "#444444")))
    return marks


def _priorities() -> pd.DataFrame:
    rows = []
    for i, status in enumerate([*STATUSES, *STATUSES]):
        rows.append(
            {
                "priority_id": f"P{i:02d}",
                "theme_id": f"T{i % 3}",
                "theme": f"Theme {i % 3}",
                "priority": f"Priority {i}",
                "status": status,
                "due_date": pd.Timestamp("2023-01-01") + pd.Timedelta(days=30 * i),
                "overdue": i % 2 == 0,
            }
        )
    frame = pd.DataFrame(rows)
    frame["status"] = pd.Categorical(frame["status"], categories=STATUSES)
    return frame


def _progress() -> pd.DataFrame:
    progress = pd.DataFrame({"principle": [1, 2], "title": ["One", "Two"]})
    for status in STATUSES:
        progress[status] = 1
        progress[f"share_{status}"] = 100 / len(STATUSES)
    return progress


def _events(count: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event": [f"Event {i}" for i in range(count)],
            "date": pd.date_range("2022-05-10", periods=count, freq="7D"),
            "attendees": [100] * count,
            "attendance_approximate": [False] * count,
            "volunteers": [5] * count,
        }
    )


def _agenda(by: str) -> pd.DataFrame:
    labels = [*OUTCOMES, NOT_CATEGORISED] if by == "outcome_label" else [*FACETS, NO_FACET]
    return pd.DataFrame(
        {"month": [pd.Timestamp("2022-09-01")] * len(labels), by: labels, "items": [1] * len(labels)}
    )


def _assessment():  # noqa: ANN202
    from loaders.formats.self_assessment import default_levels
    from metrics import self_assessment as am
    from tests.test_assessment_metrics import PRINCIPLES, ROUND_1, ROUND_2, frame

    data = frame(ROUND_1, ROUND_2)
    latest = am.latest_levels(data, default_levels(), PRINCIPLES)
    return am.level_history(data, default_levels()), latest, default_levels(), am.self_vs_peer(latest)


def _grid() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"theme_id": f"T{t}", "theme": f"Theme {t}", "principle": p, "strength": strength}
            for t in range(3)
            for p, strength in enumerate(["Primary", "Supporting", ""], start=1)
        ]
    )


def _charts() -> dict[str, object]:
    history, latest, levels, pairs = _assessment()
    bars = pd.DataFrame({"name": ["a", "b"], "n": [1, 0]})
    return {
        "principle progress": lambda: principle_progress_chart(_progress())[0],
        "priorities by theme": lambda: priorities_by_theme_chart(_priorities())[0],
        "theme status": lambda: theme_status_chart(_priorities(), "Theme 0")[0],
        "agenda by outcome": lambda: agenda_by_month_chart(_agenda("outcome_label"), "outcome_label")[0],
        "agenda by facet": lambda: agenda_by_month_chart(_agenda("facet_label"), "facet_label")[0],
        "coverage matrix": lambda: coverage_matrix(_grid()),
        "due dates": lambda: due_timeline(_priorities(), pd.Timestamp("2023-06-01")),
        "events": lambda: events_chart(_events(3)),
        "events by date": lambda: events_chart(_events(MAX_EVENT_ROWS + 1)),
        # the colours the pages draw simple bars in (Priorities, Engagement), and the default
        "simple bars": lambda: simple_bars(bars, "name", "n", "t", "v", "l"),
        **{
            f"simple bars {colour}": (
                lambda colour=colour: simple_bars(bars, "name", "n", "t", "v", "l", colour)
            )
            for colour in (NHS_BLUE, NHS_DARK_BLUE, NHS_DARK_GREEN)
        },
        "small multiples": lambda: level_small_multiples(history, latest, levels),
        "self against peer": lambda: self_vs_peer_chart(pairs, levels),
    }


CHARTS = _charts()


@pytest.mark.parametrize("chart", list(CHARTS))
def test_every_mark_reaches_3_to_1_against_the_plot(chart: str) -> None:
    figure = json.loads(CHARTS[chart]().to_json())
    background = figure["layout"].get("plot_bgcolor")
    assert background, "the plot background is set, not left to a template"
    marks = drawn_marks(figure)
    assert marks, "the chart draws marks"
    faint = sorted(
        {
            (what, colour, round(contrast(colour, background), 2))
            for what, colour in marks
            if contrast(colour, background) < MARKS
        }
    )
    assert faint == [], faint


def test_every_status_outcome_and_facet_is_drawn_in_a_test_above() -> None:
    """The charts above draw every colour a status, outcome, facet or strength can take."""
    drawn = {
        colour.upper()
        for build in CHARTS.values()
        for _, colour in drawn_marks(json.loads(build().to_json()))
    }
    from charts.palette import FACET_COLOURS, OUTCOME_COLOURS, STATUS_COLOURS, STRENGTH_COLOURS

    expected = {*STATUS_COLOURS.values(), *OUTCOME_COLOURS.values(), *FACET_COLOURS.values()}
    expected |= {STRENGTH_COLOURS["Primary"], STRENGTH_COLOURS["Supporting"]}
    assert {c.upper() for c in expected} <= drawn
