"""A tracker as loaded: its typed tables and problems, and how its tables are named."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd

from domain import Kind
from loaders.problems import Problem, has_errors
from loaders.spec import Sheet

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
