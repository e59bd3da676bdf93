"""The set of trackers the dashboard shows: every framework snapshot plus the current other trackers.

Checks that need two trackers at once live here: a coverage row or CPLG item naming a theme that the
framework tracker does not have, or a theme with no row in the coverage matrix.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from domain import Kind
from loaders.excel import DEFAULT_ENGINE, Engine
from loaders.formats import TRACKERS
from loaders.loaded import LoadedTracker, sheet_key
from loaders.problems import Problem, Severity
from loaders.trackers import empty_derived_table, load_tracker_file
from loaders.validate import empty_frame

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass
class TrackerSet:
    """Loaded trackers. Framework snapshots are oldest first; the last is current."""

    framework: list[LoadedTracker] = field(default_factory=list)
    coverage: LoadedTracker | None = None
    engagement: LoadedTracker | None = None
    cplg: LoadedTracker | None = None
    assessment: LoadedTracker | None = None  # optional: most sets have none
    rejected: list[LoadedTracker] = field(default_factory=list)
    cross_problems: list[Problem] = field(default_factory=list)

    @property
    def current_framework(self) -> LoadedTracker | None:
        return self.framework[-1] if self.framework else None

    @property
    def previous_framework(self) -> LoadedTracker | None:
        return self.framework[-2] if len(self.framework) > 1 else None

    @property
    def as_at(self) -> pd.Timestamp | None:
        """The latest framework snapshot date: the default 'as at' date of every page."""
        current = self.current_framework
        return current.as_at if current else None

    def in_force(self, as_at: pd.Timestamp | None) -> LoadedTracker | None:
        """The framework snapshot in force on `as_at`: the latest taken on or before it (else the first); the
        latest when `as_at` is None."""
        taken = [t for t in self.framework if as_at is None or t.as_at <= as_at] or self.framework[:1]
        return taken[-1] if taken else None

    def loaded(self) -> list[LoadedTracker]:
        """Every tracker in use, framework snapshots first."""
        others = (self.coverage, self.engagement, self.cplg, self.assessment)
        return [*self.framework, *(t for t in others if t is not None)]

    def problems(self) -> list[Problem]:
        """Every problem: those of the trackers in use, of rejected files, and across trackers."""
        found = [p for t in (*self.loaded(), *self.rejected) for p in t.problems]
        return found + self.cross_problems

    def table(self, kind: Kind, key: str) -> pd.DataFrame:
        """A current table, or an empty one of the right shape when that tracker is missing."""
        tracker = {
            Kind.FRAMEWORK: self.current_framework,
            Kind.COVERAGE: self.coverage,
            Kind.ENGAGEMENT: self.engagement,
            Kind.CPLG: self.cplg,
            Kind.ASSESSMENT: self.assessment,
        }[kind]
        if tracker is not None and key in tracker.tables:
            return tracker.tables[key]
        derived = empty_derived_table(
            kind, key
        )  # first: 'coverage' is both a sheet and the derived long table
        if derived is not None:
            return derived
        sheet = next((s for s in TRACKERS[kind].sheets if sheet_key(s) == key), None)
        if sheet is None:
            raise KeyError(f"no table '{key}' in the {kind.value} tracker")
        return empty_frame(sheet)


def build_tracker_set(trackers: Iterable[LoadedTracker]) -> TrackerSet:
    """Sort loaded trackers into a set; trackers with errors are kept aside in `rejected`.

    Framework snapshots are ordered by their 'as at' date; of two with the same date the later one given
    wins. For the other kinds the last one given is current.
    """
    result = TrackerSet()
    snapshots: dict[pd.Timestamp, LoadedTracker] = {}
    for tracker in trackers:
        if not tracker.ok or tracker.kind is None:
            result.rejected.append(tracker)
        elif tracker.kind is Kind.FRAMEWORK:
            snapshots[tracker.as_at] = tracker
        elif tracker.kind is Kind.COVERAGE:
            result.coverage = tracker
        elif tracker.kind is Kind.ENGAGEMENT:
            result.engagement = tracker
        elif tracker.kind is Kind.ASSESSMENT:
            result.assessment = tracker
        else:
            result.cplg = tracker
    result.framework = [snapshots[d] for d in sorted(snapshots)]
    result.cross_problems = cross_check(result) + check_assessment_evidence(result)
    return result


def cross_check(trackers: TrackerSet) -> list[Problem]:
    """Warnings about themes that one tracker names and the current framework tracker does not."""
    framework = trackers.current_framework
    if framework is None:
        return []
    themes = set(framework.tables["themes"]["theme_id"].dropna())
    problems: list[Problem] = []
    if trackers.coverage is not None:
        matrix = trackers.coverage.tables["coverage_matrix"]
        for theme_id, row in zip(matrix["theme_id"], matrix["_row"], strict=True):
            if theme_id is not pd.NA and theme_id not in themes:
                problems.append(
                    Problem(
                        Severity.WARNING,
                        "unknown_theme",
                        f"Theme '{theme_id}' is not on the framework tracker ({framework.file_name}), so its "
                        "coverage marks are not shown.",
                        "Use the theme codes of the framework tracker's Themes sheet.",
                        trackers.coverage.file_name,
                        "Coverage",
                        int(row),
                        "Theme ID",
                        str(theme_id),
                    )
                )
        for theme_id in sorted(themes - set(matrix["theme_id"].dropna())):
            problems.append(
                Problem(
                    Severity.WARNING,
                    "theme_not_covered",
                    f"Theme {theme_id} has no row on the Coverage sheet, so it counts towards no principle.",
                    f"Add a row for {theme_id} and mark the principles it addresses.",
                    trackers.coverage.file_name,
                    "Coverage",
                )
            )
    for tracker, table, sheet, what in (
        (trackers.cplg, "agenda_themes", "Agenda items", "Agenda items"),
        (trackers.engagement, "event_themes", "Events", "Events"),
    ):
        if tracker is None:
            continue
        unknown = sorted(set(tracker.tables[table]["theme_id"].dropna()) - themes)
        if unknown:
            problems.append(
                Problem(
                    Severity.WARNING,
                    "unknown_theme",
                    f"{what} name theme codes that are not on the framework tracker: {', '.join(unknown)}.",
                    "Use the theme codes of the framework tracker's Themes sheet in the Theme IDs column.",
                    tracker.file_name,
                    sheet,
                    None,
                    "Theme IDs",
                )
            )
    return problems


EVIDENCE_SOURCES: tuple[tuple[Kind, str, str, str], ...] = (
    (Kind.FRAMEWORK, "achievements", "achievement_id", "achievement"),
    (Kind.FRAMEWORK, "priorities", "priority_id", "priority"),
    (Kind.CPLG, "agenda_items", "item_id", "CPLG agenda item"),
    (Kind.ENGAGEMENT, "events", "event_id", "event"),
)
"""Where an assessment's evidence ids may point: (tracker, table, id column, what it is)."""


