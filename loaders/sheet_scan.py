"""Each sheet that will be read, streamed through an XML parser that counts its extent, filled cells, text,
formulas without a cached value, error cells and hidden rows against the absolute limits in loaders.limits,
before any reader builds a grid or a string table. Nothing here loads a whole part into memory.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field

from loaders.limits import (
    MAX_FILLED_CELLS,
    MAX_SHARED_STRINGS,
    MAX_SHARED_TEXT_CHARS,
    MAX_SHEET_CELLS,
    MAX_TEXT_CHARS,
)
from loaders.problems import Problem, Severity
from loaders.xlsx_package import (
    MAX_LISTED_CELLS,
    FileCheck,
    Package,
    Refused,
    SheetEntry,
    file_error,
    local_name,
    stream_part,
)


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (ord(letter) - 64)
    return number


_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


@dataclass
class _SheetScan:
    """What one sheet's XML holds, counted while streaming it."""

    cells: int = 0
    first_row: int = 0
    last_row: int = 0
    first_column: int = 0
    last_column: int = 0
    farthest: str = ""
    formulas_without_value: list[str] = field(default_factory=list)
    formula_count: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    error_count: int = 0
    hidden_rows: list[int] = field(default_factory=list)
    hidden_count: int = 0

    def extent(self) -> int:
        if not self.cells:
            return 0
        return (self.last_row - self.first_row + 1) * (self.last_column - self.first_column + 1)


class _Limit(Exception):
    pass


class SheetScanner:
    """Expat handlers counting a sheet's filled cells, extent, text, formulas, errors and hidden rows."""

    def __init__(self, shared_lengths: array, budget: list[int], stop_at_first_value: bool = False) -> None:
        self.scan = _SheetScan()
        self.shared_lengths = shared_lengths
        self.budget = budget  # [cells left, characters left] over every sheet read
        self.stop_at_first_value = stop_at_first_value
        self.row = 0
        self.column = 0
        self.in_cell = False
        self.in_value = False
        self.in_text = False
        self.cell_type = ""
        self.has_formula = False
        self.has_value = False
        self.has_cell = False
        self.value: list[str] = []
        self.value_length = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2] if ":" in name else name
        if local == "c":
            self.in_cell, self.has_formula, self.has_value, self.has_cell = True, False, False, False
            self.cell_type = attrs.get("t", "n")
            self.value, self.value_length = [], 0
            match = _REF.match(attrs.get("r", ""))
            if match:
                self.column = _column_number(match.group(1).upper())
                self.row = int(match.group(2)) or self.row
            else:
                self.column += 1
        elif not self.in_cell:
            if local == "row":
                row = attrs.get("r", "")
                self.row = int(row) if row.isdigit() and 0 < len(row) < 8 else self.row + 1
                self.column = 0
                if attrs.get("hidden") in ("1", "true"):
                    self.scan.hidden_count += 1
                    if len(self.scan.hidden_rows) < MAX_LISTED_CELLS:
                        self.scan.hidden_rows.append(self.row)
        elif local == "f":
            self.has_formula = True
        elif local == "v":
            self.in_value = True
        elif local == "t":
            self.in_text = True
            self.has_value = self.has_cell = True

    def text(self, data: str) -> None:
        if self.in_value:
            self.value_length += len(data)
            if self.value_length <= 64:
                self.value.append(data)
        elif self.in_text:
            self.value_length += len(data)

    def end(self, name: str) -> None:
        local = name.rpartition(":")[2] if ":" in name else name
        if local == "v":
            self.in_value = False
            # An empty <v/> is no saved result for a formula, but readers may still place a cell there
            # (an empty string cell at XFD1048576 makes calamine allocate the whole sheet): it counts.
            self.has_value = self.has_value or self.value_length > 0
            self.has_cell = True
        elif local == "t":
            self.in_text = False
        elif local == "c":
            self.in_cell = False
            self._count_cell()

    def cell_ref(self) -> str:
        return f"{_letters(self.column)}{self.row}"

    def _count_cell(self) -> None:
        scan = self.scan
        if self.has_formula and not self.has_value:
            scan.formula_count += 1
            if len(scan.formulas_without_value) < MAX_LISTED_CELLS:
                scan.formulas_without_value.append(self.cell_ref())
        if not self.has_cell:
            return
        if self.stop_at_first_value and self.has_value:
            raise _Limit
        chars = self.value_length
        value = "".join(self.value)
        if self.cell_type == "s":
            index = int(value) if value.strip().isdigit() and len(value) < 12 else -1
            chars = self.shared_lengths[index] if 0 <= index < len(self.shared_lengths) else 0
        elif self.cell_type == "e":
            scan.error_count += 1
            if len(scan.errors) < MAX_LISTED_CELLS:
                scan.errors.append((self.cell_ref(), value.strip()))
        scan.cells += 1
        self.budget[0] -= 1
        self.budget[1] -= chars
        if scan.cells == 1:
            scan.first_row = scan.last_row = self.row
            scan.first_column = scan.last_column = self.column
            scan.farthest = self.cell_ref()
        else:
            scan.first_row = min(scan.first_row, self.row)
            scan.first_column = min(scan.first_column, self.column)
            if self.row > scan.last_row or self.column > scan.last_column:
                scan.farthest = self.cell_ref()
            scan.last_row = max(scan.last_row, self.row)
            scan.last_column = max(scan.last_column, self.column)
        if self.budget[0] < 0 or self.budget[1] < 0 or scan.extent() > MAX_SHEET_CELLS:
            raise _Limit


