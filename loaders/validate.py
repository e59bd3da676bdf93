"""Validating one sheet against its declaration in loaders/formats/, reporting every problem at once.

`validate_sheet` finds the header row, matches headings to columns (any case, stray spaces, known
aliases; extra columns are kept), drops blank rows, fills down 'merged-looking' blanks, parses every
column into its type and checks blanks, allowed values, duplicate ids and implausible dates. Each
problem names the sheet, the row number as Excel shows it, the column and the bad value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from loaders import parse
from loaders.column_types import column_type
from loaders.excel import RawSheet
from loaders.problems import Problem, Severity
from loaders.spec import (
    EARLIEST_PLAUSIBLE_YEAR,
    OUTLIER_YEARS,
    Column,
    Sheet,
)

ROW = "_row"
"""Column holding each row's Excel row number, for messages about rows found later."""

MAX_DETAILED_PER_COLUMN = 50
"""Problems of one kind in one column listed row by row before the rest are summarised in one line."""


@dataclass
class SheetResult:
    """A validated sheet: typed rows (with their Excel row numbers in ROW), the columns found, problems."""

    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)  # column key -> Excel letter
    extra_columns: list[str] = field(default_factory=list)
    found: bool = True

    def label(self, column: Column) -> str:
        letter = self.letters.get(column.key)
        return f"{column.header} ({letter})" if letter else column.header


class SheetReporter:
    """Collects problems for one sheet, summarising long runs of the same problem in one column."""

    def __init__(self, file_name: str, sheet: str) -> None:
        self.file_name = file_name
        self.sheet = sheet
        self.problems: list[Problem] = []

    def add(
        self,
        severity: Severity,
        code: str,
        message: str,
        fix: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
    ) -> None:
        text = None if value is None or value is pd.NA else str(value)
        self.problems.append(
            Problem(severity, code, message, fix, self.file_name, self.sheet, row, column, text)
        )

    def add_rows(
        self,
        severity: Severity,
        code: str,
        rows: pd.Series,
        values: pd.Series,
        column: str,
        message: str,
        fix: str,
    ) -> None:
        """One problem per row (message may use {value}); past the limit, one line for the rest."""
        rows_list = rows.tolist()
        values_list = values.tolist()
        for row, value in zip(
            rows_list[:MAX_DETAILED_PER_COLUMN], values_list[:MAX_DETAILED_PER_COLUMN], strict=True
        ):
            self.add(
                severity, code, message.format(value=value), fix, row=int(row), column=column, value=value
            )
        rest = rows_list[MAX_DETAILED_PER_COLUMN:]
        if rest:
            self.add(
                severity,
                code,
                f"{len(rest):,} more rows have the same problem in this column (rows {rest[0]} to {rest[-1]}).",
                fix,
                column=column,
            )


def find_sheet(raw_sheets: dict[str, RawSheet], sheet: Sheet) -> RawSheet | None:
    """The workbook's sheet for `sheet`, matching its name or aliases in any case and spacing."""
    wanted = {parse.normalise_key(n) for n in (sheet.name, *sheet.aliases)}
    return next((raw for name, raw in raw_sheets.items() if parse.normalise_key(name) in wanted), None)


def empty_frame(sheet: Sheet) -> pd.DataFrame:
    """A typed frame with no rows, for a missing optional sheet."""
    return _typed_empty(sheet.columns).assign(**{ROW: pd.Series(dtype="Int64")})


