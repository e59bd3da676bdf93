"""Baseline: the schema of the last release before Alembic (commit e88b3c5, meta.schema_version = '1').

The tables are written out here as they were, not imported from store/schema.py, so this revision never
changes when the live schema does. It creates only the tables that are missing, exactly as that release's
`metadata.create_all` did on every start: on a database that release wrote, it creates nothing (it is the same as
`alembic stamp 0001_baseline`) and completes one written by an older release that lacked a table.

Revision ID: 0001_baseline
Revises:
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
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

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None

baseline = MetaData()

meta = Table(
    "meta",
    baseline,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
Table(
    "tracker_versions",
    baseline,
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
    Column("source", String(16), nullable=False),
    Column("restored_from", Integer, ForeignKey("tracker_versions.id"), nullable=True),
    Column("note", Text, nullable=True),
    Column("row_counts", JSON, nullable=False),
    Column("warnings", JSON, nullable=False),
    Column("active", Boolean, nullable=False, default=True),
)
Table(
    "audit_log",
    baseline,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("actor", String(255), nullable=False),
    Column("action", String(32), nullable=False, index=True),
    Column("outcome", String(16), nullable=False),
    Column("detail", JSON, nullable=False),
)
Table(
    "version_withdrawals",
    baseline,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("version_id", Integer, ForeignKey("tracker_versions.id"), nullable=False, index=True),
    Column("withdrawn", Boolean, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(255), nullable=False),
    Column("reason", Text, nullable=True),
)
Table(
    "sign_in_counters",
    baseline,
    Column("key", String(300), primary_key=True),
    Column("failures", Integer, nullable=False, default=0),
    Column("last_attempt_at", DateTime(timezone=True), nullable=True),
)
Table(
    "paper_texts",
    baseline,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("as_at", Date, nullable=True, index=True),
    Column("texts", JSON, nullable=False),
    Column("saved_by", String(255), nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
)
Table(
    "snapshot_locks",
    baseline,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("as_at", Date, nullable=False),
    Column("presented_on", Date, nullable=False),
    Column("version_id", Integer, ForeignKey("tracker_versions.id"), nullable=False),
    Column("locked_by", String(255), nullable=False),
    Column("locked_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("kind", "as_at", name="one_lock_per_snapshot"),
)
Table(
    "field_changes",
    baseline,
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


def upgrade() -> None:
    connection = op.get_bind()
    baseline.create_all(connection, checkfirst=True)
    if connection.execute(select(meta.c.value).where(meta.c.key == "schema_version")).first() is None:
        connection.execute(meta.insert().values(key="schema_version", value="1"))


def downgrade() -> None:
    raise NotImplementedError("The store is append-only: it is never downgraded (restore a backup instead).")
