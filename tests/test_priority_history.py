"""A priority's history on the Priorities page (issue 20 item 6): what changed and when, between snapshots and
in the app, with the reason where one was given, and never who made the change."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from streamlit.testing.v1 import AppTest

from loaders.tracker_set import load_default_set
from metrics.filters import Filters
from metrics.view import build_view
from report.priorities import priority_history
from services.recorded_edits import RecordedEdit
from services.seeding import ensure_ready
from tests.test_update_page import ENTRY, edit_cell, editing, password_hash, signed_in, text  # noqa: F401

EDITOR = "Zebedee Quillfeather"
PRIORITIES = "pages/board/priorities.py"


def everything_shown(at: AppTest) -> str:
    """Every element of the page as Streamlit sends it (labels, text, options and the tables' cells)."""
    return "\n".join(str(node.proto) for node in _walk(at._tree) if hasattr(node, "proto"))


def _walk(node: object) -> list[object]:
    found = [node]
    for child in getattr(node, "children", {}).values():
        found += _walk(child)
    return found


def history_table(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if d.key == "priority_history_table" or "From" in d.value)


def test_a_board_member_sees_an_in_app_edit_in_the_history_without_the_editors_name(
    editing: None,  # noqa: F811
) -> None:
    at = signed_in(EDITOR)
    at = edit_cell(at, "P07", "status", "Complete")
    next(b for b in at.button if b.label == "Check and preview").click()
    at = at.run()
    next(b for b in at.button if b.label == "Store as a new version").click()
    at = at.run()
    assert "Every page now shows it." in text(at)

    viewer = AppTest.from_file(ENTRY, default_timeout=120).run()  # another visitor, not signed in
    viewer = viewer.switch_page(PRIORITIES).run()
    assert not viewer.exception
    viewer.selectbox(key="history_of").select("P07")
    viewer = viewer.run()
    assert not viewer.exception
    table = history_table(viewer)
    edited = table[table["Recorded"].str.startswith("Edited in the app")]
    assert edited[["What", "From", "To"]].values.tolist() == [["Status", "On track", "Complete"]]
    assert edited["When"].iloc[0].date() == dt.datetime.now(dt.UTC).date()
    shown = everything_shown(viewer)
    assert "Complete" in shown and "Edited in the app" in shown
    assert EDITOR not in shown and "Zebedee" not in shown


def test_status_changes_between_uploaded_snapshots_are_dated_by_the_later_snapshot() -> None:
    trackers = load_default_set()
    view = build_view(trackers, Filters())
    first, second = trackers.framework[0], trackers.framework[-1]
    before = first.tables["priorities"].set_index("priority_id")["status"].astype(str)
    after = second.tables["priorities"].set_index("priority_id")["status"].astype(str)
    moved = [p for p in after.index if p in before.index and before[p] != after[p]]
    assert moved, "the default data has status changes between its two snapshots"
    for pid in moved:
        table = priority_history(view, pid, ()).table.frame
        statuses = table[table["field"] == "Status"]
        assert statuses[["when", "before", "after", "recorded"]].values.tolist() == [
            [second.as_at, before[pid], after[pid], "Snapshot as at 8 February 2023"]
        ]
    unchanged = next(p for p in after.index if p in before.index and before[p] == after[p])
    assert priority_history(view, unchanged, ()).table.frame.query("field == 'Status'").empty
    added = [p for p in after.index if p not in before.index]
    if added:
        table = priority_history(view, added[0], ()).table.frame
        assert table[["field", "after"]].values.tolist()[0] == ["On the tracker", "Added"]


def test_an_edit_that_made_a_snapshot_is_listed_once_with_its_reason_and_others_by_their_day() -> None:
    trackers = load_default_set()
    view = build_view(trackers, Filters())
    first, second = trackers.framework[0], trackers.framework[-1]
    before = first.tables["priorities"].set_index("priority_id")["status"].astype(str)
    after = second.tables["priorities"].set_index("priority_id")["status"].astype(str)
    pid = next(p for p in after.index if p in before.index and before[p] != after[p])
    stored = pd.Timestamp("2023-02-09 10:30")
    made_it = RecordedEdit(
        "Status", before[pid], after[pid], stored, second.as_at.date(), "Funding confirmed"
    )
    later = RecordedEdit("Owner", "", "CPLG", pd.Timestamp("2023-03-01 09:00"), second.as_at.date(), "")
    table = priority_history(view, pid, (made_it, later)).table.frame
    statuses = table[table["field"] == "Status"]
    assert len(statuses) == 1
    assert statuses.iloc[0]["recorded"] == "Snapshot as at 8 February 2023, edited in the app"
    assert statuses.iloc[0]["reason"] == "Funding confirmed"
    owner = table[table["field"] == "Owner"].iloc[0]
    assert owner["when"] == pd.Timestamp("2023-03-01")
    assert owner["recorded"] == "Edited in the app (the snapshot as at 8 February 2023)"
    assert list(table["field"]).index("Owner") > list(table["field"]).index("Status")  # oldest first


def test_the_service_gives_each_edit_with_its_snapshot_and_leaves_out_withdrawn_versions(tmp_path) -> None:  # noqa: ANN001
    from loaders.tracker_set import DEFAULT_DATA_DIR
    from services.edits import check_edit, save_edit
    from services.recorded_edits import recorded_edits
    from services.trackers import tracker_set_from_store
    from store.db import make_engine
    from store.repository import Store
    from tests.test_edits import FEB, draft, set_field

    store = Store(make_engine(f"sqlite:///{tmp_path / 'history.sqlite3'}"))
    ensure_ready(store, DEFAULT_DATA_DIR)
    edit = set_field(draft(store, EDITOR), "P07", "status", "At risk")
    saved = save_edit(
        store, tracker_set_from_store(store), check_edit(store, tracker_set_from_store(store), edit)
    )
    edits = recorded_edits(store, "P07")
    assert [(e.field, e.before, e.after, e.as_at) for e in edits] == [("Status", "On track", "At risk", FEB)]
    assert EDITOR not in repr(edits)
    store.withdraw(saved.version_id, EDITOR, "typed into the wrong row")
    assert recorded_edits(store, "P07") == ()
