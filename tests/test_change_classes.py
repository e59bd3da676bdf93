"""How a priority's status change between two snapshots is classified (issue 18 items 2 and 6).

Item 6: the movement between every pair of statuses is defined once (metrics/changes.py); this file writes
the expected class of every pair out by hand and never reads the table to work out what to expect.
Item 2: the class is read from the unfiltered snapshots, so no filter changes it; a filter only decides
which changes are shown (those whose priority matches it in either snapshot).
"""

from __future__ import annotations

import functools
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pptx import Presentation

from domain import STATUSES
from exports.appendix_a import appendix_a_pptx
from exports.cover_report import cover_report_docx
from loaders.tracker_set import DEFAULT_DATA_DIR, TrackerSet, load_default_set
from metrics import describe
from metrics.changes import movement, status_changes
from metrics.filters import Filters
from metrics.view import View, build_view
from report import snapshots
from tests.test_pages import run_page, texts

# Every pair, written out by hand: (before, after) -> class; None where nothing changed.
EXPECTED: dict[tuple[str | None, str | None], str | None] = {
    ("Deferred", "Deferred"): None,
    ("Deferred", "Not started"): "Resumed",
    ("Deferred", "Off track"): "Started but at risk",
    ("Deferred", "At risk"): "Started but at risk",
    ("Deferred", "On track"): "Moved forward",
    ("Deferred", "Complete"): "Delivered",
    ("Not started", "Deferred"): "Deferred",
    ("Not started", "Not started"): None,
    ("Not started", "Off track"): "Started but at risk",
    ("Not started", "At risk"): "Started but at risk",
    ("Not started", "On track"): "Moved forward",
    ("Not started", "Complete"): "Delivered",
    ("Off track", "Deferred"): "Deferred",
    ("Off track", "Not started"): "Slipped",
    ("Off track", "Off track"): None,
    ("Off track", "At risk"): "Still at risk",
    ("Off track", "On track"): "Moved forward",
    ("Off track", "Complete"): "Delivered",
    ("At risk", "Deferred"): "Deferred",
    ("At risk", "Not started"): "Slipped",
    ("At risk", "Off track"): "Slipped",
    ("At risk", "At risk"): None,
    ("At risk", "On track"): "Moved forward",
    ("At risk", "Complete"): "Delivered",
    ("On track", "Deferred"): "Deferred",
    ("On track", "Not started"): "Slipped",
    ("On track", "Off track"): "Slipped",
    ("On track", "At risk"): "Slipped",
    ("On track", "On track"): None,
    ("On track", "Complete"): "Delivered",
    ("Complete", "Deferred"): "Reopened",
    ("Complete", "Not started"): "Reopened",
    ("Complete", "Off track"): "Reopened",
    ("Complete", "At risk"): "Reopened",
    ("Complete", "On track"): "Reopened",
    ("Complete", "Complete"): None,
    (None, "Deferred"): "New",
    (None, "Not started"): "New",
    (None, "Off track"): "New",
    (None, "At risk"): "New",
    (None, "On track"): "New",
    (None, "Complete"): "New",
    ("Deferred", None): "Removed",
    ("Not started", None): "Removed",
    ("Off track", None): "Removed",
    ("At risk", None): "Removed",
    ("On track", None): "Removed",
    ("Complete", None): "Removed",
}
PROGRESS = {"Delivered", "Moved forward"}


def test_the_expected_table_names_every_pair_of_statuses() -> None:
    statuses = [*STATUSES, None]
    assert {(b, a) for b in statuses for a in statuses if (b, a) != (None, None)} == set(EXPECTED)


@pytest.mark.parametrize(("before", "after"), list(EXPECTED))
def test_every_pair_of_statuses_has_its_class(before: str | None, after: str | None) -> None:
    assert movement(before, after) == EXPECTED[(before, after)]


@pytest.mark.parametrize("before", [*STATUSES, None])
@pytest.mark.parametrize("after", ["At risk", "Off track"])
def test_becoming_at_risk_or_off_track_is_never_progress(before: str | None, after: str) -> None:
    assert movement(before, after) not in PROGRESS


