"""Which tracker versions a document was made from, in words (never who stored them: that is the audit log's)."""

from __future__ import annotations

from domain import Kind
from formatting import long_date, timestamp_utc
from loaders.formats import TRACKERS
from loaders.tracker_set import TrackerSet
from metrics.memo import memoised


@memoised  # once per tracker set (shared and read-only), not once per table drawn
def tracker_sources(trackers: TrackerSet) -> list[tuple[str, str]]:
    """Each tracker in use with its version and when it was stored."""
    sources = []
    for tracker in trackers.loaded():
        name = TRACKERS[tracker.kind].title if tracker.kind else tracker.file_name
        if tracker.as_at is not None and tracker.kind is Kind.FRAMEWORK:
            name += f" as at {long_date(tracker.as_at)}"
        stored = f", stored {timestamp_utc(tracker.stored_at)}" if tracker.stored_at else ""
        version = f"version {tracker.version_id}" if tracker.version_id else "shipped default"
        sources.append((name, f"{version}{stored} ({tracker.file_name})"))
    return sources
