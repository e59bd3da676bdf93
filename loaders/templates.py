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

from domain import COVERAGE_MARKS, DEFAULT_LEVEL_SCALE, Kind
from loaders.cell_values import (
    Cells,
    Row,
    cells_of,
    grid_column,
    grid_sheet,
    mixed_cells,
    objects,
    rows_frame,
)
from loaders.column_types import cells_for_column, column_rules, column_type
from loaders.excel import RawSheet
from loaders.formats import TRACKERS
from loaders.formats.coverage import COVERAGE_COLUMN_PREFIX
from loaders.formats.self_assessment import LEVEL_SCALE_NOTE
from loaders.sheet_rows import rows_xml, write_package
from loaders.spec import (
    ABOUT_AS_AT,
    ABOUT_FIELDS,
    ABOUT_SHEET,
    ABOUT_TRACKER,
    EARLIEST_PLAUSIBLE_YEAR,
    Column,
    ColumnType,
    Sheet,
)

GUIDE_SHEET = "How to fill in"
NHS_BLUE = "005EB8"
TEMPLATE_ROWS = 1000
"""Rows below the heading that carry the drop-downs and checks in a blank template."""
DATE_FORMAT = "dd/mm/yyyy"


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
    rows: Mapping[str, Sequence[Row] | pd.DataFrame] | None = None,
    principles: int = 5,
    created: dt.datetime | None = None,
) -> None:
    """Write a tracker workbook.

    XlsxWriter writes everything but the data rows: the About and guide sheets, headings, widths, styles,
    drop-downs and filters. The data rows are written afterwards as XML built a column at a time
    (`rows_xml`) and put into each sheet's part of the package: writing 50,000 rows cell by cell through
    XlsxWriter took seconds (bench/bench_edits.py).

    Args:
        kind: which tracker.
        destination: a path or a binary buffer.
        about: values for the About sheet, by field name ('As at', 'Source', ...).
        rows: for each sheet name, rows as mappings from column key (or, for the coverage matrix,
            'Principle N') to value, or a data frame. Dates may be `datetime.date`; percentages are 0-100.
        principles: how many 'Principle N' columns the Coverage sheet has.
        created: the workbook's created/modified stamp; fixed for reproducible files.
    """
    tracker = TRACKERS[kind]
    rows = rows or {}
    package = io.BytesIO()
    workbook = Workbook(package, {"in_memory": True})
    workbook.set_properties({"created": created or dt.datetime(2000, 1, 1), "author": "CCPL dashboard"})
    formats = _Formats(workbook)
    bodies: dict[str, list[Cells]] = {}
    for sheet in tracker.sheets:
        worksheet = workbook.add_worksheet(sheet.name)
        if sheet.name == ABOUT_SHEET:
            cells = _about_cells(about)
            _write_about(worksheet, formats, cells)
            bodies[sheet.name] = cells
            continue
        columns = _columns_with_matrix(kind, sheet, principles)
        frame = rows_frame(rows.get(sheet.name, ()))
        cells = [cells_for_column(column, frame) for column in columns]
        _write_sheet(worksheet, formats, columns, cells, len(frame))
        bodies[sheet.name] = cells
    _write_guide(workbook.add_worksheet(GUIDE_SHEET), formats, kind, principles)
    workbook.close()
    styles = formats.indices()
    write_package(
        package.getvalue(),
        {name: rows_xml(cells, styles) for name, cells in bodies.items()},
        str(destination) if isinstance(destination, Path) else destination,
    )


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

    def indices(self) -> dict[str, int]:
        """The style number (xf index) of each format the workbook uses, once it is closed."""
        return {name: f.xf_index for name, f in vars(self).items() if f.xf_index is not None}


def _style_header(
    worksheet: Worksheet, formats: _Formats, headers: Sequence[str], widths: Sequence[int]
) -> None:
    for index, (text, width) in enumerate(zip(headers, widths, strict=True)):
        worksheet.set_column(index, index, width)
        worksheet.write_string(0, index, text, formats.header)
    worksheet.freeze_panes(1, 0)


def _write_about(worksheet: Worksheet, formats: _Formats, cells: Sequence[Cells]) -> None:
    """Headings and the 'As at' check of the About sheet; its fields are written by `rows_xml`, as data rows
    are, so that a value is text as given (XlsxWriter's `write` would make '=...' a formula and 'mailto:...'
    a link) and reads back as `workbook_grid` says."""
    _style_header(worksheet, formats, ["Field", "Value"], [16, 90])
    for index, column_cells in enumerate(cells):
        for style, row in column_cells.first_uses():
            worksheet.write_blank(row + 1, index, None, getattr(formats, style))
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


def _about_cells(about: Mapping[str, Any]) -> list[Cells]:
    """The About sheet's Field and Value columns: a value is a date, a number or text, as in a text column."""
    names = [name for name, _ in ABOUT_FIELDS]
    values = objects([about.get(name) for name in names])
    blank = np.array([v is None or (pd.api.types.is_scalar(v) and pd.isna(v)) for v in values.tolist()])
    values[blank] = None
    return [cells_of(len(names), "top", names), mixed_cells(values, "wrapped")]


def _write_sheet(
    worksheet: Worksheet, formats: _Formats, columns: Sequence[Column], cells: Sequence[Cells], count: int
) -> None:
    """Headings, drop-downs and filter of a data sheet; its `count` rows are written by `rows_xml`."""
    _style_header(worksheet, formats, [c.header for c in columns], [c.width for c in columns])
    # A format gets its style number only when XlsxWriter writes a cell in it, so each format the rows use
    # is given to one blank cell here; the rows written into the package afterwards replace these blanks.
    for index, column_cells in enumerate(cells):
        for style, row in column_cells.first_uses():
            worksheet.write_blank(row + 1, index, None, getattr(formats, style))
    last = count + TEMPLATE_ROWS
    for index, column in enumerate(columns):
        options = _validation_for(column)
        if options is not None:
            worksheet.data_validation(1, index, last, index, options)
    worksheet.autofilter(0, 0, max(count, 1), len(columns) - 1)


def _validation_for(column: Column) -> dict[str, Any] | None:
    """The Excel data validation for a column (XlsxWriter options), or None for free text."""
    rule = column_type(column).validation(column)
    if rule is None:
        return None
    checks = {key: value for key, value in rule.items() if key != "error_message"}
    return {
        **checks,
        "ignore_blank": True,
        "input_title": column.header[:32],
        "input_message": column.description[:255],
        "error_title": column.header[:32],
        "error_message": rule["error_message"],
    }


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
    hold, in a fraction of the time of writing and reading 50,000 rows (tests/test_edits.py and
    tests/test_writer.py check the two agree cell for cell).
    """
    grids: dict[str, RawSheet] = {}
    for sheet in TRACKERS[kind].sheets:
        if sheet.name == ABOUT_SHEET:
            body = np.column_stack([grid_column(cells) for cells in _about_cells(about)])
            grids[sheet.name] = grid_sheet(sheet.name, ["Field", "Value"], body)
            continue
        columns = _columns_with_matrix(kind, sheet, principles)
        frame = rows_frame(rows.get(sheet.name, ()))
        body = np.empty((len(frame), len(columns)), dtype=object)
        for index, column in enumerate(columns):
            body[:, index] = grid_column(cells_for_column(column, frame))
        grids[sheet.name] = grid_sheet(sheet.name, [c.header for c in columns], body)
    return grids