def test_status_changes_carry_the_class_of_each_pair() -> None:
    pairs = [(b, a) for (b, a) in EXPECTED if b is not None and a is not None]
    before = pd.DataFrame(
        {
            "priority_id": [f"P{n}" for n in range(len(pairs))],
            "theme_id": "T1",
            "priority": "x",
            "status": [b for b, _ in pairs],
            "notes": None,
        }
    )
    after = before.assign(status=[a for _, a in pairs])
    classes = status_changes(before, after).set_index("priority_id")["change"].astype(str).to_dict()
    assert classes == {f"P{n}": EXPECTED[p] for n, p in enumerate(pairs) if EXPECTED[p] is not None}


# --- Item 2: filters never change a class --------------------------------------------------------------


@functools.cache
def default_set() -> TrackerSet:
    return load_default_set()


def shown_classes(view: View) -> dict[str, str]:
    frame = snapshots.changes(view).table.frame
    return dict(zip(frame["priority_id"], frame["change"].astype(str), strict=True))


def test_theme_and_status_filters_keep_a_delivered_and_a_forward_priority_as_such() -> None:
    """/?theme=T8&status=On+track: P20 went On track -> Complete, P23 Not started -> On track."""
    view = build_view(default_set(), Filters(themes=("T8",), statuses=("On track",)))
    assert shown_classes(view) == {"P20": "Delivered", "P23": "Moved forward"}
    sentence = snapshots.changes(view).sentence
    assert sentence == (
        "Between 1 December 2022 and 8 February 2023: 1 delivered and 1 moved forward, among priorities "
        "of theme T8 with status On track in either snapshot."
    )


def test_a_status_filter_does_not_make_a_priority_new() -> None:
    """/?status=On+track: P07 went Not started -> On track; it is not New."""
    classes = shown_classes(build_view(default_set(), Filters(statuses=("On track",))))
    assert classes["P07"] == "Moved forward"
    assert "New" not in classes.values() and "Removed" not in classes.values()


def test_the_cycle_review_drops_nothing_because_of_a_filter() -> None:
    """/priorities?theme=T6&theme=T7&status=Not+started: nothing was dropped from the tracker."""
    view = build_view(default_set(), Filters(themes=("T6", "T7"), statuses=("Not started",)))
    review = snapshots.cycle(view, view.snapshots[0].as_at)
    outcomes = review.table.set_index("priority_id")["outcome"].astype(str).to_dict()
    assert review.counts()["Dropped"] == 0
    assert outcomes["P12"] == outcomes["P14"] == "Carried over"
    assert set(outcomes) == {"P12", "P13", "P14", "P15", "P16", "P17", "P18", "P19"}
    assert "among priorities of themes T6 and T7 with status Not started" in snapshots.cycle_sentence(
        view, review
    )


def test_without_filters_the_sentence_names_none() -> None:
    sentence = snapshots.changes(build_view(default_set(), Filters())).sentence
    assert sentence == (
        "Between 1 December 2022 and 8 February 2023: 1 delivered, 4 moved forward and 1 deferred."
    )


THEMES = ("T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    themes=st.lists(st.sampled_from(THEMES), unique=True, max_size=4),
    statuses=st.lists(st.sampled_from(STATUSES), unique=True, max_size=3),
)
def test_a_filter_never_changes_a_change_class(themes: list[str], statuses: list[str]) -> None:
    trackers = default_set()
    unfiltered = build_view(trackers, Filters())
    view = build_view(trackers, Filters(themes=tuple(themes), statuses=tuple(statuses)))
    every = shown_classes(unfiltered)
    shown = shown_classes(view) if snapshots.changes(view).table is not None else {}
    # the class is the unfiltered one
    assert {pid: every[pid] for pid in shown} == shown
    # and a change is shown exactly when its priority matches the filters in either snapshot (plain rows)
    first, last = (t.tables["priorities"] for t in trackers.framework)

    def matching(rows: pd.DataFrame) -> set[str]:
        keep = rows["theme_id"].isin(themes or THEMES) & rows["status"].astype(str).isin(statuses or STATUSES)
        return set(rows.loc[keep, "priority_id"])

    assert set(shown) == set(every) & (matching(first) | matching(last))
    # the cycle review too
    start = unfiltered.snapshots[0].as_at
    outcomes = snapshots.cycle(unfiltered, start).table.set_index("priority_id")["outcome"].astype(str)
    review = snapshots.cycle(view, start).table.set_index("priority_id")["outcome"].astype(str)
    assert review.to_dict() == outcomes[review.index].to_dict()
    assert set(review.index) == set(outcomes.index) & (matching(first) | matching(last))


