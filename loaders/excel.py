"""Reading xlsx workbooks into grids of cell text, with one of three engines.

Whatever the engine, each sheet comes back as a `RawSheet`: every cell as text (or missing), rows numbered
as Excel numbers them, columns named by their Excel letters. Parsing into types happens afterwards, in one
place (loaders.parse), so the engines can be compared cell for cell and swapped on the strength of the
benchmark in bench/bench_readers.py. fastexcel is the default: it was the fastest reader that gives the
same grid as openpyxl on every test file.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from loaders.parse import whole_number_text

Engine = Literal["fastexcel", "calamine", "openpyxl"]
ENGINES: tuple[Engine, ...] = ("fastexcel", "calamine", "openpyxl")
DEFAULT_ENGINE: Engine = "fastexcel"


class UnreadableWorkbook(Exception):
    """The bytes passed the safety checks but no sheet could be read."""


@dataclass(frozen=True)
class RawSheet:
    """One sheet as text.

    Attributes:
        name: the sheet's name as in the workbook.
        cells: one row per sheet row from `first_row` on; columns named by Excel letter; values are text
            or missing.
        first_row: the Excel row number of the first row of `cells`.
    """

    name: str
    cells: pd.DataFrame
    first_row: int = 1


def read_workbook(
    data: bytes, engine: Engine = DEFAULT_ENGINE, sheets: Sequence[tuple[int, str]] | None = None
) -> dict[str, RawSheet]:
    """The sheets of an xlsx workbook as text grids, keyed by sheet name in workbook order.

    Args:
        data: the workbook's bytes.
        engine: the reader.
        sheets: (position in the workbook, name) of the sheets to read; every sheet when None. Only
            sheets whose extent loaders.safety has bounded should be named.

    Raises:
        UnreadableWorkbook: the workbook cannot be parsed (damaged XML, unsupported content).
    """
    try:
        if engine == "fastexcel":
            return _read_fastexcel(data, sheets)
        return _read_pandas(data, engine, sheets)
    except UnreadableWorkbook:
        raise
    except (KeyboardInterrupt, SystemExit, MemoryError, ImportError):
        raise  # not a damaged file: out of memory in a worker, or a broken installation
    except BaseException as exc:  # noqa: BLE001 - engines raise their own types, Rust panics included
        raise UnreadableWorkbook(str(exc)[:300] or type(exc).__name__) from exc


def sheet_names(data: bytes) -> list[str]:
    """The sheet names only, without reading cells (for recognising the tracker kind)."""
    import fastexcel

    try:
        return list(fastexcel.read_excel(data).sheet_names)
    except Exception as exc:
        raise UnreadableWorkbook(str(exc) or type(exc).__name__) from exc


def _read_fastexcel(data: bytes, wanted: Sequence[tuple[int, str]] | None) -> dict[str, RawSheet]:
    import fastexcel

    reader = fastexcel.read_excel(data)
    names = list(reader.sheet_names)
    if wanted is None:
        wanted = list(enumerate(names))
    sheets: dict[str, RawSheet] = {}
    for position, name in wanted:
        # By position where the reader lists the sheets as the workbook does, so that a hidden sheet with
        # the same name can never be read in place of the one chosen.
        by = position if position < len(names) and names[position] == name else name
        sheet = reader.load_sheet(by, header_row=None, skip_rows=0, dtypes="string")
        frame = sheet.to_pandas()
        letters = [get_column_letter(col.absolute_index + 1) for col in sheet.selected_columns]
        frame.columns = letters
        sheets[name] = RawSheet(name, _tidy(frame))
    return sheets


def _read_pandas(
    data: bytes, engine: Engine, wanted: Sequence[tuple[int, str]] | None
) -> dict[str, RawSheet]:
    names = None if wanted is None else [name for _, name in wanted]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it ignores
        frames = pd.read_excel(io.BytesIO(data), sheet_name=names, header=None, dtype=object, engine=engine)
    sheets: dict[str, RawSheet] = {}
    for name, frame in frames.items():
        frame = frame.map(_cell_text)
        frame.columns = [get_column_letter(i + 1) for i in range(frame.shape[1])]
        sheets[name] = RawSheet(name, _tidy(frame))
    return sheets


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing values as None and wholly empty columns dropped (engines differ on leading ones)."""
    # One 2-D array (per-column operations are slow on wide sheets); a copy: it may be a read-only view.
    cells = frame.to_numpy(dtype=object, copy=True)
    missing = pd.isna(cells)
    cells[missing] = None
    keep = ~missing.all(axis=0) if cells.shape[0] else np.zeros(cells.shape[1], dtype=bool)
    return pd.DataFrame(cells[:, keep], index=frame.index, columns=frame.columns[keep], dtype=object)


def _cell_text(value: object) -> str | None:
    """A cell value rendered as fastexcel renders it, so that engines agree cell for cell."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if value is pd.NaT:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d 00:00:00")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, float):
        return whole_number_text(value) if value.is_integer() else np.format_float_positional(value, trim="-")
    if isinstance(value, int):
        return str(value)
    return str(value)
