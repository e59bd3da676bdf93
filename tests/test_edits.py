"""Editing in the app (services/edits.py): edit -> workbook -> same checks as an upload -> preview -> version."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from domain import Kind
from loaders.tracker_set import DEFAULT_DATA_DIR
from loaders.trackers import load_tracker
from metrics.filters import Filters
from metrics.view import build_view
from services.edits import Draft, EditRefused, check_edit, editable_table, save_edit
from services.locks import lock_snapshot, presented_sentence
from services.seeding import ensure_ready
from services.trackers import tracker_set_from_store
from services.uploads import new_version
from store.db import make_engine
from store.repository import SnapshotLocked, Store
from tests.conftest import FRAMEWORK, current_versions, load, sheets_copy

FEB = dt.date(2023, 2, 8)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(make_engine(f"sqlite:///{tmp_path / 'edits.sqlite3'}"))
    ensure_ready(store, DEFAULT_DATA_DIR)
    return store


def draft(store: Store, editor: str, as_at: dt.date | None = FEB, kind: Kind = Kind.FRAMEWORK) -> Draft:
    """A draft of the current version (the snapshot as at `as_at` for the framework), not yet changed."""
    current = tracker_set_from_store(store)
    base = (
        next(t for t in current.framework if t.as_at.date() == FEB)
        if kind is Kind.FRAMEWORK
        else current.cplg
    )
    return Draft(base=base, edited=editable_table(base), as_at=as_at, editor=editor)


def set_field(draft_: Draft, record: str, column: str, value: object) -> Draft:
    key = "priority_id" if draft_.kind is Kind.FRAMEWORK else "action_id"
    draft_.edited.loc[draft_.edited[key] == record, column] = value
    return draft_


def priority(store: Store, record: str, as_at: dt.date = FEB) -> pd.Series:
    current = tracker_set_from_store(store)
    snapshot = next(t for t in current.framework if t.as_at.date() == as_at)
    table = snapshot.tables["priorities"]
    return table[table["priority_id"] == record].iloc[0]


def test_a_valid_change_is_checked_previewed_stored_and_shown_on_the_overview(store: Store) -> None:
    before = priority(store, "P07")
    assert before["status"] != "Complete"
    edit = set_field(
        set_field(draft(store, "Sukhi Mahil"), "P07", "status", "Complete"), "P07", "percent_complete", 100
    )
    checked = check_edit(store, tracker_set_from_store(store), edit)
    assert checked.ok, checked.tracker.problems
    assert not checked.preview.new_snapshot
    moves = checked.preview.status_changes
    assert moves[["priority_id", "before", "after"]].values.tolist() == [
        ["P07", str(before["status"]), "Complete"]
    ]
    assert {(c.record_id, c.field, c.after) for c in checked.changes} == {
        ("P07", "Status", "Complete"),
        ("P07", "Percent complete", "100%"),
    }
    saved = save_edit(store, tracker_set_from_store(store), checked, note="March check-in")
    assert priority(store, "P07")["status"] == "Complete"
    version = store.version(saved.version_id)
    assert (version.source, version.uploaded_by, version.as_at) == ("edit", "Sukhi Mahil", FEB)
    # The stored version is a real tracker workbook: it loads as an upload would, and is what the Overview reads.
    assert load_tracker(store.content(saved.version_id), version.file_name).ok
    view = build_view(tracker_set_from_store(store), Filters())
    assert view.priorities.set_index("priority_id").loc["P07", "status"] == "Complete"
    # Audit per field: who changed what from what to what, when.
    history = store.field_history("P07")
    assert [(h.field, h.before, h.after, h.actor) for h in history] == [
        ("Status", str(before["status"]), "Complete", "Sukhi Mahil"),
        ("Percent complete", None, "100%", "Sukhi Mahil"),
    ]
    entry = next(e for e in store.audit_entries() if e.action == "edit")
    assert entry.detail["version_id"] == saved.version_id
    assert f"P07 Status: {before['status']} → Complete" in entry.detail["changes"]


def test_an_invalid_value_is_refused_with_the_same_message_as_an_upload(store: Store) -> None:
    edit = set_field(draft(store, "Sukhi Mahil"), "P07", "status", "Blue-ish")
    checked = check_edit(store, tracker_set_from_store(store), edit)
    assert not checked.ok
    [edit_problem] = [p for p in checked.tracker.errors if p.column and p.column.startswith("Status")]
    sheets = sheets_copy(FRAMEWORK)
    sheets["Priorities"][1][5] = "Blue-ish"
    [upload_problem] = [p for p in load(sheets).errors if p.column and p.column.startswith("Status")]
    assert (edit_problem.code, edit_problem.message, edit_problem.fix) == (
        upload_problem.code,
        upload_problem.message,
        upload_problem.fix,
    )
    versions = len(store.versions())
    with pytest.raises(EditRefused):
        save_edit(store, tracker_set_from_store(store), checked)
    assert len(store.versions()) == versions


def test_two_editors_saving_at_once_both_keep_a_version_and_the_second_sees_the_conflict(
    store: Store,
) -> None:
    first = set_field(draft(store, "Alice"), "P07", "status", "Complete")
    second = set_field(draft(store, "Bob"), "P07", "status", "At risk")
    second = set_field(second, "P08", "owner", "Bob's team")
    first_checked = check_edit(store, tracker_set_from_store(store), first)
    second_checked = check_edit(
        store, tracker_set_from_store(store), second
    )  # both started from the same version
    started_from = str(priority(store, "P07")["status"])
    first_saved = save_edit(store, tracker_set_from_store(store), first_checked)
    assert first_saved.conflicts.empty
    second_saved = save_edit(store, tracker_set_from_store(store), second_checked)
    ids = {v.id for v in store.versions(Kind.FRAMEWORK)}
    assert {first_saved.version_id, second_saved.version_id} <= ids
    assert [v.uploaded_by for v in second_saved.saved_since] == ["Alice"]
    assert second_saved.conflicts.to_dict("records") == [
        {
            "record": "P07",
            "field": "Status",
            "started_from": started_from,
            "they_saved": "Complete",
            "saved_by": "Alice",
            "you_saved": "At risk",
        }
    ]
    # The second save was applied onto the first, field by field: nothing of Alice's is lost silently.
    assert priority(store, "P07")["status"] == "At risk"
    assert priority(store, "P08")["owner"] == "Bob's team"


def test_a_locked_snapshot_cannot_be_amended_only_followed(store: Store) -> None:
    lock_snapshot(store, FEB, dt.date(2023, 3, 15), "Sukhi Mahil")
    assert presented_sentence(store.locks(), pd.Timestamp(FEB)) == (
        "The snapshot as at 8 February 2023 was presented to the board on 15 March 2023."
    )
    edit = set_field(draft(store, "Sukhi Mahil"), "P07", "status", "Complete")
    checked = check_edit(store, tracker_set_from_store(store), edit)
    assert not checked.ok and "presented to the board on 15/03/2023" in checked.refusal
    with pytest.raises(EditRefused):
        save_edit(store, tracker_set_from_store(store), checked)
    # An upload of the same 'as at', or a restore into it, is refused too.
    upload = load_tracker((DEFAULT_DATA_DIR / "framework_2023-02-08.xlsx").read_bytes(), "framework.xlsx")
    with pytest.raises(SnapshotLocked):
        store.save_batch([new_version(upload, b"x")], "Sukhi Mahil")
    with pytest.raises(SnapshotLocked):
        store.restore(store.versions(Kind.FRAMEWORK)[-1].id, "Sukhi Mahil")
    # A new snapshot may follow it.
    follow = set_field(draft(store, "Sukhi Mahil", as_at=dt.date(2023, 4, 1)), "P07", "status", "Complete")
    checked = check_edit(store, tracker_set_from_store(store), follow)
    assert checked.ok and checked.preview.new_snapshot
    saved = save_edit(store, tracker_set_from_store(store), checked)
    assert store.version(saved.version_id).as_at == dt.date(2023, 4, 1)
    assert priority(store, "P07", dt.date(2023, 4, 1))["status"] == "Complete"


def test_an_action_is_closed_in_the_app_the_same_way(store: Store) -> None:
    edit = draft(store, "Sukhi Mahil", as_at=dt.date(2022, 12, 1), kind=Kind.CPLG)
    first = edit.edited["action_id"].iloc[0]
    edit = set_field(edit, first, "status", "Done")
    edit = set_field(edit, first, "update", "Returned to CPLG in September 2022")
    checked = check_edit(store, tracker_set_from_store(store), edit)
    assert checked.ok, checked.tracker.problems
    save_edit(store, tracker_set_from_store(store), checked)
    actions = tracker_set_from_store(store).cplg.tables["actions"].set_index("action_id")
    assert actions.loc[first, "status"] == "Done"
    assert len(actions) > 5  # the other actions are kept
    agenda = tracker_set_from_store(store).cplg.tables["agenda_items"]
    assert len(agenda) == 21


def test_an_action_from_an_unknown_item_is_refused_as_in_an_upload(store: Store) -> None:
    edit = draft(store, "Sukhi Mahil", as_at=dt.date(2022, 12, 1), kind=Kind.CPLG)
    edit = set_field(edit, edit.edited["action_id"].iloc[0], "item_id", "C99")
    checked = check_edit(store, tracker_set_from_store(store), edit)
    assert [p.code for p in checked.tracker.errors] == ["unknown_reference"]


def test_a_percentage_out_of_range_is_refused_not_rescaled(store: Store) -> None:
    edit = set_field(draft(store, "Sukhi Mahil"), "P07", "percent_complete", 250)
    checked = check_edit(store, tracker_set_from_store(store), edit)
    [problem] = checked.tracker.errors
    assert (problem.code, problem.message) == ("bad_percent", "'250%' is not a percentage from 0 to 100.")


@pytest.mark.parametrize("kind", [Kind.FRAMEWORK, Kind.CPLG])
def test_the_checked_cells_are_the_cells_of_the_stored_workbook(store: Store, kind: Kind) -> None:
    """The check runs on the grid the writer would write; reading the written file back gives the same grid."""
    from loaders.excel import read_workbook
    from loaders.templates import workbook_grid
    from services.edits import _workbook_parts, build_workbook

    edit = draft(
        store, "Sukhi Mahil", as_at=FEB if kind is Kind.FRAMEWORK else dt.date(2022, 12, 1), kind=kind
    )
    first = edit.edited.index[0]
    edit.edited.loc[first, "status"] = "Complete" if kind is Kind.FRAMEWORK else "Done"
    if kind is Kind.FRAMEWORK:
        edit.edited.loc[first, "percent_complete"] = 37.0
    about, rows = _workbook_parts(edit.base, edit.edited, edit.as_at, edit.editor)
    grid = workbook_grid(kind, about, rows)
    written = read_workbook(build_workbook(edit.base, edit.edited, edit.as_at, edit.editor))
    for name, sheet in grid.items():
        pd.testing.assert_frame_equal(
            sheet.cells.reset_index(drop=True), written[name].cells.reset_index(drop=True), obj=name
        )


def test_the_grid_matches_the_written_file_for_random_percentages_and_dates() -> None:
    import io

    from loaders.excel import read_workbook
    from loaders.templates import workbook_grid, write_workbook
    from tools.synthetic import framework_bytes

    tracker = load_tracker(framework_bytes(300), "synthetic.xlsx")
    rows = {"Themes": tracker.tables["themes"], "Priorities": tracker.tables["priorities"]}
    about = {"As at": FEB}
    buffer = io.BytesIO()
    write_workbook(Kind.FRAMEWORK, buffer, about, rows)
    written = read_workbook(buffer.getvalue())
    for name, sheet in workbook_grid(Kind.FRAMEWORK, about, rows).items():
        pd.testing.assert_frame_equal(
            sheet.cells.reset_index(drop=True), written[name].cells.reset_index(drop=True), obj=name
        )


@pytest.mark.parametrize("kind", [Kind.FRAMEWORK, Kind.CPLG])
def test_the_saved_version_read_back_without_a_second_check_equals_a_fresh_check(
    store: Store, kind: Kind, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save remembers its checked tracker for its bytes; that must be what checking the stored file gives."""
    import services.trackers as source
    from loaders.sandbox import check_upload

    edit = draft(store, "Sukhi Mahil", as_at=FEB if kind is Kind.FRAMEWORK else None, kind=kind)
    first = edit.edited.index[0]
    edit.edited.loc[first, "status"] = "Complete" if kind is Kind.FRAMEWORK else "Done"
    saved = save_edit(
        store, tracker_set_from_store(store), check_edit(store, tracker_set_from_store(store), edit)
    )
    version = store.version(saved.version_id)
    checks: list[str] = []
    monkeypatch.setattr(source, "check_upload", lambda *a, **k: checks.append(a[1]) or check_upload(*a, **k))
    remembered = source.load_version(store, version)
    assert checks == []  # the save's own check was reused
    fresh = check_upload(store.content(version.id), version.file_name, version.kind)
    assert (remembered.kind, remembered.file_name, remembered.as_at, remembered.about) == (
        fresh.kind,
        fresh.file_name,
        fresh.as_at,
        fresh.about,
    )
    assert (remembered.sha256, remembered.version_id) == (fresh.sha256, version.id)
    assert [p.describe() for p in remembered.problems] == [p.describe() for p in fresh.problems]
    assert remembered.tables.keys() == fresh.tables.keys()
    for key, table in fresh.tables.items():
        pd.testing.assert_frame_equal(remembered.tables[key], table, obj=key)


