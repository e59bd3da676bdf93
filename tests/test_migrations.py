"""The schema comes from Alembic revisions (store/migrations): a new database, and one written by the release
before Alembic, reach the same tables; upgrading keeps every stored byte and audit row; processes starting at once
upgrade once. On SQLite and on PostgreSQL (CCPL_TEST_POSTGRES_URL)."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import threading
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, select, text

from domain import Kind
from loaders.tracker_set import DEFAULT_DATA_DIR
from services.seeding import ensure_ready
from services.trackers import tracker_set_as_at, tracker_set_from_store
from store import schema
from store.db import make_engine
from store.repository import Store
from tests.conftest import current_versions
from tests.test_store import engine  # noqa: F401  (the SQLite and PostgreSQL fixture)

PREVIOUS_RELEASE = Path(__file__).parent / "fixtures" / "previous_release.sqlite3"
"""Written by commit e88b3c5's own code (tests/fixtures/make_previous_release_store.py says how)."""
MARCH = dt.date(2023, 3, 16)


def baseline_metadata() -> MetaData:
    """The baseline revision's tables: the schema of the release before Alembic, frozen in the revision."""
    script = ScriptDirectory.from_config(schema.alembic_config())
    return script.get_revision(schema.BASELINE).module.baseline


def revision_of(db: Engine) -> str | None:
    with db.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def every_row(db: Engine) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table the previous release had, read through its own columns, in key order."""
    rows = {}
    with db.connect() as connection:
        for table in baseline_metadata().sorted_tables:
            order = list(table.primary_key.columns)
            rows[table.name] = [
                {k: _plain(v) for k, v in row._mapping.items()}
                for row in connection.execute(select(table).order_by(*order))
            ]
    return rows


def copy_of_previous_release(tmp_path: Path) -> Engine:
    """A copy of the file (the committed one is never opened: SQLite would add its journal files beside it)."""
    copy = tmp_path / "previous.sqlite3"
    shutil.copyfile(PREVIOUS_RELEASE, copy)
    return make_engine(f"sqlite:///{copy}")


def previous_release_store(db: Engine, tmp_path: Path) -> Engine:
    """A database holding exactly what the previous release wrote (tests/fixtures/previous_release.sqlite3): a
    copy of the file on SQLite; on PostgreSQL, the baseline tables filled with the file's rows."""
    if db.dialect.name == "sqlite":
        db.dispose()
        return copy_of_previous_release(tmp_path)
    baseline = baseline_metadata()
    baseline.create_all(db)
    source = copy_of_previous_release(tmp_path)
    rows = every_row(source)
    source.dispose()
    with db.begin() as connection:
        for table in baseline.sorted_tables:
            if rows[table.name]:
                connection.execute(table.insert(), rows[table.name])
            if "id" in table.c:  # as the previous release's inserts would have left the sequences
                connection.execute(
                    text(
                        f"select setval(pg_get_serial_sequence('{table.name}', 'id'), (select max(id) from {table.name}))"
                    )
                )
    return db


def test_a_new_database_has_exactly_the_tables_the_code_uses(engine: Engine) -> None:  # noqa: F811
    Store(engine).ensure_ready()
    assert revision_of(engine) == schema.head_revision()
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), schema.metadata) == []


def test_the_baseline_revision_is_the_previous_releases_schema(tmp_path: Path) -> None:
    previous = copy_of_previous_release(tmp_path)
    with previous.connect() as connection:
        assert "alembic_version" not in previous.dialect.get_table_names(connection)
        assert connection.execute(text("select value from meta where key = 'schema_version'")).scalar() == "1"
        assert compare_metadata(MigrationContext.configure(connection), baseline_metadata()) == []
    previous.dispose()


def test_a_store_written_by_the_previous_release_keeps_every_byte_and_audit_row(
    engine: Engine,  # noqa: F811
    tmp_path: Path,
) -> None:
    old = previous_release_store(engine, tmp_path)
    before = every_row(old)
    assert revision_of(old) is None
    assert all(before[table.name] for table in baseline_metadata().sorted_tables)  # every table has rows

    store = Store(old)
    ensure_ready(store, DEFAULT_DATA_DIR)
    assert revision_of(old) == schema.head_revision()
    after = every_row(old)
    assert after == before  # every row of every table, every column: nothing rewritten, added or lost
    for row in after["tracker_versions"]:
        assert hashlib.sha256(store.content(row["id"])).hexdigest() == row["sha256"]
        assert (
            store.content(row["id"])
            == next(r for r in before["tracker_versions"] if r["id"] == row["id"])["content"]
        )
    assert [e.id for e in store.audit_entries()] == sorted(
        (r["id"] for r in before["audit_log"]), reverse=True
    )
    assert all(change.reason is None for change in store.field_history())

    # The lock made before the upgrade was given its inputs at upgrade time: what is current as at its date.
    [lock] = store.locks()
    assert lock.as_at == MARCH and lock.version_id in lock.version_ids
    current = current_versions(store)
    expected = {v.id for v in current if v.kind is not Kind.FRAMEWORK or (v.as_at and v.as_at <= MARCH)}
    assert set(lock.version_ids) == expected
    march_texts = max(r["id"] for r in before["paper_texts"] if r["as_at"] == MARCH)
    assert lock.paper_texts_id == march_texts
    locked = tracker_set_as_at(store, MARCH)
    assert sorted(t.version_id for t in locked.loaded()) == sorted(lock.version_ids)
    assert tracker_set_from_store(store).current_framework.version_id == lock.version_id

    # And the upgraded store is written to as before (PostgreSQL's sequences continue after the copied ids).
    store.audit("editor@nhs.net", "sign_in")
    assert store.audit_entries(1)[0].id == max(r["id"] for r in before["audit_log"]) + 1
    if old is not engine:
        old.dispose()


def test_processes_starting_at_once_upgrade_the_database_once(
    engine: Engine,  # noqa: F811
    tmp_path: Path,
) -> None:
    url = engine.url.render_as_string(hide_password=False)
    starting = threading.Barrier(6)
    failures: list[BaseException] = []

    def start() -> None:
        own = make_engine(url)
        try:
            starting.wait()
            ensure_ready(Store(own), DEFAULT_DATA_DIR)
        except BaseException as exc:  # noqa: BLE001  (reported below)
            failures.append(exc)
        finally:
            own.dispose()

    threads = [threading.Thread(target=start) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert revision_of(engine) == schema.head_revision()
    with engine.connect() as connection:
        assert connection.execute(text("select count(*) from alembic_version")).scalar() == 1
    assert len(Store(engine).versions()) == len(list(DEFAULT_DATA_DIR.glob("*.xlsx")))
