"""Snapshots presented to the board (locked): the lock records the ids of everything current as at its date, and
every write that could change them is refused inside the same transaction (StoreBase._writing)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, select

from domain import Kind
from store.base import SnapshotLocked, StoreBase, StoreError, _as_utc, _now, bounded
from store.schema import (
    paper_texts,
    snapshot_lock_inputs,
    snapshot_locks,
)
from store.versions import NewVersion, Version


@dataclass(frozen=True)
class SnapshotLock:
    """A framework snapshot marked as presented to the board, with what it was computed from.

    `version_ids` are the tracker versions (every kind) and `paper_texts_id` the written parts current as at
    `as_at` when it was locked: every view and paper as at that date is computed from them only.
    """

    kind: Kind
    as_at: dt.date
    presented_on: dt.date
    version_id: int
    locked_by: str
    locked_at: dt.datetime
    id: int = 0
    version_ids: tuple[int, ...] = ()
    paper_texts_id: int | None = None

    def presented(self) -> str:
        return (
            f"The framework snapshot as at {self.as_at:%d/%m/%Y} was presented to the board on "
            f"{self.presented_on:%d/%m/%Y} and is locked"
        )

    def amend_refusal(self) -> str:
        """Why no version of this snapshot's own date may be stored: for the pages and the errors alike."""
        return (
            f"{self.presented()}: it can no longer be amended. Store the changes as a new snapshot with a later "
            "'As at' date instead."
        )


def storing_refusal(
    locks: Sequence[SnapshotLock], kind: Kind, dates: set[dt.date] | set[dt.date | None]
) -> str | None:
    """Why a version of `kind` as at any of `dates` may not be stored, or None: a framework snapshot dated on or
    before a locked one would change what was presented (its own date: an amendment; an earlier one: what it
    was compared with). Other trackers may be stored: a lock keeps the versions it recorded."""
    if kind is not Kind.FRAMEWORK:
        return None
    for lock in locks:
        if lock.as_at in dates:
            return lock.amend_refusal()
        if earlier := sorted(d for d in dates if d is not None and d < lock.as_at):
            return (
                f"{lock.presented()}: a framework snapshot as at {earlier[0]:%d/%m/%Y}, before it, would change "
                "what it was compared with. Store the changes as a snapshot with a later 'As at' date instead."
            )
    return None


