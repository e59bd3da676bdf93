"""The sidebar filters as data, and how each table is filtered by them.

A principle filter selects the themes that address the principle (primary or supporting) on the coverage
matrix; the date range applies to whatever each table dates: priorities' due dates, CPLG meeting dates and
event dates. Undated rows are kept when a date range is set, so nothing disappears for want of a date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from formatting import NOT_RECORDED, short_date  # NOT_RECORDED: how a blank owner is shown and filtered


@dataclass(frozen=True)
class Filters:
    """What the reader has chosen to look at. Empty tuples mean 'all'."""

    themes: tuple[str, ...] = ()
    principles: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()
    date_from: pd.Timestamp | None = None
    date_to: pd.Timestamp | None = None
    as_at: pd.Timestamp | None = None

    @property
    def active(self) -> bool:
        """Whether anything narrows the view (the 'as at' date does not)."""
        return bool(
            self.themes or self.principles or self.statuses or self.owners or self.date_from or self.date_to
        )

    def describe(self, theme_names: dict[str, str] | None = None) -> list[str]:
        """The filters in words, one line each, for captions and export notes."""
        names = theme_names or {}
        lines = []
        if self.themes:
            lines.append("Themes: " + ", ".join(names.get(t, t) for t in self.themes))
        if self.principles:
            lines.append("Principles: " + ", ".join(str(p) for p in self.principles))
        if self.statuses:
            lines.append("Statuses: " + ", ".join(self.statuses))
        if self.owners:
            lines.append("Owners: " + ", ".join(self.owners))
        if self.date_from or self.date_to:
            start = short_date(self.date_from) if self.date_from else "the start"
            end = short_date(self.date_to) if self.date_to else "the end"
            lines.append(f"Dates: {start} to {end}")
        return lines


NARROWED_BY: dict[str, tuple[str, ...]] = {
    "priorities": ("themes", "principles", "statuses", "owners", "date_from", "date_to"),
    "events": ("themes", "principles", "date_from", "date_to"),
    "agenda": ("themes", "principles", "date_from", "date_to"),
    "achievements": ("themes", "principles"),
    "themes": ("themes", "principles"),
}
"""Which filters narrow each table in view (the 'as at' date chooses the snapshot, it narrows nothing)."""


def narrowing(
    filters: Filters, table: str, theme_names: dict[str, str] | None = None, besides: tuple[str, ...] = ()
) -> list[str]:
    """The filters that narrow `table` (a key of NARROWED_BY), in words; [] when none does. besides: filters
    to leave out (('themes', 'principles') for what is linked to a theme in view)."""
    kept = {name: getattr(filters, name) for name in NARROWED_BY[table] if name not in besides}
    return Filters(**kept).describe(theme_names)


def themes_addressing(coverage: pd.DataFrame, principles: tuple[int, ...]) -> set[str]:
    """Themes marked against any of `principles` (primary or supporting)."""
    return set(coverage.loc[coverage["principle"].isin(principles), "theme_id"].dropna())


def selected_themes(all_themes: pd.Series, coverage: pd.DataFrame, filters: Filters) -> set[str]:
    """The themes in view: those chosen (or all), narrowed to those addressing the chosen principles."""
    themes = set(filters.themes) if filters.themes else set(all_themes.dropna())
    if filters.principles:
        themes &= themes_addressing(coverage, filters.principles)
    return themes


def _in_dates(dates: pd.Series, filters: Filters) -> pd.Series:
    keep = pd.Series(True, index=dates.index)
    if filters.date_from is not None:
        keep &= ~(dates < filters.date_from).fillna(False)
    if filters.date_to is not None:
        keep &= ~(dates > filters.date_to).fillna(False)
    return keep


def filter_priorities(priorities: pd.DataFrame, themes: set[str], filters: Filters) -> pd.DataFrame:
    """Priorities of the themes in view, with the chosen statuses, owners and due dates."""
    keep = priorities["theme_id"].isin(themes)
    if filters.statuses:
        keep &= priorities["status"].astype("string").isin(filters.statuses).fillna(False)
    if filters.owners:
        owners = priorities["owner"].fillna(NOT_RECORDED)
        keep &= owners.isin(filters.owners)
    keep &= _in_dates(priorities["due_date"], filters)
    return priorities[keep]


def filter_by_theme_links(
    frame: pd.DataFrame,
    links: pd.DataFrame,
    key: str,
    date_column: str,
    themes: set[str],
    all_themes: int,
    filters: Filters,
) -> pd.DataFrame:
    """Rows (agenda items, events) linked to a theme in view and dated within the range.

    When every theme is in view, rows with no theme link are kept too.
    """
    keep = _in_dates(frame[date_column], filters)
    if len(themes) < all_themes:
        linked = set(links.loc[links["theme_id"].isin(themes), key])
        keep &= frame[key].isin(linked)
    return frame[keep]


def filter_by_theme(frame: pd.DataFrame, themes: set[str]) -> pd.DataFrame:
    return frame[frame["theme_id"].isin(themes)]


QUERY_KEYS = {
    "themes": "theme",
    "principles": "principle",
    "statuses": "status",
    "owners": "owner",
    "date_from": "from",
    "date_to": "to",
    "as_at": "as_at",
}
"""Filter field -> key in the URL query string."""


EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)
"""The dates the filters accept: a shared link's date outside them is ignored (with a note), not obeyed."""


