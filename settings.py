"""Where the app's settings are read from the environment: one module, the ground floor.

CCPL_DATA_DIR      folder of default trackers imported into an empty database (default: data/)
CCPL_DATABASE_URL  the database (default: a SQLite file in the state folder)
CCPL_STATE_DIR     the state folder for that SQLite file (default: var/ in the project, git-ignored)
CCPL_CLUSTER_FILE  a TOML file naming the organisations of a cluster (default: none, the dashboard of one ICB,
                   Joined Up Care Derbyshire): see docs/operations.md, "Adding an ICB to the cluster"

Access settings (editor and viewer passwords, editors, sign-in to view) are read by access/settings.py,
which also reads the app's secrets file.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

from domain import DEFAULT_ORGANISATION_ID, SINGLE_CLUSTER, Cluster, Organisation

ROOT = Path(__file__).resolve().parent
DATA_DIR_VARIABLE = "CCPL_DATA_DIR"
DATABASE_URL_VARIABLE = "CCPL_DATABASE_URL"
STATE_DIR_VARIABLE = "CCPL_STATE_DIR"
CLUSTER_FILE_VARIABLE = "CCPL_CLUSTER_FILE"


def data_dir() -> Path:
    """The folder of default trackers."""
    return Path(os.environ.get(DATA_DIR_VARIABLE) or ROOT / "data")


def state_dir() -> Path:
    """The folder for local state (the SQLite file)."""
    return Path(os.environ.get(STATE_DIR_VARIABLE) or ROOT / "var")


def database_url_from_environment() -> str | None:
    return os.environ.get(DATABASE_URL_VARIABLE) or None


ORGANISATION_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,31}")
"""An organisation's id: stored beside every row it owns and shown in the address (?org=…), so short and plain."""


class ClusterFileError(ValueError):
    """The cluster file cannot be used: the message names the file, the entry and what to do."""


def cluster() -> Cluster:
    """The organisations this dashboard shows (CCPL_CLUSTER_FILE), or Joined Up Care Derbyshire alone."""
    return _cluster_file(os.environ.get(CLUSTER_FILE_VARIABLE) or "")[0]


def organisation_data_dir(organisation_id: str) -> Path | None:
    """The folder of default trackers imported into an organisation's empty store, or None (it starts empty and
    its editors upload its trackers). Joined Up Care Derbyshire's is CCPL_DATA_DIR (data/), unless the cluster
    file names another."""
    folders = _cluster_file(os.environ.get(CLUSTER_FILE_VARIABLE) or "")[1]
    if organisation_id in folders:
        return folders[organisation_id]
    return data_dir() if organisation_id == DEFAULT_ORGANISATION_ID else None


_read_files: dict[tuple[str, float], tuple[Cluster, dict[str, Path | None]]] = {}


def _cluster_file(name: str) -> tuple[Cluster, dict[str, Path | None]]:
    if not name:
        return SINGLE_CLUSTER, {}
    path = Path(name)
    try:
        key = (str(path.resolve()), path.stat().st_mtime)
    except OSError as exc:
        raise ClusterFileError(
            f"The cluster file {name} ({CLUSTER_FILE_VARIABLE}) cannot be read ({exc.strerror}). Check the path, "
            "or unset the variable for the dashboard of one ICB."
        ) from exc
    if key not in _read_files:
        _read_files[key] = read_cluster_file(path)
    return _read_files[key]


def read_cluster_file(path: Path) -> tuple[Cluster, dict[str, Path | None]]:
    """The cluster a TOML file describes, and each organisation's default trackers folder (relative paths are
    read from the file's own folder):

        id = "example-cluster"             # the cluster's own written parts are stored under this id
        name = "Example cluster board"

        [[organisations]]
        id = "jucd"                        # lower-case letters, digits and hyphens; never change it
        name = "Joined Up Care Derbyshire"
        short_name = "Derbyshire"          # optional: where space is short
        group_name = "CPLG"                # optional: its clinical and professional leadership group
        data_dir = "data"                  # optional: default trackers for its empty store
    """
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ClusterFileError(
            f"The cluster file {path} is not valid TOML ({exc}). Correct it and restart."
        ) from exc
    entries = document.get("organisations")
    if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
        raise ClusterFileError(
            f"The cluster file {path} lists no organisations: add one [[organisations]] table per ICB, each with "
            "an id and a name."
        )
    organisations, folders = [], {}
    for number, entry in enumerate(entries, start=1):
        where = f"The cluster file {path}, organisation {number}"
        org_id, org_name = entry.get("id"), entry.get("name")
        if not isinstance(org_id, str) or not ORGANISATION_ID.fullmatch(org_id):
            raise ClusterFileError(
                f'{where}: id {org_id!r} is not 1 to 32 lower-case letters, digits or hyphens (e.g. "north").'
            )
        if any(o.id == org_id for o in organisations):
            raise ClusterFileError(
                f"{where}: id {org_id!r} is listed twice. Give each organisation its own id."
            )
        if not isinstance(org_name, str) or not org_name.strip():
            raise ClusterFileError(f'{where} ({org_id}): give it a name (name = "…").')
        texts = {key: entry.get(key) for key in ("short_name", "group_name")}
        if any(value is not None and not isinstance(value, str) for value in texts.values()):
            raise ClusterFileError(f"{where} ({org_id}): short_name and group_name are text, in quotes.")
        organisations.append(
            Organisation(
                org_id,
                org_name.strip(),
                short_name=(texts["short_name"] or "").strip(),
                group_name=(texts["group_name"] or "").strip() or "CPLG",
            )
        )
        folder = entry.get("data_dir")
        if folder is not None:
            if not isinstance(folder, str) or not (path.parent / folder).is_dir():
                raise ClusterFileError(f"{where} ({org_id}): data_dir {folder!r} is not a folder.")
            folders[org_id] = (path.parent / folder).resolve()
    cluster_id = document.get("id", "cluster")
    if not isinstance(cluster_id, str) or not ORGANISATION_ID.fullmatch(cluster_id):
        raise ClusterFileError(
            f"The cluster file {path}: id {cluster_id!r} is not 1 to 32 lower-case letters, digits or hyphens."
        )
    if cluster_id == DEFAULT_ORGANISATION_ID and not any(o.id == cluster_id for o in organisations):
        raise ClusterFileError(
            f"The cluster file {path}: id {cluster_id!r} is Joined Up Care Derbyshire's, whose rows are stored "
            "under it. Give the cluster another id."
        )
    if any(o.id == cluster_id for o in organisations):
        raise ClusterFileError(
            f"The cluster file {path}: the cluster's id {cluster_id!r} is also an organisation's."
        )
    name = document.get("name")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise ClusterFileError(f"The cluster file {path}: name is text, in quotes.")
    if len(organisations) == 1 and name is None:
        name = organisations[0].name
    return Cluster(cluster_id, (name or "Cluster board").strip(), tuple(organisations)), folders
