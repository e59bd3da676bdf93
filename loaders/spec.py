"""The language tracker formats are declared in: columns, sheets, trackers, and the About sheet every tracker
has. One module per format in loaders/formats/ uses it; loaders/formats/__init__.py lists the formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from domain import Kind


class ColumnType(StrEnum):
    ID = "id"  # short code, kept as upper-case text ("P07")
    TEXT = "text"
    DATE = "date"
    INTEGER = "integer"  # whole number, zero or more
    PERCENT = "percent"  # 0-100; "50%", 0.5 and 50 all read as 50
    CHOICE = "choice"  # one of `allowed`
    YES_NO = "yes/no"
    ID_LIST = "id list"  # several ids separated by commas or semicolons


YES_VALUES: frozenset[str] = frozenset({"y", "yes", "true", "1", "✓", "✔", "x"})
NO_VALUES: frozenset[str] = frozenset({"n", "no", "false", "0", "-"})


@dataclass(frozen=True)
class Column:
    """One column of a tracker sheet.

    Attributes:
        key: name in the loaded DataFrame (snake_case).
        header: the column heading people see in Excel.
        type: how the cell is read.
        description: what belongs in it (used in docs, templates and messages).
        example: an example value for the docs.
        required: the column must be present on the sheet.
        blank: what a blank cell means: "error" (must be filled), "warning" (should be filled) or "ok".
        allowed: the allowed values for CHOICE columns.
        strict: for CHOICE, whether a value outside `allowed` is an error (True) or a warning.
        synonyms: extra spellings accepted for CHOICE values (lower-case key).
        aliases: other headings accepted for this column (any case and spacing).
        fill_down: a blank cell repeats the value above, as people do instead of merging cells.
        unique: values must not repeat (ids).
        width: column width in the template, in Excel characters.
    """

    key: str
    header: str
    type: ColumnType
    description: str
    example: str = ""
    required: bool = True
    blank: str = "error"
    allowed: tuple[str, ...] = ()
    strict: bool = True
    synonyms: dict[str, str] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    fill_down: bool = False
    unique: bool = False
    width: int = 18


@dataclass(frozen=True)
class Sheet:
    """One sheet of a tracker workbook: one header row, then one row per thing."""

    name: str
    description: str
    columns: tuple[Column, ...]
    required: bool = True
    aliases: tuple[str, ...] = ()

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class Tracker:
    """A tracker workbook: its kind, title, file stem and sheets."""

    kind: Kind
    title: str
    description: str
    file_stem: str
    sheets: tuple[Sheet, ...]
    signature_sheet: str  # the sheet that identifies this kind of tracker

    def sheet(self, name: str) -> Sheet:
        return next(s for s in self.sheets if s.name == name)


ABOUT_SHEET = "About"
ABOUT_AS_AT = "As at"
ABOUT_TRACKER = "Tracker"
ABOUT_FIELDS: tuple[tuple[str, str], ...] = (
    (ABOUT_TRACKER, "Which tracker this is (filled in by the template)."),
    (ABOUT_AS_AT, "The date the tracker describes, e.g. 08/02/2023. Required."),
    ("Prepared by", "Who prepared this version."),
    ("Source", "Where the content comes from (e.g. the board paper)."),
    ("Notes", "Anything a reader should know, such as assumptions."),
)
"""The About sheet is a two-column list of Field and Value, common to every tracker."""


def about_sheet() -> Sheet:
    return Sheet(
        name=ABOUT_SHEET,
        description="Field and Value pairs: which tracker this is and the date it describes ('As at').",
        columns=(
            Column("field", "Field", ColumnType.TEXT, "The name of the field.", "As at", width=16),
            Column("value", "Value", ColumnType.TEXT, "Its value.", "08/02/2023", blank="ok", width=60),
        ),
    )


EARLIEST_PLAUSIBLE_YEAR = 2015
"""Dates before this year are flagged: CCPL and ICSs postdate it."""
OUTLIER_YEARS = 3
"""A date further than this from the middle of its column is flagged as a likely typing slip."""
