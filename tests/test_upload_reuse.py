"""An upload hands its checked tracker on (services.uploads.store_checked), as an edit does: reading the new
versions back checks nothing again in a worker, and what is read back equals a fresh check of the stored bytes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import services.trackers as source
from domain import Kind
from loaders.sandbox import check_upload
from loaders.tracker_set import DEFAULT_DATA_DIR
from services.seeding import ensure_ready
from services.trackers import tracker_set_from_store
from services.uploads import store_checked
from store.db import make_engine
from store.repository import Store
from tests.test_upload_flow import updated_framework


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(make_engine(f"sqlite:///{tmp_path / 'uploads.sqlite3'}"))
    ensure_ready(store, DEFAULT_DATA_DIR)
    return store


def test_an_upload_read_back_is_not_checked_a_second_time_and_equals_a_fresh_check(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    tracker_set_from_store(store)  # the shipped versions, checked once in this process
    march = updated_framework("2023-03-01")
    cplg = (DEFAULT_DATA_DIR / "cplg_agenda_log.xlsx").read_bytes()
    # As the Upload page checks them: the framework file recognised from its sheets, the CPLG one chosen.
    checked = [
        (march, check_upload(march, "march.xlsx", None)),
        (cplg, check_upload(cplg, "cplg.xlsx", Kind.CPLG)),
    ]
    checks: list[str] = []
    monkeypatch.setattr(source, "check_upload", lambda *a, **k: checks.append(a[1]) or check_upload(*a, **k))
    ids = store_checked(store, checked, "Sukhi Mahil", "March update")
    current = tracker_set_from_store(store)
    assert checks == []  # the upload's own checks were reused: no file parsed twice in a worker
    read_back = {t.version_id: t for t in current.loaded()}
    assert set(ids) <= set(read_back)
    for version_id in ids:
        version = store.version(version_id)
        remembered = read_back[version_id]
        fresh = check_upload(store.content(version_id), version.file_name, version.kind)
        assert (remembered.kind, remembered.file_name, remembered.as_at, remembered.about) == (
            fresh.kind,
            fresh.file_name,
            fresh.as_at,
            fresh.about,
        )
        assert remembered.sha256 == fresh.sha256
        assert [p.describe() for p in remembered.problems] == [p.describe() for p in fresh.problems]
        assert remembered.tables.keys() - {"status_reason"} == fresh.tables.keys()
        for key, table in fresh.tables.items():
            pd.testing.assert_frame_equal(remembered.tables[key], table, obj=key)
