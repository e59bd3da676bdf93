"""Which chart draws which section: one registry, read by the pages (ui/sections.py) and the board pack."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from charts.cluster import principles_side_by_side_chart
from charts.figures import coverage_matrix, due_timeline, events_chart, freeze, simple_bars
from charts.palette import NHS_BLUE, NHS_DARK_BLUE, NHS_DARK_GREEN
from charts.self_assessment import level_small_multiples, level_small_multiples_from, self_vs_peer_chart
from charts.views import (
    agenda_by_month_chart,
    principle_progress_chart,
    priorities_by_theme_chart,
    theme_status_chart,
)
from metrics.memo import memoised_with
from metrics.progress import coverage_table
from report.section_types import Section

EVENT_FIGURES = ("event", "date", "date_month_only", "attendees", "attendance_approximate", "volunteers")
ChartBuilder = Callable[[Section], tuple[go.Figure, pd.DataFrame]]


def _figure_only(fig: go.Figure) -> tuple[go.Figure, pd.DataFrame]:
    return fig, pd.DataFrame()


def headed_table(section: Section) -> pd.DataFrame:
    """The section's table as the figures behind its chart: its own headings renamed, standard ones left for
    the table renderer (which also reads a date's qualifier columns by their names, formatting.DATE_KNOWN)."""
    table = section.table
    return table.frame[table.shown].rename(columns=dict(table.labels))


def _attendance_by(section: Section, colour: str) -> tuple[go.Figure, pd.DataFrame]:
    column, what = section.context["column"], str(section.context["what"])
    fig = simple_bars(
        section.data, column, "attendees", section.title, "Attendees", what.capitalize(), colour=colour
    )
    return fig, section.data.rename(columns={column: what.capitalize(), "attendees": "Attendees"})


CHARTS: dict[str, ChartBuilder] = {
    "principles": lambda s: principle_progress_chart(s.data),
    "assessment": lambda s: _figure_only(level_small_multiples_from(s.data)),
    "assessment_history": lambda s: (
        level_small_multiples(s.data, s.context["latest"], s.context["levels"]),
        s.data.rename(
            columns={
                "assessment_date": "Round",
                "who": "Who",
                "level_label": "Level",
                "principle": "Principle",
            }
        )[["Principle", "Round", "Who", "Level"]],
    ),
    "assessment_peer": lambda s: (
        self_vs_peer_chart(s.data, s.context["levels"]),
        s.data.rename(
            columns={
                "principle": "Principle",
                "title": "Title",
                "level": "Self-assessed level",
                "peer_level": "Peer-review level",
                "gap": "Peer minus self",
                "peer_reviewer": "Peer reviewer",
            }
        ),
    ),
    "priorities": lambda s: priorities_by_theme_chart(s.data),
    "engagement": lambda s: (
        events_chart(s.data),
        # standard headings (metrics/labels.py); 'Month only' makes a date read 'October 2022'
        s.data[[c for c in EVENT_FIGURES if c in s.data.columns]],
    ),
    "engagement_organisation_type": lambda s: _attendance_by(s, NHS_DARK_BLUE),
    "engagement_profession": lambda s: _attendance_by(s, NHS_DARK_GREEN),
    "engagement_reach": lambda s: (
        simple_bars(
            s.data,
            "profession",
            "attendees",
            s.title,
            "Attendees",
            "Profession",
            zero_text="not reached",
        ),
        s.data.rename(columns={"profession": "Profession", "attendees": "Attendees", "reached": "Reached"}),
    ),
    "cplg": lambda s: agenda_by_month_chart(s.data, "outcome_label"),
    "cplg_facets": lambda s: agenda_by_month_chart(s.data, "facet_label"),
    "coverage": lambda s: (coverage_matrix(s.data), coverage_table(s.data)),
    "due_dates": lambda s: (due_timeline(s.data, s.context.get("as_at")), headed_table(s)),
    "snapshot_changes": lambda s: (
        simple_bars(
            s.data,
            "change",
            "count",
            "How priorities moved between the two snapshots",
            "Number of priorities",
            "Change",
            colour=NHS_BLUE,
        ),
        s.data.rename(columns={"change": "Change", "count": "Priorities"}),
    ),
    "cycle": lambda s: (
        simple_bars(
            s.data,
            "outcome",
            "count",
            "Priorities promised at the start of the cycle, by outcome",
            "Number of priorities",
            "Outcome",
            zero_text="none",
        ),
        s.data.rename(columns={"outcome": "Outcome", "count": "Priorities"}),
    ),
    "theme_status": lambda s: theme_status_chart(s.data, s.lead),  # lead: the theme's name
    "cluster_principles": lambda s: principles_side_by_side_chart(s.data),
}
"""Section key -> (figure, the figures behind it as a table)."""


def draws_chart(section: Section) -> bool:
    return section.key in CHARTS and section.data is not None and not section.empty


@memoised_with(freeze)  # per section: a section is built once per shared view, and so is its chart
def section_chart(section: Section) -> tuple[go.Figure, pd.DataFrame]:
    """The section's chart and the figures behind it (shared between sessions: read-only)."""
    return CHARTS[section.key](section)