def test_a_stored_version_is_checked_once_per_process_and_each_reader_gets_its_own_fields(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import services.trackers as source
    from loaders.sandbox import check_upload

    checks: list[str] = []
    monkeypatch.setattr(source, "check_upload", lambda *a, **k: checks.append(a[1]) or check_upload(*a, **k))
    first = tracker_set_from_store(store)
    assert len(checks) == len(current_versions(store))
    second = tracker_set_from_store(store)
    assert len(checks) == len(current_versions(store))  # nothing checked again
    assert first.current_framework is not second.current_framework
    first.current_framework.problems.append("changed by one reader")
    assert "changed by one reader" not in second.current_framework.problems


def test_checked_files_no_longer_in_use_are_forgotten_but_for_a_few(store: Store) -> None:
    """Memory stays about one tracker set: each save's replaced version is not kept for ever."""
    import services.trackers as source

    for percent in (10, 20, 30, 40, 50, 60, 70):
        edit = set_field(draft(store, "Sukhi Mahil"), "P07", "percent_complete", percent)
        save_edit(
            store, tracker_set_from_store(store), check_edit(store, tracker_set_from_store(store), edit)
        )
        tracker_set_from_store(store)
        in_use = len(current_versions(store))
        assert len(source._checked) <= in_use + source.SPARE_REMEMBERED_FILES
    assert priority(store, "P07")["percent_complete"] == 70
