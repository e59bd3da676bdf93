"""Turning the text of Excel cells into typed values, tolerant of how people type.

Every reader hands over cells as text (see loaders.excel), so each parser here takes a Series of strings
(or missing values) and returns the typed Series plus a mask of the cells it could not read. Work is
vectorised: each step only looks at the cells earlier steps left unresolved.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

BLANK_TEXT = frozenset({"", "-", "—", "–", "n/a", "na", "none", "nan", "nat", "null"})
"""Cell contents that mean 'nothing here'."""

# Tried in order on cells not yet understood. Day-first throughout: these are UK trackers.
_DATE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d %H:%M:%S",  # real Excel dates, as every reader renders them
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d-%m-%Y",
    "%d-%m-%y",
    "%d.%m.%Y",
    "%d.%m.%y",
    "%d %B %Y",
    "%d %b %Y",
    "%d %B %y",
    "%d %b %y",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%dT%H:%M:%S",
)
_ORDINAL = re.compile(r"\b(\d{1,2})(st|nd|rd|th)\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+", re.IGNORECASE)
_SEPT = re.compile(r"\bsept\b", re.IGNORECASE)
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
EARLIEST_USABLE_DATE = pd.Timestamp("1900-01-01")
LATEST_USABLE_DATE = pd.Timestamp("2199-12-31")
"""Dates outside these are refused with their own message ('31/12/9999' for 'no end date' is common)."""
EXCEL_LEAP_DAY_SERIAL = 60
"""Excel's day 60 is 29 February 1900, which never existed (kept for Lotus 1-2-3 compatibility)."""
LARGEST_COUNT = 1_000_000_000
"""The largest whole number accepted (a count of people); beyond it a typing slip or overflow."""


Parsed = tuple[pd.Series, pd.Series]


def _per_distinct(values: pd.Series, parser: Callable[[pd.Series], Parsed]) -> Parsed:
    """Run `parser` on the distinct values only, then spread its results back over every row."""
    codes, distinct = pd.factorize(values, use_na_sentinel=True)
    if 2 * len(distinct) > len(values):
        return parser(values)
    # One trailing missing value, so that code -1 (a missing cell) takes the last result.
    parsed, bad = parser(pd.Series([*distinct, None], dtype=object))
    parsed = parsed.take(codes).set_axis(values.index)
    bad = bad.take(codes).set_axis(values.index)
    return parsed, bad


def blank_mask(values: pd.Series) -> pd.Series:
    """True where a cell is empty or holds only a placeholder such as '-' or 'n/a'."""
    return _per_distinct(values, _blank_pair)[0].astype(bool)


def _blank_pair(values: pd.Series) -> Parsed:
    text = values.astype("string").str.strip().str.lower()
    blank = (text.isna() | text.isin(BLANK_TEXT)).astype(bool)
    return blank, blank


def _blank_text(value: object) -> bool:
    return (
        value is None
        or value is pd.NA
        or (isinstance(value, float) and value != value)
        or (str(value).strip().lower() in BLANK_TEXT)
    )


def blank_frame(cells: pd.DataFrame) -> pd.DataFrame:
    """blank_mask over a whole grid at once: one pass over the distinct values, however many columns."""
    flat = cells.to_numpy(dtype=object).ravel()
    codes, distinct = pd.factorize(flat, use_na_sentinel=True)
    blank = np.array([_blank_text(v) for v in distinct] + [True], dtype=bool)
    return pd.DataFrame(blank[codes].reshape(cells.shape), index=cells.index, columns=cells.columns)


def clean_text_frame(cells: pd.DataFrame) -> pd.DataFrame:
    """clean_text over a whole grid at once (for the many extra columns a sheet may have)."""
    flat = cells.to_numpy(dtype=object).ravel()
    codes, distinct = pd.factorize(flat, use_na_sentinel=True)
    cleaned = np.array([None if _blank_text(v) else str(v).strip() for v in distinct] + [None], dtype=object)
    return pd.DataFrame(cleaned[codes].reshape(cells.shape), index=cells.index, columns=cells.columns).astype(
        "string"
    )


def clean_text(values: pd.Series) -> pd.Series:
    """Text with surrounding spaces removed; placeholders become missing. Line breaks inside are kept."""
    text = values.astype("string").str.strip()
    return text.mask(blank_mask(values))