def evidence_ids(trackers: TrackerSet) -> dict[str, str]:
    """Every id an assessment may cite as evidence, with what it is ('P07' -> 'priority')."""
    known: dict[str, str] = {}
    for kind, table, column, what in EVIDENCE_SOURCES:
        for item_id in trackers.table(kind, table)[column].dropna():
            known.setdefault(str(item_id), what)
    return known


def check_assessment_evidence(trackers: TrackerSet) -> list[Problem]:
    """A warning per assessment row citing evidence ids that no current tracker has."""
    tracker = trackers.assessment
    if tracker is None:
        return []
    known = evidence_ids(trackers)
    frame = tracker.tables["assessments"]
    problems: list[Problem] = []
    for ids, row in zip(frame["evidence"], frame["_row"], strict=True):
        unknown = [i for i in (ids if isinstance(ids, tuple) else ()) if i not in known]
        if unknown:
            problems.append(
                Problem(
                    Severity.WARNING,
                    "unknown_evidence",
                    f"Evidence {', '.join(unknown)} is not an achievement, priority, CPLG agenda item or event "
                    "in the current trackers, so it cannot be linked.",
                    "Check the ids against the framework, CPLG and engagement trackers, or correct the typing.",
                    tracker.file_name,
                    "Assessments",
                    int(row),
                    "Evidence",
                    ", ".join(unknown),
                )
            )
    return problems


def default_files(directory: Path = DEFAULT_DATA_DIR) -> list[Path]:
    """The shipped tracker workbooks."""
    return sorted(directory.glob("*.xlsx"))


def load_default_set(directory: Path = DEFAULT_DATA_DIR, engine: Engine = DEFAULT_ENGINE) -> TrackerSet:
    """Load every tracker in `directory` (the shipped defaults unless told otherwise)."""
    return build_tracker_set(load_tracker_file(path, engine=engine) for path in default_files(directory))
