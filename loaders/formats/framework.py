"""The framework tracker: themes, achievements and six-month priorities."""

from __future__ import annotations

from domain import (
    STATUSES,
    Kind,
)
from loaders.formats.base import Format
from loaders.formats.checks import blank_id_rows, check_references
from loaders.loaded import LoadedTracker
from loaders.problems import Severity
from loaders.spec import Column, ColumnType, Sheet, Tracker, about_sheet
from loaders.validate import ROW, SheetReporter, SheetResult

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
    title=Kind.FRAMEWORK.title,
    description=(
        "The eight CCPL framework development themes: what will be different, what has been achieved, and "
        "the six-month priorities with their owner, due date and status. Each file is a snapshot 'as at' "
        "the date on its About sheet; keep one file per board cycle."
    ),
    file_stem="framework",
    signature_sheet="Priorities",
    sheets=(
        about_sheet(),
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


def _check_framework(loaded: LoadedTracker, results: dict[str, SheetResult]) -> None:
    themes = set(results["themes"].frame["theme_id"].dropna())
    blank = blank_id_rows(results["themes"].frame, "theme_id")
    for key, name in (("achievements", "Achievements"), ("priorities", "Priorities")):
        check_references(
            loaded, results[key], FRAMEWORK.sheet(name), "theme_id", themes, "Themes", "theme", blank
        )
    priorities = results["priorities"]
    frame = priorities.frame
    if frame.empty:
        return
    report = SheetReporter(loaded.file_name, "Priorities")
    percent = frame["percent_complete"]
    status_column = priorities.label(FRAMEWORK.sheet("Priorities").column("status"))
    done_but_not_full = (frame["status"] == "Complete") & percent.notna() & (percent < 100)
    report.add_rows(
        Severity.WARNING,
        "status_percent_mismatch",
        frame.loc[done_but_not_full.fillna(False), ROW],
        frame.loc[done_but_not_full.fillna(False), "status"],
        status_column,
        "The status is Complete but the percent complete is below 100%.",
        "Set the percent complete to 100%, or choose the status that fits.",
    )
    full_not_done = (frame["status"] != "Complete") & frame["status"].notna() & (percent >= 100)
    report.add_rows(
        Severity.WARNING,
        "status_percent_mismatch",
        frame.loc[full_not_done.fillna(False), ROW],
        frame.loc[full_not_done.fillna(False), "status"],
        status_column,
        "The percent complete is 100% but the status is '{value}'.",
        "Set the status to Complete, or lower the percent complete.",
    )
    loaded.problems.extend(report.problems)


FORMAT = Format(FRAMEWORK, _check_framework)
