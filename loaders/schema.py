"""Tracker formats: every sheet, column, type and allowed value, declared once.

The validator, the template writer, the docs generator (`docs/build_trackers_doc.py`) and the tests all
read these declarations, so a rule changed here changes everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from domain import (
    ACTION_STATUSES,
    DEFAULT_LEVEL_SCALE,
    EVENT_FORMATS,
    FACETS,
    LEVELS,
    NEXT_MEETING,
    ORGANISATION_TYPES,
    OUTCOMES,
    PROFESSIONS,
    STATUSES,
    Kind,
)


class ColumnType(StrEnum):
    ID = "id"  # short code, kept as upper-case text ("P07")
    TEXT = "text"
    DATE = "date"
    INTEGER = "integer"  # whole number, zero or more
    PERCENT = "percent"  # 0-100; "50%", 0.5 and 50 all read as 50
    CHOICE = "choice"  # one of `allowed`
    YES_NO = "yes/no"
    ID_LIST = "id list"  # several ids separated by commas or semicolons


STATUS_SYNONYMS: dict[str, str] = {
    "completed": "Complete",
    "done": "Complete",
    "delivered": "Complete",
    "blue": "Complete",
    "green": "On track",
    "on-track": "On track",
    "in progress": "On track",
    "amber": "At risk",
    "at-risk": "At risk",
    "red": "Off track",
    "off-track": "Off track",
    "not yet started": "Not started",
    "grey": "Not started",
    "postponed": "Deferred",
    "on hold": "Deferred",
}


FACET_SYNONYMS: dict[str, str] = {
    "icb": "ICB (NHS)",
    "icb/nhs": "ICB (NHS)",
    "nhs": "ICB (NHS)",
    "ccpl developments": "CCPL Development",
    "ccpl": "CCPL Development",
}


PRIMARY_MARKS: frozenset[str] = frozenset({"primary", "p", "✓", "✔", "✔️", "☑", "y", "yes", "1", "x", "true"})
SUPPORTING_MARKS: frozenset[str] = frozenset({"supporting", "s", "support", "(✓)", "(✔)", "partial", "½"})


YES_VALUES: frozenset[str] = frozenset({"y", "yes", "true", "1", "✓", "✔", "x"})
NO_VALUES: frozenset[str] = frozenset({"n", "no", "false", "0", "-"})


@dataclass(frozen=True)
class Column:
    """One column of a tracker sheet.

    Attributes:
        key: name in the loaded DataFrame (snake_case).
        header: the column heading people see in Excel.
        type: how the cell is read.
        description: what belongs in it (used in docs, templates and messages).
        example: an example value for the docs.
        required: the column must be present on the sheet.
        blank: what a blank cell means: "error" (must be filled), "warning" (should be filled) or "ok".
        allowed: the allowed values for CHOICE columns.
        strict: for CHOICE, whether a value outside `allowed` is an error (True) or a warning.
        synonyms: extra spellings accepted for CHOICE values (lower-case key).
        aliases: other headings accepted for this column (any case and spacing).
        fill_down: a blank cell repeats the value above, as people do instead of merging cells.
        unique: values must not repeat (ids).
        width: column width in the template, in Excel characters.
    """

    key: str
    header: str
    type: ColumnType
    description: str
    example: str = ""
    required: bool = True
    blank: str = "error"
    allowed: tuple[str, ...] = ()
    strict: bool = True
    synonyms: dict[str, str] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    fill_down: bool = False
    unique: bool = False
    width: int = 18


@dataclass(frozen=True)
class Sheet:
    """One sheet of a tracker workbook: one header row, then one row per thing."""

    name: str
    description: str
    columns: tuple[Column, ...]
    required: bool = True
    aliases: tuple[str, ...] = ()

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class Tracker:
    """A tracker workbook: its kind, title, file stem and sheets."""

    kind: Kind
    title: str
    description: str
    file_stem: str
    sheets: tuple[Sheet, ...]
    signature_sheet: str  # the sheet that identifies this kind of tracker

    def sheet(self, name: str) -> Sheet:
        return next(s for s in self.sheets if s.name == name)


ABOUT_SHEET = "About"
ABOUT_AS_AT = "As at"
ABOUT_TRACKER = "Tracker"
ABOUT_FIELDS: tuple[tuple[str, str], ...] = (
    (ABOUT_TRACKER, "Which tracker this is (filled in by the template)."),
    (ABOUT_AS_AT, "The date the tracker describes, e.g. 08/02/2023. Required."),
    ("Prepared by", "Who prepared this version."),
    ("Source", "Where the content comes from (e.g. the board paper)."),
    ("Notes", "Anything a reader should know, such as assumptions."),
)
"""The About sheet is a two-column list of Field and Value, common to every tracker."""


def _about() -> Sheet:
    return Sheet(
        name=ABOUT_SHEET,
        description="Field and Value pairs: which tracker this is and the date it describes ('As at').",
        columns=(
            Column("field", "Field", ColumnType.TEXT, "The name of the field.", "As at", width=16),
            Column("value", "Value", ColumnType.TEXT, "Its value.", "08/02/2023", blank="ok", width=60),
        ),
    )


THEME_ID = Column(
    "theme_id",
    "Theme ID",
    ColumnType.ID,
    "The code of the development theme, as on the Themes sheet of the framework tracker.",
    "T4",
    fill_down=True,
    width=10,
)

FRAMEWORK = Tracker(
    kind=Kind.FRAMEWORK,
    title="Framework themes",
    description=(
        "The eight CCPL framework development themes: what will be different, what has been achieved, and "
        "the six-month priorities with their owner, due date and status. Each file is a snapshot 'as at' "
        "the date on its About sheet; keep one file per board cycle."
    ),
    file_stem="framework",
    signature_sheet="Priorities",
    sheets=(
        _about(),
        Sheet(
            name="Themes",
            description="One row per development theme.",
            columns=(
                Column(
                    "theme_id",
                    "Theme ID",
                    ColumnType.ID,
                    "A short code, unique.",
                    "T4",
                    unique=True,
                    width=10,
                ),
                Column("theme", "Theme", ColumnType.TEXT, "The theme's name.", "Leadership Roles", width=24),
                Column(
                    "what_will_be_different",
                    "What will be different",
                    ColumnType.TEXT,
                    "The change the theme aims for; one line per point.",
                    "Leaders will act as ambassadors connected to CPLG",
                    width=60,
                ),
                Column(
                    "how_we_get_there",
                    "What we need to do to get there",
                    ColumnType.TEXT,
                    "The framework's actions for the theme; one line per point.",
                    "Create clarity about the mandate, resources and support for leadership roles",
                    required=False,
                    blank="ok",
                    width=60,
                ),
            ),
        ),
        Sheet(
            name="Achievements",
            description="What has been achieved: one row per achievement.",
            required=False,
            columns=(
                Column(
                    "achievement_id",
                    "Achievement ID",
                    ColumnType.ID,
                    "A short code, unique.",
                    "A07",
                    unique=True,
                    width=14,
                ),
                THEME_ID,
                Column(
                    "achievement",
                    "Achievement",
                    ColumnType.TEXT,
                    "What was achieved, in the words of the report.",
                    "Chair of CPLG is a member of both the ICB and ICP",
                    width=70,
                ),
                Column(
                    "date_achieved",
                    "Date achieved",
                    ColumnType.DATE,
                    "When it was achieved, if known.",
                    "16/01/2023",
                    required=False,
                    blank="ok",
                    width=14,
                ),
                Column(
                    "source",
                    "Source",
                    ColumnType.TEXT,
                    "Where this is reported.",
                    "Appendix A, 1 December 2022",
                    required=False,
                    blank="ok",
                    width=30,
                ),
            ),
        ),
        Sheet(
            name="Priorities",
            description="The priorities for the next six months: one row per priority.",
            columns=(
                Column(
                    "priority_id",
                    "Priority ID",
                    ColumnType.ID,
                    "A short code, unique and kept the same from one snapshot to the next.",
                    "P07",
                    unique=True,
                    aliases=("ID",),
                    width=11,
                ),
                THEME_ID,
                Column(
                    "priority",
                    "Priority",
                    ColumnType.TEXT,
                    "The priority, in the words of the report.",
                    "Confirm resourcing of strategic leaders",
                    width=60,
                ),
                Column(
                    "owner",
                    "Owner",
                    ColumnType.TEXT,
                    "Who leads it. Leave blank if not agreed.",
                    "CPLG Senior Leadership Team",
                    blank="ok",
                    aliases=("Lead",),
                    width=24,
                ),
                Column(
                    "due_date",
                    "Due date",
                    ColumnType.DATE,
                    "When it is due. A priority without one cannot be judged overdue.",
                    "31/05/2023",
                    blank="warning",
                    aliases=("Due", "Deadline"),
                    width=12,
                ),
                Column(
                    "due_date_assumed",
                    "Due date assumed",
                    ColumnType.YES_NO,
                    "Yes if the due date was not given and is assumed (end of the six-month window).",
                    "Yes",
                    required=False,
                    blank="ok",
                    width=10,
                ),
                Column(
                    "status",
                    "Status",
                    ColumnType.CHOICE,
                    "Where it stands.",
                    "On track",
                    allowed=STATUSES,
                    synonyms=STATUS_SYNONYMS,
                    aliases=("RAG", "RAG status"),
                    width=12,
                ),
                Column(
                    "percent_complete",
                    "Percent complete",
                    ColumnType.PERCENT,
                    "How far through it is, 0 to 100%. Leave blank if not estimated.",
                    "50%",
                    required=False,
                    blank="ok",
                    aliases=("% complete", "Percent", "Progress"),
                    width=10,
                ),
                Column(
                    "last_updated",
                    "Last updated",
                    ColumnType.DATE,
                    "When this row was last reviewed.",
                    "08/02/2023",
                    required=False,
                    blank="ok",
                    width=12,
                ),
                Column(
                    "notes",
                    "Notes",
                    ColumnType.TEXT,
                    "What happened, and the evidence for the status.",
                    "ICB Board approved the new CPLG ToR (cover report 4.7)",
                    required=False,
                    blank="ok",
                    aliases=("Comments", "Update"),
                    width=50,
                ),
            ),
        ),
    ),
)

COVERAGE = Tracker(
    kind=Kind.COVERAGE,
    title="Principle coverage",
    description=(
        "The five national CCPL principles and which development themes address them, as a matrix: themes as "
        "rows, principles as columns, 'Primary' or 'Supporting' in a cell (a tick counts as Primary)."
    ),
    file_stem="principle_coverage",
    signature_sheet="Coverage",
    sheets=(
        _about(),
        Sheet(
            name="Principles",
            description="One row per national principle.",
            columns=(
                Column(
                    "principle",
                    "Principle",
                    ColumnType.INTEGER,
                    "The principle's number.",
                    "1",
                    unique=True,
                    aliases=("Principle number", "Number", "No"),
                    width=10,
                ),
                Column(
                    "title",
                    "Title",
                    ColumnType.TEXT,
                    "A short label, taken from the principle's own words.",
                    "Leaders integrated into decision-making",
                    width=30,
                ),
                Column(
                    "text",
                    "Principle text",
                    ColumnType.TEXT,
                    "The principle as the national guidance states it.",
                    "Ensure that the full range of clinical and professional leaders ...",
                    aliases=("Text",),
                    width=70,
                ),
                Column(
                    "detail",
                    "Detail",
                    ColumnType.TEXT,
                    "The guidance's points under the principle; one line per point.",
                    "Work equally with local government, social care and other partners.",
                    required=False,
                    blank="ok",
                    width=70,
                ),
            ),
        ),
        Sheet(
            name="Coverage",
            description=(
                "One row per theme; one column per principle headed 'Principle 1' to 'Principle 5'. Mark "
                "'Primary' or 'Supporting' (a tick, Y, Yes or 1 counts as Primary); leave blank for none."
            ),
            columns=(
                Column(
                    "theme_id",
                    "Theme ID",
                    ColumnType.ID,
                    "The theme's code, as on the framework tracker's Themes sheet.",
                    "T4",
                    unique=True,
                    width=10,
                ),
                Column(
                    "theme",
                    "Theme",
                    ColumnType.TEXT,
                    "The theme's name, for readability.",
                    "Leadership Roles",
                    required=False,
                    blank="ok",
                    width=24,
                ),
                Column(
                    "basis",
                    "Basis",
                    ColumnType.TEXT,
                    "Why the marks are as they are.",
                    "Assumption: assigned from the theme's content",
                    required=False,
                    blank="ok",
                    width=50,
                ),
            ),
        ),
    ),
)

COVERAGE_COLUMN_PREFIX = "Principle "
"""Coverage matrix columns are headed 'Principle N' (also accepted: 'PN' or 'N')."""

ENGAGEMENT = Tracker(
    kind=Kind.ENGAGEMENT,
    title="Engagement events",
    description=(
        "System engagement events with attendance and volunteers, and optionally who attended by "
        "organisation type and by profession."
    ),
    file_stem="engagement_events",
    signature_sheet="Events",
    sheets=(
        _about(),
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

ACTION_STATUS_SYNONYMS: dict[str, str] = {
    "closed": "Done",
    "complete": "Done",
    "completed": "Done",
    "done": "Done",
    "in progress": "Open",
    "ongoing": "Open",
    "cancelled": "Dropped",
    "canceled": "Dropped",
    "withdrawn": "Dropped",
    "unknown": "Not recorded",
}

ACTIONS = Sheet(
    name="Actions",
    description=(
        "Optional: the follow-ups CPLG asked for, one row per action, each tied to the agenda item that set "
        "it. Open actions are the matters arising at the next meeting."
    ),
    required=False,
    aliases=("Action log", "Actions log"),
    columns=(
        Column(
            "action_id", "Action ID", ColumnType.ID, "A short code, unique.", "CA03", unique=True, width=10
        ),
        Column(
            "item_id",
            "Item ID",
            ColumnType.ID,
            "The agenda item it came from, as on the Agenda items sheet.",
            "C02",
            aliases=("Agenda item", "From item"),
            width=9,
        ),
        Column(
            "action",
            "Action",
            ColumnType.TEXT,
            "What is to be done, in the words of the recommendation or the minutes.",
            "DM was asked to refine the tool based on CPLG feedback and return to CPLG once developed further.",
            width=60,
        ),
        Column(
            "owner",
            "Owner",
            ColumnType.TEXT,
            "Who is to do it. Leave blank if nobody was named.",
            "Dom Moore (DM)",
            blank="ok",
            aliases=("Lead", "Who"),
            width=24,
        ),
        Column(
            "due",
            "Due",
            ColumnType.TEXT,
            f"When it is due: a date, or '{NEXT_MEETING}' for the meeting after the one that set it. Leave "
            "blank if no date was set.",
            "Next meeting",
            required=False,
            blank="ok",
            aliases=("Due date", "By"),
            width=14,
        ),
        Column(
            "status",
            "Status",
            ColumnType.CHOICE,
            "Where it stands. 'Not recorded' means the follow-up was never logged.",
            "Open",
            allowed=ACTION_STATUSES,
            synonyms=ACTION_STATUS_SYNONYMS,
            width=14,
        ),
        Column(
            "update",
            "Update",
            ColumnType.TEXT,
            "The latest news on it, e.g. what was reported back and when.",
            "Returned to CPLG on 20/09/2022 with an amended pathway",
            required=False,
            blank="ok",
            aliases=("Progress", "Notes"),
            width=50,
        ),
        Column(
            "basis",
            "Basis",
            ColumnType.TEXT,
            "Where the action comes from, and any assumption made in recording it.",
            "Assumption: read from the recommendation",
            required=False,
            blank="ok",
            aliases=("Source",),
            width=40,
        ),
    ),
)
"""The CPLG tracker's action log (optional, so agenda logs from before it existed still load)."""

