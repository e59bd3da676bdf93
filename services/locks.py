"""Snapshots presented to the board: locking one (refused for a date that cannot be the meeting's), and the
sentences pages and papers say about a locked snapshot."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from domain import Kind
from formatting import long_date
from store.repository import SnapshotLock, Store, StoreError, storing_refusal

__all__ = [
    "StoreError",
    "storing_refusal",
]  # a refused lock, and why a version may not be stored, for the pages

LOCK_AHEAD_DAYS = 366
"""How far ahead of today a board meeting's date may be when a snapshot is locked as presented at it."""


def snapshot_locks(store: Store) -> list[SnapshotLock]:
    """Every snapshot presented to the board (locked), in 'as at' order."""
    return store.locks()


def lock_snapshot(store: Store, as_at: dt.date, presented_on: dt.date, editor: str) -> SnapshotLock:
    """Mark a framework snapshot as presented to the board; it can then no longer be amended.

    A lock cannot be undone, so a date that cannot be the meeting's (before the snapshot's 'as at' date, or
    more than a year ahead: a mistyped year) is refused, and nothing is stored.
    """
    if presented_on < as_at:
        raise StoreError(
            f"The snapshot as at {long_date(as_at)} cannot have been presented on {long_date(presented_on)}, before its "
            "date. Check the meeting's date; nothing was stored."
        )
    if presented_on > dt.date.today() + dt.timedelta(days=LOCK_AHEAD_DAYS):
        raise StoreError(
            f"{long_date(presented_on)} is more than a year ahead: check the year of the meeting's date. A lock "
            "cannot be undone; nothing was stored."
        )
    return store.lock_snapshot(as_at, presented_on, editor)


def presented_sentence(locks: list[SnapshotLock], as_at: dt.date | pd.Timestamp | None) -> str | None:
    """'Presented to the board on 15 March 2023.' for a locked snapshot, else None (for pages and papers)."""
    if as_at is None:
        return None
    day = as_at.date() if isinstance(as_at, pd.Timestamp) else as_at
    lock = next((lock for lock in locks if lock.as_at == day), None)
    if lock is None:
        return None
    return (
        f"The snapshot as at {long_date(day)} was presented to the board on {long_date(lock.presented_on)}."
    )


def held_by_lock_sentence(
    locks: list[SnapshotLock], latest_as_at: pd.Timestamp | None, kinds: set[Kind]
) -> str | None:
    """After storing trackers other than the framework while the latest snapshot is locked: where they show."""
    if latest_as_at is None or not kinds - {Kind.FRAMEWORK}:
        return None
    if (presented := presented_sentence(locks, latest_as_at)) is None:
        return None
    return (
        f"{presented} Its pages and papers keep the versions it was presented with, so the new versions show "
        "from the next framework snapshot on (History lists them now)."
    )
