"""The analysts' data feed: which datasets there are, their typed columns, the filters, and the files.

Every dataset is a table of the dashboard's View (metrics.view.build_view), narrowed by the same filters as the
dashboard's links (metrics.filters, with the same query names: metrics.filters.QUERY_KEYS), typed from the tracker
formats' declarations (loaders/formats/: a column's type, description and allowed values are read there, never
repeated here). The few columns the dashboard derives (a priority's theme name and overdue flags, a change's
class) are declared once below, beside the dataset that adds them.

A dataset is written as CSV (formula-safe, exports.tables.csv_bytes, like every download), Parquet (typed: dates
as dates, counts as integers, id lists as lists) or JSON (the rows as records, with the columns' types).
Who stored or edited a version is never part of a dataset: the feed shows what viewers see.

The HTTP layer is web/feed.py; keys and the rate limit are store/keys.py. The feed's format version is in every
address (FORMAT_VERSION): a release that changes a dataset's columns adds a version, and the old addresses keep
answering as they did.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

from domain import STATUSES, Kind
from loaders.column_types import COLUMN_TYPES
from loaders.formats import TRACKERS
from loaders.spec import Column, ColumnType
from metrics import filters as flt
from metrics.changes import CHANGE_CLASSES, CHANGE_ORDER, shown_changes, status_changes
from metrics.view import View

FORMAT_VERSION = "v1"
"""In every address (/feed/v1/...): a change to a dataset's columns is a new version, the old one keeps answering."""

FORMATS: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
    "json": "application/json",
}
"""File extension -> media type."""

FEED_TYPES: dict[ColumnType, str] = {kind: entry.feed for kind, entry in COLUMN_TYPES.items()}
"""How each tracker column type reads in the feed (the catalogue says both): loaders.column_types."""

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "date": pa.date32(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "list of strings": pa.list_(pa.string()),
}

MAX_VALUES = 50
"""The most values one filter parameter may repeat (a link from the dashboard has at most a few)."""
MAX_VALUE_LENGTH = 255
_THEME_ID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")


class FeedParameterError(ValueError):
    """A query parameter the feed cannot use: the message names it (the answer is 400)."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


def _sheet(kind: Kind, sheet: str) -> tuple[Column, ...]:
    return TRACKERS[kind].sheet(sheet).columns


def _column(kind: Kind, sheet: str, key: str, **changes: object) -> Column:
    found = TRACKERS[kind].sheet(sheet).column(key)
    return dataclasses.replace(found, **changes) if changes else found  # type: ignore[arg-type]


def _derived(key: str, kind: ColumnType, description: str, allowed: tuple[str, ...] = ()) -> Column:
    """A column the dashboard computes (not a tracker's): declared here, once."""
    return Column(key, key, kind, description, allowed=allowed, required=False)


PRIORITY_DERIVED = (
    _column(Kind.FRAMEWORK, "Themes", "theme", description="The theme's name (from the Themes sheet)."),
    _derived(
        "overdue",
        ColumnType.YES_NO,
        "Still open (not started, on track, at risk or off track) and due before the view's 'as at' date.",
    ),
    _derived(
        "days_overdue", ColumnType.INTEGER, "Days past its due date on the 'as at' date (0 unless overdue)."
    ),
    _derived("needs_attention", ColumnType.YES_NO, "At risk, off track or overdue."),
)
SNAPSHOT_AS_AT = _derived("snapshot_as_at", ColumnType.DATE, "The 'As at' date of the framework snapshot.")
STATUS = _column(Kind.FRAMEWORK, "Priorities", "status")


@dataclass(frozen=True)
class Dataset:
    """One table of the feed: its name in the address, what it holds, its columns and how the filters narrow it."""

    name: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[View], pd.DataFrame]
    narrowed_by: tuple[str, ...] = ()
    """Filter fields (metrics.filters.Filters) that narrow it; the 'as at' date chooses the snapshot for all."""

    def parameters(self) -> list[str]:
        return [flt.QUERY_KEYS[f] for f in self.narrowed_by]


def _events_in_view(frame: pd.DataFrame, view: View) -> pd.DataFrame:
    return frame[frame["event_id"].isin(view.events["event_id"])]


