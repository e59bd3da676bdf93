"""A snapshot presented to the board never changes (issue 18, item 5), on SQLite and PostgreSQL.

Locking the snapshot as at D records, in one transaction, the ids of every tracker version and of the written
parts current as at D; every view as at D is computed from those ids only, and every write that would change
them (withdraw, reinstate, restore, upload, amendment, new written parts) is refused with the reason, checked in
the same transaction as the write.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain import Kind
from loaders.tracker_set import DEFAULT_DATA_DIR
from loaders.trackers import load_tracker, load_tracker_file
from metrics.filters import Filters
from metrics.view import build_view
from services.seeding import ensure_ready
from services.trackers import tracker_set_as_at, tracker_set_from_store
from services.uploads import new_version
from store.db import make_engine
from store.papers import paper_texts_for, save_paper_texts
from store.repository import FieldChange, NewVersion, SnapshotLocked, Store, StoreError
from tests.conftest import current_versions
from tests.test_store import engine, store  # noqa: F401  (the SQLite and PostgreSQL fixtures)
from tests.test_upload_flow import updated_framework

FEB = dt.date(2023, 2, 8)
MARCH = dt.date(2023, 3, 16)
APRIL = dt.date(2023, 4, 20)
PRESENTED = dt.date(2023, 3, 23)


def framework(as_at: dt.date, status: str = "Complete") -> NewVersion:
    """The February snapshot re-dated to `as_at`, with P07's status set (an upload made in Excel)."""
    content = updated_framework(as_at.isoformat(), status)
    return new_version(load_tracker(content, f"framework_{as_at}.xlsx"), content)


def default_file(name: str) -> NewVersion:
    path = DEFAULT_DATA_DIR / name
    return new_version(load_tracker_file(path), path.read_bytes())


def on_track(store_: Store, as_at: dt.date | None) -> int:
    view = build_view(tracker_set_as_at(store_, as_at), Filters(as_at=pd.Timestamp(as_at) if as_at else None))
    return int((view.priorities["status"] == "On track").sum())


def march_locked(store_: Store) -> int:
    """Store the snapshot as at 16 March 2023 (P07 moved to Complete) and lock it; its version id."""
    [march] = store_.save_batch([framework(MARCH)], "analyst@nhs.net", "March snapshot")
    store_.lock_snapshot(MARCH, PRESENTED, "chair@nhs.net")
    return march


def test_the_lock_records_every_tracker_and_the_written_parts_current_as_at_its_date(
    store: Store,  # noqa: F811
) -> None:
    texts = save_paper_texts(store, MARCH, {"item": "11"}, "writer@nhs.net")
    march = march_locked(store)
    [lock] = store.locks()
    current = current_versions(store)
    assert set(lock.version_ids) == {v.id for v in current}  # every kind; both earlier framework snapshots
    assert march in lock.version_ids and lock.version_id == march
    assert {v.kind for v in current if v.id in lock.version_ids} == {v.kind for v in current}
    assert lock.paper_texts_id == texts
    assert store.audit_entries(1)[0].detail["version_ids"] == list(lock.version_ids)


def test_a_locked_snapshots_versions_cannot_be_withdrawn(store: Store) -> None:  # noqa: F811
    march = march_locked(store)
    before = on_track(store, MARCH)
    engagement = store.versions(Kind.ENGAGEMENT)[-1].id
    for version_id in (march, engagement):
        with pytest.raises(SnapshotLocked, match="presented to the board on 23/03/2023") as refused:
            store.withdraw(version_id, "editor@nhs.net", "mistake")
        assert f"Version {version_id} is part of what was presented" in str(refused.value)
    assert store.withdrawn_ids() == set()
    assert on_track(store, MARCH) == before


def test_uploads_restores_and_amendments_that_would_change_it_are_refused_with_the_reason(
    store: Store,  # noqa: F811
) -> None:
    march_locked(store)
    latest = store.latest_id()
    feb = next(v.id for v in store.versions(Kind.FRAMEWORK) if v.as_at == FEB)
    attempts = {
        "upload as at the locked date": lambda: store.save_batch([framework(MARCH, "At risk")], "a@nhs.net"),
        "upload dated before it": lambda: store.save_batch([framework(dt.date(2023, 3, 1))], "a@nhs.net"),
        "restore of an earlier snapshot": lambda: store.restore(feb, "a@nhs.net"),
        "amendment made in the app": lambda: store.save_edit(
            framework(MARCH, "Not started"),
            "a@nhs.net",
            [FieldChange("Priorities", "P07", "Status", "x", "y")],
            0,
        ),
        "written parts for the locked date": lambda: save_paper_texts(
            store, MARCH, {"item": "12"}, "a@nhs.net"
        ),
    }
    for what, attempt in attempts.items():
        with pytest.raises(SnapshotLocked, match="presented to the board on 23/03/2023") as refused:
            attempt()
        assert "later 'As at' date" in str(refused.value) or "later 'as at' date" in str(refused.value), what
    assert store.latest_id() == latest


