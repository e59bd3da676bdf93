"""What a format module hands the loading pipeline: its declaration, its cross-sheet checks and its derived
tables (loaders/formats/<name>.py each declare one FORMAT; loaders/formats/__init__.py lists them)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from domain import Kind
from loaders.loaded import LoadedTracker
from loaders.spec import Tracker
from loaders.validate import SheetResult

Check = Callable[[LoadedTracker, dict[str, SheetResult]], None]
"""A format's cross-sheet checks: given the validated sheets (by sheet key), add problems and derived tables."""


@dataclass(frozen=True)
class Format:
    """One tracker format, as the pipeline uses it.

    Attributes:
        tracker: the declaration (sheets, columns, allowed values).
        check: the cross-sheet checks, run after every sheet is validated; they may add derived tables.
        derived: for each table built from a sheet rather than read from one, what it is when the tracker
            is missing: no rows of its shape (the Levels: the default scale).
    """

    tracker: Tracker
    check: Check
    derived: Mapping[str, Callable[[], pd.DataFrame]] = field(default_factory=dict)

    @property
    def kind(self) -> Kind:
        return self.tracker.kind
