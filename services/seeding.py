"""Seeding a new store: the default trackers shipped in data/ become its first versions, and the written parts
of the seed papers their first written parts. The store keeps the bytes and values (Store.import_defaults);
reading and checking the workbooks happens here."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from loaders.trackers import load_tracker_file
from services.uploads import new_version
from store.repository import DefaultTexts, Store, open_store


def seed_defaults(store: Store, directory: Path, default_texts: Sequence[DefaultTexts] = ()) -> None:
    """On a store that has never had them, import the default trackers in `directory` (those that load without
    errors) and `default_texts`; once only, even when two app instances start at once. Nothing on a read-only
    store."""
    if store.read_only is not None or store.defaults_imported():
        return
    loaded = [(path, load_tracker_file(path)) for path in sorted(directory.glob("*.xlsx"))]
    store.import_defaults([new_version(t, path.read_bytes()) for path, t in loaded if t.ok], default_texts)


def ensure_ready(
    store: Store, defaults_dir: Path | None = None, default_texts: Sequence[DefaultTexts] = ()
) -> None:
    """Create or upgrade the store's schema; on an empty store, import the default trackers in `defaults_dir`
    and `default_texts` (report.texts_file.shipped_written_parts)."""
    store.ensure_ready()
    if defaults_dir is not None:
        seed_defaults(store, defaults_dir, default_texts)


def open_seeded_store(
    url: str, defaults_dir: Path | None = None, default_texts: Sequence[DefaultTexts] = ()
) -> Store:
    """The store at `url`, made ready and seeded on first use (store.repository.open_store: a SQLite file that
    can no longer be written opens read-only)."""
    if defaults_dir is None:
        return open_store(url)
    return open_store(url, lambda store: seed_defaults(store, defaults_dir, default_texts))
