"""The database tables, and the upgrades that bring an older database to the current schema.

`ensure_schema` is called when the app starts: it creates missing tables (so a new table needs no upgrade
step) and runs every upgrade step newer than the version recorded in `meta`. Add a step to UPGRADES (never edit an old one) to change the schema.
"""

from __future__ import annotations

from collections.abc import Callable

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
    select,
)

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
    # Append-only: every save is a new row, so who wrote which words when is never lost. A new table needs
    # no upgrade step: create_all below adds it to an older database on the next start.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("as_at", Date, nullable=True, index=True),
    Column("texts", JSON, nullable=False),
    Column("saved_by", String(255), nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
)

snapshot_locks = Table(
    "snapshot_locks",
    metadata,
    # A framework snapshot presented to the board: no version of the same 'as at' may be stored after it.
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("as_at", Date, nullable=False),
    Column("presented_on", Date, nullable=False),
    Column("version_id", Integer, ForeignKey("tracker_versions.id"), nullable=False),
    Column("locked_by", String(255), nullable=False),
    Column("locked_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("kind", "as_at", name="one_lock_per_snapshot"),
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
)


SCHEMA_VERSION = 1
UPGRADES: dict[int, Callable[[Connection], None]] = {}
"""Schema version -> the step that upgrades a database from the version before it. A new table needs no step:
`metadata.create_all` adds missing tables to an existing database (snapshot_locks and field_changes came so)."""


def ensure_schema(engine: Engine) -> None:
    """Create the tables if missing and apply any upgrade steps the database has not had."""
    metadata.create_all(engine)
    with engine.begin() as connection:
        row = connection.execute(select(meta.c.value).where(meta.c.key == "schema_version")).first()
        current = int(row[0]) if row else 0
        if current == 0:
            connection.execute(meta.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
            return
        for version in range(current + 1, SCHEMA_VERSION + 1):
            UPGRADES[version](connection)
        if current < SCHEMA_VERSION:
            connection.execute(
                meta.update().where(meta.c.key == "schema_version").values(value=str(SCHEMA_VERSION))
            )