def _over_time(view: View) -> pd.DataFrame:
    frames = [s.priorities.assign(snapshot_as_at=s.as_at) for s in view.snapshots]
    if not frames:
        return view.priorities.assign(snapshot_as_at=pd.NaT).iloc[0:0]
    return pd.concat(frames, ignore_index=True)


def _changes(view: View) -> pd.DataFrame:
    """The changes the Priorities page lists: the snapshot in force against the one before, read from the whole
    snapshots and shown when the priority matches the filters in either."""
    current = next((s for s in view.snapshots if s.as_at == view.snapshot_date), None)
    previous = view.previous
    if current is None or previous is None:
        return pd.DataFrame(columns=[c.key for c in CHANGE_COLUMNS])
    moved = status_changes(previous.all_priorities, current.all_priorities)
    shown = shown_changes(moved, previous.priorities, current.priorities)
    return shown.assign(earlier_as_at=previous.as_at, later_as_at=current.as_at)


CHANGE_COLUMNS = (
    _derived("earlier_as_at", ColumnType.DATE, "The earlier snapshot's 'As at' date."),
    _derived("later_as_at", ColumnType.DATE, "The later snapshot's 'As at' date (the one in force)."),
    _column(Kind.FRAMEWORK, "Priorities", "priority_id"),
    _column(Kind.FRAMEWORK, "Priorities", "theme_id"),
    _column(Kind.FRAMEWORK, "Priorities", "priority"),
    dataclasses.replace(
        STATUS, key="before", header="before", description="Its status in the earlier snapshot."
    ),
    dataclasses.replace(STATUS, key="after", header="after", description="Its status in the later snapshot."),
    _derived(
        "change",
        ColumnType.CHOICE,
        "How it moved: " + "; ".join(f"{name}: {meaning}" for name, meaning in CHANGE_CLASSES.items()) + ".",
        allowed=tuple(CHANGE_ORDER),
    ),
    _derived(
        "notes",
        ColumnType.TEXT,
        "Why: the reason given with the change in the app, else the later snapshot's note when it was rewritten "
        "with the change.",
    ),
)

_THEMED = ("themes", "principles")
DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset("themes", "The framework development themes in view.", _sheet(Kind.FRAMEWORK, "Themes"),
                lambda v: v.themes, _THEMED),
        Dataset("achievements", "What each theme in view has achieved, as recorded in the snapshot in force.",
                _sheet(Kind.FRAMEWORK, "Achievements"), lambda v: v.achievements, _THEMED),
        Dataset("priorities", "The six-month priorities of the snapshot in force, narrowed like the dashboard's.",
                _sheet(Kind.FRAMEWORK, "Priorities") + PRIORITY_DERIVED, lambda v: v.priorities,
                flt.NARROWED_BY["priorities"]),
        Dataset("priorities_over_time",
                "The tidy long form: every framework snapshot's priorities, one row per priority per snapshot.",
                (SNAPSHOT_AS_AT, *_sheet(Kind.FRAMEWORK, "Priorities"), *PRIORITY_DERIVED), _over_time,
                flt.NARROWED_BY["priorities"]),
        Dataset("changes", "How priorities moved between the snapshot in force and the one before it.",
                CHANGE_COLUMNS, _changes, flt.NARROWED_BY["priorities"]),
        Dataset("principles", "The five national CCPL principles.", _sheet(Kind.COVERAGE, "Principles"),
                lambda v: v.principles),
        Dataset("coverage", "One row per mark of the coverage matrix: a theme in view addressing a principle.",
                (_column(Kind.COVERAGE, "Coverage", "theme_id"), _column(Kind.COVERAGE, "Principles", "principle"),
                 _derived("strength", ColumnType.CHOICE, "How the theme addresses the principle.",
                          allowed=("Primary", "Supporting"))),
                lambda v: v.coverage, _THEMED),
        Dataset("events", "System engagement events in view.", _sheet(Kind.ENGAGEMENT, "Events"),
                lambda v: v.events, flt.NARROWED_BY["events"]),
        Dataset("events_by_organisation_type", "Attendance at the events in view, by organisation type.",
                _sheet(Kind.ENGAGEMENT, "By organisation type"),
                lambda v: _events_in_view(v.by_organisation_type, v), flt.NARROWED_BY["events"]),
        Dataset("events_by_profession", "Attendance at the events in view, by profession.",
                _sheet(Kind.ENGAGEMENT, "By profession"), lambda v: _events_in_view(v.by_profession, v),
                flt.NARROWED_BY["events"]),
        Dataset("agenda_items", "CPLG agenda items in view, with their outcome.", _sheet(Kind.CPLG, "Agenda items"),
                lambda v: v.agenda, flt.NARROWED_BY["agenda"]),
        Dataset("actions", "CPLG actions (the whole log).",
                (*_sheet(Kind.CPLG, "Actions"),
                 _derived("due_date", ColumnType.DATE, "The 'Due' cell read as a date, when it is one."),
                 _derived("due_next_meeting", ColumnType.YES_NO, "Due at the next CPLG meeting.")),
                lambda v: v.actions),
        Dataset("assessment_rounds", "Every principle self-assessment round, one row per principle per round.",
                _sheet(Kind.ASSESSMENT, "Assessments"), lambda v: v.assessments),
        Dataset("assessment_levels", "The self-assessment scale.", _sheet(Kind.ASSESSMENT, "Levels"),
                lambda v: v.levels),
    )
}  # fmt: skip


