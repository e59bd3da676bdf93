"""The shared sections of the CCPL progress story, each built once from a View: where things stand, progress
against the principles, the self-assessment, priorities by status, coverage, the CPLG agenda, what needs
attention, engagement, tracker versions, and the board pack's sections in order.

What a section is (Section, Figure, Table) and the words for nothing to show are in report/section_types.py;
the status moves between snapshots and the cycle review in report/snapshots.py; a paper's reporting period in
report/period.py.
"""

from __future__ import annotations

import pandas as pd

from charts.palette import STATUS_CHART_ORDER, status_label
from formatting import count, known_date, long_date
from metrics import describe
from metrics import self_assessment as am
from metrics.cplg import counts_by_month, recurring_items
from metrics.engagement import EngagementTotals, attendance_phrase, latest_event, totals
from metrics.filters import narrowing
from metrics.memo import memoised
from metrics.progress import (
    attention_reason,
    coverage_grid,
    principle_progress,
    status_counts,
    thin_evidence,
)
from metrics.view import View
from report.section_types import Figure, Section, Table, as_at_text, nothing_in_view
from report.snapshots import changes

LATEST_DECISIONS = 10


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
