"""What the pages show: the trackers narrowed by the filters, as plain tables, built in one place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from domain import Kind
from loaders.tracker_set import TrackerSet
from metrics import cplg
from metrics import filters as flt
from metrics.progress import EvidenceSources, enrich_priorities


@dataclass(frozen=True)
class Snapshot:
    """One framework snapshot's priorities, enriched and filtered like the current ones.

    `all_priorities` ignores the filters: a change between two snapshots is classified from the whole of
    each (metrics/changes.py), and the filters only choose which changes are shown.
    """

    as_at: pd.Timestamp
    priorities: pd.DataFrame
    all_priorities: pd.DataFrame
    achievements: pd.DataFrame = field(default_factory=pd.DataFrame)  # as recorded then (not filtered)


@dataclass(frozen=True)
class View:
    """Tables in view. `all_*` tables ignore the filters (for option lists and context)."""

    as_at: pd.Timestamp | None
    filters: flt.Filters
    snapshot_date: pd.Timestamp | None
    all_themes: pd.DataFrame
    themes: pd.DataFrame
    principles: pd.DataFrame
    coverage: pd.DataFrame
    priorities: pd.DataFrame
    achievements: pd.DataFrame
    events: pd.DataFrame
    event_themes: pd.DataFrame
    agenda: pd.DataFrame
    agenda_themes: pd.DataFrame
    by_organisation_type: pd.DataFrame
    by_profession: pd.DataFrame
    snapshots: list[Snapshot] = field(default_factory=list)
    assessments: pd.DataFrame = field(default_factory=pd.DataFrame)  # every round; not filtered
    levels: pd.DataFrame = field(default_factory=pd.DataFrame)  # the assessment scale
    all_agenda: pd.DataFrame = field(default_factory=pd.DataFrame)  # the whole CPLG log, unfiltered
    actions: pd.DataFrame = field(default_factory=pd.DataFrame)  # CPLG actions; not filtered
    recorded: dict[str, int] = field(
        default_factory=dict
    )  # rows each tracker table holds, before the filters
    presented: tuple[pd.Timestamp, ...] = ()
    """'As at' dates of the framework snapshots presented to the board (locked in the store), oldest first:
    the papers cover the period since the last one (report.paper.paper_period). Given by whoever reads the
    store (build_view's caller); none for trackers read from files."""

    @property
    def previous(self) -> Snapshot | None:
        """The snapshot before the one in force, for 'change since the previous snapshot'."""
        earlier = [
            s for s in self.snapshots if self.snapshot_date is not None and s.as_at < self.snapshot_date
        ]
        return earlier[-1] if earlier else None

    @property
    def theme_names(self) -> dict[str, str]:
        return dict(zip(self.all_themes["theme_id"], self.all_themes["theme"], strict=True))

    def evidence_sources(self) -> EvidenceSources:
        """The tables evidence is drawn from: the same object on every call, so that what is remembered per
        argument (metrics/memo.py keys such an object by identity) is found again on the next page view."""
        made = self.__dict__.get("_evidence_sources")
        if made is None:
            made = EvidenceSources(
                self.achievements,
                self.priorities,
                self.events,
                self.event_themes,
                self.agenda,
                self.agenda_themes,
            )
            object.__setattr__(self, "_evidence_sources", made)  # a frozen View: computed once, then kept
        return made


def build_view(trackers: TrackerSet, filters: flt.Filters, presented: Sequence[object] = ()) -> View:
    """Apply the filters to every table. The 'as at' date defaults to the latest snapshot's. `presented`: the
    'as at' dates of the snapshots presented to the board (the store's locks), for the papers' period."""
    as_at = filters.as_at or trackers.as_at
    all_themes = trackers.table(Kind.FRAMEWORK, "themes")
    coverage_all = trackers.table(Kind.COVERAGE, "coverage")
    themes_in_view = flt.selected_themes(all_themes["theme_id"], coverage_all, filters)
    theme_count = all_themes["theme_id"].nunique()

    def priorities_of(frame: pd.DataFrame) -> pd.DataFrame:
        return flt.filter_priorities(enrich_priorities(frame, all_themes, as_at), themes_in_view, filters)

    def snapshot(taken: pd.Timestamp, frame: pd.DataFrame, achieved: pd.DataFrame) -> Snapshot:
        every = enrich_priorities(frame, all_themes, as_at)
        return Snapshot(taken, flt.filter_priorities(every, themes_in_view, filters), every, achieved)

    snapshots = [
        snapshot(tracker.as_at, tracker.tables["priorities"], tracker.tables["achievements"])
        for tracker in trackers.framework
    ]
    # The snapshot in force on the 'as at' date (else the first, which the pages show with a sentence saying
    # so; the papers refuse such a date: report.paper.paper_refusal).
    current = trackers.in_force(as_at)
    priorities = current.tables["priorities"] if current else trackers.table(Kind.FRAMEWORK, "priorities")
    achievements = (
        current.tables["achievements"] if current else trackers.table(Kind.FRAMEWORK, "achievements")
    )
    events = trackers.table(Kind.ENGAGEMENT, "events")
    event_themes = trackers.table(Kind.ENGAGEMENT, "event_themes")
    agenda = cplg.dated(
        trackers.table(Kind.CPLG, "agenda_items")
    )  # a flagged date filters with its neighbours
    agenda_themes = trackers.table(Kind.CPLG, "agenda_themes")
    return View(
        as_at=as_at,
        filters=filters,
        all_themes=all_themes,
        themes=all_themes[all_themes["theme_id"].isin(themes_in_view)],
        principles=trackers.table(Kind.COVERAGE, "principles"),
        coverage=coverage_all[coverage_all["theme_id"].isin(themes_in_view)],
        snapshot_date=current.as_at if current else None,
        priorities=priorities_of(priorities),
        achievements=flt.filter_by_theme(achievements, themes_in_view),
        events=flt.filter_by_theme_links(
            events, event_themes, "event_id", "date", themes_in_view, theme_count, filters
        ),
        event_themes=event_themes,
        agenda=flt.filter_by_theme_links(
            agenda, agenda_themes, "item_id", "position_date", themes_in_view, theme_count, filters
        ),
        agenda_themes=agenda_themes,
        by_organisation_type=trackers.table(Kind.ENGAGEMENT, "by_organisation_type"),
        by_profession=trackers.table(Kind.ENGAGEMENT, "by_profession"),
        snapshots=snapshots,
        assessments=trackers.table(Kind.ASSESSMENT, "assessments"),
        levels=trackers.table(Kind.ASSESSMENT, "levels"),
        all_agenda=trackers.table(Kind.CPLG, "agenda_items"),
        actions=trackers.table(Kind.CPLG, "actions"),
        recorded={
            "priorities": len(priorities),
            "events": len(events),
            "agenda": len(agenda),
            "achievements": len(achievements),
            "themes": len(all_themes),
        },
        presented=tuple(sorted(pd.Timestamp(day) for day in presented)),
    )
