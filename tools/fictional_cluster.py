"""A cluster of three clearly fictional ICBs for tests, benchmarks and screenshots (issue 23: nothing is
invented for Nottinghamshire or Lincolnshire; Derbyshire's shipped data stays its own).

Each ICB has its own synthetic tracker set (tools/synthetic.py): small sets sized so that the principles rest
on few themes in different ICBs (North and West share one such principle, South has three of its own), or sets
of the large set's size for the benchmarks. `cluster_file` writes the CCPL_CLUSTER_FILE (settings.cluster)
that names them, each with its trackers' folder.
"""

from __future__ import annotations

from pathlib import Path

from domain import Organisation
from tools.synthetic import write_large_set

CLUSTER_ID = "example-cluster"
CLUSTER_NAME = "Example Cluster"
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
"""Each ICB's seed for a set of the large set's size (write_large_set's defaults)."""


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


def cluster_toml(folders: dict[str, Path]) -> str:
    """The cluster file's text: the three ICBs in order, each with its trackers' folder (absolute paths)."""
    parts = [f'id = "{CLUSTER_ID}"\nname = "{CLUSTER_NAME}"\n']
    for org in FICTIONAL:
        parts.append(
            f'[[organisations]]\nid = "{org.id}"\nname = "{org.name}"\nshort_name = "{org.short_name}"\n'
            f'group_name = "{org.group_name}"\ndata_dir = "{folders[org.id].as_posix()}"\n'
        )
    return "\n".join(parts)


def cluster_file(root: Path, large: bool = False) -> Path:
    """Write the three ICBs' trackers under `root` and the cluster file naming them; its path."""
    folders = write_large_sets(root) if large else write_small_sets(root)
    path = root / "cluster.toml"
    path.write_text(cluster_toml(folders), encoding="utf-8")
    return path
