"""Revision 0006_organisations (issue 23): a store written by an earlier release upgrades in place into organisation
"jucd" (Joined Up Care Derbyshire) with nothing lost, on SQLite and on PostgreSQL (CCPL_TEST_POSTGRES_URL).

Two stores written by the old releases' own code are upgraded:
- tests/fixtures/before_organisations.sqlite3, written by 287f944 (Alembic head 0005_feed_keys, the release before
  this issue; tests/fixtures/make_before_organisations_store.py), with what that release's app read from it
  recorded beside it (before_organisations.reads.json);
- tests/fixtures/previous_release.sqlite3, written by e88b3c5 (the release before Alembic, before this round).
On PostgreSQL each is rebuilt from its file's rows in its own release's tables, as that release would have left it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, Table, select, text

from domain import DEFAULT_ORGANISATION, Kind
from loaders.tracker_set import DEFAULT_DATA_DIR
from loaders.trackers import load_tracker
from services.seeding import ensure_ready
from services.trackers import tracker_set_as_at, tracker_set_from_store
from services.uploads import new_version
from store import keys, schema
from store.db import make_engine
from store.papers import paper_texts_for, paper_texts_history, save_paper_texts
from store.repository import Store
from tests.test_migrations import _plain, previous_release_store, revision_of
from tests.test_store import engine  # noqa: F401  (the SQLite and PostgreSQL fixture)
from tools.fictional_cluster import NORTH, SMALL_SETS
from tools.synthetic import framework_bytes, write_large_set

FIXTURES = Path(__file__).parent / "fixtures"
BEFORE_ORGANISATIONS = FIXTURES / "before_organisations.sqlite3"
"""Written by commit 287f944's own code (tests/fixtures/make_before_organisations_store.py says how)."""
OLD_READS = json.loads((FIXTURES / "before_organisations.reads.json").read_text(encoding="utf-8"))
"""What 287f944's app read from that store through its Store and services (make_before_organisations_store.reads)."""
BEFORE_REVISION = "0005_feed_keys"
ORGANISATIONS_REVISION = "0006_organisations"
DERBYSHIRE = DEFAULT_ORGANISATION.id

ORGANISATION_TABLES = ("tracker_versions", "paper_texts", "snapshot_locks", "audit_log", "feed_keys")
"""The tables that say whose each row is (issue 23, step 2); the others' rows belong through these."""
FEB, MARCH = dt.date(2023, 2, 8), dt.date(2023, 3, 16)
STORES = ("before_organisations", "previous_release")


# -- the old stores ----------------------------------------------------------------------------------------------


def _copy(source: Path, tmp_path: Path) -> Engine:
    """A copy of a fixture (the committed file is never opened: SQLite would add its journal files beside it)."""
    copy = tmp_path / f"copy-of-{source.name}"
    shutil.copyfile(source, copy)
    return make_engine(f"sqlite:///{copy}")


def _to(db: Engine, revision: str, down: bool = False) -> None:
    with db.begin() as connection:
        (command.downgrade if down else command.upgrade)(schema.alembic_config(connection), revision)


def _fill(db: Engine, source: Engine) -> None:
    """Copy every row of `source`'s tables into `db`'s tables of the same name (alembic_version aside), instead
    of what they held, and set PostgreSQL's sequences where the old release's inserts would have left them."""
    tables, rows = MetaData(), every_row(source, old_columns(source))
    tables.reflect(db)
    filled = [t for t in tables.sorted_tables if t.name != "alembic_version"]
    with db.begin() as connection:
        for table in reversed(
            filled
        ):  # what the revisions wrote themselves (meta's schema_version) makes way
            connection.execute(table.delete())
        for table in filled:
            if rows[table.name]:
                connection.execute(table.insert(), rows[table.name])
            if "id" in table.c and rows[table.name]:
                connection.execute(
                    text(
                        f"select setval(pg_get_serial_sequence('{table.name}', 'id'), (select max(id) from {table.name}))"
                    )
                )