def _letters(column: int) -> str:
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters or "A"


def shared_lengths(package: Package, part: str | None) -> array:
    """The length of every shared string, in order (the strings themselves are not kept)."""
    lengths = array("q")
    info = package.find(part) if part else None
    if info is None:
        return lengths
    state = {"depth": 0, "in_t": False, "current": 0, "total": 0}

    def start(name: str, attrs: dict[str, str]) -> None:
        local = local_name(name)
        if local == "si":
            if len(lengths) >= MAX_SHARED_STRINGS:
                raise Refused(_shared_problem(package.file_name, f"more than {MAX_SHARED_STRINGS:,} strings"))
            state["current"] = 0
        elif local == "t":
            state["in_t"] = True
        elif local in ("rPh", "phoneticPr"):
            state["depth"] += 1

    def end(name: str) -> None:
        local = local_name(name)
        if local == "si":
            lengths.append(state["current"])
        elif local == "t":
            state["in_t"] = False
        elif local in ("rPh", "phoneticPr"):
            state["depth"] -= 1

    def text(data: str) -> None:
        if state["in_t"] and not state["depth"]:
            state["current"] += len(data)
            state["total"] += len(data)
            if state["total"] > MAX_SHARED_TEXT_CHARS:
                raise Refused(
                    _shared_problem(package.file_name, f"more than {MAX_SHARED_TEXT_CHARS:,} characters")
                )

    stream_part(package, info, start, end, text)
    return lengths


def _shared_problem(file_name: str, what: str) -> Problem:
    return file_error(
        file_name,
        "too_much_text",
        f"The workbook's table of text (shared strings) holds {what}, far more than a tracker needs.",
        "Delete unused sheets and long pasted text, or copy the tracker's sheets into a new workbook.",
    )


def has_any_value(data: bytes, check: FileCheck) -> bool:
    """True if any sheet holds a filled cell (stops at the first one found)."""
    try:
        package = Package(data, "")
        for sheet in check.sheets:
            info = package.find(sheet.part) if sheet.part else None
            if info is None:
                continue
            scanner = SheetScanner(array("q"), [MAX_FILLED_CELLS, MAX_TEXT_CHARS], stop_at_first_value=True)
            try:
                stream_part(package, info, scanner.start, scanner.end, scanner.text)
            except _Limit:
                return True
    except Refused:
        return True  # let the reader report it
    return False


