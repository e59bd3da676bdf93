"""Tables as CSV and Excel files people can open safely and use at once.

Formula injection (OWASP, 'CSV injection'): a text cell starting with =, +, -, @, tab or carriage return
could run as a formula when the file is opened in Excel. In CSV such text gets a leading apostrophe; in
Excel it is written as a text cell with Excel's 'quote prefix' style (shown as typed, never evaluated),
because pandas' to_excel would write '=...' as a live formula (pandas issue #29095). Numbers, including
negative ones, stay numbers; so does text that is just a number, such as '-5'. Column headings are
text like any other: a tracker's extra column may be headed '=HYPERLINK(...)'.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from charts import palette
from formatting import long_date, timestamp_utc

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d+)?|\.\d+)$")
NHS_BLUE = palette.NHS_BLUE.lstrip("#")
PERCENT_HINTS = ("%", "share", "percent")
ABOUT_SHEET = "About this export"
CSV_ENCODING = "utf-8-sig"
"""UTF-8 with a byte-order mark, so Excel opens accented names and ✓ correctly."""


def is_dangerous(text: str) -> bool:
    """Whether a text cell could be taken for a formula (and is not simply a number)."""
    return text.startswith(DANGEROUS_STARTS) and not _PLAIN_NUMBER.match(text.strip())


def neutralise(value: object) -> object:
    """For CSV: prefix dangerous text with an apostrophe; everything else unchanged."""
    if isinstance(value, str) and is_dangerous(value):
        return "'" + value
    return value


@dataclass(frozen=True)
class ExportContext:
    """What the 'About this export' sheet says: where the figures came from."""

    title: str
    filters: list[str] = field(default_factory=list)
    as_at: pd.Timestamp | None = None
    trackers: list[tuple[str, str]] = field(
        default_factory=list
    )  # (tracker, 'version 7 stored 24 Nov 2026 09:12 UTC')
    exported_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    def rows(self) -> list[tuple[str, str]]:
        rows = [("Export", self.title), ("Exported", timestamp_utc(self.exported_at))]
        if self.as_at is not None:
            rows.append(("As at", long_date(self.as_at)))
        rows.append(("Filters", "; ".join(self.filters) if self.filters else "None: everything is included"))
        rows += [(f"Tracker: {name}", detail) for name, detail in self.trackers]
        return rows


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Values a spreadsheet understands: tuples joined, categoricals as text, pandas NA as empty."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if isinstance(series.dtype, pd.CategoricalDtype):
            out[column] = series.astype("string")
        elif series.dtype == object and series.map(lambda v: isinstance(v, tuple)).any():
            out[column] = series.map(lambda v: ", ".join(v) if isinstance(v, tuple) else v)
    return out


def _neutralised(series: pd.Series) -> pd.Series:
    """`neutralise` over a column: at once for a text column (pandas' string dtype: the data feed's 50,000-row
    tables), cell by cell otherwise (a column mixing text with other values)."""
    if not isinstance(series.dtype, pd.StringDtype):
        return series.map(neutralise, na_action="ignore")
    plain_number = series.str.strip().str.fullmatch(_PLAIN_NUMBER.pattern.strip("^$"))
    dangerous = (series.str.startswith(DANGEROUS_STARTS) & ~plain_number).fillna(False).astype(bool)
    return series.where(~dangerous, "'" + series) if dangerous.any() else series


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as CSV (UTF-8 with BOM), dates as YYYY-MM-DD, formula-like text neutralised."""
    plain = _plain(frame)
    for column in plain.columns:
        if pd.api.types.is_datetime64_any_dtype(plain[column]):
            has_time = bool((plain[column].dropna() != plain[column].dropna().dt.normalize()).any())
            plain[column] = plain[column].dt.strftime("%Y-%m-%d %H:%M" if has_time else "%Y-%m-%d")
        elif not pd.api.types.is_numeric_dtype(plain[column]) or pd.api.types.is_bool_dtype(plain[column]):
            plain[column] = _neutralised(plain[column])
    plain.columns = [neutralise(str(c)) for c in plain.columns]  # headings come from trackers too
    return plain.to_csv(index=False, lineterminator="\r\n").encode(CSV_ENCODING)


