"""The trackers the dashboard shows, read back from the store: each stored version checked once per process
(remembered by its bytes), the current set, and the set a presented snapshot recorded."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Sequence

import pandas as pd

from domain import Kind
from loaders.formats import TRACKERS
from loaders.loaded import LoadedTracker
from loaders.sandbox import check_upload
from loaders.tracker_set import TrackerSet, build_tracker_set
from store.repository import FieldChange, SnapshotLock, Store, Version

MAX_REMEMBERED_FILES = 64
"""A hard cap on the checked files kept per process (a set with many framework snapshots stays within it)."""
SPARE_REMEMBERED_FILES = 4
"""Beyond the files in use, how many others stay remembered (a version just replaced, one being restored)."""

_CheckedKey = tuple[str, str, Kind]
_checked: OrderedDict[_CheckedKey, LoadedTracker] = OrderedDict()
_checked_lock = threading.Lock()


def _key(content: bytes, file_name: str, kind: Kind) -> _CheckedKey:
    return hashlib.sha256(content).hexdigest(), file_name, kind


def _remember(key: _CheckedKey, tracker: LoadedTracker) -> None:
    with _checked_lock:
        _checked[key] = tracker
        _checked.move_to_end(key)
        while len(_checked) > MAX_REMEMBERED_FILES:
            _checked.popitem(last=False)


def remember_checked(content: bytes, file_name: str, kind: Kind, tracker: LoadedTracker) -> None:
    """Record that `content` loads as `tracker`, so reading that stored version back costs no second check.

    For a file the app wrote itself and checked on exactly the cells it holds (services.edits): a save then
    shows its new figures without parsing the workbook again (tests/test_edits.py proves the two equal).
    """
    key = _key(content, file_name, kind)
    _remember(key, dataclasses.replace(tracker, sha256=key[0], version_id=None, stored_at=None))


def forget_checked() -> None:
    """Drop every remembered check (tests; a process whose rules changed never reuses one anyway)."""
    with _checked_lock:
        _checked.clear()


def _retain(in_use: set[_CheckedKey]) -> None:
    """Forget checked files no longer in use, but for the few most recently used (memory stays ~ one set)."""
    with _checked_lock:
        others = [key for key in _checked if key not in in_use]  # oldest first
        for key in others[: max(0, len(others) - SPARE_REMEMBERED_FILES)]:
            del _checked[key]


def load_version(store: Store, version: Version) -> LoadedTracker:
    """One stored version, loaded and checked, with its version id and time.

    A version's bytes never change, so a file checked once in this process is not checked again: the result
    is remembered by the digest of the bytes actually read (not the stored digest), name and kind. Callers get
    their own copy of the tracker's fields; its tables are shared and read-only, as in the tracker set.
    """
    return _load_version(store, version)[1]


def _load_version(store: Store, version: Version) -> tuple[_CheckedKey, LoadedTracker]:
    content = store.content(version.id)
    key = _key(content, version.file_name, version.kind)
    with _checked_lock:
        tracker = _checked.get(key)
    if tracker is None:
        # Stored bytes came from uploads: read them in a limited worker too.
        tracker = check_upload(content, version.file_name, version.kind)
    _remember(key, tracker)  # also marks it as the most recently used
    return key, dataclasses.replace(
        tracker,
        tables=dict(tracker.tables),
        problems=list(tracker.problems),
        about=dict(tracker.about),
        version_id=version.id,
        stored_at=version.uploaded_at,
    )


def tracker_set_from_store(store: Store) -> TrackerSet:
    """Load the current version of each tracker (each framework snapshot); withdrawn versions are skipped.

    Every stored version passed validation when it was stored, but the rules may have changed since. If the
    current version no longer loads, the newest earlier version that does is used instead, so a stricter
    rule can never blank the dashboard; the failing version's problems are still reported.
    """
    candidates: dict[tuple[Kind, object], list[Version]] = defaultdict(list)
    for version in store.versions(include_withdrawn=False):
        candidates[(version.kind, version.as_at if version.kind is Kind.FRAMEWORK else None)].append(version)
    loaded: list[LoadedTracker] = []
    in_use: set[_CheckedKey] = set()
    for versions in candidates.values():
        for version in reversed(versions):
            key, tracker = _load_version(store, version)
            in_use.add(key)
            loaded.append(tracker)
            if tracker.ok:
                break
    _retain(in_use)
    loaded.sort(key=lambda t: t.version_id or 0)
    return build_tracker_set(with_status_reasons(store, loaded))


STATUS_FIELD = next(
    c.header for c in TRACKERS[Kind.FRAMEWORK].sheet("Priorities").columns if c.key == "status"
)
"""The field name of a priority's status change in field_changes (services.edits.status_field says the same)."""


