"""Where the versions and the audit log live: SQLite in a local folder by default, PostgreSQL by URL.

The URL comes from CCPL_DATABASE_URL (or, in the app, `.streamlit/secrets.toml`, see ui/data.py); without
one, a SQLite file in CCPL_STATE_DIR (default: `var/` in the project, git-ignored) is created on first use.
"""

from __future__ import annotations

import sqlite3
from contextlib import suppress
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, make_url

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
            with suppress(sqlite3.OperationalError):  # a file that cannot be written keeps its mode
                cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL, plain or a file: URI (None for another database or an in-memory one)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or ":memory:" in parsed.database:
        return None
    if parsed.database.startswith("file:"):
        return Path(parsed.database.removeprefix("file:").split("?", 1)[0]) if parsed.query else None
    return Path(parsed.database)


def read_only_urls(path: Path) -> list[str]:
    """URLs that read a SQLite file without writing to it, in order of preference: read-only (it still sees
    what another process writes), then immutable (for a read-only file system, where SQLite cannot create the
    lock files even a reader needs; it then reads the file as it is)."""
    uri = f"sqlite:///file:{quote(str(path.resolve()))}"
    return [f"{uri}?mode=ro&uri=true", f"{uri}?mode=ro&immutable=1&uri=true"]
