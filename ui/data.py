"""Cached access to the store, the trackers and the filtered view. The only place that wraps them in caches.

The tracker set is cached under the newest version's id: one small query per rerun (made by the router,
`fetch_trackers`) tells whether anything was stored since, so an upload (in any session, or any app instance
sharing the database) shows on the next rerun, and nothing is re-read otherwise. The tracker set is held once
per process and never copied (shared_per_process, below): it is read-only, and unpickling a fresh copy for every
caller was several times a run (bench/README.md). The filtered View is held the same way: pages only read
its tables (pandas' copy-on-write means that anything derived from them is a new table).

These are held in `shared_per_process`, not st.cache_resource: every page view asks for them several times,
and st.cache_resource inspects the function's signature and hashes its arguments on every call, about a
millisecond per page view with twenty visitors at once (bench/README.md, capacity).
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from contextlib import nullcontext
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from domain import DEFAULT_ORGANISATION_ID, Cluster, Kind, Organisation
from loaders.loaded import LoadedTracker
from loaders.sandbox import check_upload
from loaders.tracker_set import TrackerSet
from metrics.filters import Filters
from metrics.view import View, build_view
from report.texts_file import shipped_written_parts
from services.locks import presented_sentence
from services.papers import open_ready_store, ready_store
from services.recorded_edits import RecordedEdit, recorded_edits
from services.seeding import open_seeded_store
from services.trackers import lock_in_force, tracker_set_for_lock, tracker_set_from_store
from settings import DATA_DIR_VARIABLE, cluster, data_dir, organisation_data_dir  # noqa: F401
from store.db import database_url
from store.repository import SnapshotLock, Store

FILTERS_KEY = "_filters"
DATA_KEY = "_data_key"
"""Session state: (database URL, defaults folder, organisation id, newest version id), read once per run by the
router."""
ORGANISATION_KEY = "_organisation"
"""Session state: the id of the organisation the visitor chose (ui.filters.organisation_choice keeps it in the
address as ?org=…); absent, the cluster's first."""


P = ParamSpec("P")
R = TypeVar("R")


