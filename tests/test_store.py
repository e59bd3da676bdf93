"""The version store on both backends: SQLite (default) and PostgreSQL (CCPL_TEST_POSTGRES_URL, started by .ci/run)."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, text

from access.lockout import MAX_DELAY, MAX_FAILURES, WINDOW, account_delay, attempt_succeeded, begin_attempt
from domain import Kind
from loaders.tracker_set import DEFAULT_DATA_DIR
from loaders.trackers import load_tracker_file
from services import uploads as upload_service
from services.seeding import ensure_ready
from services.trackers import tracker_set_from_store
from store import schema
from store.db import make_engine
from store.repository import MAX_NAME, NewVersion, Store, StoreError
from tests.conftest import current_versions, drop_every_table, xlsx_bytes

POSTGRES = os.environ.get("CCPL_TEST_POSTGRES_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'test.sqlite3'}")
        yield engine
        engine.dispose()
        return
    if not POSTGRES:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must run the storage tests on PostgreSQL: .ci/run sets CCPL_TEST_POSTGRES_URL")
        pytest.skip("PostgreSQL not available here (set CCPL_TEST_POSTGRES_URL, as .ci/run does)")
    engine = make_engine(POSTGRES)
    drop_every_table(engine)
    yield engine
    drop_every_table(engine)
    engine.dispose()


@pytest.fixture
def store(engine: Engine) -> Store:
    store = Store(engine)
    ensure_ready(store, DEFAULT_DATA_DIR)
    return store


def new_version(path: Path) -> NewVersion:
    return upload_service.new_version(load_tracker_file(path), path.read_bytes())


FEB = DEFAULT_DATA_DIR / "framework_2023-02-08.xlsx"


def test_defaults_become_the_first_versions_once(store: Store) -> None:
    versions = store.versions()
    assert sorted(v.file_name for v in versions) == sorted(p.name for p in DEFAULT_DATA_DIR.glob("*.xlsx"))
    assert {v.source for v in versions} == {"default"}
    assert {v.as_at for v in store.versions(Kind.FRAMEWORK)} == {dt.date(2022, 12, 1), dt.date(2023, 2, 8)}
    ensure_ready(store, DEFAULT_DATA_DIR)
    assert len(store.versions()) == len(versions)
    with store.engine.connect() as connection:
        assert connection.execute(text("select value from meta where key = 'schema_version'")).scalar() == "1"


def test_a_batch_is_stored_whole_with_bytes_hash_who_when_note_and_counts(store: Store) -> None:
    before = store.latest_id()
    ids = store.save_batch(
        [new_version(FEB), new_version(DEFAULT_DATA_DIR / "cplg_agenda_log.xlsx")],
        "editor@nhs.net",
        "March ICB",
    )
    assert ids == sorted(ids) and ids[0] > before
    stored = [store.version(i) for i in ids]
    assert {v.batch_id for v in stored} == {stored[0].batch_id}
    assert stored[0].uploaded_by == "editor@nhs.net" and stored[0].note == "March ICB"
    assert stored[0].row_counts["priorities"] == 24
    assert any("20 September 2002" in w for w in stored[1].warnings)
    assert store.content(ids[0]) == FEB.read_bytes()
    assert abs(stored[0].uploaded_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    assert [e.action for e in store.audit_entries(1)] == ["upload"]


def test_current_is_the_latest_version_per_snapshot_date(store: Store) -> None:
    [new_id] = store.save_batch([new_version(FEB)], "editor")
    current = current_versions(store)
    framework = [v for v in current if v.kind is Kind.FRAMEWORK]
    assert len(framework) == 2  # still two snapshots: the upload replaced the 8 February one
    assert new_id in {v.id for v in framework}
    assert len(current) == 5


def test_a_failure_in_the_middle_of_storing_leaves_everything_as_it_was(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (store.latest_id(), len(store.versions()), len(store.audit_entries()))
    real_insert = Store._insert_version
    calls = {"n": 0}

    def failing_insert(self: Store, *args: object) -> int:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real_insert(self, *args)

    monkeypatch.setattr(Store, "_insert_version", failing_insert)
    with pytest.raises(StoreError, match="nothing was changed"):
        store.save_batch([new_version(FEB), new_version(DEFAULT_DATA_DIR / "cplg_agenda_log.xlsx")], "editor")
    assert calls["n"] == 2
    assert (store.latest_id(), len(store.versions()), len(store.audit_entries())) == before
    monkeypatch.undo()
    assert len(tracker_set_from_store(store).framework) == 2  # the data still loads


def test_two_editors_confirming_at_the_same_moment_both_get_versions(store: Store) -> None:
    barrier = threading.Barrier(2)
    results: dict[str, list[int]] = {}
    errors: list[BaseException] = []

    def confirm(who: str) -> None:
        try:
            barrier.wait()
            results[who] = store.save_batch([new_version(FEB)], who)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=confirm, args=(who,)) for who in ("first editor", "second editor")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len({results["first editor"][0], results["second editor"][0]}) == 2
    uploads = [e for e in store.audit_entries() if e.action == "upload"]
    assert {e.actor for e in uploads} == {"first editor", "second editor"}


def test_restore_stores_the_old_version_again_as_a_new_one(store: Store) -> None:
    original = next(v for v in store.versions(Kind.CPLG))
    store.save_batch([new_version(DEFAULT_DATA_DIR / "cplg_agenda_log.xlsx")], "editor")
    new_id = store.restore(original.id, "editor", "back to the shipped log")
    restored = store.version(new_id)
    assert (restored.source, restored.restored_from, restored.note) == (
        "restore",
        original.id,
        "back to the shipped log",
    )
    assert store.content(new_id) == store.content(original.id)
    assert [v.id for v in current_versions(store) if v.kind is Kind.CPLG] == [new_id]
    assert store.audit_entries(1)[0].action == "restore"


def test_a_stored_version_that_no_longer_validates_falls_back_to_the_previous_one(store: Store) -> None:
    bad = NewVersion(Kind.CPLG, "broken.xlsx", xlsx_bytes({"Agenda items": [["Item"], ["x"]]}), None, {}, [])
    with store.engine.begin() as connection:  # as if a rule had become stricter since it was stored
        store._insert_batch(connection, [bad], "editor", "upload", None)
    trackers = tracker_set_from_store(store)
    assert trackers.cplg is not None and trackers.cplg.file_name == "cplg_agenda_log.xlsx"
    assert [t.file_name for t in trackers.rejected] == ["broken.xlsx"]


NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)


def test_lock_out_of_a_client_after_repeated_failures_until_the_window_passes(store: Store) -> None:
    for number in range(MAX_FAILURES):
        attempt = begin_attempt(store, "edit", "10.0.0.1", NOW + dt.timedelta(seconds=number))
        assert attempt.allowed and attempt.failures_left == MAX_FAILURES - number - 1
    later = NOW + dt.timedelta(minutes=2)
    locked = begin_attempt(store, "edit", "10.0.0.1", later)
    assert not locked.allowed and locked.client_locked
    assert locked.retry_at == NOW + dt.timedelta(seconds=MAX_FAILURES - 1) + WINDOW
    assert begin_attempt(store, "edit", "10.0.0.1", locked.retry_at + dt.timedelta(seconds=1)).allowed


def test_a_viewer_sign_in_does_not_forgive_failed_editor_guesses(store: Store) -> None:
    for number in range(MAX_FAILURES - 1):
        assert begin_attempt(store, "edit", "10.0.0.1", NOW + dt.timedelta(seconds=number)).allowed
    assert begin_attempt(store, "view", "10.0.0.1", NOW).allowed
    attempt_succeeded(store, "view", "10.0.0.1")
    assert begin_attempt(store, "edit", "10.0.0.1", NOW + dt.timedelta(seconds=10)).allowed
    assert not begin_attempt(store, "edit", "10.0.0.1", NOW + dt.timedelta(seconds=20)).allowed
    attempt_succeeded(store, "edit", "10.0.0.1")  # the editor's own right password does reset it
    assert begin_attempt(store, "edit", "10.0.0.1", NOW + dt.timedelta(seconds=30)).allowed


@pytest.mark.parametrize("clients", [1, 30])
def test_thirty_guesses_at_once_are_not_all_checked(store: Store, clients: int) -> None:
    """From one client or thirty, only MAX_FAILURES of 30 simultaneous guesses get their password checked."""
    barrier = threading.Barrier(30)
    allowed: list[bool] = []
    errors: list[BaseException] = []

    def guess(number: int) -> None:
        try:
            barrier.wait()
            allowed.append(begin_attempt(store, "edit", f"10.0.0.{number % clients}", NOW).allowed)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(allowed) == 30 and sum(allowed) == MAX_FAILURES


def test_a_stranger_cannot_keep_the_editors_locked_out(store: Store) -> None:
    """Endless wrong guesses from one address lock that address; the editor elsewhere waits at most MAX_DELAY."""
    now = NOW
    for _ in range(120):  # a guess a second for two minutes
        begin_attempt(store, "edit", "203.0.113.9", now)
        now += dt.timedelta(seconds=1)
    stranger = begin_attempt(store, "edit", "203.0.113.9", now)
    assert not stranger.allowed and stranger.client_locked
    for number in range(40):  # and from forty other addresses, four guesses each
        for _ in range(MAX_FAILURES - 1):
            attempt = begin_attempt(store, "edit", f"198.51.100.{number}", now)
            now = max(now, attempt.retry_at or now) + dt.timedelta(milliseconds=1)
    editor = begin_attempt(store, "edit", "10.0.0.7", now)
    assert editor.allowed or (editor.retry_at is not None and editor.retry_at - now <= MAX_DELAY)
    assert begin_attempt(store, "edit", "10.0.0.7", now + MAX_DELAY).allowed
    assert account_delay(10_000) == MAX_DELAY


def test_the_schema_is_upgraded_to_the_newest_revision_once(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replaces the test of the hand-written UPGRADES steps: upgrades are Alembic revisions now."""
    Store(engine).ensure_ready()
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == schema.head_revision()
    ran: list[str] = []
    monkeypatch.setattr(schema.command, "upgrade", lambda config, target: ran.append(target))
    schema.ensure_schema(engine)
    assert ran == []  # already at head: nothing runs


