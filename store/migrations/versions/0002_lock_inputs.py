"""Locked snapshots record what they were computed from: the table snapshot_lock_inputs.

A lock used to hold only the framework version of its own date, so a withdrawal, a restore or an upload of any
other tracker changed a snapshot already presented to the board. From this revision a lock records the ids of
every tracker version and of the written parts (paper_texts) current as at its date, and views as at that date
are computed from them only.

Locks made before this revision are given their inputs here, at upgrade time: for the locked date, the framework
version the lock named; for every earlier 'as at' date, the framework version current now; for each other
tracker, its version current now; for the written parts, the texts paper_texts_for would give for the date now.
What was current when they were locked is not known (it was never recorded), so this is the closest record.

Revision ID: 0002_lock_inputs
Revises: 0001_baseline
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Column, ForeignKey, Integer, MetaData, func, select

revision = "0002_lock_inputs"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "snapshot_lock_inputs",
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("lock_id", Integer, ForeignKey("snapshot_locks.id"), nullable=False, index=True),
        Column("version_id", Integer, ForeignKey("tracker_versions.id"), nullable=True, index=True),
        Column("paper_texts_id", Integer, ForeignKey("paper_texts.id"), nullable=True),
    )
    _record_existing_locks()


def _record_existing_locks() -> None:
    connection = op.get_bind()
    tables = MetaData()
    tables.reflect(
        connection,
        only=[
            "tracker_versions",
            "version_withdrawals",
            "paper_texts",
            "snapshot_locks",
            "snapshot_lock_inputs",
        ],
    )
    versions, withdrawals = tables.tables["tracker_versions"], tables.tables["version_withdrawals"]
    papers, locks, inputs = (
        tables.tables["paper_texts"],
        tables.tables["snapshot_locks"],
        tables.tables["snapshot_lock_inputs"],
    )
    latest = select(func.max(withdrawals.c.id)).group_by(withdrawals.c.version_id).scalar_subquery()
    withdrawn = set(
        connection.execute(
            select(withdrawals.c.version_id).where(withdrawals.c.id.in_(latest), withdrawals.c.withdrawn)
        ).scalars()
    )
    current: dict[tuple[str, object], int] = {}  # (kind, 'as at' for the framework tracker) -> newest id
    rows = connection.execute(
        select(versions.c.id, versions.c.kind, versions.c.as_at)
        .where(versions.c.active)
        .order_by(versions.c.id)
    )
    for version_id, kind, as_at in rows:
        if version_id not in withdrawn:
            current[(kind, as_at if kind == "framework" else None)] = version_id
    for lock in connection.execute(select(locks)).all():
        ids = {lock.version_id}
        for (kind, as_at), version_id in current.items():
            if kind != "framework" or (as_at is not None and as_at < lock.as_at):
                ids.add(version_id)
        rows_ = [{"lock_id": lock.id, "version_id": v, "paper_texts_id": None} for v in sorted(ids)]
        texts = connection.execute(
            select(papers.c.id)
            .where(papers.c.as_at <= lock.as_at)
            .order_by((papers.c.as_at == lock.as_at).desc(), papers.c.as_at.desc(), papers.c.id.desc())
            .limit(1)
        ).scalar()
        if texts is not None:
            rows_.append({"lock_id": lock.id, "version_id": None, "paper_texts_id": texts})
        connection.execute(inputs.insert(), rows_)


def downgrade() -> None:
    raise NotImplementedError("The store is append-only: it is never downgraded (restore a backup instead).")