def test_the_view_as_at_a_locked_date_keeps_the_locked_inputs_after_later_uploads(
    store: Store,  # noqa: F811
) -> None:
    march_locked(store)
    [lock] = store.locks()
    locked = tracker_set_as_at(store, MARCH)
    figures = on_track(store, MARCH)
    agenda = locked.table(Kind.CPLG, "agenda_items")
    # Later: a new CPLG log and engagement tracker (other kinds may still be stored), a later snapshot.
    store.save_batch([default_file("cplg_agenda_log.xlsx")], "analyst@nhs.net")
    store.save_batch([default_file("engagement_events.xlsx")], "analyst@nhs.net")
    store.save_batch([framework(APRIL, "Not started")], "analyst@nhs.net")
    store.restore(store.versions(Kind.COVERAGE)[0].id, "analyst@nhs.net")
    for as_at in (MARCH, dt.date(2023, 4, 1)):  # the locked date, and a date on which it is still in force
        again = tracker_set_as_at(store, as_at)
        assert sorted(t.version_id for t in again.loaded()) == sorted(lock.version_ids)
        assert on_track(store, as_at) == figures
        pd.testing.assert_frame_equal(again.table(Kind.CPLG, "agenda_items"), agenda)
    latest = tracker_set_as_at(store, None)
    assert latest.current_framework.as_at.date() == APRIL
    assert set(t.version_id for t in latest.loaded()) - set(lock.version_ids)


def at_once(url: str, *actions: Callable[[Store], object]) -> None:
    """Run each action in its own thread with its own connection (as two app processes would), started together;
    a refusal is an outcome, not a failure."""
    start = threading.Barrier(len(actions))

    def run(action: Callable[[Store], object]) -> None:
        own = Store(make_engine(url))
        start.wait()
        with contextlib.suppress(StoreError):
            action(own)
        own.engine.dispose()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_a_lock_and_a_withdrawal_made_at_once_never_leave_a_locked_input_withdrawn(
    store: Store,  # noqa: F811
) -> None:
    url = store.engine.url.render_as_string(hide_password=False)
    for day in range(5):
        as_at = dt.date(2023, 5, 1 + day)
        [version] = store.save_batch([framework(as_at)], "analyst@nhs.net")
        at_once(
            url,
            lambda own, as_at=as_at: own.lock_snapshot(as_at, PRESENTED, "chair@nhs.net"),
            lambda own, version=version: own.withdraw(version, "editor@nhs.net"),
        )
        withdrawn = store.withdrawn_ids()
        for lock_ in store.locks():
            assert not set(lock_.version_ids) & withdrawn
        assert (version in withdrawn) != any(lock_.as_at == as_at for lock_ in store.locks())


# -- the property: whatever happens next, the inputs of a locked as-at are the ones recorded at the lock ----------
DATES = [dt.date(2022, 12, 1), dt.date(2023, 1, 10), FEB, MARCH, APRIL]
OTHER_FILES = ["cplg_agenda_log.xlsx", "engagement_events.xlsx", "principle_coverage.xlsx"]
_made: dict[object, NewVersion] = {}


def made(key: object) -> NewVersion:
    """The files the property stores, each built once."""
    if key not in _made:
        _made[key] = framework(*key) if isinstance(key, tuple) else default_file(str(key))
    return _made[key]


operation = st.one_of(
    st.tuples(st.just("upload"), st.sampled_from([(d, s) for d in DATES for s in ("Complete", "At risk")])),
    st.tuples(st.just("upload"), st.sampled_from(OTHER_FILES)),
    st.tuples(st.just("edit"), st.sampled_from([(d, "Not started") for d in DATES])),
    st.tuples(st.sampled_from(["withdraw", "reinstate", "restore"]), st.integers(0, 40)),
    st.tuples(st.just("texts"), st.sampled_from([None, *DATES])),
    st.tuples(st.just("lock"), st.sampled_from(DATES)),
)


