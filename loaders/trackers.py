"""Loading one tracker workbook: bytes in, typed tables and a list of problems out.

`load_tracker` never raises for bad input: every failure, from a PDF renamed to .xlsx to a duplicate
priority id, comes back as a Problem with the file, sheet, row and column, and what to do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pandas as pd

from domain import Kind
from loaders import parse
from loaders.excel import DEFAULT_ENGINE, Engine, RawSheet, UnreadableWorkbook, read_workbook
from loaders.formats import FORMATS, TRACKERS
from loaders.loaded import LoadedTracker, sheet_key
from loaders.problems import Problem, Severity
from loaders.safety import (
    MAX_FILE_BYTES,
    SheetEntry,
    canonical_package,
    check_file_bytes,
    has_any_value,
    scan_sheets,
    too_large,
)
from loaders.spec import ABOUT_AS_AT, ABOUT_SHEET, ABOUT_TRACKER, Tracker
from loaders.validate import ROW, SheetReporter, SheetResult, find_sheet, validate_sheet


def detect_kind(sheet_names: list[str]) -> Kind | None:
    """The tracker kind whose identifying sheet is present (e.g. 'Priorities' means framework)."""
    present = {parse.normalise_key(n) for n in sheet_names}
    matches = [
        tracker.kind
        for tracker in TRACKERS.values()
        if {parse.normalise_key(n) for n in (tracker.signature_sheet, *_aliases(tracker))} & present
    ]
    return matches[0] if len(matches) == 1 else None


def _aliases(tracker: Tracker) -> tuple[str, ...]:
    return tracker.sheet(tracker.signature_sheet).aliases


def read_tracker_bytes(path: str | Path, kind: Kind | None = None) -> bytes | LoadedTracker:
    """A tracker file's bytes, or a tracker holding why not (too large: refused from its size; unreadable)."""
    path = Path(path)
    try:
        size = path.stat().st_size  # before reading: a 1.5 GB file must not be read into memory to refuse it
        if size > MAX_FILE_BYTES:
            return LoadedTracker(kind, path.name, problems=[too_large(path.name, size)])
        with path.open("rb") as stream:
            return stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        problem = Problem(
            Severity.ERROR,
            "unreadable_file",
            f"The file cannot be opened ({exc.strerror or exc}).",
            "Check the file name and that you may read it.",
            file=path.name,
        )
        return LoadedTracker(kind, path.name, problems=[problem])


def load_tracker_file(
    path: str | Path, kind: Kind | None = None, engine: Engine = DEFAULT_ENGINE
) -> LoadedTracker:
    """Load a tracker from disk (see load_tracker)."""
    data = read_tracker_bytes(path, kind)
    if isinstance(data, LoadedTracker):
        return data
    return load_tracker(data, Path(path).name, kind, engine)


def load_tracker(
    data: bytes,
    file_name: str,
    kind: Kind | None = None,
    engine: Engine = DEFAULT_ENGINE,
    max_bytes: int = MAX_FILE_BYTES,
) -> LoadedTracker:
    """Read, validate and type one tracker workbook.

    Args:
        data: the file's bytes.
        file_name: its name, used in messages.
        kind: the tracker kind if known; otherwise it is recognised from the sheet names.
        engine: the xlsx reader to use.
        max_bytes: the largest file accepted.
    """
    loaded, raw_sheets = read_tracker_sheets(data, file_name, kind, engine, max_bytes)
    if raw_sheets is not None and loaded.kind is not None:
        _load_sheets(loaded, TRACKERS[loaded.kind], raw_sheets)
    return loaded


