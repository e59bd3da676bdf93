"""What changed between two framework snapshots, and the six-month cycle review.

How a priority moved between two snapshots is defined once, in MOVEMENT: the class of every pair of
statuses (before -> after), written out in full. The classes, in the order they are listed:

- **Delivered**: it reached Complete (from any other status).
- **Moved forward**: it reached On track from Deferred, Not started, At risk or Off track.
- **Resumed**: it came back from Deferred to Not started (back on the plan, not yet begun).
- **Started but at risk**: it went from Not started or Deferred to At risk or Off track: work began, but in
  difficulty. Not progress.
- **Still at risk**: it went from Off track to At risk: less far off, still in difficulty. Not progress.
- **Slipped**: it went backwards while open: On track to At risk, Off track or Not started; At risk to Off
  track or Not started; Off track to Not started.
- **Deferred**: it was deferred (from Not started, Off track, At risk or On track).
- **Reopened**: it was Complete and is no longer.
- **New**: it is in the later snapshot only. **Removed**: it is in the earlier snapshot only.

Only Delivered and Moved forward are progress (PROGRESS): a priority that became At risk or Off track is
never progress. The class is read from the two snapshots as recorded, never from a filtered view of them:
a filter decides which changes are shown (those whose priority matches it in either snapshot), not what
they are.

The cycle review takes the priorities promised at a cycle's start (the first snapshot on or after its
start date) and says, at its end (the last snapshot on or before its end date), whether each was
Delivered (Complete), Carried over (still there, not complete) or Dropped (gone from the tracker). Like the
change classes, the outcomes are read from the whole snapshots; a filter only chooses which are shown.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

DELIVERED = "Delivered"
MOVED_FORWARD = "Moved forward"
RESUMED = "Resumed"
STARTED_AT_RISK = "Started but at risk"
STILL_AT_RISK = "Still at risk"
SLIPPED = "Slipped"
DEFERRED = "Deferred"
REOPENED = "Reopened"
NEW = "New"
REMOVED = "Removed"

CHANGE_CLASSES: dict[str, str] = {
    DELIVERED: "reached Complete",
    MOVED_FORWARD: "reached On track from Deferred, Not started, At risk or Off track",
    RESUMED: "came back from Deferred to Not started",
    STARTED_AT_RISK: "went from Not started or Deferred to At risk or Off track: begun, but in difficulty",
    STILL_AT_RISK: "went from Off track to At risk: less far off, still in difficulty",
    SLIPPED: "went backwards while open (from On track, At risk or Off track to a worse status, "
    "or back to Not started)",
    DEFERRED: "was deferred",
    REOPENED: "was Complete and is no longer",
    NEW: "is in the later snapshot only",
    REMOVED: "is in the earlier snapshot only",
}
"""Each class and what it means, in the order changes are listed and counted."""

CHANGE_ORDER = tuple(CHANGE_CLASSES)
PROGRESS = frozenset({DELIVERED, MOVED_FORWARD})
"""The classes that are progress. Becoming At risk or Off track never is."""

MOVEMENT: dict[str, dict[str, str | None]] = {
    # before:        after -> class (None: no change)
    "Deferred": {
        "Deferred": None,
        "Not started": RESUMED,
        "Off track": STARTED_AT_RISK,
        "At risk": STARTED_AT_RISK,
        "On track": MOVED_FORWARD,
        "Complete": DELIVERED,
    },
    "Not started": {
        "Deferred": DEFERRED,
        "Not started": None,
        "Off track": STARTED_AT_RISK,
        "At risk": STARTED_AT_RISK,
        "On track": MOVED_FORWARD,
        "Complete": DELIVERED,
    },
    "Off track": {
        "Deferred": DEFERRED,
        "Not started": SLIPPED,
        "Off track": None,
        "At risk": STILL_AT_RISK,
        "On track": MOVED_FORWARD,
        "Complete": DELIVERED,
    },
    "At risk": {
        "Deferred": DEFERRED,
        "Not started": SLIPPED,
        "Off track": SLIPPED,
        "At risk": None,
        "On track": MOVED_FORWARD,
        "Complete": DELIVERED,
    },
    "On track": {
        "Deferred": DEFERRED,
        "Not started": SLIPPED,
        "Off track": SLIPPED,
        "At risk": SLIPPED,
        "On track": None,
        "Complete": DELIVERED,
    },
    "Complete": {
        "Deferred": REOPENED,
        "Not started": REOPENED,
        "Off track": REOPENED,
        "At risk": REOPENED,
        "On track": REOPENED,
        "Complete": None,
    },
}
"""The movement between every pair of statuses: MOVEMENT[before][after]. A priority in one snapshot only is
New or Removed (see `movement`)."""

CYCLE_OUTCOMES = ("Delivered", "Carried over", "Dropped")
CYCLE_MONTHS = 6


def movement(before: str | None, after: str | None) -> str | None:
    """The class of a move from `before` to `after` (None: absent from that snapshot); None if unchanged.

    A status the table does not know (the loaders refuse one, so only a hand-built table can hold it) is
    read as a change of unknown direction: never progress, so 'Slipped' unless it is unchanged.
    """
    if before is None:
        return NEW
    if after is None:
        return REMOVED
    if before == after:
        return None
    row = MOVEMENT.get(before, {})
    return row.get(after, SLIPPED)


def status_changes(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Priorities whose status differs between two snapshots, plus those added or removed.

    Columns: priority_id, theme_id, priority, before, after, change (see CHANGE_ORDER), notes (why: the reason
    given with the change in the app, else the later snapshot's note when it was rewritten with the change; NA
    otherwise, never a note carried over from an earlier snapshot).
    """
    columns = ["priority_id", "theme_id", "priority", "status", "notes"]
    given = (
        ["status_reason"] if "status_reason" in after else []
    )  # services.trackers adds it (in-app reasons)
    merged = before[columns].merge(
        after[columns + given], on="priority_id", how="outer", suffixes=("_before", "_after")
    )
    merged["before"] = merged["status_before"].astype("string")
    merged["after"] = merged["status_after"].astype("string")
    merged["change"] = [
        movement(None if pd.isna(b) else b, None if pd.isna(a) else a)
        for b, a in zip(merged["before"], merged["after"], strict=True)
    ]
    merged["theme_id"] = merged["theme_id_after"].fillna(merged["theme_id_before"])
    merged["priority"] = merged["priority_after"].fillna(merged["priority_before"])
    notes_after = merged["notes_after"].astype("string").str.strip()
    rewritten = notes_after.ne(merged["notes_before"].astype("string").str.strip()).fillna(True)
    fresh = notes_after.where(rewritten & notes_after.ne(""))
    merged["notes"] = merged["status_reason"].astype("string").fillna(fresh) if given else fresh
    changed = merged[merged["change"].notna()].copy()
    changed["change"] = pd.Categorical(changed["change"], categories=list(CHANGE_ORDER), ordered=True)
    changed = changed.sort_values(["change", "priority_id"])
    return changed[["priority_id", "theme_id", "priority", "before", "after", "change", "notes"]].reset_index(
        drop=True
    )