def _text_cell(cell: Cell, value: str) -> None:
    """Write text as text: never a formula, whatever it starts with (headings come from trackers too)."""
    cell.data_type = "s"
    cell.quotePrefix = is_dangerous(value)


def _cell_value(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().replace(tzinfo=None)
    if isinstance(value, np.generic):
        return value.item()
    return value


def _is_percent(name: str, series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and any(h in name.lower() for h in PERCENT_HINTS)


def write_sheet(sheet: Worksheet, frame: pd.DataFrame) -> None:
    """A table on a sheet as people want it: styled frozen header, autofilter, widths, real dates and percentages."""
    plain = _plain(frame)
    sheet.append([str(c) for c in plain.columns])
    for index, column in enumerate(plain.columns, start=1):
        _text_cell(sheet.cell(row=1, column=index), str(column))
    formats: dict[int, str] = {}
    for index, column in enumerate(plain.columns, start=1):
        series = plain[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            has_time = bool((series.dropna() != series.dropna().dt.normalize()).any())
            formats[index] = "dd/mm/yyyy hh:mm" if has_time else "dd/mm/yyyy"
        elif _is_percent(str(column), series):
            formats[index] = "0%"
    percent_columns = {i for i, f in formats.items() if f == "0%"}
    # Row numbers are counted here: openpyxl's max_row scans every cell, which made a 5,000-row export take a minute.
    for row_number, row in enumerate(plain.itertuples(index=False, name=None), start=2):
        values = []
        for index, value in enumerate(row, start=1):
            value = _cell_value(value)
            if index in percent_columns and isinstance(value, int | float):
                value = value / 100  # shown as 0-100 on screen; Excel's percent format wants a fraction
            values.append(value)
        sheet.append(values)
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=index)
            if isinstance(value, str):
                _text_cell(cell, value)
            elif index in formats:
                cell.number_format = formats[index]
    _style(sheet, plain)


def _style(sheet: Worksheet, frame: pd.DataFrame) -> None:
    for index, column in enumerate(frame.columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=NHS_BLUE)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        lengths = frame[column].head(200).map(lambda v: len(str(v)) if v is not None else 0)
        longest = max([len(str(column)), *lengths.tolist()]) if len(frame) else len(str(column))
        sheet.column_dimensions[get_column_letter(index)].width = min(max(10, longest + 2), 60)
    sheet.freeze_panes = "A2"
    last = get_column_letter(max(len(frame.columns), 1))
    sheet.auto_filter.ref = f"A1:{last}{max(len(frame) + 1, 2)}"


def write_about(sheet: Worksheet, context: ExportContext) -> None:
    sheet.append(["Field", "Value"])
    for row_number, (name, value) in enumerate(context.rows(), start=2):
        sheet.append([name, value])
        _text_cell(sheet.cell(row=row_number, column=1), name)
        _text_cell(sheet.cell(row=row_number, column=2), value)
    _style(
        sheet,
        pd.DataFrame({"Field": [n for n, _ in context.rows()], "Value": [v for _, v in context.rows()]}),
    )
    sheet.auto_filter.ref = None


def xlsx_bytes(tables: Mapping[str, pd.DataFrame] | pd.DataFrame, context: ExportContext) -> bytes:
    """One sheet per table (sheet names cut to Excel's 31 characters) and an 'About this export' sheet."""
    if isinstance(tables, pd.DataFrame):
        tables = {context.title: tables}
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for name, frame in tables.items():
        sheet_name = _sheet_name(name, used)
        write_sheet(workbook.create_sheet(sheet_name), frame)
    write_about(workbook.create_sheet(ABOUT_SHEET), context)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_name(name: str, used: set[str]) -> str:
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:31] or "Table"
    candidate, number = cleaned, 2
    while candidate.lower() in used:
        suffix = f" ({number})"
        candidate, number = cleaned[: 31 - len(suffix)] + suffix, number + 1
    used.add(candidate.lower())
    return candidate


def file_stem(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "export"


def columns_as_shown(
    frame: pd.DataFrame, columns: Sequence[str] | None, labels: Mapping[str, str]
) -> pd.DataFrame:
    """The table exactly as a page shows it: the same rows, columns in order, plain-English headings."""
    chosen = [c for c in (columns or frame.columns) if c in frame.columns and not str(c).startswith("_")]
    return frame[chosen].rename(columns={c: labels.get(c, c) for c in chosen})
