"""Tracker sets the oracle tests share, loaded once per test process."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from loaders.tracker_set import TrackerSet, load_default_set
from tools.synthetic import write_large_set


@functools.cache
def default_set() -> TrackerSet:
    return load_default_set()


@functools.cache
def large_set() -> TrackerSet:
    """The large synthetic set of tools/synthetic.py (40 themes, 2,000 priorities, 5,000 agenda items)."""
    folder = Path(tempfile.mkdtemp(prefix="ccpl-oracle-large-"))
    write_large_set(folder)
    return load_default_set(folder)
