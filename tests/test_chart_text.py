"""Chart text reads as typed (issue 18 #4): tracker text is escaped once, where a chart builder makes it a plotly
label; our own markup (<b>, <br>) is drawn, never shown as text.

The labels are read as plotly.js draws them. `drawn` below re-implements, independently of charts/escape.py,
what plotly.js (src/lib/svg_text_utils.js, buildSVGText and convertEntities; the same in the bundle Streamlit
ships and in the one the board pack inlines) does with a label before it becomes SVG text:
- newlines become spaces;
- the text is split at anything of the form <...>; a tag named b, i, em, s, u, sup, sub, span or a (any case)
  is markup and draws nothing itself, <br> breaks the line, and any other <...> is drawn as typed;
- in the text between, &amp; &lt; &gt; &nbsp; &mu; &times; &plusmn; &deg; and numeric references (&#60; &#x3C;)
  are decoded; any other '&' is drawn as typed.
(tests/browser/test_chart_text_browser.py reads the same labels from the SVG that Chromium draws.)

Each chart is checked as the board pack hands it to plotly (the built figure) and as the screen does
(ui.components._on_screen).
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from charts.figures import (
    MAX_EVENT_ROWS,
    MAX_POINT_LABELS,
    coverage_matrix,
    due_timeline,
    events_chart,
    simple_bars,
)
from charts.self_assessment import level_small_multiples, self_vs_peer_chart
from charts.views import principle_progress_chart, priorities_by_theme_chart, theme_status_chart
from domain import STATUSES
from formatting import short_date
from loaders.formats.self_assessment import default_levels
from metrics import self_assessment as am
from ui.components import _on_screen

TYPED = [
    "Diversity & Inclusivity",
    "Comms & Engagement",
    "<img src=x onerror=alert(1)>",
    "<b>x</b>",
    "&amp;",
    "&lt;",
    "A & B",
    "&#60;3 &copy; x<br>y <i>z",
    '<a href="http://evil.example/x">a link</a> and <span style="font-size:60px">a long name that wraps</span>',
]
"""Legitimate names with '&', and hostile ones: each must be drawn exactly as typed."""

_SPLIT_TAGS = re.compile(r"(<[^<>]*>)")
_ONE_TAG = re.compile(r"<(/?)([^ >]*)(\s+(.*))?>", re.IGNORECASE)
_MARKUP = {"b", "i", "em", "s", "u", "sup", "sub", "span", "a"}
_ENTITY = re.compile(r"&(#\d+|#x[\da-fA-F]+|[a-z]+);")
_NAMED = {
    "mu": "μ",
    "amp": "&",
    "lt": "<",
    "gt": ">",
    "nbsp": "\xa0",
    "times": "×",
    "plusmn": "±",
    "deg": "°",
}


def _entity(match: re.Match[str]) -> str:
    inner = match.group(1)
    if inner.startswith("#"):
        code = int(inner[2:], 16) if inner[1:2] == "x" else int(inner[1:])
        return chr(code) if code <= 0x10FFFF else match.group(0)
    return _NAMED.get(inner, match.group(0))


def drawn(label: object) -> str:
    """The text plotly.js draws for a label, its lines joined by '\\n'."""
    out = []
    for part in _SPLIT_TAGS.split(re.sub(r"\r\n?|\n", " ", str(label))):
        tag = _ONE_TAG.fullmatch(part)
        name = tag.group(2).lower() if tag else None
        if name == "br":
            out.append("\n")
        elif name not in _MARKUP:
            out.append(_ENTITY.sub(_entity, part))
    return "".join(out)


def words(text: object) -> str:
    """Text with its line breaks and runs of spaces as single spaces (charts wrap long names over lines)."""
    return " ".join(str(text).split())


def read(label: object) -> str:
    return words(drawn(label))


def test_the_model_of_plotly_matches_what_it_is_known_to_draw() -> None:
    """Observed in Chromium with plotly.js 4 (tests/browser checks the real thing on every page)."""
    assert drawn("A & B") == "A & B"
    assert drawn("A &amp; B") == "A & B"
    assert drawn("<b>x</b>") == "x"
    assert drawn("<img src=x onerror=alert(1)>") == "<img src=x onerror=alert(1)>"
    assert drawn("x<br>y") == "x\ny"
    assert drawn("&copy; &#60; &#x3C;") == "&copy; < <"
    assert drawn('<a href="http://evil.example">l</a>') == "l"


def _figures(fig) -> list[tuple[str, dict]]:  # noqa: ANN001
    """The figure as the board pack draws it, and as the screen draws it."""
    return [("board pack", json.loads(fig.to_json())), ("screen", json.loads(_on_screen(fig).to_json()))]


def _axis_key(trace: dict, letter: str) -> str:
    ref = trace.get(f"{letter}axis") or letter
    return f"{letter}axis{ref[1:]}"


def category_labels(figure: dict, axis: str = "yaxis") -> list[str | None]:
    """What plotly writes beside each category of a category axis, in the axis's order: the ticktext of the
    category's tickval where tick values are given (None, nothing, when the category is not among them),
    else the category itself."""
    letter = axis[0]
    layout = figure["layout"].get(axis, {})
    seen: list[str] = []
    for trace in figure["data"]:
        if _axis_key(trace, letter) != axis:
            continue
        for value in trace.get(letter, []) or []:
            if value is not None and value not in seen:
                seen.append(value)
    if layout.get("categoryorder") == "array":
        listed = list(layout.get("categoryarray", []))
        seen = listed + [c for c in seen if c not in listed]
    tickvals = layout.get("tickvals")
    if tickvals is None:
        return seen
    ticktext = layout.get("ticktext", tickvals)
    return [ticktext[list(tickvals).index(c)] if c in list(tickvals) else None for c in seen]


def hover_labels(trace: dict) -> list[str]:
    """The hover label of each point, the hovertemplate filled in as plotly does (strings only)."""
    template = re.sub(r"<extra>.*?</extra>", "", trace.get("hovertemplate") or "")
    points = max(
        len(trace.get(k) or []) for k in ("customdata", "x", "y") if not isinstance(trace.get(k), dict)
    )
    labels = []
    for i in range(points):

        def value(match: re.Match[str], i: int = i) -> str:
            name, index = match.group(1), match.group(2)
            data = trace.get(name)
            if data is None or isinstance(data, dict):  # numbers (plotly sends them as a typed array)
                return "0"
            item = data[i]
            if index is not None:
                item = item[int(index)]
            return str(item)

        labels.append(re.sub(r"%\{(customdata|text|x|y)(?:\[(\d+)\])?(?:[:|][^}]*)?\}", value, template))
    return labels


def _assert_reads(label: object, expected: str, where: str) -> None:
    assert label is not None, f"{where}: no label drawn for {expected!r}"
    assert read(label) == words(expected), f"{where}: {label!r} is drawn as {drawn(label)!r}"


def _themes() -> list[tuple[str, str]]:
    return [(f"T{i}", name) for i, name in enumerate(TYPED, start=1)]


def test_the_coverage_matrix_names_every_theme_as_typed() -> None:
    grid = pd.DataFrame(
        [
            {"theme_id": tid, "theme": name, "principle": p, "strength": ["Primary", "Supporting", ""][p % 3]}
            for tid, name in _themes()
            for p in (1, 2, 3)
        ]
    )
    for where, figure in _figures(coverage_matrix(grid)):
        labels = category_labels(figure)
        assert len(labels) == len(TYPED), where
        for label, typed in zip(labels, TYPED, strict=True):
            _assert_reads(label, typed, f"{where}, matrix row")
        cells = next(t for t in figure["data"] if t["type"] == "scatter" and t.get("customdata") is not None)
        for hover, (_, typed) in zip(
            hover_labels(cells), [n for n in _themes() for _ in (1, 2, 3)], strict=True
        ):
            assert read(hover).startswith(words(typed) + " × Principle"), (where, hover)
        # the page reads the picked theme back from the chart: the id as stored, never escaped
        assert [row[0] for row in cells["customdata"]][::3] == [tid for tid, _ in _themes()]


def _priorities(count: int) -> pd.DataFrame:
    rows = []
    for i in range(count):
        theme_id, theme = _themes()[i % len(TYPED)]
        rows.append(
            {
                "priority_id": f"P{i + 1:02d}",
                "theme_id": theme_id,
                "theme": theme,
                "priority": TYPED[(i + 3) % len(TYPED)],
                "status": STATUSES[i % len(STATUSES)],
                "due_date": pd.Timestamp("2023-01-01") + pd.Timedelta(days=20 * i),
                "overdue": i % 4 == 0,
            }
        )
    frame = pd.DataFrame(rows)
    frame["status"] = pd.Categorical(frame["status"], categories=STATUSES)
    return frame


def test_priorities_by_theme_name_every_theme_as_typed() -> None:
    priorities = _priorities(len(TYPED) * 2)
    fig, _ = priorities_by_theme_chart(priorities)
    for where, figure in _figures(fig):
        for label, typed in zip(category_labels(figure), TYPED, strict=True):
            _assert_reads(label, typed, f"{where}, theme row")
        for trace in figure["data"]:
            for hover in hover_labels(trace):
                assert any(f" {words(t)}: " in read(hover) for t in TYPED), (where, hover)


@pytest.mark.parametrize("theme", TYPED)
def test_a_themes_chart_names_it_as_typed(theme: str) -> None:
    priorities = _priorities(6).assign(theme=theme)
    fig, _ = theme_status_chart(priorities, theme)
    for where, figure in _figures(fig):
        assert category_labels(figure) and all(read(c) == words(theme) for c in category_labels(figure)), (
            where
        )
    _assert_reads(fig.layout.title.text, f"{theme}: priorities by status", "board pack title")


def test_principles_are_named_as_typed() -> None:
    titles = TYPED[:5]
    progress = pd.DataFrame({"principle": [1, 2, 3, 4, 5], "title": titles})
    for status in STATUSES:
        progress[status] = 1
        progress[f"share_{status}"] = 100 / len(STATUSES)
    fig, _ = principle_progress_chart(progress)
    for where, figure in _figures(fig):
        for label, (number, title) in zip(category_labels(figure), enumerate(titles, 1), strict=True):
            _assert_reads(label, f"{number}. {title}", f"{where}, principle row")


@pytest.mark.parametrize("count", [len(TYPED) * 2, MAX_POINT_LABELS + 1])
def test_the_due_dates_name_priorities_and_themes_as_typed(count: int) -> None:
    priorities = _priorities(count)
    fig = due_timeline(priorities, pd.Timestamp("2023-06-01"))
    rows = (
        [f"{p} · {t}" for p, t in zip(priorities["priority_id"], priorities["theme"], strict=True)]
        if count <= MAX_POINT_LABELS
        else list(dict.fromkeys(priorities.sort_values(["theme_id", "priority_id"])["theme"]))
    )
    for where, figure in _figures(fig):
        labels = [read(label) for label in category_labels(figure)]
        assert sorted(labels) == sorted(words(r) for r in rows), where
        for trace in figure["data"]:
            for hover, row in zip(hover_labels(trace), trace["customdata"], strict=True):
                typed = priorities.set_index("priority_id").loc[drawn(row[0]), "priority"]
                assert read(hover).startswith(f"{drawn(row[0])}: {words(typed)} Due"), (where, hover)


@pytest.mark.parametrize("count", [len(TYPED), MAX_EVENT_ROWS + 1])
def test_events_are_named_as_typed(count: int) -> None:
    events = pd.DataFrame(
        {
            "event": [TYPED[i % len(TYPED)] for i in range(count)],
            "date": pd.date_range("2022-05-10", periods=count, freq="7D"),
            "attendees": [100] * count,
            "attendance_approximate": [False] * count,
            "volunteers": [5] * count,
        }
    )
    fig = events_chart(events)
    for where, figure in _figures(fig):
        if count <= MAX_EVENT_ROWS:
            expected = [f"{e} {short_date(d)}" for e, d in zip(events["event"], events["date"], strict=True)]
            labels = category_labels(figure)
            assert len(labels) == len(expected), where
            for label, typed in zip(labels, expected, strict=True):
                _assert_reads(label, typed, f"{where}, event row")
        else:
            for trace in figure["data"]:
                for hover, typed in zip(hover_labels(trace), events["event"], strict=True):
                    assert read(hover).startswith(words(typed) + " "), (where, hover)


def test_simple_bars_name_their_rows_and_title_as_typed() -> None:
    data = pd.DataFrame({"name": TYPED, "n": range(len(TYPED))})
    fig = simple_bars(data, "name", "n", "Reach & <b>spread</b>", "People", "Who")
    for where, figure in _figures(fig):
        for label, typed in zip(category_labels(figure), TYPED, strict=True):
            _assert_reads(label, typed, f"{where}, bar")
    _assert_reads(fig.layout.title.text, "Reach & <b>spread</b>", "title")


def _assessment(titles: list[str], level_names: list[str]):  # noqa: ANN202
    from tests.test_assessment_metrics import ROUND_1, ROUND_2, frame

    principles = pd.DataFrame({"principle": pd.Series([1, 2, 3, 4, 5], dtype="Int64"), "title": titles})
    levels = default_levels().assign(name=level_names)
    data = frame(ROUND_1, ROUND_2)
    latest = am.latest_levels(data, levels, principles)
    return am.level_history(data, levels), latest, levels


LONG_TITLES = [
    "Full range of leaders in decision-making",
    "A culture of shared learning & <b>growth</b>",
    "Involved in ICS planning and delivery",
    "&amp; <img src=x onerror=alert(1)>",
    "Transparent recruitment of leaders",
]
LEVEL_NAMES = ["Emerging & <i>new</i>", "&lt;Developing", "Established", "Embedded"]


def test_small_multiples_title_each_panel_in_full_with_our_bold_drawn_as_bold() -> None:
    history, latest, levels = _assessment(LONG_TITLES, LEVEL_NAMES)
    fig = level_small_multiples(history, latest, levels)
    for where, figure in _figures(fig):
        panels = [a["text"] for a in figure["layout"]["annotations"] if "Principle" in drawn(a["text"])]
        assert len(panels) == 5, where
        for text, (number, title) in zip(panels, enumerate(LONG_TITLES, 1), strict=True):
            assert text.startswith(f"<b>Principle {number}</b><br>"), (where, text)  # ours, drawn bold
            _assert_reads(text, f"Principle {number} {title}", f"{where}, panel title")
            assert "…" not in drawn(text)
        ticks = figure["layout"]["yaxis"]["ticktext"]
        assert [read(t) for t in ticks] == [f"{n} {words(name)}" for n, name in enumerate(LEVEL_NAMES, 1)]
        for trace in [t for t in figure["data"] if t.get("customdata") is not None]:
            for hover in hover_labels(trace):
                assert any(
                    f": {number} {words(n)}" in read(hover) for number, n in enumerate(LEVEL_NAMES, 1)
                ), (
                    where,
                    hover,
                )


def test_self_against_peer_names_principles_as_typed() -> None:
    history, latest, levels = _assessment(LONG_TITLES, LEVEL_NAMES)
    pairs = am.self_vs_peer(latest)
    fig = self_vs_peer_chart(pairs, levels)
    for where, figure in _figures(fig):
        expected = [f"{p}. {t}" for p, t in zip(pairs["principle"], pairs["title"], strict=True)]
        for label, typed in zip(category_labels(figure), expected, strict=True):
            _assert_reads(label, typed, f"{where}, principle row")
        ticks = figure["layout"]["xaxis"]["ticktext"]
        assert [read(t) for t in ticks] == [f"{n} {words(name)}" for n, name in enumerate(LEVEL_NAMES, 1)]


def test_the_title_written_above_a_chart_on_screen_is_the_typed_text() -> None:
    """show_chart writes a chart's title as Markdown text above it: the typed theme, not plotly's escaping."""
    from ui.components import chart_title

    for theme in TYPED:
        fig, _ = theme_status_chart(_priorities(6).assign(theme=theme), theme)
        assert chart_title(fig) == f"{theme}: priorities by status"
