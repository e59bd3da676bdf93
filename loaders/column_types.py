"""One registry of column types: everything a column's type decides, in one entry per loaders.spec.ColumnType.

An entry holds how a cell is read (the tolerant UK readers of loaders.parse) and what a value it cannot read is
told; the type's empty column; how its values are written as Excel cells, the drop-down or check Excel applies
and the words the guide sheet uses; how an edited value is compared and shown in the field history
(services/edits.py); and the data editor's column as a neutral description that ui/editing.py turns into
Streamlit's st.column_config (loaders never import Streamlit). A new type, or a changed rule, is one entry here;
tests/test_column_types.py fails when a type has no entry or an entry lacks a part, and checks every type's
write-then-read round trip.

Modelled on pandera's registered checks (`register_builtin_check(error=..., strategy=...)`): each check is
registered with its message and its data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from loaders import parse
from loaders.cell_values import FIRST_EXCEL_DAY, Cells, cells_of, excel_serials, mixed_cells
from loaders.spec import EARLIEST_PLAUSIBLE_YEAR, NO_VALUES, YES_VALUES, Column, ColumnType

Parsed = tuple[pd.Series, pd.Series]
"""Typed values and a mask of the non-blank cells that could not be read."""


@dataclass(frozen=True)
class BadValue:
    """What a value the type cannot read is told: message (may use {value}), how to fix it, and whether it is an
    error (else a warning: the value is kept as typed)."""

    message: str
    fix: str
    error: bool = True


@dataclass(frozen=True)
class EditorColumn:
    """The data editor's column, without Streamlit: `widget` is one of EDITOR_WIDGETS and `settings` are the
    keyword arguments of its st.column_config class (ui/editing.py holds the lookup to the classes)."""

    widget: str
    settings: Mapping[str, Any] = field(default_factory=dict)


EDITOR_WIDGETS = ("select", "date", "number", "checkbox", "text")
"""The neutral editor widgets; "text" is free text, where the editor says a cell's length limit."""
FEED_VALUES = ("string", "date", "integer", "number", "boolean", "list of strings")
"""How values read in the analysts' feed (its catalogue says these words)."""


@dataclass(frozen=True)
class ColumnTypeEntry:
    """Everything one column type decides.

    Attributes:
        parse: the column's cells into typed values, with the mask of unreadable ones.
        bad_value: what an unreadable value is told; None where `parse` reads every value (text, ids).
        empty: an empty column of the type's dtype.
        cells: a column's values as Excel cells: (values, column, row count, text style) -> Cells.
        validation: the Excel data validation (XlsxWriter options, without the column's titles), or None.
        rules: what the column accepts, in words, for the guide sheet and docs.
        comparable: values in one comparable type, so an edited cell equals its unedited self.
        shown: values as the field history words them ('' for blank).
        editor: the data editor's column.
        feed: how a value reads in the analysts' feed (services/feed.py gives each its Arrow type).
        dated: dates outside the usable range and implausible dates are reported.
        codes: invisible characters are reported (codes that look like other codes).
    """

    parse: Callable[[pd.Series, Column], Parsed]
    bad_value: Callable[[Column], BadValue] | None
    empty: Callable[[Column], pd.Series]
    cells: Callable[[pd.Series, Column, int, str], Cells]
    validation: Callable[[Column], dict[str, Any] | None]
    rules: Callable[[Column], str]
    comparable: Callable[[pd.Series, Column], pd.Series]
    shown: Callable[[pd.Series], pd.Series]
    editor: Callable[[Column], EditorColumn]
    feed: str
    dated: bool = False
    codes: bool = False


# -- reading --------------------------------------------------------------------------------------------------
def _nothing_bad(values: pd.Series) -> pd.Series:
    return pd.Series(False, index=values.index)


def _parse_choice(values: pd.Series, column: Column) -> Parsed:
    choices, bad = parse.parse_choices(values, column.allowed, column.synonyms)
    categories = list(column.allowed)
    if not column.strict:
        categories += sorted(set(choices[bad].dropna()) - set(categories))
    choices = choices.where(~bad) if column.strict else choices
    return pd.Series(
        pd.Categorical(choices, categories=categories, ordered=_ordered(column)), index=values.index
    ), bad


