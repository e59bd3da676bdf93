"""The Priorities page's story: priorities by theme and status, due dates, every priority, what moved between
two snapshots and the six-month cycle review, each built once per view (and choice).

Tracker text stays raw here: a renderer escapes it once, where it becomes Markdown, HTML or a chart label.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from formatting import long_date
from metrics import describe
from metrics.changes import CHANGE_CLASSES, change_summary
from metrics.memo import memoised
from metrics.view import View
from report import sections as story
from report.sections import Section, Table, narrowed_to, nothing_in_view

CYCLE_HOW = """**How the cycle review works.** A cycle runs six months from its start date. The priorities
promised at its start are those in the first snapshot taken on or after that date. By the last snapshot
on or before the cycle's end, each is **Delivered** (complete), **Carried over** (still on the tracker, not
complete, including deferred ones) or **Dropped** (no longer on the tracker)."""

EVERY_PRIORITY_COLUMNS = (
    "priority_id",
    "theme",
    "priority",
    "owner",
    "due_date",
    "status",
    "percent_complete",
    "overdue",
    "last_updated",
    "notes",
)
ONE_SNAPSHOT = "There is only one framework snapshot. Upload the framework tracker again with a new 'As at' date to compare."
CHANGE_NAMES = tuple(CHANGE_CLASSES.items())
"""(name, meaning) of every change class, for the legend under the changes."""


@dataclass(frozen=True)
class DueDates:
    chart: Section  # the due-date timeline (data: priorities; as_at in its context)
    overdue_ids: tuple[str, ...]
    as_at: str  # '8 February 2023'


@dataclass(frozen=True)
class CycleStory:
    section: Section  # outcomes as chart data, the review as its table; `empty` when nothing to review
    period: str  # 'Cycle 1 December 2022 to 31 May 2023: compared the snapshot of … with that of …'
    added: tuple[str, ...]  # priorities added during the cycle


def no_priority_in_view(view: View) -> str:
    return nothing_in_view(view, "priorities", "priority", "priorities")


def snapshot_dates(view: View) -> list[pd.Timestamp]:
    return [s.as_at for s in view.snapshots]


@memoised  # per shared view: built once, not per visitor
def due_dates(view: View) -> DueDates:
    priorities = view.priorities
    return DueDates(
        Section(
            "due_dates",
            "Due dates",
            describe.timeline_sentence(priorities, view.as_at),
            data=priorities,
            table=Table(
                priorities, ("priority_id", "theme", "due_date", "due_date_assumed", "status", "overdue")
            ),
            context={"as_at": view.as_at},
        ),
        tuple(str(p) for p in priorities.loc[priorities["overdue"], "priority_id"]),
        long_date(view.as_at),
    )


@memoised  # per shared view: built once, not per visitor
def every_priority(view: View) -> Section:
    return Section("priorities_table", "Every priority", table=Table(view.priorities, EVERY_PRIORITY_COLUMNS))


@memoised  # per shared view and pair of snapshots: built once, not per visitor
def moved_between(view: View, start: pd.Timestamp, end: pd.Timestamp) -> Section:
    """How priorities moved between two snapshots: counts per class (the chart) and the moves (the table)."""
    changes = story.snapshot_changes(view, start, end)
    sentence = story.snapshot_changes_sentence(view, changes, start, end)
    counts = change_summary(changes).rename_axis("change").rename("count").reset_index()
    return Section(
        "snapshot_changes",
        "Status changes between the two snapshots",
        sentence,
        data=counts,
        table=Table(
            changes.assign(theme=changes["theme_id"].map(view.theme_names)),
            ("priority_id", "theme", "priority", "before", "after", "change", "notes"),
            {"notes": "Why (latest notes)"},
        ),
        narrowed_by=narrowed_to("Snapshots compared", f"{long_date(start)} with {long_date(end)}"),
        empty=sentence if changes.empty else "",
    )


@memoised  # per shared view and cycle start: built once, not per visitor
def cycle_story(view: View, start: pd.Timestamp) -> CycleStory:
    review = story.cycle(view, start)
    sentence = story.cycle_sentence(view, review)
    counts = review.counts().rename_axis("outcome").rename("count").reset_index()
    nothing = review.start_snapshot is None or review.table.empty
    return CycleStory(
        Section(
            "cycle",
            "Six-month cycle review",
            sentence,
            data=counts,
            table=Table(
                review.table.assign(theme=review.table["theme_id"].map(view.theme_names)),
                ("priority_id", "theme", "priority", "status_at_start", "status_at_end", "outcome"),
            ),
            narrowed_by=narrowed_to("Cycle", f"{long_date(review.start)} to {long_date(review.end)}"),
            empty=sentence if nothing else "",
        ),
        ""
        if nothing
        else f"Cycle **{long_date(review.start)} to {long_date(review.end)}**: compared the snapshot of "
        f"{long_date(review.start_snapshot)} with that of {long_date(review.end_snapshot)}.",
        tuple(str(p) for p in review.added["priority_id"]) if not nothing else (),
    )
