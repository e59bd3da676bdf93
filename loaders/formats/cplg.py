"""The CPLG tracker: the agenda log of the Clinical and Professional Leadership Group and its action log."""

from __future__ import annotations

import pandas as pd

from domain import (
    ACTION_STATUSES,
    FACETS,
    NEXT_MEETING,
    OUTCOMES,
    Kind,
)
from loaders import parse
from loaders.formats.base import Format
from loaders.formats.checks import blank_id_rows, check_references, id_pairs
from loaders.loaded import LoadedTracker
from loaders.outcomes import classify_outcome
from loaders.problems import Severity
from loaders.spec import Column, ColumnType, Sheet, Tracker, about_sheet
from loaders.validate import ROW, SheetReporter, SheetResult, empty_frame

FACETS_INTRODUCED = pd.Timestamp("2022-08-01")
"""CPLG agendas were organised into facets from August 2022; earlier items have none."""


FACET_SYNONYMS: dict[str, str] = {
    "icb": "ICB (NHS)",
    "icb/nhs": "ICB (NHS)",
    "nhs": "ICB (NHS)",
    "ccpl developments": "CCPL Development",
    "ccpl": "CCPL Development",
}


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
    title=Kind.CPLG.title,
    description=(
        "Every item on the agenda of the Clinical and Professional Leadership Group: what was presented, by "
        "whom, what CPLG recommended, the outcome category and the themes it bears on; optionally the actions "
        "each item set and where they stand."
    ),
    file_stem="cplg_agenda_log",
    signature_sheet="Agenda items",
    sheets=(
        about_sheet(),
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


def _check_cplg(loaded: LoadedTracker, results: dict[str, SheetResult]) -> None:
    agenda = results["agenda_items"]
    frame = agenda.frame
    loaded.tables["agenda_themes"] = id_pairs(frame, "item_id", "theme_ids", "theme_id")
    _check_actions(loaded, results, set(frame["item_id"].dropna()), blank_id_rows(frame, "item_id"))
    if frame.empty:
        return
    report = SheetReporter(loaded.file_name, "Agenda items")
    missing = frame["outcome"].isna() & frame["recommendation"].notna()
    if missing.any():
        inferred = frame.loc[missing, "recommendation"].map(classify_outcome)
        categories = frame["outcome"].cat.categories
        frame["outcome"] = frame["outcome"].astype("string").fillna(inferred.astype("string"))
        frame["outcome"] = pd.Categorical(frame["outcome"], categories=categories)
        rows = ", ".join(str(r) for r in frame.loc[missing, ROW].head(20))
        report.add(
            Severity.WARNING,
            "outcome_inferred",
            f"The outcome was blank in {int(missing.sum())} rows ({rows}) and has been read from the "
            "recommendation.",
            "Check the outcomes shown on the CPLG page, and fill in the Outcome column to fix them.",
            column="Outcome",
        )
    undated_facet = frame["facet"].isna() & frame["meeting_date"].notna()
    before = undated_facet & (frame["meeting_date"] < FACETS_INTRODUCED)
    if before.any():
        report.add(
            Severity.WARNING,
            "facet_not_recorded",
            f"{int(before.sum())} items from before August 2022 have no facet: facets were introduced then, "
            "so these items are shown as 'No facet'.",
            "Nothing to do unless you want to assign facets to the earlier items.",
            column="Facet",
        )
    after = undated_facet & ~before
    report.add_rows(
        Severity.WARNING,
        "blank",
        frame.loc[after, ROW],
        frame.loc[after, "facet"],
        "Facet",
        "The facet is blank for an item from August 2022 onwards.",
        "Choose the facet: ICB (NHS), ICP or CCPL Development.",
    )
    loaded.problems.extend(report.problems)
    loaded.tables["agenda_themes"] = id_pairs(frame, "item_id", "theme_ids", "theme_id")


def _with_due(actions: pd.DataFrame, due_dates: pd.Series) -> pd.DataFrame:
    """Actions with their due cell read: 'due_date' (a date) and 'due_next_meeting' (due at the next meeting)."""
    next_meeting = actions["due"].astype("string").str.strip().str.lower() == NEXT_MEETING.lower()
    return actions.assign(
        due_date=due_dates.reindex(actions.index).astype("datetime64[ns]"),
        due_next_meeting=next_meeting.fillna(False).astype(bool),
    )


def _check_actions(
    loaded: LoadedTracker, results: dict[str, SheetResult], items: set[str], blank_items: list[int]
) -> None:
    """Every action names an agenda item that exists, and is due on a date or at the next meeting."""
    actions = results["actions"]
    check_references(loaded, actions, ACTIONS, "item_id", items, "Agenda items", "agenda item", blank_items)
    frame = actions.frame
    due_text = frame["due"].astype("string").str.strip()
    next_meeting = due_text.str.lower() == NEXT_MEETING.lower()
    dates, bad = parse.parse_dates(due_text.where(~next_meeting.fillna(False)))
    report = SheetReporter(loaded.file_name, "Actions")
    report.add_rows(
        Severity.ERROR,
        "bad_due",
        frame.loc[bad, ROW],
        frame.loc[bad, "due"],
        actions.label(ACTIONS.column("due")),
        f"'{{value}}' is neither a date nor '{NEXT_MEETING}'.",
        f"Type the date as day/month/year, e.g. 31/05/2023, or '{NEXT_MEETING}', or leave it blank.",
    )
    loaded.problems.extend(report.problems)
    loaded.tables["actions"] = _with_due(frame, dates)


FORMAT = Format(
    CPLG,
    _check_cplg,
    {
        "agenda_themes": lambda: pd.DataFrame(
            {"item_id": pd.Series(dtype="string"), "theme_id": pd.Series(dtype="string")}
        ),
        "actions": lambda: _with_due(empty_frame(ACTIONS), pd.Series(dtype="datetime64[ns]")),
    },
)