def before_organisations_store(db: Engine, tmp_path: Path) -> Engine:
    """A database holding exactly what 287f944 wrote: a copy of the file on SQLite; on PostgreSQL, the tables of
    revision 0005_feed_keys filled with the file's rows."""
    if db.dialect.name == "sqlite":
        db.dispose()
        return _copy(BEFORE_ORGANISATIONS, tmp_path)
    _to(db, BEFORE_REVISION)
    source = _copy(BEFORE_ORGANISATIONS, tmp_path)
    _fill(db, source)
    source.dispose()
    return db


def old_store(which: str, db: Engine, tmp_path: Path) -> Engine:
    if which == "before_organisations":
        return before_organisations_store(db, tmp_path)
    return previous_release_store(db, tmp_path)


@pytest.fixture(params=STORES)
def which(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def old(which: str, engine: Engine, tmp_path: Path) -> Iterator[Engine]:  # noqa: F811
    db = old_store(which, engine, tmp_path)
    yield db
    if db is not engine:
        db.dispose()


# -- reading rows --------------------------------------------------------------------------------------------------


def old_columns(db: Engine) -> dict[str, list[str]]:
    """Every table the database has (alembic_version aside) and its columns, as the old release left them."""
    tables = MetaData()
    tables.reflect(db)
    return {t.name: [c.name for c in t.columns] for t in tables.sorted_tables if t.name != "alembic_version"}


def _table(db: Engine, name: str) -> Table:
    tables = MetaData()
    tables.reflect(db, only=[name])
    return tables.tables[name]


def every_row(db: Engine, columns: dict[str, list[str]]) -> dict[str, list[dict[str, Any]]]:
    """Every row of each named table, read through the named columns only, in primary-key order (plain values)."""
    rows = {}
    with db.connect() as connection:
        for name, names in columns.items():
            table = _table(db, name)
            order = [table.c[c.name] for c in table.primary_key.columns]
            query = select(*(table.c[n] for n in names)).order_by(*order)
            rows[name] = [{k: _plain(v) for k, v in r._mapping.items()} for r in connection.execute(query)]
    return rows


def organisations_of(db: Engine, name: str) -> list[str]:
    with db.connect() as connection:
        return list(connection.execute(select(_table(db, name).c.organisation)).scalars())


# -- what the app reads ------------------------------------------------------------------------------------------


def app_reads(store: Store) -> dict[str, object]:
    """What the app reads from a store, as make_before_organisations_store.reads recorded it for 287f944."""
    plain = dataclasses.asdict
    current = tracker_set_from_store(store)
    priorities = current.current_framework.tables["priorities"][["priority_id", "status", "owner"]]
    return {
        "versions": [plain(v) for v in store.versions()],
        "withdrawn": sorted(store.withdrawn_ids()),
        "latest_id": store.latest_id(),
        "current": sorted(t.version_id for t in current.loaded()),
        "framework_snapshots": [t.version_id for t in current.framework],
        "current_priorities": priorities.astype(object).where(priorities.notna(), None).to_dict("records"),
        "as_at": {
            str(d): sorted(t.version_id for t in tracker_set_as_at(store, d).loaded())
            for d in (FEB, MARCH, dt.date(2023, 4, 1))
        },
        "locks": [plain(lock) for lock in store.locks()],
        "texts": {
            str(d): plain(saved) if (saved := paper_texts_for(store, d)) else None
            for d in (None, dt.date(2023, 1, 1), FEB, MARCH, dt.date(2023, 4, 1))
        },
        "texts_history": {str(d): [plain(s) for s in paper_texts_history(store, d)] for d in (FEB, MARCH)},
        "keys": [plain(k) for k in keys.keys(store)],
        "last_use": {str(k): v for k, v in keys.last_use(store).items()},
        "field_history": [plain(c) for c in store.field_history()],
        "audit": [plain(e) for e in store.audit_entries()],
    }


def _json(value: Any) -> Any:
    """As the fixture's reads were written (json, str() of dates and times), times in UTC whatever the server's
    time zone."""

    def default(v: Any) -> str:
        return str(v.astimezone(dt.UTC) if isinstance(v, dt.datetime) else v)

    return json.loads(json.dumps(value, default=default, sort_keys=True))


def _as_old(new: Any, old: Any) -> Any:
    """`new` cut to what `old` has: a field this release adds (e.g. whose a row is) is not a difference."""
    if isinstance(old, dict) and isinstance(new, dict):
        return {k: _as_old(new.get(k, "<missing>"), v) for k, v in old.items()}
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [_as_old(n, o) for n, o in zip(new, old, strict=True)]
    return new


def upgrade(db: Engine) -> Store:
    """What starting the app does to an old store: upgrade it in place (nothing seeded: it has its defaults)."""
    store = Store(db)
    ensure_ready(store, DEFAULT_DATA_DIR)
    assert revision_of(db) == schema.head_revision()
    return store.for_organisation(DERBYSHIRE)


# -- the tests -------------------------------------------------------------------------------------------------------


def test_the_store_before_organisations_is_what_0005_wrote_with_a_row_in_every_table(tmp_path: Path) -> None:
    """The fixture is the release before this issue's: at revision 0005_feed_keys, with exactly that revision's
    tables, and every table holds rows (so the upgrade below is tested on each)."""
    written = _copy(BEFORE_ORGANISATIONS, tmp_path)
    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh-0005.sqlite3'}")
    _to(fresh, BEFORE_REVISION)
    assert revision_of(written) == BEFORE_REVISION
    assert old_columns(written) == old_columns(fresh)
    reflected = MetaData()
    reflected.reflect(fresh)
    with written.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), reflected) == []
    rows = every_row(written, old_columns(written))
    assert all(rows.values()), [name for name, r in rows.items() if not r]
    # what the brief asked it to hold
    assert {r["source"] for r in rows["tracker_versions"]} == {"default", "upload", "edit", "restore"}
    assert {r["kind"] for r in rows["tracker_versions"]} == {k.value for k in Kind}
    assert any(r["reason"] for r in rows["field_changes"])
    assert [r["withdrawn"] for r in rows["version_withdrawals"]] == [True, False]
    assert len({r["as_at"] for r in rows["paper_texts"]}) == 2
    assert [r["revoked"] for r in rows["feed_keys"]] == [False, True]
    assert {r["action"] for r in rows["audit_log"]} >= {
        "import_defaults",
        "upload",
        "edit",
        "withdraw",
        "reinstate",
        "restore",
        "paper_texts_saved",
        "lock_snapshot",
        "feed_key_create",
        "feed_key_revoke",
        "feed_use",
    }
    written.dispose()
    fresh.dispose()


