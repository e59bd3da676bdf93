"""Cached access to the trackers and the filtered view. The only place that wraps loading in st.cache_data."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from loaders.tracker_set import DEFAULT_DATA_DIR, TrackerSet, default_files, load_default_set
from metrics.filters import Filters
from metrics.view import View, build_view

DATA_DIR_VARIABLE = "CCPL_DATA_DIR"
"""Environment variable naming another folder of tracker workbooks (tests and benchmarks use it)."""


def data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_VARIABLE) or DEFAULT_DATA_DIR)


def _fingerprint(directory: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times: a changed file means a new cache entry, without reading it."""
    return tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in default_files(directory))


@st.cache_data(show_spinner="Loading the trackers…", max_entries=4)
def _load(directory: str, fingerprint: tuple[tuple[str, int, int], ...]) -> TrackerSet:
    """Load and validate every tracker (pure: the cache key is the folder and its files' fingerprint)."""
    return load_default_set(Path(directory))


def current_trackers() -> TrackerSet:
    """The trackers the dashboard shows, loaded once per change of the files, not once per rerun."""
    directory = data_dir()
    return _load(str(directory), _fingerprint(directory))


@st.cache_data(max_entries=64, show_spinner=False)
def _view(directory: str, fingerprint: tuple[tuple[str, int, int], ...], filters: Filters) -> View:
    return build_view(_load(directory, fingerprint), filters)


def current_view(filters: Filters) -> View:
    """The filtered tables every page reads, computed once per (data, filters) and shared across pages."""
    directory = data_dir()
    return _view(str(directory), _fingerprint(directory), filters)


FILTERS_KEY = "_filters"


def page_view() -> View:
    """The view for the page being drawn, with the filters the router read from the sidebar."""
    return current_view(st.session_state.get(FILTERS_KEY) or Filters())
