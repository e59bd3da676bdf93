"""Writing tracker workbooks from the schema: blank templates for editors, and filled ones for data/.

A template has every sheet with its headings styled and frozen, Excel drop-downs for every column with a
fixed set of values (status, facet, outcome, format, coverage marks, yes/no), date and number checks, and a
'How to fill in' sheet listing each column. The default data in data/ is written by the same code, so the
shipped trackers always match the format the loaders expect.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import numpy as np
import pandas as pd
from xlsxwriter import Workbook
from xlsxwriter.utility import xl_col_to_name, xl_range
from xlsxwriter.worksheet import Worksheet

from domain import COVERAGE_MARKS, DEFAULT_LEVEL_SCALE, Kind
from loaders.excel import RawSheet
from loaders.formats import TRACKERS
from loaders.formats.coverage import COVERAGE_COLUMN_PREFIX
from loaders.formats.self_assessment import LEVEL_SCALE_NOTE
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
    rows: Mapping[str, Sequence[Row] | pd.DataFrame] | None = None,
    principles: int = 5,
    created: dt.datetime | None = None,
) -> None:
    """Write a tracker workbook.

    XlsxWriter writes everything but the data rows: the About and guide sheets, headings, widths, styles,
    drop-downs and filters. The data rows are written afterwards as XML built a column at a time
    (`_rows_xml`) and put into each sheet's part of the package: writing 50,000 rows cell by cell through
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
    bodies: dict[str, list[_Cells]] = {}
    for sheet in tracker.sheets:
        worksheet = workbook.add_worksheet(sheet.name)
        if sheet.name == ABOUT_SHEET:
            cells = _about_cells(about)
            _write_about(worksheet, formats, cells)
            bodies[sheet.name] = cells
            continue
        columns = _columns_with_matrix(kind, sheet, principles)
        frame = _frame(rows.get(sheet.name, ()))
        cells = [_cell_values(column, frame) for column in columns]
        _write_sheet(worksheet, formats, columns, cells, len(frame))
        bodies[sheet.name] = cells
    _write_guide(workbook.add_worksheet(GUIDE_SHEET), formats, kind, principles)
    workbook.close()
    styles = formats.indices()
    _write_package(
        package.getvalue(),
        {name: _rows_xml(cells, styles) for name, cells in bodies.items()},
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


def _write_about(worksheet: Worksheet, formats: _Formats, cells: Sequence[_Cells]) -> None:
    """Headings and the 'As at' check of the About sheet; its fields are written by `_rows_xml`, as data rows
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


def _about_cells(about: Mapping[str, Any]) -> list[_Cells]:
    """The About sheet's Field and Value columns: a value is a date, a number or text, as in a text column."""
    names = [name for name, _ in ABOUT_FIELDS]
    values = _objects([about.get(name) for name in names])
    blank = np.array([v is None or (pd.api.types.is_scalar(v) and pd.isna(v)) for v in values.tolist()])
    values[blank] = None
    return [_cells(len(names), "top", names), _mixed_cells(values, "wrapped")]


def _write_sheet(
    worksheet: Worksheet, formats: _Formats, columns: Sequence[Column], cells: Sequence[_Cells], count: int
) -> None:
    """Headings, drop-downs and filter of a data sheet; its `count` rows are written by `_rows_xml`."""
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


_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_FIRST_EXCEL_DAY = pd.Timestamp("1900-01-01")
_EXCEL_LEAP_DAY = pd.Timestamp("1900-03-01")
"""The first day after the 29 February 1900 Excel counts (serial 61): earlier serials are one day later."""
_FIRST_AFTER_LEAP_DAY = 61
EXCEL_MAX_TEXT = 32_767
"""Most UTF-16 units Excel keeps in a cell; longer text is cut, as XlsxWriter cuts it."""
_NOT_IN_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
"""Characters XML cannot carry and readers do not decode from Excel's _xFFFE_ escape: written as U+FFFD."""


@dataclass(frozen=True)
class _Cells:
    """One column's cells as written: what `_rows_xml` writes and `workbook_grid` reads back.

    A cell is text (where `is_text`), a number (where `numbers` is not NaN; an Excel date serial where
    `dates` is set) or blank. `style` names the _Formats format of the text and plain numbers, `date_style`
    that of the dates.
    """

    texts: np.ndarray
    is_text: np.ndarray
    numbers: np.ndarray
    dates: np.ndarray
    style: str
    date_style: str

    def first_uses(self) -> list[tuple[str, int]]:
        """Each format the column uses, with the row index of its first cell in it."""
        is_number = ~np.isnan(self.numbers)
        plain = np.flatnonzero(self.is_text | (is_number & ~self.dates))
        dated = np.flatnonzero(is_number & self.dates)
        uses: dict[str, int] = {}
        for style, found in ((self.style, plain), (self.date_style, dated)):
            if found.size and found[0] < uses.get(style, len(self.numbers)):
                uses[style] = int(found[0])
        return list(uses.items())


def _cells(
    count: int,
    style: str,
    texts: Sequence[Any] | np.ndarray | None = None,
    numbers: np.ndarray | pd.Series | None = None,
    dates: np.ndarray | bool = False,
    date_style: str = "wrapped_date",
) -> _Cells:
    """Cells normalised so that a reader gives back exactly what `workbook_grid` says.

    Empty text is blank; text is cut to Excel's limit and characters XML cannot carry are replaced; -0.0 is
    0; an infinite number, which a cell cannot hold, is written as the text a reader would show for it.
    """
    text_cells = np.full(count, None, dtype=object) if texts is None else _objects(texts)
    number_cells = np.full(count, np.nan) if numbers is None else np.asarray(numbers, dtype="float64") + 0.0
    infinite = np.isinf(number_cells)
    if infinite.any():
        text_cells[infinite] = _objects(["inf" if n > 0 else "-inf" for n in number_cells[infinite]])
        number_cells[infinite] = np.nan
    is_text = ~pd.isna(text_cells)
    if is_text.any():
        written = _writable_texts(text_cells[is_text].tolist())
        text_cells[is_text] = _objects(written)
        if "" in written:
            text_cells[is_text & (text_cells == "")] = None
            is_text = ~pd.isna(text_cells)
    date_cells = np.broadcast_to(np.asarray(dates, dtype=bool), (count,))
    return _Cells(text_cells, is_text, number_cells, date_cells, style, date_style)


def _objects(values: Sequence[Any] | np.ndarray) -> np.ndarray:
    """A 1-D object array (never numpy's fixed-width text, which a few long strings would make huge)."""
    if isinstance(values, np.ndarray):
        return values.astype(object)
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


def _writable_texts(texts: list[Any]) -> list[str]:
    """Texts as a cell can hold them: characters XML cannot carry replaced, cut to Excel's limit."""
    if set(map(type, texts)) != {str}:
        texts = [t if t.__class__ is str else str(t) for t in texts]
    joined = "".join(texts)
    if not joined.isascii() and _NOT_IN_XML.search(joined):
        texts = [_NOT_IN_XML.sub("\ufffd", t) for t in texts]
    if max(map(len, texts)) > EXCEL_MAX_TEXT // 2:  # shorter text is within the limit in any encoding
        texts = [_excel_length(t) for t in texts]
    return texts


def _excel_length(text: str) -> str:
    """`text` cut to Excel's limit in UTF-16 units, never splitting a character."""
    encoded = text.encode("utf-16-le")
    if len(encoded) <= 2 * EXCEL_MAX_TEXT:
        return text
    return encoded[: 2 * EXCEL_MAX_TEXT].decode("utf-16-le", "ignore")


def _cell_values(column: Column, frame: pd.DataFrame) -> _Cells:
    """One column's cells, converted once for the whole column.

    Dates become Excel serial numbers and percentages fractions; yes/no and lists of ids become text.
    """
    count = len(frame)
    text_format = "wrapped" if column.width >= 30 else "top"
    kind = column.type
    if column.key not in frame.columns or frame.empty:
        return _cells(count, text_format)
    series = frame[column.key]
    if kind is ColumnType.DATE:
        serials = _serials(series)
        # Before 1900 Excel has no dates: written as text, which the loader reports, never as another date.
        early = np.isnan(serials) & (pd.to_datetime(series, errors="coerce") < _FIRST_EXCEL_DAY).to_numpy()
        texts = np.full(count, None, dtype=object)
        texts[early] = [str(d) for d in pd.to_datetime(series, errors="coerce")[early]]
        return _cells(count, "date", texts, serials, dates=True, date_style="date")
    if kind is ColumnType.PERCENT:
        numbers = pd.to_numeric(series, errors="coerce").astype("float64").to_numpy()
        in_range = (numbers >= 0) & (numbers <= 100)
        # Out of range: written as typed ('250%'), so the loader reports it instead of reading 2.5 as 2.5%.
        typed = ~in_range & ~np.isnan(numbers)
        texts = np.full(count, None, dtype=object)
        texts[typed] = [f"{n:g}%" for n in numbers[typed].tolist()]
        return _cells(count, "percent", texts, np.where(in_range, numbers / 100, np.nan))
    if kind is ColumnType.INTEGER:
        return _cells(count, "top", numbers=pd.to_numeric(series, errors="coerce").astype("float64"))
    values = series.to_numpy(dtype=object)
    blank = pd.isna(values)
    if kind is ColumnType.YES_NO:
        return _cells(
            count, "top", [None if b else ("Yes" if v else "No") for v, b in zip(values, blank, strict=True)]
        )
    if kind is ColumnType.ID_LIST:
        lists = [
            None if b else (v if isinstance(v, str) else ", ".join(v))
            for v, b in zip(values, blank, strict=True)
        ]
        return _cells(count, "top", lists)
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return _cells(count, text_format, numbers=pd.to_numeric(series, errors="coerce").astype("float64"))
    texts = np.where(blank, None, values)
    if set(map(type, values[~blank])) <= {str}:
        return _cells(count, text_format, texts)
    return _mixed_cells(texts, text_format)


def _mixed_cells(values: np.ndarray, style: str) -> _Cells:
    """A text column holding other types: numbers stay numbers and dates dates (a date typed into a text
    column reads back as a date); anything else is written as its text."""
    numbers = np.full(len(values), np.nan)
    texts = np.full(len(values), None, dtype=object)
    dated: list[int] = []
    for index, value in enumerate(values.tolist()):
        if value is None or value.__class__ is str:
            texts[index] = value
        elif isinstance(value, dt.date):
            dated.append(index)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            numbers[index] = float(value)
        else:
            texts[index] = str(value)
    dates = np.zeros(len(values), dtype=bool)
    if dated:
        serials = _serials(pd.Series(values[dated], dtype=object))
        unreadable = np.isnan(serials)  # outside the dates pandas can hold: kept as text
        numbers[dated] = serials
        texts[np.array(dated)[unreadable]] = [str(v) for v in values[dated][unreadable]]
        dates[dated] = ~unreadable
    return _cells(len(values), style, texts, numbers, dates)


def _serials(values: pd.Series) -> np.ndarray:
    """Dates as Excel serial numbers (NaN where not a date)."""
    dates = pd.to_datetime(values, errors="coerce")
    days = (dates - _EXCEL_EPOCH).dt.total_seconds() / 86_400
    # Excel counts a 29 February 1900 that never was: earlier days are one less; before 1900, none.
    days = days.where(dates >= _EXCEL_LEAP_DAY, days - 1).where(dates >= _FIRST_EXCEL_DAY)
    return days.astype("float64").to_numpy()


def _frame(rows: Sequence[Row] | pd.DataFrame) -> pd.DataFrame:
    return rows if isinstance(rows, pd.DataFrame) else pd.DataFrame.from_records(list(rows))


# The data rows as XML ----------------------------------------------------------------------------------

_OOXML_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}[_\x00-\x08\x0b-\x1f])|[\x00-\x08\x0b-\x1f]")
"""What Excel writes as _xHHHH_: control characters XML cannot carry (tab and newline it can), and an
underscore that would otherwise start such an escape when read back. XlsxWriter escapes the underscore of
'_x0041_' but not the second one of '_x005F_x0041_', nor one followed by a control character."""
_OOXML_LOOKALIKE = re.compile(r"_x[0-9A-Fa-f]{4}")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0B, 0x20)])
_ALL_BUT_CONTROL_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_SPACE_AFTER_SEPARATOR = re.compile(r"\x00\s")
_SEPARATOR = "\x00"


