"""Organisation as a dimension of everything stored: tracker versions, written paper parts, locks, feed keys and
audit entries each belong to an organisation (an ICB of the cluster, or the cluster itself for its own written
parts). Everything stored before this revision was Joined Up Care Derbyshire's, and is given its id ("jucd",
domain.DEFAULT_ORGANISATION_ID); no other row is changed. A lock is now one per organisation, tracker and date.

Withdrawals, field changes and a lock's recorded inputs belong to the organisation of the version or lock they
point at; sign-in counters are keyed by account (access.lockout), so neither needs the column.

Revision ID: 0006_organisations
Revises: 0005_feed_keys (the analysts' data feed)
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Column, String, text

revision = "0006_organisations"
down_revision = "0005_feed_keys"
branch_labels = None
depends_on = None

EARLIER_ROWS_ORGANISATION = "jucd"
"""Written out, not imported: a revision must say forever what it did, whatever the code says later."""

OWNED_TABLES = ("tracker_versions", "paper_texts", "snapshot_locks", "audit_log", "feed_keys")


def upgrade() -> None:
    # On SQLite a column or constraint is changed by copying the table into a new one: store.schema's
    # upgrade_transaction turns foreign keys off around it and checks them all before committing.
    for table in OWNED_TABLES:
        # Filled for the rows already there, then required of every new row (no default: each write says whose).
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                Column(
                    "organisation",
                    String(64),
                    nullable=False,
                    server_default=text(f"'{EARLIER_ROWS_ORGANISATION}'"),
                )
            )
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                "organisation", server_default=None, existing_type=String(64), existing_nullable=False
            )
            batch.create_index(f"ix_{table}_organisation", ["organisation"])
    with op.batch_alter_table("snapshot_locks") as batch:
        batch.drop_constraint("one_lock_per_snapshot", type_="unique")
        batch.create_unique_constraint("one_lock_per_snapshot", ["organisation", "kind", "as_at"])


def downgrade() -> None:
    raise NotImplementedError(
        "The store is append-only: it is never downgraded (restore a backup instead). Going back would also "
        "merge every organisation's rows into one."
    )