def feed_type(column: Column) -> str:
    return FEED_TYPES[column.type]


def catalogue(base: str = "") -> dict[str, object]:
    """Every dataset with its columns, types, descriptions and allowed values, and the filter parameters."""
    prefix = f"{base}/feed/{FORMAT_VERSION}"
    return {
        "format_version": FORMAT_VERSION,
        "formats": sorted(FORMATS),
        "filters": {
            flt.QUERY_KEYS["themes"]: "Theme id (repeat for several), e.g. theme=T4",
            flt.QUERY_KEYS[
                "principles"
            ]: "Principle number 1-5 (repeat for several): the themes addressing it",
            flt.QUERY_KEYS["statuses"]: "Priority status (repeat for several): " + ", ".join(STATUSES),
            flt.QUERY_KEYS["owners"]: "Priority owner as shown (repeat for several)",
            flt.QUERY_KEYS["date_from"]: "YYYY-MM-DD: due, meeting or event dates on or after it",
            flt.QUERY_KEYS["date_to"]: "YYYY-MM-DD: due, meeting or event dates on or before it",
            flt.QUERY_KEYS[
                "as_at"
            ]: "YYYY-MM-DD: the snapshot in force on that date (current addresses only)",
        },
        "datasets": [
            {
                "name": d.name,
                "description": d.description,
                "address": f"{prefix}/{d.name}.{{csv,parquet,json}}",
                "snapshot_address": f"{prefix}/snapshots/{{as_at}}/{d.name}.{{csv,parquet,json}}",
                "narrowed_by": d.parameters(),
                "columns": [
                    {
                        "name": c.key,
                        "type": feed_type(c),
                        "tracker_type": c.type.value,
                        "description": c.description,
                        "allowed": list(c.allowed),
                    }
                    for c in d.columns
                ],
            }
            for d in DATASETS.values()
        ],
    }


# -- parameters -------------------------------------------------------------------------------------------------
PARAMETERS = frozenset(flt.QUERY_KEYS.values())


def _date(parameter: str, values: Sequence[str]) -> pd.Timestamp | None:
    if not values:
        return None
    if len(values) > 1:
        raise FeedParameterError(parameter, f"'{parameter}' may be given once.")
    try:
        day = dt.date.fromisoformat(values[0])
    except ValueError:
        raise FeedParameterError(parameter, f"'{parameter}' must be a date as YYYY-MM-DD.") from None
    if not flt.EARLIEST_DATE <= day <= flt.LATEST_DATE or len(values[0]) != 10:
        raise FeedParameterError(
            parameter,
            f"'{parameter}' must be a date as YYYY-MM-DD between {flt.EARLIEST_DATE} and {flt.LATEST_DATE}.",
        )
    return pd.Timestamp(day)


