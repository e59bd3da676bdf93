"""The engagement tracker: events with attendance, and who attended by organisation type and profession."""

from __future__ import annotations

import pandas as pd

from domain import (
    EVENT_FORMATS,
    ORGANISATION_TYPES,
    PROFESSIONS,
    Kind,
)
from loaders.formats.base import Format
from loaders.formats.checks import blank_id_rows, check_references, first_few, id_pairs
from loaders.loaded import LoadedTracker
from loaders.problems import Problem, Severity
from loaders.spec import Column, ColumnType, Sheet, Tracker, about_sheet
from loaders.validate import ROW, SheetReporter, SheetResult

ENGAGEMENT = Tracker(
    kind=Kind.ENGAGEMENT,
    title=Kind.ENGAGEMENT.title,
    description=(
        "System engagement events with attendance and volunteers, and optionally who attended by "
        "organisation type and by profession."
    ),
    file_stem="engagement_events",
    signature_sheet="Events",
    sheets=(
        about_sheet(),
        Sheet(
            name="Events",
            description="One row per event.",
            columns=(
                Column(
                    "event_id",
                    "Event ID",
                    ColumnType.ID,
                    "A short code, unique.",
                    "E02",
                    unique=True,
                    width=10,
                ),
                Column("date", "Date", ColumnType.DATE, "When it took place.", "11/10/2022", width=12),
                Column(
                    "date_month_only",
                    "Month only",
                    ColumnType.YES_NO,
                    "Yes if only the month is known (put the 1st as the day): the date then reads "
                    "'October 2022'.",
                    "No",
                    required=False,
                    blank="ok",
                    width=10,
                ),
                Column(
                    "event",
                    "Event",
                    ColumnType.TEXT,
                    "Its name.",
                    "2nd CCPL system engagement event",
                    aliases=("Event name", "Name"),
                    width=40,
                ),
                Column(
                    "format",
                    "Format",
                    ColumnType.CHOICE,
                    "In person, virtual or hybrid.",
                    "In person",
                    allowed=EVENT_FORMATS,
                    synonyms={"face to face": "In person", "online": "Virtual", "teams": "Virtual"},
                    required=False,
                    blank="ok",
                    width=12,
                ),
                Column(
                    "attendees",
                    "Attendees",
                    ColumnType.INTEGER,
                    "How many attended (best estimate).",
                    "100",
                    blank="warning",
                    aliases=("Attendance",),
                    width=10,
                ),
                Column(
                    "attendance_approximate",
                    "Attendance approximate",
                    ColumnType.YES_NO,
                    "Yes if the figure is an estimate ('circa').",
                    "Yes",
                    required=False,
                    blank="ok",
                    width=12,
                ),
                Column(
                    "volunteers",
                    "Volunteers",
                    ColumnType.INTEGER,
                    "How many volunteered for follow-up work.",
                    "13",
                    required=False,
                    blank="ok",
                    width=10,
                ),
                Column(
                    "theme_ids",
                    "Theme IDs",
                    ColumnType.ID_LIST,
                    "The development themes the event served, as codes separated by commas.",
                    "T2, T7",
                    required=False,
                    blank="ok",
                    aliases=("Themes",),
                    width=12,
                ),
                Column(
                    "notes",
                    "Notes",
                    ColumnType.TEXT,
                    "Purpose and outcome.",
                    "To develop a consistent understanding of good distributed leadership",
                    required=False,
                    blank="ok",
                    width=60,
                ),
            ),
        ),
        Sheet(
            name="By organisation type",
            description="Optional: attendance at each event by type of organisation. One row per pair.",
            required=False,
            aliases=("By organisation", "By organization type"),
            columns=(
                Column("event_id", "Event ID", ColumnType.ID, "The event's code.", "E02", fill_down=True),
                Column(
                    "organisation_type",
                    "Organisation type",
                    ColumnType.CHOICE,
                    "The kind of organisation.",
                    "Local authority",
                    allowed=ORGANISATION_TYPES,
                    strict=False,
                    width=20,
                ),
                Column("attendees", "Attendees", ColumnType.INTEGER, "How many attended.", "12", width=10),
            ),
        ),
        Sheet(
            name="By profession",
            description="Optional: attendance at each event by profession. One row per pair.",
            required=False,
            columns=(
                Column("event_id", "Event ID", ColumnType.ID, "The event's code.", "E02", fill_down=True),
                Column(
                    "profession",
                    "Profession",
                    ColumnType.CHOICE,
                    "The profession (the list names those in principle 1).",
                    "Pharmacists",
                    allowed=PROFESSIONS,
                    strict=False,
                    width=28,
                ),
                Column("attendees", "Attendees", ColumnType.INTEGER, "How many attended.", "9", width=10),
            ),
        ),
    ),
)


def _check_engagement(loaded: LoadedTracker, results: dict[str, SheetResult]) -> None:
    events = results["events"].frame
    loaded.tables["event_themes"] = id_pairs(events, "event_id", "theme_ids", "theme_id")
    known = set(events["event_id"].dropna())
    blank = blank_id_rows(events, "event_id")
    for key, name in (("by_organisation_type", "By organisation type"), ("by_profession", "By profession")):
        check_references(
            loaded, results[key], ENGAGEMENT.sheet(name), "event_id", known, "Events", "event", blank
        )
        breakdown = results[key].frame
        if breakdown.empty:
            continue
        totals = breakdown.groupby("event_id", observed=True)["attendees"].sum()
        # Repeated and blank ids are reported on the Events sheet; the first row of each id counts here.
        attendees = (
            events.dropna(subset=["event_id"]).drop_duplicates("event_id").set_index("event_id")["attendees"]
        )
        over = totals[totals > attendees.reindex(totals.index)]
        report = SheetReporter(loaded.file_name, name)
        for event_id, total in over.items():
            report.add(
                Severity.WARNING,
                "breakdown_exceeds_total",
                f"The breakdown for event {event_id} adds up to {total}, more than its {attendees[event_id]} "
                "attendees on the Events sheet.",
                "Check the figures: people should be counted once in each breakdown.",
                value=event_id,
            )
        loaded.problems.extend(report.problems)
    approximate = events[events["attendance_approximate"].fillna(False).astype(bool)]
    if not approximate.empty:
        SheetReporter(loaded.file_name, "Events")
        loaded.problems.append(
            Problem(
                Severity.WARNING,
                "approximate_attendance",
                f"Attendance is an estimate ('circa') for {len(approximate)} of {len(events)} events "
                f"({first_few(approximate['event_id'], approximate[ROW])}), so totals are approximate.",
                "Replace the estimates with counts from the registration lists if you have them.",
                file=loaded.file_name,
                sheet="Events",
                column="Attendance approximate",
            )
        )


FORMAT = Format(
    ENGAGEMENT,
    _check_engagement,
    {
        "event_themes": lambda: pd.DataFrame(
            {"event_id": pd.Series(dtype="string"), "theme_id": pd.Series(dtype="string")}
        )
    },
)
