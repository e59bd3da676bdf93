"""The Engagement page's story: headline figures, events over time, who attended and the reach across the
professions of principle 1, each built once per view.

Tracker text stays raw here: a renderer escapes it once, where it becomes Markdown, HTML or a chart label.
"""

from __future__ import annotations

from metrics import describe
from metrics.engagement import breakdown, profession_reach
from metrics.memo import memoised
from metrics.view import View
from report.section_types import Section, Table, nothing_in_view
from report.sections import engagement

ESTIMATE_NOTE = "Attendance marked '~' is an estimate: the papers give 'circa' figures."
PRINCIPLE_1 = (
    "Principle 1 asks that the full range of clinical and care professionals, 'allied health professionals, "
    "pharmacists, doctors, nurses, social workers/practitioners, psychologists, healthcare scientists, "
    "physician associates, midwives, dentists, optometrists, orthoptists and public health professionals, "
    "among others', are integrated into decision-making."
)
EVENT_COLUMNS = (
    "event_id",
    "date",
    "event",
    "format",
    "attendees",
    "attendance_approximate",
    "volunteers",
    "notes",
)
BREAKDOWNS = (
    ("by_organisation_type", "organisation_type", "organisation type", "By organisation type"),
    ("by_profession", "profession", "profession", "By profession"),
)
"""(view table, column, what it counts by, the tracker sheet)."""


def no_event_in_view(view: View) -> str:
    return nothing_in_view(view, "events", "engagement event")


def events_over_time(view: View) -> Section:
    """The events in view: headline figures, the chart over time and the sentence (the board pack's too)."""
    return engagement(view)


@memoised  # per shared view: built once, not per visitor
def event_table(view: View) -> Section:
    return Section("engagement_table", "Engagement events", table=Table(view.events, EVENT_COLUMNS))


@memoised  # per shared view: built once, not per visitor
def who_attended(view: View) -> tuple[Section, ...]:
    """Attendance by organisation type and by profession over the events in view."""
    parts = []
    for table_name, column, what, sheet in BREAKDOWNS:
        counts = breakdown(getattr(view, table_name), column, view.events["event_id"])
        parts.append(
            Section(
                f"engagement_{column}",
                f"Attendance by {what}",
                "" if counts.empty else describe.breakdown_sentence(counts, column, what),
                data=counts,
                empty=f"The engagement tracker has no attendance by {what}: the board papers do not give one. "
                f"Add rows (event, {what}, attendees) to its '{sheet}' sheet to see it here."
                if counts.empty
                else "",
                context={"column": column, "what": what},
            )
        )
    return tuple(parts)


@memoised  # per shared view: built once, not per visitor
def reach(view: View) -> Section:
    event_ids = view.events["event_id"]
    if view.by_profession[view.by_profession["event_id"].isin(event_ids)].empty:
        return Section(
            "engagement_reach",
            "Attendance by the professions of principle 1",
            empty="Reach cannot be measured yet: the engagement tracker records no attendance by profession. "
            "The papers say only that attendees came 'from across all partner organisations (including Social "
            "Care) and with a broad range of clinical and professional leaders'.",
        )
    reached = profession_reach(view.by_profession, event_ids)
    return Section(
        "engagement_reach",
        "Attendance by the professions of principle 1",
        describe.reach_sentence(reached),
        data=reached,
    )
