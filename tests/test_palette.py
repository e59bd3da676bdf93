"""Chart colours: contrast, colour-blind safety, and never colour alone."""

from __future__ import annotations

import pytest

from charts.palette import (
    BACKGROUND,
    FACET_COLOURS,
    OUTCOME_COLOURS,
    OUTCOME_PATTERNS,
    STATUS_CHART_ORDER,
    STATUS_COLOURS,
    STATUS_ICONS,
    STATUS_PATTERNS,
    STRENGTH_COLOURS,
    TEXT,
    contrast_ratio,
    perceived_difference,
    status_label,
    text_colour_on,
)
from domain import OUTCOMES, STATUSES

VISIONS = [None, "protanopia", "deuteranopia"]
MIN_DIFFERENCE = 15
"""CIE76 ΔE between statuses drawn next to each other; about 2.3 is just noticeable, 10+ is obvious at a glance."""


def test_every_status_has_a_word_an_icon_and_a_pattern() -> None:
    assert set(STATUS_COLOURS) == set(STATUSES) == set(STATUS_ICONS) == set(STATUS_PATTERNS)
    assert len(set(STATUS_ICONS.values())) == len(STATUSES)
    assert len(set(STATUS_PATTERNS.values())) == len(STATUSES)
    assert status_label("At risk") == "▲ At risk"
    assert set(OUTCOMES) <= set(OUTCOME_COLOURS) and set(OUTCOMES) <= set(OUTCOME_PATTERNS)


@pytest.mark.parametrize(
    "colour",
    [
        *STATUS_COLOURS.values(),
        *OUTCOME_COLOURS.values(),
        *FACET_COLOURS.values(),
        *STRENGTH_COLOURS.values(),
    ],
)
def test_every_mark_colour_reaches_3_to_1_against_the_page_without_an_outline(colour: str) -> None:
    """Issue 18 #11: a pale fill with a dark outline left 'Not started' almost invisible as a hollow marker
    (plotly draws a hollow marker's outline in the fill colour); every mark's own colour reaches 3:1."""
    assert contrast_ratio(colour, BACKGROUND) >= 3


@pytest.mark.parametrize(
    "colour", [*STATUS_COLOURS.values(), *OUTCOME_COLOURS.values(), *FACET_COLOURS.values()]
)
def test_labels_on_bars_reach_4_5_to_1(colour: str) -> None:
    assert contrast_ratio(text_colour_on(colour), colour) >= 4.5


def test_chart_text_reaches_4_5_to_1() -> None:
    assert contrast_ratio(TEXT, BACKGROUND) >= 4.5


@pytest.mark.parametrize("vision", VISIONS)
def test_neighbouring_statuses_stay_apart_with_colour_blindness(vision: str | None) -> None:
    for first, second in zip(STATUS_CHART_ORDER, STATUS_CHART_ORDER[1:], strict=False):
        difference = perceived_difference(STATUS_COLOURS[first], STATUS_COLOURS[second], vision)
        assert difference >= MIN_DIFFERENCE, (vision, first, second, round(difference, 1))


@pytest.mark.parametrize("vision", VISIONS)
def test_neighbouring_outcomes_stay_apart_with_colour_blindness(vision: str | None) -> None:
    order = list(OUTCOME_COLOURS)
    for first, second in zip(order, order[1:], strict=False):
        assert perceived_difference(OUTCOME_COLOURS[first], OUTCOME_COLOURS[second], vision) >= MIN_DIFFERENCE


def test_the_simulation_is_not_a_no_op() -> None:
    """Red and green, far apart for most people, come close for deuteranopes: the check has teeth."""
    red, green = "#DA291C", "#009639"
    assert perceived_difference(red, green) > 80
    assert perceived_difference(red, green, "deuteranopia") < perceived_difference(red, green) / 2