def test_names_longer_than_the_columns_are_trimmed_not_refused(store: Store) -> None:
    """An editor's name or a file name over 255 characters is stored shortened (PostgreSQL refused it whole)."""
    long_editor = "E" * 400
    long_file = "f" * 300 + ".xlsx"
    version = new_version(FEB)
    long_named = NewVersion(
        version.kind, long_file, version.content, version.as_at, version.row_counts, version.warnings
    )
    [new_id] = store.save_batch([long_named], long_editor, "n" * 5000)
    stored = store.version(new_id)
    assert len(stored.file_name) <= MAX_NAME and stored.file_name.endswith("….xlsx")
    assert len(stored.uploaded_by) <= MAX_NAME and stored.uploaded_by.startswith("EEEE")
    restored_id = store.restore(new_id, long_editor)
    assert store.version(restored_id).file_name == stored.file_name
    assert store.audit_entries(1)[0].action == "restore"


def test_a_restore_that_fails_raises_a_store_error_and_changes_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = store.versions(Kind.CPLG)[0]
    before = (store.latest_id(), len(store.audit_entries()))

    def failing_insert(self: Store, *args: object) -> int:
        raise OSError("disk full")

    monkeypatch.setattr(Store, "_insert_version", failing_insert)
    with pytest.raises(StoreError, match="nothing was changed"):
        store.restore(original.id, "editor")
    monkeypatch.undo()
    assert (store.latest_id(), len(store.audit_entries())) == before