def parse_ids(values: pd.Series) -> pd.Series:
    """Ids as upper-case text: ' p7 ' becomes 'P7', and 3.0 (a number cell) becomes '3'."""
    text = clean_text(values).str.upper()
    return text.str.replace(r"^(\d+)\.0+$", r"\1", regex=True)


def parse_id_lists(values: pd.Series) -> Parsed:
    """Comma- or semicolon-separated ids into tuples; the mask flags cells with an empty part."""
    text = clean_text(values).str.upper()
    parts = text.str.split(r"\s*[,;/]\s*|\s+AND\s+", regex=True)
    bad = parts.map(lambda p: isinstance(p, list) and any(not x for x in p), na_action="ignore")
    lists = parts.map(lambda p: tuple(x for x in p if x) if isinstance(p, list) else (), na_action=None)
    return lists, bad.fillna(False).astype(bool)


def parse_dates(values: pd.Series) -> Parsed:
    """Dates from real Excel dates or UK-style text ('31/05/2023', '31 May 2023', '1st Feb 23').

    Returns the dates (midnight, datetime64) and a mask of non-blank cells that are not dates. US order
    ('05/31/2023') fails rather than being guessed; '01/02/2023' is 1 February.
    """
    return _per_distinct(values, _parse_dates)


def dates_out_of_range(values: pd.Series) -> pd.Series:
    """True where a cell is a date, but outside EARLIEST_USABLE_DATE to LATEST_USABLE_DATE."""
    return _parse_dates(values, out_of_range=True)[1]


def _parse_dates(values: pd.Series, out_of_range: bool = False) -> Parsed:
    """(dates, cells that are not usable dates); with out_of_range, (dates, cells that are out of range)."""
    blank = blank_mask(values)
    outside = pd.Series(False, index=values.index)
    text = values.astype("string").str.strip()
    text = text.str.replace(_ORDINAL, r"\1", regex=True).str.replace(_WEEKDAY, "", regex=True)
    text = text.str.replace(_SEPT, "Sep", regex=True).str.replace(r"\s+", " ", regex=True)
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    todo = ~blank
    for fmt in _DATE_FORMATS:
        if not todo.any():
            break
        parsed = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        usable = parsed.between(EARLIEST_USABLE_DATE, LATEST_USABLE_DATE)
        outside.loc[parsed.index] |= (parsed.notna() & ~usable).to_numpy()
        hit = parsed.notna() & usable
        if hit.any():
            result.loc[hit[hit].index] = parsed[hit].astype("datetime64[ns]")
            todo &= result.isna()
    if todo.any():
        # A date cell formatted as a number arrives as its Excel serial (days since 1899-12-30).
        serial = pd.to_numeric(text[todo], errors="coerce")
        plausible = serial.between(20000, 80000) & (serial == serial.round())
        if plausible.any():
            days = serial[plausible].astype("int64")
            result.loc[days.index] = _EXCEL_EPOCH + pd.to_timedelta(days, unit="D")
            todo &= result.isna()
    if out_of_range:
        return result.dt.normalize(), (outside & todo).astype(bool)
    return result.dt.normalize(), todo


def parse_integers(values: pd.Series) -> Parsed:
    """Whole numbers of zero or more ('1,200' and 'c. 150' accepted); the mask flags anything else."""
    return _per_distinct(values, _parse_integers)


def _parse_integers(values: pd.Series) -> Parsed:
    blank = blank_mask(values)
    text = (
        values.astype("string")
        .str.strip()
        .str.replace(r"^(circa|approx\.?|c\.?|~)\s*", "", regex=True, case=False)
    )
    numbers = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce").astype("Float64")
    out_of_range = (numbers < 0) | (numbers > LARGEST_COUNT)  # also inf, and 1e19 that would wrap round
    bad = (~blank & (numbers.isna() | out_of_range | (numbers != numbers.round())).fillna(True)).astype(bool)
    return numbers.where(~bad & ~blank).round().astype("Int64"), bad


_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Co", "Cs", "Zl", "Zp"})
"""Format and control characters: zero-width spaces and joiners, bidirectional controls, byte-order marks."""


