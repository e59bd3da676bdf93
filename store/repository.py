"""Tracker versions and the audit log: append-only, so nothing stored is ever overwritten or deleted.

Every accepted upload becomes a new version. The current data is, for the framework tracker, the latest
version for each 'as at' date (each date is a snapshot), and for the other trackers the latest version.
A batch of uploads is stored in one transaction: either every file in it becomes a version or none does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from domain import Kind
from loaders.trackers import LoadedTracker, load_tracker_file
from store.schema import audit_log, ensure_schema, field_changes, meta, snapshot_locks, tracker_versions

DEFAULTS_ACTOR = "Default data (data/)"
SYSTEM_ACTOR = "system"


class StoreError(Exception):
    """Storing failed; nothing was changed."""


class SnapshotLocked(StoreError):
    """The version would amend a snapshot that was presented to the board (locked); nothing was changed."""


@dataclass(frozen=True)
class NewVersion:
    """A validated tracker file about to be stored."""

    kind: Kind
    file_name: str
    content: bytes
    as_at: dt.date | None
    row_counts: dict[str, int]
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def from_loaded(cls, tracker: LoadedTracker, content: bytes) -> NewVersion:
        if not tracker.ok or tracker.kind is None:
            raise ValueError(f"{tracker.file_name} has errors and cannot be stored")
        return cls(
            kind=tracker.kind,
            file_name=tracker.file_name,
            content=content,
            as_at=tracker.as_at.date() if tracker.as_at is not None else None,
            row_counts=tracker.row_counts(),
            warnings=[p.describe() for p in tracker.warnings],
        )


@dataclass(frozen=True)
class Version:
    """A stored version (without its bytes; see Store.content)."""

    id: int
    kind: Kind
    batch_id: str
    file_name: str
    sha256: str
    size_bytes: int
    as_at: dt.date | None
    uploaded_by: str
    uploaded_at: dt.datetime
    source: str
    restored_from: int | None
    note: str | None
    row_counts: dict[str, int]
    warnings: list[str]


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: dt.datetime
    actor: str
    action: str
    outcome: str
    detail: dict[str, Any]


@dataclass(frozen=True)
class SnapshotLock:
    """A framework snapshot marked as presented to the board: it can no longer be amended."""

    kind: Kind
    as_at: dt.date
    presented_on: dt.date
    version_id: int
    locked_by: str
    locked_at: dt.datetime


@dataclass(frozen=True)
class FieldChange:
    """One field changed by an in-app edit: `field` of `record_id` on `sheet`, from `before` to `after`."""

    sheet: str
    record_id: str
    field: str
    before: str | None
    after: str | None
    version_id: int = 0
    actor: str = ""
    at: dt.datetime | None = None

    def describe(self) -> str:
        return f"{self.record_id} {self.field}: {self.before or '(blank)'} → {self.after or '(blank)'}"


AUDITED_CHANGES = 50
"""How many field changes an edit's audit entry lists in words (all of them are in field_changes)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _as_utc(value: dt.datetime) -> dt.datetime:
    """SQLite returns naive datetimes; everything is stored in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


_VERSION_COLUMNS = [c for c in tracker_versions.c if c.name not in ("content", "active")]


def _version(row: Any) -> Version:
    data = dict(row._mapping)
    return Version(
        id=data["id"],
        kind=Kind(data["kind"]),
        batch_id=data["batch_id"],
        file_name=data["file_name"],
        sha256=data["sha256"],
        size_bytes=data["size_bytes"],
        as_at=data["as_at"],
        uploaded_by=data["uploaded_by"],
        uploaded_at=_as_utc(data["uploaded_at"]),
        source=data["source"],
        restored_from=data["restored_from"],
        note=data["note"],
        row_counts=dict(data["row_counts"] or {}),
        warnings=list(data["warnings"] or []),
    )


class Store:
    """Versions and audit log in one database (SQLite or PostgreSQL, through SQLAlchemy)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- set-up ---------------------------------------------------------------------------------------
    def ensure_ready(self, defaults_dir: Path | None = None) -> None:
        """Create or upgrade the schema; on an empty database, import the default trackers as first versions."""
        for attempt in range(2):  # two app instances starting at once may race to create the tables
            try:
                ensure_schema(self.engine)
                break
            except (IntegrityError, ProgrammingError, OperationalError):
                if attempt:
                    raise
        if defaults_dir is not None:
            self._import_defaults(defaults_dir)

    def _import_defaults(self, directory: Path) -> None:
        with self.engine.connect() as connection:
            if connection.execute(select(meta.c.value).where(meta.c.key == "defaults_imported")).first():
                return
        loaded = [(path, load_tracker_file(path)) for path in sorted(directory.glob("*.xlsx"))]
        versions = [NewVersion.from_loaded(t, path.read_bytes()) for path, t in loaded if t.ok]
        try:
            with self.engine.begin() as connection:
                # The marker row is the mutex: a second instance importing at the same time fails here.
                connection.execute(meta.insert().values(key="defaults_imported", value=_now().isoformat()))
                self._insert_batch(connection, versions, DEFAULTS_ACTOR, "default", "Shipped default data")
                self._audit(
                    connection,
                    DEFAULTS_ACTOR,
                    "import_defaults",
                    "ok",
                    {"files": [v.file_name for v in versions]},
                )
        except IntegrityError:
            return

    # -- reading --------------------------------------------------------------------------------------
    def versions(self, kind: Kind | None = None) -> list[Version]:
        """Every stored version, oldest first (optionally of one kind)."""
        query = select(*_VERSION_COLUMNS).where(tracker_versions.c.active).order_by(tracker_versions.c.id)
        if kind is not None:
            query = query.where(tracker_versions.c.kind == kind.value)
        with self.engine.connect() as connection:
            return [_version(row) for row in connection.execute(query)]

    def version(self, version_id: int) -> Version:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(*_VERSION_COLUMNS).where(tracker_versions.c.id == version_id)
            ).first()
        if row is None:
            raise KeyError(version_id)
        return _version(row)

    def content(self, version_id: int) -> bytes:
        """The original file's bytes, exactly as uploaded."""
        with self.engine.connect() as connection:
            value = connection.execute(
                select(tracker_versions.c.content).where(tracker_versions.c.id == version_id)
            ).scalar_one()
        return bytes(value)

    def latest_id(self) -> int:
        """The newest version's id: a cheap fingerprint of the current data, for caches."""
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.max(tracker_versions.c.id))).scalar() or 0)

    def current_versions(self) -> list[Version]:
        """What the dashboard shows: the latest framework version per 'as at' date, the latest of each other."""
        current: dict[tuple[str, dt.date | None], Version] = {}
        for version in self.versions():
            date_key = version.as_at if version.kind is Kind.FRAMEWORK else None
            current[(version.kind.value, date_key)] = version  # later ids win
        return sorted(current.values(), key=lambda v: v.id)

    # -- writing --------------------------------------------------------------------------------------
    def save_batch(self, versions: Sequence[NewVersion], actor: str, note: str | None = None) -> list[int]:
        """Store every file of a batch as new versions in one transaction, and audit it.

        Raises:
            StoreError: nothing was stored (the database is unchanged).
        """
        if not versions:
            raise StoreError("There is nothing to store.")
        try:
            with self.engine.begin() as connection:
                ids = self._insert_batch(connection, versions, actor, "upload", note)
                self._audit(
                    connection,
                    actor,
                    "upload",
                    "ok",
                    {"version_ids": ids, "files": [v.file_name for v in versions], "note": note or ""},
                )
                return ids
        except StoreError:
            raise
        except Exception as exc:  # any failure rolls the whole batch back
            raise StoreError(
                f"The upload was not stored, and nothing was changed ({type(exc).__name__})."
            ) from exc

    def restore(self, version_id: int, actor: str, note: str | None = None) -> int:
        """Make an earlier version current again by storing a copy of it as a new version."""
        original = self.version(version_id)
        content = self.content(version_id)
        restored = NewVersion(
            original.kind, original.file_name, content, original.as_at, original.row_counts, original.warnings
        )
        with (
            self.engine.begin() as connection
        ):  # a locked snapshot refuses the restored copy (SnapshotLocked)
            [new_id] = self._insert_batch(
                connection,
                [restored],
                actor,
                "restore",
                note or f"Restored version {version_id}",
                restored_from=version_id,
            )
            self._audit(connection, actor, "restore", "ok", {"restored": version_id, "version_id": new_id})
        return new_id

    def _insert_batch(
        self,
        connection: Connection,
        versions: Sequence[NewVersion],
        actor: str,
        source: str,
        note: str | None,
        restored_from: int | None = None,
    ) -> list[int]:
        self._refuse_locked(connection, versions)
        batch = str(uuid.uuid4())
        now = _now()
        return [
            self._insert_version(connection, v, batch, actor, now, source, note, restored_from)
            for v in versions
        ]

    def _insert_version(
        self,
        connection: Connection,
        version: NewVersion,
        batch: str,
        actor: str,
        now: dt.datetime,
        source: str,
        note: str | None,
        restored_from: int | None,
    ) -> int:
        result = connection.execute(
            tracker_versions.insert().values(
                kind=version.kind.value,
                batch_id=batch,
                file_name=version.file_name,
                sha256=hashlib.sha256(version.content).hexdigest(),
                content=version.content,
                size_bytes=len(version.content),
                as_at=version.as_at,
                uploaded_by=actor,
                uploaded_at=now,
                source=source,
                restored_from=restored_from,
                note=note,
                row_counts=version.row_counts,
                warnings=version.warnings,
                active=True,
            )
        )
        return int(result.inserted_primary_key[0])

    def save_edit(
        self,
        version: NewVersion,
        actor: str,
        changes: Sequence[FieldChange],
        based_on: int,
        note: str | None = None,
    ) -> int:
        """Store a version made in the app, with every field it changed, in one transaction, and audit it.

        Raises:
            SnapshotLocked: it would amend a snapshot presented to the board.
            StoreError: nothing was stored.
        """
        try:
            with self.engine.begin() as connection:
                [new_id] = self._insert_batch(connection, [version], actor, "edit", note)
                now = _now()
                if changes:
                    connection.execute(
                        field_changes.insert(),
                        [
                            {
                                "version_id": new_id,
                                "kind": version.kind.value,
                                "sheet": c.sheet,
                                "record_id": c.record_id[:64],
                                "field": c.field[:64],
                                "before": c.before,
                                "after": c.after,
                                "actor": actor[:255],
                                "at": now,
                            }
                            for c in changes
                        ],
                    )
                self._audit(
                    connection,
                    actor,
                    "edit",
                    "ok",
                    {
                        "version_id": new_id,
                        "based_on": based_on,
                        "tracker": version.kind.value,
                        "as_at": version.as_at.isoformat() if version.as_at else "",
                        "fields_changed": len(changes),
                        "changes": [c.describe() for c in changes[:AUDITED_CHANGES]],
                        "note": note or "",
                    },
                )
                return new_id
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(
                f"The edit was not stored, and nothing was changed ({type(exc).__name__})."
            ) from exc

    def field_history(self, record_id: str | None = None, kind: Kind | None = None) -> list[FieldChange]:
        """Field changes made in the app, oldest first (optionally of one record, e.g. 'P07')."""
        query = select(field_changes).order_by(field_changes.c.id)
        if record_id is not None:
            query = query.where(field_changes.c.record_id == record_id)
        if kind is not None:
            query = query.where(field_changes.c.kind == kind.value)
        with self.engine.connect() as connection:
            return [
                FieldChange(
                    r.sheet, r.record_id, r.field, r.before, r.after, r.version_id, r.actor, _as_utc(r.at)
                )
                for r in connection.execute(query)
            ]

    # -- snapshot locks -------------------------------------------------------------------------------
    def lock_snapshot(self, as_at: dt.date, presented_on: dt.date, actor: str) -> SnapshotLock:
        """Mark the framework snapshot as at `as_at` as presented to the board on `presented_on`.

        Raises:
            StoreError: there is no such snapshot, or it is already locked.
        """
        current = [v for v in self.versions(Kind.FRAMEWORK) if v.as_at == as_at]
        if not current:
            raise StoreError(f"There is no framework snapshot as at {as_at:%d/%m/%Y} to lock.")
        try:
            with self.engine.begin() as connection:
                connection.execute(
                    snapshot_locks.insert().values(
                        kind=Kind.FRAMEWORK.value,
                        as_at=as_at,
                        presented_on=presented_on,
                        version_id=current[-1].id,
                        locked_by=actor[:255],
                        locked_at=_now(),
                    )
                )
                self._audit(
                    connection,
                    actor,
                    "lock_snapshot",
                    "ok",
                    {
                        "as_at": as_at.isoformat(),
                        "presented_on": presented_on.isoformat(),
                        "version_id": current[-1].id,
                    },
                )
        except IntegrityError as exc:
            raise StoreError(f"The snapshot as at {as_at:%d/%m/%Y} is already locked.") from exc
        return next(lock for lock in self.locks() if lock.as_at == as_at)

    def locks(self) -> list[SnapshotLock]:
        """Every locked snapshot, in 'as at' order."""
        query = select(snapshot_locks).order_by(snapshot_locks.c.as_at)
        with self.engine.connect() as connection:
            return [
                SnapshotLock(
                    Kind(r.kind), r.as_at, r.presented_on, r.version_id, r.locked_by, _as_utc(r.locked_at)
                )
                for r in connection.execute(query)
            ]

    @staticmethod
    def _refuse_locked(connection: Connection, versions: Sequence[NewVersion]) -> None:
        dates = {v.as_at for v in versions if v.kind is Kind.FRAMEWORK and v.as_at is not None}
        if not dates:
            return
        query = select(snapshot_locks.c.as_at, snapshot_locks.c.presented_on).where(
            snapshot_locks.c.kind == Kind.FRAMEWORK.value, snapshot_locks.c.as_at.in_(dates)
        )
        locked = connection.execute(query).first()
        if locked is not None:
            raise SnapshotLocked(
                f"The framework snapshot as at {locked.as_at:%d/%m/%Y} was presented to the board on "
                f"{locked.presented_on:%d/%m/%Y} and is locked: it can no longer be amended. Store the "
                "changes as a new snapshot with a later 'As at' date instead."
            )

    # -- audit ----------------------------------------------------------------------------------------
    def audit(
        self, actor: str, action: str, outcome: str = "ok", detail: dict[str, Any] | None = None
    ) -> None:
        with self.engine.begin() as connection:
            self._audit(connection, actor, action, outcome, detail or {})

    @staticmethod
    def _audit(connection: Connection, actor: str, action: str, outcome: str, detail: dict[str, Any]) -> None:
        connection.execute(
            audit_log.insert().values(
                at=_now(), actor=actor[:255], action=action, outcome=outcome, detail=detail
            )
        )

    def audit_entries(self, limit: int = 500) -> list[AuditEntry]:
        """The newest entries first."""
        query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
        with self.engine.connect() as connection:
            return [
                AuditEntry(r.id, _as_utc(r.at), r.actor, r.action, r.outcome, dict(r.detail or {}))
                for r in connection.execute(query)
            ]

    def count_actions_since(self, action: str, since: dt.datetime) -> int:
        query = select(func.count()).where(audit_log.c.action == action, audit_log.c.at >= since)
        with self.engine.connect() as connection:
            return int(connection.execute(query).scalar() or 0)

    def last_action_at(self, action: str) -> dt.datetime | None:
        query = select(func.max(audit_log.c.at)).where(audit_log.c.action == action)
        with self.engine.connect() as connection:
            value = connection.execute(query).scalar()
        return _as_utc(value) if value is not None else None
