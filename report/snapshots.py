"""Sections that compare framework snapshots: the status moves since the previous snapshot (or between any
two), each with the reason given, and the six-month cycle review."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from charts.palette import status_label
from formatting import long_date
from metrics import describe
from metrics.changes import CycleReview, change_summary, cycle_review, shown_changes, status_changes
from metrics.memo import memoised
from metrics.view import View
from report.section_types import Section, Table


@memoised  # per shared view and pair of snapshots: the Priorities page compares any two
def snapshot_changes(view: View, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Status moves between the snapshots of `start` and `end`, classified from the whole snapshots and shown
    when the priority matches the filters in either (metrics/changes.py)."""
    by_date = {s.as_at: s for s in view.snapshots}
    before, after = by_date[start], by_date[end]
    moved = status_changes(before.all_priorities, after.all_priorities)
    return shown_changes(moved, before.priorities, after.priorities)


def snapshot_changes_sentence(view: View, moved: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> str:
    """'Between 1 December 2022 and 8 February 2023: 1 delivered and 1 moved forward, among priorities of
    theme T8 with status On track in either snapshot.'"""
    return describe.changes_sentence(
        change_summary(moved), start, end, describe.among_priorities(view.filters)
    )


@memoised  # per shared view (ui/data.py): built once, not per visitor
def changes(view: View) -> Section:
    """Status moves since the previous snapshot, each with the note that says why."""
    title = "Changes since the previous snapshot"
    if view.previous is None or view.snapshot_date is None:
        return Section(
            "changes",
            title,
            empty="There is only one framework snapshot, so there is nothing to compare yet. Each framework "
            "tracker uploaded with a new 'As at' date becomes a snapshot.",
        )
    moved = snapshot_changes(view, view.previous.as_at, view.snapshot_date)
    return Section(
        "changes",
        title,
        snapshot_changes_sentence(view, moved, view.previous.as_at, view.snapshot_date),
        table=Table(
            moved, ("priority_id", "priority", "before", "after", "change", "notes"), {"notes": "Why"}
        ),
    )


CYCLE_WHEN = "at the cycle's start or end"


@memoised  # per shared view and cycle start: the Priorities page draws it on every view
def cycle(view: View, start: pd.Timestamp) -> CycleReview:
    """The six-month cycle review from `start`: outcomes read from the whole snapshots, showing the
    priorities that match the filters at the cycle's start or end."""
    review = cycle_review([(s.as_at, s.all_priorities) for s in view.snapshots], start)
    by_date = {s.as_at: s.priorities for s in view.snapshots}
    return review.among(*(by_date[d] for d in (review.start_snapshot, review.end_snapshot) if d in by_date))


def cycle_sentence(view: View, review: CycleReview) -> str:
    """The cycle review in one sentence, naming the filters."""
    among = describe.among_priorities(view.filters, CYCLE_WHEN)
    if among and review.start_snapshot is not None and review.table.empty:
        return (
            f"No priority promised at the start of the cycle from {long_date(review.start)} matches the "
            f"filters ({among})."
        )
    return describe.cycle_sentence(review.counts(), review.start, review.complete, among)


def change_line(row: pd.Series, status_words: Callable[[object], str] = status_label) -> str:
    """'P1.2 Agree the ToR moved from ● On track to ✔ Complete (Delivered). Reason given: <note>', or 'No reason
    recorded.'; status_words=str gives the statuses in words alone (the papers)."""
    before = status_words(row["before"]) if pd.notna(row["before"]) else None
    after = status_words(row["after"]) if pd.notna(row["after"]) else None
    if before is None:
        move = f"was added as {after}"
    elif after is None:
        move = f"was removed (it was {before})"
    else:
        move = f"moved from {before} to {after} ({row['change']})"
    why = str(row["notes"]).strip() if pd.notna(row["notes"]) and str(row["notes"]).strip() else ""
    return f"{row['priority_id']} {row['priority']} {move}. " + (
        f"Reason given: {why}" if why else "No reason recorded."
    )