def invisible_characters(text: str) -> list[str]:
    """The invisible or direction-changing characters in `text`, as 'U+200B ZERO WIDTH SPACE'."""
    found = []
    for char in dict.fromkeys(text):
        if unicodedata.category(char) in _INVISIBLE_CATEGORIES and char not in "\t\n\r":
            found.append(f"U+{ord(char):04X} {unicodedata.name(char, 'CONTROL CHARACTER')}")
    return found


def shown_visibly(text: str) -> str:
    """`text` with every invisible character written out as <U+200B>, so two ids that look alike differ."""
    return "".join(
        f"<U+{ord(c):04X}>" if unicodedata.category(c) in _INVISIBLE_CATEGORIES and c not in "\t\n\r" else c
        for c in text
    )


def has_invisible_characters(values: pd.Series) -> pd.Series:
    """True where a cell's text holds an invisible or direction-changing character."""
    flags = [
        isinstance(v, str) and not v.isascii() and bool(invisible_characters(v)) for v in values.tolist()
    ]
    return pd.Series(flags, index=values.index, dtype=bool)


def parse_percents(values: pd.Series) -> Parsed:
    """Percentages on a 0-100 scale: '50%' and 50 read as 50; a fraction such as 0.5 reads as 50.

    A number from 0 to 1 is taken as a fraction because a cell formatted as a percentage stores it so.
    """
    return _per_distinct(values, _parse_percents)


def _parse_percents(values: pd.Series) -> Parsed:
    blank = blank_mask(values)
    text = values.astype("string").str.strip()
    has_sign = text.str.endswith("%").fillna(False)
    numbers = pd.to_numeric(text.str.rstrip("%").str.strip(), errors="coerce").astype("Float64")
    scaled = numbers.where(has_sign | (numbers > 1), numbers * 100)
    bad = (~blank & (numbers.isna() | (scaled < 0) | (scaled > 100)).fillna(True)).astype(bool)
    return scaled.where(~bad & ~blank).astype("Float64"), bad


def parse_yes_no(values: pd.Series, yes: frozenset[str], no: frozenset[str]) -> Parsed:
    """Yes/no from Y, Yes, TRUE, 1, a tick or x (and their opposites); blank is missing."""
    return _per_distinct(values, lambda distinct: _parse_yes_no(distinct, yes, no))


def _parse_yes_no(values: pd.Series, yes: frozenset[str], no: frozenset[str]) -> Parsed:
    blank = blank_mask(values)
    text = values.astype("string").str.strip().str.lower()
    result = pd.Series(pd.NA, index=values.index, dtype="boolean")
    result[text.isin(yes).fillna(False)] = True
    result[(text.isin(no) & ~text.isin(yes)).fillna(False)] = False
    bad = (~blank & result.isna()).astype(bool)
    return result, bad


def normalise_key(value: str) -> str:
    """Lower-case with spacing, dashes and quotes folded: how headings and choices are compared."""
    value = value.replace("\u00a0", " ").replace("’", "'").replace("‘", "'")
    value = re.sub(r"[\s_]+", " ", value.strip().lower())
    return value.rstrip(":").strip()


def parse_choices(values: pd.Series, allowed: tuple[str, ...], synonyms: Mapping[str, str]) -> Parsed:
    """One of the allowed values, in any case or spacing or by a known synonym ('Amber' is 'At risk').

    Returns canonical text (unknown values kept as typed, stripped) and a mask of unknown values.
    """
    return _per_distinct(values, lambda distinct: _parse_choices(distinct, allowed, synonyms))


def _parse_choices(values: pd.Series, allowed: tuple[str, ...], synonyms: Mapping[str, str]) -> Parsed:
    lookup = {normalise_key(a): a for a in allowed}
    lookup |= {normalise_key(k): v for k, v in synonyms.items()}
    blank = blank_mask(values)
    stripped = values.astype("string").str.strip()
    keys = stripped.map(normalise_key, na_action="ignore")
    canonical = keys.map(lookup, na_action="ignore").astype("string")
    bad = (~blank & canonical.isna()).astype(bool)
    return canonical.fillna(stripped).mask(blank), bad


def whole_number_text(value: object) -> str:
    """A float that is a whole number as '3', other numbers as repr: how readers render number cells."""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)