def shown_changes(changes: pd.DataFrame, *in_view: pd.DataFrame) -> pd.DataFrame:
    """The changes (from `status_changes` of the whole snapshots) whose priority is in any of `in_view`, the
    same snapshots narrowed by the filters: a change is shown when its priority matches them in either."""
    shown = set().union(*(set(frame["priority_id"]) for frame in in_view))
    return changes[changes["priority_id"].isin(shown)].reset_index(drop=True)


def change_summary(changes: pd.DataFrame) -> pd.Series:
    """How many priorities changed in each way, every kind present."""
    return changes["change"].value_counts().reindex(list(CHANGE_ORDER), fill_value=0).astype(int)


@dataclass(frozen=True)
class CycleReview:
    """The outcome of one six-month cycle."""

    start: pd.Timestamp
    end: pd.Timestamp
    start_snapshot: pd.Timestamp | None
    end_snapshot: pd.Timestamp | None
    table: pd.DataFrame  # priority_id, theme_id, priority, status_at_start, status_at_end, outcome
    added: pd.DataFrame  # priorities that appeared during the cycle

    @property
    def complete(self) -> bool:
        """Whether the end snapshot is at or after the cycle's end (otherwise the cycle is still running)."""
        return self.end_snapshot is not None and self.end_snapshot >= self.end

    def among(self, *in_view: pd.DataFrame) -> CycleReview:
        """The same review showing only the priorities in any of `in_view` (the start and end snapshots
        narrowed by the filters). The outcomes are those of the whole snapshots."""
        shown = set().union(*(set(frame["priority_id"]) for frame in in_view))
        return replace(
            self,
            table=self.table[self.table["priority_id"].isin(shown)],
            added=self.added[self.added["priority_id"].isin(shown)],
        )

    def counts(self) -> pd.Series:
        if self.table.empty:
            return pd.Series(0, index=list(CYCLE_OUTCOMES))
        return self.table["outcome"].value_counts().reindex(list(CYCLE_OUTCOMES), fill_value=0).astype(int)


def cycle_end(start: pd.Timestamp) -> pd.Timestamp:
    """The last day of the six-month cycle starting on `start` (1 Dec 2022 -> 31 May 2023)."""
    return start + pd.DateOffset(months=CYCLE_MONTHS) - pd.Timedelta(days=1)


def cycle_review(snapshots: list[tuple[pd.Timestamp, pd.DataFrame]], start: pd.Timestamp) -> CycleReview:
    """Review the cycle starting on `start` from (as_at, priorities) snapshots, oldest first."""
    end = cycle_end(start)
    at_start = [(d, p) for d, p in snapshots if start <= d <= end]
    empty = pd.DataFrame(
        columns=["priority_id", "theme_id", "priority", "status_at_start", "status_at_end", "outcome"]
    )
    if not at_start:
        return CycleReview(start, end, None, None, empty, empty)
    start_date, first = at_start[0]
    end_date, last = [(d, p) for d, p in snapshots if start_date <= d <= end][-1]
    merged = first[["priority_id", "theme_id", "priority", "status"]].merge(
        last[["priority_id", "status"]], on="priority_id", how="left", suffixes=("_at_start", "_at_end")
    )
    merged["status_at_start"] = merged["status_at_start"].astype("string")
    merged["status_at_end"] = merged["status_at_end"].astype("string")
    outcome = pd.Series("Carried over", index=merged.index)
    outcome[merged["status_at_end"] == "Complete"] = "Delivered"
    outcome[merged["status_at_end"].isna()] = "Dropped"
    merged["outcome"] = pd.Categorical(outcome, categories=list(CYCLE_OUTCOMES), ordered=True)
    added = last[~last["priority_id"].isin(first["priority_id"])]
    return CycleReview(
        start, end, start_date, end_date, merged.sort_values(["outcome", "priority_id"]), added
    )
