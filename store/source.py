"""The trackers the dashboard shows, read from the store."""

from __future__ import annotations

from collections import defaultdict

from domain import Kind
from loaders.sandbox import check_upload
from loaders.tracker_set import TrackerSet, build_tracker_set
from loaders.trackers import LoadedTracker
from store.repository import Store, Version


def load_version(store: Store, version: Version) -> LoadedTracker:
    """One stored version, loaded and checked, with its version id and time."""
    # Stored bytes came from uploads: read them in a limited worker too.
    tracker = check_upload(store.content(version.id), version.file_name, version.kind)
    tracker.version_id = version.id
    tracker.stored_at = version.uploaded_at
    return tracker


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
    for versions in candidates.values():
        for version in reversed(versions):
            tracker = load_version(store, version)
            loaded.append(tracker)
            if tracker.ok:
                break
    loaded.sort(key=lambda t: t.version_id or 0)
    return build_tracker_set(loaded)