CPLG = Tracker(
    kind=Kind.CPLG,
    title="CPLG agenda log",
    description=(
        "Every item on the agenda of the Clinical and Professional Leadership Group: what was presented, by "
        "whom, what CPLG recommended, the outcome category and the themes it bears on; optionally the actions "
        "each item set and where they stand."
    ),
    file_stem="cplg_agenda_log",
    signature_sheet="Agenda items",
    sheets=(
        _about(),
        Sheet(
            name="Agenda items",
            description="One row per agenda item.",
            aliases=("Agenda", "Agenda log"),
            columns=(
                Column(
                    "item_id", "Item ID", ColumnType.ID, "A short code, unique.", "C07", unique=True, width=9
                ),
                Column(
                    "meeting_date",
                    "Meeting date",
                    ColumnType.DATE,
                    "The date of the CPLG meeting.",
                    "20/09/2022",
                    aliases=("Date",),
                    fill_down=True,
                    width=12,
                ),
                Column(
                    "item",
                    "Item",
                    ColumnType.TEXT,
                    "The agenda item's title. Use the same title when an item comes back.",
                    "Headache Pathway",
                    width=30,
                ),
                Column(
                    "facet",
                    "Facet",
                    ColumnType.CHOICE,
                    "The agenda facet (used from August 2022).",
                    "ICB (NHS)",
                    allowed=FACETS,
                    synonyms=FACET_SYNONYMS,
                    required=False,
                    blank="ok",
                    aliases=("Agenda facet", "Agenda 'facet'"),
                    width=16,
                ),
                Column(
                    "presenter",
                    "Presenter",
                    ColumnType.TEXT,
                    "Who presented, with their role.",
                    "Dom Moore, Deputy Chief Pharmacist (UHDB)",
                    blank="warning",
                    width=30,
                ),
                Column(
                    "overview",
                    "Overview",
                    ColumnType.TEXT,
                    "What was presented.",
                    "Amendments made to pathway since initially being presented",
                    blank="ok",
                    width=50,
                ),
                Column(
                    "recommendation",
                    "Recommendation",
                    ColumnType.TEXT,
                    "What CPLG recommended or decided.",
                    "CPLG noted the pathways but further development was required",
                    blank="warning",
                    aliases=("CPLG recommendations", "CPLG recommendation", "Recommendations"),
                    width=60,
                ),
                Column(
                    "outcome",
                    "Outcome",
                    ColumnType.CHOICE,
                    "The outcome category. Leave blank to have it read from the recommendation.",
                    "Further work",
                    allowed=OUTCOMES,
                    synonyms={"agreed": "Supported", "endorsed": "Supported", "rejected": "Not supported"},
                    required=False,
                    blank="ok",
                    width=14,
                ),
                Column(
                    "theme_ids",
                    "Theme IDs",
                    ColumnType.ID_LIST,
                    "The development themes the item bears on, as codes separated by commas.",
                    "T8, T4",
                    required=False,
                    blank="ok",
                    aliases=("Themes",),
                    width=12,
                ),
                Column(
                    "notes",
                    "Notes",
                    ColumnType.TEXT,
                    "Anything else, such as the basis of the theme link.",
                    "Theme link assumed from the item's content",
                    required=False,
                    blank="ok",
                    width=40,
                ),
            ),
        ),
        ACTIONS,
    ),
)