def _parsed(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _iso_date(text: str | None) -> pd.Timestamp | None:
    """A YYYY-MM-DD date within EARLIEST_DATE..LATEST_DATE, else None."""
    date = _parsed(text)
    return pd.Timestamp(date) if date is not None and EARLIEST_DATE <= date <= LATEST_DATE else None


def to_query(filters: Filters, default_as_at: pd.Timestamp | None) -> dict[str, list[str]]:
    """The query string for a view: only what differs from the defaults, dates as YYYY-MM-DD."""
    query: dict[str, list[str]] = {}
    for field in ("themes", "statuses", "owners"):
        if getattr(filters, field):
            query[QUERY_KEYS[field]] = list(getattr(filters, field))
    if filters.principles:
        query["principle"] = [str(p) for p in filters.principles]
    for field in ("date_from", "date_to"):
        if getattr(filters, field) is not None:
            query[QUERY_KEYS[field]] = [getattr(filters, field).date().isoformat()]
    if filters.as_at is not None and filters.as_at != default_as_at:
        query["as_at"] = [filters.as_at.date().isoformat()]
    return query


def from_query(
    query: dict[str, list[str]], options: dict[str, list], default_as_at: pd.Timestamp | None
) -> Filters:
    """The view a shared link asks for. Values the data does not have, and malformed dates, are ignored.

    Args:
        query: each key's values, as the URL gives them.
        options: the values on offer for 'themes', 'principles', 'statuses' and 'owners'.
        default_as_at: the 'as at' date when the link gives none.
    """
    themes = {t.upper() for t in query.get("theme", [])}
    principles = {p.strip() for p in query.get("principle", [])}
    statuses = set(query.get("status", []))
    owners = set(query.get("owner", []))
    return Filters(
        themes=tuple(t for t in options["themes"] if t.upper() in themes),
        principles=tuple(p for p in options["principles"] if str(p) in principles),
        statuses=tuple(s for s in options["statuses"] if s in statuses),
        owners=tuple(o for o in options["owners"] if o in owners),
        date_from=_iso_date(next(iter(query.get("from", [])), None)),
        date_to=_iso_date(next(iter(query.get("to", [])), None)),
        as_at=_iso_date(next(iter(query.get("as_at", [])), None)) or default_as_at,
    )


def query_notes(query: dict[str, list[str]]) -> list[str]:
    """What a shared link asked for but `from_query` ignored because the date is out of range, in words."""
    notes = []
    for key, label in (("from", "From"), ("to", "To"), ("as_at", "As at")):
        date = _parsed(next(iter(query.get(key, [])), None))
        if date is not None and not EARLIEST_DATE <= date <= LATEST_DATE:
            notes.append(
                f"The link's {label} date ({date.isoformat()}) was ignored: dates must be between "
                f"{EARLIEST_DATE:%d/%m/%Y} and {LATEST_DATE:%d/%m/%Y}."
            )
    return notes
