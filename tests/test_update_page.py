"""The Update priorities page through the entry file: sign in, edit a status, check, preview, store, Overview."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from access.passwords import hash_password

ENTRY = str(Path(__file__).resolve().parent.parent / "dashboard.py")
PASSWORD = "correct horse battery staple"
PAGE = "pages/manage/update_priorities.py"


@pytest.fixture(scope="module")
def password_hash() -> str:
    return hash_password(PASSWORD)


@pytest.fixture
def editing(monkeypatch: pytest.MonkeyPatch, password_hash: str) -> None:
    monkeypatch.setenv("CCPL_EDITOR_PASSWORD_HASH", password_hash)


def signed_in(name: str = "Sukhi Mahil") -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=120).run()
    at = at.switch_page(PAGE).run()
    at.text_input(key="sign_in_name_edit").input(name)
    at.text_input(key="sign_in_password_edit").input(PASSWORD)
    next(b for b in at.button if b.label == "Sign in").click()
    return at.run()


def text(at: AppTest) -> str:
    parts = (*at.markdown, *at.error, *at.warning, *at.success, *at.info, *at.header)
    return re.sub(r"\\(.)", r"\1", "\n".join(str(e.value) for e in parts))


def edit_cell(at: AppTest, record: str, column: str, value: object) -> AppTest:
    """Type a value into the editable table, as the browser's grid would report it."""
    editor = at.data_editor[0]
    table = editor.value
    key_column = table.columns[0]
    row = int(table.index[table[key_column] == record][0])
    at.session_state[editor.key] = {
        "edited_rows": {row: {column: value}},
        "added_rows": [],
        "deleted_rows": [],
    }
    return at.run()


def test_viewers_cannot_reach_the_editor() -> None:
    at = AppTest.from_file(ENTRY, default_timeout=120).run()
    at = at.switch_page(PAGE).run()
    assert not at.exception
    assert "Editing is not enabled" in text(at)
    assert not at.data_editor


def test_editor_changes_a_status_sees_the_preview_stores_it_and_the_overview_shows_it(editing: None) -> None:
    at = signed_in()
    assert not at.exception
    assert "Editing **Version" in text(at)
    at = edit_cell(at, "P07", "status", "Complete")
    assert "1 field changed so far." in text(at)
    next(b for b in at.button if b.label == "Check and preview").click()
    at = at.run()
    assert not at.exception
    shown = text(at)
    assert "**Priority status changes:** P07 On track → Complete." in shown
    assert "Replaces the current version (as at 8 February 2023)" in shown
    store = next(b for b in at.button if b.label == "Store as a new version")
    assert not store.disabled
    store.click()
    at = at.run()
    assert re.search(r"Stored version \d+ \(1 field changed\)\. Every page now shows it\.", text(at))
    at.selectbox(key="history_priority").select("P07")
    at = at.run()
    snapshots = next(d.value for d in at.dataframe if "Notes" in d.value.columns and len(d.value) == 2)
    assert list(snapshots["Status"].astype(str).str.contains("Complete")) == [False, True]
    edits = next(d.value for d in at.dataframe if "Before" in d.value.columns)
    assert edits[["Field", "Before", "After", "Who"]].values.tolist() == [
        ["Status", "On track", "Complete", "Sukhi Mahil"]
    ]
    overview = AppTest.from_file(ENTRY, default_timeout=120).run()
    assert {m.label: m.value for m in overview.metric}["Complete"] == "2 of 24"


def test_a_status_change_asks_for_its_reason_and_stores_it_with_the_change(editing: None) -> None:
    """Issue 18, item 7: the reason is asked for when the status changes, and kept with that change."""
    at = signed_in()
    at = edit_cell(at, "P07", "status", "Complete")
    next(b for b in at.button if b.label == "Check and preview").click()
    at = at.run()
    reason = at.text_input(key="edit_reason_P07_0")
    assert "P07" in reason.label and "On track" in reason.label and "Complete" in reason.label
    reason.input("Signed off at the March ICB")
    at = at.run()
    next(b for b in at.button if b.label == "Store as a new version").click()
    at = at.run()
    assert "Stored version" in text(at)
    at.selectbox(key="history_priority").set_value("P07")
    at = at.run()
    edits = next(d.value for d in at.dataframe if "Reason given" in d.value.columns)
    assert list(edits.loc[edits["Field"] == "Status", "Reason given"]) == ["Signed off at the March ICB"]


def test_an_invalid_value_is_refused_with_the_uploads_message(editing: None) -> None:
    at = signed_in()
    at = edit_cell(at, "P07", "percent_complete", 250)
    next(b for b in at.button if b.label == "Check and preview").click()
    at = at.run()
    assert "'250' is not a percentage from 0 to 100." in text(
        at
    ) or "is not a percentage from 0 to 100" in text(at)
    assert next(b for b in at.button if b.label == "Store as a new version").disabled


def test_locking_a_snapshot_says_so_and_offers_only_a_new_snapshot(editing: None) -> None:
    at = signed_in()
    next(b for b in at.button if b.label.startswith("Lock the snapshot as at")).click()
    at = at.run()
    assert "The snapshot as at 8 February 2023 was presented to the board on" in text(at)
    assert at.radio(key="edit_how").options[0].startswith("a new snapshot")


