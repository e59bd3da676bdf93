"""The cluster view's chart (charts/cluster.py): every (principle, ICB) bar's shares are the side-by-side
table's, statuses are told by colour, pattern and word, every mark reaches 3:1, and ICB names and principle
titles are drawn exactly as typed."""

from __future__ import annotations

import json

import pandas as pd

from charts.cluster import principles_side_by_side_chart
from charts.palette import BACKGROUND, STATUS_COLOURS, STATUS_ICONS, STATUS_PATTERNS, contrast_ratio
from domain import Organisation
from metrics import cluster as cm
from report import cluster as story
from report.charts import draws_chart, section_chart
from tests import cluster_sets
from tests.test_chart_text import TYPED, read


def _side() -> pd.DataFrame:
    return cm.principles_side_by_side(cluster_sets.fictional_views())


def test_each_bar_is_one_principle_in_one_icb_with_its_shares() -> None:
    side = _side()
    fig, table = principles_side_by_side_chart(side)
    figure = json.loads(fig.to_json())
    bars = {read(y) for trace in figure["data"] for y in trace["y"]}
    assert bars == {
        f"Principle {p}: {label}" for p, label in zip(side["principle"], side["label"], strict=True)
    }
    for trace in fig.data:  # the figure's own values (its JSON packs numbers as binary)
        status = read(trace.name).split(" ", 1)[1]
        for y, x in zip(trace.y, trace.x, strict=True):
            principle, label = read(y).removeprefix("Principle ").split(": ")
            row = side[(side["principle"] == int(principle)) & (side["label"] == label)].iloc[0]
            expected = 100 * row[status] / row["priorities"] if row["priorities"] else 0
            assert x == round(expected, 1), (principle, label, status)
    assert set(table["ICB"]) == {"North", "South", "West"}


def test_statuses_are_told_by_pattern_and_word_as_well_as_colour_with_3_to_1() -> None:
    figure = json.loads(principles_side_by_side_chart(_side())[0].to_json())
    for trace in figure["data"]:
        icon, status = read(trace["name"]).split(" ", 1)
        assert icon == STATUS_ICONS[status]
        assert trace["marker"]["color"] == STATUS_COLOURS[status]
        assert trace["marker"]["pattern"]["shape"] == STATUS_PATTERNS[status]
        assert contrast_ratio(trace["marker"]["color"], BACKGROUND) >= 3


def test_icb_names_are_drawn_as_typed() -> None:
    (org, view), *_ = cluster_sets.fictional_views()
    for typed in TYPED:
        odd = Organisation("odd", typed, short_name=typed)
        side = cm.principles_side_by_side(((odd, view),))
        figure = json.loads(principles_side_by_side_chart(side)[0].to_json())
        drawn = {read(y) for trace in figure["data"] for y in trace["y"]}
        assert drawn == {" ".join(f"Principle {p}: {typed}".split()) for p in side["principle"]}, typed


def test_the_section_draws_the_chart() -> None:
    section = story.principles_side_by_side(cluster_sets.fictional_views())
    assert draws_chart(section)
    fig, table = section_chart(section)
    assert len(table) == len(section.data) * 6  # every status of every bar, in the figures behind it
