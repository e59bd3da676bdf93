"""What every part of the store shares: its errors and how a refusal reads, names cut to the columns' size, the
time, and StoreBase (the engine, read-only, and the write lock every guarded write holds)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Self

from sqlalchemy import ColumnElement, Connection, Engine, Table, text
from sqlalchemy.exc import (
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)

from domain import DEFAULT_ORGANISATION_ID  # noqa: E402

DEFAULTS_ACTOR = "Default data (data/)"
SYSTEM_ACTOR = "system"


MAX_NAME = 255
"""The longest editor name, file name or actor the store keeps (the columns' size): longer ones are trimmed."""
MAX_RECORD_ID = 64
"""The longest row id the field-by-field history keeps (store.schema's field_changes.record_id): an edit with a
longer id is refused (services.edits.unstorable_text), so no history is filed under a cut id."""


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


class NotYourOrganisation(ReadOnlyStore):
    """The store is another organisation's than the ones the person saving may change: to them it is read-only,
    and every save is refused saying whose data it is (access/ decides; StoreBase.for_organisation)."""


class SnapshotLocked(StoreError):
    """The version would amend a snapshot that was presented to the board (locked); nothing was changed."""


WRITE_LOCK_KEY = 0x43435057
"""The PostgreSQL advisory lock every write that a snapshot lock guards holds until it commits ('CCPW')."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _as_utc(value: dt.datetime) -> dt.datetime:
    """SQLite returns naive datetimes; everything is stored in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


class StoreBase:
    """The database a Store works on (SQLite or PostgreSQL, through SQLAlchemy), and how it reads and writes."""

    def __init__(
        self,
        engine: Engine,
        read_only: str | None = None,
        organisation: str = DEFAULT_ORGANISATION_ID,
        writes_refused: str | None = None,
    ) -> None:
        self.engine = engine
        self.read_only = read_only
        """Why the store can only be read (its database file cannot be written), or None."""
        self.organisation = organisation
        """The organisation whose rows this store reads and writes: every query says so (store/schema.py)."""
        self.writes_refused = writes_refused
        """Why the person using this store may not change this organisation's data, or None (access/)."""

    def for_organisation(self, organisation: str, writes_refused: str | None = None) -> Self:
        """The same database, seen as `organisation`'s store: its rows only, and every write stamped with it.
        With `writes_refused`, every save is refused with that message (an editor of another organisation)."""
        return type(self)(self.engine, self.read_only, organisation, writes_refused)

    def _owned(self, table: Table) -> ColumnElement[bool]:
        """The condition that a row of `table` (one with an organisation column) is this store's."""
        return table.c.organisation == self.organisation

    def _refuse_if_read_only(self) -> None:
        if self.writes_refused is not None:
            raise NotYourOrganisation(with_nothing_stored(self.writes_refused))
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
