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

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from domain import DEFAULT_LEVEL_SCALE
from loaders.schema import (
    ABOUT_AS_AT,
    ABOUT_FIELDS,
    ABOUT_SHEET,
    ABOUT_TRACKER,
    COVERAGE_COLUMN_PREFIX,
    COVERAGE_MARKS,
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
    workbook = Workbook()
    workbook.remove(workbook.active)
    stamp = created or dt.datetime(2000, 1, 1)
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    workbook.properties.creator = "CCPL dashboard"
    for sheet in tracker.sheets:
        worksheet = workbook.create_sheet(sheet.name)
        if sheet.name == ABOUT_SHEET:
            _write_about(worksheet, about)
            continue
        columns = _columns_with_matrix(kind, sheet, principles)
        _write_sheet(worksheet, columns, rows.get(sheet.name, ()))
    _write_guide(workbook.create_sheet(GUIDE_SHEET), kind, principles)
    workbook.save(destination)


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


def _style_header(worksheet: Worksheet, widths: Sequence[int]) -> None:
    for index, width in enumerate(widths, start=1):
        cell = worksheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=NHS_BLUE)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        worksheet.column_dimensions[get_column_letter(index)].width = width
    worksheet.freeze_panes = "A2"


def _write_about(worksheet: Worksheet, about: Mapping[str, Any]) -> None:
    worksheet.append(["Field", "Value"])
    _style_header(worksheet, [16, 90])
    for row_number, (name, _help) in enumerate(ABOUT_FIELDS, start=2):
        value = about.get(name, "")
        worksheet.append([name, value])
        cell = worksheet.cell(row=row_number, column=2)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if isinstance(value, dt.date):
            cell.number_format = DATE_FORMAT
    as_at_row = next(i for i, (name, _) in enumerate(ABOUT_FIELDS, start=2) if name == ABOUT_AS_AT)
    check = DataValidation(
        type="date",
        operator="greaterThan",
        formula1=f"DATE({EARLIEST_PLAUSIBLE_YEAR},1,1)",
        showErrorMessage=True,
        errorTitle="As at date",
        error="Enter the date this tracker describes, as day/month/year.",
        promptTitle="As at",
        prompt="The date this tracker describes, e.g. 08/02/2023.",
        showInputMessage=True,
    )
    worksheet.add_data_validation(check)
    check.add(f"B{as_at_row}")


def _write_sheet(worksheet: Worksheet, columns: Sequence[Column], rows: Sequence[Row]) -> None:
    worksheet.append([c.header for c in columns])
    _style_header(worksheet, [c.width for c in columns])
    for row in rows:
        worksheet.append([_excel_value(c, row.get(c.key)) for c in columns])
    last = max(len(rows), 0) + TEMPLATE_ROWS + 1
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cells = f"{letter}2:{letter}{last}"
        for row_number in range(2, len(rows) + 2):
            cell = worksheet.cell(row=row_number, column=index)
            cell.alignment = Alignment(wrap_text=column.width >= 30, vertical="top")
            if column.type is ColumnType.DATE:
                cell.number_format = DATE_FORMAT
            elif column.type is ColumnType.PERCENT:
                cell.number_format = "0%"
        validation = _validation_for(column)
        if validation is not None:
            worksheet.add_data_validation(validation)
            validation.add(cells)
    worksheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows) + 1, 2)}"


def _excel_value(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if column.type is ColumnType.PERCENT:
        return float(value) / 100
    if column.type is ColumnType.YES_NO:
        return "Yes" if value else "No"
    if column.type is ColumnType.ID_LIST:
        return ", ".join(value) if not isinstance(value, str) else value
    return value


def _validation_for(column: Column) -> DataValidation | None:
    """The Excel data validation for a column, or None for free text."""
    common: dict[str, Any] = {
        "allow_blank": True,
        "showErrorMessage": True,
        "showInputMessage": True,
        "promptTitle": column.header[:32],
        "prompt": column.description[:255],
    }
    kind = column.type
    if kind is ColumnType.CHOICE or kind is ColumnType.YES_NO:
        allowed = column.allowed if kind is ColumnType.CHOICE else ("Yes", "No")
        return DataValidation(
            type="list",
            formula1='"' + ",".join(allowed) + '"',
            errorStyle="stop" if column.strict else "warning",
            errorTitle=column.header[:32],
            error=f"Choose one of: {', '.join(allowed)}"[:255],
            **common,
        )
    if kind is ColumnType.DATE:
        return DataValidation(
            type="date",
            operator="greaterThan",
            formula1=f"DATE({EARLIEST_PLAUSIBLE_YEAR},1,1)",
            errorTitle=column.header[:32],
            error="Enter a date as day/month/year, e.g. 31/05/2023.",
            **common,
        )
    if kind is ColumnType.INTEGER:
        return DataValidation(
            type="whole",
            operator="greaterThanOrEqual",
            formula1="0",
            errorTitle=column.header[:32],
            error="Enter a whole number of zero or more.",
            **common,
        )
    if kind is ColumnType.PERCENT:
        return DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2="1",
            errorTitle=column.header[:32],
            error="Enter a percentage from 0% to 100%.",
            **common,
        )
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


def _write_guide(worksheet: Worksheet, kind: Kind, principles: int) -> None:
    tracker = TRACKERS[kind]
    worksheet.append(["Sheet", "Column", "Required", "What it accepts", "What goes in it", "Example"])
    _style_header(worksheet, [22, 26, 22, 44, 70, 30])
    for sheet in tracker.sheets:
        for column in _columns_with_matrix(kind, sheet, principles):
            need = "Column required" if column.required else "Column optional"
            need += {"error": ", must be filled", "warning": ", should be filled", "ok": ""}[column.blank]
            worksheet.append(
                [sheet.name, column.header, need, column_rules(column), column.description, column.example]
            )
    for row in worksheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
