"""Where the versions and the audit log live: SQLite in a local folder by default, PostgreSQL by URL.

The URL comes from CCPL_DATABASE_URL (or, in the app, `.streamlit/secrets.toml`, see ui/data.py); without
one, a SQLite file in CCPL_STATE_DIR (default: `var/` in the project, git-ignored) is created on first use.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from settings import (  # noqa: F401  (the variable names stay importable from here)
    DATABASE_URL_VARIABLE,
    STATE_DIR_VARIABLE,
    database_url_from_environment,
    state_dir,
)

ROOT = Path(__file__).resolve().parent.parent
SQLITE_FILE = "ccpl.sqlite3"


def default_database_url() -> str:
    """The SQLite file in the state folder (created if missing)."""
    folder = state_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / SQLITE_FILE}"


def database_url(configured: str | None = None) -> str:
    """The URL to use: the environment variable, else the configured one, else the default SQLite file."""
    return database_url_from_environment() or configured or default_database_url()


def make_engine(url: str) -> Engine:
    """An engine for `url`. PostgreSQL URLs may be given as postgresql:// (psycopg 3 is used)."""
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)