def parse_filters(query: Sequence[tuple[str, str]], snapshot: dt.date | None = None) -> flt.Filters:
    """The filters a feed address asks for, checked: a parameter the feed does not know, a value it cannot read,
    or a status not in the list raises FeedParameterError naming it. Themes and principles are checked against
    the data when the view is built (check_against)."""
    values: dict[str, list[str]] = {}
    for name, value in query:
        if name not in PARAMETERS:
            known = ", ".join(sorted(PARAMETERS))
            shown = name[:40] if re.fullmatch(r"[\w.-]*", name[:40]) else "?"
            raise FeedParameterError(shown, f"Unknown parameter '{shown}': the feed knows {known}.")
        if len(value) > MAX_VALUE_LENGTH or "\x00" in value:
            raise FeedParameterError(name, f"'{name}' is longer than {MAX_VALUE_LENGTH} characters.")
        values.setdefault(name, []).append(value)
        if len(values[name]) > MAX_VALUES:
            raise FeedParameterError(name, f"'{name}' may be given at most {MAX_VALUES} times.")
    keys = flt.QUERY_KEYS
    themes = values.get(keys["themes"], [])
    if not all(_THEME_ID.match(t) for t in themes):
        raise FeedParameterError(keys["themes"], f"'{keys['themes']}' must be a theme id such as T4.")
    principles = []
    for text in values.get(keys["principles"], []):
        if not text.strip().isdigit():
            raise FeedParameterError(
                keys["principles"], f"'{keys['principles']}' must be a principle's number."
            )
        principles.append(int(text))
    statuses = values.get(keys["statuses"], [])
    if any(s not in STATUSES for s in statuses):
        raise FeedParameterError(
            keys["statuses"], f"'{keys['statuses']}' must be one of {', '.join(STATUSES)}."
        )
    as_at = _date(keys["as_at"], values.get(keys["as_at"], []))
    if snapshot is not None:
        if as_at is not None:
            raise FeedParameterError(
                keys["as_at"], f"A snapshot's address is as at its own date: leave out '{keys['as_at']}'."
            )
        as_at = pd.Timestamp(snapshot)
    date_from = _date(keys["date_from"], values.get(keys["date_from"], []))
    date_to = _date(keys["date_to"], values.get(keys["date_to"], []))
    if date_from is not None and date_to is not None and date_from > date_to:
        raise FeedParameterError(keys["date_from"], f"'{keys['date_from']}' is after '{keys['date_to']}'.")
    return flt.Filters(
        themes=tuple(dict.fromkeys(t.upper() for t in themes)),
        principles=tuple(dict.fromkeys(principles)),
        statuses=tuple(s for s in STATUSES if s in statuses),
        owners=tuple(dict.fromkeys(values.get(keys["owners"], []))),
        date_from=date_from,
        date_to=date_to,
        as_at=as_at,
    )


def check_against(view: View, filters: flt.Filters) -> None:
    """Themes and principles the data does not have raise FeedParameterError (the dashboard ignores them; an
    analyst's pipeline is better told)."""
    themes = set(view.all_themes["theme_id"].dropna())
    if unknown := [t for t in filters.themes if t not in themes]:
        key = flt.QUERY_KEYS["themes"]
        raise FeedParameterError(
            key, f"There is no theme '{unknown[0]}' (themes: {', '.join(sorted(themes))})."
        )
    principles = set(view.principles["principle"].dropna().astype(int))
    if unknown_p := [p for p in filters.principles if p not in principles]:
        key = flt.QUERY_KEYS["principles"]
        raise FeedParameterError(key, f"There is no principle {unknown_p[0]}.")


def canonical(filters: flt.Filters) -> str:
    """The filters as one string, the same for every spelling of the same view (for the ETag)."""
    return json.dumps(flt.to_query(filters, None), sort_keys=True)


def etag(identity: str, dataset: str, extension: str, filters: flt.Filters) -> str:
    """A strong ETag: the data's identity (the store's newest id, or a lock's id), the dataset, the format and
    the filters, with the feed's format version."""
    text = "|".join((FORMAT_VERSION, identity, dataset, extension, canonical(filters)))
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


def about(dataset: Dataset, view: View, filters: flt.Filters, snapshot: dt.date | None) -> dict[str, str]:
    return {
        "dataset": dataset.name,
        "format_version": FORMAT_VERSION,
        "as_at": view.snapshot_date.date().isoformat() if view.snapshot_date is not None else "",
        "presented_snapshot": snapshot.isoformat() if snapshot else "",
        "filters": "; ".join(filters.describe()) or "none",
    }
