"""Tracker versions: append-only, so nothing stored is ever overwritten or deleted. Every accepted upload becomes a
new version; a batch is stored in one transaction (every file or none). The store keeps bytes and plain values
(NewVersion): checking a workbook and seeding a new store with the default data are services' work."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import (
    IntegrityError,
    OperationalError,
    ProgrammingError,
    SQLAlchemyError,
)

from domain import DEFAULT_ORGANISATION_ID, Kind
from store.base import (
    DEFAULTS_ACTOR,
    ReadOnlyStore,
    SnapshotLocked,
    StoreBase,
    StoreError,
    _as_utc,
    _now,
    bounded,
    not_stored,
)
from store.schema import (
    ensure_schema,
    meta,
    paper_texts,
    snapshot_locks,
    tracker_versions,
    version_withdrawals,
)


@dataclass(frozen=True)
class NewVersion:
    """A checked tracker file about to be stored: its bytes and plain values (services.uploads.new_version
    makes one from a checked tracker)."""

    kind: Kind
    file_name: str
    content: bytes
    as_at: dt.date | None
    row_counts: dict[str, int]
    warnings: list[str] = field(default_factory=list)


_NEWEST_IDS = select(
    *(
        select(func.coalesce(func.max(table.c.id), 0)).scalar_subquery()
        for table in (tracker_versions, version_withdrawals, snapshot_locks)
    )
)
"""Store.latest_id's query, built once: it runs on every page view."""


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


@dataclass(frozen=True)
class DefaultTexts:
    """The written parts of a seed paper, shipped in data/, saved into a new store by `source`."""

    as_at: dt.date
    texts: dict[str, Any]
    source: str


