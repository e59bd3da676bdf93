"""What a section is, and the words every section says when it has nothing to show.

A section is what a renderer needs and nothing it must work out: a title, the sentence that says what it
shows, headline figures (Figure), the data a chart draws, a table (Table, with column headings) and the
words to show when there is nothing to show (nothing_in_view, nothing_linked). The sections themselves are
built in report/sections.py (the shared story), report/snapshots.py (status moves between snapshots and the
cycle review), report/period.py (a paper's reporting period) and one module per board page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from charts.palette import status_label
from formatting import (
    FLAGGED_NOTE,
    FLAGGED_SUFFIX,
    NO_DATE,
    NOT_RECORDED,
    count,
    dates_as_known,
    long_date,
    short_date,
)
from metrics.filters import narrowing
from metrics.labels import label
from metrics.view import View

STATUS_COLUMNS = ("status", "before", "after")


@dataclass(frozen=True)
class Figure:
    """A headline number, out of a total where there is one, with the change since the previous snapshot."""

    label: str
    value: int
    total: int | None = None
    previous: int | None = None
    since: pd.Timestamp | None = None
    help: str = ""
    note: str = ""  # e.g. 'approximate'

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.value - self.previous

    @property
    def text(self) -> str:
        """'1 of 24', or '24'."""
        shown = f"{self.value:,}" if self.total is None else f"{self.value:,} of {self.total:,}"
        return f"about {shown}" if self.note == "approximate" else shown

    @property
    def change_short(self) -> str | None:
        """'+1', '−4', 'no change' (for a column headed with the date compared against)."""
        if self.change is None:
            return None
        return f"{self.change:+d}".replace("-", "−") if self.change else "no change"

    @property
    def change_text(self) -> str | None:
        """'+1 since 1 December 2022', 'no change since …', or None where there is nothing to compare."""
        return self._change_in_words(long_date)

    @property
    def short_change_text(self) -> str | None:
        """'+1 since 1 Dec 2022': under a headline figure, where a tablet gives it little room."""
        return self._change_in_words(short_date)

    def _change_in_words(self, date_format: Callable[[pd.Timestamp], str]) -> str | None:
        if self.change is None:
            return None
        since = f" since {date_format(self.since)}" if self.since is not None else ""
        return (f"{self.change:+d}" if self.change else "no change") + since


@dataclass(frozen=True)
class Table:
    """Rows and the columns to show, in order, with their headings."""

    frame: pd.DataFrame
    columns: tuple[str, ...]
    labels: Mapping[str, str] = field(default_factory=dict)

    @property
    def shown(self) -> list[str]:
        return [c for c in self.columns if c in self.frame.columns]

    def headings(self) -> list[str]:
        return [self.labels.get(c, label(c)) for c in self.shown]

    def rows(self) -> list[list[str]]:
        """Every cell as the text a reader sees: statuses with their icon, dates as what is known of them
        (formatting.dates_as_known: 'October 2022', '31 May 2023 (assumed)', '20 Sep 2002 †'), blank counts
        'Not recorded', other blanks a dash."""
        shown = self.shown
        known = {c: dates_as_known(self.frame, c) for c in shown}
        counts = {c for c in shown if pd.api.types.is_integer_dtype(self.frame[c].dtype)}
        return [
            [
                known[column][i]
                if known[column] is not None
                else (NOT_RECORDED if column in counts and pd.isna(value) else cell_text(column, value))
                for column, value in zip(shown, row, strict=True)
            ]
            for i, row in enumerate(self.frame[shown].itertuples(index=False, name=None))
        ]

    @property
    def footnote(self) -> str:
        """FLAGGED_NOTE when a shown date is flagged by the data checks, else ''."""
        flagged = [c + FLAGGED_SUFFIX for c in self.shown if c + FLAGGED_SUFFIX in self.frame.columns]
        return FLAGGED_NOTE if flagged and bool(self.frame[flagged].fillna(False).to_numpy().any()) else ""


def cell_text(column: str, value: object) -> str:
    """One table cell as text."""
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
        return NO_DATE
    if column in STATUS_COLUMNS:
        return status_label(value)
    if isinstance(value, pd.Timestamp):
        return short_date(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return f"{int(value)}"
    return str(value)


@dataclass(frozen=True)
class Section:
    """One part of the story. `empty` is said instead of the figures, chart and table when it is set."""

    key: str
    title: str
    sentence: str = ""
    figures: tuple[Figure, ...] = ()
    data: pd.DataFrame | None = None
    table: Table | None = None
    empty: str = ""
    lead: str = ""  # a name shown before the sentence, e.g. the latest event's
    extra_tables: tuple[tuple[str, Table], ...] = ()  # (caption, table)
    context: Mapping[str, object] = field(default_factory=dict)  # what its chart needs besides data (as_at)
    narrowed_by: tuple[str, ...] = ()  # what narrowed its table besides the filters (a search, a choice)


HOW_TO_ADD = {
    "events": "Add events to the Events sheet of the engagement tracker.",
    "agenda": "Add items to the Agenda items sheet of the CPLG agenda log tracker.",
    "priorities": "Add priorities to the Priorities sheet of the framework tracker.",
    "themes": "Add themes to the Themes sheet of the framework tracker.",
    "achievements": "Add rows to the Achievements sheet of the framework tracker.",
}
WIDEN = "Widen or remove them, or use Clear filters in the sidebar to see everything."


def nothing_in_view(view: View, table: str, one: str, many: str | None = None) -> str:
    """Why a table in view (a key of metrics.filters.NARROWED_BY) has no rows, in words: none is recorded (and
    where to add one), or none of those recorded matches the filters (named, with how to widen them). The one
    is never said for the other: a filtered-out event is recorded."""
    recorded = view.recorded.get(table, 0)
    if recorded == 0:
        return f"No {one} is recorded yet. {HOW_TO_ADD[table]}"
    narrowed = narrowing(view.filters, table, view.theme_names)
    if recorded == 1:
        lead = f"The one {one} recorded does not match"
    else:
        lead = f"None of the {count(recorded, one, many)} recorded matches"
    if narrowed:
        return f"{lead} these filters ({'; '.join(narrowed)}). {WIDEN}"
    return f"{lead} this view."


def nothing_linked(view: View, table: str, one: str, linked_to: str, otherwise: str) -> str:
    """Why nothing linked to a theme in view is shown: none of it matches the filters other than the theme
    and principle ones (named, with how to widen them), or `otherwise` (none is linked: say how to link one)."""
    narrowed = narrowing(view.filters, table, view.theme_names, besides=("themes", "principles"))
    if narrowed:
        return f"No {one} linked to {linked_to} matches these filters ({'; '.join(narrowed)}). {WIDEN}"
    return otherwise


def searched(text: str, shown: int, total: int, what: str = "items") -> tuple[str, ...]:
    """A search as a narrowing of a table, e.g. "Search: items containing 'headache' (2 of 21 items)"."""
    if not text.strip():
        return ()
    return (f"Search: {what} containing '{text.strip()}' ({shown} of {total} {what})",)


def narrowed_to(what: str, value: str) -> tuple[str, ...]:
    """A choice made on the page as a narrowing of a table, e.g. 'Theme: T3 Clinical Voice'."""
    return (f"{what}: {value}",)


def as_at_text(view: View) -> str:
    return long_date(view.as_at) if view.as_at is not None else "the latest snapshot"
