"""A tracker's values as the cells a workbook holds: cells typed for Excel (text, numbers, Excel date serials,
the style each cell takes), and the same cells as the reader would return them (text grids), so an edit can be
checked without writing a file. Each column type's writer, built on these, is in loaders/column_types.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from loaders.excel import RawSheet

Row = Mapping[str, Any]

_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
FIRST_EXCEL_DAY = pd.Timestamp("1900-01-01")
_EXCEL_LEAP_DAY = pd.Timestamp("1900-03-01")
"""The first day after the 29 February 1900 Excel counts (serial 61): earlier serials are one day later."""
_FIRST_AFTER_LEAP_DAY = 61
EXCEL_MAX_TEXT = 32_767
"""Most UTF-16 units Excel keeps in a cell; longer text is cut, as XlsxWriter cuts it."""
_NOT_IN_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
"""Characters XML cannot carry and readers do not decode from Excel's _xFFFE_ escape: written as U+FFFD."""


@dataclass(frozen=True)
class Cells:
    """One column's cells as written: what `rows_xml` writes and `workbook_grid` reads back.

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


def cells_of(
    count: int,
    style: str,
    texts: Sequence[Any] | np.ndarray | None = None,
    numbers: np.ndarray | pd.Series | None = None,
    dates: np.ndarray | bool = False,
    date_style: str = "wrapped_date",
) -> Cells:
    """Cells normalised so that a reader gives back exactly what `workbook_grid` says.

    Empty text is blank; text is cut to Excel's limit and characters XML cannot carry are replaced; -0.0 is
    0; an infinite number, which a cell cannot hold, is written as the text a reader would show for it.
    """
    text_cells = np.full(count, None, dtype=object) if texts is None else objects(texts)
    number_cells = np.full(count, np.nan) if numbers is None else np.asarray(numbers, dtype="float64") + 0.0
    infinite = np.isinf(number_cells)
    if infinite.any():
        text_cells[infinite] = objects(["inf" if n > 0 else "-inf" for n in number_cells[infinite]])
        number_cells[infinite] = np.nan
    is_text = ~pd.isna(text_cells)
    if is_text.any():
        written = _writable_texts(text_cells[is_text].tolist())
        text_cells[is_text] = objects(written)
        if "" in written:
            text_cells[is_text & (text_cells == "")] = None
            is_text = ~pd.isna(text_cells)
    date_cells = np.broadcast_to(np.asarray(dates, dtype=bool), (count,))
    return Cells(text_cells, is_text, number_cells, date_cells, style, date_style)


def objects(values: Sequence[Any] | np.ndarray) -> np.ndarray:
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


def mixed_cells(values: np.ndarray, style: str) -> Cells:
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
        serials = excel_serials(pd.Series(values[dated], dtype=object))
        unreadable = np.isnan(serials)  # outside the dates pandas can hold: kept as text
        numbers[dated] = serials
        texts[np.array(dated)[unreadable]] = [str(v) for v in values[dated][unreadable]]
        dates[dated] = ~unreadable
    return cells_of(len(values), style, texts, numbers, dates)


def excel_serials(values: pd.Series) -> np.ndarray:
    """Dates as Excel serial numbers (NaN where not a date)."""
    dates = pd.to_datetime(values, errors="coerce")
    # In microseconds: nanoseconds since 1899 overflow after 11 April 2192, a date the loader accepts.
    days = (dates.dt.as_unit("us") - _EXCEL_EPOCH.as_unit("us")).dt.total_seconds() / 86_400
    # Excel counts a 29 February 1900 that never was: earlier days are one less; before 1900, none.
    days = days.where(dates >= _EXCEL_LEAP_DAY, days - 1).where(dates >= FIRST_EXCEL_DAY)
    return days.astype("float64").to_numpy()


def rows_frame(rows: Sequence[Row] | pd.DataFrame) -> pd.DataFrame:
    return rows if isinstance(rows, pd.DataFrame) else pd.DataFrame.from_records(list(rows))


# The data rows as XML ----------------------------------------------------------------------------------


def grid_sheet(name: str, header: list[str], body: np.ndarray) -> RawSheet:
    from openpyxl.utils import get_column_letter

    filled = np.flatnonzero(~pd.isna(body).all(axis=1))
    body = body[: filled[-1] + 1 if filled.size else 0]  # a reader ends a sheet at its last filled row
    frame = pd.DataFrame(
        np.vstack([objects(header).reshape(1, -1), body]),
        columns=[get_column_letter(i + 1) for i in range(len(header))],
        dtype=object,
    )
    frame = frame.where(frame.notna(), None)
    return RawSheet(name, frame.loc[:, frame.notna().any(axis=0)])


def grid_column(cells: Cells) -> np.ndarray:
    """A column's written cells as the reader renders them: text as written, dates as 'YYYY-MM-DD HH:MM:SS',
    whole numbers without '.0'."""
    texts = cells.texts.copy()
    is_number = ~np.isnan(cells.numbers)
    dated = is_number & cells.dates
    if dated.any():
        texts[dated] = _date_texts(cells.numbers[dated])
    plain = is_number & ~cells.dates
    if plain.any():
        texts[plain] = objects([_number_text(n) for n in cells.numbers[plain].tolist()])
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