class VersionsMixin(StoreBase):
    """Setting up the schema, reading versions and their bytes, storing batches, restores and the defaults."""

    # -- set-up ---------------------------------------------------------------------------------------
    def ensure_ready(self) -> None:
        """Create or upgrade the schema (seeding a new store with the default data: services.seeding)."""
        if self.read_only is not None:
            return  # opened read-only by open_store, which checked the schema is current
        for attempt in range(2):  # two app instances starting at once may race to create the tables
            try:
                ensure_schema(self.engine)
                break
            except (IntegrityError, ProgrammingError, OperationalError):
                if attempt:
                    raise

    def _defaults_marker(self) -> str:
        """The meta row saying this organisation's default data was imported (Derbyshire's keeps the name it had
        before organisations, so an upgraded store is not seeded twice)."""
        if self.organisation == DEFAULT_ORGANISATION_ID:
            return "defaults_imported"
        return f"defaults_imported:{self.organisation}"

    def defaults_imported(self) -> bool:
        """Whether the default data was ever imported into this organisation's store (import_defaults)."""
        with self.engine.connect() as connection:
            marker = select(meta.c.value).where(meta.c.key == self._defaults_marker())
            return connection.execute(marker).first() is not None

    def import_defaults(
        self, versions: Sequence[NewVersion], default_texts: Sequence[DefaultTexts] = ()
    ) -> None:
        """Store the default trackers as first versions and `default_texts` as the written parts of their
        papers, once: a second import (another instance starting at the same time) does nothing."""
        try:
            with self.engine.begin() as connection:
                # The marker row is the mutex: a second instance importing at the same time fails here.
                connection.execute(
                    meta.insert().values(key=self._defaults_marker(), value=_now().isoformat())
                )
                self._insert_batch(connection, versions, DEFAULTS_ACTOR, "default", "Shipped default data")
                for shipped in default_texts:  # the written parts of the seed papers, saved by their source
                    new_id = connection.execute(
                        paper_texts.insert().values(
                            organisation=self.organisation,
                            as_at=shipped.as_at,
                            texts=shipped.texts,
                            saved_by=shipped.source[:255],
                            saved_at=_now(),
                        )
                    ).inserted_primary_key[0]
                    self._audit(
                        connection,
                        DEFAULTS_ACTOR,
                        "paper_texts_saved",
                        "ok",
                        {"paper_texts_id": int(new_id), "as_at": shipped.as_at.isoformat()},
                    )
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
    def versions(self, kind: Kind | None = None, include_withdrawn: bool = True) -> list[Version]:
        """Every stored version, oldest first (optionally of one kind; optionally without withdrawn ones)."""
        with self.engine.connect() as connection:
            return self._versions(connection, kind, include_withdrawn)

    def _versions(
        self, connection: Connection, kind: Kind | None = None, include_withdrawn: bool = True
    ) -> list[Version]:
        query = (
            select(*_VERSION_COLUMNS)
            .where(tracker_versions.c.active, self._owned(tracker_versions))
            .order_by(tracker_versions.c.id)
        )
        if kind is not None:
            query = query.where(tracker_versions.c.kind == kind.value)
        versions = [_version(row) for row in connection.execute(query)]
        withdrawn = set() if include_withdrawn else self._withdrawn_ids(connection)
        return [v for v in versions if v.id not in withdrawn]

    def version(self, version_id: int) -> Version:
        with self.engine.connect() as connection:
            row = connection.execute(
                select(*_VERSION_COLUMNS).where(
                    tracker_versions.c.id == version_id, self._owned(tracker_versions)
                )
            ).first()
        if row is None:
            raise KeyError(version_id)
        return _version(row)

    def content(self, version_id: int) -> bytes:
        """The original file's bytes, exactly as uploaded."""
        with self.engine.connect() as connection:
            value = connection.execute(
                select(tracker_versions.c.content).where(
                    tracker_versions.c.id == version_id, self._owned(tracker_versions)
                )
            ).scalar_one()
        return bytes(value)

    def latest_id(self) -> int:
        """A cheap fingerprint of the current data, for caches: it grows with every version stored, every
        withdrawal or reinstatement and every snapshot locked (the sum of the three tables' newest ids; nothing
        is ever deleted from them). One query: every page view asks it once."""
        with self.engine.connect() as connection:
            return int(sum(connection.execute(_NEWEST_IDS).one()))

    def _current_versions(self, connection: Connection) -> list[Version]:
        """What the dashboard shows: the latest framework version per 'as at' date, the latest of each other."""
        current: dict[tuple[str, dt.date | None], Version] = {}
        for version in self._versions(connection, include_withdrawn=False):
            date_key = version.as_at if version.kind is Kind.FRAMEWORK else None
            current[(version.kind.value, date_key)] = version  # later ids win
        return sorted(current.values(), key=lambda v: v.id)

    def versions_by_id(self, ids: Sequence[int]) -> list[Version]:
        """The versions with these ids (withdrawn or not), in id order."""
        query = (
            select(*_VERSION_COLUMNS)
            .where(tracker_versions.c.id.in_(list(ids)), self._owned(tracker_versions))
            .order_by(tracker_versions.c.id)
        )
        with self.engine.connect() as connection:
            return [_version(row) for row in connection.execute(query)]

    # -- writing --------------------------------------------------------------------------------------
    def save_batch(self, versions: Sequence[NewVersion], actor: str, note: str | None = None) -> list[int]:
        """Store every file of a batch as new versions in one transaction, and audit it.

        Raises:
            StoreError: nothing was stored (the database is unchanged).
        """
        if not versions:
            raise StoreError("There is nothing to store.")
        try:
            with self._writing() as connection:
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
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(not_stored(exc)) from exc
        except Exception as exc:  # any failure rolls the whole batch back
            raise StoreError(
                f"The upload was not stored, and nothing was changed ({type(exc).__name__})."
            ) from exc

    def restore(self, version_id: int, actor: str, note: str | None = None) -> int:
        """Make an earlier version current again by storing a copy of it as a new version."""
        with self._reading_to_store():
            original = self.version(version_id)
            content = self.content(version_id)
        restored = NewVersion(
            original.kind, original.file_name, content, original.as_at, original.row_counts, original.warnings
        )
        try:
            with self._writing() as connection:
                [new_id] = self._insert_batch(
                    connection,
                    [restored],
                    actor,
                    "restore",
                    note or f"Restored version {version_id}",
                    restored_from=version_id,
                )
                self._audit(
                    connection, actor, "restore", "ok", {"restored": version_id, "version_id": new_id}
                )
        except (SnapshotLocked, ReadOnlyStore):  # refused with its reason
            raise
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(not_stored(exc)) from exc
        except Exception as exc:  # the restore is rolled back whole
            raise StoreError(
                f"Version {version_id} was not restored, and nothing was changed ({type(exc).__name__})."
            ) from exc
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
                organisation=self.organisation,
                kind=version.kind.value,
                batch_id=batch,
                file_name=bounded(version.file_name),
                sha256=hashlib.sha256(version.content).hexdigest(),
                content=version.content,
                size_bytes=len(version.content),
                as_at=version.as_at,
                uploaded_by=bounded(actor),
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
