"""The analysts' data feed: read-only keys (feed_keys) and the per-key request counts of its rate limit
(feed_requests). Nothing existing changes.

Revision ID: 0005_feed_keys
Revises: 0004_written_markdown (the written parts in the Markdown subset)
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String

revision = "0005_feed_keys"
down_revision = "0004_written_markdown"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_keys",
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("name", String(255), nullable=False),
        Column("key_sha256", String(64), nullable=False, unique=True),
        Column("created_by", String(255), nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("expires_at", DateTime(timezone=True), nullable=False),
        Column("revoked", Boolean, nullable=False, default=False),
    )
    op.create_table(
        "feed_requests",
        Column("key_id", Integer, ForeignKey("feed_keys.id"), primary_key=True),
        Column("minute", Integer, primary_key=True, autoincrement=False),
        Column("count", Integer, nullable=False),
    )


def downgrade() -> None:
    raise NotImplementedError("The store is append-only: it is never downgraded (restore a backup instead).")