def _rows_xml(cells: Sequence[_Cells], styles: Mapping[str, int]) -> tuple[str, str]:
    """The `<row>` elements of a sheet's data rows (from Excel row 2), and the sheet's extent ('A1:J101').

    Built a column at a time as arrays of pieces (open tag, row number, style, value, close tag), then joined
    row by row: the same XML XlsxWriter writes cell by cell, but text is an inline string.
    """
    count = len(cells[0].numbers) if cells else 0
    row_numbers = np.arange(2, count + 2).astype(str).astype(object)
    pieces = [np.full(count, '<row r="', dtype=object), row_numbers, np.full(count, '">', dtype=object)]
    filled = np.zeros(count, dtype=bool)
    for index, column in enumerate(cells):
        is_text = column.is_text
        is_number = ~np.isnan(column.numbers)
        present = is_text | is_number
        if not present.any():
            continue
        filled |= present
        start, value, end = (np.full(count, "", dtype=object) for _ in range(3))
        if is_number.any():
            value[is_number] = _number_texts(column.numbers[is_number])
            for numbers, style in ((~column.dates, column.style), (column.dates, column.date_style)):
                if (is_number & numbers).any():
                    start[is_number & numbers] = f'" s="{styles[style]}"><v>'
            end[is_number] = "</v></c>"
        if is_text.any():
            escaped, preserve = _escaped_texts(column.texts[is_text].tolist())
            value[is_text] = _objects(escaped)
            text_start = f'" s="{styles[column.style]}" t="inlineStr"><is><t'
            start[is_text] = np.where(preserve, text_start + ' xml:space="preserve">', text_start + ">")
            end[is_text] = "</t></is></c>"
        cell_start = np.full(count, "", dtype=object)
        cell_start[present] = f'<c r="{xl_col_to_name(index)}'
        pieces += [cell_start, np.where(present, row_numbers, ""), start, value, end]
    pieces.append(np.full(count, "</row>", dtype=object))
    table = np.column_stack(pieces)[filled]
    last_row = int(np.flatnonzero(filled)[-1]) + 2 if filled.any() else 1
    return "".join(table.ravel().tolist()), xl_range(0, 0, last_row - 1, max(len(cells), 1) - 1)