def validate_sheet(raw: RawSheet | None, sheet: Sheet, file_name: str) -> SheetResult:
    """Check one sheet and return its typed rows and every problem found."""
    report = SheetReporter(file_name, sheet.name)
    if raw is None:
        if sheet.required:
            report.add(
                Severity.ERROR,
                "missing_sheet",
                f"The workbook has no sheet called '{sheet.name}'.",
                f"Add a sheet named '{sheet.name}' ({sheet.description.lower()}) or use the template.",
            )
        return SheetResult(empty_frame(sheet), report.problems, found=False)

    cells = raw.cells
    filled = ~parse.blank_frame(cells) if not cells.empty else cells
    non_blank_rows = filled.any(axis=1) if not cells.empty else pd.Series(dtype=bool)
    if not non_blank_rows.any():
        report.add(
            Severity.ERROR if sheet.required else Severity.WARNING,
            "empty_sheet",
            f"The sheet '{raw.name}' is empty.",
            "Put the column headings in the first row: " + ", ".join(c.header for c in sheet.columns) + ".",
        )
        return SheetResult(empty_frame(sheet), report.problems)

    header_pos = int(non_blank_rows.to_numpy().argmax())
    header_row_number = raw.first_row + header_pos
    headers = cells.iloc[header_pos]
    mapping, extras, letters = _match_headers(headers, sheet, report, header_row_number)
    if any(p.is_error and p.code == "missing_column" for p in report.problems):
        return SheetResult(empty_frame(sheet), report.problems, letters)

    body = cells.iloc[header_pos + 1 :]
    body_rows = non_blank_rows.iloc[header_pos + 1 :]
    body = body[body_rows.to_numpy()]
    excel_rows = pd.Series(body.index.to_numpy() + raw.first_row, index=body.index, dtype="int64")

    result = SheetResult(pd.DataFrame(index=body.index), report.problems, letters, list(extras))
    typed: dict[str, pd.Series] = {}
    for column in sheet.columns:
        letter = mapping.get(column.key)
        values = body[letter] if letter is not None else pd.Series(None, index=body.index, dtype=object)
        typed[column.key] = _read_column(values, column, excel_rows, result.label(column), report)
    # Built in one go: inserting thousands of extra columns one at a time is quadratic.
    frames = [pd.DataFrame(typed, index=body.index)]
    if extras:
        frames.append(parse.clean_text_frame(body[list(extras.values())]).set_axis(list(extras), axis=1))
    frames.append(pd.DataFrame({ROW: excel_rows.astype("Int64")}, index=body.index))
    result.frame = pd.concat(frames, axis=1).reset_index(drop=True)
    return result


def _match_headers(
    headers: pd.Series, sheet: Sheet, report: SheetReporter, header_row: int
) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Map column keys to Excel letters; report missing and repeated headings."""
    by_name: dict[str, Column] = {}
    for column in sheet.columns:
        for name in (column.header, *column.aliases):
            by_name.setdefault(parse.normalise_key(name), column)
    mapping: dict[str, str] = {}
    extras: dict[str, str] = {}
    for letter, heading in headers.items():
        if heading is None or not str(heading).strip():
            continue
        column = by_name.get(parse.normalise_key(str(heading)))
        if column is None:
            extras[str(heading).strip()] = str(letter)
        elif column.key in mapping:
            report.add(
                Severity.ERROR,
                "duplicate_column",
                f"The heading '{str(heading).strip()}' appears twice (columns {mapping[column.key]} and "
                f"{letter}).",
                "Delete or rename one of the two columns.",
                row=header_row,
                column=f"{column.header} ({letter})",
                value=heading,
            )
        else:
            mapping[column.key] = str(letter)
    found = ", ".join(f"'{str(h).strip()}'" for h in headers if h is not None and str(h).strip())
    for column in sheet.columns:
        if column.required and column.key not in mapping:
            report.add(
                Severity.ERROR,
                "missing_column",
                f"The sheet has no '{column.header}' column (headings found in row {header_row}: {found}).",
                f"Add a column headed '{column.header}': {column.description}",
                row=header_row,
                column=column.header,
            )
    return mapping, extras, dict(mapping)


def _read_column(
    values: pd.Series, column: Column, rows: pd.Series, label: str, report: SheetReporter
) -> pd.Series:
    """Parse one column into its type, reporting unreadable, missing, disallowed and repeated values."""
    if column.fill_down:
        values = values.where(~parse.blank_mask(values)).ffill()
    blank = parse.blank_mask(values)
    entry = column_type(column)
    typed, bad = entry.parse(values, column)
    if entry.dated and bad.any():
        bad = bad & ~_report_unusable_dates(values[bad], rows, label, report).reindex(
            bad.index, fill_value=False
        )
    if entry.codes:
        invisible = parse.has_invisible_characters(values)
        if invisible.any():
            _report_invisible(values[invisible], rows, label, report)
            bad = bad & ~invisible
    if bad.any() and entry.bad_value is not None:
        text = entry.bad_value(column)
        report.add_rows(
            Severity.ERROR if text.error else Severity.WARNING,
            f"bad_{column.type.name.lower()}",
            rows[bad],
            values[bad],
            label,
            text.message,
            text.fix,
        )
    if column.blank != "ok" and blank.any():
        severity = Severity.ERROR if column.blank == "error" else Severity.WARNING
        report.add_rows(
            severity,
            "blank",
            rows[blank],
            values[blank].map(lambda _: None),
            label,
            f"'{column.header}' is blank.",
            f"Fill it in: {column.description}",
        )
    if column.unique:
        repeated = typed.duplicated(keep=False) & typed.notna()
        if repeated.any():
            first_rows = rows[repeated].groupby(typed[repeated]).transform("min")
            later = repeated & (rows != first_rows.reindex(rows.index))
            report.add_rows(
                Severity.ERROR,
                "duplicate_id",
                rows[later],
                typed[later],
                label,
                "'{value}' is used more than once.",
                f"Each row needs its own {column.header}; give this row a new one or delete the repeat.",
            )
    if entry.dated:
        _check_plausible_dates(typed, values, rows, label, report)
    return typed


def _report_unusable_dates(
    values: pd.Series, rows: pd.Series, label: str, report: SheetReporter
) -> pd.Series:
    """Report dates outside the usable range and Excel's 29 February 1900; True where reported."""
    outside = parse.dates_out_of_range(values)
    for index in outside[outside].index[:MAX_DETAILED_PER_COLUMN]:
        report.add(
            Severity.ERROR,
            "date_out_of_range",
            f"'{values[index]}' is a date outside the years {parse.EARLIEST_USABLE_DATE.year} to "
            f"{parse.LATEST_USABLE_DATE.year}, which the dashboard can show.",
            "Correct the year; if the cell means 'no date' or 'no end date', leave it blank.",
            row=int(rows[index]),
            column=label,
            value=values[index],
        )
    leap_day = values.astype("string").str.strip() == str(parse.EXCEL_LEAP_DAY_SERIAL)
    leap_day = leap_day.fillna(False).astype(bool) & ~outside
    for index in leap_day[leap_day].index[:MAX_DETAILED_PER_COLUMN]:
        report.add(
            Severity.ERROR,
            "bad_date",
            f"'{values[index]}' is day {parse.EXCEL_LEAP_DAY_SERIAL} in Excel's numbering of dates: 29 February "
            "1900, a day that never existed (Excel keeps it for compatibility with Lotus 1-2-3).",
            "Type the date you meant as day/month/year, e.g. 31/05/2023.",
            row=int(rows[index]),
            column=label,
            value=values[index],
        )
    return outside | leap_day