def read_tracker_sheets(
    data: bytes,
    file_name: str,
    kind: Kind | None = None,
    engine: Engine = DEFAULT_ENGINE,
    max_bytes: int = MAX_FILE_BYTES,
) -> tuple[LoadedTracker, dict[str, RawSheet] | None]:
    """Everything load_tracker does with the untrusted bytes: check them, recognise the kind, choose and
    bound the sheets, read them as text grids. Returns the tracker so far and the grids (None if refused).
    """
    loaded = LoadedTracker(kind, file_name, sha256=hashlib.sha256(data).hexdigest())
    check = check_file_bytes(data, file_name, max_bytes)
    loaded.problems.extend(check.problems)
    if not check.ok:
        return loaded, None
    if kind is None:
        kind = detect_kind([sheet.name for sheet in check.sheets])
        loaded.kind = kind
    if kind is None:
        if not has_any_value(data, check):
            loaded.problems.append(_empty_workbook(file_name))
            return loaded, None
        expected = "; ".join(f"'{t.signature_sheet}' for the {t.title} tracker" for t in TRACKERS.values())
        listed = ", ".join(sheet.name for sheet in check.sheets[:20]) + (
            " ..." if len(check.sheets) > 20 else ""
        )
        loaded.problems.append(
            Problem(
                Severity.ERROR,
                "unknown_tracker",
                f"This does not look like one of the trackers: its sheets are {listed}.",
                f"A tracker needs one identifying sheet: {expected}. Start from the template if unsure.",
                file=file_name,
            )
        )
        return loaded, None
    chosen, choice_problems = choose_sheets(check.sheets, TRACKERS[kind], file_name)
    loaded.problems.extend(choice_problems)
    loaded.problems.extend(scan_sheets(data, check, chosen, file_name))
    if not loaded.ok:
        return loaded, None
    try:
        readable = data if check.canonical else canonical_package(data, check)
        raw_sheets = read_workbook(readable, engine, [(sheet.position, sheet.name) for sheet in chosen])
    except UnreadableWorkbook as exc:
        loaded.problems.append(
            Problem(
                Severity.ERROR,
                "corrupt",
                f"The workbook cannot be read: it is damaged or not a normal Excel file ({exc}).",
                "Open it in Excel, save it again as 'Excel Workbook (*.xlsx)', and try again.",
                file=file_name,
            )
        )
        return loaded, None
    if all(raw.cells.empty for raw in raw_sheets.values()) and not has_any_value(data, check):
        loaded.problems.append(_empty_workbook(file_name))
        return loaded, None
    return loaded, raw_sheets


def _empty_workbook(file_name: str) -> Problem:
    return Problem(
        Severity.ERROR,
        "empty_workbook",
        "The workbook has no data in any sheet.",
        "Check you saved the tracker before uploading, or start from the template "
        "(python -m loaders template KIND FILE).",
        file=file_name,
    )


def choose_sheets(
    entries: tuple[SheetEntry, ...], tracker: Tracker, file_name: str
) -> tuple[list[SheetEntry], list[Problem]]:
    """The workbook sheet to read for each sheet of the tracker: the visible one where names repeat.

    Hidden sheets are read only when no visible sheet has the name, and then with a warning; a hidden
    sheet passed over for a visible one of the same name is named in a warning too.
    """
    chosen: list[SheetEntry] = []
    problems: list[Problem] = []
    for sheet in tracker.sheets:
        wanted = {parse.normalise_key(n) for n in (sheet.name, *sheet.aliases)}
        matches = [entry for entry in entries if parse.normalise_key(entry.name) in wanted and entry.part]
        if not matches:
            continue
        pick = next((entry for entry in matches if entry.visible), matches[0])
        chosen.append(pick)
        for other in matches:
            if other is not pick:
                problems.append(
                    Problem(
                        Severity.WARNING,
                        "duplicate_sheet_ignored",
                        f"The workbook has another sheet called '{other.name}' ({_state_words(other)}); "
                        f"only the {_state_words(pick)} one was read.",
                        "Delete the sheet that is out of date, so that nobody reads the wrong one.",
                        file=file_name,
                        sheet=other.name,
                    )
                )
        if not pick.visible:
            problems.append(
                Problem(
                    Severity.WARNING,
                    "hidden_sheet",
                    f"The sheet '{pick.name}' is {_state_words(pick)} in Excel; it was read anyway.",
                    "Unhide it in Excel (right-click a sheet tab > Unhide) to check what it holds.",
                    file=file_name,
                    sheet=pick.name,
                )
            )
    return chosen, problems


def _state_words(entry: SheetEntry) -> str:
    return {"visible": "visible", "hidden": "hidden", "veryHidden": "very hidden (hidden by a macro)"}.get(
        entry.state, entry.state
    )


def load_tracker_grid(raw_sheets: dict[str, RawSheet], file_name: str, kind: Kind) -> LoadedTracker:
    """Validate and type a tracker already in cell text (loaders.templates.workbook_grid): an edit made in the
    app is checked by the same rules, with the same messages, as the workbook it will be stored as."""
    loaded = LoadedTracker(kind, file_name)
    _load_sheets(loaded, TRACKERS[kind], raw_sheets)
    return loaded


def _load_sheets(loaded: LoadedTracker, tracker: Tracker, raw_sheets: dict[str, RawSheet]) -> None:
    results: dict[str, SheetResult] = {}
    for sheet in tracker.sheets:
        result = validate_sheet(find_sheet(raw_sheets, sheet), sheet, loaded.file_name)
        loaded.problems.extend(result.problems)
        results[sheet_key(sheet)] = result
    about = results.pop(sheet_key(tracker.sheet(ABOUT_SHEET)))
    _read_about(loaded, tracker, about)
    loaded.tables = {key: result.frame for key, result in results.items()}
    FORMATS[tracker.kind].check(loaded, results)