def test_an_old_store_upgrades_into_derbyshire_with_every_row_byte_and_audit_row_kept(
    which: str,
    old: Engine,
) -> None:
    columns = old_columns(old)
    before = every_row(old, columns)
    store = upgrade(old)

    after = every_row(old, columns)
    assert after == before  # every row of every old table, every old column: nothing rewritten, added or lost
    for name in ORGANISATION_TABLES:
        if name in columns:
            assert set(organisations_of(old, name)) == {DERBYSHIRE}, name  # every row is Derbyshire's

    # Every version's bytes and hash, read through Derbyshire's store.
    assert [v.id for v in store.versions()] == [r["id"] for r in before["tracker_versions"]]
    for row in before["tracker_versions"]:
        content = store.content(row["id"])
        assert content == row["content"]
        assert hashlib.sha256(content).hexdigest() == row["sha256"] == store.version(row["id"]).sha256
    # Every audit row, whole.
    entries = {e.id: e for e in store.audit_entries(limit=10_000)}
    assert sorted(entries) == [r["id"] for r in before["audit_log"]]
    for row in before["audit_log"]:
        entry = entries[row["id"]]
        assert (entry.at, entry.actor, entry.action, entry.outcome, entry.detail) == (
            row["at"],
            row["actor"],
            row["action"],
            row["outcome"],
            row["detail"],
        )
    # Field changes, withdrawals, locks, texts and keys read back as their rows say.
    changes = sorted(store.field_history(), key=lambda c: (c.version_id, c.record_id, c.field))
    expected_changes = sorted(
        before["field_changes"], key=lambda r: (r["version_id"], r["record_id"], r["field"])
    )
    assert [(c.version_id, c.record_id, c.field, c.before, c.after, c.actor, c.reason) for c in changes] == [
        (r["version_id"], r["record_id"], r["field"], r["before"], r["after"], r["actor"], r.get("reason"))
        for r in expected_changes
    ]
    latest_withdrawal: dict[int, bool] = {}
    for row in before["version_withdrawals"]:
        latest_withdrawal[row["version_id"]] = row["withdrawn"]
    assert store.withdrawn_ids() == {v for v, withdrawn in latest_withdrawal.items() if withdrawn}
    assert [
        (lock.id, lock.as_at, lock.presented_on, lock.version_id, lock.locked_by) for lock in store.locks()
    ] == [
        (r["id"], r["as_at"], r["presented_on"], r["version_id"], r["locked_by"])
        for r in before["snapshot_locks"]
    ]
    locked_texts = {lock.as_at: lock.paper_texts_id for lock in store.locks()}
    for as_at in {r["as_at"] for r in before["paper_texts"]}:
        newest = max(r["id"] for r in before["paper_texts"] if r["as_at"] == as_at)
        saved = paper_texts_for(store, as_at)
        assert saved is not None and saved.id == locked_texts.get(as_at, newest)
        assert saved.texts == next(r["texts"] for r in before["paper_texts"] if r["id"] == saved.id)
    assert [(k.id, k.name, k.created_by, k.revoked) for k in keys.keys(store)] == [
        (r["id"], r["name"], r["created_by"], r["revoked"]) for r in reversed(before.get("feed_keys", []))
    ]
    if "snapshot_lock_inputs" in before:  # what each lock was computed from, as recorded when it was locked
        for lock in store.locks():
            recorded = [r for r in before["snapshot_lock_inputs"] if r["lock_id"] == lock.id]
            assert sorted(lock.version_ids) == sorted(r["version_id"] for r in recorded if r["version_id"])
            assert lock.paper_texts_id == next(
                (r["paper_texts_id"] for r in recorded if r["paper_texts_id"]), None
            )


