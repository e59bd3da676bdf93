"""The principles self-assessment tracker: every check on real xlsx files, the cross-tracker evidence check,
and the tracker being optional."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook

from domain import DEFAULT_LEVEL_SCALE, Kind
from loaders.formats.self_assessment import LEVEL_SCALE_NOTE
from loaders.problems import Severity
from loaders.templates import template_bytes
from loaders.tracker_set import build_tracker_set, load_default_set
from loaders.trackers import load_tracker
from services.uploads import new_version
from tests.conftest import CPLG, ENGAGEMENT, FRAMEWORK, Sheets, about, load, only, xlsx_bytes

HEADINGS = [
    "Assessment date",
    "Principle",
    "Level",
    "Rationale",
    "Evidence",
    "Assessed by",
    "Peer review level",
    "Peer reviewer",
    "Target level",
    "Target date",
]
ROUND_1 = dt.date(2023, 3, 12)
ROUND_2 = dt.date(2024, 3, 12)


def assessment_row(date: Any = ROUND_1, principle: Any = 1, level: Any = 2, **overrides: Any) -> list[Any]:
    values = {
        "rationale": "Chair sits on the ICB and ICP",
        "evidence": "A1, P1",
        "assessed_by": "CPLG SLT",
        "peer_level": None,
        "peer_reviewer": None,
        "target_level": 3,
        "target_date": dt.date(2025, 3, 31),
    } | overrides
    return [date, principle, level, *values.values()]


def assessment_sheets(rows: list[list[Any]] | None = None, levels: bool = True) -> Sheets:
    if rows is None:
        rows = [assessment_row(principle=p) for p in range(1, 6)]
    sheets: Sheets = {
        "About": about(ROUND_1, "Principles self-assessment"),
        "Assessments": [HEADINGS, *rows],
    }
    if levels:
        sheets["Levels"] = [["Level", "Name", "Descriptor"], *[list(level) for level in DEFAULT_LEVEL_SCALE]]
    return sheets


def test_a_complete_round_loads_and_is_recognised() -> None:
    tracker = load(assessment_sheets(), "assessment.xlsx")
    assert tracker.kind is Kind.ASSESSMENT
    assert tracker.ok, [p.describe() for p in tracker.problems]
    assert not tracker.problems
    assert len(tracker.tables["assessments"]) == 5
    assert tracker.tables["assessments"]["evidence"].iloc[0] == ("A1", "P1")


def test_without_a_levels_sheet_the_default_scale_is_used() -> None:
    tracker = load(assessment_sheets(levels=False), "assessment.xlsx")
    assert tracker.ok
    assert tracker.tables["levels"]["name"].tolist() == [name for _, name, _ in DEFAULT_LEVEL_SCALE]


def test_every_check_is_reported_together_with_sheet_row_and_column() -> None:
    rows = [
        assessment_row(principle=1, level=5),  # row 2: level outside the scale
        assessment_row(principle=6),  # row 3: unknown principle
        assessment_row(principle=2),  # row 4
        assessment_row(principle=2),  # row 5: principle 2 twice on one date
        assessment_row(principle=3, rationale=None),  # row 6: rationale missing
        assessment_row(principle=4, target_date=dt.date(2023, 1, 1)),  # row 7: target before assessment
        assessment_row(principle=5, peer_level=2),  # row 8: peer level without a reviewer
    ]
    tracker = load(assessment_sheets(rows), "assessment.xlsx")
    assert not tracker.ok
    found = {(p.code, p.sheet, p.row, p.column) for p in tracker.errors}
    assert ("level_outside_scale", "Assessments", 2, "Level (C)") in found
    assert ("unknown_principle", "Assessments", 3, "Principle (B)") in found
    assert ("principle_assessed_twice", "Assessments", 5, "Principle (B)") in found
    assert ("blank", "Assessments", 6, "Rationale (D)") in found
    assert ("target_before_assessment", "Assessments", 7, "Target date (J)") in found
    assert ("peer_level_without_reviewer", "Assessments", 8, "Peer reviewer (H)") in found
    twice = only(tracker.problems, "principle_assessed_twice")[0]
    assert "rows 4 and 5" in twice.message


@pytest.mark.parametrize("column", ["peer_level", "target_level"])
def test_peer_and_target_levels_must_be_on_the_scale(column: str) -> None:
    extra = {"peer_reviewer": "Neighbouring ICS"} if column == "peer_level" else {}
    rows = [assessment_row(principle=p) for p in range(1, 5)] + [
        assessment_row(principle=5, **{column: 7}, **extra)
    ]
    problems = only(load(assessment_sheets(rows)).problems, "level_outside_scale")
    assert [(p.row, p.value) for p in problems] == [(6, "7")]


def test_a_levels_sheet_numbered_outside_one_to_four_is_an_error() -> None:
    sheets = assessment_sheets()
    sheets["Levels"].append([5, "Beyond", "Not on the scale"])
    problems = only(load(sheets).problems, "level_outside_scale")
    assert [(p.sheet, p.row) for p in problems] == [("Levels", 6)]


def test_a_principle_missing_from_a_round_is_a_warning() -> None:
    rows = [assessment_row(principle=p) for p in range(1, 6)] + [
        assessment_row(ROUND_2, principle=p, target_date=None) for p in (1, 2, 4)
    ]
    tracker = load(assessment_sheets(rows))
    assert tracker.ok
    warned = only(tracker.problems, "principle_not_assessed")
    assert len(warned) == 1
    assert warned[0].severity is Severity.WARNING
    assert "12/03/2024" in warned[0].message and "principles 3 and 5" in warned[0].message


def _with_assessment(evidence: str) -> Any:
    rows = [assessment_row(principle=p, evidence=evidence) for p in range(1, 6)]
    trackers = [
        load(FRAMEWORK, "framework.xlsx"),
        load(ENGAGEMENT, "engagement.xlsx"),
        load(CPLG, "cplg.xlsx"),
        load(assessment_sheets(rows), "assessment.xlsx"),
    ]
    return build_tracker_set(trackers)


def test_evidence_ids_must_exist_in_the_current_trackers() -> None:
    known = _with_assessment("A1, P1, C2, E1")
    assert not only(known.cross_problems, "unknown_evidence")
    unknown = only(_with_assessment("A1, P99, E7").cross_problems, "unknown_evidence")
    assert len(unknown) == 5
    assert all(p.severity is Severity.WARNING for p in unknown)
    assert (unknown[0].sheet, unknown[0].row, unknown[0].column) == ("Assessments", 2, "Evidence")
    assert "P99, E7" in unknown[0].message


def test_the_tracker_is_optional() -> None:
    trackers = load_default_set()
    assert trackers.assessment is None
    assert trackers.table(Kind.ASSESSMENT, "assessments").empty
    assert len(trackers.table(Kind.ASSESSMENT, "levels")) == 4
    assert not [p for p in trackers.problems() if p.file and "assessment" in p.file]


def test_the_template_ships_the_default_scale_marked_as_an_assumption() -> None:
    workbook = load_workbook(io.BytesIO(template_bytes(Kind.ASSESSMENT)))
    levels = [row for row in workbook["Levels"].iter_rows(min_row=2, values_only=True) if row[0] is not None]
    assert [row[:2] for row in levels] == [(n, name) for n, name, _ in DEFAULT_LEVEL_SCALE]
    notes = {row[0]: row[1] for row in workbook["About"].iter_rows(min_row=2, values_only=True)}
    assert notes["Notes"] == LEVEL_SCALE_NOTE
    assert "not a national standard" in LEVEL_SCALE_NOTE
    level_checks = [
        dv for dv in workbook["Assessments"].data_validations.dataValidation if dv.type == "whole"
    ]
    assert level_checks, "the level columns carry a whole-number check"


def test_the_template_filled_in_loads_cleanly() -> None:
    workbook = load_workbook(io.BytesIO(template_bytes(Kind.ASSESSMENT)))
    workbook["About"]["B3"] = ROUND_1
    for p in range(1, 6):
        workbook["Assessments"].append(assessment_row(principle=p, evidence=None))
    buffer = io.BytesIO()
    workbook.save(buffer)
    tracker = load_tracker(buffer.getvalue(), "filled.xlsx")
    assert tracker.kind is Kind.ASSESSMENT
    assert tracker.ok, [p.describe() for p in tracker.errors]


def test_xlsx_bytes_round_trip_for_the_cli(tmp_path: Any) -> None:
    from loaders.__main__ import main

    path = tmp_path / "assessment.xlsx"
    path.write_bytes(xlsx_bytes(assessment_sheets([assessment_row(principle=9)])))
    assert main(["check", str(path)]) == 1


def test_a_round_from_the_form_is_stored_restored_and_exported_like_an_upload(tmp_path: Any) -> None:
    """The form's workbook is an ordinary tracker: stored as a version, current, in the all-data export,
    downloadable byte for byte, and restorable."""
    from exports.all_data import all_data_tables
    from loaders.assessment_round import file_name, round_workbook
    from loaders.formats.self_assessment import default_levels
    from services.trackers import tracker_set_from_store
    from store.db import make_engine
    from store.repository import Store

    store = Store(make_engine(f"sqlite:///{tmp_path / 'ccpl.db'}"))
    store.ensure_ready()
    stored = load_default_set().table(Kind.ASSESSMENT, "assessments")
    new_round = [
        {
            "principle": p,
            "level": 2,
            "rationale": "In place in part",
            "evidence": ("A1",),
            "assessed_by": "SLT",
        }
        for p in range(1, 6)
    ]
    first = round_workbook(stored, default_levels(), new_round, ROUND_1, "Editor")
    tracker = load_tracker(first, file_name(ROUND_1), Kind.ASSESSMENT)
    assert tracker.ok, [p.describe() for p in tracker.errors]
    [first_id] = store.save_batch([new_version(tracker, first)], "Editor", "form")
    current = tracker_set_from_store(store)
    second = round_workbook(
        current.table(Kind.ASSESSMENT, "assessments"),
        current.table(Kind.ASSESSMENT, "levels"),
        [{**row, "level": 3} for row in new_round],
        ROUND_2,
        "Editor",
    )
    later = load_tracker(second, file_name(ROUND_2), Kind.ASSESSMENT)
    assert later.ok and len(later.tables["assessments"]) == 10
    store.save_batch([new_version(later, second)], "Editor", "form")
    assert tracker_set_from_store(store).assessment.as_at == pd.Timestamp(ROUND_2)
    assert store.content(first_id) == first
    tables = all_data_tables(store)
    assert len(tables["Principles self-assessment - assessments"]) == 15
    store.restore(first_id, "Editor")
    assert len(tracker_set_from_store(store).assessment.tables["assessments"]) == 5


def test_dates_typed_on_the_form_are_read_like_date_cells() -> None:
    from loaders.assessment_round import typed_date

    assert typed_date("12/03/2024") == dt.date(2024, 3, 12)
    assert typed_date("12 March 2024") == dt.date(2024, 3, 12)
    assert typed_date("  ") is None
    with pytest.raises(ValueError, match="is not a date"):
        typed_date("03/31/2024")  # US order is refused, not guessed
