"""Tracker versions and the audit log: append-only, so nothing stored is ever overwritten or deleted.

Every accepted upload becomes a new version. The current data is, for the framework tracker, the latest
version for each 'as at' date (each date is a snapshot), and for the other trackers the latest version.
A batch of uploads is stored in one transaction: either every file in it becomes a version or none does.

The Store is composed of one part per table (or pair of tables): store/versions.py, withdrawals.py,
field_changes.py, locks.py, audit.py and counters.py over store/base.py; this module composes them, opens a
store, and names everything they define, so callers import from here.

A snapshot presented to the board is locked (`lock_snapshot`): the lock records the ids of everything current as
at its date (every tracker's version, the written parts of the paper), and views as at that date are computed
from those ids only (services.trackers.tracker_set_as_at). Every write that could change them (an upload, restore or
edit of a framework snapshot dated on or before a locked one, withdrawing a locked input, reinstating a version
that would become current at a locked date, new written parts for a locked date) takes the store's write lock
and checks the locks inside the same transaction (`_writing`), so two processes cannot slip past each other.
"""

from __future__ import annotations

from collections.abc import Callable

from alembic.runtime.migration import MigrationContext
from sqlalchemy.exc import (
    DatabaseError,
    OperationalError,
    SQLAlchemyError,
)

from store.audit import AuditEntry, AuditMixin
from store.base import (
    _LOG,
    DEFAULTS_ACTOR,
    MAX_NAME,
    MAX_RECORD_ID,
    NOT_STORED,
    NOTHING_STORED,
    SYSTEM_ACTOR,
    WRITE_LOCK_KEY,
    NotYourOrganisation,
    ReadOnlyStore,
    SnapshotLocked,
    StoreBase,
    StoreError,
    _as_utc,
    _now,
    bounded,
    not_stored,
    with_nothing_stored,
)
from store.counters import Counter, CountersMixin
from store.db import make_engine, read_only_urls, sqlite_file
from store.field_changes import AUDITED_CHANGES, FieldChange, FieldChangesMixin
from store.locks import LocksMixin, SnapshotLock, storing_refusal
from store.schema import (
    head_revision,
    meta,
)
from store.versions import DefaultTexts, NewVersion, Version, VersionsMixin
from store.withdrawals import WithdrawalsMixin

__all__ = [  # what callers import from here (the parts are this module's own business)
    "AUDITED_CHANGES",
    "DEFAULTS_ACTOR",
    "MAX_NAME",
    "MAX_RECORD_ID",
    "NOTHING_STORED",
    "NOT_STORED",
    "SYSTEM_ACTOR",
    "WRITE_LOCK_KEY",
    "AuditEntry",
    "Counter",
    "DefaultTexts",
    "FieldChange",
    "NewVersion",
    "NotYourOrganisation",
    "ReadOnlyStore",
    "SnapshotLock",
    "SnapshotLocked",
    "Store",
    "StoreError",
    "Version",
    "_as_utc",
    "_now",
    "bounded",
    "not_stored",
    "open_store",
    "storing_refusal",
    "with_nothing_stored",
]


class Store(
    VersionsMixin, WithdrawalsMixin, FieldChangesMixin, LocksMixin, AuditMixin, CountersMixin, StoreBase
):
    """Versions and audit log in one database (SQLite or PostgreSQL, through SQLAlchemy): one part per table."""


def open_store(url: str, seed: Callable[[Store], None] | None = None) -> Store:
    """The store at `url`, made ready (schema upgraded, then `seed` run on it: services.seeding imports the
    default data on first use).

    A SQLite file that can no longer be written (a read-only or full file system) is opened read-only instead,
    so every page still shows the intact data and every save is refused saying why (`Store.read_only`); the
    operator gets one log line. Anything else that fails (a corrupt file, an unreachable server) raises.
    """
    store = Store(make_engine(url))
    try:
        store.ensure_ready()
        if seed is not None:
            seed(store)
        if sqlite_file(url) is not None:  # a file opened read-only reads as usual: ask it to write
            with store.engine.connect() as connection:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                connection.execute(meta.update().where(meta.c.key == "").values(value=meta.c.value))
                connection.rollback()
        return store
    except (OperationalError, DatabaseError) as exc:
        path = sqlite_file(url)
        if path is None or not path.is_file() or path.stat().st_size == 0:
            raise
        failure = exc
    store.engine.dispose()
    reason = str(getattr(failure, "orig", None) or failure)
    for read_only_url in read_only_urls(path):
        candidate = Store(make_engine(read_only_url), read_only=_plain_reason(reason))
        try:
            with candidate.engine.connect() as connection:
                current = MigrationContext.configure(connection).get_current_revision()
            if current != head_revision():
                raise OperationalError("schema", {}, Exception(f"schema at {current}, not {head_revision()}"))
            candidate.latest_id()
        except SQLAlchemyError:
            candidate.engine.dispose()
            continue
        _LOG.error(
            "The database file %s cannot be written (%s): the dashboard shows it read-only and refuses every "
            "save. Make its file system writable (or free space on it), then restart the app.",
            path,
            reason,
        )
        return candidate
    raise failure


def _plain_reason(reason: str) -> str:
    lowered = reason.lower()
    if "full" in lowered:
        return "its disk is full"
    return "its disk is read-only or full"
