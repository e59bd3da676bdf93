"""A priority's history as board members may read it: what changed and when, and why where an editor said;
never who (viewers do not see who edited: docs/operations.md).

The changes made in the app come from the store's field-by-field record (store.field_history); the changes
between uploaded snapshots are worked out from the snapshots themselves (report/priorities.py), so that a
priority's history is complete whichever way the tracker was kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from domain import Kind
from loaders.tracker_set import TrackerSet
from metrics.priority_history import priority_history
from services.edits import changes_frame
from store.repository import Store


@dataclass(frozen=True)
class RecordedEdit:
    """One field of a priority changed in the app, without the editor's name."""

    field: str  # the tracker column's heading ('Status', 'Due date')
    before: str  # as the editor saw it; '' for blank
    after: str
    at: pd.Timestamp  # when it was stored (UTC)
    as_at: dt.date | None  # the 'as at' date of the snapshot it was stored in
    reason: str  # why, in the editor's words, where one was recorded; '' otherwise


def recorded_edits(store: Store, priority_id: str) -> tuple[RecordedEdit, ...]:
    """The in-app changes to a framework priority, oldest first, leaving out those of withdrawn versions."""
    withdrawn = store.withdrawn_ids()
    snapshot_of = {v.id: v.as_at for v in store.versions(Kind.FRAMEWORK)}
    return tuple(
        RecordedEdit(
            field=change.field,
            before=change.before or "",
            after=change.after or "",
            at=pd.Timestamp(change.at).tz_convert("UTC").tz_localize(None),
            as_at=snapshot_of.get(change.version_id),
            # Reasons for status changes are recorded by stores that have them (FieldChange.reason).
            reason=getattr(change, "reason", None) or "",
        )
        for change in store.field_history(priority_id, Kind.FRAMEWORK)
        if change.version_id not in withdrawn and change.at is not None
    )


def snapshots_table(current: TrackerSet, priority_id: str) -> pd.DataFrame:
    """The priority in each framework snapshot holding it, oldest first (metrics.priority_history.priority_history)."""
    return priority_history(current.framework, priority_id)


def field_changes_table(store: Store, priority_id: str) -> pd.DataFrame:
    """The priority's fields changed in the app, oldest first, with who and when (editors' pages only)."""
    return changes_frame(store.field_history(priority_id, Kind.FRAMEWORK))