def _ordered(column: Column) -> bool:
    return column.key == "status"


def _bad_choice(column: Column) -> BadValue:
    allowed = ", ".join(column.allowed)
    if column.strict:
        return BadValue(
            f"'{{value}}' is not an allowed {column.header.lower()}.", f"Choose one of: {allowed}."
        )
    return BadValue(
        f"'{{value}}' is not one of the listed {column.header.lower()} values; it is kept as typed.",
        f"If it is one of these, use the same spelling: {allowed}.",
        error=False,
    )


def _empty(dtype: str) -> Callable[[Column], pd.Series]:
    return lambda _column: pd.Series(dtype=dtype)


def _empty_choice(column: Column) -> pd.Series:
    return pd.Series(pd.Categorical([], categories=list(column.allowed), ordered=_ordered(column)))


# -- writing Excel cells --------------------------------------------------------------------------------------
def _date_cells(series: pd.Series, _column: Column, count: int, _style: str) -> Cells:
    serials = excel_serials(series)
    # Before 1900 Excel has no dates: written as text, which the loader reports, never as another date.
    early = np.isnan(serials) & (pd.to_datetime(series, errors="coerce") < FIRST_EXCEL_DAY).to_numpy()
    texts = np.full(count, None, dtype=object)
    texts[early] = [str(d) for d in pd.to_datetime(series, errors="coerce")[early]]
    return cells_of(count, "date", texts, serials, dates=True, date_style="date")


def _percent_cells(series: pd.Series, _column: Column, count: int, _style: str) -> Cells:
    numbers = pd.to_numeric(series, errors="coerce").astype("float64").to_numpy()
    in_range = (numbers >= 0) & (numbers <= 100)
    # Out of range: written as typed ('250%'), so the loader reports it instead of reading 2.5 as 2.5%.
    typed = ~in_range & ~np.isnan(numbers)
    texts = np.full(count, None, dtype=object)
    texts[typed] = [f"{n:g}%" for n in numbers[typed].tolist()]
    return cells_of(count, "percent", texts, np.where(in_range, numbers / 100, np.nan))


def _integer_cells(series: pd.Series, _column: Column, count: int, _style: str) -> Cells:
    return cells_of(count, "top", numbers=pd.to_numeric(series, errors="coerce").astype("float64"))


def _yes_no_cells(series: pd.Series, _column: Column, count: int, _style: str) -> Cells:
    values = series.to_numpy(dtype=object)
    blank = pd.isna(values)
    return cells_of(
        count, "top", [None if b else ("Yes" if v else "No") for v, b in zip(values, blank, strict=True)]
    )


def _id_list_cells(series: pd.Series, _column: Column, count: int, _style: str) -> Cells:
    values = series.to_numpy(dtype=object)
    blank = pd.isna(values)
    lists = [
        None if b else (v if isinstance(v, str) else ", ".join(v)) for v, b in zip(values, blank, strict=True)
    ]
    return cells_of(count, "top", lists)


def _text_cells(series: pd.Series, _column: Column, count: int, style: str) -> Cells:
    """Text, ids and choices: as typed; a number in the column stays a number, a date a date."""
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return cells_of(count, style, numbers=pd.to_numeric(series, errors="coerce").astype("float64"))
    values = series.to_numpy(dtype=object)
    blank = pd.isna(values)
    texts = np.where(blank, None, values)
    if set(map(type, values[~blank])) <= {str}:
        return cells_of(count, style, texts)
    return mixed_cells(texts, style)


# -- Excel's drop-downs and checks ----------------------------------------------------------------------------
def _no_validation(_column: Column) -> None:
    return None


def _listed(allowed: tuple[str, ...], strict: bool) -> dict[str, Any]:
    return {
        "validate": "list",
        "source": list(allowed),
        "error_type": "stop" if strict else "warning",
        "error_message": f"Choose one of: {', '.join(allowed)}"[:255],
    }