def _read_about(loaded: LoadedTracker, tracker: Tracker, about: SheetResult) -> None:
    report = SheetReporter(loaded.file_name, ABOUT_SHEET)
    frame = about.frame
    fields = {
        parse.normalise_key(str(f)): (v, row)
        for f, v, row in zip(frame["field"], frame["value"], frame[ROW], strict=True)
        if f is not pd.NA
    }
    loaded.about = {
        str(f): ("" if v is pd.NA else str(v)) for f, v in zip(frame["field"], frame["value"], strict=True)
    }
    if not about.found:
        return  # missing_sheet already reported
    as_at = fields.get(parse.normalise_key(ABOUT_AS_AT))
    if as_at is None or as_at[0] is pd.NA:
        fix = (
            f"Add a row with '{ABOUT_AS_AT}' in the Field column and the date, e.g. 08/02/2023, in Value."
            if as_at is None
            else f"Type the date the tracker describes, e.g. 08/02/2023, in column B of row {int(as_at[1])}."
        )
        report.add(
            Severity.ERROR,
            "missing_as_at",
            "The About sheet does not say what date the tracker describes ('As at').",
            fix,
            row=None if as_at is None else int(as_at[1]),
            column="Value (B)",
        )
    else:
        dates, bad = parse.parse_dates(pd.Series([as_at[0]], dtype=object))
        if parse.dates_out_of_range(pd.Series([as_at[0]], dtype=object)).iloc[0]:
            report.add(
                Severity.ERROR,
                "date_out_of_range",
                f"'{as_at[0]}' is a date outside the years {parse.EARLIEST_USABLE_DATE.year} to "
                f"{parse.LATEST_USABLE_DATE.year}.",
                "Type the date the tracker describes as day/month/year, e.g. 08/02/2023.",
                row=int(as_at[1]),
                column="Value (B)",
                value=as_at[0],
            )
        elif bad.iloc[0]:
            report.add(
                Severity.ERROR,
                "bad_date",
                f"'{as_at[0]}' is not a date.",
                "Type the 'As at' date as day/month/year, e.g. 08/02/2023.",
                row=int(as_at[1]),
                column="Value (B)",
                value=as_at[0],
            )
        else:
            loaded.as_at = dates.iloc[0]
            _check_as_at_plausible(report, loaded.as_at, int(as_at[1]))
    named = fields.get(parse.normalise_key(ABOUT_TRACKER))
    if (
        named is not None
        and named[0] is not pd.NA
        and parse.normalise_key(str(named[0])) != parse.normalise_key(tracker.title)
    ):
        report.add(
            Severity.WARNING,
            "tracker_mismatch",
            f"The About sheet calls this the '{named[0]}' tracker, but its sheets are those of the "
            f"{tracker.title} tracker.",
            f"Check this is the right file; if so, set Tracker to '{tracker.title}'.",
            row=int(named[1]),
            column="Value (B)",
            value=named[0],
        )
    loaded.problems.extend(report.problems)


EARLIEST_PLAUSIBLE_AS_AT = dt.date(2015, 1, 1)
AS_AT_FUTURE_MARGIN = dt.timedelta(days=31)
"""An 'As at' date before EARLIEST_PLAUSIBLE_AS_AT or more than AS_AT_FUTURE_MARGIN ahead is likely a typo."""


def _check_as_at_plausible(report: SheetReporter, as_at: pd.Timestamp, row: int) -> None:
    """Warn about an 'As at' date that is probably mistyped (2203 for 2023): it would become the default
    snapshot of every page."""
    latest = dt.date.today() + AS_AT_FUTURE_MARGIN
    if EARLIEST_PLAUSIBLE_AS_AT <= as_at.date() <= latest:
        return
    report.add(
        Severity.WARNING,
        "implausible_as_at",
        f"The 'As at' date {as_at:%d/%m/%Y} is "
        + (
            f"more than {AS_AT_FUTURE_MARGIN.days} days in the future"
            if as_at.date() > latest
            else f"before {EARLIEST_PLAUSIBLE_AS_AT:%Y}"
        )
        + ": is the year mistyped? The latest 'As at' date becomes what every page shows.",
        "Check the date on the About sheet; if it is wrong, correct it and upload again.",
        row=row,
        column="Value (B)",
        value=f"{as_at:%d/%m/%Y}",
    )


def empty_derived_table(kind: Kind, key: str) -> pd.DataFrame | None:
    """The shape of a table built from a sheet rather than read from one, with no rows (None if unknown)."""
    build = FORMATS[kind].derived.get(key)
    return None if build is None else build()
