"""Loading one tracker workbook: bytes in, typed tables and a list of problems out.

`load_tracker` never raises for bad input: every failure, from a PDF renamed to .xlsx to a duplicate
priority id, comes back as a Problem with the file, sheet, row and column, and what to do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from domain import COVERAGE_MARKS, DEFAULT_LEVEL_SCALE, PRINCIPLE_NUMBERS
from loaders import parse
from loaders.excel import DEFAULT_ENGINE, Engine, RawSheet, UnreadableWorkbook, read_workbook
from loaders.outcomes import classify_outcome
from loaders.problems import Problem, Severity, has_errors
from loaders.safety import (
    MAX_FILE_BYTES,
    SheetEntry,
    canonical_package,
    check_file_bytes,
    has_any_value,
    scan_sheets,
    too_large,
)
from loaders.schema import (
    ABOUT_AS_AT,
    ABOUT_SHEET,
    ABOUT_TRACKER,
    LEVEL_RANGE,
    NEXT_MEETING,
    PRIMARY_MARKS,
    SUPPORTING_MARKS,
    TRACKERS,
    Kind,
    Sheet,
    Tracker,
)
from loaders.validate import ROW, SheetReporter, SheetResult, empty_frame, find_sheet, validate_sheet

FACETS_INTRODUCED = pd.Timestamp("2022-08-01")
"""CPLG agendas were organised into facets from August 2022; earlier items have none."""

_PRINCIPLE_COLUMN = re.compile(r"^(?:principle\s*|p)?\s*(\d{1,2})$", re.IGNORECASE)


TABLE_LABELS: dict[str, str] = {
    "coverage": "coverage marks",
    "coverage_matrix": "themes in the coverage matrix",
    "agenda_items": "agenda items",
    "agenda_themes": "links from agenda items to themes",
    "event_themes": "links from events to themes",
    "by_organisation_type": "rows by organisation type",
    "by_profession": "rows by profession",
}
"""Plain names for tables whose key does not read well on its own."""


def table_label(key: str) -> str:
    return TABLE_LABELS.get(key, key.replace("_", " "))


def sheet_key(sheet: Sheet) -> str:
    """The table name a sheet loads into: 'Agenda items' -> 'agenda_items'."""
    return re.sub(r"\W+", "_", sheet.name.lower()).strip("_")


@dataclass
class LoadedTracker:
    """One tracker file, loaded.

    Attributes:
        kind: which tracker it is, or None when that could not be told.
        file_name: the file's name, as given.
        as_at: the date on its About sheet.
        tables: typed tables keyed by sheet key ('priorities', 'agenda_items', ...), each with the Excel row
            number of every row in the '_row' column.
        problems: every problem found; any error means the tracker must not be used.
        about: the About sheet's fields.
        sha256: hex digest of the file's bytes.
        version_id: the stored version this was loaded from, if any.
        stored_at: when that version was stored.
    """

    kind: Kind | None
    file_name: str
    as_at: pd.Timestamp | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    about: dict[str, str] = field(default_factory=dict)
    sha256: str = ""
    version_id: int | None = None
    stored_at: dt.datetime | None = None

    @property
    def ok(self) -> bool:
        """True when there are no errors (warnings allowed)."""
        return not has_errors(self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def row_counts(self) -> dict[str, int]:
        return {key: len(frame) for key, frame in self.tables.items()}


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
    checks = {
        Kind.FRAMEWORK: _check_framework,
        Kind.COVERAGE: _check_coverage,
        Kind.ENGAGEMENT: _check_engagement,
        Kind.CPLG: _check_cplg,
        Kind.ASSESSMENT: _check_assessment,
    }
    checks[tracker.kind](loaded, results)


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


def _check_references(
    loaded: LoadedTracker,
    result: SheetResult,
    sheet_name: str,
    key: str,
    known: set[str],
    target: str,
    label: str,
    blank_rows: list[int] | None = None,
) -> None:
    """Report rows whose `key` id is not among `known` (e.g. a priority's theme that does not exist).

    `blank_rows`: the rows of the target sheet whose id is blank (each reported there), named in the fix: a
    reference to an event whose id was left blank is found once that id is filled in.
    """
    frame = result.frame
    if frame.empty or key not in frame:
        return
    unknown = frame[key].notna() & ~frame[key].isin(known)
    if not unknown.any():
        return
    report = SheetReporter(loaded.file_name, sheet_name)
    column = next(c for c in TRACKERS[loaded.kind].sheet(sheet_name).columns if c.key == key)
    listed = ", ".join(sorted(str(k) for k in known if not pd.isna(k))) or "none"
    fix = f"Use one of the codes there ({listed}), or add the {label} to the {target} sheet first."
    if blank_rows:
        one = len(blank_rows) == 1
        fix += (
            f" {_rows_in_words(blank_rows).capitalize()} of the {target} sheet {'has' if one else 'have'} no "
            f"{column.header}: fill {'it' if one else 'them'} in."
        )
    report.add_rows(
        Severity.ERROR,
        "unknown_reference",
        frame.loc[unknown, ROW],
        frame.loc[unknown, key],
        result.label(column),
        f"'{{value}}' is not a {label} on the {target} sheet.",
        fix,
    )
    loaded.problems.extend(report.problems)


def _blank_id_rows(frame: pd.DataFrame, key: str) -> list[int]:
    """The sheet rows of `frame` whose `key` id is blank."""
    if frame.empty or key not in frame:
        return []
    return [int(r) for r in frame.loc[frame[key].isna(), ROW]]


def _check_framework(loaded: LoadedTracker, results: dict[str, SheetResult]) -> None:
    themes = set(results["themes"].frame["theme_id"].dropna())
    blank = _blank_id_rows(results["themes"].frame, "theme_id")
    for key, name in (("achievements", "Achievements"), ("priorities", "Priorities")):
        _check_references(loaded, results[key], name, "theme_id", themes, "Themes", "theme", blank)
    priorities = results["priorities"]
    frame = priorities.frame
    if frame.empty:
        return
    report = SheetReporter(loaded.file_name, "Priorities")
    percent = frame["percent_complete"]
    status_column = priorities.label(TRACKERS[Kind.FRAMEWORK].sheet("Priorities").column("status"))
    done_but_not_full = (frame["status"] == "Complete") & percent.notna() & (percent < 100)
    report.add_rows(
        Severity.WARNING,
        "status_percent_mismatch",
        frame.loc[done_but_not_full.fillna(False), ROW],
        frame.loc[done_but_not_full.fillna(False), "status"],
        status_column,
        "The status is Complete but the percent complete is below 100%.",
        "Set the percent complete to 100%, or choose the status that fits.",
    )
    full_not_done = (frame["status"] != "Complete") & frame["status"].notna() & (percent >= 100)
    report.add_rows(
        Severity.WARNING,
        "status_percent_mismatch",
        frame.loc[full_not_done.fillna(False), ROW],
        frame.loc[full_not_done.fillna(False), "status"],
        status_column,
        "The percent complete is 100% but the status is '{value}'.",
        "Set the status to Complete, or lower the percent complete.",
    )
    loaded.problems.extend(report.problems)


def _empty_coverage() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "theme_id": pd.Series(dtype="string"),
            "principle": pd.Series(dtype="Int64"),
            "strength": pd.Categorical([], categories=list(COVERAGE_MARKS)),
            ROW: pd.Series(dtype="Int64"),
        }
    )


def empty_derived_table(kind: Kind, key: str) -> pd.DataFrame | None:
    """The shape of a table built from a sheet rather than read from one, with no rows (None if unknown)."""
    if kind is Kind.COVERAGE and key == "coverage":
        return _empty_coverage()
    if kind is Kind.COVERAGE and key == "coverage_matrix":
        return empty_frame(TRACKERS[Kind.COVERAGE].sheet("Coverage"))
    if kind is Kind.CPLG and key == "agenda_themes":
        return pd.DataFrame({"item_id": pd.Series(dtype="string"), "theme_id": pd.Series(dtype="string")})
    if kind is Kind.ASSESSMENT and key == "levels":
        return default_levels()
    if kind is Kind.CPLG and key == "actions":
        return _with_due(empty_frame(TRACKERS[Kind.CPLG].sheet("Actions")), pd.Series(dtype="datetime64[ns]"))
    if kind is Kind.ENGAGEMENT and key == "event_themes":
        return pd.DataFrame({"event_id": pd.Series(dtype="string"), "theme_id": pd.Series(dtype="string")})
    return None


def _check_coverage(loaded: LoadedTracker, results: dict[str, SheetResult]) -> None:
    """Turn the themes-by-principles matrix into one row per mark, checking marks and principles."""
    coverage = results["coverage"]
    principles = set(results["principles"].frame["principle"].dropna().astype(int))
    report = SheetReporter(loaded.file_name, "Coverage")
    frame = coverage.frame
    long_rows: list[pd.DataFrame] = []
    principle_columns = {
        header: int(m.group(1)) for header in coverage.extra_columns if (m := _PRINCIPLE_COLUMN.match(header))
    }
    for header, number in principle_columns.items():
        marks = frame[header].astype("string").str.strip().str.lower()
        primary = marks.isin(PRIMARY_MARKS).fillna(False)
        supporting = marks.isin(SUPPORTING_MARKS).fillna(False)
        bad = marks.notna() & ~primary & ~supporting
        report.add_rows(
            Severity.ERROR,
            "bad_mark",
            frame.loc[bad, ROW],
            frame.loc[bad, header],
            header,
            "'{value}' is not a coverage mark.",
            f"Use {' or '.join(COVERAGE_MARKS)} (a tick, Y, Yes or 1 counts as Primary), or leave it blank.",
        )
        if (primary | supporting).any() and number not in principles:
            report.add(
                Severity.ERROR,
                "unknown_principle",
                f"The column '{header}' marks themes against principle {number}, but the Principles sheet has "
                f"no principle {number}.",
                "Correct the column heading, or add the principle to the Principles sheet.",
                column=header,
            )
            continue
        strength = pd.Series(pd.NA, index=frame.index, dtype="string").mask(primary, "Primary")
        strength = strength.mask(supporting, "Supporting")
        marked = frame[primary | supporting]
        long_rows.append(
            pd.DataFrame(
                {
                    "theme_id": marked["theme_id"],
                    "principle": pd.Series(number, index=marked.index, dtype="Int64"),
                    "strength": pd.Categorical(strength[marked.index], categories=list(COVERAGE_MARKS)),
                    ROW: marked[ROW],
                }
            )
        )
    if not frame.empty or principles:
        for number in sorted(principles - set(principle_columns.values())):
            report.add(
                Severity.WARNING,
                "principle_without_column",
                f"Principle {number} has no column on the Coverage sheet, so no theme is shown against it.",
                f"Add a column headed 'Principle {number}' and mark the themes that address it.",
            )
    loaded.problems.extend(report.problems)
    long = pd.concat(long_rows, ignore_index=True) if long_rows else _empty_coverage()
    loaded.tables["coverage_matrix"] = frame.drop(columns=list(principle_columns))
    loaded.tables["coverage"] = long.sort_values(["theme_id", "principle"], ignore_index=True)


def _check_engagement(loaded: LoadedTracker, results: dict[str, SheetResult]) -> None:
    events = results["events"].frame
    loaded.tables["event_themes"] = _id_pairs(events, "event_id", "theme_ids", "theme_id")
    known = set(events["event_id"].dropna())
    blank = _blank_id_rows(events, "event_id")
    for key, name in (("by_organisation_type", "By organisation type"), ("by_profession", "By profession")):
        _check_references(loaded, results[key], name, "event_id", known, "Events", "event", blank)
        breakdown = results[key].frame
        if breakdown.empty:
            continue
        totals = breakdown.groupby("event_id", observed=True)["attendees"].sum()
        # Repeated and blank ids are reported on the Events sheet; the first row of each id counts here.
        attendees = (
            events.dropna(subset=["event_id"]).drop_duplicates("event_id").set_index("event_id")["attendees"]
        )
        over = totals[totals > attendees.reindex(totals.index)]
        report = SheetReporter(loaded.file_name, name)
        for event_id, total in over.items():
            report.add(
                Severity.WARNING,
                "breakdown_exceeds_total",
                f"The breakdown for event {event_id} adds up to {total}, more than its {attendees[event_id]} "
                "attendees on the Events sheet.",
                "Check the figures: people should be counted once in each breakdown.",
                value=event_id,
            )
        loaded.problems.extend(report.problems)
    approximate = events[events["attendance_approximate"].fillna(False).astype(bool)]
    if not approximate.empty:
        SheetReporter(loaded.file_name, "Events")
        loaded.problems.append(
            Problem(
                Severity.WARNING,
                "approximate_attendance",
                f"Attendance is an estimate ('circa') for {len(approximate)} of {len(events)} events "
                f"({_first_few(approximate['event_id'], approximate[ROW])}), so totals are approximate.",
                "Replace the estimates with counts from the registration lists if you have them.",
                file=loaded.file_name,
                sheet="Events",
                column="Attendance approximate",
            )
        )


def _id_pairs(frame: pd.DataFrame, key: str, list_column: str, target: str) -> pd.DataFrame:
    """One row per (key, id) from a column of id tuples, e.g. (item_id, theme_id) from 'Theme IDs'."""
    lists = frame[list_column].map(lambda ids: ids if isinstance(ids, tuple) else ())
    pairs = [(k, i) for k, ids in zip(frame[key], lists, strict=True) for i in ids]
    return pd.DataFrame(pairs, columns=[key, target]).astype("string")


def _first_few(ids: pd.Series, rows: pd.Series, shown: int = 10) -> str:
    """'E1, E2, E3 and 7 more': a list that stays readable however long the tracker.

    A blank id (reported on its own row) is named by its row, 'the event on row 4', never as 'nan'.
    """
    listed = [
        str(value) if not pd.isna(value) and str(value).strip() else f"the one on row {row}"
        for value, row in zip(ids.tolist(), rows.tolist(), strict=True)
    ]
    more = f" and {len(listed) - shown} more" if len(listed) > shown else ""
    return ", ".join(listed[:shown]) + more


def _rows_in_words(rows: list[int]) -> str:
    """'row 4', 'rows 2 and 4', 'rows 2, 4 and 9'."""
    listed = [str(r) for r in rows]
    if len(listed) == 1:
        return f"row {listed[0]}"
    return "rows " + ", ".join(listed[:-1]) + " and " + listed[-1]


def _check_cplg(loaded: LoadedTracker, results: dict[str, SheetResult]) -> None:
    agenda = results["agenda_items"]
    frame = agenda.frame
    loaded.tables["agenda_themes"] = _id_pairs(frame, "item_id", "theme_ids", "theme_id")
    _check_actions(loaded, results, set(frame["item_id"].dropna()), _blank_id_rows(frame, "item_id"))
    if frame.empty:
        return
    report = SheetReporter(loaded.file_name, "Agenda items")
    missing = frame["outcome"].isna() & frame["recommendation"].notna()
    if missing.any():
        inferred = frame.loc[missing, "recommendation"].map(classify_outcome)
        categories = frame["outcome"].cat.categories
        frame["outcome"] = frame["outcome"].astype("string").fillna(inferred.astype("string"))
        frame["outcome"] = pd.Categorical(frame["outcome"], categories=categories)
        rows = ", ".join(str(r) for r in frame.loc[missing, ROW].head(20))
        report.add(
            Severity.WARNING,
            "outcome_inferred",
            f"The outcome was blank in {int(missing.sum())} rows ({rows}) and has been read from the "
            "recommendation.",
            "Check the outcomes shown on the CPLG page, and fill in the Outcome column to fix them.",
            column="Outcome",
        )
    undated_facet = frame["facet"].isna() & frame["meeting_date"].notna()
    before = undated_facet & (frame["meeting_date"] < FACETS_INTRODUCED)
    if before.any():
        report.add(
            Severity.WARNING,
            "facet_not_recorded",
            f"{int(before.sum())} items from before August 2022 have no facet: facets were introduced then, "
            "so these items are shown as 'No facet'.",
            "Nothing to do unless you want to assign facets to the earlier items.",
            column="Facet",
        )
    after = undated_facet & ~before
    report.add_rows(
        Severity.WARNING,
        "blank",
        frame.loc[after, ROW],
        frame.loc[after, "facet"],
        "Facet",
        "The facet is blank for an item from August 2022 onwards.",
        "Choose the facet: ICB (NHS), ICP or CCPL Development.",
    )
    loaded.problems.extend(report.problems)
    loaded.tables["agenda_themes"] = _id_pairs(frame, "item_id", "theme_ids", "theme_id")


def default_levels() -> pd.DataFrame:
    """The default scale as a Levels table (used when a tracker's Levels sheet is missing or empty)."""
    return pd.DataFrame(
        {
            "level": pd.Series([n for n, _, _ in DEFAULT_LEVEL_SCALE], dtype="Int64"),
            "name": pd.Series([name for _, name, _ in DEFAULT_LEVEL_SCALE], dtype="string"),
            "descriptor": pd.Series([text for _, _, text in DEFAULT_LEVEL_SCALE], dtype="string"),
            ROW: pd.Series([pd.NA] * len(DEFAULT_LEVEL_SCALE), dtype="Int64"),
        }
    )


def _check_assessment(loaded: LoadedTracker, results: dict[str, SheetResult]) -> None:
    """The scale, then each row: level in the scale, a known principle, once per round, peer and target sane."""
    levels_result = results["levels"]
    levels = levels_result.frame
    level_sheet = TRACKERS[Kind.ASSESSMENT].sheet("Levels")
    low, high = LEVEL_RANGE
    report = SheetReporter(loaded.file_name, "Levels")
    off_scale = levels["level"].notna() & ~levels["level"].between(low, high)
    report.add_rows(
        Severity.ERROR,
        "level_outside_scale",
        levels.loc[off_scale, ROW],
        levels.loc[off_scale, "level"],
        levels_result.label(level_sheet.column("level")),
        f"Level {{value}} is outside the scale: the levels are numbered {low} to {high}.",
        f"Keep the level numbers {low} to {high}; reword the names and descriptors instead.",
    )
    loaded.problems.extend(report.problems)
    if levels["level"].notna().sum() == 0:
        loaded.tables["levels"] = default_levels()
    scale = set(loaded.tables["levels"]["level"].dropna().astype(int)) & set(range(low, high + 1))

    result = results["assessments"]
    frame = result.frame
    if frame.empty:
        return
    sheet = TRACKERS[Kind.ASSESSMENT].sheet("Assessments")
    report = SheetReporter(loaded.file_name, "Assessments")
    listed = ", ".join(str(n) for n in sorted(scale))
    for key, what in (
        ("level", "level"),
        ("peer_level", "peer-review level"),
        ("target_level", "target level"),
    ):
        bad = frame[key].notna() & ~frame[key].isin(scale)
        report.add_rows(
            Severity.ERROR,
            "level_outside_scale",
            frame.loc[bad, ROW],
            frame.loc[bad, key],
            result.label(sheet.column(key)),
            f"The {what} {{value}} is not on the scale (levels {listed}, see the Levels sheet).",
            f"Use one of the levels {listed}.",
        )
    principles = ", ".join(str(n) for n in PRINCIPLE_NUMBERS)
    unknown = frame["principle"].notna() & ~frame["principle"].isin(PRINCIPLE_NUMBERS)
    report.add_rows(
        Severity.ERROR,
        "unknown_principle",
        frame.loc[unknown, ROW],
        frame.loc[unknown, "principle"],
        result.label(sheet.column("principle")),
        "There is no principle {value}: the national guidance has five principles.",
        f"Use the principle's number, one of {principles}.",
    )
    dated = frame[frame["assessment_date"].notna() & frame["principle"].notna()]
    twice = dated.duplicated(["assessment_date", "principle"], keep="first")
    for _, row in dated[twice].iterrows():
        first = dated[
            (dated["assessment_date"] == row["assessment_date"]) & (dated["principle"] == row["principle"])
        ][ROW].iloc[0]
        report.add(
            Severity.ERROR,
            "principle_assessed_twice",
            f"Principle {row['principle']} is assessed twice on {row['assessment_date']:%d/%m/%Y} "
            f"(rows {first} and {row[ROW]}).",
            "Keep one row per principle per assessment date: delete or merge the duplicate.",
            row=int(row[ROW]),
            column=result.label(sheet.column("principle")),
            value=row["principle"],
        )
    early = (frame["target_date"] < frame["assessment_date"]).fillna(False).astype(bool)
    report.add_rows(
        Severity.ERROR,
        "target_before_assessment",
        frame.loc[early, ROW],
        frame.loc[early, "target_date"].dt.strftime("%d/%m/%Y"),
        result.label(sheet.column("target_date")),
        "The target date {value} is before the assessment date.",
        "Give a target date after the assessment date, or leave it blank.",
    )
    lonely = frame["peer_level"].notna() & frame["peer_reviewer"].isna()
    report.add_rows(
        Severity.ERROR,
        "peer_level_without_reviewer",
        frame.loc[lonely, ROW],
        frame.loc[lonely, "peer_level"],
        result.label(sheet.column("peer_reviewer")),
        "A peer-review level ({value}) is given without saying who the reviewer was.",
        "Name the peer reviewer, or clear the peer-review level.",
    )
    for date, round_rows in dated.groupby("assessment_date"):
        missing = sorted(set(PRINCIPLE_NUMBERS) - set(round_rows["principle"].astype(int)))
        if missing:
            listed = [str(n) for n in missing]
            names = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]
            report.add(
                Severity.WARNING,
                "principle_not_assessed",
                f"The round of {date:%d/%m/%Y} does not assess principle{'s' if len(missing) > 1 else ''} "
                f"{names}, so the latest level shown for {'them' if len(missing) > 1 else 'it'} is from an "
                "earlier round (or none).",
                "Add a row for each of the five principles to every round.",
                column=result.label(sheet.column("principle")),
            )
    loaded.problems.extend(report.problems)


def _with_due(actions: pd.DataFrame, due_dates: pd.Series) -> pd.DataFrame:
    """Actions with their due cell read: 'due_date' (a date) and 'due_next_meeting' (due at the next meeting)."""
    next_meeting = actions["due"].astype("string").str.strip().str.lower() == NEXT_MEETING.lower()
    return actions.assign(
        due_date=due_dates.reindex(actions.index).astype("datetime64[ns]"),
        due_next_meeting=next_meeting.fillna(False).astype(bool),
    )


def _check_actions(
    loaded: LoadedTracker, results: dict[str, SheetResult], items: set[str], blank_items: list[int]
) -> None:
    """Every action names an agenda item that exists, and is due on a date or at the next meeting."""
    actions = results["actions"]
    _check_references(
        loaded, actions, "Actions", "item_id", items, "Agenda items", "agenda item", blank_items
    )
    frame = actions.frame
    due_text = frame["due"].astype("string").str.strip()
    next_meeting = due_text.str.lower() == NEXT_MEETING.lower()
    dates, bad = parse.parse_dates(due_text.where(~next_meeting.fillna(False)))
    report = SheetReporter(loaded.file_name, "Actions")
    report.add_rows(
        Severity.ERROR,
        "bad_due",
        frame.loc[bad, ROW],
        frame.loc[bad, "due"],
        actions.label(TRACKERS[Kind.CPLG].sheet("Actions").column("due")),
        f"'{{value}}' is neither a date nor '{NEXT_MEETING}'.",
        f"Type the date as day/month/year, e.g. 31/05/2023, or '{NEXT_MEETING}', or leave it blank.",
    )
    loaded.problems.extend(report.problems)
    loaded.tables["actions"] = _with_due(frame, dates)
