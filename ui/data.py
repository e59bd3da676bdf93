"""Cached access to the store, the trackers and the filtered view. The only place that wraps them in caches.

The tracker set is cached under the newest version's id: one small query per rerun tells whether anything
was stored since, so an upload (in any session, or any app instance sharing the database) shows on the next
rerun, and nothing is re-read otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import streamlit as st

from domain import Kind
from loaders.tracker_set import TrackerSet
from loaders.trackers import LoadedTracker, load_tracker
from metrics.filters import Filters
from metrics.view import View, build_view
from settings import DATA_DIR_VARIABLE, data_dir  # noqa: F401  (tests import the name from here)
from store.db import database_url, make_engine
from store.repository import Store
from store.source import tracker_set_from_store

FILTERS_KEY = "_filters"


def app_secrets() -> Mapping[str, Any]:
    """The app's secrets, or nothing when there is no secrets.toml."""
    try:
        return st.secrets.to_dict()
    except Exception:  # Streamlit raises when no secrets file exists
        return {}


def configured_database_url() -> str:
    """CCPL_DATABASE_URL, else [connections.ccpl] url in secrets.toml, else the local SQLite file."""
    connection = (app_secrets().get("connections", {}) or {}).get("ccpl", {}) or {}
    return database_url(connection.get("url"))


@st.cache_resource(show_spinner="Opening the database…")
def _store(url: str, defaults: str) -> Store:
    store = Store(make_engine(url))
    store.ensure_ready(Path(defaults))
    return store


def app_store() -> Store:
    """The store, created (and seeded with the default trackers) on first use."""
    return _store(configured_database_url(), str(data_dir()))


@st.cache_data(show_spinner="Loading the trackers…", max_entries=4)
def _load(url: str, defaults: str, latest_version: int) -> TrackerSet:
    """Load and validate the current trackers (keyed by the newest version id, so an upload refreshes it)."""
    return tracker_set_from_store(_store(url, defaults))


def current_trackers() -> TrackerSet:
    """The trackers the dashboard shows."""
    store = app_store()
    return _load(configured_database_url(), str(data_dir()), store.latest_id())


@st.cache_data(max_entries=64, show_spinner=False)
def _view(url: str, defaults: str, latest_version: int, filters: Filters) -> View:
    return build_view(_load(url, defaults, latest_version), filters)


def current_view(filters: Filters) -> View:
    """The filtered tables every page reads, computed once per (data, filters) and shared across pages."""
    return _view(configured_database_url(), str(data_dir()), app_store().latest_id(), filters)


def page_view() -> View:
    """The view for the page being drawn, with the filters the router read from the sidebar."""
    return current_view(st.session_state.get(FILTERS_KEY) or Filters())


def data_changed() -> None:
    """After storing: drop cached data now (other sessions see the new version id on their next rerun)."""
    _load.clear()
    _view.clear()


@st.cache_data(max_entries=16, show_spinner=False)
def checked_upload(content: bytes, file_name: str, kind: str | None) -> LoadedTracker:
    """Validate an uploaded file once per content (pure: the bytes are the key), not on every rerun."""
    return load_tracker(content, file_name, Kind(kind) if kind else None)