def _number_texts(numbers: np.ndarray) -> np.ndarray:
    """Numbers as cell values: whole numbers as integers, others as the shortest text that reads back as the
    same float (XlsxWriter's 16 significant digits would change some, and the grid would disagree).

    Each distinct number is formatted once: a column of dates or percentages holds few.
    """
    distinct, positions = np.unique(numbers, return_inverse=True)
    whole = (distinct == np.trunc(distinct)) & (np.abs(distinct) < 2**53)
    texts = [str(int(n)) if w else repr(n) for n, w in zip(distinct.tolist(), whole.tolist(), strict=True)]
    return _objects(texts)[positions]


def _escaped_texts(texts: list[str]) -> tuple[list[str], np.ndarray]:
    """Texts escaped for an inline string, and whether each needs xml:space="preserve" (XlsxWriter's rule:
    leading or trailing white space). Checked on the whole column at once: most need only &, < and >."""
    joined = _SEPARATOR.join(texts)
    # A control character is found among the bytes: UTF-8 uses none below 0x80 within a longer character.
    controls = joined.encode().translate(None, _ALL_BUT_CONTROL_BYTES)
    if len(controls) == len(texts) - 1 and not ("_x" in joined and _OOXML_LOOKALIKE.search(joined)):
        joined = joined.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        escaped = joined.split(_SEPARATOR)
    else:
        escaped = [_escape_text(text) for text in texts]
        joined = _SEPARATOR.join(escaped)
    edge_space = (
        joined[:1].isspace()
        or joined[-1:].isspace()
        or _SPACE_AFTER_SEPARATOR.search(joined)
        or _SPACE_AFTER_SEPARATOR.search(joined[::-1])
    )
    if edge_space:
        preserve = np.array([t[:1].isspace() or t[-1:].isspace() for t in escaped], dtype=bool)
    else:
        preserve = np.zeros(len(escaped), dtype=bool)
    return escaped, preserve


