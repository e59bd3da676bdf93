"""What the product says, read from its report sections and metrics, in the oracle's shapes (tests/oracle.py).

The oracle computes; this module only reads what the product built for a view, so that a test compares two
independent answers. Shared by the oracle tests at the metrics/report level and the page tests.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from charts.views import priorities_by_theme_chart
from loaders.tracker_set import TrackerSet
from metrics import self_assessment as am
from metrics.filters import Filters
from metrics.view import View, build_view
from report import sections as story
from report import snapshots
from tests.oracle import DELIVERED, NEW, PROGRESS, REMOVED, Choice

EXACT = (DELIVERED, NEW, REMOVED)


def product_filters(choice: Choice) -> Filters:
    def stamp(day: Any) -> pd.Timestamp | None:
        return pd.Timestamp(day) if day is not None else None

    return Filters(
        themes=choice.themes,
        principles=choice.principles,
        statuses=choice.statuses,
        owners=choice.owners,
        date_from=stamp(choice.date_from),
        date_to=stamp(choice.date_to),
        as_at=stamp(choice.as_at),
    )


def view_of(trackers: TrackerSet, choice: Choice) -> View:
    return build_view(trackers, product_filters(choice))


def headline(view: View) -> dict[str, tuple[int, int | None, int | None]]:
    return {f.label: (f.value, f.total, f.previous) for f in story.headline(view).figures}


def status_by_theme(view: View) -> dict[str, dict[str, int]]:
    """Theme name -> status -> count, from the table behind the 'Priorities by theme and status' chart."""
    if view.priorities.empty:
        return {}
    _, table = priorities_by_theme_chart(view.priorities)
    result = {}
    for _, row in table.iterrows():
        counts = {c: int(row[c]) for c in table.columns if c != "theme" and int(row[c])}
        result[str(row["theme"])] = counts
    return result


def principle_progress(view: View) -> dict[int, dict[str, Any]]:
    data = story.principles(view).data
    statuses = ("Not started", "On track", "At risk", "Off track", "Deferred", "Complete")
    return {
        int(r["principle"]): {
            "themes": int(r["themes"]),
            "priorities": int(r["priorities"]),
            "by_status": {s: int(r[s]) for s in statuses if int(r[s])},
        }
        for _, r in data.iterrows()
    }


def evidence(view: View) -> dict[int, dict[str, int]]:
    table = am.linked_evidence(view.principles, view.coverage, view.evidence_sources())
    columns = ("themes", "achievements", "priorities", "events", "decisions")
    return {int(r["principle"]): {c: int(r[c]) for c in columns} for _, r in table.iterrows()}


def engagement(view: View) -> dict[str, int]:
    section = story.engagement(view)
    if section.empty:
        return {"events": 0, "attendees": 0, "volunteers": 0}
    figures = {f.label: f.value for f in section.figures}
    return {
        "events": figures["Events"],
        "attendees": figures["Attendees"],
        "volunteers": figures["Volunteers"],
    }


def changes(view: View) -> dict[str, str]:
    section = snapshots.changes(view)
    if section.table is None:
        return {}
    frame = section.table.frame
    return {str(p): str(c) for p, c in zip(frame["priority_id"], frame["change"], strict=True)}


def changes_sentence(view: View) -> str:
    return snapshots.changes(view).sentence


def agrees(expected: str, shown: str) -> bool:
    """Whether a shown change class says what the oracle's does.

    Delivered, New and Removed must be named so; progress is 'Moved forward'; any move that is not progress
    may be named as the product chooses (Slipped, or a word for 'became at risk'), but never as progress.
    """
    if expected in EXACT or expected == PROGRESS:
        return shown == expected
    return shown not in (*EXACT, PROGRESS)


def sentence_counts(sentence: str) -> dict[str, int]:
    """'Between 1 December 2022 and 8 February 2023: 3 delivered, 2 moved forward and 1 slipped.' -> counts."""
    _, _, listed = sentence.partition(": ")
    listed, _, _ = listed.partition(", among ")  # the filters named after the counts ('theme T8 …')
    return {
        m.group(2).strip(): int(m.group(1))
        for m in re.finditer(r"\b(\d+) ([a-z][a-z ]*?)(?=,| and |\.|$)", listed)
    }
