"""The cluster tests' tracker sets: the three fictional ICBs of tools/fictional_cluster.py (never Nottinghamshire
or Lincolnshire content) and Derbyshire's shipped data, loaded once per test process."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from domain import DEFAULT_ORGANISATION, Organisation
from loaders.tracker_set import TrackerSet, load_default_set
from metrics.filters import Filters
from metrics.view import View, build_view
from tools.fictional_cluster import FICTIONAL, NORTH, SOUTH, WEST, write_small_sets

__all__ = ["FICTIONAL", "NORTH", "SOUTH", "WEST", "derbyshire_views", "fictional_views", "small_sets"]


@functools.cache
def small_sets() -> dict[str, TrackerSet]:
    folders = write_small_sets(Path(tempfile.mkdtemp(prefix="ccpl-cluster-")))
    return {org_id: load_default_set(folder) for org_id, folder in folders.items()}


@functools.cache
def derbyshire_set() -> TrackerSet:
    return load_default_set()


def fictional_views() -> tuple[tuple[Organisation, View], ...]:
    sets = small_sets()
    return tuple((org, build_view(sets[org.id], Filters())) for org in FICTIONAL)


def derbyshire_views() -> tuple[tuple[Organisation, View], ...]:
    """Derbyshire's shipped data beside one fictional ICB (Derbyshire's content is real, from the papers)."""
    return (
        (DEFAULT_ORGANISATION, build_view(derbyshire_set(), Filters())),
        (NORTH, build_view(small_sets()["north"], Filters())),
    )
