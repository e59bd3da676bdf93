"""Blank templates, the command line, and the generated tracker docs."""

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from docs.build_trackers_doc import DOC_PATH, render
from domain import STATUSES, Kind
from loaders.__main__ import main
from loaders.formats import TRACKERS
from loaders.templates import GUIDE_SHEET, template_bytes
from loaders.trackers import load_tracker
from tests.conftest import FRAMEWORK, xlsx_bytes


def fill_in(data: bytes, sheet: str, rows: list[list[object]], as_at: dt.date = dt.date(2023, 3, 1)) -> bytes:
    """Type rows into a template under its headings and set the As at date, as an editor would."""
    workbook = load_workbook(io.BytesIO(data))
    workbook["About"]["B3"] = as_at
    for offset, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            workbook[sheet].cell(row=offset, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", list(Kind))
def test_blank_template_is_recognised_and_only_lacks_its_date(kind: Kind) -> None:
    tracker = load_tracker(template_bytes(kind), "template.xlsx")
    assert tracker.kind is kind
    assert [p.code for p in tracker.errors] == ["missing_as_at"]


def test_template_has_drop_downs_and_a_guide() -> None:
    workbook = load_workbook(io.BytesIO(template_bytes(Kind.FRAMEWORK)))
    priorities = workbook["Priorities"]
    lists = {dv.formula1 for dv in priorities.data_validations.dataValidation if dv.type == "list"}
    assert '"' + ",".join(STATUSES) + '"' in lists
    status_rule = next(
        dv for dv in priorities.data_validations.dataValidation if dv.formula1 and "On track" in dv.formula1
    )
    assert str(status_rule.sqref) == "G2:G1001"
    assert priorities.freeze_panes == "A2"
    guide = [row[1] for row in workbook[GUIDE_SHEET].iter_rows(min_row=2, values_only=True)]
    assert {c.header for s in TRACKERS[Kind.FRAMEWORK].sheets for c in s.columns} <= set(guide)


def test_filled_in_template_round_trips() -> None:
    data = fill_in(template_bytes(Kind.FRAMEWORK), "Themes", [["T1", "Support", "Time and resource", None]])
    data = fill_in(
        data,
        "Priorities",
        [
            [
                "P1",
                "T1",
                "Confirm resourcing",
                "ICB",
                dt.date(2023, 5, 31),
                "Yes",
                "At risk",
                0.25,
                None,
                "Slipping",
            ]
        ],
    )
    tracker = load_tracker(data, "filled.xlsx")
    assert tracker.ok, tracker.problems
    row = tracker.tables["priorities"].iloc[0]
    assert (row["priority_id"], row["status"], row["percent_complete"], bool(row["due_date_assumed"])) == (
        "P1",
        "At risk",
        25,
        True,
    )


def test_coverage_template_has_one_column_per_principle() -> None:
    workbook = load_workbook(io.BytesIO(template_bytes(Kind.COVERAGE)))
    headings = [c.value for c in workbook["Coverage"][1]]
    assert headings[2:7] == [f"Principle {n}" for n in range(1, 6)]


def test_cli_check_exits_0_for_good_files_and_1_with_every_problem_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx_bytes(FRAMEWORK))
    assert main(["check", str(good)]) == 0
    bad = tmp_path / "bad.xlsx"
    sheets = {
        **FRAMEWORK,
        "Priorities": [*FRAMEWORK["Priorities"], ["P1", "T7", "x", None, "soon", "Blue-ish", None, None]],
    }
    bad.write_bytes(xlsx_bytes(sheets))
    capsys.readouterr()
    assert main(["check", str(good), str(bad)]) == 1
    out = capsys.readouterr().out
    assert "good.xlsx: Framework themes, OK" in out
    assert "bad.xlsx: Framework themes, cannot be used (4 errors" in out
    assert (
        "ERROR: bad.xlsx, sheet Priorities, row 5, column Status (F): 'Blue-ish' is not an allowed status."
        in out
    )


def test_cli_template_writes_a_blank_tracker(tmp_path: Path) -> None:
    out = tmp_path / "blank.xlsx"
    assert main(["template", "cplg", str(out)]) == 0
    assert load_tracker(out.read_bytes(), out.name).kind is Kind.CPLG


def test_tracker_docs_are_generated_from_the_schema() -> None:
    assert DOC_PATH.read_text(encoding="utf-8") == render(), "run `make docs` to regenerate docs/trackers.md"
    for tracker in TRACKERS.values():
        for sheet in tracker.sheets[1:]:  # the About sheet is documented once, as a table of fields
            for column in sheet.columns:
                assert f"| {column.header}" in render()