def test_the_upgraded_store_reads_as_the_release_before_organisations_read_it(
    engine: Engine,  # noqa: F811
    tmp_path: Path,
) -> None:
    """Versions, current and as-at trackers, locks, written parts, keys and their last use, field history and the
    audit log, through the Store and services, equal what 287f944's app read from the same store."""
    old = before_organisations_store(engine, tmp_path)
    store = upgrade(old)
    reads = _json(app_reads(store))
    for part, recorded in OLD_READS.items():
        assert _as_old(reads[part], recorded) == recorded, part
    if old is not engine:
        old.dispose()


def test_the_upgraded_store_is_written_to_as_before_and_a_new_organisation_sees_none_of_it(
    which: str,
    old: Engine,
    tmp_path: Path,
) -> None:
    """After the upgrade Derbyshire writes as before; an ICB added to the cluster afterwards (the fictional
    Example ICB North of tools/fictional_cluster.py) is seeded from its own folder as the app seeds it, and it
    and Derbyshire each see their own rows only."""
    columns = old_columns(old)
    before = every_row(old, columns)
    store = upgrade(old)

    # Derbyshire writes as before, and the new rows are Derbyshire's (PostgreSQL's sequences continue).
    cplg = DEFAULT_DATA_DIR / "cplg_agenda_log.xlsx"
    tracker = load_tracker(cplg.read_bytes(), cplg.name, Kind.CPLG)
    [uploaded] = store.save_batch(
        [new_version(tracker, cplg.read_bytes())], "editor@nhs.net", "After the upgrade"
    )
    assert uploaded == max(r["id"] for r in before["tracker_versions"]) + 1
    texts_id = save_paper_texts(store, dt.date(2023, 5, 1), {"item": "12"}, "writer@nhs.net")
    assert texts_id == max(r["id"] for r in before["paper_texts"]) + 1
    store.audit("editor@nhs.net", "sign_in")
    assert (
        store.audit_entries(1)[0].id == max(r["id"] for r in before["audit_log"]) + 3
    )  # upload, texts, sign-in
    made, _ = keys.create_key(store, "R: analysts", 30, "editor@nhs.net")
    assert made.id == max((r["id"] for r in before.get("feed_keys", [])), default=0) + 1
    for name in ORGANISATION_TABLES:
        assert set(organisations_of(old, name)) == {DERBYSHIRE}, name

    # A second organisation, added afterwards, starts empty and sees none of Derbyshire's rows.
    north = Store(old).for_organisation(NORTH.id)
    assert north.versions() == []
    assert north.locks() == []
    assert north.field_history() == []
    assert north.audit_entries() == []
    assert north.withdrawn_ids() == set()
    assert paper_texts_for(north, None) is None and paper_texts_for(north, MARCH) is None
    assert keys.keys(north) == [] and keys.last_use(north) == {}
    # Seeded from its own folder (settings.organisation_data_dir) as the app seeds a newly listed ICB, writing its
    # own, Derbyshire's reads unchanged (latest_id aside: the change counter the caches are keyed by counts
    # every organisation's writes).
    derby_reads = {k: v for k, v in _json(app_reads(store)).items() if k != "latest_id"}
    folder = tmp_path / "north"
    write_large_set(folder, **SMALL_SETS[NORTH.id])
    ensure_ready(north, folder)
    seeded = north.versions()
    assert sorted(v.file_name for v in seeded) == sorted(p.name for p in folder.glob("*.xlsx"))
    assert {v.source for v in seeded} == {"default"} and north.defaults_imported()
    ensure_ready(store, DEFAULT_DATA_DIR)  # Derbyshire is not seeded again
    assert {k: v for k, v in _json(app_reads(store)).items() if k != "latest_id"} == derby_reads
    content = framework_bytes(20, themes=4, as_at=MARCH)
    framework = load_tracker(content, "framework_2023-03-16.xlsx", Kind.FRAMEWORK)
    [north_version] = north.save_batch(
        [new_version(framework, content)],
        "editor@north.example",
        "North's first framework",
    )
    save_paper_texts(north, MARCH, {"item": "1"}, "writer@north.example")
    keys.create_key(north, "Power BI: North", 30, "editor@north.example")
    # North presents its snapshot as at the date Derbyshire's locked one has: one lock per organisation and date.
    north_lock = north.lock_snapshot(MARCH, dt.date(2023, 3, 30), "chair@north.example")
    north_ids = {v.id for v in north.versions()}
    assert north_ids == {v.id for v in seeded} | {north_version}
    assert north_version in north_lock.version_ids and set(north_lock.version_ids) <= north_ids
    assert not north_ids & {v.id for v in store.versions()}
    assert {k: v for k, v in _json(app_reads(store)).items() if k != "latest_id"} == derby_reads
    assert {a.action for a in north.audit_entries()} == {
        "import_defaults",
        "upload",
        "paper_texts_saved",
        "feed_key_create",
        "lock_snapshot",
    }
    assert set(organisations_of(old, "tracker_versions")) == {DERBYSHIRE, NORTH.id}
    # And every row the old release wrote is still there, unchanged.
    now = every_row(old, columns)
    assert {n: [r for r in rows if r not in now[n]] for n, rows in before.items()} == {n: [] for n in before}


def test_the_organisations_revision_downgrades_to_the_old_tables_or_says_why_not(
    which: str,
    old: Engine,
    tmp_path: Path,
) -> None:
    """0006_organisations either downgrades to 0005's tables with every old row as it was, or refuses as the
    store's other revisions do (the store is append-only: restore a backup instead)."""
    columns = old_columns(old)
    before = every_row(old, columns)
    upgrade(old)
    script = ScriptDirectory.from_config(schema.alembic_config()).get_revision(ORGANISATIONS_REVISION)
    assert script.down_revision == BEFORE_REVISION
    try:
        _to(old, BEFORE_REVISION, down=True)
    except NotImplementedError as refusal:
        assert "backup" in str(refusal)
        assert revision_of(old) == schema.head_revision()  # nothing half-done: the transaction rolled back
        assert every_row(old, columns) == before
        return
    assert revision_of(old) == BEFORE_REVISION
    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh-0005.sqlite3'}")
    _to(fresh, BEFORE_REVISION)
    assert old_columns(old) == old_columns(fresh)  # 0005's tables, exactly
    fresh.dispose()
    for name in ORGANISATION_TABLES:
        assert "organisation" not in [c.name for c in _table(old, name).columns], name
    assert every_row(old, columns) == before
