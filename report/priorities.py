"""The Priorities page's story: priorities by theme and status, due dates, every priority, what moved between
two snapshots and the six-month cycle review, each built once per view (and choice).

Tracker text stays raw here: a renderer escapes it once, where it becomes Markdown, HTML or a chart label.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from formatting import long_date, short_date
from metrics import describe
from metrics.changes import CHANGE_CLASSES, change_summary
from metrics.memo import memoised
from metrics.view import View
from report import snapshots
from report.section_types import Section, Table, narrowed_to, nothing_in_view

if TYPE_CHECKING:
    from services.recorded_edits import RecordedEdit

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
    changes = snapshots.snapshot_changes(view, start, end)
    sentence = snapshots.snapshot_changes_sentence(view, changes, start, end)
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
    review = snapshots.cycle(view, start)
    sentence = snapshots.cycle_sentence(view, review)
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


HISTORY_HOW = """**Where a priority's history comes from.** Each upload of the framework tracker with a new 'as at'
date is a snapshot: a change of status or due date from one snapshot to the next is dated by the later
snapshot's 'as at' date. Changes made in the app are listed field by field on the day they were stored, with
the reason where the editor gave one; a change stored as a new snapshot is listed once, as that snapshot's.
Who made a change is not shown here."""
HISTORY_FIELDS = (("status", "Status"), ("due_date", "Due date"))
"""Fields compared between consecutive snapshots (column, heading as the in-app edits name it): a priority
slips by its status or by its due date."""
HISTORY_COLUMNS = ("when", "field", "before", "after", "recorded", "reason")
HISTORY_LABELS = {
    "when": "When",
    "field": "What",
    "before": "From",
    "after": "To",
    "recorded": "Recorded",
    "reason": "Why",
}
ON_THE_TRACKER = "On the tracker"


def history_choices(view: View) -> list[str]:
    """Every priority in view in any snapshot, in the order they first appear."""
    ids: dict[str, None] = {}
    for snapshot in view.snapshots:
        ids.update(dict.fromkeys(str(p) for p in snapshot.priorities["priority_id"].dropna()))
    return list(ids)


def _shown(column: str, value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return short_date(value) if column == "due_date" else str(value)


def _snapshot_moves(view: View, priority_id: str) -> list[dict[str, object]]:
    """Status and due-date differences between consecutive snapshots, and when the priority came or went."""
    rows: list[dict[str, object]] = []
    previous: pd.Series | None = None
    for index, snapshot in enumerate(view.snapshots):
        table = snapshot.all_priorities
        found = table[table["priority_id"] == priority_id]
        current = found.iloc[0] if not found.empty else None
        recorded = f"Snapshot as at {long_date(snapshot.as_at)}"
        if index and (previous is None) != (current is None):
            came = current is not None
            rows.append(
                {
                    "when": snapshot.as_at,
                    "field": ON_THE_TRACKER,
                    "before": "" if came else "Yes",
                    "after": "Added" if came else "Removed",
                    "recorded": recorded,
                }
            )
        elif previous is not None and current is not None:
            for column, heading in HISTORY_FIELDS:
                before, after = _shown(column, previous[column]), _shown(column, current[column])
                if before != after:
                    rows.append(
                        {
                            "when": snapshot.as_at,
                            "field": heading,
                            "before": before,
                            "after": after,
                            "recorded": recorded,
                        }
                    )
        previous = current
    return rows


@memoised  # per shared view, priority and its in-app edits: built once, not per visitor
def priority_history(view: View, priority_id: str, edits: tuple[RecordedEdit, ...]) -> Section:
    """A priority's changes, oldest first: between snapshots (dated by the later one's 'as at' date) and
    made in the app (dated by the day stored, with the reason given), without who made them."""
    rows = _snapshot_moves(view, priority_id)
    for edit in edits:
        as_snapshot = next(
            (
                row
                for row in rows
                if row["recorded"].startswith("Snapshot")
                and edit.as_at is not None
                and pd.Timestamp(row["when"]).date() == edit.as_at
                and (row["field"], row["before"], row["after"]) == (edit.field, edit.before, edit.after)
            ),
            None,
        )
        if as_snapshot is not None:  # the edit that made this snapshot: one row, with the edit's reason
            as_snapshot["recorded"] += ", edited in the app"
            as_snapshot["reason"] = edit.reason
            continue
        amended = f" (the snapshot as at {long_date(edit.as_at)})" if edit.as_at is not None else ""
        rows.append(
            {
                "when": edit.at.normalize(),
                "field": edit.field,
                "before": edit.before,
                "after": edit.after,
                "recorded": f"Edited in the app{amended}",
                "reason": edit.reason,
                "_at": edit.at,
            }
        )
    frame = pd.DataFrame(rows, columns=[*HISTORY_COLUMNS, "_at"])
    frame["reason"] = frame["reason"].astype(object).fillna("")
    frame["_at"] = pd.to_datetime(frame["_at"]).fillna(pd.to_datetime(frame["when"]))
    frame = frame.sort_values("_at", kind="stable").reset_index(drop=True)
    frame["when"] = pd.to_datetime(frame["when"])
    return Section(
        "priority_history",
        f"History of {priority_id}",
        table=Table(frame, HISTORY_COLUMNS, HISTORY_LABELS),
        empty=""
        if rows
        else f"{priority_id} has not changed status or due date between snapshots, and has "
        "not been edited in the app.",
    )
