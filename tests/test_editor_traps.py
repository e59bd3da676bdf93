"""Issue 20: the assistant director's day on the editors' screens, and the traps found by attacking them."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from access.__main__ import main as access_main
from access.passwords import hash_password, verify_password
from domain import Kind
from loaders.cell_values import EXCEL_MAX_TEXT
from loaders.formats import TRACKERS
from loaders.tracker_set import DEFAULT_DATA_DIR
from loaders.trackers import load_tracker
from services.edits import Draft, EditRefused, check_edit, editable_table, field_changes, save_edit
from services.seeding import ensure_ready
from services.trackers import tracker_set_from_store
from services.version_history import PREPARER_HIDDEN, original_for
from store.db import database_url, make_engine
from store.repository import Store
from tests.test_edits import FEB, draft, priority, set_field
from tests.test_update_page import ENTRY, PASSWORD, edit_cell, signed_in, text
from tests.test_upload_flow import XLSX, open_upload, sign_in
from ui.components import md
from ui.templates import template_file_name


@pytest.mark.parametrize(
    "typed", ["a long editor password\na long editor password\n", "one line\r\nand more"]
)
def test_a_piped_password_with_a_line_break_is_refused_not_hashed(monkeypatch, capsys, typed: str) -> None:  # noqa: ANN001
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    assert access_main(["hash-password"]) == 2
    shown = capsys.readouterr()
    assert shown.out == ""  # no hash printed
    assert "line break" in shown.err and "printf '%s'" in shown.err


def test_a_piped_password_ending_in_one_newline_is_still_accepted(monkeypatch, capsys) -> None:  # noqa: ANN001
    monkeypatch.setattr("sys.stdin", io.StringIO("a long editor password\n"))
    assert access_main(["hash-password"]) == 0
    assert verify_password("a long editor password", capsys.readouterr().out.splitlines()[0])


def test_the_help_says_how_to_pipe_a_password(capsys) -> None:  # noqa: ANN001
    with pytest.raises(SystemExit) as exit_:
        access_main(["--help"])
    assert exit_.value.code == 0
    assert "printf '%s' \"$PW\" | python -m access hash-password" in capsys.readouterr().out


# -- services: what a careless or hostile editor can send -------------------------------------------------
@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(make_engine(f"sqlite:///{tmp_path / 'traps.sqlite3'}"))
    ensure_ready(store, DEFAULT_DATA_DIR)
    return store


def _with_row(draft_: Draft, priority_id: str, text: str) -> Draft:
    """The draft with one more priority, typed as an editor would in 'Edit wording' mode."""
    row = draft_.edited[draft_.edited["priority_id"] == "P07"].assign(priority_id=priority_id, priority=text)
    draft_.edited = pd.concat([draft_.edited, row], ignore_index=True)
    return draft_


@pytest.mark.parametrize("typed", ["p99", " P98", "p97 "])
def test_a_row_added_with_an_untidy_id_merges_onto_a_save_made_meanwhile(store: Store, typed: str) -> None:
    alice = set_field(draft(store, "Alice"), "P07", "status", "Complete")
    bob = _with_row(draft(store, "Bob"), typed, "A priority Bob added")  # Bob started before Alice saved
    save_edit(store, tracker_set_from_store(store), check_edit(store, tracker_set_from_store(store), alice))
    checked = check_edit(store, tracker_set_from_store(store), bob)  # was: KeyError ... not in the index
    assert checked.ok, checked.tracker.problems
    assert [(c.record_id, c.field, c.after) for c in checked.changes] == [
        (typed.strip().upper(), "(row)", "added")
    ]
    save_edit(store, tracker_set_from_store(store), checked)
    assert priority(store, typed.strip().upper())["priority"] == "A priority Bob added"
    assert priority(store, "P07")["status"] == "Complete"  # Alice's save is kept


def test_untidy_ids_are_normalised_as_the_loader_normalises_them(store: Store) -> None:
    edit = draft(store, "Sukhi Mahil")
    before = edit.edited.copy()
    edit.edited["priority_id"] = " " + edit.edited["priority_id"].str.lower() + " "
    assert field_changes(before, edit.edited, Kind.FRAMEWORK) == []  # the same ids, as the loader reads them


def _typed(draft_: Draft, record: str, column: str, value: str) -> Draft:
    """A cell set to any text the page might send (object dtype: arrow strings cannot hold every str)."""
    draft_.edited[column] = draft_.edited[column].astype(object)
    return set_field(draft_, record, column, value)


def _row_of_p07(store: Store) -> int:
    """P07's row as the loader reports it in an upload's problems (Excel's row number)."""
    wrong = set_field(draft(store, "Sukhi Mahil"), "P07", "status", "Blue-ish")
    [problem] = check_edit(store, tracker_set_from_store(store), wrong).tracker.errors
    return problem.row


def test_text_longer_than_a_cell_holds_is_refused_naming_the_row_and_column(store: Store) -> None:
    edit = _typed(draft(store, "Sukhi Mahil"), "P07", "notes", "x" * 40_000)
    with pytest.raises(EditRefused) as refused:
        check_edit(store, tracker_set_from_store(store), edit)
    [problem] = refused.value.problems
    assert problem.column == "Notes" and problem.sheet == "Priorities" and problem.row == _row_of_p07(store)
    assert "P07" in problem.message and "40,000" in problem.message and "32,767" in problem.message
    assert "Shorten" in problem.fix
    versions = len(store.versions())
    assert len(store.versions()) == versions
    # At the limit it is kept whole.
    edit = _typed(draft(store, "Sukhi Mahil"), "P07", "notes", "x" * EXCEL_MAX_TEXT)
    checked = check_edit(store, tracker_set_from_store(store), edit)
    assert checked.ok
    save_edit(store, tracker_set_from_store(store), checked)
    assert priority(store, "P07")["notes"] == "x" * EXCEL_MAX_TEXT


def test_text_over_the_limit_in_excels_units_is_refused(store: Store) -> None:
    """Excel counts UTF-16 units: 20,000 emoji are 40,000 of them, and would be cut."""
    edit = _typed(draft(store, "Sukhi Mahil"), "P08", "owner", "😀" * 20_000)
    with pytest.raises(EditRefused) as refused:
        field_changes(editable_table(edit.base), edit.edited, Kind.FRAMEWORK)
    assert refused.value.problems[0].column == "Owner"


@pytest.mark.parametrize("text", ["\ud800", "notes \udfff here"])
def test_a_lone_surrogate_is_refused_with_a_message_not_a_crash(store: Store, text: str) -> None:
    edit = _typed(draft(store, "Sukhi Mahil"), "P07", "notes", text)
    for call in (
        lambda: field_changes(editable_table(edit.base), edit.edited, Kind.FRAMEWORK),
        lambda: check_edit(store, tracker_set_from_store(store), edit),
    ):
        with pytest.raises(EditRefused) as refused:
            call()
        [problem] = refused.value.problems
        assert (problem.column, problem.row) == ("Notes", _row_of_p07(store))
        assert "P07" in problem.message and "cannot be stored" in problem.message
        assert "Retype" in problem.fix
        assert "\ud800" not in str(refused.value) and problem.value is None


# -- the Update priorities page -------------------------------------------------------------------------------
@pytest.fixture
def editing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCPL_EDITOR_PASSWORD_HASH", hash_password(PASSWORD, n=2**10))


def _press(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click()
    return at.run()


def test_the_page_says_the_text_limit_and_refuses_longer_text_naming_the_row_and_column(
    editing: None,
) -> None:
    at = signed_in()
    config = at.data_editor[0].proto.columns
    assert "At most 32,767 characters" in config
    at = edit_cell(at, "P07", "notes", "x" * 40_000)
    assert not at.exception
    shown = text(at)
    assert "Notes of P07 is 40,000 characters long; a cell holds at most 32,767 characters" in shown
    assert "Shorten it" in shown
    assert next(b for b in at.button if b.label == "Check and preview").disabled


# -- History: what a viewer downloads ---------------------------------------------------------------------
def _about(content: bytes) -> dict[str, object]:
    sheet = load_workbook(io.BytesIO(content))["About"]
    return {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]}


def test_a_viewer_downloads_an_in_app_edit_without_the_editors_name(store: Store) -> None:
    edit = set_field(draft(store, "Sukhi Mahil"), "P07", "status", "Complete")
    saved = save_edit(
        store, tracker_set_from_store(store), check_edit(store, tracker_set_from_store(store), edit)
    )
    stored = store.content(saved.version_id)
    assert _about(stored)["Prepared by"] == "Sukhi Mahil, in the dashboard"
    for_viewer = original_for(stored, editor=False)
    assert "Sukhi Mahil" not in str(_about(for_viewer)) and b"Sukhi Mahil" not in _all_parts(for_viewer)
    assert _about(for_viewer)["Prepared by"] == PREPARER_HIDDEN
    again = load_tracker(for_viewer, "framework.xlsx")
    assert again.ok and again.tables["priorities"].equals(
        load_tracker(stored, "framework.xlsx").tables["priorities"]
    )
    assert original_for(stored, editor=True) == stored  # editors get the original, byte for byte
    assert store.content(saved.version_id) == stored  # what is stored is unchanged


@pytest.fixture
def deferred(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], bytes]]:
    """Every deferred download a page registers, by file name: what a click would serve."""
    found: dict[str, Callable[[], bytes]] = {}
    register = MediaFileManager.add_deferred

    def recorded(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):  # noqa: ANN001, ANN202
        found[file_name] = data_callable
        return register(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", recorded)
    return found


def test_the_history_page_serves_a_viewer_the_copy_without_the_editors_name(
    deferred: dict[str, Callable[[], bytes]],
) -> None:
    at = AppTest.from_file(ENTRY, default_timeout=120).run()  # creates and seeds the app's store
    app = Store(make_engine(database_url()))
    base = next(t for t in tracker_set_from_store(app).framework if t.as_at.date() == FEB)
    edit = Draft(base, editable_table(base), FEB, "Sukhi Mahil")
    edit = set_field(edit, "P07", "status", "Complete")
    saved = save_edit(app, tracker_set_from_store(app), check_edit(app, tracker_set_from_store(app), edit))
    at.switch_page("pages/manage/stored_versions.py").run()
    assert not at.exception
    served = deferred[app.version(saved.version_id).file_name]()
    assert b"Sukhi Mahil" not in _all_parts(served)
    assert _about(served)["Prepared by"] == PREPARER_HIDDEN


def _all_parts(content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


def _store_as(name: str, record: str, column: str, value: object) -> None:
    """Another editor's save, made straight through the service while the page's editor is still editing."""
    app = Store(make_engine(database_url()))
    base = next(t for t in tracker_set_from_store(app).framework if t.as_at.date() == FEB)
    edit = set_field(Draft(base, editable_table(base), FEB, name), record, column, value)
    save_edit(app, tracker_set_from_store(app), check_edit(app, tracker_set_from_store(app), edit))


HOSTILE_NAME = "[x](https://evil) ![i](https://evil/i.png)"


def test_the_other_editors_name_is_shown_literally_in_the_merge_warning(editing: None) -> None:
    at = signed_in("Bob")
    at = edit_cell(at, "P07", "status", "At risk")
    _store_as(HOSTILE_NAME, "P07", "status", "Complete")  # saved while Bob was editing
    at = _press(at, "Check and preview")
    at = _press(at, "Store as a new version")
    assert not at.exception
    warnings = [str(w.value) for w in at.warning]
    assert any("saved changes while you were editing" in w for w in warnings), warnings
    for shown in warnings:
        assert "](https://evil" not in shown and "![i]" not in shown, shown
    assert any(md(HOSTILE_NAME) in w for w in warnings)


@pytest.mark.parametrize(
    ("kind", "wording"), [("Framework priorities", "priority"), ("CPLG actions", "action")]
)
def test_the_update_table_shows_each_rows_wording_beside_its_id_and_blank_as_blank(
    editing: None, kind: str, wording: str
) -> None:
    at = signed_in()
    if kind != "Framework priorities":
        at.segmented_control(key="edit_kind").set_value(Kind.CPLG)
        at = at.run()
    grid = at.data_editor[0].proto
    columns = json.loads(grid.columns)
    assert list(grid.column_order)[1] == wording  # beside the id, not off to the right
    assert columns[wording]["disabled"] is True  # read-only for a periodic update
    assert grid.HasField("placeholder") and grid.placeholder == ""  # a missing value shows blank, not 'None'
    at.toggle(key="edit_wording").set_value(True)
    at = at.run()
    assert not json.loads(at.data_editor[0].proto.columns)[wording].get(
        "disabled"
    )  # editable in wording mode


# -- wording --------------------------------------------------------------------------------------------------
ROOT = Path(__file__).resolve().parent.parent


def test_the_how_to_enable_text_does_not_ask_for_a_restart_the_app_does_not_need() -> None:
    """Streamlit re-reads .streamlit/secrets.toml when it changes (st.secrets watches the file)."""
    from ui.auth import HOW_TO_ENABLE

    assert "Restart the app" not in HOW_TO_ENABLE
    assert "next page view" in HOW_TO_ENABLE  # and it says when a change takes effect


def test_the_readme_says_screenshots_need_the_test_dependencies() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [row] = [line for line in readme.splitlines() if "python -m tools.screenshots" in line]
    assert "test dependencies" in row and "make test" in row


def test_the_readme_and_operations_say_where_the_server_listens() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "http://localhost:8501" in readme and "this machine only" in readme
    operations = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    assert "## Serving a network" in operations and "--server.address=0.0.0.0" in operations


def test_the_upload_page_counts_in_words(editing: None) -> None:
    """'1 error', '1 warning', never '1 errors' (formatting.count)."""
    at = sign_in(open_upload())
    at.get("file_uploader")[0].upload("framework.xlsx", b"%PDF-1.7 not a workbook", XLSX)
    at.run()
    assert "1 error and 0 warnings." in "\n".join(str(e.value) for e in at.error)
    at = sign_in(open_upload())
    content = (DEFAULT_DATA_DIR / "cplg_agenda_log.xlsx").read_bytes()  # two warnings
    at.get("file_uploader")[0].upload("cplg_agenda_log.xlsx", content, XLSX)
    at.run()
    assert [c.label for c in at.checkbox] == [
        "I have read the 2 warnings and want to store these files anyway"
    ]
    assert "0 errors and 2 warnings." in "\n".join(str(e.value) for e in at.warning)


# -- blank templates where they are mentioned ---------------------------------------------------------------
def _template_checked(content: bytes, kind: Kind) -> None:
    """The bytes open as a workbook with the tracker's sheets, recognised as that tracker."""
    names = load_workbook(io.BytesIO(content)).sheetnames
    assert [s.name for s in TRACKERS[kind].sheets] == names[: len(TRACKERS[kind].sheets)], names
    assert load_tracker(content, f"{kind.value}.xlsx").kind is kind


def test_the_upload_page_offers_every_blank_template_as_a_download(
    editing: None, deferred: dict[str, Callable[[], bytes]]
) -> None:
    at = sign_in(open_upload())
    assert not at.exception
    assert "python -m loaders template" not in "\n".join(str(m.value) for m in at.markdown)
    labels = [b.proto.label for b in at.get("download_button")]
    for kind in Kind:
        assert f"Blank template: {TRACKERS[kind].title}" in labels
        _template_checked(deferred[template_file_name(kind)](), kind)


def test_the_principles_page_offers_the_assessment_template_where_it_mentions_it(
    deferred: dict[str, Callable[[], bytes]],
) -> None:
    at = AppTest.from_file(ENTRY, default_timeout=120).run()
    at = at.switch_page("pages/board/principles.py").run()
    assert not at.exception
    assert "python -m loaders template" not in "\n".join(str(i.value) for i in at.info)
    labels = [b.proto.label for b in at.get("download_button")]
    assert f"Blank template: {TRACKERS[Kind.ASSESSMENT].title}" in labels
    _template_checked(deferred[template_file_name(Kind.ASSESSMENT)](), Kind.ASSESSMENT)


def test_a_duplicate_id_added_while_another_editor_saved_is_refused_as_a_duplicate_not_dropped(
    store: Store,
) -> None:
    """Found attacking the merge: 'p08' beside P08 vanished in the merge ('Nothing was changed') instead of
    being the duplicate the loader reports when nobody saved meanwhile."""
    alice = set_field(draft(store, "Alice"), "P07", "status", "Complete")
    bob = _with_row(draft(store, "Bob"), "p08", "A second P08")
    save_edit(store, tracker_set_from_store(store), check_edit(store, tracker_set_from_store(store), alice))
    checked = check_edit(store, tracker_set_from_store(store), bob)
    assert not checked.ok
    assert "duplicate_id" in [p.code for p in checked.tracker.errors]


def test_a_lone_surrogate_sent_by_the_browser_is_refused_on_the_page_not_dropped(editing: None) -> None:
    """A browser's JSON can carry '\\ud800'; Streamlit dropped such an edit into an Arrow string column with
    only a log line ('Edit ignored'), so she saw her text in the grid while nothing of it was kept."""
    at = signed_in()
    at = edit_cell(at, "P07", "notes", "a\ud800b")
    assert not at.exception
    shown = text(at)
    assert "Notes of P07 contains a character that cannot be stored" in shown
    assert next(b for b in at.button if b.label == "Check and preview").disabled