def _escape_text(text: str) -> str:
    text = _OOXML_ESCAPE.sub(lambda match: f"_x{ord(match.group()):04X}_", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_DIMENSION = re.compile(rb"<dimension ref=\"[^\"]*\"/>")
_HEADING_ROW = re.compile(rb'<row r="1"[ >]')
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_SHEET_COMPRESSION = 3
"""zlib level for the sheets given rows: level 6 (the default) took longer than building their XML, for
files about a quarter smaller."""


def _write_package(
    package: bytes, rows: Mapping[str, tuple[str, str]], destination: str | io.BytesIO
) -> None:
    """Copy XlsxWriter's package to `destination`, each named sheet with its data rows after the heading."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        parts = _sheet_parts(source)
        given = {parts[name]: body for name, body in rows.items()}
        with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info)
                level = None
                if info.filename in given:
                    data = _with_rows(data, *given[info.filename])
                    level = _SHEET_COMPRESSION
                copy = zipfile.ZipInfo(info.filename, info.date_time)
                copy.external_attr = info.external_attr
                target.writestr(copy, data, zipfile.ZIP_DEFLATED, level)


def _sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's part in the package, by sheet name, as xl/workbook.xml and its relationships name them."""
    workbook = ElementTree.fromstring(package.read("xl/workbook.xml"))
    relationships = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in relationships.iter(_PACKAGE_RELATIONSHIP)}
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets[sheet.get(_RELATIONSHIP_ID)]
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        parts[sheet.get("name", "")] = posixpath.normpath(part)
    return parts


