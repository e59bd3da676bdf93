"""What changed between two framework snapshots, and the six-month cycle review.

A status change is read on this scale, from worst to best:
    Deferred < Not started < Off track < At risk < On track < Complete
Moving up is 'Moved forward' (to Complete: 'Delivered'); moving down is 'Slipped'.

The cycle review takes the priorities promised at a cycle's start (the first snapshot on or after its
start date) and says, at its end (the last snapshot on or before its end date), whether each was
Delivered (Complete), Carried over (still there, not complete) or Dropped (gone from the tracker).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from metrics.memo import memoised

STATUS_RANK: dict[str, int] = {
    "Deferred": 0,
    "Not started": 1,
    "Off track": 2,
    "At risk": 3,
    "On track": 4,
    "Complete": 5,
}
CHANGE_ORDER = ("Delivered", "Moved forward", "Slipped", "New", "Removed")
CYCLE_OUTCOMES = ("Delivered", "Carried over", "Dropped")
CYCLE_MONTHS = 6


def _change(before: str | None, after: str | None) -> str | None:
    if before is None:
        return "New"
    if after is None:
        return "Removed"
    if before == after:
        return None
    if after == "Complete":
        return "Delivered"
    return "Moved forward" if STATUS_RANK.get(after, 0) > STATUS_RANK.get(before, 0) else "Slipped"


@memoised  # the Overview draws it for every visitor (metrics/memo.py)
def status_changes(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Priorities whose status differs between two snapshots, plus those added or removed.

    Columns: priority_id, theme_id, priority, before, after, change (see CHANGE_ORDER), notes (why: the reason
    given with the change in the app, else the later snapshot's note when it was rewritten with the change; NA
    otherwise, never a note carried over from an earlier snapshot).
    """
    columns = ["priority_id", "theme_id", "priority", "status", "notes"]
    given = ["status_reason"] if "status_reason" in after else []  # store.source adds it (in-app reasons)
    merged = before[columns].merge(
        after[columns + given], on="priority_id", how="outer", suffixes=("_before", "_after")
    )
    merged["before"] = merged["status_before"].astype("string")
    merged["after"] = merged["status_after"].astype("string")
    merged["change"] = [
        _change(None if pd.isna(b) else b, None if pd.isna(a) else a)
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

    def counts(self) -> pd.Series:
        if self.table.empty:
            return pd.Series(0, index=list(CYCLE_OUTCOMES))
        return self.table["outcome"].value_counts().reindex(list(CYCLE_OUTCOMES), fill_value=0).astype(int)


def cycle_end(start: pd.Timestamp) -> pd.Timestamp:
    """The last day of the six-month cycle starting on `start` (1 Dec 2022 -> 31 May 2023)."""
    return start + pd.DateOffset(months=CYCLE_MONTHS) - pd.Timedelta(days=1)


@memoised  # per shared view and cycle start: the Priorities page draws it on every view
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
