"""The three readers must give the same grid, cell for cell, on every kind of test file."""

import datetime as dt
from pathlib import Path

import pytest

from domain import Kind
from loaders.excel import ENGINES, read_workbook
from loaders.templates import template_bytes
from loaders.trackers import load_tracker
from tests.conftest import CPLG, FRAMEWORK, xlsx_bytes

DATA = Path(__file__).resolve().parent.parent / "data"

MESSY = {
    "Priorities": [
        [],
        [None, "A title row people add", None],
        [],
        [None, " priority id ", "DUE DATE", "Status ", "% complete", "Done?"],
        [None, "P1", dt.date(2023, 5, 31), "on track", 0.5, "✓"],
        [None, "P2", "31/05/2023", "Amber", "50%", "Y"],
        [None, 3, None, None, None, 1],
        [None, "P4", dt.datetime(2023, 1, 2, 13, 45), "Complete", 1, True],
        [None, "  spaced  ", None, "=1/0", 0.1, 1e-7],
        [None, "P6", None, None, 12345678901.5, "Ünïcødé ✔"],
    ],
    "Empty": [],
}


def workbooks() -> dict[str, bytes]:
    files = {path.name: path.read_bytes() for path in sorted(DATA.glob("*.xlsx"))}
    files["messy.xlsx"] = xlsx_bytes(MESSY, merges={"Priorities": ["C8:C9"]})
    files["framework.xlsx"] = xlsx_bytes(FRAMEWORK)
    files["cplg.xlsx"] = xlsx_bytes(CPLG)
    files["template.xlsx"] = template_bytes(Kind.COVERAGE)
    # One filled column: pandas hands the object-typed engines' cells back as a read-only array.
    files["one_column.xlsx"] = xlsx_bytes({"Notes": [["a"], ["b"], [None], ["c"]]})
    return files


@pytest.mark.parametrize("name", sorted(workbooks()))
def test_every_engine_reads_the_same_cells(name: str) -> None:
    data = workbooks()[name]
    grids = {engine: read_workbook(data, engine) for engine in ENGINES}
    reference = grids["openpyxl"]
    for engine, sheets in grids.items():
        assert list(sheets) == list(reference), engine
        for sheet, raw in sheets.items():
            assert raw.cells.equals(reference[sheet].cells), f"{engine} differs on {name}/{sheet}"


@pytest.mark.parametrize("name", sorted(workbooks()))
def test_every_engine_loads_the_same_tables_and_problems(name: str) -> None:
    data = workbooks()[name]
    loaded = {engine: load_tracker(data, name, engine=engine) for engine in ENGINES}
    reference = loaded["openpyxl"]
    for engine, tracker in loaded.items():
        assert tracker.problems == reference.problems, engine
        assert tracker.tables.keys() == reference.tables.keys()
        for key, frame in tracker.tables.items():
            assert frame.equals(reference.tables[key]), f"{engine} differs on {name}/{key}"


def test_rows_keep_their_excel_numbers_above_blank_and_title_rows() -> None:
    raw = read_workbook(xlsx_bytes(MESSY))["Priorities"]
    assert raw.cells.index[0] + raw.first_row == 1
    header = raw.cells.index[raw.cells["B"].eq(" priority id ").fillna(False)][0]
    assert header + raw.first_row == 4
    assert list(raw.cells.columns) == ["B", "C", "D", "E", "F"]
