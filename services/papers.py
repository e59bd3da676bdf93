"""The written parts of board papers, as pages read and save them: the one way in to store.papers, so that a
rule about saving them (who may, which paper is still open) has one home."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from services.seeding import ensure_ready, open_seeded_store
from store.papers import SavedTexts, paper_texts_for, paper_texts_history, save_paper_texts
from store.repository import DefaultTexts, Store, StoreError


class SaveRefused(Exception):
    """The words were not saved, and why (e.g. the paper's snapshot was presented to the board)."""


def written_parts(store: Store, as_at: dt.date | None) -> SavedTexts | None:
    """The words of the paper as at `as_at`, else the latest saved for an earlier paper, else None."""
    return paper_texts_for(store, as_at)


def written_parts_history(store: Store, as_at: dt.date | None) -> list[SavedTexts]:
    """Who saved the words of this paper, and when, newest first."""
    return paper_texts_history(store, as_at)


def save_written_parts(store: Store, as_at: dt.date | None, texts: dict[str, Any], actor: str) -> int:
    """Keep a new version of this paper's words (with who and when, in the audit log); SaveRefused if the store
    refuses them."""
    try:
        return save_paper_texts(store, as_at, texts, actor)
    except StoreError as refusal:
        raise SaveRefused(str(refusal)) from refusal


def ready_store(
    store: Store, data_dir: Path, shipped_texts: Sequence[tuple[dt.date, dict[str, Any], str]] = ()
) -> Store:
    """The store with its schema up to date; a new one seeded with the default trackers and the written parts
    shipped beside them (report.texts_file.shipped_written_parts: as at, texts, where they are taken from)."""
    ensure_ready(store, data_dir, [DefaultTexts(*shipped) for shipped in shipped_texts])
    return store


def open_ready_store(
    url: str, data_dir: Path, shipped_texts: Sequence[tuple[dt.date, dict[str, Any], str]] = ()
) -> Store:
    """As ready_store, for the app: a SQLite file that cannot be written is opened read-only
    (store.repository.open_store), so the pages keep showing it and every save says nothing was stored."""
    return open_seeded_store(url, data_dir, [DefaultTexts(*shipped) for shipped in shipped_texts])