def _report_invisible(values: pd.Series, rows: pd.Series, label: str, report: SheetReporter) -> None:
    """Ids holding zero-width or direction-changing characters look like other ids but are not."""
    for index in values.index[:MAX_DETAILED_PER_COLUMN]:
        text = str(values[index])
        report.add(
            Severity.ERROR,
            "invisible_characters",
            f"'{parse.shown_visibly(text)}' holds invisible characters "
            f"({', '.join(parse.invisible_characters(text))}), so it looks like another code but is not.",
            "Retype the code in the cell (do not paste it), save and try again.",
            row=int(rows[index]),
            column=label,
            value=parse.shown_visibly(text),
        )


def _middle_date(dates: pd.Series) -> pd.Timestamp | None:
    present = dates.dropna()
    return None if present.empty else present.sort_values().iloc[len(present) // 2]


def implausible_dates(dates: pd.Series) -> pd.Series:
    """Which dates of a column are implausible: before EARLIEST_PLAUSIBLE_YEAR or years away from the rest of
    the column (a typo'd year). The data check below warns about them; metrics.cplg.dated places them. One
    rule, so a date is flagged in the data checks exactly where it is marked on the pages."""
    middle = _middle_date(dates)
    if middle is None:
        return pd.Series(False, index=dates.index, dtype=bool)
    too_early = dates.dt.year < EARLIEST_PLAUSIBLE_YEAR
    # In seconds: nanosecond differences overflow beyond 292 years.
    apart = dates.astype("datetime64[s]") - middle.as_unit("s")
    outlier = apart.abs() > pd.Timedelta(days=365 * OUTLIER_YEARS)
    return (too_early | outlier).fillna(False).astype(bool)


def _check_plausible_dates(
    dates: pd.Series, values: pd.Series, rows: pd.Series, label: str, report: SheetReporter
) -> None:
    """Flag dates before EARLIEST_PLAUSIBLE_YEAR or years away from the rest of the column (a typo'd year)."""
    middle = _middle_date(dates)
    if middle is None:
        return
    suspect = implausible_dates(dates)
    for index in suspect[suspect].index:
        date = dates[index]
        guess = _same_day_in_year(date, middle.year)
        hint = f" Did you mean {guess:%d %B %Y}?" if guess is not None and guess != date else ""
        report.add(
            Severity.WARNING,
            "implausible_date",
            f"The date {date:%d %B %Y} is far from the other dates in this column (around {middle.year}).{hint}",
            "Check the year and correct it in the tracker if it is a typing slip.",
            row=int(rows[index]),
            column=label,
            value=values[index],
        )


def _same_day_in_year(date: pd.Timestamp, year: int) -> pd.Timestamp | None:
    try:
        return date.replace(year=year)
    except ValueError:
        return None


def _typed_empty(columns: tuple[Column, ...]) -> pd.DataFrame:
    return pd.DataFrame({column.key: column_type(column).empty(column) for column in columns})
