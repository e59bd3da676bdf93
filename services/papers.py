"""The written parts of board papers, as pages read and save them: the one way in to store.papers, so that a
rule about saving them (who may, which paper is still open) has one home."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from report.paper import PaperTexts
from report.texts_file import read_texts_file
from store.papers import SavedTexts, paper_texts_for, paper_texts_history, save_paper_texts
from store.repository import DefaultTexts, Store, StoreError

SHIPPED_TEXTS = "paper_texts_*.md"
"""data/paper_texts_<YYYY-MM-DD>.md: the written parts of a seed paper (report.texts_file's format)."""


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


def default_written_parts(data_dir: Path) -> list[DefaultTexts]:
    """The written parts shipped beside the default trackers, one per paper, saved into a new store as taken
    from that paper (an existing store is not given them: see docs/papers.md)."""
    shipped = []
    for path in sorted(data_dir.glob(SHIPPED_TEXTS)):
        as_at = dt.date.fromisoformat(path.stem.removeprefix("paper_texts_"))
        texts = read_texts_file(path, PaperTexts())
        shipped.append(
            DefaultTexts(as_at, texts.to_dict(), f"Taken from the cover report of {as_at.day} {as_at:%B %Y}")
        )
    return shipped


def ready_store(store: Store, data_dir: Path) -> Store:
    """The store with its schema up to date; a new one seeded with the default trackers and written parts."""
    store.ensure_ready(data_dir, default_written_parts(data_dir))
    return store
