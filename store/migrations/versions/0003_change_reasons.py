"""A field change made in the app keeps the reason given for it: field_changes.reason.

The board paper quoted a priority's notes as the reason for a status change even when the notes were written
for an earlier one. The update page now asks for a reason when a status changes and stores it with the change;
changes stored before this revision have none (NULL: "no reason recorded").

Revision ID: 0003_change_reasons
Revises: 0002_lock_inputs
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Column, Text

revision = "0003_change_reasons"
down_revision = "0002_lock_inputs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("field_changes", Column("reason", Text, nullable=True))


def downgrade() -> None:
    raise NotImplementedError("The store is append-only: it is never downgraded (restore a backup instead).")
