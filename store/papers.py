"""The written parts of board papers: kept per 'as at' date with who saved them and when, never overwritten.

The next paper starts from the last one's words: asking for a date with nothing saved gives the latest
texts saved for an earlier date. Each save is recorded in the audit log. Texts go in and come out as a
plain dict (report.paper.PaperTexts reads and checks it); the store does not interpret them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from store.repository import Store, _as_utc, _now
from store.schema import paper_texts

SAVED_ACTION = "paper_texts_saved"


@dataclass(frozen=True)
class SavedTexts:
    id: int
    as_at: dt.date | None
    texts: dict[str, Any]
    saved_by: str
    saved_at: dt.datetime

    def starts_from_earlier(self, as_at: dt.date | None) -> bool:
        """Whether these words were saved for an earlier paper (the editor is starting a new one from them)."""
        return self.as_at != as_at


def _saved(row: Any) -> SavedTexts:
    return SavedTexts(row.id, row.as_at, dict(row.texts or {}), row.saved_by, _as_utc(row.saved_at))


def save_paper_texts(store: Store, as_at: dt.date | None, texts: dict[str, Any], actor: str) -> int:
    """Store a new version of the texts for this date, and say so in the audit log, in one transaction.

    Raises:
        SnapshotLocked: the snapshot as at this date was presented to the board; its words are kept as they were.
    """
    with (
        store._reading_to_store(),
        store._writing() as connection,
    ):  # a database failure: "Nothing was stored"
        store.refuse_locked_texts(connection, as_at)
        new_id = connection.execute(
            paper_texts.insert().values(
                organisation=store.organisation,
                as_at=as_at,
                texts=texts,
                saved_by=actor[:255],
                saved_at=_now(),
            )
        ).inserted_primary_key[0]
        store._audit(
            connection,
            actor,
            SAVED_ACTION,
            "ok",
            {"paper_texts_id": int(new_id), "as_at": as_at.isoformat() if as_at else None},
        )
    return int(new_id)


def paper_texts_for(store: Store, as_at: dt.date | None) -> SavedTexts | None:
    """The latest texts saved for this date; else the latest saved for an earlier date (the last paper's). For a
    snapshot presented to the board, the texts its lock recorded (store.repository.Store.lock_snapshot)."""
    newest_first = paper_texts.c.id.desc()
    owned = paper_texts.c.organisation == store.organisation
    lock = store.lock_for(as_at)
    with store.engine.connect() as connection:
        if lock is not None:
            if lock.paper_texts_id is None:
                return None
            row = connection.execute(
                select(paper_texts).where(paper_texts.c.id == lock.paper_texts_id, owned)
            ).first()
            return _saved(row) if row else None
        if as_at is None:
            row = connection.execute(select(paper_texts).where(owned).order_by(newest_first).limit(1)).first()
            return _saved(row) if row else None
        row = connection.execute(
            select(paper_texts).where(paper_texts.c.as_at == as_at, owned).order_by(newest_first).limit(1)
        ).first()
        if row is None:
            row = connection.execute(
                select(paper_texts)
                .where(paper_texts.c.as_at < as_at, owned)
                .order_by(paper_texts.c.as_at.desc(), newest_first)
                .limit(1)
            ).first()
    return _saved(row) if row else None


def paper_texts_history(store: Store, as_at: dt.date | None, limit: int = 20) -> list[SavedTexts]:
    """Every save for this date, newest first (who changed the words, and when)."""
    query = (
        select(paper_texts)
        .where(paper_texts.c.organisation == store.organisation)
        .order_by(paper_texts.c.id.desc())
        .limit(limit)
    )
    query = query.where(paper_texts.c.as_at.is_(None) if as_at is None else paper_texts.c.as_at == as_at)
    with store.engine.connect() as connection:
        return [_saved(row) for row in connection.execute(query)]
