"""The tracker writer (loaders.templates.write_workbook): what it writes reads back as `workbook_grid` says,
whatever the text, numbers and dates; the file opens in other readers and passes the upload checks."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from domain import Kind
from loaders.cell_values import EXCEL_MAX_TEXT
from loaders.excel import read_workbook
from loaders.formats import TRACKERS
from loaders.safety import check_file_bytes, scan_sheets
from loaders.spec import ABOUT_SHEET, Column, ColumnType
from loaders.templates import _columns_with_matrix, workbook_grid, write_workbook
from loaders.trackers import load_tracker
from tools.synthetic import framework_bytes

AS_AT = dt.date(2023, 2, 8)
ABOUT = {"As at": AS_AT, "Prepared by": "Test"}

TRICKY_TEXTS = [
    "_x0041_",
    "_x005F_x0041_",
    "_x0041\x01",
    "_x0041_x0042_",
    "_X0041_",
    "a_x00e9_b",
    " leading",
    "trailing ",
    "\n both \n",
    "\t",
    " ",
    "a & b < c > d \" e ' f",
    "]]>",
    "nul\x00here",
    "line\r\nbreak",
    "\x01\x0b\x0c\x1f",
    "\x7f\x85\xa0\u2028",
    "😀 𝄞",
    "<r><t>rich?</t></r>",
    "=1+1",
    "{=SUM(A1)}",
    "http://example.org",
    "mailto:someone@example.org",
    "12",
    "2023-02-08",
]
LONG_TEXTS = ["a" * 40_000, "😀" * 20_000, "a" * (EXCEL_MAX_TEXT - 1) + "😀", "&<" * 20_000]

texts = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30),
    st.sampled_from(TRICKY_TEXTS),
    st.sampled_from(LONG_TEXTS),
)
dates = st.one_of(
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)).map(
        lambda d: d.replace(microsecond=0)
    ),
)
numbers = st.floats(allow_nan=False, allow_infinity=False)
anything = st.one_of(texts, numbers, st.integers(-(2**53), 2**53), dates, st.booleans())


def _values(column: Column) -> st.SearchStrategy[Any]:
    kind = column.type
    if kind is ColumnType.DATE:
        values = dates
    elif kind is ColumnType.PERCENT:
        values = st.one_of(st.floats(0, 100), numbers)
    elif kind is ColumnType.INTEGER:
        values = st.one_of(st.integers(-(10**9), 10**9), numbers)
    elif kind is ColumnType.YES_NO:
        values = st.booleans()
    elif kind is ColumnType.ID_LIST:
        values = st.one_of(texts, st.lists(st.text(max_size=5), max_size=3))
    elif kind is ColumnType.TEXT:
        values = anything
    else:
        values = texts
    return st.one_of(st.none(), values)


def _rows(kind: Kind) -> st.SearchStrategy[dict[str, list[dict[str, Any]]]]:
    sheets = {}
    for sheet in TRACKERS[kind].sheets:
        if sheet.name != ABOUT_SHEET:
            columns = _columns_with_matrix(kind, sheet, 5)
            row = st.fixed_dictionaries({c.key: _values(c) for c in columns})
            sheets[sheet.name] = st.lists(row, max_size=6)
    return st.fixed_dictionaries(sheets)


def _written(kind: Kind, rows: Any, about: dict[str, Any] = ABOUT) -> bytes:
    buffer = io.BytesIO()
    write_workbook(kind, buffer, about, rows)
    return buffer.getvalue()


def _assert_reads_back_as_the_grid(kind: Kind, rows: Any) -> bytes:
    data = _written(kind, rows)
    read = read_workbook(data)
    for name, sheet in workbook_grid(kind, ABOUT, rows).items():
        pd.testing.assert_frame_equal(
            sheet.cells.reset_index(drop=True), read[name].cells.reset_index(drop=True), obj=name
        )
    return data


@pytest.mark.parametrize("kind", list(Kind))
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],  # not 'explain': minutes per failure
)
@given(data=st.data())
def test_any_cells_read_back_as_the_grid_says(kind: Kind, data: st.DataObject) -> None:
    """Text of any characters, numbers of any size, dates and mixed types: reader and grid agree exactly."""
    rows = data.draw(_rows(kind))
    written = _assert_reads_back_as_the_grid(kind, rows)
    assert check_file_bytes(written, "written.xlsx").problems == ()


def _one_column_of(values: list[Any]) -> dict[str, list[dict[str, Any]]]:
    return {"Priorities": [{"priority_id": f"P{n}", "notes": v} for n, v in enumerate(values)]}


def test_text_reads_back_as_typed() -> None:
    """Escapes, white space, formula- and link-like text and long text come back as they were given."""
    given_texts = [*TRICKY_TEXTS, *LONG_TEXTS, "\ufffe\uffff", ""]
    _assert_reads_back_as_the_grid(Kind.FRAMEWORK, _one_column_of(given_texts))
    read = read_workbook(_written(Kind.FRAMEWORK, _one_column_of(given_texts)))["Priorities"].cells["J"]
    expected = [*TRICKY_TEXTS, *(_cut(t) for t in LONG_TEXTS), "\ufffd\ufffd", None]
    assert read.tolist()[1:] == expected


def _cut(text: str) -> str:
    encoded = text.encode("utf-16-le")[: 2 * EXCEL_MAX_TEXT]
    return encoded.decode("utf-16-le", "ignore")


def test_a_date_or_number_typed_into_a_text_column_keeps_its_type() -> None:
    rows = _one_column_of([AS_AT, 12.5, 3, True, dt.datetime(2023, 2, 8, 13, 30)])
    data = _assert_reads_back_as_the_grid(Kind.FRAMEWORK, rows)
    notes = [row[9] for row in openpyxl.load_workbook(io.BytesIO(data))["Priorities"].iter_rows(min_row=2)]
    assert [c.value for c in notes] == [
        dt.datetime(2023, 2, 8),
        12.5,
        3,
        "True",
        dt.datetime(2023, 2, 8, 13, 30),
    ]
    assert notes[0].is_date and notes[0].alignment.wrap_text
    assert not notes[1].is_date


def _synthetic_rows(priorities: int = 300) -> dict[str, pd.DataFrame]:
    tracker = load_tracker(framework_bytes(priorities), "synthetic.xlsx")
    return {
        "Themes": tracker.tables["themes"],
        "Achievements": tracker.tables["achievements"],
        "Priorities": tracker.tables["priorities"],
    }


def test_a_rewritten_tracker_loads_and_passes_the_file_checks() -> None:
    data = _written(Kind.FRAMEWORK, _synthetic_rows())
    check = check_file_bytes(data, "rewritten.xlsx")
    assert check.problems == ()
    assert scan_sheets(data, check, list(check.sheets), "rewritten.xlsx") == []
    tracker = load_tracker(data, "rewritten.xlsx")
    assert tracker.ok, tracker.problems[:3]
    assert len(tracker.tables["priorities"]) == 300


def test_the_written_tracker_opens_in_openpyxl_with_its_values_and_formats() -> None:
    rows = _synthetic_rows()
    priorities = rows["Priorities"]
    data = _written(Kind.FRAMEWORK, rows)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Priorities"]
    assert sheet.dimensions == f"A1:J{len(priorities) + 1}"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:J{len(priorities) + 1}"
    assert len(sheet.data_validations.dataValidation) == 5
    for row_number in (2, 101, len(priorities) + 1):
        record = priorities.iloc[row_number - 2]
        id_cell, _, priority, _, due, _, status, percent, *_ = sheet[row_number]
        assert id_cell.value == record["priority_id"]
        assert priority.value == record["priority"]
        assert priority.alignment.vertical == "top" and priority.alignment.wrap_text
        assert due.value == record["due_date"].to_pydatetime() and due.number_format == "dd/mm/yyyy"
        assert status.value == record["status"]
        assert percent.value == pytest.approx(record["percent_complete"] / 100)
        assert percent.number_format == "0%"


def test_the_default_data_trackers_are_written_the_same_way(tmp_path: Path) -> None:
    """A small tracker written to a path (as data/build_default_data.py does) is the same file as to a buffer."""
    rows = {"Priorities": _synthetic_rows(5)["Priorities"]}
    path = tmp_path / "small.xlsx"
    write_workbook(Kind.FRAMEWORK, path, ABOUT, rows)
    assert path.read_bytes() == _written(Kind.FRAMEWORK, rows)
    with zipfile.ZipFile(path) as package:
        assert package.testzip() is None


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_the_written_tracker(tmp_path: Path) -> None:
    notes = ["Plain", "a & b < c", "_x0041_", "_x005F_x0041_", " padded ", "😀", "=1+1"]
    source = tmp_path / "tracker.xlsx"
    source.write_bytes(_written(Kind.FRAMEWORK, _one_column_of(notes)))
    probe = tmp_path / "probe.xlsx"  # any xlsx: tells whether this LibreOffice has Calc at all
    probe.write_bytes(_openpyxl_workbook())
    # Every sheet to its own CSV (the 12th filter token, -1), in a profile of its own.
    options = "44,34,UTF8,1,,0,false,true,false,false,false,-1"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            f"csv:Text - txt - csv (StarCalc):{options}",
            "--outdir",
            str(tmp_path),
            str(probe),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    if not (tmp_path / "probe-Sheet.csv").exists():
        pytest.skip("this LibreOffice cannot open xlsx files (no Calc)")
    priorities = pd.read_csv(tmp_path / "tracker-Priorities.csv", dtype=str, keep_default_na=False)
    assert priorities["Notes"].tolist() == notes
    assert priorities["Priority ID"].tolist() == [f"P{n}" for n in range(len(notes))]


def _openpyxl_workbook() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["a", 1])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
