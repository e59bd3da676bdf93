"""A reason belongs to the status change it explains (issue 18, item 7).

After an in-app status change with no new note, the board paper quoted the priority's old note as "Reason
given". The update page now asks for a reason per changed status and stores it with the change
(field_changes.reason); the papers quote that reason, or the note when it was rewritten with the change, and
otherwise say that no reason was recorded: never a note written for an earlier change.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from docx import Document

from exports.appendix_a import appendix_a_pptx
from exports.cover_report import cover_report_docx
from loaders.tracker_set import DEFAULT_DATA_DIR
from metrics.filters import Filters
from metrics.view import View, build_view
from report import snapshots
from services.edits import Draft, check_edit, editable_table, save_edit
from services.seeding import ensure_ready
from services.trackers import tracker_set_from_store
from store.db import make_engine
from store.repository import NewVersion, Store
from tests.test_locks import framework

MARCH = dt.date(2023, 3, 16)
OLD_NOTE = "A meeting took place with Local Authority colleagues"  # P07's note as at 8 February 2023


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(make_engine(f"sqlite:///{tmp_path / 'reasons.sqlite3'}"))
    ensure_ready(store, DEFAULT_DATA_DIR)
    return store


def in_app_march_snapshot(
    store: Store, reasons: dict[str, str] | None = None, note: str | None = None
) -> int:
    """A new snapshot as at 16 March 2023 made in the app from February's: P07 On track -> Complete."""
    current = tracker_set_from_store(store)
    base = current.current_framework
    edited = editable_table(base)
    edited.loc[edited["priority_id"] == "P07", "status"] = "Complete"
    if note is not None:
        edited.loc[edited["priority_id"] == "P07", "notes"] = note
    checked = check_edit(
        store, current, Draft(base=base, edited=edited, as_at=MARCH, editor="editor@nhs.net")
    )
    given = {"reasons": reasons} if reasons else {}  # (the keyword is new with this item)
    return save_edit(store, current, checked, **given).version_id


def march_view(store: Store) -> View:
    return build_view(tracker_set_from_store(store), Filters())


def p07_line(view: View) -> str:
    table = snapshots.changes(view).table
    assert table is not None
    [row] = [r for _, r in table.frame.iterrows() if r["priority_id"] == "P07"]
    return snapshots.change_line(row)


def paper_text(view: View) -> str:
    document = Document(io.BytesIO(cover_report_docx(view)))
    return "\n".join(p.text for p in document.paragraphs)


def slides_text(view: View) -> str:
    from pptx import Presentation

    deck = Presentation(io.BytesIO(appendix_a_pptx(view)))
    texts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
            elif shape.has_text_frame:
                texts.append(shape.text_frame.text)
    return "\n".join(texts)


def test_a_status_changed_in_the_app_without_a_reason_never_quotes_the_old_note(store: Store) -> None:
    in_app_march_snapshot(store)
    view = march_view(store)
    line = p07_line(view)
    assert "moved from" in line and "Complete" in line
    assert OLD_NOTE not in line and "no reason recorded" in line.lower()
    assert OLD_NOTE not in paper_text(view)
    slides = slides_text(view)
    assert OLD_NOTE not in slides and "No reason recorded" in slides


def test_the_reason_given_in_the_app_is_stored_with_the_change_and_quoted(store: Store) -> None:
    in_app_march_snapshot(store, reasons={"P07": "Signed off at the March ICB"})
    [status] = [c for c in store.field_history("P07") if c.field == "Status"]
    assert (status.before, status.after, status.reason) == (
        "On track",
        "Complete",
        "Signed off at the March ICB",
    )
    view = march_view(store)
    assert p07_line(view).endswith("Reason given: Signed off at the March ICB")
    assert "Reason given: Signed off at the March ICB" in paper_text(view)
    assert "Signed off at the March ICB" in slides_text(view)


def test_a_note_rewritten_with_the_change_is_its_reason(store: Store) -> None:
    in_app_march_snapshot(store, note="Delivered: the LA leadership offer is agreed")
    assert p07_line(march_view(store)).endswith("Reason given: Delivered: the LA leadership offer is agreed")


@pytest.mark.parametrize("rewritten", [False, True])
def test_an_uploaded_snapshot_quotes_a_note_only_when_it_was_rewritten(store: Store, rewritten: bool) -> None:
    version = framework(MARCH)  # P07 -> Complete, notes as in February
    if rewritten:
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(version.content))
        sheet = workbook["Priorities"]
        headings = [c.value for c in sheet[1]]
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == "P07":
                row[headings.index("Notes")].value = "Agreed with the LA in March"
        buffer = io.BytesIO()
        workbook.save(buffer)
        version = NewVersion(version.kind, version.file_name, buffer.getvalue(), MARCH, version.row_counts)
    store.save_batch([version], "analyst@nhs.net")
    line = p07_line(march_view(store))
    if rewritten:
        assert line.endswith("Reason given: Agreed with the LA in March")
    else:
        assert OLD_NOTE not in line and "no reason recorded" in line.lower()