def with_status_reasons(store: Store, loaded: list[LoadedTracker]) -> list[LoadedTracker]:
    """Framework snapshots with a `status_reason` column: the reason given in the app with the change that set
    each priority's status in that snapshot (store.repository.FieldChange.reason), NA when none was given or
    the status was not set in the app. The papers quote it for the change (metrics.changes.status_changes)."""
    changes = [c for c in store.field_history(kind=Kind.FRAMEWORK) if c.field == STATUS_FIELD]
    if not changes:
        return loaded
    dates = {v.id: v.as_at for v in store.versions(Kind.FRAMEWORK)}
    result = []
    for tracker in loaded:
        if tracker.kind is not Kind.FRAMEWORK or tracker.version_id is None or tracker.as_at is None:
            result.append(tracker)
            continue
        day = tracker.as_at.date()
        latest: dict[str, FieldChange] = {}  # the last status change made in the app to this snapshot
        for change in changes:
            if change.version_id <= tracker.version_id and dates.get(change.version_id) == day:
                latest[change.record_id] = change
        priorities = tracker.tables["priorities"]
        status = dict(
            zip(priorities["priority_id"].astype(str), priorities["status"].astype(str), strict=True)
        )
        reasons = {
            record: change.reason
            for record, change in latest.items()
            if change.reason and status.get(record) == change.after  # it set the status the snapshot has
        }
        tables = dict(tracker.tables)
        tables["priorities"] = priorities.assign(
            status_reason=priorities["priority_id"].astype(str).map(reasons).astype("string")
        )
        result.append(dataclasses.replace(tracker, tables=tables))
    return result


def tracker_set_for_lock(store: Store, lock: SnapshotLock) -> TrackerSet:
    """Exactly the versions a locked snapshot recorded (store.repository.Store.lock_snapshot), whatever was
    stored, withdrawn or restored since: what the board was shown as at that date. Their bytes never change;
    how they are read may improve between releases."""
    loaded = [load_version(store, version) for version in store.versions_by_id(lock.version_ids)]
    return build_tracker_set(with_status_reasons(store, loaded))


def tracker_set_as_at(store: Store, as_at: dt.date | None = None) -> TrackerSet:
    """The trackers a view as at `as_at` (None: the latest snapshot) is computed from: the lock's recorded
    versions when the snapshot in force on that date was presented to the board, else the current ones."""
    current = tracker_set_from_store(store)
    lock = lock_in_force(current, store.locks(), as_at)
    return tracker_set_for_lock(store, lock) if lock is not None else current


def lock_in_force(
    current: TrackerSet, locks: Sequence[SnapshotLock], as_at: dt.date | pd.Timestamp | None
) -> SnapshotLock | None:
    """The lock of the snapshot in force on `as_at` among the current trackers (the one rule, TrackerSet.in_force,
    metrics.view.build_view uses), if that snapshot was presented to the board."""
    snapshot = current.in_force(pd.Timestamp(as_at) if as_at is not None else current.as_at)
    if snapshot is None or snapshot.as_at is None:
        return None
    day = snapshot.as_at.date()
    return next((lock for lock in locks if lock.as_at == day), None)
