"""The database tables, as the code reads and writes them, and `ensure_schema`, which brings a database to them.

Every change to what is stored is an Alembic revision in store/migrations/versions/ (never edit an old one):
change the tables here, then add a revision that makes the same change (`alembic revision -m "..."` writes its
skeleton; tests/test_migrations.py fails while the two disagree). `ensure_schema` runs at every start.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.exc import IntegrityError

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

tracker_versions = Table(
    "tracker_versions",
    metadata,
    # The id orders versions everywhere (autoincrement, so concurrent confirmations never collide).
    Column("id", Integer, primary_key=True, autoincrement=True),
    # The organisation the row belongs to (revision 0006_organisations; rows stored before it: "jucd").
    Column("organisation", String(64), nullable=False, index=True),
    Column("kind", String(32), nullable=False, index=True),
    Column("batch_id", String(36), nullable=False, index=True),
    Column("file_name", String(255), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("size_bytes", Integer, nullable=False),
    Column("as_at", Date, nullable=True),
    Column("uploaded_by", String(255), nullable=False),
    Column("uploaded_at", DateTime(timezone=True), nullable=False),
    Column("source", String(16), nullable=False),  # default | upload | restore
    Column("restored_from", Integer, ForeignKey("tracker_versions.id"), nullable=True),
    Column("note", Text, nullable=True),
    Column("row_counts", JSON, nullable=False),
    Column("warnings", JSON, nullable=False),
    Column("active", Boolean, nullable=False, default=True),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    # The organisation the row belongs to (revision 0006_organisations; rows stored before it: "jucd").
    Column("organisation", String(64), nullable=False, index=True),
    Column("actor", String(255), nullable=False),
    Column("action", String(32), nullable=False, index=True),
    Column("outcome", String(16), nullable=False),
    Column("detail", JSON, nullable=False),
)

version_withdrawals = Table(
    "version_withdrawals",
    metadata,
    # Append-only: the latest row for a version says whether it is withdrawn now (withdraw, then reinstate).
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("version_id", Integer, ForeignKey("tracker_versions.id"), nullable=False, index=True),
    Column("withdrawn", Boolean, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(255), nullable=False),
    Column("reason", Text, nullable=True),
)

sign_in_counters = Table(
    "sign_in_counters",
    metadata,
    # One row per account ('account:edit') and per client of an account ('client:edit:<address>').
    Column("key", String(300), primary_key=True),
    Column("failures", Integer, nullable=False, default=0),
    Column("last_attempt_at", DateTime(timezone=True), nullable=True),
)

paper_texts = Table(
    "paper_texts",
    metadata,
    # The written parts of a board cover report (report.paper.PaperTexts as JSON), per 'as at' date.
    # Append-only: every save is a new row, so who wrote which words when is never lost.
    Column("id", Integer, primary_key=True, autoincrement=True),
    # The organisation the row belongs to (revision 0006_organisations; rows stored before it: "jucd"; a cluster's own texts: its id).
    Column("organisation", String(64), nullable=False, index=True),
    Column("as_at", Date, nullable=True, index=True),
    Column("texts", JSON, nullable=False),
    Column("saved_by", String(255), nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
)

snapshot_locks = Table(
    "snapshot_locks",
    metadata,
    # A framework snapshot presented to the board. What it was computed from is in snapshot_lock_inputs.
    Column("id", Integer, primary_key=True, autoincrement=True),
    # The organisation the row belongs to (revision 0006_organisations; rows stored before it: "jucd").
    Column("organisation", String(64), nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    Column("as_at", Date, nullable=False),
    Column("presented_on", Date, nullable=False),
    Column("version_id", Integer, ForeignKey("tracker_versions.id"), nullable=False),
    Column("locked_by", String(255), nullable=False),
    Column("locked_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("organisation", "kind", "as_at", name="one_lock_per_snapshot"),
)

field_changes = Table(
    "field_changes",
    metadata,
    # One row per field an in-app edit changed: who changed what from what to what, when.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("version_id", Integer, ForeignKey("tracker_versions.id"), nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    Column("sheet", String(64), nullable=False),
    Column("record_id", String(64), nullable=False, index=True),
    Column("field", String(64), nullable=False),
    Column("before", Text, nullable=True),
    Column("after", Text, nullable=True),
    Column("actor", String(255), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    # Why, in the editor's words, asked for when a status changes (revision 0003); None when none was given.
    Column("reason", Text, nullable=True),
)


snapshot_lock_inputs = Table(
    "snapshot_lock_inputs",
    metadata,
    # What a locked snapshot was computed from, recorded when it was locked (revision 0002): one row per tracker
    # version (every kind) and one for the written parts (paper_texts) current as at the lock's date. Every view
    # and paper as at that date is computed from these rows only, and no write may change them.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("lock_id", Integer, ForeignKey("snapshot_locks.id"), nullable=False, index=True),
    Column("version_id", Integer, ForeignKey("tracker_versions.id"), nullable=True, index=True),
    Column("paper_texts_id", Integer, ForeignKey("paper_texts.id"), nullable=True),
)


feed_keys = Table(
    "feed_keys",
    metadata,
    # A read-only analyst key for the data feed (revision 0005_feed_keys): only the SHA-256 of the key is kept,
    # never the key. Rows are never deleted: revoking sets `revoked` (the audit log says who and when).
    Column("id", Integer, primary_key=True, autoincrement=True),
    # The organisation the row belongs to (revision 0006_organisations; rows stored before it: "jucd"): the only one whose data the key reads.
    Column("organisation", String(64), nullable=False, index=True),
    Column("name", String(255), nullable=False),
    Column("key_sha256", String(64), nullable=False, unique=True),
    Column("created_by", String(255), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked", Boolean, nullable=False, default=False),
)

feed_requests = Table(
    "feed_requests",
    metadata,
    # Requests per key per minute, for the feed's rate limit (shared by every replica: it is in the database).
    # Old minutes are deleted as new ones start: this is a counter, not a record (the audit log is).
    Column("key_id", Integer, ForeignKey("feed_keys.id"), primary_key=True),
    Column("minute", Integer, primary_key=True, autoincrement=False),
    Column("count", Integer, nullable=False),
)


MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BASELINE = "0001_baseline"
"""The revision of the schema the last release before Alembic wrote (meta.schema_version = '1')."""

SCHEMA_LOCK_KEY = 0x43435043
"""The PostgreSQL advisory lock held while the schema is upgraded (any constant: 'CCPC')."""


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


@contextmanager
def upgrade_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction to change the schema in. On SQLite, foreign keys are off during it (SQLite's own recipe for
    changing a table: copy it, drop the old one, rename the copy; the tables pointing at it stay pointed at
    its name) and every foreign key is checked before it commits, then they are on again for the connection's
    next user."""
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # only outside a transaction
            connection.commit()  # end SQLAlchemy's own (empty) autobegun transaction
        try:
            with connection.begin():
                yield connection
                if sqlite and (broken := connection.exec_driver_sql("PRAGMA foreign_key_check").all()):
                    raise IntegrityError(
                        "PRAGMA foreign_key_check", {}, Exception(f"broken references: {broken[:5]}")
                    )
        finally:
            if sqlite:
                connection.rollback()  # nothing is left to roll back: the upgrade committed or rolled back
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def ensure_schema(engine: Engine) -> None:
    """Upgrade the database to the newest revision (a new, empty database included), in one transaction.

    A database written by the release before Alembic (meta.schema_version = '1', no alembic_version table) is
    brought to the baseline revision first, which creates nothing it already has (the same as stamping it), and
    then upgraded like any other. App processes starting at once are serialised: on PostgreSQL by an advisory
    lock held until the transaction ends (DDL is transactional there), on SQLite by BEGIN IMMEDIATE, which
    takes the database's write lock before anything is read. The second process then finds the database at
    head and does nothing.
    """
    with upgrade_transaction(engine) as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("select pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
        elif connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        context = MigrationContext.configure(connection)
        if context.get_current_revision() == head_revision():
            return  # the usual start: one query
        command.upgrade(alembic_config(connection), "head")
