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
from formatting import (
    FLAGGED_NOTE,
    FLAGGED_SUFFIX,
    NO_DATE,
    NOT_RECORDED,
    count,
    dates_as_known,
    known_date,
    long_date,
    short_date,
)
from metrics import assessment as am
from metrics import describe
from metrics.changes import CycleReview, change_summary, cycle_review, shown_changes, status_changes
from metrics.cplg import NOT_CATEGORISED, counts_by_month, recurring_items, with_labels
from metrics.engagement import EngagementTotals, attendance_phrase, latest_event, totals
from metrics.filters import narrowing
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
        return Section(
            "cplg_facets", "CPLG agenda by facet", empty=nothing_in_view(view, "agenda", "CPLG agenda item")
        )
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
        f"No priority is at risk, off track, deferred or overdue as at {long_date(view.as_at)}"
        if view.as_at is not None
        else "No priority needs attention"
    )
    narrowed = narrowing(view.filters, "priorities", view.theme_names)
    empty += f" among those matching these filters ({'; '.join(narrowed)})." if narrowed else "."
    if view.priorities.empty:
        empty = nothing_in_view(view, "priorities", "priority", "priorities")
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
    due = (
        f"due {known_date(row['due_date'], assumed=row.get('due_date_assumed'))}"
        if pd.notna(row["due_date"])
        else "no due date"
    )
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


@memoised  # per shared view and pair of snapshots: the Priorities page compares any two
def snapshot_changes(view: View, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Status moves between the snapshots of `start` and `end`, classified from the whole snapshots and shown
    when the priority matches the filters in either (metrics/changes.py)."""
    by_date = {s.as_at: s for s in view.snapshots}
    before, after = by_date[start], by_date[end]
    moved = status_changes(before.all_priorities, after.all_priorities)
    return shown_changes(moved, before.priorities, after.priorities)


def snapshot_changes_sentence(view: View, moved: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> str:
    """'Between 1 December 2022 and 8 February 2023: 1 delivered and 1 moved forward, among priorities of
    theme T8 with status On track in either snapshot.'"""
    return describe.changes_sentence(
        change_summary(moved), start, end, describe.among_priorities(view.filters)
    )


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
    moved = snapshot_changes(view, view.previous.as_at, view.snapshot_date)
    return Section(
        "changes",
        title,
        snapshot_changes_sentence(view, moved, view.previous.as_at, view.snapshot_date),
        table=Table(
            moved, ("priority_id", "priority", "before", "after", "change", "notes"), {"notes": "Why"}
        ),
    )


CYCLE_WHEN = "at the cycle's start or end"


@memoised  # per shared view and cycle start: the Priorities page draws it on every view
def cycle(view: View, start: pd.Timestamp) -> CycleReview:
    """The six-month cycle review from `start`: outcomes read from the whole snapshots, showing the
    priorities that match the filters at the cycle's start or end."""
    review = cycle_review([(s.as_at, s.all_priorities) for s in view.snapshots], start)
    by_date = {s.as_at: s.priorities for s in view.snapshots}
    return review.among(*(by_date[d] for d in (review.start_snapshot, review.end_snapshot) if d in by_date))


def cycle_sentence(view: View, review: CycleReview) -> str:
    """The cycle review in one sentence, naming the filters."""
    among = describe.among_priorities(view.filters, CYCLE_WHEN)
    if among and review.start_snapshot is not None and review.table.empty:
        return (
            f"No priority promised at the start of the cycle from {long_date(review.start)} matches the "
            f"filters ({among})."
        )
    return describe.cycle_sentence(review.counts(), review.start, review.complete, among)


def change_line(row: pd.Series, status_words: Callable[[object], str] = status_label) -> str:
    """'P1.2 Agree the ToR moved from ● On track to ✔ Complete (Delivered). Reason given: <note>', or 'No reason
    recorded.'; status_words=str gives the statuses in words alone (the papers)."""
    before = status_words(row["before"]) if pd.notna(row["before"]) else None
    after = status_words(row["after"]) if pd.notna(row["after"]) else None
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
        held_later = f"No engagement event in view took place on or before {as_at_text(view)}."
        return Section(
            "latest_event",
            title,
            empty=held_later
            if not view.events.empty
            else nothing_in_view(view, "events", "engagement event"),
        )
    return Section(
        "latest_event",
        title,
        f", {known_date(event['date'], month_only=event.get('date_month_only'))}: {attendance_phrase(event)}.",
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
        return Section("engagement", "Engagement", empty=nothing_in_view(view, "events", "engagement event"))
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
        return Section("cplg", "CPLG decisions", empty=nothing_in_view(view, "agenda", "CPLG agenda item"))
    by_outcome = counts_by_month(view.agenda, "outcome_label")
    again = recurring_items(view.agenda)
    latest = view.agenda.sort_values("position_date", ascending=False).head(LATEST_DECISIONS)
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
    items = items[period.contains(items["position_date"])].sort_values(["position_date", "item_id"])
    title = "CPLG decisions in the period"
    if items.empty:
        return Section("decisions", title, empty=_none_in_period(view, "agenda", "CPLG agenda item", period))
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


def _none_in_period(view: View, table: str, one: str, period: Period) -> str:
    """'No engagement event is recorded between …', or, when filters narrow the table, that none matching them is."""
    narrowed = narrowing(view.filters, table, view.theme_names)
    if narrowed and view.recorded.get(table, 0):
        return f"No {one} matching these filters ({'; '.join(narrowed)}) is recorded {period.describe()}. {WIDEN}"
    return f"No {one} is recorded {period.describe()}."


def engagement_in_period(view: View, period: Period) -> Section:
    events = view.events[period.contains(view.events["date"])].sort_values("date")
    title = "Engagement in the period"
    if events.empty:
        return Section(
            "engagement_period", title, empty=_none_in_period(view, "events", "engagement event", period)
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
    return f"{row['event']}, {known_date(row['date'], month_only=row.get('date_month_only'))}: {people}{volunteers}."


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
