"""Problems found in a tracker, as data a person can read and act on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum

import pandas as pd


class Severity(StrEnum):
    ERROR = "error"  # blocks the tracker
    WARNING = "warning"  # loaded, but shown to the reader


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a tracker.

    Attributes:
        severity: error (the tracker cannot be used) or warning (loaded, shown).
        code: a stable short name for tests and filtering, e.g. "missing_column".
        message: what is wrong, in plain words.
        fix: what to do about it.
        file: the file's name.
        sheet: the sheet, if the problem is on one.
        row: the row number as Excel shows it, if on one row.
        column: the column heading (with its letter where known), if in one column.
        value: the offending value as typed.
    """

    severity: Severity
    code: str
    message: str
    fix: str
    file: str = ""
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def where(self) -> str:
        """'file, sheet Priorities, row 7, column Status (F)'."""
        parts = [self.file] if self.file else []
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def describe(self) -> str:
        """The whole problem as one line, as the CLI prints it."""
        head = f"{self.severity.upper()}: {self.where()}" if self.where() else self.severity.upper()
        return f"{head}: {self.message} {self.fix}".strip()


PROBLEM_COLUMNS = ["severity", "file", "sheet", "row", "column", "value", "message", "fix", "code"]
PROBLEM_LABELS = {
    "severity": "Severity",
    "file": "File",
    "sheet": "Sheet",
    "row": "Row",
    "column": "Column",
    "value": "Value",
    "message": "Problem",
    "fix": "What to do",
    "code": "Code",
}


def problems_frame(problems: Iterable[Problem]) -> pd.DataFrame:
    """Problems as a table with one row each, errors first."""
    rows = [asdict(p) | {"severity": str(p.severity)} for p in problems]
    frame = pd.DataFrame(rows, columns=PROBLEM_COLUMNS)
    if frame.empty:
        return frame
    frame["row"] = frame["row"].astype("Int64")
    order = frame["severity"].map({"error": 0, "warning": 1})
    return frame.assign(_order=order).sort_values(["_order", "file", "sheet", "row"]).drop(columns="_order")


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.is_error for p in problems)
