"""Writing tracker workbooks from the schema: blank templates for editors, and filled ones for data/.

A template has every sheet with its headings styled and frozen, Excel drop-downs for every column with a
fixed set of values (status, facet, outcome, format, coverage marks, yes/no), date and number checks, and a
'How to fill in' sheet listing each column. The default data in data/ is written by the same code, so the
shipped trackers always match the format the loaders expect.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from domain import COVERAGE_MARKS, DEFAULT_LEVEL_SCALE
from loaders.excel import RawSheet
from loaders.parse import whole_number_text
from loaders.schema import (
    ABOUT_AS_AT,
    ABOUT_FIELDS,
    ABOUT_SHEET,
    ABOUT_TRACKER,
    COVERAGE_COLUMN_PREFIX,
    EARLIEST_PLAUSIBLE_YEAR,
    LEVEL_SCALE_NOTE,
    TRACKERS,
    Column,
    ColumnType,
    Kind,
    Sheet,
)

GUIDE_SHEET = "How to fill in"
NHS_BLUE = "005EB8"
TEMPLATE_ROWS = 1000
"""Rows below the heading that carry the drop-downs and checks in a blank template."""
DATE_FORMAT = "dd/mm/yyyy"

Row = Mapping[str, Any]


def write_template(kind: Kind, destination: str | Path | io.BytesIO, principles: int = 5) -> None:
    """Write a blank tracker of `kind` with drop-downs and a 'How to fill in' sheet.

    The assessment template comes with the default level scale filled in, marked as an editable assumption.
    """
    about: dict[str, Any] = {ABOUT_TRACKER: TRACKERS[kind].title}
    rows: dict[str, Sequence[Row]] = {}
    if kind is Kind.ASSESSMENT:
        about["Notes"] = LEVEL_SCALE_NOTE
        rows["Levels"] = default_level_rows()
    write_workbook(kind, destination, about=about, rows=rows, principles=principles)


def default_level_rows() -> list[Row]:
    """The default scale as rows of the Levels sheet."""
    return [{"level": n, "name": name, "descriptor": text} for n, name, text in DEFAULT_LEVEL_SCALE]


def template_bytes(kind: Kind, principles: int = 5) -> bytes:
    buffer = io.BytesIO()
    write_template(kind, buffer, principles)
    return buffer.getvalue()


def write_workbook(
    kind: Kind,
    destination: str | Path | io.BytesIO,
    about: Mapping[str, Any],
    rows: Mapping[str, Sequence[Row]] | None = None,
    principles: int = 5,
    created: dt.datetime | None = None,
) -> None:
    """Write a tracker workbook.

    Args:
        kind: which tracker.
        destination: a path or a binary buffer.
        about: values for the About sheet, by field name ('As at', 'Source', ...).
        rows: for each sheet name, rows as mappings from column key (or, for the coverage matrix,
            'Principle N') to value. Dates may be `datetime.date`; percentages are 0-100.
        principles: how many 'Principle N' columns the Coverage sheet has.
        created: the workbook's created/modified stamp; fixed for reproducible files.
    """
    tracker = TRACKERS[kind]
    rows = rows or {}
    target = str(destination) if isinstance(destination, Path | str) else destination
    # XlsxWriter streams rows (constant memory): a 50,000-row tracker is written in seconds, where
    # openpyxl took a minute (bench/bench_edits.py).
    workbook = Workbook(
        target,
        {
            "constant_memory": True,
            "in_memory": not isinstance(target, str),
            "default_date_format": DATE_FORMAT,  # a date typed into a text column stays a date
        },
    )
    workbook.set_properties({"created": created or dt.datetime(2000, 1, 1), "author": "CCPL dashboard"})
    formats = _Formats(workbook)
    for sheet in tracker.sheets:
        worksheet = workbook.add_worksheet(sheet.name)
        if sheet.name == ABOUT_SHEET:
            _write_about(worksheet, formats, about)
            continue
        columns = _columns_with_matrix(kind, sheet, principles)
        _write_sheet(worksheet, formats, columns, rows.get(sheet.name, ()))
    _write_guide(workbook.add_worksheet(GUIDE_SHEET), formats, kind, principles)
    workbook.close()


def _columns_with_matrix(kind: Kind, sheet: Sheet, principles: int) -> list[Column]:
    columns = list(sheet.columns)
    if kind is Kind.COVERAGE and sheet.name == "Coverage":
        matrix = [
            Column(
                key=f"{COVERAGE_COLUMN_PREFIX}{n}",
                header=f"{COVERAGE_COLUMN_PREFIX}{n}",
                type=ColumnType.CHOICE,
                description=f"The theme's contribution to principle {n}: Primary, Supporting or blank.",
                allowed=COVERAGE_MARKS,
                blank="ok",
                width=12,
            )
            for n in range(1, principles + 1)
        ]
        columns = columns[:2] + matrix + columns[2:]
    return columns


class _Formats:
    """The few cell formats every tracker uses, made once per workbook."""

    def __init__(self, workbook: Workbook) -> None:
        self.header = workbook.add_format(
            {
                "bold": True,
                "font_color": "#FFFFFF",
                "bg_color": f"#{NHS_BLUE}",
                "valign": "vcenter",
                "text_wrap": True,
            }
        )
        self.top = workbook.add_format({"valign": "top"})
        self.wrapped = workbook.add_format({"valign": "top", "text_wrap": True})
        self.date = workbook.add_format({"valign": "top", "num_format": DATE_FORMAT})
        self.wrapped_date = workbook.add_format(
            {"valign": "top", "text_wrap": True, "num_format": DATE_FORMAT}
        )
        self.percent = workbook.add_format({"valign": "top", "num_format": "0%"})


def _style_header(
    worksheet: Worksheet, formats: _Formats, headers: Sequence[str], widths: Sequence[int]
) -> None:
    for index, (text, width) in enumerate(zip(headers, widths, strict=True)):
        worksheet.set_column(index, index, width)
        worksheet.write_string(0, index, text, formats.header)
    worksheet.freeze_panes(1, 0)


def _write_about(worksheet: Worksheet, formats: _Formats, about: Mapping[str, Any]) -> None:
    _style_header(worksheet, formats, ["Field", "Value"], [16, 90])
    for row_number, (name, _help) in enumerate(ABOUT_FIELDS, start=1):
        value = about.get(name, "")
        worksheet.write_string(row_number, 0, name)
        if isinstance(value, dt.date):
            worksheet.write_datetime(row_number, 1, _as_datetime(value), formats.wrapped_date)
        elif value not in ("", None):
            worksheet.write(row_number, 1, value, formats.wrapped)
    as_at_row = next(i for i, (name, _) in enumerate(ABOUT_FIELDS, start=1) if name == ABOUT_AS_AT)
    worksheet.data_validation(
        as_at_row,
        1,
        as_at_row,
        1,
        {
            "validate": "date",
            "criteria": ">",
            "value": dt.datetime(EARLIEST_PLAUSIBLE_YEAR, 1, 1),
            "error_title": "As at date",
            "error_message": "Enter the date this tracker describes, as day/month/year.",
            "input_title": "As at",
            "input_message": "The date this tracker describes, e.g. 08/02/2023.",
        },
    )


def _as_datetime(value: dt.date) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())


def _write_sheet(
    worksheet: Worksheet, formats: _Formats, columns: Sequence[Column], rows: Sequence[Row] | pd.DataFrame
) -> None:
    _style_header(worksheet, formats, [c.header for c in columns], [c.width for c in columns])
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame.from_records(list(rows))
    # Values are converted a column at a time (vectorised), then written cell by cell through XlsxWriter's
    # typed calls: the per-cell work is what makes a 50,000-row tracker slow or fast to write.
    prepared = [_cell_values(column, frame) for column in columns]
    writers = [
        (index, getattr(worksheet, call), getattr(formats, style))
        for index, (_, call, style) in enumerate(prepared)
    ]
    columns_of_values = [values or [None] * len(frame) for values, _, _ in prepared]
    for row_number, row in enumerate(zip(*columns_of_values, strict=True), start=1):  # row by row: streamed
        for value, (index, write, cell_format) in zip(row, writers, strict=True):
            if value is not None:
                write(row_number, index, value, cell_format)
    last = len(frame) + TEMPLATE_ROWS
    for index, column in enumerate(columns):
        options = _validation_for(column)
        if options is not None:
            worksheet.data_validation(1, index, last, index, options)
    worksheet.autofilter(0, 0, max(len(frame), 1), len(columns) - 1)


_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def _cell_values(column: Column, frame: pd.DataFrame) -> tuple[list[Any], str, str]:
    """One column's cells as Python values (None for blank), the XlsxWriter call that writes them, and the format.

    Dates become Excel serial numbers and percentages fractions here, once per column, so that writing is a
    plain loop.
    """
    if column.key not in frame.columns or frame.empty:
        return [], "write_string", "top"
    series = frame[column.key]
    kind = column.type
    if kind is ColumnType.DATE:
        dates = pd.to_datetime(series, errors="coerce")
        serial = (dates - _EXCEL_EPOCH).dt.total_seconds() / 86_400
        return _nones(serial), "write_number", "date"
    if kind is ColumnType.PERCENT:
        numbers = pd.to_numeric(series, errors="coerce")
        if not numbers.dropna().between(0, 100).all():
            # Out of range: written as typed ('250%'), so the loader reports it instead of reading 2.5 as 2.5%.
            texts = [None if pd.isna(n) else (n / 100 if 0 <= n <= 100 else f"{n:g}%") for n in numbers]
            return texts, "write", "percent"
        return _nones(numbers / 100), "write_number", "percent"
    if kind is ColumnType.INTEGER:
        return _nones(pd.to_numeric(series, errors="coerce")), "write_number", "top"
    cells = [None if _blank(v) else v for v in series.astype(object).tolist()]
    if kind is ColumnType.YES_NO:
        return [None if v is None else ("Yes" if v else "No") for v in cells], "write_string", "top"
    if kind is ColumnType.ID_LIST:
        lists = [v if v is None or isinstance(v, str) else (", ".join(v) or None) for v in cells]
        return lists, "write_string", "top"
    text_format = "wrapped" if column.width >= 30 else "top"
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return _nones(series), "write_number", text_format
    return [None if v is None else _text(v) for v in cells], "write", text_format


def _blank(value: Any) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def _text(value: Any) -> Any:
    """Text as text; a number or date typed into a text column keeps its type."""
    return value if isinstance(value, int | float | dt.date) else str(value)


def _nones(values: pd.Series) -> list[Any]:
    """A numeric column as Python floats with None for blanks."""
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    return numbers.astype(object).where(numbers.notna(), None).tolist()


def _validation_for(column: Column) -> dict[str, Any] | None:
    """The Excel data validation for a column (XlsxWriter options), or None for free text."""
    common: dict[str, Any] = {
        "ignore_blank": True,
        "input_title": column.header[:32],
        "input_message": column.description[:255],
        "error_title": column.header[:32],
    }
    kind = column.type
    if kind is ColumnType.CHOICE or kind is ColumnType.YES_NO:
        allowed = column.allowed if kind is ColumnType.CHOICE else ("Yes", "No")
        return {
            "validate": "list",
            "source": list(allowed),
            "error_type": "stop" if column.strict else "warning",
            **common,
            "error_message": f"Choose one of: {', '.join(allowed)}"[:255],
        }
    if kind is ColumnType.DATE:
        return {
            "validate": "date",
            "criteria": ">",
            "value": dt.datetime(EARLIEST_PLAUSIBLE_YEAR, 1, 1),
            **common,
            "error_message": "Enter a date as day/month/year, e.g. 31/05/2023.",
        }
    if kind is ColumnType.INTEGER:
        return {
            "validate": "integer",
            "criteria": ">=",
            "value": 0,
            **common,
            "error_message": "Enter a whole number of zero or more.",
        }
    if kind is ColumnType.PERCENT:
        return {
            "validate": "decimal",
            "criteria": "between",
            "minimum": 0,
            "maximum": 1,
            **common,
            "error_message": "Enter a percentage from 0% to 100%.",
        }
    return None


def column_rules(column: Column) -> str:
    """Plain description of what a column accepts, for the guide sheet and docs."""
    if column.type is ColumnType.CHOICE:
        rule = ("One of: " if column.strict else "Usually one of: ") + ", ".join(column.allowed)
    elif column.type is ColumnType.YES_NO:
        rule = "Yes or No (Y, N, a tick, 1 or 0 also accepted)"
    elif column.type is ColumnType.DATE:
        rule = "A date (day/month/year or an Excel date)"
    elif column.type is ColumnType.INTEGER:
        rule = "A whole number, zero or more"
    elif column.type is ColumnType.PERCENT:
        rule = "A percentage, 0 to 100%"
    elif column.type is ColumnType.ID:
        rule = "A short code" + (", unique" if column.unique else "")
    elif column.type is ColumnType.ID_LIST:
        rule = "Codes separated by commas"
    else:
        rule = "Text"
    if column.fill_down:
        rule += "; a blank repeats the value above"
    return rule


def _write_guide(worksheet: Worksheet, formats: _Formats, kind: Kind, principles: int) -> None:
    tracker = TRACKERS[kind]
    _style_header(
        worksheet,
        formats,
        ["Sheet", "Column", "Required", "What it accepts", "What goes in it", "Example"],
        [22, 26, 22, 44, 70, 30],
    )
    row_number = 1
    for sheet in tracker.sheets:
        for column in _columns_with_matrix(kind, sheet, principles):
            need = "Column required" if column.required else "Column optional"
            need += {"error": ", must be filled", "warning": ", should be filled", "ok": ""}[column.blank]
            values = [
                sheet.name,
                column.header,
                need,
                column_rules(column),
                column.description,
                column.example,
            ]
            for index, value in enumerate(values):
                if value:  # an empty string would be a blank cell that readers disagree about
                    worksheet.write_string(row_number, index, value, formats.wrapped)
            row_number += 1


def workbook_grid(
    kind: Kind,
    about: Mapping[str, Any],
    rows: Mapping[str, Sequence[Row] | pd.DataFrame],
    principles: int = 5,
) -> dict[str, RawSheet]:
    """The cells `write_workbook` would write, as the reader returns them (text grids), without writing a file.

    Checking an edit this way runs the loader's own validation on exactly the cells the stored workbook will
    hold, in a fraction of the time of writing and reading 50,000 rows (tests/test_edits.py checks the two
    agree cell for cell).
    """
    grids: dict[str, RawSheet] = {}
    for sheet in TRACKERS[kind].sheets:
        if sheet.name == ABOUT_SHEET:
            body = [[name, _grid_text(about.get(name), False)] for name, _ in ABOUT_FIELDS]
            grids[sheet.name] = _grid(sheet.name, ["Field", "Value"], body, 2)
            continue
        columns = _columns_with_matrix(kind, sheet, principles)
        given = rows.get(sheet.name, ())
        frame = given if isinstance(given, pd.DataFrame) else pd.DataFrame.from_records(list(given))
        texts = []
        for column in columns:
            values, _, _ = _cell_values(column, frame)
            texts.append(_grid_column(values, column) if values else [None] * len(frame))
        body = [list(row) for row in zip(*texts, strict=True)] if columns else []
        grids[sheet.name] = _grid(sheet.name, [c.header for c in columns], body, len(columns))
    return grids


def _grid(name: str, header: list[str], body: list[list[Any]], width: int) -> RawSheet:
    from openpyxl.utils import get_column_letter

    frame = pd.DataFrame(
        [header, *body], columns=[get_column_letter(i + 1) for i in range(width)], dtype=object
    )
    frame = frame.where(frame.notna(), None)
    return RawSheet(name, frame.loc[:, frame.notna().any(axis=0)])


def _grid_column(values: list[Any], column: Column) -> list[str | None]:
    """A column's written values as the reader renders them (dates at once, the rest cell by cell)."""
    if column.type is ColumnType.DATE:
        serial = pd.Series(values, dtype="float64")
        dates = (_EXCEL_EPOCH + pd.to_timedelta(serial, unit="D")).dt.strftime("%Y-%m-%d %H:%M:%S")
        return dates.astype(object).where(serial.notna(), None).tolist()
    return [v if v.__class__ is str else _grid_text(v, False) for v in values]


def _grid_text(value: Any, excel_serial: bool) -> str | None:
    """A written value as the reader renders it: dates as 'YYYY-MM-DD HH:MM:SS', whole numbers without '.0'."""
    if value is None or value == "":
        return None
    if excel_serial and isinstance(value, float):
        value = _EXCEL_EPOCH + pd.Timedelta(days=value)
    if isinstance(value, dt.datetime | dt.date):
        return _as_datetime(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, float):
        return whole_number_text(value) if value.is_integer() else np.format_float_positional(value, trim="-")
    return str(value)
