"""A mistyped 'As at' date (issue 10 #9): warned about at upload, and a stored snapshot can be withdrawn."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from domain import Kind
from loaders.tracker_set import DEFAULT_DATA_DIR
from loaders.trackers import load_tracker
from services.seeding import ensure_ready
from services.trackers import tracker_set_from_store
from services.uploads import batch_clashes, new_version, save_batch
from store.repository import Store, StoreError
from tests.conftest import FRAMEWORK, about, codes, current_versions, load, sheets_copy
from tests.test_store import engine
from tests.test_upload_flow import ENTRY, XLSX, editing, markdown, password_hash, sign_in, updated_framework

__all__ = ["editing", "engine", "password_hash"]  # fixtures used below


def framework_as_at(as_at: dt.date) -> list:
    sheets = sheets_copy(FRAMEWORK)
    sheets["About"] = about(as_at)
    return load(sheets).problems


@pytest.mark.parametrize(
    "as_at",
    [dt.date(2032, 2, 8), dt.date(2014, 12, 31), dt.date.today() + dt.timedelta(days=90)],
)
def test_an_implausible_as_at_date_is_a_warning_naming_the_date(as_at: dt.date) -> None:
    problems = framework_as_at(as_at)
    assert "implausible_as_at" in codes(problems)
    problem = next(p for p in problems if p.code == "implausible_as_at")
    assert problem.severity.value == "warning" and problem.sheet == "About" and problem.row == 3
    assert f"{as_at:%d/%m/%Y}" in problem.message


def test_an_as_at_date_past_the_usable_range_is_refused_naming_the_cell() -> None:
    """2203 for 2023 is beyond any date a tracker can hold (loaders.parse): an error, not only a warning."""
    problems = framework_as_at(dt.date(2203, 2, 8))
    refused = [p for p in problems if p.code == "date_out_of_range"]
    assert refused and refused[0].is_error and refused[0].sheet == "About" and refused[0].row == 3


@pytest.mark.parametrize(
    "as_at", [dt.date(2015, 1, 1), dt.date(2023, 2, 8), dt.date.today() + dt.timedelta(days=14)]
)
def test_a_plausible_as_at_date_is_not_warned_about(as_at: dt.date) -> None:
    assert "implausible_as_at" not in codes(framework_as_at(as_at))


@pytest.fixture
def store(engine: Engine) -> Store:
    """The store on SQLite and on PostgreSQL (tests/test_store.py's engine fixture)."""
    store = Store(engine)
    ensure_ready(store, DEFAULT_DATA_DIR)
    return store


def _mistyped(store: Store) -> int:
    content = updated_framework("2032-02-08")
    tracker = load_tracker(content, "framework.xlsx")
    [new_id] = store.save_batch([new_version(tracker, content)], "editor")
    return new_id


def test_a_withdrawn_snapshot_is_not_current_and_can_be_reinstated(store: Store) -> None:
    new_id = _mistyped(store)
    assert tracker_set_from_store(store).as_at == pd.Timestamp("2032-02-08")
    before = len(store.versions())
    store.withdraw(new_id, "editor", "typed 2032 for 2023")
    assert new_id not in {v.id for v in current_versions(store)}
    assert f"{tracker_set_from_store(store).as_at:%Y-%m-%d}" == "2023-02-08"
    assert len(store.versions()) == before  # nothing deleted
    assert store.withdrawn_ids() == {new_id}
    assert store.audit_entries(1)[0].action == "withdraw"
    assert store.audit_entries(1)[0].detail["reason"] == "typed 2032 for 2023"
    store.reinstate(new_id, "editor", "it was right after all")
    assert new_id in {v.id for v in current_versions(store)}
    assert store.withdrawn_ids() == set()
    assert [e.action for e in store.audit_entries(2)] == ["reinstate", "withdraw"]


def test_withdrawing_an_unknown_or_already_withdrawn_version_is_refused(store: Store) -> None:
    new_id = _mistyped(store)
    with pytest.raises(StoreError, match="no version 999"):
        store.withdraw(999, "editor")
    store.withdraw(new_id, "editor")
    with pytest.raises(StoreError, match="already withdrawn"):
        store.withdraw(new_id, "editor")
    with pytest.raises(StoreError, match="not withdrawn"):
        store.reinstate(store.versions(Kind.CPLG)[0].id, "editor")


def test_an_editor_is_warned_about_2032_and_can_withdraw_it_on_the_history_page(editing: None) -> None:
    at = sign_in(
        AppTest.from_file(ENTRY, default_timeout=120).run().switch_page("pages/manage/upload.py").run()
    )
    at.get("file_uploader")[0].upload("framework.xlsx", updated_framework("2032-02-08"), XLSX)
    at.run()
    assert "08/02/2032" in markdown(at)
    store_button = next(b for b in at.button if b.label.startswith("Store 1 file"))
    assert store_button.disabled  # the warning must be accepted first
    next(c for c in at.checkbox if "warning" in c.label).check()  # "the 1 warning", "the 2 warnings"
    at.run()
    next(b for b in at.button if b.label.startswith("Store 1 file")).click()
    at.run()
    overview = AppTest.from_file(ENTRY, default_timeout=120).run()
    assert "As at **8 February 2032**" in markdown(overview)

    at.switch_page("pages/manage/stored_versions.py").run()
    assert not at.exception, at.exception[0].message if at.exception else ""
    framework = at.dataframe[0].value
    mistyped = int(framework["Version"].iloc[0])
    at.selectbox(key="pick_framework").set_value(mistyped).run()
    at.text_input(key="withdraw_note_framework").input("typed 2032 for 2023").run()
    next(b for b in at.button if b.label.startswith(f"Withdraw version {mistyped}")).click()
    at.run()
    assert not at.exception, at.exception[0].message if at.exception else ""
    assert f"Version {mistyped} was withdrawn" in markdown(at)
    framework = at.dataframe[0].value
    row = framework[framework["Version"] == mistyped].iloc[0]
    assert row["Current"] == "No" and row["Withdrawn"] == "Yes"
    overview = AppTest.from_file(ENTRY, default_timeout=120).run()
    assert "As at **8 February 2023**" in markdown(overview)

    at.selectbox(key="pick_framework").set_value(mistyped).run()
    next(b for b in at.button if b.label.startswith(f"Reinstate version {mistyped}")).click()
    at.run()
    assert f"Version {mistyped} was reinstated" in markdown(at)
    assert {"withdraw", "reinstate"} <= set(at.dataframe[-1].value["Action"])


def test_two_trackers_of_one_kind_and_date_in_a_batch_are_refused(store: Store) -> None:
    """Only the last of two would count (issue 10 #20): the batch is refused, and says why."""
    feb = DEFAULT_DATA_DIR / "framework_2023-02-08.xlsx"
    first = new_version(load_tracker(feb.read_bytes(), "first.xlsx"), feb.read_bytes())
    second = new_version(load_tracker(feb.read_bytes(), "second.xlsx"), feb.read_bytes())
    clashes = batch_clashes([first, second])
    assert clashes == [
        "first.xlsx and second.xlsx are both the Framework themes tracker as at 08/02/2023: only one "
        "of them could be current. Remove one from the batch."
    ]
    before = store.latest_id()
    with pytest.raises(StoreError, match="only one of them could be current"):
        save_batch(store, [first, second], "editor")
    assert store.latest_id() == before
    march = updated_framework("2023-03-01")
    other_date = new_version(load_tracker(march, "march.xlsx"), march)
    assert batch_clashes([first, other_date]) == []  # two snapshots with different dates are fine


def test_the_upload_page_refuses_two_files_of_one_kind(editing: None) -> None:
    at = sign_in(
        AppTest.from_file(ENTRY, default_timeout=120).run().switch_page("pages/manage/upload.py").run()
    )
    cplg = (DEFAULT_DATA_DIR / "cplg_agenda_log.xlsx").read_bytes()
    uploader = at.get("file_uploader")[0]
    uploader.upload("cplg_a.xlsx", cplg, XLSX)
    uploader.upload("cplg_b.xlsx", cplg, XLSX)
    at.run()
    assert not at.exception, at.exception[0].message if at.exception else ""
    shown = markdown(at)
    assert "cplg_a.xlsx and cplg_b.xlsx are both the CPLG agenda log tracker" in shown
    assert not [b for b in at.button if b.label.startswith("Store")]