class LocksMixin(StoreBase):
    """Locking a snapshot, reading the locks, and the refusals a lock causes."""

    def lock_snapshot(self, as_at: dt.date, presented_on: dt.date, actor: str) -> SnapshotLock:
        """Mark the framework snapshot as at `as_at` as presented to the board on `presented_on`, recording in
        the same transaction what it is computed from: the framework versions current for `as_at` and every
        earlier date, the current version of each other tracker, and the written parts current for `as_at`.

        Raises:
            StoreError: there is no such snapshot, it is already locked, or the database failed (nothing stored).
        """
        with self._reading_to_store(), self._writing() as connection:
            current = self._current_versions(connection)
            own = [v for v in current if v.kind is Kind.FRAMEWORK and v.as_at == as_at]
            if not own:
                raise StoreError(f"There is no framework snapshot as at {as_at:%d/%m/%Y} to lock.")
            if any(lock.as_at == as_at for lock in self._locks(connection)):
                raise StoreError(f"The snapshot as at {as_at:%d/%m/%Y} is already locked.")
            inputs = [
                v.id
                for v in current
                if v.kind is not Kind.FRAMEWORK or (v.as_at is not None and v.as_at <= as_at)
            ]
            texts = self._paper_texts_id(connection, as_at)
            lock_id = connection.execute(
                snapshot_locks.insert().values(
                    organisation=self.organisation,
                    kind=Kind.FRAMEWORK.value,
                    as_at=as_at,
                    presented_on=presented_on,
                    version_id=own[-1].id,
                    locked_by=bounded(actor),
                    locked_at=_now(),
                )
            ).inserted_primary_key[0]
            connection.execute(
                snapshot_lock_inputs.insert(),
                [{"lock_id": lock_id, "version_id": v, "paper_texts_id": None} for v in inputs]
                + ([{"lock_id": lock_id, "version_id": None, "paper_texts_id": texts}] if texts else []),
            )
            self._audit(
                connection,
                actor,
                "lock_snapshot",
                "ok",
                {
                    "as_at": as_at.isoformat(),
                    "presented_on": presented_on.isoformat(),
                    "version_id": own[-1].id,
                    "version_ids": inputs,
                    "paper_texts_id": texts,
                },
            )
        with self._reading_to_store():
            return next(lock for lock in self.locks() if lock.as_at == as_at)

    def _paper_texts_id(self, connection: Connection, as_at: dt.date) -> int | None:
        """The written parts current for `as_at`: the latest saved for it, else the latest for an earlier date
        (store.papers.paper_texts_for reads them the same way)."""
        return connection.execute(
            select(paper_texts.c.id)
            .where(paper_texts.c.as_at <= as_at, self._owned(paper_texts))
            .order_by(
                (paper_texts.c.as_at == as_at).desc(), paper_texts.c.as_at.desc(), paper_texts.c.id.desc()
            )
            .limit(1)
        ).scalar()

    def locks(self) -> list[SnapshotLock]:
        """Every locked snapshot with its recorded inputs, in 'as at' order."""
        with self.engine.connect() as connection:
            return self._locks(connection)

    def _locks(self, connection: Connection) -> list[SnapshotLock]:
        versions: dict[int, list[int]] = {}
        texts: dict[int, int] = {}
        owned = select(snapshot_locks.c.id).where(self._owned(snapshot_locks))
        inputs = (
            select(snapshot_lock_inputs)
            .where(snapshot_lock_inputs.c.lock_id.in_(owned))
            .order_by(snapshot_lock_inputs.c.id)
        )
        for row in connection.execute(inputs):
            if row.version_id is not None:
                versions.setdefault(row.lock_id, []).append(int(row.version_id))
            if row.paper_texts_id is not None:
                texts[row.lock_id] = int(row.paper_texts_id)
        query = select(snapshot_locks).where(self._owned(snapshot_locks)).order_by(snapshot_locks.c.as_at)
        return [
            SnapshotLock(
                Kind(r.kind),
                r.as_at,
                r.presented_on,
                r.version_id,
                r.locked_by,
                _as_utc(r.locked_at),
                r.id,
                tuple(sorted(versions.get(r.id, ()))),
                texts.get(r.id),
            )
            for r in connection.execute(query)
        ]

    def lock_for(self, as_at: dt.date | None) -> SnapshotLock | None:
        """The lock of the snapshot as at `as_at`, if it was presented to the board."""
        return next((lock for lock in self.locks() if lock.as_at == as_at), None) if as_at else None

    def _refuse_locked(self, connection: Connection, versions: Sequence[NewVersion]) -> None:
        """A framework version dated on or before a locked snapshot would change what it is computed from."""
        dates = {v.as_at for v in versions if v.kind is Kind.FRAMEWORK and v.as_at is not None}
        if dates and (refusal := storing_refusal(self._locks(connection), Kind.FRAMEWORK, dates)):
            raise SnapshotLocked(refusal)

    def _refuse_locked_withdrawal(self, connection: Connection, version: Version, withdrawing: bool) -> None:
        """A locked snapshot's inputs cannot be withdrawn, and no version may be reinstated that would become
        current as at a locked date."""
        for lock in self._locks(connection):
            if withdrawing and version.id in lock.version_ids:
                raise SnapshotLocked(
                    f"{lock.presented()}. Version {version.id} is part of what was presented, so it cannot be "
                    "withdrawn."
                )
            if (
                not withdrawing
                and version.id not in lock.version_ids
                and version.kind is Kind.FRAMEWORK
                and version.as_at is not None
                and version.as_at <= lock.as_at
            ):
                raise SnapshotLocked(
                    f"{lock.presented()}. Reinstating version {version.id} (as at {version.as_at:%d/%m/%Y}) "
                    "would change what was presented, so it stays withdrawn."
                )

    def refuse_locked_texts(self, connection: Connection, as_at: dt.date | None) -> None:
        """New written parts for a locked date would change the paper presented (store.papers calls this)."""
        for lock in self._locks(connection):
            if as_at is not None and lock.as_at == as_at:
                raise SnapshotLocked(
                    f"{lock.presented()}: the written parts of its paper can no longer be changed. Write "
                    "them for a later 'as at' date instead."
                )
