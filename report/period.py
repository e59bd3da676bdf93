"""A paper's reporting period (since the previous framework snapshot up to the 'as at' date) and the
sections the papers give for it: CPLG decisions and engagement in the period."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from domain import OUTCOMES
from formatting import count, known_date, long_date
from metrics.cplg import NOT_CATEGORISED, with_labels
from metrics.engagement import totals
from metrics.filters import narrowing
from metrics.view import View
from report.section_types import WIDEN, Figure, Section, Table
from report.sections import engagement_figures


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


def decisions_in_period(view: View, period: Period, group: str = "CPLG") -> Section:
    """The CPLG agenda items of the period, counted by outcome, each listed under its outcome. `group`: what the
    organisation calls its leadership group (domain.Organisation.group_name; Derbyshire's is the CPLG)."""
    items = with_labels(view.agenda)
    items = items[period.contains(items["position_date"])].sort_values(["position_date", "item_id"])
    title = f"{group} decisions in the period"
    if items.empty:
        return Section(
            "decisions", title, empty=_none_in_period(view, "agenda", f"{group} agenda item", period)
        )
    per = items["outcome_label"].value_counts()
    order = [o for o in [*OUTCOMES, NOT_CATEGORISED] if per.get(o, 0)]
    figures = tuple(Figure(o, int(per[o])) for o in order)
    sentence = (
        f"{group} considered {count(len(items), 'agenda item')} {period.describe()}: "
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