# --- On the pages and in the papers --------------------------------------------------------------------


def test_the_overview_shows_the_unfiltered_classes(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page("pages/board/overview.py", DEFAULT_DATA_DIR, monkeypatch, theme="T8", status="On track")
    assert not at.exception
    shown = texts(at)
    assert (
        "Between 1 December 2022 and 8 February 2023: 1 delivered and 1 moved forward, among priorities "
        "of theme T8 with status On track in either snapshot." in shown
    )
    table = next(d.value for d in at.dataframe if "Change" in d.value.columns)
    assert sorted(table["Change"].astype(str)) == ["Delivered", "Moved forward"]


def test_the_priorities_page_shows_the_unfiltered_classes(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page(
        "pages/board/priorities.py", DEFAULT_DATA_DIR, monkeypatch, theme=["T6", "T7"], status="Not started"
    )
    assert not at.exception
    shown = texts(at)
    assert "0 dropped" in shown and "2 dropped" not in shown
    assert "2 moved forward, among priorities of themes T6 and T7 with status Not started" in shown
    cycle = next(d.value for d in at.dataframe if "Outcome" in d.value.columns and len(d.value) > 3)
    assert "Dropped" not in set(cycle["Outcome"].astype(str))


@pytest.fixture(scope="module")
def at_risk_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default trackers with P12 Not started -> At risk (instead of On track) in the later snapshot."""
    folder = tmp_path_factory.mktemp("at_risk")
    for path in DEFAULT_DATA_DIR.glob("*.xlsx"):
        shutil.copy(path, folder)
    workbook = load_workbook(folder / "framework_2023-02-08.xlsx")
    sheet = workbook["Priorities"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("Priority ID")].value == "P12":
            row[header.index("Status")].value = "At risk"
    workbook.save(folder / "framework_2023-02-08.xlsx")
    return folder


def test_not_started_to_at_risk_is_not_moved_forward_anywhere(at_risk_set: Path) -> None:
    view = build_view(load_default_set(at_risk_set), Filters())
    assert shown_classes(view)["P12"] == "Started but at risk"
    sentence = snapshots.changes(view).sentence
    assert "3 moved forward" in sentence and "1 started but at risk" in sentence

    document = Document(io.BytesIO(cover_report_docx(view)))
    paragraphs = [p.text for p in document.paragraphs]
    line = next(p for p in paragraphs if p.startswith("P12 ") and " moved from " in p)
    assert "(Started but at risk)" in line and "Moved forward" not in line

    deck = Presentation(io.BytesIO(appendix_a_pptx(view)))
    rows = [
        [cell.text for cell in row.cells]
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_table
        for row in shape.table.rows
    ]
    p12 = next(r for r in rows if "At risk" in r[2] and "Not started" in r[2])
    assert p12[3] == "Started but at risk"


def test_the_priorities_page_explains_every_class(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page("pages/board/priorities.py", DEFAULT_DATA_DIR, monkeypatch)
    shown = texts(at)
    for name in ("Delivered", "Moved forward", "Started but at risk", "Still at risk", "Slipped", "Reopened"):
        assert f"**{name}**" in shown


def test_the_sentence_names_every_filter() -> None:
    filters = Filters(
        themes=("T1", "T2"),
        principles=(1, 3),
        statuses=("At risk", "Off track"),
        owners=("CPLG",),
        date_from=pd.Timestamp("2023-01-01"),
        date_to=pd.Timestamp("2023-05-31"),
    )
    assert describe.among_priorities(filters) == (
        "among priorities of themes T1 and T2 in themes addressing principles 1 or 3 owned by CPLG due from "
        "1 January 2023 to 31 May 2023 or undated with status At risk or Off track in either snapshot"
    )
    assert describe.among_priorities(Filters(as_at=pd.Timestamp("2023-01-01"))) == ""
