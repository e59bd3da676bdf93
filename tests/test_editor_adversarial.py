"""Holes found by attacking the editor screens (issue 20's adversarial pass), one test each."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from access.passwords import hash_password
from services.edits import Draft, EditRefused, check_edit, save_edit, text_problem
from services.locks import lock_snapshot
from services.seeding import open_seeded_store
from services.trackers import tracker_set_from_store
from store.db import DATABASE_URL_VARIABLE, read_only_urls
from store.repository import Store, StoreError
from tests.test_assessment_pages import FORM, fill_round, open_page
from tests.test_edits import FEB, draft, set_field, store  # noqa: F401  (the fixture)
from tests.test_update_page import PASSWORD, signed_in, text
from tests.test_upload_flow import sign_in
from ui.editing import apply_grid_edits

LOCK_PAGE_DAY = "lock_day"


@pytest.fixture
def editing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCPL_EDITOR_PASSWORD_HASH", hash_password(PASSWORD, n=2**10))


# -- Lock: a lock cannot be undone, so a date that cannot be the meeting's is refused ----------------------------
def test_a_snapshot_cannot_be_locked_as_presented_before_its_date(store: Store) -> None:  # noqa: F811
    with pytest.raises(StoreError, match="cannot have been presented on 1 January 1999, before its date"):
        lock_snapshot(store, FEB, dt.date(1999, 1, 1), "Sukhi Mahil")
    assert store.locks() == []


def test_a_lock_date_with_a_mistyped_year_far_ahead_is_refused(store: Store) -> None:  # noqa: F811
    with pytest.raises(StoreError, match="more than a year ahead: check the year"):
        lock_snapshot(store, FEB, dt.date(2203, 2, 8), "Sukhi Mahil")
    assert store.locks() == []
    assert lock_snapshot(store, FEB, dt.date(2023, 3, 15), "Sukhi Mahil").presented_on == dt.date(2023, 3, 15)


def test_the_update_page_shows_why_a_lock_was_refused(editing: None) -> None:
    at = signed_in()
    at.text_input(key=LOCK_PAGE_DAY).input("01/01/2023")
    at = at.run()
    next(b for b in at.button if b.label.startswith("Lock the snapshot")).click()
    at = at.run()
    assert not at.exception
    assert "cannot have been presented on 1 January 2023" in text(at)  # was shown, then wiped by a rerun
    assert "It is locked" not in text(at)


# -- the grid's state is the browser's word: positions that are not rows are skipped ------------------------------
def test_grid_edits_at_positions_that_are_not_rows_are_skipped() -> None:
    table = pd.DataFrame({"priority_id": pd.Series(["P1", "P2"], dtype=object)})
    state = {
        "edited_rows": {"x": {"priority_id": "bad"}, -1: {"priority_id": "bad"}, 7: {"priority_id": "bad"}},
        "deleted_rows": ["x", None, 5, -2, 1, 1],
        "added_rows": ["not a row", {"priority_id": "P3"}],
    }
    assert list(apply_grid_edits(table, state)["priority_id"]) == ["P1", "P3"]


# -- a store that cannot be written: the editor is told before she works, not only when she saves ---------------
def test_an_editor_is_told_up_front_when_nothing_can_be_saved(
    editing: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ccpl.sqlite3"
    open_seeded_store(f"sqlite:///{path}", Path("data")).engine.dispose()
    monkeypatch.setenv(DATABASE_URL_VARIABLE, read_only_urls(path)[0])
    at = signed_in()  # sign-in still works: its throttling counts in memory while the file cannot be written
    assert not at.exception
    assert "Nothing can be saved just now: the database cannot be written" in text(at)


# -- a block pasted one column to the left: wording in the id column ---------------------------------------------
def test_an_id_longer_than_the_history_keeps_is_refused_not_filed_under_a_cut_id(store: Store) -> None:  # noqa: F811
    edit = draft(store, "Sukhi Mahil")
    wording = (
        "Continue to review language being used to ensure it is inclusive and relevant across the system"
    )
    row = edit.edited.iloc[[0]].assign(priority_id=wording)
    edit = Draft(edit.base, pd.concat([edit.edited, row], ignore_index=True), FEB, "Sukhi Mahil")
    with pytest.raises(EditRefused) as refused:
        check_edit(store, tracker_set_from_store(store), edit)
    assert refused.value.problems[0].code == "id_too_long"
    assert f"is {len(wording)} characters long; an id has at most 64" in str(refused.value)
    assert store.latest_id() == 5 and store.field_history() == []


# -- two editors: one removes a row the other changed ---------------------------------------------------------------
def _without(edit: Draft, record: str) -> Draft:
    kept = edit.edited[edit.edited["priority_id"] != record].reset_index(drop=True)
    return Draft(edit.base, kept, edit.as_at, edit.editor)


def test_a_change_to_a_row_the_other_editor_removed_is_a_conflict_not_lost_silently(store: Store) -> None:  # noqa: F811
    removing = _without(draft(store, "Alice"), "P07")
    changing = set_field(draft(store, "Bob"), "P07", "status", "Complete")
    save_edit(
        store, tracker_set_from_store(store), check_edit(store, tracker_set_from_store(store), removing)
    )
    checked = check_edit(store, tracker_set_from_store(store), changing)
    conflicts = checked.conflicts.to_dict("records")
    assert [(c["record"], c["field"], c["they_saved"], c["you_saved"]) for c in conflicts] == [
        ("P07", "Status", "(row removed)", "Complete")
    ]


def test_removing_a_row_the_other_editor_changed_is_a_conflict(store: Store) -> None:  # noqa: F811
    changing = set_field(draft(store, "Alice"), "P07", "status", "Complete")
    removing = _without(draft(store, "Bob"), "P07")
    save_edit(
        store, tracker_set_from_store(store), check_edit(store, tracker_set_from_store(store), changing)
    )
    checked = check_edit(store, tracker_set_from_store(store), removing)
    conflicts = checked.conflicts.to_dict("records")
    assert [(c["record"], c["field"], c["they_saved"], c["you_saved"]) for c in conflicts] == [
        ("P07", "Status", "Complete", "(row removed)")
    ]


# -- the assessment form: text a cell cannot keep is refused, never cut or replaced --------------------------------
@pytest.mark.usefixtures("form_editing")
def test_the_assessment_form_refuses_a_rationale_longer_than_a_cell_instead_of_cutting_it() -> None:
    at = sign_in(open_page(FORM))
    at = fill_round(at, dt.date(2024, 3, 12), {1: 2, 2: 2, 3: 2, 4: 2, 5: 2})
    at.text_area(key="as_rationale_1").input("x" * 40_000)
    next(b for b in at.button if b.label == "Check this round").click()
    at = at.run()
    assert not at.exception
    errors = " ".join(str(e.value) for e in at.error)
    assert (
        "Rationale of principle 1 is 40,000 characters long; a cell holds at most 32,767 characters" in errors
    )
    assert not [b for b in at.button if b.label == "Store as a new version"]


def test_text_a_form_would_write_is_refused_when_a_cell_cannot_keep_it() -> None:
    # A browser cannot send a lone surrogate through Streamlit's protocol, so this is the service's own check.
    message, fix = text_problem("Dom \ud800Moore", "Peer reviewer") or ("", "")
    assert "contains a character that cannot be stored" in message and "Retype the Peer reviewer text" in fix
    assert text_problem("x" * 32_767, "Rationale") is None


@pytest.fixture
def form_editing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCPL_EDITOR_PASSWORD_HASH", hash_password("correct horse battery staple", n=2**10))
