"""Charts stay readable on a laptop, a tablet and a phone: no rotated or cut-off labels, no repeated titles."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pandas as pd
import pytest

from charts.figures import MAX_EVENT_ROWS, events_chart
from loaders.tracker_set import DEFAULT_DATA_DIR
from tests.test_pages import PAGES, run_page

ROOT = Path(__file__).resolve().parent.parent
LONG = "CCPL framework launch event (1st system engagement event)"


def _events(count: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event": [LONG if i == 0 else f"Event {i}" for i in range(count)],
            "date": pd.date_range("2022-05-10", periods=count, freq="7D"),
            "attendees": [150] + [100] * (count - 1),
            "attendance_approximate": [True] * count,
            "volunteers": [None] + [13] * (count - 1),
        }
    )


def test_event_names_are_wrapped_on_horizontal_bars_not_rotated() -> None:
    fig = events_chart(_events(2))
    assert {bar.orientation for bar in fig.data} == {"h"}
    assert fig.layout.xaxis.tickangle is None and fig.layout.yaxis.tickangle is None
    label = fig.data[0].y[0]
    assert label.replace("<br>", " ").startswith(LONG), "the whole name, not cut short"
    assert max(len(line) for line in label.split("<br>")) <= 20


def test_event_figures_say_what_they_count_so_no_legend_takes_the_width() -> None:
    fig = events_chart(_events(2))
    assert fig.layout.showlegend is False
    assert list(fig.data[0].text) == ["~150 attendees", "~100 attendees"]
    assert list(fig.data[1].text) == ["volunteers not recorded", "13 volunteers"]
    assert fig.layout.xaxis.range[1] >= 150 * 1.5, "room for the figure beside the longest bar"


def test_many_events_are_drawn_against_their_dates_at_a_fixed_height() -> None:
    fig = events_chart(_events(MAX_EVENT_ROWS + 1))
    assert fig.layout.height <= 600
    assert pd.api.types.is_datetime64_any_dtype(pd.Series(fig.data[0].x))


def _chart_titles(at: object) -> list[str]:
    """The titles written above charts (show_chart draws a chart's title as a bold line of text)."""
    return [m.value.strip("*") for m in at.markdown if m.value.startswith("**") and m.value.endswith("**")]


@pytest.mark.parametrize("page", list(PAGES))
def test_no_chart_repeats_the_heading_above_it(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page(page, DEFAULT_DATA_DIR, monkeypatch)
    assert at.get("plotly_chart"), "the page has charts"
    headings = {h.value.casefold() for h in (*at.header, *at.subheader)}
    repeated = [t for t in _chart_titles(at) if t.casefold() in headings]
    assert repeated == []


def test_charts_on_screen_have_their_title_as_text_and_the_legend_across_the_top(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    at = run_page("pages/board/cplg.py", DEFAULT_DATA_DIR, monkeypatch)
    assert {"Agenda items by outcome", "Agenda items by facet"} <= set(_chart_titles(at))
    for chart in at.get("plotly_chart"):
        layout = json.loads(chart.proto.spec)["layout"]
        assert not layout.get("title", {}).get("text"), "a plotly title does not wrap on a phone"
        assert layout["legend"]["orientation"] == "h"


def test_pages_build_charts_through_the_chart_modules_not_inline() -> None:
    """A page lays out; the figure itself (stacked_bars and its options) is defined once in charts/."""
    for path in (ROOT / "pages").rglob("*.py"):
        calls = {
            node.func.id
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        }
        assert "stacked_bars" not in calls, path.name


@pytest.mark.parametrize(("top", "step"), [(2, 1), (5, 1), (12, 5), (23, 5), (150, 50), (12000, 5000)])
def test_count_axes_step_in_whole_round_numbers(top: float, step: int) -> None:
    from charts.figures import _whole_step

    assert _whole_step(top) == step


def test_overdue_is_written_towards_the_middle_of_the_timeline() -> None:
    from charts.figures import due_timeline

    priorities = pd.DataFrame(
        {
            "priority_id": ["P01", "P02"],
            "priority": ["Early", "Late"],
            "theme_id": ["T1", "T1"],
            "theme": ["Model", "Model"],
            "status": ["On track", "On track"],
            "due_date": pd.to_datetime(["2023-01-01", "2023-06-01"]),
            "overdue": [True, True],
        }
    )
    fig = due_timeline(priorities, pd.Timestamp("2023-06-02"))
    (points,) = fig.data
    assert list(points.textposition) == ["middle right", "middle left"]
    assert points.cliponaxis is False
