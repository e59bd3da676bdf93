"""Tracker versions and the audit log: append-only, so nothing stored is ever overwritten or deleted.

Every accepted upload becomes a new version. The current data is, for the framework tracker, the latest
version for each 'as at' date (each date is a snapshot), and for the other trackers the latest version.
A batch of uploads is stored in one transaction: either every file in it becomes a version or none does.

A snapshot presented to the board is locked (`lock_snapshot`): the lock records the ids of everything current as
at its date (every tracker's version, the written parts of the paper), and views as at that date are computed
from those ids only (services.trackers.tracker_set_as_at). Every write that could change them (an upload, restore or
edit of a framework snapshot dated on or before a locked one, withdrawing a locked input, reinstating a version
that would become current at a locked date, new written parts for a locked date) takes the store's write lock
and checks the locks inside the same transaction (`_writing`), so two processes cannot slip past each other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, func, select, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import (
    DatabaseError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    ProgrammingError,
    SQLAlchemyError,
)

from domain import Kind
from store.db import make_engine, read_only_urls, sqlite_file
from store.schema import (
    audit_log,
    ensure_schema,
    field_changes,
    head_revision,
    meta,
    paper_texts,
    sign_in_counters,
    snapshot_lock_inputs,
    snapshot_locks,
    tracker_versions,
    version_withdrawals,
)

DEFAULTS_ACTOR = "Default data (data/)"
SYSTEM_ACTOR = "system"


MAX_NAME = 255
MAX_RECORD_ID = 64
"""The longest row id the field-by-field history keeps (store.schema's field_changes.record_id): an edit with a
longer id is refused (services.edits.unstorable_text), so no history is filed under a cut id."""
"""The longest editor name, file name or actor the store keeps (the columns' size): longer ones are trimmed."""


def bounded(text: str, limit: int = MAX_NAME) -> str:
    """`text` cut to `limit` characters, marked with an ellipsis and keeping a file's extension."""
    if len(text) <= limit:
        return text
    stem, dot, suffix = text.rpartition(".")
    keep = f".{suffix}" if dot and stem and len(suffix) <= 10 else ""
    return text[: limit - len(keep) - 1] + "…" + keep


class StoreError(Exception):
    """Storing failed; nothing was changed."""


_LOG = logging.getLogger("ccpl.store")
NOTHING_STORED = "Nothing was stored."
NOT_STORED = "Nothing was stored and nothing was changed"
"""How a save refused by the database begins (then why, and what to do)."""
_UNWRITABLE = (
    "readonly",
    "read-only",
    "disk is full",
    "disk full",
    "no space left",
    "disk i/o error",
    "unable to open database file",
)


def not_stored(exc: BaseException) -> str:
    """Why a save failed in the database and what to do, for the editor (no paths, SQL or driver text); the
    details go to the server's log."""
    _LOG.warning("A save was refused by the database; nothing was stored", exc_info=exc)
    cause = str(getattr(exc, "orig", None) or exc).lower()
    if any(words in cause for words in _UNWRITABLE):
        why = (
            "the database cannot be written just now (its disk is read-only or full). The pages still show "
            "everything stored before; tell the dashboard's administrator, and save again once it is fixed."
        )
    elif isinstance(exc, OperationalError | InterfaceError | OSError):
        why = (
            "the database could not be reached. Try again in a few minutes; if it keeps failing, tell the "
            "dashboard's administrator."
        )
    else:
        why = (
            f"the database refused it ({type(exc).__name__}). Tell the dashboard's administrator (the details "
            "are in the server's log)."
        )
    return f"{NOT_STORED}: {why}"


def with_nothing_stored(message: str) -> str:
    """A refusal's message, saying once that nothing was stored."""
    return message if NOTHING_STORED.lower()[:-1] in message.lower() else f"{message} {NOTHING_STORED}"


class ReadOnlyStore(StoreError):
    """The store was opened read-only (its file cannot be written): every save is refused."""


class SnapshotLocked(StoreError):
    """The version would amend a snapshot that was presented to the board (locked); nothing was changed."""


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


@dataclass(frozen=True)
class Counter:
    """A sign-in counter: failures counted so far and when the last attempt was made."""

    failures: int = 0
    last_attempt_at: dt.datetime | None = None


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


WRITE_LOCK_KEY = 0x43435057
"""The PostgreSQL advisory lock every write that a snapshot lock guards holds until it commits ('CCPW')."""


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
    reason: str | None = None  # why, in the editor's words (asked for when a status changes)

    def describe(self) -> str:
        why = f" (reason: {self.reason})" if self.reason else ""
        return f"{self.record_id} {self.field}: {self.before or '(blank)'} → {self.after or '(blank)'}{why}"


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


@dataclass(frozen=True)
class DefaultTexts:
    """The written parts of a seed paper, shipped in data/, saved into a new store by `source`."""

    as_at: dt.date
    texts: dict[str, Any]
    source: str


class Store:
    """Versions and audit log in one database (SQLite or PostgreSQL, through SQLAlchemy)."""

    def __init__(self, engine: Engine, read_only: str | None = None) -> None:
        self.engine = engine
        self.read_only = read_only
        """Why the store can only be read (its database file cannot be written), or None."""
        self._memory_counters: dict[str, Counter] = {}  # sign-in counters while read-only
        self._memory_lock = threading.Lock()

    def _refuse_if_read_only(self) -> None:
        if self.read_only is not None:
            raise ReadOnlyStore(
                f"{NOT_STORED}: the database cannot be written just now ({self.read_only}). The pages "
                "still show everything stored before; tell the dashboard's administrator, and save again once "
                "it is fixed."
            )

    @contextmanager
    def _reading_to_store(self) -> Iterator[None]:
        """Reads that a save depends on: a database that fails them refuses the save, as a failed write does."""
        try:
            yield
        except StoreError:
            raise
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(not_stored(exc)) from exc

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

    def defaults_imported(self) -> bool:
        """Whether the default data was ever imported into this store (import_defaults)."""
        with self.engine.connect() as connection:
            marker = select(meta.c.value).where(meta.c.key == "defaults_imported")
            return connection.execute(marker).first() is not None

    def import_defaults(
        self, versions: Sequence[NewVersion], default_texts: Sequence[DefaultTexts] = ()
    ) -> None:
        """Store the default trackers as first versions and `default_texts` as the written parts of their
        papers, once: a second import (another instance starting at the same time) does nothing."""
        try:
            with self.engine.begin() as connection:
                # The marker row is the mutex: a second instance importing at the same time fails here.
                connection.execute(meta.insert().values(key="defaults_imported", value=_now().isoformat()))
                self._insert_batch(connection, versions, DEFAULTS_ACTOR, "default", "Shipped default data")
                for shipped in default_texts:  # the written parts of the seed papers, saved by their source
                    new_id = connection.execute(
                        paper_texts.insert().values(
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

    @classmethod
    def _versions(
        cls, connection: Connection, kind: Kind | None = None, include_withdrawn: bool = True
    ) -> list[Version]:
        query = select(*_VERSION_COLUMNS).where(tracker_versions.c.active).order_by(tracker_versions.c.id)
        if kind is not None:
            query = query.where(tracker_versions.c.kind == kind.value)
        versions = [_version(row) for row in connection.execute(query)]
        withdrawn = set() if include_withdrawn else cls._withdrawn_ids(connection)
        return [v for v in versions if v.id not in withdrawn]

    def withdrawn_ids(self) -> set[int]:
        """The versions withdrawn now (their latest withdrawal entry says so)."""
        with self.engine.connect() as connection:
            return self._withdrawn_ids(connection)

    @staticmethod
    def _withdrawn_ids(connection: Connection) -> set[int]:
        latest = (
            select(func.max(version_withdrawals.c.id))
            .group_by(version_withdrawals.c.version_id)
            .scalar_subquery()
        )
        query = select(version_withdrawals.c.version_id).where(
            version_withdrawals.c.id.in_(latest), version_withdrawals.c.withdrawn
        )
        return {int(v) for v in connection.execute(query).scalars()}

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
        """A cheap fingerprint of the current data, for caches: it grows with every version stored, every
        withdrawal or reinstatement and every snapshot locked (the sum of the three tables' newest ids; nothing
        is ever deleted from them). One query: every page view asks it once."""
        with self.engine.connect() as connection:
            return int(sum(connection.execute(_NEWEST_IDS).one()))

    def current_versions(self) -> list[Version]:
        """What the dashboard shows: the latest framework version per 'as at' date, the latest of each other."""
        with self.engine.connect() as connection:
            return self._current_versions(connection)

    @classmethod
    def _current_versions(cls, connection: Connection) -> list[Version]:
        current: dict[tuple[str, dt.date | None], Version] = {}
        for version in cls._versions(connection, include_withdrawn=False):
            date_key = version.as_at if version.kind is Kind.FRAMEWORK else None
            current[(version.kind.value, date_key)] = version  # later ids win
        return sorted(current.values(), key=lambda v: v.id)

    def versions_by_id(self, ids: Sequence[int]) -> list[Version]:
        """The versions with these ids (withdrawn or not), in id order."""
        query = (
            select(*_VERSION_COLUMNS)
            .where(tracker_versions.c.id.in_(list(ids)))
            .order_by(tracker_versions.c.id)
        )
        with self.engine.connect() as connection:
            return [_version(row) for row in connection.execute(query)]

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A transaction holding the store's write lock, taken before anything is read: on PostgreSQL an
        advisory lock held until it ends, on SQLite BEGIN IMMEDIATE (the database's write lock). Writes that a
        snapshot lock guards run in it, so their check of the locks and their write are one step: a lock and a
        withdrawal (or two saves) made at once by two processes are serialised, never interleaved."""
        self._refuse_if_read_only()
        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("select pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
            elif connection.dialect.name == "sqlite":
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            yield connection

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

    def withdraw(self, version_id: int, actor: str, reason: str | None = None) -> None:
        """Take a version out of what the dashboard shows (e.g. a mistyped 'As at' snapshot). Nothing is
        deleted: the withdrawal is a new entry, audited, and `reinstate` undoes it."""
        self._set_withdrawn(version_id, True, actor, reason)

    def reinstate(self, version_id: int, actor: str, reason: str | None = None) -> None:
        """Undo a withdrawal (again as a new, audited entry)."""
        self._set_withdrawn(version_id, False, actor, reason)

    def _set_withdrawn(self, version_id: int, withdrawn: bool, actor: str, reason: str | None) -> None:
        action = "withdraw" if withdrawn else "reinstate"
        try:
            with self._reading_to_store():
                version = self.version(version_id)
        except KeyError:
            raise StoreError(f"There is no version {version_id}.") from None
        with self._reading_to_store(), self._writing() as connection:
            if (version_id in self._withdrawn_ids(connection)) == withdrawn:
                raise StoreError(
                    f"Version {version_id} is {'already withdrawn' if withdrawn else 'not withdrawn'}; "
                    "nothing was changed."
                )
            self._refuse_locked_withdrawal(connection, version, withdrawn)
            connection.execute(
                version_withdrawals.insert().values(
                    version_id=version_id, withdrawn=withdrawn, at=_now(), actor=bounded(actor), reason=reason
                )
            )
            self._audit(connection, actor, action, "ok", {"version_id": version_id, "reason": reason or ""})

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
            with self._writing() as connection:
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
                                "record_id": c.record_id[:MAX_RECORD_ID],
                                "field": c.field[:64],
                                "before": c.before,
                                "after": c.after,
                                "actor": actor[:255],
                                "at": now,
                                "reason": c.reason,
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
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(not_stored(exc)) from exc
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
                    r.sheet,
                    r.record_id,
                    r.field,
                    r.before,
                    r.after,
                    r.version_id,
                    r.actor,
                    _as_utc(r.at),
                    r.reason,
                )
                for r in connection.execute(query)
            ]

    # -- snapshot locks -------------------------------------------------------------------------------
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

    @staticmethod
    def _paper_texts_id(connection: Connection, as_at: dt.date) -> int | None:
        """The written parts current for `as_at`: the latest saved for it, else the latest for an earlier date
        (store.papers.paper_texts_for reads them the same way)."""
        return connection.execute(
            select(paper_texts.c.id)
            .where(paper_texts.c.as_at <= as_at)
            .order_by(
                (paper_texts.c.as_at == as_at).desc(), paper_texts.c.as_at.desc(), paper_texts.c.id.desc()
            )
            .limit(1)
        ).scalar()

    def locks(self) -> list[SnapshotLock]:
        """Every locked snapshot with its recorded inputs, in 'as at' order."""
        with self.engine.connect() as connection:
            return self._locks(connection)

    @staticmethod
    def _locks(connection: Connection) -> list[SnapshotLock]:
        versions: dict[int, list[int]] = {}
        texts: dict[int, int] = {}
        for row in connection.execute(select(snapshot_lock_inputs).order_by(snapshot_lock_inputs.c.id)):
            if row.version_id is not None:
                versions.setdefault(row.lock_id, []).append(int(row.version_id))
            if row.paper_texts_id is not None:
                texts[row.lock_id] = int(row.paper_texts_id)
        query = select(snapshot_locks).order_by(snapshot_locks.c.as_at)
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

    @classmethod
    def _refuse_locked(cls, connection: Connection, versions: Sequence[NewVersion]) -> None:
        """A framework version dated on or before a locked snapshot would change what it is computed from."""
        dates = {v.as_at for v in versions if v.kind is Kind.FRAMEWORK and v.as_at is not None}
        if dates and (refusal := storing_refusal(cls._locks(connection), Kind.FRAMEWORK, dates)):
            raise SnapshotLocked(refusal)

    @classmethod
    def _refuse_locked_withdrawal(cls, connection: Connection, version: Version, withdrawing: bool) -> None:
        """A locked snapshot's inputs cannot be withdrawn, and no version may be reinstated that would become
        current as at a locked date."""
        for lock in cls._locks(connection):
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

    @classmethod
    def refuse_locked_texts(cls, connection: Connection, as_at: dt.date | None) -> None:
        """New written parts for a locked date would change the paper presented (store.papers calls this)."""
        for lock in cls._locks(connection):
            if as_at is not None and lock.as_at == as_at:
                raise SnapshotLocked(
                    f"{lock.presented()}: the written parts of its paper can no longer be changed. Write "
                    "them for a later 'as at' date instead."
                )

    # -- audit ----------------------------------------------------------------------------------------
    def audit(
        self, actor: str, action: str, outcome: str = "ok", detail: dict[str, Any] | None = None
    ) -> None:
        if self.read_only is not None:  # sign-ins and refusals while nothing can be written: to the log
            _LOG.info(
                "audit (not stored: the database is read-only): %s %s %s %s", actor, action, outcome, detail
            )
            return
        with self.engine.begin() as connection:
            self._audit(connection, actor, action, outcome, detail or {})

    @staticmethod
    def _audit(connection: Connection, actor: str, action: str, outcome: str, detail: dict[str, Any]) -> None:
        connection.execute(
            audit_log.insert().values(
                at=_now(), actor=bounded(actor), action=action, outcome=outcome, detail=detail
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

    def update_counters(
        self,
        keys: Sequence[str],
        decide: Callable[[dict[str, Counter]], dict[str, Counter] | None],
    ) -> bool:
        """Read the counters for `keys`, let `decide` return their new values (or None to leave them), and
        write them, all in one transaction that holds the rows locked: concurrent callers are serialised, so
        no two of them see the same count. Returns whether `decide` changed anything.
        """
        keys = sorted(set(keys))  # the same lock order everywhere, so two callers never deadlock
        if self.read_only is not None:  # sign-in throttling goes on in this process's memory meanwhile
            with self._memory_lock:
                stored = self.read_counters(keys)
                current = {
                    key: self._memory_counters.get(key, stored.get(key, Counter(0, None))) for key in keys
                }
                changed = decide(current)
                if changed is None:
                    return False
                self._memory_counters.update(changed)
                return True
        with self.engine.begin() as connection:
            # Create missing rows; when two callers create one at once, the second insert does nothing.
            insert = postgresql_insert if self.engine.dialect.name == "postgresql" else sqlite_insert
            connection.execute(
                insert(sign_in_counters)
                .values([{"key": key, "failures": 0} for key in keys])
                .on_conflict_do_nothing(index_elements=["key"])
            )
            # Touching the rows takes the write lock (SQLite's database lock, PostgreSQL's row locks)
            # before they are read.
            connection.execute(
                sign_in_counters.update()
                .where(sign_in_counters.c.key.in_(keys))
                .values(failures=sign_in_counters.c.failures)
            )
            rows = connection.execute(
                select(sign_in_counters).where(sign_in_counters.c.key.in_(keys)).with_for_update()
            )
            current = {
                r.key: Counter(r.failures, _as_utc(r.last_attempt_at) if r.last_attempt_at else None)
                for r in rows
            }
            changed = decide(current)
            if changed is None:
                return False
            for key, counter in changed.items():
                connection.execute(
                    sign_in_counters.update()
                    .where(sign_in_counters.c.key == key)
                    .values(failures=counter.failures, last_attempt_at=counter.last_attempt_at)
                )
            return True

    def read_counters(self, keys: Sequence[str]) -> dict[str, Counter]:
        """The counters stored under `keys` (missing keys are left out), read without locking them."""
        query = select(sign_in_counters).where(sign_in_counters.c.key.in_(sorted(set(keys))))
        with self.engine.connect() as connection:
            stored = {
                r.key: Counter(r.failures, _as_utc(r.last_attempt_at) if r.last_attempt_at else None)
                for r in connection.execute(query)
            }
        return stored | {key: c for key, c in self._memory_counters.items() if key in set(keys)}


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