LEVEL_SCALE_NOTE = (
    "Assumption: the default scale (" + ", ".join(name for _, name, _ in DEFAULT_LEVEL_SCALE) + ") is this "
    "dashboard's plain starting point, not a national standard (there is none). Reword the names and "
    "descriptors to suit; keep the level numbers 1 to 4."
)
"""Said on the Levels sheet, in the template's guide and in docs/trackers.md."""

ASSESSMENT = Tracker(
    kind=Kind.ASSESSMENT,
    title="Principles self-assessment",
    description=(
        "Optional. Where the system stands on each of the five national principles: one row per principle per "
        "assessment round, with the level, the rationale, the evidence (ids of achievements, priorities, CPLG "
        "agenda items and events), who assessed it, an optional peer-review level and an optional target. "
        "Keep every round in the one file (or record a round on the dashboard's form): the dashboard shows "
        "how each principle moved from round to round. " + LEVEL_SCALE_NOTE
    ),
    file_stem="principles_assessment",
    signature_sheet="Assessments",
    sheets=(
        _about(),
        Sheet(
            name="Assessments",
            description="One row per principle per assessment round.",
            aliases=("Assessment", "Self-assessment"),
            columns=(
                Column(
                    "assessment_date",
                    "Assessment date",
                    ColumnType.DATE,
                    "The date of the assessment round (all the principles assessed together share it).",
                    "12/03/2024",
                    aliases=("Date", "Assessed on"),
                    fill_down=True,
                    width=14,
                ),
                Column(
                    "principle",
                    "Principle",
                    ColumnType.INTEGER,
                    "The national principle's number, 1 to 5.",
                    "1",
                    aliases=("Principle number",),
                    width=10,
                ),
                Column(
                    "level",
                    "Level",
                    ColumnType.INTEGER,
                    "The level reached, on the scale of the Levels sheet (1 to 4).",
                    "2",
                    width=8,
                ),
                Column(
                    "rationale",
                    "Rationale",
                    ColumnType.TEXT,
                    "Why this level: what is in place, and what is missing for the next.",
                    "CPLG chair sits on the ICB and ICP; place alliances not yet linked",
                    width=60,
                ),
                Column(
                    "evidence",
                    "Evidence",
                    ColumnType.ID_LIST,
                    "Ids of achievements, priorities, CPLG agenda items and events, separated by commas.",
                    "A07, P12, C23, E02",
                    required=False,
                    blank="warning",
                    width=24,
                ),
                Column(
                    "assessed_by",
                    "Assessed by",
                    ColumnType.TEXT,
                    "The group that made the assessment.",
                    "CPLG SLT",
                    blank="warning",
                    width=18,
                ),
                Column(
                    "peer_level",
                    "Peer review level",
                    ColumnType.INTEGER,
                    "Optional: the level a peer reviewer gave.",
                    "2",
                    required=False,
                    blank="ok",
                    aliases=("Peer level",),
                    width=10,
                ),
                Column(
                    "peer_reviewer",
                    "Peer reviewer",
                    ColumnType.TEXT,
                    "Who gave the peer-review level (required when there is one).",
                    "Neighbouring ICS CCPL lead",
                    required=False,
                    blank="ok",
                    width=20,
                ),
                Column(
                    "target_level",
                    "Target level",
                    ColumnType.INTEGER,
                    "Optional: the level aimed for.",
                    "3",
                    required=False,
                    blank="ok",
                    width=10,
                ),
                Column(
                    "target_date",
                    "Target date",
                    ColumnType.DATE,
                    "Optional: when the target level should be reached (after the assessment date).",
                    "31/03/2025",
                    required=False,
                    blank="ok",
                    width=12,
                ),
            ),
        ),
        Sheet(
            name="Levels",
            description="The scale: one row per level, with a name and a descriptor. " + LEVEL_SCALE_NOTE,
            required=False,
            columns=(
                Column(
                    "level",
                    "Level",
                    ColumnType.INTEGER,
                    "The level's number, 1 to 4.",
                    "1",
                    unique=True,
                    width=8,
                ),
                Column(
                    "name", "Name", ColumnType.TEXT, "The level's name.", DEFAULT_LEVEL_SCALE[0][1], width=16
                ),
                Column(
                    "descriptor",
                    "Descriptor",
                    ColumnType.TEXT,
                    "What the level looks like in practice.",
                    DEFAULT_LEVEL_SCALE[0][2],
                    blank="warning",
                    width=70,
                ),
            ),
        ),
    ),
)

LEVEL_RANGE: tuple[int, int] = (min(LEVELS), max(LEVELS))

TRACKERS: dict[Kind, Tracker] = {t.kind: t for t in (FRAMEWORK, COVERAGE, ENGAGEMENT, CPLG, ASSESSMENT)}

OPTIONAL_KINDS: frozenset[Kind] = frozenset({Kind.ASSESSMENT})
"""Trackers the dashboard works without (nothing is shown for them until one is stored)."""

EARLIEST_PLAUSIBLE_YEAR = 2015
"""Dates before this year are flagged: CCPL and ICSs postdate it."""
OUTLIER_YEARS = 3
"""A date further than this from the middle of its column is flagged as a likely typing slip."""