_DATE_VALIDATION: dict[str, Any] = {
    "validate": "date",
    "criteria": ">",
    "value": dt.datetime(EARLIEST_PLAUSIBLE_YEAR, 1, 1),
    "error_message": "Enter a date as day/month/year, e.g. 31/05/2023.",
}
_INTEGER_VALIDATION: dict[str, Any] = {
    "validate": "integer",
    "criteria": ">=",
    "value": 0,
    "error_message": "Enter a whole number of zero or more.",
}
_PERCENT_VALIDATION: dict[str, Any] = {
    "validate": "decimal",
    "criteria": "between",
    "minimum": 0,
    "maximum": 1,
    "error_message": "Enter a percentage from 0% to 100%.",
}


# -- comparing and showing edited values ----------------------------------------------------------------------
def _shown_text(values: pd.Series) -> pd.Series:
    return values.astype("string").fillna("").str.strip().astype(str)


def _shown_date(values: pd.Series) -> pd.Series:
    dates = pd.to_datetime(values, errors="coerce", dayfirst=True)
    return dates.dt.strftime("%d/%m/%Y").fillna("").astype(str)


def _shown_percent(values: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    return numbers.map(lambda n: "" if pd.isna(n) else f"{n:g}%")


def _shown_yes_no(values: pd.Series) -> pd.Series:
    return values.astype(object).map(lambda v: "" if v is None or pd.isna(v) else ("Yes" if v else "No"))


def _shown_id_list(values: pd.Series) -> pd.Series:
    return values.astype(object).map(
        lambda v: v if isinstance(v, str) else (", ".join(v) if isinstance(v, tuple | list) else "")
    )


def _comparable_text(values: pd.Series, _column: Column) -> pd.Series:
    text = values.astype("string").str.strip()
    return text.mask(text == "")


def _comparable_number(values: pd.Series, _column: Column) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").astype("Float64")


# -- the registry ---------------------------------------------------------------------------------------------
_TEXT_EDITOR = EditorColumn("text")

COLUMN_TYPES: dict[ColumnType, ColumnTypeEntry] = {
    ColumnType.ID: ColumnTypeEntry(
        parse=lambda values, _column: (parse.parse_ids(values), _nothing_bad(values)),
        bad_value=None,
        empty=_empty("string"),
        cells=_text_cells,
        validation=_no_validation,
        rules=lambda column: "A short code" + (", unique" if column.unique else ""),
        comparable=_comparable_text,
        shown=_shown_text,
        editor=lambda _column: _TEXT_EDITOR,
        feed="string",
        codes=True,
    ),
    ColumnType.TEXT: ColumnTypeEntry(
        parse=lambda values, _column: (parse.clean_text(values), _nothing_bad(values)),
        bad_value=None,
        empty=_empty("string"),
        cells=_text_cells,
        validation=_no_validation,
        rules=lambda _column: "Text",
        comparable=_comparable_text,
        shown=_shown_text,
        editor=lambda _column: _TEXT_EDITOR,
        feed="string",
    ),
    ColumnType.DATE: ColumnTypeEntry(
        parse=lambda values, _column: parse.parse_dates(values),
        bad_value=lambda _column: BadValue(
            "'{value}' is not a date.", "Type the date as day/month/year, e.g. 31/05/2023, or 31 May 2023."
        ),
        empty=_empty("datetime64[ns]"),
        cells=_date_cells,
        validation=lambda _column: dict(_DATE_VALIDATION),
        rules=lambda _column: "A date (day/month/year or an Excel date)",
        comparable=lambda values, _column: pd.to_datetime(
            values, errors="coerce", dayfirst=True
        ).dt.normalize(),
        shown=_shown_date,
        editor=lambda _column: EditorColumn("date", {"format": "DD/MM/YYYY"}),
        feed="date",
        dated=True,
    ),
    ColumnType.INTEGER: ColumnTypeEntry(
        parse=lambda values, _column: parse.parse_integers(values),
        bad_value=lambda _column: BadValue(
            f"'{{value}}' is not a whole number from 0 to {parse.LARGEST_COUNT:,}.",
            "Enter a whole number of zero or more, e.g. 120.",
        ),
        empty=_empty("Int64"),
        cells=_integer_cells,
        validation=lambda _column: dict(_INTEGER_VALIDATION),
        rules=lambda _column: "A whole number, zero or more",
        comparable=_comparable_number,
        shown=_shown_text,
        editor=lambda _column: _TEXT_EDITOR,
        feed="integer",
    ),
    ColumnType.PERCENT: ColumnTypeEntry(
        parse=lambda values, _column: parse.parse_percents(values),
        bad_value=lambda _column: BadValue(
            "'{value}' is not a percentage from 0 to 100.", "Enter a percentage, e.g. 50%, or leave it blank."
        ),
        empty=_empty("Float64"),
        cells=_percent_cells,
        validation=lambda _column: dict(_PERCENT_VALIDATION),
        rules=lambda _column: "A percentage, 0 to 100%",
        comparable=_comparable_number,
        shown=_shown_percent,
        editor=lambda _column: EditorColumn("number", {"min_value": 0, "max_value": 100, "step": 1}),
        feed="number",
    ),
    ColumnType.CHOICE: ColumnTypeEntry(
        parse=_parse_choice,
        bad_value=_bad_choice,
        empty=_empty_choice,
        cells=_text_cells,
        validation=lambda column: _listed(column.allowed, column.strict),
        rules=lambda column: (
            ("One of: " if column.strict else "Usually one of: ") + ", ".join(column.allowed)
        ),
        comparable=_comparable_text,
        shown=_shown_text,
        editor=lambda column: EditorColumn("select", {"options": list(column.allowed)}),
        feed="string",
    ),
    ColumnType.YES_NO: ColumnTypeEntry(
        parse=lambda values, _column: parse.parse_yes_no(values, YES_VALUES, NO_VALUES),
        bad_value=lambda _column: BadValue(
            "'{value}' is not yes or no.", "Enter Yes or No (Y, N, a tick or 1 also work), or leave it blank."
        ),
        empty=_empty("boolean"),
        cells=_yes_no_cells,
        validation=lambda column: _listed(("Yes", "No"), column.strict),
        rules=lambda _column: "Yes or No (Y, N, a tick, 1 or 0 also accepted)",
        comparable=lambda values, _column: values.astype("boolean").fillna(False),
        shown=_shown_yes_no,
        editor=lambda _column: EditorColumn("checkbox"),
        feed="boolean",
    ),
    ColumnType.ID_LIST: ColumnTypeEntry(
        parse=lambda values, _column: parse.parse_id_lists(values),
        bad_value=lambda _column: BadValue(
            "'{value}' has an empty entry in its list.", "Separate codes with commas, e.g. 'T4, T8'."
        ),
        empty=_empty("object"),
        cells=_id_list_cells,
        validation=_no_validation,
        rules=lambda _column: "Codes separated by commas",
        comparable=lambda values, _column: _shown_id_list(values).astype("string"),
        shown=_shown_id_list,
        editor=lambda _column: _TEXT_EDITOR,
        feed="list of strings",
        codes=True,
    ),
}
"""One entry per ColumnType (tests/test_column_types.py checks none is missing)."""


def column_type(column: Column) -> ColumnTypeEntry:
    """The registry entry for a column's type."""
    return COLUMN_TYPES[column.type]


def cells_for_column(column: Column, frame: pd.DataFrame) -> Cells:
    """One column's cells, converted once for the whole column (the type's writer).

    Dates become Excel serial numbers and percentages fractions; yes/no and lists of ids become text.
    """
    count = len(frame)
    text_format = "wrapped" if column.width >= 30 else "top"
    if column.key not in frame.columns or frame.empty:
        return cells_of(count, text_format)
    return column_type(column).cells(frame[column.key], column, count, text_format)


def column_rules(column: Column) -> str:
    """Plain description of what a column accepts, for the guide sheet and docs."""
    rule = column_type(column).rules(column)
    if column.fill_down:
        rule += "; a blank repeats the value above"
    return rule
