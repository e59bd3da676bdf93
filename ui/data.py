"""Cached access to the trackers for the pages. The only place that wraps loading in st.cache_data."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from loaders.tracker_set import DEFAULT_DATA_DIR, TrackerSet, default_files, load_default_set


def _fingerprint(directory: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times: a changed file means a new cache entry, without reading it."""
    return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in default_files(directory))


@st.cache_data(show_spinner="Loading the trackers…", max_entries=4)
def _load(directory: str, fingerprint: tuple[tuple[str, int, int], ...]) -> TrackerSet:
    """Load and validate every tracker (pure: the cache key is the folder and its files' fingerprint)."""
    return load_default_set(Path(directory))


def current_trackers() -> TrackerSet:
    """The trackers the dashboard shows, loaded once per change of the files, not once per rerun."""
    return _load(str(DEFAULT_DATA_DIR), _fingerprint(DEFAULT_DATA_DIR))
