"""Where the app's settings are read from the environment: one module, the ground floor.

CCPL_DATA_DIR      folder of default trackers imported into an empty database (default: data/)
CCPL_DATABASE_URL  the database (default: a SQLite file in the state folder)
CCPL_STATE_DIR     the state folder for that SQLite file (default: var/ in the project, git-ignored)

Access settings (editor and viewer passwords, editors, sign-in to view) are read by access/settings.py,
which also reads the app's secrets file.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DATA_DIR_VARIABLE = "CCPL_DATA_DIR"
DATABASE_URL_VARIABLE = "CCPL_DATABASE_URL"
STATE_DIR_VARIABLE = "CCPL_STATE_DIR"


def data_dir() -> Path:
    """The folder of default trackers."""
    return Path(os.environ.get(DATA_DIR_VARIABLE) or ROOT / "data")


def state_dir() -> Path:
    """The folder for local state (the SQLite file)."""
    return Path(os.environ.get(STATE_DIR_VARIABLE) or ROOT / "var")


def database_url_from_environment() -> str | None:
    return os.environ.get(DATABASE_URL_VARIABLE) or None
