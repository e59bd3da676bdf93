"""Uploading trackers: a checked workbook becomes a new version, a batch whose files would compete to be current
is refused, and what was checked is handed on, so reading the new versions back checks nothing again.

The store keeps bytes and plain values (store.repository.NewVersion); the loaders' checked tracker is turned
into them here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from domain import Kind
from loaders.loaded import LoadedTracker
from loaders.safety import MAX_FILE_BYTES
from loaders.tracker_set import TrackerSet
from metrics.diff import TrackerDiff, diff_upload
from services.trackers import remember_checked
from store.repository import NewVersion, SnapshotLocked, Store, StoreError

__all__ = ["MAX_FILE_BYTES", "SnapshotLocked", "StoreError"]  # what the Upload page says and catches


def new_version(tracker: LoadedTracker, content: bytes) -> NewVersion:
    """A checked tracker's file, about to be stored (refused if it has errors)."""
    if not tracker.ok or tracker.kind is None:
        raise ValueError(f"{tracker.file_name} has errors and cannot be stored")
    return NewVersion(
        kind=tracker.kind,
        file_name=tracker.file_name,
        content=content,
        as_at=tracker.as_at.date() if tracker.as_at is not None else None,
        row_counts=tracker.row_counts(),
        warnings=[p.describe() for p in tracker.warnings],
    )


def batch_clashes(versions: Sequence[NewVersion]) -> list[str]:
    """Files of one batch that would compete to be current (the same tracker, and for the framework tracker
    the same 'As at' date): only the last would count, so the batch must not be stored as it is."""
    by_slot: dict[tuple[Kind, dt.date | None], list[NewVersion]] = {}
    for version in versions:
        slot = (version.kind, version.as_at if version.kind is Kind.FRAMEWORK else None)
        by_slot.setdefault(slot, []).append(version)
    messages = []
    for (kind, as_at), clashing in by_slot.items():
        if len(clashing) < 2:
            continue
        names = [v.file_name for v in clashing]
        listed = ", ".join(names[:-1]) + " and " + names[-1]
        when = f" as at {as_at:%d/%m/%Y}" if as_at else ""
        messages.append(
            f"{listed} are {'both' if len(names) == 2 else 'all'} the {kind.title} tracker{when}: "
            "only one of them could be current. Remove one from the batch."
        )
    return messages


def upload_clashes(checked: Sequence[tuple[bytes, LoadedTracker]]) -> list[str]:
    """batch_clashes of checked uploads (each file's bytes and what checking it found), for the Upload page."""
    return batch_clashes([new_version(tracker, content) for content, tracker in checked])


def save_batch(
    store: Store, versions: Sequence[NewVersion], actor: str, note: str | None = None
) -> list[int]:
    """Store every file of a batch as new versions in one transaction (Store.save_batch), unless two of them
    would compete to be current.

    Raises:
        StoreError: nothing was stored (a clash, a locked snapshot, or the database refused it).
    """
    if clashes := batch_clashes(versions):
        raise StoreError(" ".join(clashes) + " Nothing was stored.")
    return store.save_batch(versions, actor, note)


def store_checked(
    store: Store, checked: Sequence[tuple[bytes, LoadedTracker]], actor: str, note: str | None = None
) -> list[int]:
    """Store checked uploads (each file's bytes and what checking them found) as one batch, and hand the checks
    on (services.trackers.remember_checked), as a save from the editor does: reading the new versions back
    needs no second check of the same bytes in a worker.

    Raises:
        StoreError: nothing was stored.
    """
    versions = [new_version(tracker, content) for content, tracker in checked]
    ids = save_batch(store, versions, actor, note)
    for version, (_, tracker) in zip(versions, checked, strict=True):
        remember_checked(version.content, version.file_name, version.kind, tracker)
    return ids


def upload_preview(current: TrackerSet, tracker: LoadedTracker) -> TrackerDiff:
    """What storing a checked upload would change in the current trackers (metrics.diff.diff_upload)."""
    return diff_upload(current, tracker)
