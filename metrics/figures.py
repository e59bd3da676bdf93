"""Headline figures from the loaded trackers: plain pandas, no Streamlit."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from domain import OUTCOMES, STATUSES, Kind
from loaders.tracker_set import TrackerSet


@dataclass(frozen=True)
class Figure:
    """One headline number, with the previous snapshot's value where there is one."""

    label: str
    value: int
    previous: int | None = None
    note: str = ""

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.value - self.previous


def status_counts(priorities: pd.DataFrame) -> pd.Series:
    """Number of priorities in each status, every status present (zero if none), in reading order."""
    counts = priorities["status"].astype("string").value_counts()
    return counts.reindex(list(STATUSES), fill_value=0).astype(int)


def outcome_counts(agenda: pd.DataFrame) -> pd.Series:
    """Number of CPLG agenda items in each outcome category, every category present."""
    counts = agenda["outcome"].astype("string").value_counts()
    return counts.reindex(list(OUTCOMES), fill_value=0).astype(int)


def principles_covered(trackers: TrackerSet) -> tuple[int, int]:
    """(principles addressed by at least one current theme, principles in all)."""
    principles = trackers.table(Kind.COVERAGE, "principles")
    coverage = trackers.table(Kind.COVERAGE, "coverage")
    themes = set(trackers.table(Kind.FRAMEWORK, "themes")["theme_id"].dropna())
    covered = coverage.loc[coverage["theme_id"].isin(themes), "principle"].dropna().unique()
    return len(set(covered) & set(principles["principle"].dropna())), int(
        principles["principle"].notna().sum()
    )


def headline_figures(trackers: TrackerSet) -> list[Figure]:
    """Themes, priorities by status (with change since the previous snapshot), events and CPLG items."""
    current = status_counts(trackers.table(Kind.FRAMEWORK, "priorities"))
    previous_tracker = trackers.previous_framework
    previous = status_counts(previous_tracker.tables["priorities"]) if previous_tracker else None
    figures = [
        Figure("Themes", len(trackers.table(Kind.FRAMEWORK, "themes"))),
        Figure("Priorities", int(current.sum()), None if previous is None else int(previous.sum())),
    ]
    figures += [
        Figure(status, int(current[status]), None if previous is None else int(previous[status]))
        for status in STATUSES
    ]
    events = trackers.table(Kind.ENGAGEMENT, "events")
    approximate = bool(events["attendance_approximate"].fillna(False).any())
    figures += [
        Figure("Engagement events", len(events)),
        Figure(
            "Total attendance",
            int(events["attendees"].fillna(0).sum()),
            note="approximate" if approximate else "",
        ),
        Figure("CPLG agenda items", len(trackers.table(Kind.CPLG, "agenda_items"))),
    ]
    return figures