def test_choosing_an_amendment_of_a_locked_snapshot_says_why_it_is_refused(editing: None) -> None:
    """Issue 18, item 5: the page said nothing and only disabled 'Check and preview'."""
    at = signed_in()
    next(b for b in at.button if b.label.startswith("Lock the snapshot as at")).click()
    at = at.run()
    at.radio(key="edit_how").set_value("amend")
    at = at.run()
    at = edit_cell(at, "P07", "status", "Complete")
    assert not at.exception
    [refusal] = [e.value for e in at.error]
    assert refusal.startswith("The framework snapshot as at 08/02/2023 was presented to the board on ")
    assert (
        "it can no longer be amended. Store the changes as a new snapshot with a later 'As at' date"
        in refusal
    )
    assert next(b for b in at.button if b.label == "Check and preview").disabled


def test_history_refuses_to_withdraw_a_version_presented_to_the_board(editing: None) -> None:
    """Issue 18, item 5: History allowed withdrawing the locked snapshot's version, changing what was presented."""
    at = signed_in()
    next(b for b in at.button if b.label.startswith("Lock the snapshot as at")).click()
    at = at.run()
    at = at.switch_page("pages/manage/stored_versions.py").run()
    next(b for b in at.button if b.key == "withdraw_framework").click()
    at = at.run()
    assert not at.exception
    [refusal] = [e.value for e in at.error]
    assert "was presented to the board on" in refusal and "so it cannot be withdrawn" in refusal
    assert "(withdrawn)" not in at.selectbox(key="pick_framework").format_func(
        at.selectbox(key="pick_framework").value
    )


def test_the_overview_says_which_snapshot_was_presented_when(editing: None) -> None:
    at = signed_in()
    next(b for b in at.button if b.label.startswith("Lock the snapshot as at")).click()
    at.run()
    overview = AppTest.from_file(ENTRY, default_timeout=120).run()
    captions = [c.value for c in overview.caption]
    assert any(
        c.startswith("The snapshot as at 8 February 2023 was presented to the board on") for c in captions
    )


def test_cplg_page_lists_matters_arising_and_links_items_that_came_back() -> None:
    at = AppTest.from_file(ENTRY, default_timeout=120).run()
    at = at.switch_page("pages/board/cplg.py").run()
    assert not at.exception
    assert "Matters arising for the next meeting" in text(at)
    assert "11 actions are still open" in text(at)
    arising = next(d.value for d in at.dataframe if "What was asked" in d.value.columns)
    assert "HH took away an action to collate comments" in " ".join(arising["What was asked"])
    agenda = next(d.value for d in at.dataframe if "Came back" in d.value.columns).set_index("ID")
    assert agenda.loc["C02", "Came back"] == "Came back as C19 (20 Sep 2022)"
    assert agenda.loc["C19", "Came back"] == "First presented as C02 (8 Feb 2022)"
    assert agenda.loc["C02", "Actions"].startswith("CA01 (Not recorded): DM was asked to refine the tool")


def test_an_editor_closes_a_cplg_action_the_same_way(editing: None) -> None:
    at = signed_in()
    at.segmented_control(key="edit_kind").set_value("cplg")
    at = at.run()
    assert "Editing **Version" in text(at)
    at = edit_cell(at, "CA01", "status", "Done")
    next(b for b in at.button if b.label == "Check and preview").click()
    at = at.run()
    assert "Actions: 1 changed (CA01)." in text(at)
    next(b for b in at.button if b.label == "Store as a new version").click()
    at = at.run()
    assert "Stored version" in text(at)
    cplg = AppTest.from_file(ENTRY, default_timeout=120).run().switch_page("pages/board/cplg.py").run()
    assert "10 actions are still open" in text(cplg)


def test_an_upload_into_a_locked_snapshot_is_refused_with_the_reason(editing: None) -> None:
    from tests.test_upload_flow import XLSX, updated_framework

    at = signed_in()
    next(b for b in at.button if b.label.startswith("Lock the snapshot as at")).click()
    at = at.run()
    at = at.switch_page("pages/manage/upload.py").run()
    at.get("file_uploader")[0].upload("framework_2023-02-08.xlsx", updated_framework("2023-02-08"), XLSX)
    at = at.run()
    next(b for b in at.button if b.label.startswith("Store 1 file")).click()
    at = at.run()
    assert "was presented to the board on" in text(at) and "Nothing was stored." in text(at)


@pytest.mark.parametrize("page", ["pages/manage/update_priorities.py", "pages/manage/record_assessment.py"])
def test_an_editor_name_typed_as_markdown_shows_as_typed(editing: None, page: str) -> None:
    """The editor pages share one sign-in gate (ui.auth.editor_gate), which escapes the name it greets."""
    at = AppTest.from_file(ENTRY, default_timeout=120).run()
    at = at.switch_page(page).run()
    at.text_input(key="sign_in_name_edit").input("[Ed](http://evil.example) **bold**")
    at.text_input(key="sign_in_password_edit").input(PASSWORD)
    next(b for b in at.button if b.label == "Sign in").click()
    at.run()
    greeting = next(str(m.value) for m in at.markdown if str(m.value).startswith("Signed in as"))
    assert "\\[Ed\\]\\(http" in greeting and "\\*\\*bold\\*\\*" in greeting