def apply(store_: Store, step: tuple[str, object]) -> None:
    what, arg = step
    versions = store_.versions()
    try:
        if what == "upload":
            store_.save_batch([made(arg)], "analyst@nhs.net")
        elif what == "edit":
            change = FieldChange("Priorities", "P07", "Status", "On track", "Not started")
            store_.save_edit(made(arg), "editor@nhs.net", [change], versions[-1].id)
        elif what in ("withdraw", "reinstate", "restore"):
            version = versions[int(arg) % len(versions)].id
            if what == "restore":
                store_.restore(version, "editor@nhs.net")
            else:
                getattr(store_, what)(version, "editor@nhs.net")
        elif what == "texts":
            save_paper_texts(store_, arg, {"item": str(len(versions))}, "writer@nhs.net")
        elif what == "lock":
            store_.lock_snapshot(arg, PRESENTED, "chair@nhs.net")
    except StoreError:
        pass  # refused (locked, nothing to withdraw, no such snapshot): nothing was changed


def check_locks(store_: Store, recorded: dict[dt.date, tuple[tuple[int, ...], int | None]]) -> None:
    for lock in store_.locks():
        recorded.setdefault(lock.as_at, (lock.version_ids, lock.paper_texts_id))
        assert (lock.version_ids, lock.paper_texts_id) == recorded[lock.as_at]
        # What is current as at the date, by the ordinary rule, is still what was recorded...
        current = {
            v.id
            for v in current_versions(store_)
            if v.kind is Kind.FRAMEWORK and v.as_at and v.as_at <= lock.as_at
        }
        assert current == {v.id for v in store_.versions_by_id(lock.version_ids) if v.kind is Kind.FRAMEWORK}
        assert not set(lock.version_ids) & store_.withdrawn_ids()
        # ...and the view as at the date and its paper's words are computed from the recorded ids only.
        loaded = tracker_set_as_at(store_, lock.as_at)
        assert sorted(t.version_id for t in loaded.loaded()) == sorted(lock.version_ids)
        saved = paper_texts_for(store_, lock.as_at)
        assert (saved.id if saved else None) == lock.paper_texts_id


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(operation, min_size=1, max_size=12))
def test_after_any_operations_a_locked_as_ats_inputs_are_the_ones_recorded(
    steps: list[tuple[str, object]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("property")
    store_ = Store(make_engine(f"sqlite:///{Path(folder) / 'store.sqlite3'}"))
    ensure_ready(store_, DEFAULT_DATA_DIR)
    store_.lock_snapshot(FEB, PRESENTED, "chair@nhs.net")  # one lock from the start; the steps may add more
    recorded: dict[dt.date, tuple[tuple[int, ...], int | None]] = {}
    check_locks(store_, recorded)
    for step in steps:
        apply(store_, step)
        check_locks(store_, recorded)
    assert tracker_set_from_store(store_).framework  # the dashboard still has data
    store_.engine.dispose()


def test_an_upload_of_another_tracker_says_where_it_shows_while_the_latest_snapshot_is_locked(
    store: Store,  # noqa: F811
) -> None:
    from services.locks import held_by_lock_sentence

    march_locked(store)
    latest = pd.Timestamp(MARCH)
    held = held_by_lock_sentence(store.locks(), latest, {Kind.CPLG})
    assert held is not None and "show from the next framework snapshot on" in held
    assert "presented to the board on 23 March 2023" in held
    assert held_by_lock_sentence(store.locks(), latest, {Kind.FRAMEWORK}) is None
    assert held_by_lock_sentence(store.locks(), pd.Timestamp(APRIL), {Kind.CPLG}) is None


def test_a_reason_is_stored_with_its_status_change_on_both_backends(store: Store) -> None:  # noqa: F811
    """Issue 18, item 7, at the store: field_changes.reason (revision 0003) round-trips on SQLite and PostgreSQL."""
    changes = [
        FieldChange("Priorities", "P07", "Status", "On track", "Complete", reason="Signed off in March"),
        FieldChange("Priorities", "P07", "Owner", "CPLG", "ICB"),
    ]
    store.save_edit(framework(MARCH), "editor@nhs.net", changes, 0)
    stored = store.field_history("P07")
    assert [(c.field, c.reason) for c in stored] == [("Status", "Signed off in March"), ("Owner", None)]
    assert "(reason: Signed off in March)" in store.audit_entries(1)[0].detail["changes"][0]
