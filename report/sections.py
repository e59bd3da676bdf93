"""Sections of the CCPL progress story, each built once from a View.

A section is what a renderer needs and nothing it must work out: a title, the sentence that says what it
shows, headline figures, the data a chart draws, a table (with column headings) and the words to show
when there is nothing to show.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from charts.palette import STATUS_CHART_ORDER, status_label
from domain import OUTCOMES
from formatting import NO_DATE, count, long_date, short_date
from metrics import assessment as am
from metrics import describe
from metrics.changes import change_summary, status_changes
from metrics.cplg import NOT_CATEGORISED, counts_by_month, recurring_items, with_labels
from metrics.engagement import EngagementTotals, attendance_phrase, latest_event, totals
from metrics.labels import label
from metrics.memo import memoised
from metrics.progress import (
    attention_reason,
    coverage_grid,
    principle_progress,
    status_counts,
    thin_evidence,
)
from metrics.view import View

STATUS_COLUMNS = ("status", "before", "after")
LATEST_DECISIONS = 10


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
        """Every cell as the text a reader sees: statuses with their icon, dates as dates, blanks as a dash."""
        shown = self.shown
        return [
            [cell_text(column, value) for column, value in zip(shown, row, strict=True)]
            for row in (self.frame[shown].itertuples(index=False, name=None))
        ]


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


def as_at_text(view: View) -> str:
    return long_date(view.as_at) if view.as_at is not None else "the latest snapshot"


@memoised  # per shared view (ui/data.py): built once, not per visitor
def headline(view: View) -> Section:
    """Where things stand: priorities by status group (with change since the previous snapshot) and counts."""
    now = status_counts(view.priorities)
    before = status_counts(view.previous.priorities) if view.previous is not None else None
    since = view.previous.as_at if view.previous is not None else None
    total = int(now.sum())

    def group(name: str, statuses: tuple[str, ...], help_text: str) -> Figure:
        return Figure(
            name,
            int(sum(now[s] for s in statuses)),
            total,
            None if before is None else int(sum(before[s] for s in statuses)),
            since,
            help_text,
        )

    covered = int(view.coverage["principle"].nunique())
    figures = (
        group("Complete", ("Complete",), "Priorities delivered."),
        group("On track", ("On track",), "Priorities progressing as planned."),
        group(
            "At risk or off track", ("At risk", "Off track"), "Priorities that may not be delivered on time."
        ),
        group(
            "Not started or deferred", ("Not started", "Deferred"), "Priorities not yet begun, or put back."
        ),
        Figure(
            "Overdue",
            int(view.priorities["overdue"].sum()),
            help="Open priorities whose due date is before the 'as at' date.",
        ),
        Figure(
            "Principles addressed",
            covered,
            len(view.principles),
            help="Principles with at least one theme in view marked against them.",
        ),
        Figure("Themes", len(view.themes)),
        Figure("CPLG agenda items", len(view.agenda)),
    )
    return Section("overview", "Overview", describe.status_sentence(view.priorities), figures)


@memoised  # per shared view (ui/data.py): built once, not per visitor
def principles(view: View) -> Section:
    progress = principle_progress(view.priorities, view.coverage, view.principles)
    empty = (
        "No priorities are linked to a principle. Add priorities to the framework tracker and mark themes "
        "against principles on the coverage tracker."
        if progress["priorities"].sum() == 0
        else ""
    )
    return Section(
        "principles",
        "Progress against the principles",
        describe.principle_progress_sentence(progress),
        data=progress,
        table=Table(
            progress.assign(share_complete=progress["share_Complete"]),
            ("principle", "title", "priorities", "share_complete"),
        ),
        empty=empty,
    )


@memoised  # per shared view (ui/data.py): built once, not per visitor
def assessment(view: View) -> Section:
    """The self-assessment per principle: latest level against target, movement since the previous round,
    peer level, evidence cited and claims on thin evidence; the level over the rounds as chart data."""
    title = "Self-assessment against the principles"
    figures = am.headline(view.assessments, view.levels, view.principles)
    if figures is None:
        return Section("assessment", title, empty=am.NO_ASSESSMENT)
    latest = am.latest_levels(view.assessments, view.levels, view.principles)
    thin = thin_evidence(view.principles, view.coverage, view.evidence_sources())
    history = am.level_history(view.assessments, view.levels)
    return Section(
        "assessment",
        title,
        f"{am.headline_sentence(figures)} {am.change_sentence(figures)} {am.history_sentence(history, latest)}",
        figures=(
            Figure(
                "Principles at or above target",
                figures.met,
                figures.principles,
                figures.previous_met,
                figures.previous_on,
            ),
        ),
        data=am.chart_data(history, latest),
        table=Table(
            am.board_table(latest, am.thin_claims(latest, thin)),
            (
                "principle",
                "title",
                "level_label",
                "target_label",
                "target_met",
                "movement_words",
                "peer_label",
                "evidence",
                "called_out",
            ),
            {
                "principle": "Principle",
                "title": "Title",
                "level_label": "Level",
                "target_label": "Target",
                "target_met": "Target met",
                "movement_words": "Since the previous round",
                "peer_label": "Peer review",
                "evidence": "Evidence cited",
                "called_out": "Called out",
            },
        ),
    )


@memoised  # per shared view (ui/data.py): built once, not per visitor
def priorities_by_status(view: View) -> Section:
    """Priorities by theme and status (the chart's data), with one figure per status in chart order."""
    now = status_counts(view.priorities)
    before = status_counts(view.previous.priorities) if view.previous is not None else None
    since = view.previous.as_at if view.previous is not None else None
    total = int(now.sum())
    return Section(
        "priorities",
        "Priorities by status",
        describe.theme_status_sentence(view.priorities),
        tuple(
            Figure(status, int(now[status]), total, None if before is None else int(before[status]), since)
            for status in STATUS_CHART_ORDER
        ),
        data=view.priorities,
    )


@memoised  # per shared view (ui/data.py): built once, not per visitor
def coverage_matrix(view: View) -> Section:
    """Themes × principles with their primary/supporting marks (an editable assumption in the trackers)."""
    grid = coverage_grid(view.themes, view.principles, view.coverage)
    return Section(
        "coverage", "Coverage of the principles by the themes", describe.coverage_sentence(grid), data=grid
    )


@memoised  # per shared view (ui/data.py): built once, not per visitor
def cplg_by_facet(view: View) -> Section:
    """CPLG agenda items per month by facet."""
    if view.agenda.empty:
        return Section("cplg_facets", "CPLG agenda by facet", empty="No CPLG agenda item is recorded.")
    counts = counts_by_month(view.agenda, "facet_label")
    return Section(
        "cplg_facets",
        "CPLG agenda by facet",
        describe.agenda_sentence(counts, "facet_label", "facet"),
        data=counts,
    )


@memoised  # per shared view (ui/data.py): built once, not per visitor
def attention(view: View) -> Section:
    """Priorities at risk, off track, deferred or overdue, overdue first, with the reason in words."""
    rows = view.priorities[view.priorities["needs_attention"]]
    rows = rows.sort_values(["overdue", "priority_id"], ascending=[False, True])
    rows = rows.assign(
        reason=rows.apply(attention_reason, axis=1) if not rows.empty else pd.Series(dtype="string")
    )
    empty = (
        f"No priority is at risk, off track, deferred or overdue as at {long_date(view.as_at)}."
        if view.as_at is not None
        else "No priority needs attention."
    )
    return Section(
        "attention",
        "Needs attention",
        f"{count(len(rows), 'priority', 'priorities')} {'needs' if len(rows) == 1 else 'need'} attention as at {as_at_text(view)}."
        if len(rows)
        else "",
        table=Table(rows, ("priority_id", "reason", "priority", "theme", "due_date", "owner", "notes")),
        empty=empty if rows.empty else "",
    )


def attention_line(row: pd.Series) -> tuple[str, str]:
    """('P3.2', '▲ At risk — overdue by 12 days: <priority> (<theme>; due 1 March 2023; owner: <owner>)')."""
    due = f"due {long_date(row['due_date'])}" if pd.notna(row["due_date"]) else "no due date"
    overdue = f" — overdue by {int(row['days_overdue'])} days" if row["overdue"] else ""
    return str(row["priority_id"]), (
        f"{status_label(row['status'])}{overdue}: {row['priority']} ({row['theme']}; {due}; owner: {row['owner']})"
    )


@memoised  # per shared view: the Overview lists these for every visitor
def attention_lines(view: View) -> tuple[tuple[str, str], ...]:
    """Every priority needing attention as (priority id, line), in the order of `attention`."""
    section = attention(view)
    if section.empty or section.table is None:
        return ()
    return tuple(attention_line(row) for _, row in section.table.frame.iterrows())


@memoised  # per shared view (ui/data.py): built once, not per visitor
def changes(view: View) -> Section:
    """Status moves since the previous snapshot, each with the note that says why."""
    title = "Changes since the previous snapshot"
    if view.previous is None or view.snapshot_date is None:
        return Section(
            "changes",
            title,
            empty="There is only one framework snapshot, so there is nothing to compare yet. Each framework "
            "tracker uploaded with a new 'As at' date becomes a snapshot.",
        )
    moved = status_changes(view.previous.priorities, view.priorities)
    return Section(
        "changes",
        title,
        describe.changes_sentence(change_summary(moved), view.previous.as_at, view.snapshot_date),
        table=Table(
            moved, ("priority_id", "priority", "before", "after", "change", "notes"), {"notes": "Why"}
        ),
    )


def change_line(row: pd.Series) -> str:
    """'P1.2 Agree the ToR moved from ● On track to ✔ Complete (Delivered). Why: <note>' ('no reason recorded')."""
    before = status_label(row["before"]) if pd.notna(row["before"]) else None
    after = status_label(row["after"]) if pd.notna(row["after"]) else None
    if before is None:
        move = f"was added as {after}"
    elif after is None:
        move = f"was removed (it was {before})"
    else:
        move = f"moved from {before} to {after} ({row['change']})"
    why = str(row["notes"]).strip() if pd.notna(row["notes"]) and str(row["notes"]).strip() else ""
    return f"{row['priority_id']} {row['priority']} {move}. " + (
        f"Reason given: {why}" if why else "No reason recorded."
    )


@memoised  # per shared view (ui/data.py): built once, not per visitor
def latest_engagement_event(view: View) -> Section:
    event = latest_event(view.events, view.as_at)
    title = "Latest engagement event"
    if event is None:
        return Section(
            "latest_event",
            title,
            empty="No engagement event is recorded yet. Add events to the Events sheet of the engagement tracker.",
        )
    return Section(
        "latest_event",
        title,
        f", {long_date(event['date'])}: {attendance_phrase(event)}.",
        lead=str(event["event"]),
    )


def engagement_figures(summary: EngagementTotals) -> tuple[Figure, ...]:
    return (
        Figure("Events", summary.events),
        Figure("Attendees", summary.attendees, note="approximate" if summary.approximate else ""),
        Figure("Volunteers", summary.volunteers),
    )


@memoised  # per shared view (ui/data.py): built once, not per visitor
def engagement(view: View) -> Section:
    if view.events.empty:
        return Section("engagement", "Engagement", empty="No engagement event is recorded.")
    summary = totals(view.events)
    return Section(
        "engagement",
        "Engagement",
        describe.events_sentence(view.events),
        engagement_figures(summary),
        data=view.events,
        table=Table(view.events.sort_values("date"), ("date", "event", "attendees", "volunteers")),
    )


@memoised  # per shared view (ui/data.py): built once, not per visitor
def cplg_decisions(view: View) -> Section:
    if view.agenda.empty:
        return Section("cplg", "CPLG decisions", empty="No CPLG agenda item is recorded.")
    by_outcome = counts_by_month(view.agenda, "outcome_label")
    again = recurring_items(view.agenda)
    latest = view.agenda.sort_values("meeting_date", ascending=False).head(LATEST_DECISIONS)
    extra = []
    if not again.empty:
        extra.append(("Items that came back:", Table(again, ("item", "times", "first", "last", "outcomes"))))
    extra.append(("Latest decisions:", Table(latest, ("meeting_date", "item", "outcome", "recommendation"))))
    return Section(
        "cplg",
        "CPLG decisions",
        describe.agenda_sentence(by_outcome, "outcome_label", "outcome"),
        data=by_outcome,
        extra_tables=tuple(extra),
    )


def tracker_versions(sources: list[tuple[str, str]]) -> Section:
    frame = pd.DataFrame(sources, columns=["tracker", "version"])
    return Section(
        "versions",
        "Tracker versions",
        table=Table(frame, ("tracker", "version"), {"tracker": "Tracker", "version": "Version"}),
    )


@dataclass(frozen=True)
class Period:
    """The reporting period of a paper: after `start` (the previous snapshot) up to and including `end`."""

    start: pd.Timestamp | None
    end: pd.Timestamp | None

    def contains(self, dates: pd.Series) -> pd.Series:
        keep = pd.Series(True, index=dates.index)
        if self.start is not None:
            keep &= dates > self.start
        if self.end is not None:
            keep &= dates <= self.end
        return keep.fillna(False).astype(bool)

    def describe(self) -> str:
        if self.start is None and self.end is None:
            return "to date"
        if self.start is None:
            return f"up to {long_date(self.end)}"
        if self.end is None:
            return f"since {long_date(self.start)}"
        return f"between {long_date(self.start)} and {long_date(self.end)}"


def reporting_period(view: View) -> Period:
    """Since the previous framework snapshot (the last paper) up to the 'as at' date."""
    return Period(view.previous.as_at if view.previous is not None else None, view.as_at)


def decisions_in_period(view: View, period: Period) -> Section:
    """The CPLG agenda items of the period, counted by outcome, each listed under its outcome."""
    items = with_labels(view.agenda)
    items = items[period.contains(items["meeting_date"])].sort_values(["meeting_date", "item_id"])
    title = "CPLG decisions in the period"
    if items.empty:
        return Section("decisions", title, empty=f"No CPLG agenda item is recorded {period.describe()}.")
    per = items["outcome_label"].value_counts()
    order = [o for o in [*OUTCOMES, NOT_CATEGORISED] if per.get(o, 0)]
    figures = tuple(Figure(o, int(per[o])) for o in order)
    sentence = (
        f"CPLG considered {count(len(items), 'agenda item')} {period.describe()}: "
        + ", ".join(f"{int(per[o])} {o.lower()}" for o in order)
        + "."
    )
    return Section(
        "decisions",
        title,
        sentence,
        figures,
        table=Table(
            items,
            ("meeting_date", "item", "outcome_label", "presenter", "recommendation"),
            {"outcome_label": "Outcome"},
        ),
    )


def engagement_in_period(view: View, period: Period) -> Section:
    events = view.events[period.contains(view.events["date"])].sort_values("date")
    title = "Engagement in the period"
    if events.empty:
        return Section(
            "engagement_period", title, empty=f"No engagement event is recorded {period.describe()}."
        )
    summary = totals(events)
    about = "about " if summary.approximate else ""
    sentence = (
        f"{count(summary.events, 'engagement event')} {period.describe()}, with {about}{summary.attendees:,} "
        f"attendees in all and {count(summary.volunteers, 'volunteer')}."
    )
    return Section(
        "engagement_period",
        title,
        sentence,
        engagement_figures(summary),
        data=events,
        table=Table(events, ("date", "event", "attendees", "volunteers")),
    )


def event_line(row: pd.Series) -> str:
    """'Engagement session, 12 October 2022: about 150 attendees, 13 volunteers.'"""
    about = "about " if row.get("attendance_approximate") is True else ""
    people = (
        f"{about}{int(row['attendees']):,} attendees"
        if pd.notna(row["attendees"])
        else "attendance not recorded"
    )
    volunteers = f", {int(row['volunteers'])} volunteers" if pd.notna(row["volunteers"]) else ""
    return f"{row['event']}, {long_date(row['date'])}: {people}{volunteers}."


def board_pack(view: View, sources: list[tuple[str, str]]) -> list[Section]:
    """The board pack's sections, in order."""
    return [
        headline(view),
        principles(view),
        assessment(view),
        priorities_by_status(view),
        attention(view),
        changes(view),
        engagement(view),
        cplg_decisions(view),
        tracker_versions(sources),
    ]