def scan_sheets(data: bytes, check: FileCheck, sheets: list[SheetEntry], file_name: str) -> list[Problem]:
    """Stream the sheets that will be read and report what no reader should be asked to load.

    Errors: a sheet spanning more than MAX_SHEET_CELLS (one far cell is enough), more filled cells or text
    than the limits, Excel error values, formulas with no saved result. Warnings: hidden rows.
    """
    try:
        package = Package(data, file_name)
        shared = shared_lengths(package, check.shared_strings)
        budget = [MAX_FILLED_CELLS, MAX_TEXT_CHARS]
        problems: list[Problem] = []
        for sheet in sheets:
            info = package.find(sheet.part) if sheet.part else None
            if info is None:
                continue
            scanner = SheetScanner(shared, budget)
            try:
                stream_part(package, info, scanner.start, scanner.end, scanner.text)
            except _Limit:
                return [_limit_problem(file_name, sheet.name, scanner.scan, budget)]
            problems.extend(_sheet_problems(file_name, sheet.name, scanner.scan))
        return problems
    except Refused as refused:
        return [refused.problem]


def _limit_problem(file_name: str, sheet: str, scan: _SheetScan, budget: list[int]) -> Problem:
    if scan.extent() > MAX_SHEET_CELLS:
        return file_error(
            file_name,
            "sheet_too_large",
            f"The sheet reaches cell {scan.farthest}, so it spans {scan.extent():,} cells; the limit is "
            f"{MAX_SHEET_CELLS:,}. Usually a stray value far below or to the right of the data.",
            f"Go to cell {scan.farthest} (Ctrl+G), delete it and any rows and columns beyond the data, save "
            "and try again.",
            sheet=sheet,
            value=scan.farthest,
        )
    if budget[0] < 0:
        return file_error(
            file_name,
            "too_many_cells",
            f"The sheets read hold more than {MAX_FILLED_CELLS:,} filled cells, far more than a tracker needs.",
            "Delete rows and columns that are not part of the tracker, or split it.",
            sheet=sheet,
        )
    return file_error(
        file_name,
        "too_much_text",
        f"The cells of the sheets read hold more than {MAX_TEXT_CHARS:,} characters of text (text used in "
        "many cells counts each time), far more than a tracker needs.",
        "Shorten long pasted text, or move notes out of the tracker, then try again.",
        sheet=sheet,
        value=scan.farthest or None,
    )


def _listed(items: list[str], total: int) -> str:
    return ", ".join(items) + (f" and {total - len(items):,} more" if total > len(items) else "")


def _sheet_problems(file_name: str, sheet: str, scan: _SheetScan) -> list[Problem]:
    problems = []
    if scan.formula_count:
        count = scan.formula_count
        problems.append(
            file_error(
                file_name,
                "formula_without_value",
                f"{count} cell{'s' if count > 1 else ''} hold{'' if count > 1 else 's'} a formula with no saved "
                f"result ({_listed(scan.formulas_without_value, count)}), so the value cannot be read.",
                "Open the workbook in Excel, let it calculate, and save it; or replace the formulas with values.",
                sheet=sheet,
                value=scan.formulas_without_value[0],
            )
        )
    for ref, value in scan.errors:
        match = _REF.match(ref)
        problems.append(
            file_error(
                file_name,
                "excel_error",
                f"Cell {ref} holds the Excel error {value or '(unknown)'}, not a value.",
                "Correct the formula or the value it refers to in Excel (or type the value), save and try again.",
                sheet=sheet,
                row=int(match.group(2)) if match else None,
                column=match.group(1) if match else None,
                value=value,
            )
        )
    if scan.error_count > len(scan.errors):
        problems.append(
            file_error(
                file_name,
                "excel_error",
                f"{scan.error_count - len(scan.errors):,} more cells hold Excel errors.",
                "Correct the formulas in Excel, save and try again.",
                sheet=sheet,
            )
        )
    if scan.hidden_count:
        problems.append(
            Problem(
                Severity.WARNING,
                "hidden_rows",
                f"{scan.hidden_count:,} row{'s are' if scan.hidden_count > 1 else ' is'} hidden in Excel "
                f"(row {_listed([str(r) for r in scan.hidden_rows], scan.hidden_count)}); hidden rows are read "
                "like any other.",
                "Unhide them in Excel to check them, and delete any that should not count.",
                file=file_name,
                sheet=sheet,
            )
        )
    return problems
