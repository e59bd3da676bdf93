"""A database that cannot be written (a read-only or full disk, SQLite's read-only mode) or cannot be reached.

Viewing goes on from the intact file; every save is refused with "Nothing was stored", why, and what to do; the
operator gets one log line. A database server that is down refuses a save the same way (the reads a save
makes first included), never with the generic "cannot read its data" page.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from loaders.tracker_set import DEFAULT_DATA_DIR
from services.edits import Draft, check_edit, editable_table, save_edit
from services.locks import lock_snapshot
from services.seeding import ensure_ready, open_seeded_store
from services.trackers import tracker_set_from_store
from services.uploads import new_version
from store.db import DATABASE_URL_VARIABLE, make_engine, read_only_urls
from store.papers import save_paper_texts
from store.repository import NOT_STORED, NOTHING_STORED, Store, StoreError
from tests.test_edits import FEB, set_field
from tests.test_store import engine  # noqa: F401  (the SQLite and PostgreSQL fixture)
from tests.test_update_page import ENTRY, PASSWORD, edit_cell, signed_in
from tests.test_update_page import text as page_text

ROOT_ONLY = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("mount") is None,
    reason="needs root to mount a small or read-only file system (CI runs as root)",
)


def _draft(store: Store) -> Draft:
    current = tracker_set_from_store(store)
    base = next(t for t in current.framework if t.as_at.date() == FEB)
    return set_field(Draft(base, editable_table(base), FEB, "Sukhi Mahil"), "P07", "status", "Complete")


def _created(path: Path) -> None:
    store = open_seeded_store(f"sqlite:///{path}", DEFAULT_DATA_DIR)
    assert store.read_only is None
    store.engine.dispose()


def _assert_reads_and_refuses(store: Store) -> None:
    current = tracker_set_from_store(store)
    assert current.current_framework is not None and current.current_framework.ok
    assert len(store.versions()) >= 5
    checked = check_edit(store, current, _draft(store))
    assert checked.ok
    with pytest.raises(StoreError) as refused:
        save_edit(store, current, checked)
    message = str(refused.value)
    assert message.startswith(
        "Nothing was stored and nothing was changed: the database cannot be written just now"
    )
    assert "tell the dashboard's administrator" in message and "pages still show" in message
    with pytest.raises(StoreError, match="Nothing was stored"):
        store.restore(store.versions()[0].id, "Sukhi Mahil")
    with pytest.raises(StoreError, match="Nothing was stored"):
        lock_snapshot(store, FEB, FEB, "Sukhi Mahil")
    with pytest.raises(StoreError, match="Nothing was stored"):
        save_paper_texts(store, FEB, {}, "Sukhi Mahil")
    upload = new_version(checked.tracker, b"workbook bytes")
    with pytest.raises(StoreError, match="Nothing was stored"):
        store.save_batch([upload], "Sukhi Mahil")


# -- SQLite's read-only mode (no root needed) ------------------------------------------------------------------
def test_a_read_only_sqlite_url_shows_the_data_and_refuses_every_save_with_one_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "ccpl.sqlite3"
    _created(path)
    caplog.set_level(logging.ERROR)
    store = open_seeded_store(read_only_urls(path)[0], DEFAULT_DATA_DIR)
    assert store.read_only is not None
    _assert_reads_and_refuses(store)
    lines = [r.getMessage() for r in caplog.records if r.name == "ccpl.store"]
    assert len(lines) == 1 and "cannot be written" in lines[0] and "read-only" in lines[0]
    assert "restart" in lines[0]


def test_a_corrupt_file_is_not_opened_read_only(tmp_path: Path) -> None:
    path = tmp_path / "ccpl.sqlite3"
    path.write_bytes(b"this is not a database file at all " * 200)
    with pytest.raises(Exception, match="not a database"):
        open_seeded_store(read_only_urls(path)[0], DEFAULT_DATA_DIR)


@pytest.fixture
def read_only_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, editing: None) -> Path:
    path = tmp_path / "ccpl.sqlite3"
    _created(path)
    monkeypatch.setenv(DATABASE_URL_VARIABLE, read_only_urls(path)[0])
    return path


@pytest.fixture
def editing(monkeypatch: pytest.MonkeyPatch) -> None:
    from access.passwords import hash_password

    monkeypatch.setenv("CCPL_EDITOR_PASSWORD_HASH", hash_password(PASSWORD, n=2**10))


def test_the_app_on_a_read_only_database_shows_the_overview(read_only_app: Path) -> None:
    at = AppTest.from_file(ENTRY, default_timeout=120).run()
    assert not at.exception
    shown = page_text(at)
    assert "cannot read its data" not in shown
    assert at.metric  # the headline figures are drawn from the intact file


def test_a_save_on_a_read_only_database_says_nothing_was_stored_why_and_what_to_do(
    read_only_app: Path,
) -> None:
    at = signed_in()
    assert not at.exception and "cannot read its data" not in page_text(at)
    at = edit_cell(at, "P07", "status", "Complete")
    next(b for b in at.button if b.label == "Check and preview").click()
    at = at.run()
    next(b for b in at.button if b.label == "Store as a new version").click()
    at = at.run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert errors.count(NOTHING_STORED[:-1]) == 1, errors
    assert "cannot be written just now" in errors and "administrator" in errors
    for leak in ("sqlite", "OperationalError", str(read_only_app)):
        assert leak.lower() not in errors.lower()


# -- a read-only or full file system (root: CI) ------------------------------------------------------------------
@pytest.fixture
def small_mount(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "mnt"
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@ROOT_ONLY
def test_after_the_file_system_turns_read_only_a_restart_shows_the_data_and_refuses_saves(
    small_mount: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = small_mount / "ccpl.sqlite3"
    _created(path)
    subprocess.run(["mount", "-o", "remount,ro", str(small_mount)], check=True)
    caplog.set_level(logging.ERROR)
    store = open_seeded_store(f"sqlite:///{path}", DEFAULT_DATA_DIR)  # what the app does at a restart
    assert store.read_only is not None
    _assert_reads_and_refuses(store)
    assert len([r for r in caplog.records if r.name == "ccpl.store"]) == 1


@ROOT_ONLY
def test_on_a_full_disk_the_data_shows_and_a_save_says_nothing_was_stored(small_mount: Path) -> None:
    path = small_mount / "ccpl.sqlite3"
    _created(path)
    filler = small_mount / "filler"
    with filler.open("wb") as handle, pytest.raises(OSError):
        while True:
            handle.write(b"\0" * (1 << 20))
            handle.flush()
    store = open_seeded_store(f"sqlite:///{path}", DEFAULT_DATA_DIR)  # a restart on the full disk
    current = tracker_set_from_store(store)
    assert current.current_framework is not None and current.current_framework.ok
    checked = check_edit(store, current, _draft(store))
    with pytest.raises(StoreError) as refused:
        save_edit(store, current, checked)
    assert str(refused.value).startswith(
        "Nothing was stored and nothing was changed: the database cannot be written just now"
    )
    filler.unlink()  # space again: saving works again, nothing of the refused save was kept
    fresh = Store(make_engine(f"sqlite:///{path}"))
    before = len(fresh.versions())
    save_edit(
        fresh, tracker_set_from_store(fresh), check_edit(fresh, tracker_set_from_store(fresh), _draft(fresh))
    )
    assert len(fresh.versions()) == before + 1


# -- a database that cannot be reached -------------------------------------------------------------------------
UNREACHABLE = {
    "sqlite": "sqlite:////nonexistent-folder/ccpl.sqlite3",
    "postgresql": "postgresql://postgres@127.0.0.1:1/ccpl",  # a closed port: the server is "stopped"
}


def test_a_save_to_a_database_that_cannot_be_reached_says_nothing_was_stored(engine: Engine) -> None:  # noqa: F811
    live = Store(engine)
    ensure_ready(live, DEFAULT_DATA_DIR)
    current = tracker_set_from_store(live)
    checked = check_edit(live, current, _draft(live))
    assert checked.ok
    down = Store(make_engine(UNREACHABLE[engine.dialect.name]))
    with pytest.raises(StoreError) as refused:  # the save's first read (is there a newer version?) fails
        save_edit(down, current, checked)
    assert str(refused.value).startswith(NOT_STORED + ":")
    assert "administrator" in str(refused.value)
    for action in (
        lambda: down.restore(1, "Sukhi Mahil"),
        lambda: down.withdraw(1, "Sukhi Mahil"),
        lambda: lock_snapshot(down, FEB, FEB, "Sukhi Mahil"),
        lambda: save_paper_texts(down, FEB, {}, "Sukhi Mahil"),
    ):
        with pytest.raises(StoreError, match=NOTHING_STORED[:-1]):
            action()
