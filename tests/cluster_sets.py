"""Three clearly fictional ICBs for the cluster tests, benchmarks and screenshots (issue 23: nothing is invented
for Nottinghamshire or Lincolnshire). Each has its own synthetic tracker set (tools/synthetic.py), sized so
that the principles rest on few themes in different ICBs; loaded once per test process."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from domain import DEFAULT_ORGANISATION, Organisation
from loaders.tracker_set import TrackerSet, load_default_set
from metrics.filters import Filters
from metrics.view import View, build_view
from tools.synthetic import write_large_set

NORTH = Organisation("north", "Example ICB North", short_name="North", group_name="CPLG")
SOUTH = Organisation("south", "Example ICB South", short_name="South", group_name="Clinical Senate")
WEST = Organisation("west", "Example ICB West", short_name="West", group_name="Professional Assembly")
FICTIONAL = (NORTH, SOUTH, WEST)

SMALL_SETS: dict[str, dict[str, int]] = {
    # South has three themes, so several principles rest on few of them; West has no self-assessment yet
    "north": {"themes": 6, "priorities": 60, "events": 30, "agenda": 80, "seed": 21},
    "south": {"themes": 3, "priorities": 25, "events": 10, "agenda": 30, "seed": 22},
    "west": {"themes": 8, "priorities": 90, "events": 40, "agenda": 100, "seed": 23, "assessment_rounds": 0},
}
LARGE_SEEDS = {"north": 11, "south": 31, "west": 41}
"""The large set's size (tools/synthetic.write_large_set's defaults) for each ICB, with its own seed."""


def write_small_sets(root: Path) -> dict[str, Path]:
    """Each fictional ICB's tracker folder under `root`."""
    folders = {}
    for org in FICTIONAL:
        folders[org.id] = root / org.id
        write_large_set(folders[org.id], **SMALL_SETS[org.id])
    return folders


def write_large_sets(root: Path) -> dict[str, Path]:
    """Each fictional ICB's folder holding a set of the large set's size."""
    folders = {}
    for org in FICTIONAL:
        folders[org.id] = root / org.id
        write_large_set(folders[org.id], seed=LARGE_SEEDS[org.id])
    return folders


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
