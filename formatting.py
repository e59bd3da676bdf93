"""How dates and counts read, everywhere: pages, sentences, exports and board papers.

The ground floor (like domain.py): imports no project module, so every layer may use it.
"""

from __future__ import annotations

import datetime as dt
import re

NO_DATE = "–"
FLAG_MARK = "†"
FLAGGED_SUFFIX = "_flagged"
"""A date column X may come with a boolean column X_flagged: the data checks flag that date (a typo'd year)."""
FLAGGED_NOTE = (
    f"{FLAG_MARK} Date as recorded in the tracker, years away from the rest of its column, so the data checks "
    "flag it; it is kept as recorded, and counted, charted and filtered with its neighbours in the log."
)
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value: object) -> str:
    """Text any document format can hold: control characters (other than tab and line breaks), lone
    surrogates and non-characters dropped. Word, PowerPoint, XML and PostgreSQL all refuse them."""
    return _NOT_IN_XML.sub("", str(value))


def long_date(value: dt.date | dt.datetime | None) -> str:
    """'8 February 2023': how dates read in prose."""
    return NO_DATE if _missing(value) else f"{value.day} {value:%B %Y}"


def short_date(value: dt.date | dt.datetime | None) -> str:
    """'8 Feb 2023': dates in tables and filter descriptions."""
    return NO_DATE if _missing(value) else f"{value.day} {value:%b %Y}"


NOT_RECORDED = "Not recorded"
"""How a blank reads everywhere: an owner, a count (attendees, volunteers), a table cell or a chart label."""

DATE_KNOWN = {"date": ("date_month_only", "month_only"), "due_date": ("due_date_assumed", "assumed")}
"""Date column -> (the tracker column that says how well it is known, how): an event known only to its month,
a due date the papers do not give (assumed)."""


def known_date(
    value: dt.date | dt.datetime | None,
    month_only: object = False,
    assumed: object = False,
    short: bool = False,
) -> str:
    """A date as what is known of it: '1 October 2022', 'October 2022' when only the month is known (the 1st
    stands for it), '31 May 2023 (assumed)' when it is an assumption. short: '1 Oct 2022', 'Oct 2022'.
    A blank qualifier means the day is known."""
    if _missing(value):
        return NO_DATE
    if _true(month_only):
        return short_month(value) if short else month_year(value)
    text = short_date(value) if short else long_date(value)
    return f"{text} (assumed)" if _true(assumed) else text


def dates_as_known(frame: object, column: str, short: bool = True) -> list[str] | None:
    """A table's date column as the text a reader sees when any of its dates is not a plain known day: known
    only to the month, assumed (DATE_KNOWN) or flagged by the data checks (column + FLAGGED_SUFFIX, marked).
    None when every date is a plain known day (the table keeps it as a date). `frame`: a pandas DataFrame."""
    columns = list(frame.columns)  # type: ignore[attr-defined]
    qualifier, how = DATE_KNOWN.get(column, ("", ""))
    qualifiers = frame[qualifier].tolist() if qualifier in columns else None  # type: ignore[index]
    flags = frame[column + FLAGGED_SUFFIX].tolist() if column + FLAGGED_SUFFIX in columns else None  # type: ignore[index]
    if not any(_true(q) for q in qualifiers or ()) and not any(_true(f) for f in flags or ()):
        return None
    values = frame[column].tolist()  # type: ignore[index]
    return [
        marked(
            known_date(v, **({how: qualifiers[i]} if qualifiers else {}), short=short),
            flags[i] if flags else False,
        )
        for i, v in enumerate(values)
    ]


def marked(text: str, flagged: object) -> str:
    """'20 Sep 2002 †' for a date the data checks flag (see FLAGGED_NOTE), the text unchanged otherwise."""
    return f"{text} {FLAG_MARK}" if _true(flagged) else text


def month_year(value: dt.date | dt.datetime) -> str:
    """'February 2023'."""
    return f"{value:%B %Y}"


def short_month(value: dt.date | dt.datetime) -> str:
    """'Feb 2023': month axis labels."""
    return f"{value:%b %Y}"


def month_short_year(value: dt.date | dt.datetime) -> str:
    """'Feb 23': month labels where space is tight (slide charts)."""
    return f"{value:%b %y}"


def month_span(start: dt.date | dt.datetime, end: dt.date | dt.datetime) -> str:
    """'Aug 22 – Nov 22' for a title; one month alone when both fall in it ('Nov 22')."""
    first, last = month_short_year(start), month_short_year(end)
    return first if first == last else f"{first} – {last}"


def months_sentence(start: dt.date | dt.datetime, end: dt.date | dt.datetime) -> str:
    """'from August 2022 to November 2022' in a sentence; 'in November 2022' when both fall in one month."""
    first, last = month_year(start), month_year(end)
    return f"in {first}" if first == last else f"from {first} to {last}"


def timestamp_utc(value: dt.datetime) -> str:
    """'8 February 2023 14:05 UTC': when something was stored or exported."""
    return f"{long_date(value)} {value:%H:%M} UTC"


def file_date(value: dt.date | dt.datetime | None) -> str:
    """'2023-02-08' in file names ('latest' without a date)."""
    return "latest" if _missing(value) else f"{value:%Y-%m-%d}"


def count(number: int, singular: str, plural: str | None = None) -> str:
    """'1 priority', '1,204 priorities'."""
    return f"{number:,} {singular if number == 1 else (plural or singular + 's')}"


def names_in_prose(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _true(value: object) -> bool:
    """True for True (numpy's too); False for False, None, NaN and pandas' NA."""
    try:
        return bool(value) and value == value
    except (TypeError, ValueError):
        return False


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return value != value  # NaT and NaN are not equal to themselves
    except (TypeError, ValueError):
        return False
