"""What an upload would change: rows added, removed and changed in each table, and priority status changes."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from domain import Kind
from loaders.formats import TRACKERS
from loaders.loaded import LoadedTracker, sheet_key, table_label
from loaders.tracker_set import TrackerSet
from metrics.changes import status_changes


@dataclass(frozen=True)
class TableDiff:
    table: str
    added: list[str]
    removed: list[str]
    changed: list[str]

    @property
    def label(self) -> str:
        return table_label(self.table)

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass(frozen=True)
class TrackerDiff:
    """The change one uploaded file makes against what is current."""

    kind: Kind
    compared_with: LoadedTracker | None
    new_snapshot: bool  # a framework tracker with an 'as at' date not seen before
    tables: list[TableDiff]
    status_changes: pd.DataFrame

    def sentences(self) -> list[str]:
        """The change in words, e.g. 'Priorities: 2 added, 1 changed (P07, P20).'"""
        lines = []
        for diff in self.tables:
            if not diff.any:
                continue
            parts = []
            for word, ids in (("added", diff.added), ("removed", diff.removed), ("changed", diff.changed)):
                if ids:
                    listed = ", ".join(ids[:8]) + (f" and {len(ids) - 8} more" if len(ids) > 8 else "")
                    parts.append(f"{len(ids)} {word} ({listed})")
            lines.append(f"{diff.label.capitalize()}: " + "; ".join(parts) + ".")
        return lines or ["No rows differ from the current version."]


def _keyed(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    shown = frame.drop(columns=[c for c in frame.columns if str(c).startswith("_")])
    return shown.astype("string").fillna("").set_index(key)


def diff_tables(old: pd.DataFrame | None, new: pd.DataFrame, key: str, table: str) -> TableDiff:
    """Rows by id: added, removed, and changed (any value differs)."""
    new_rows = _keyed(new, key)
    if old is None:
        return TableDiff(table, list(new_rows.index), [], [])
    old_rows = _keyed(old, key)
    added = [i for i in new_rows.index if i not in old_rows.index]
    removed = [i for i in old_rows.index if i not in new_rows.index]
    common = [i for i in new_rows.index if i in old_rows.index]
    columns = sorted(set(old_rows.columns) | set(new_rows.columns))
    before = old_rows.reindex(index=common, columns=columns).fillna("")
    after = new_rows.reindex(index=common, columns=columns).fillna("")
    changed = list(before.index[(before != after).any(axis=1)])
    return TableDiff(table, added, removed, changed)


def _coverage_rows(tracker: LoadedTracker) -> pd.DataFrame:
    """The coverage matrix with its marks, one row per theme (the loaded matrix keeps marks separately)."""
    marks = tracker.tables["coverage"].assign(
        column="Principle " + tracker.tables["coverage"]["principle"].astype(str)
    )
    wide = marks.pivot_table(
        index="theme_id", columns="column", values="strength", aggfunc="first", observed=True
    )
    matrix = tracker.tables["coverage_matrix"].set_index("theme_id")
    return matrix.join(wide.astype("string")).reset_index()


def _assessment_rows(frame: pd.DataFrame | None, name: str) -> pd.DataFrame | None:
    """Assessment rows keyed 'round 12/03/2024, principle 2'; other tables as they are."""
    if frame is None or name != "assessments":
        return frame
    dates = frame["assessment_date"].dt.strftime("%d/%m/%Y").fillna("no date")
    keyed = frame.assign(assessment="round " + dates + ", principle " + frame["principle"].astype("string"))
    return keyed.drop_duplicates("assessment")


def compared_version(current: TrackerSet, new: LoadedTracker) -> tuple[LoadedTracker | None, bool]:
    """The current version an upload replaces (or, for a new snapshot, the one it follows), and whether it is new."""
    if new.kind is Kind.FRAMEWORK:
        same_date = [t for t in current.framework if t.as_at == new.as_at]
        if same_date:
            return same_date[-1], False
        earlier = [
            t
            for t in current.framework
            if new.as_at is not None and t.as_at is not None and t.as_at < new.as_at
        ]
        return (earlier[-1] if earlier else current.current_framework), True
    return {
        Kind.COVERAGE: current.coverage,
        Kind.ENGAGEMENT: current.engagement,
        Kind.CPLG: current.cplg,
        Kind.ASSESSMENT: current.assessment,
    }[new.kind], False


def diff_upload(current: TrackerSet, new: LoadedTracker) -> TrackerDiff:
    """Compare a validated upload with what is current."""
    assert new.kind is not None
    old, new_snapshot = compared_version(current, new)
    tables = []
    for sheet in TRACKERS[new.kind].sheets[1:]:  # the About sheet is not a table of things
        key = next((c.key for c in sheet.columns if c.unique), None)
        name = sheet_key(sheet)
        if name == "assessments":  # one row per (round, principle): that pair is its identity
            key = "assessment"
        if key is None or name not in new.tables:
            continue
        frame = _coverage_rows(new) if name == "coverage" else _assessment_rows(new.tables[name], name)
        old_frame = None
        if old is not None:
            old_frame = (
                _coverage_rows(old) if name == "coverage" else _assessment_rows(old.tables.get(name), name)
            )
        tables.append(diff_tables(old_frame, frame, key, name))
    changes = pd.DataFrame()
    if new.kind is Kind.FRAMEWORK and old is not None:
        changes = status_changes(old.tables["priorities"], new.tables["priorities"])
    return TrackerDiff(new.kind, old, new_snapshot, tables, changes)