def shared_per_process(
    max_entries: int, spinner: str | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Keep what `build` returns for the same (hashable) arguments, once per process, shared read-only.

    Twenty sessions asking at once for a value not built yet wait for one build instead of making twenty.
    The wrapped function has `.clear()`.
    """

    def decorate(build: Callable[P, R]) -> Callable[P, R]:
        cache: OrderedDict[Hashable, R] = OrderedDict()
        building: dict[Hashable, threading.Lock] = {}
        lock = threading.Lock()

        @functools.wraps(build)
        def shared(*args: P.args, **kwargs: P.kwargs) -> R:
            key = (args, tuple(sorted(kwargs.items())))
            with lock:
                if key in cache:
                    cache.move_to_end(key)
                    return cache[key]
                key_lock = building.setdefault(key, threading.Lock())
            with key_lock:
                with lock:
                    if key in cache:
                        return cache[key]
                in_a_run = (
                    get_script_run_ctx(suppress_warning=True) is not None
                )  # not in tools/serve's warm-up
                with st.spinner(spinner) if spinner and in_a_run else nullcontext():
                    value = build(*args, **kwargs)
                with lock:
                    cache[key] = value
                    building.pop(key, None)
                    while len(cache) > max_entries:
                        cache.popitem(last=False)
            return value

        def clear() -> None:
            with lock:
                cache.clear()

        shared.clear = clear  # type: ignore[attr-defined]
        return shared

    return decorate


def app_secrets() -> Mapping[str, Any]:
    """The app's secrets, or nothing when there is no secrets.toml."""
    try:
        return st.secrets.to_dict()
    except Exception:  # Streamlit raises when no secrets file exists
        return {}


def configured_database_url() -> str:
    """CCPL_DATABASE_URL, else [connections.ccpl] url in secrets.toml, else the local SQLite file."""
    try:  # read the one value: st.secrets.to_dict() copies every secret, and this runs on every page view
        url = st.secrets["connections"]["ccpl"]["url"]
    except Exception:  # no secrets file, or no such entry (Streamlit raises its own error types for both)
        url = None
    return database_url(url if isinstance(url, str) else None)


@shared_per_process(max_entries=8, spinner="Opening the database…")
def _database(url: str, defaults: str) -> Store:
    """The database, Joined Up Care Derbyshire's store on it: schema upgraded, and (when the cluster shows it)
    seeded with its default trackers on first use. Read-only when its file cannot be written."""
    if current_cluster().organisation(DEFAULT_ORGANISATION_ID) is None:
        return open_seeded_store(url)
    return open_ready_store(url, Path(defaults), shipped_written_parts(Path(defaults)))


@shared_per_process(max_entries=32, spinner="Opening the database…")
def _store(url: str, defaults: str, organisation: str = DEFAULT_ORGANISATION_ID) -> Store:
    """One organisation's store on the database, seeded with its default trackers (settings.cluster's data
    folder) when it has none."""
    database = _database(url, defaults)
    if organisation == DEFAULT_ORGANISATION_ID:
        return database
    store = database.for_organisation(organisation)
    folder = organisation_data_dir(organisation)
    return ready_store(store, folder, shipped_written_parts(folder)) if folder is not None else store


CLUSTER_KEY = "_cluster"
"""Session state: the cluster as the router read it at the start of this run (read_cluster)."""


def read_cluster() -> Cluster:
    """Read the cluster once for this run (the router, first): a changed cluster file shows from the next run."""
    st.session_state[CLUSTER_KEY] = read = cluster()
    return read


def current_cluster() -> Cluster:
    """The organisations this dashboard shows (settings.cluster: one, Joined Up Care Derbyshire, unless a
    cluster file names several), as read at the start of the run."""
    read = st.session_state.get(CLUSTER_KEY)
    return read if isinstance(read, Cluster) else cluster()


def current_organisation() -> Organisation:
    """The organisation the visitor chose (the sidebar, kept in the address), else the cluster's first."""
    chosen = current_cluster()
    return chosen.organisation(st.session_state.get(ORGANISATION_KEY)) or chosen.home


def app_store() -> Store:
    """The chosen organisation's store, created (and seeded with the default trackers) on first use."""
    url, defaults, organisation, _ = st.session_state.get(DATA_KEY) or (
        configured_database_url(),
        str(data_dir()),
        current_organisation().id,
        0,
    )
    return _store(url, defaults, organisation)  # the run's own URL when the router has read it


def organisation_store(organisation: str) -> Store:
    """Any organisation's store (the cluster pages read each of them; the server's routes answer a key's)."""
    return _store(configured_database_url(), str(data_dir()), organisation)


def server_store() -> Store:
    """The store for the server's own routes (web/), which answer outside any session's run."""
    return _store(configured_database_url(), str(data_dir()))


@shared_per_process(max_entries=8, spinner="Loading the trackers…")
def _load(url: str, defaults: str, organisation: str, latest_version: int) -> TrackerSet:
    """Load and validate an organisation's current trackers (keyed by the newest version id, so an upload
    refreshes it).

    One shared, read-only object per version: callers must not modify its tables (build_view makes new ones).
    """
    return tracker_set_from_store(_store(url, defaults, organisation))


DataKey = tuple[str, str, str, int]


def _data_key() -> DataKey:
    """What this run's data is: as read by the router at the start of the run, else (outside a run) now."""
    key = st.session_state.get(DATA_KEY)
    if key is not None:
        return key
    return (configured_database_url(), str(data_dir()), current_organisation().id, app_store().latest_id())


def fetch_trackers() -> TrackerSet:
    """Ask the store once for its newest version (the router calls this at the start of every run)."""
    url, defaults, organisation = configured_database_url(), str(data_dir()), current_organisation().id
    st.session_state[DATA_KEY] = (
        url,
        defaults,
        organisation,
        _store(url, defaults, organisation).latest_id(),
    )
    return current_trackers()


def current_trackers() -> TrackerSet:
    """The trackers the dashboard shows (read-only: shared by every session)."""
    return _load(*_data_key())


@shared_per_process(max_entries=8)
def _locks(url: str, defaults: str, organisation: str, latest_version: int) -> tuple[SnapshotLock, ...]:
    return tuple(_store(url, defaults, organisation).locks())


def current_locks() -> tuple[SnapshotLock, ...]:
    """The snapshots presented to the board (a lock changes the data key, so this is read once per change)."""
    return _locks(*_data_key())


def presented(view: View) -> str | None:
    """'The snapshot as at … was presented to the board on ….' when the view's snapshot is locked, else None."""
    return presented_sentence(list(current_locks()), view.snapshot_date)


@shared_per_process(max_entries=64)
def _edits(
    url: str, defaults: str, organisation: str, latest_version: int, priority_id: str
) -> tuple[RecordedEdit, ...]:
    return recorded_edits(_store(url, defaults, organisation), priority_id)


def priority_edits(priority_id: str) -> tuple[RecordedEdit, ...]:
    """A priority's changes made in the app, without who made them (read once per stored version)."""
    return _edits(*_data_key(), priority_id)


@shared_per_process(max_entries=8, spinner="Loading the snapshot presented to the board…")
def _load_locked(url: str, defaults: str, organisation: str, lock_id: int) -> TrackerSet:
    """The versions a lock recorded: they never change, so this is kept across uploads (keyed by the lock)."""
    store = _store(url, defaults, organisation)
    lock = next(lock for lock in store.locks() if lock.id == lock_id)
    return tracker_set_for_lock(store, lock)


@shared_per_process(max_entries=64)
def _view(url: str, defaults: str, organisation: str, latest_version: int, filters: Filters) -> View:
    """The view as at the filters' date: computed from a lock's recorded versions when the snapshot in force on
    that date was presented to the board (services.trackers.lock_in_force), else from the current trackers."""
    trackers = _load(url, defaults, organisation, latest_version)
    locks = _locks(url, defaults, organisation, latest_version)
    lock = lock_in_force(trackers, locks, filters.as_at)
    presented = [each.as_at for each in locks]  # the papers' period runs from the last one (report.paper)
    locked = _load_locked(url, defaults, organisation, lock.id) if lock else trackers
    return build_view(locked, filters, presented)


def current_view(filters: Filters) -> View:
    """The filtered tables every page reads, computed once per (data, filters) and shared across pages."""
    return _view(*_data_key(), filters)


def page_view() -> View:
    """The view for the page being drawn, with the filters the router read from the sidebar."""
    return current_view(st.session_state.get(FILTERS_KEY) or Filters())


def cluster_views(filters: Filters | None = None) -> tuple[tuple[Organisation, View], ...]:
    """Each organisation of the cluster with its view, in the cluster's order (the cluster pages). Only the
    date of `filters` applies: themes, owners and facets are each organisation's own."""
    as_at = (filters or Filters()).as_at
    url, defaults, _, latest = _data_key()  # the newest id counts every organisation's writes: one for all
    return tuple(
        (organisation, _view(url, defaults, organisation.id, latest, Filters(as_at=as_at)))
        for organisation in current_cluster().organisations
    )


def data_changed() -> None:
    """After storing: drop cached data now (other sessions see the new version id on their next rerun)."""
    st.session_state.pop(DATA_KEY, None)
    _load.clear()
    _locks.clear()
    _edits.clear()
    _view.clear()


@st.cache_data(max_entries=16, show_spinner=False)
def checked_upload(content: bytes, file_name: str, kind: str | None) -> LoadedTracker:
    """Validate an uploaded file once per content (pure: the bytes are the key), not on every rerun."""
    return check_upload(content, file_name, Kind(kind) if kind else None)  # in a limited worker process


def feed_view(latest_version: int, filters: Filters, organisation: str = DEFAULT_ORGANISATION_ID) -> View:
    """The view the data feed (web/feed.py) serves for the store's newest id, from the board's shared tracker
    set (loaded once for both). Not kept in the board's cache of views: analysts' filter combinations would
    push the board's own views out (the feed keeps its built files instead, by ETag)."""
    url, defaults = configured_database_url(), str(data_dir())
    trackers = _load(url, defaults, organisation, latest_version)
    lock = lock_in_force(trackers, _locks(url, defaults, organisation, latest_version), filters.as_at)
    return build_view(_load_locked(url, defaults, organisation, lock.id) if lock else trackers, filters)


def feed_locked_view(
    lock: SnapshotLock, filters: Filters, organisation: str = DEFAULT_ORGANISATION_ID
) -> View:
    """A presented snapshot's view for the feed: from exactly the versions its lock recorded."""
    return build_view(
        _load_locked(configured_database_url(), str(data_dir()), organisation, lock.id), filters
    )