def _with_rows(sheet_xml: bytes, rows_xml: str, extent: str) -> bytes:
    """A sheet's XML with `rows_xml` after its heading row (replacing XlsxWriter's blanks) and its extent."""
    rows_start = sheet_xml.index(b"<sheetData>") + len(b"<sheetData>")
    if not _HEADING_ROW.match(sheet_xml, rows_start):
        raise ValueError("XlsxWriter wrote no heading row first")
    heading_end = sheet_xml.index(b"</row>", rows_start) + len(b"</row>")
    head = _DIMENSION.sub(f'<dimension ref="{extent}"/>'.encode(), sheet_xml[:heading_end], count=1)
    return b"".join((head, rows_xml.encode("utf-8"), sheet_xml[sheet_xml.index(b"</sheetData>") :]))


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
    hold, in a fraction of the time of writing and reading 50,000 rows (tests/test_edits.py and
    tests/test_writer.py check the two agree cell for cell).
    """
    grids: dict[str, RawSheet] = {}
    for sheet in TRACKERS[kind].sheets:
        if sheet.name == ABOUT_SHEET:
            body = np.column_stack([_grid_column(cells) for cells in _about_cells(about)])
            grids[sheet.name] = _grid(sheet.name, ["Field", "Value"], body)
            continue
        columns = _columns_with_matrix(kind, sheet, principles)
        frame = _frame(rows.get(sheet.name, ()))
        body = np.empty((len(frame), len(columns)), dtype=object)
        for index, column in enumerate(columns):
            body[:, index] = _grid_column(_cell_values(column, frame))
        grids[sheet.name] = _grid(sheet.name, [c.header for c in columns], body)
    return grids


def _grid(name: str, header: list[str], body: np.ndarray) -> RawSheet:
    from openpyxl.utils import get_column_letter

    filled = np.flatnonzero(~pd.isna(body).all(axis=1))
    body = body[: filled[-1] + 1 if filled.size else 0]  # a reader ends a sheet at its last filled row
    frame = pd.DataFrame(
        np.vstack([_objects(header).reshape(1, -1), body]),
        columns=[get_column_letter(i + 1) for i in range(len(header))],
        dtype=object,
    )
    frame = frame.where(frame.notna(), None)
    return RawSheet(name, frame.loc[:, frame.notna().any(axis=0)])


def _grid_column(cells: _Cells) -> np.ndarray:
    """A column's written cells as the reader renders them: text as written, dates as 'YYYY-MM-DD HH:MM:SS',
    whole numbers without '.0'."""
    texts = cells.texts.copy()
    is_number = ~np.isnan(cells.numbers)
    dated = is_number & cells.dates
    if dated.any():
        texts[dated] = _date_texts(cells.numbers[dated])
    plain = is_number & ~cells.dates
    if plain.any():
        texts[plain] = _objects([_number_text(n) for n in cells.numbers[plain].tolist()])
    return texts


def _date_texts(serials: np.ndarray) -> np.ndarray:
    """Excel serials as the reader renders dates: to the nearest millisecond, shown when not whole seconds."""
    milliseconds = np.round(serials * 86_400_000).astype(np.int64)
    milliseconds += np.where(serials < _FIRST_AFTER_LEAP_DAY, 86_400_000, 0)
    stamps = np.datetime64(_EXCEL_EPOCH.date(), "ms") + milliseconds.astype("timedelta64[ms]")
    whole = milliseconds % 1000 == 0
    texts = np.where(whole, np.datetime_as_string(stamps, unit="s"), np.datetime_as_string(stamps, unit="ms"))
    return np.strings.replace(texts, "T", " ").astype(object)


def _number_text(number: float) -> str:
    """A number cell as the reader (fastexcel) renders it: rounded to 9 decimal places, without trailing zeros."""
    return f"{number:.9f}".rstrip("0").rstrip(".")
