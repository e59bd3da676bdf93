"""The tracker writer against hostile values the app can hand it: the About sheet's values (text from an
uploaded tracker, the editor's typed name) and dates Excel's 1900 calendar gets wrong. What is written must
read back as `workbook_grid` says, and text must stay text, never become a formula or a link."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pandas as pd
import pytest

from domain import Kind
from loaders.excel import read_workbook
from loaders.templates import workbook_grid, write_workbook

AS_AT = dt.date(2023, 2, 8)


def _written(about: dict[str, Any], rows: Any) -> bytes:
    buffer = io.BytesIO()
    write_workbook(Kind.FRAMEWORK, buffer, about, rows)
    return buffer.getvalue()


def _assert_reads_back_as_the_grid(about: dict[str, Any], rows: Any) -> bytes:
    data = _written(about, rows)
    read = read_workbook(data)
    for name, sheet in workbook_grid(Kind.FRAMEWORK, about, rows).items():
        pd.testing.assert_frame_equal(
            sheet.cells.reset_index(drop=True), read[name].cells.reset_index(drop=True), obj=name
        )
    return data


ROWS = {"Priorities": [{"priority_id": "P1", "notes": "x"}]}
ABOUT_TEXTS = [
    "=1+1",
    '=HYPERLINK("http://example.org","click")',
    "{=SUM(A1)}",
    "mailto:someone@example.org",
    "external:c:\\board.docx",
    "http://example.org/" + "a" * 3000,
    "a\x01b",
    "_x0041_",
    "x" * 40_000,
    "😀" * 20_000,
    "a\udfffb",
]


@pytest.mark.parametrize("text", ABOUT_TEXTS, ids=range(len(ABOUT_TEXTS)))
def test_about_text_is_written_as_text_and_reads_back_as_the_grid(text: str) -> None:
    """About values come from uploaded trackers and the editor's name: a formula- or link-like one stays text."""
    about = {"As at": AS_AT, "Prepared by": f"{text}, in the dashboard", "Source": text, "Notes": text}
    data = _assert_reads_back_as_the_grid(about, ROWS)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        about_xml = package.read("xl/worksheets/sheet1.xml")
        assert b"<f>" not in about_xml and b"<hyperlink" not in about_xml


@pytest.mark.parametrize("value", [float("nan"), float("inf"), pd.NaT, pd.NA, True, 1.5, 7])
def test_about_values_of_any_type_read_back_as_the_grid(value: Any) -> None:
    _assert_reads_back_as_the_grid({"As at": AS_AT, "Notes": value}, ROWS)


@pytest.mark.parametrize(
    "day",
    [
        dt.date(1899, 12, 31),
        dt.date(1900, 1, 1),
        dt.date(1900, 1, 15),
        dt.date(1900, 2, 28),
        dt.date(1900, 3, 1),
    ],
)
def test_a_date_before_march_1900_reads_back_as_the_grid(day: dt.date) -> None:
    """Excel counts a 29 February 1900 that never was: dates before March 1900 must not move by a day."""
    rows = {"Priorities": [{"priority_id": "P1", "due_date": day, "notes": day}]}
    _assert_reads_back_as_the_grid({"As at": AS_AT}, rows)
