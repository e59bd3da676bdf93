"""The principles self-assessment tracker: a level per principle per round, on a scale of levels."""

from __future__ import annotations

import pandas as pd

from domain import (
    DEFAULT_LEVEL_SCALE,
    LEVELS,
    PRINCIPLE_NUMBERS,
    Kind,
)
from loaders.formats.base import Format
from loaders.loaded import LoadedTracker
from loaders.problems import Severity
from loaders.spec import Column, ColumnType, Sheet, Tracker, about_sheet
from loaders.validate import ROW, SheetReporter, SheetResult

LEVEL_SCALE_NOTE = (
    "Assumption: the default scale (" + ", ".join(name for _, name, _ in DEFAULT_LEVEL_SCALE) + ") is this "
    "dashboard's plain starting point, not a national standard (there is none). Reword the names and "
    "descriptors to suit; keep the level numbers 1 to 4."
)
"""Said on the Levels sheet, in the template's guide and in docs/trackers.md."""

ASSESSMENT = Tracker(
    kind=Kind.ASSESSMENT,
    title=Kind.ASSESSMENT.title,
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
        about_sheet(),
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


def default_levels() -> pd.DataFrame:
    """The default scale as a Levels table (used when a tracker's Levels sheet is missing or empty)."""
    return pd.DataFrame(
        {
            "level": pd.Series([n for n, _, _ in DEFAULT_LEVEL_SCALE], dtype="Int64"),
            "name": pd.Series([name for _, name, _ in DEFAULT_LEVEL_SCALE], dtype="string"),
            "descriptor": pd.Series([text for _, _, text in DEFAULT_LEVEL_SCALE], dtype="string"),
            ROW: pd.Series([pd.NA] * len(DEFAULT_LEVEL_SCALE), dtype="Int64"),
        }
    )


def _check_assessment(loaded: LoadedTracker, results: dict[str, SheetResult]) -> None:
    """The scale, then each row: level in the scale, a known principle, once per round, peer and target sane."""
    levels_result = results["levels"]
    levels = levels_result.frame
    level_sheet = ASSESSMENT.sheet("Levels")
    low, high = LEVEL_RANGE
    report = SheetReporter(loaded.file_name, "Levels")
    off_scale = levels["level"].notna() & ~levels["level"].between(low, high)
    report.add_rows(
        Severity.ERROR,
        "level_outside_scale",
        levels.loc[off_scale, ROW],
        levels.loc[off_scale, "level"],
        levels_result.label(level_sheet.column("level")),
        f"Level {{value}} is outside the scale: the levels are numbered {low} to {high}.",
        f"Keep the level numbers {low} to {high}; reword the names and descriptors instead.",
    )
    loaded.problems.extend(report.problems)
    if levels["level"].notna().sum() == 0:
        loaded.tables["levels"] = default_levels()
    scale = set(loaded.tables["levels"]["level"].dropna().astype(int)) & set(range(low, high + 1))

    result = results["assessments"]
    frame = result.frame
    if frame.empty:
        return
    sheet = ASSESSMENT.sheet("Assessments")
    report = SheetReporter(loaded.file_name, "Assessments")
    listed = ", ".join(str(n) for n in sorted(scale))
    for key, what in (
        ("level", "level"),
        ("peer_level", "peer-review level"),
        ("target_level", "target level"),
    ):
        bad = frame[key].notna() & ~frame[key].isin(scale)
        report.add_rows(
            Severity.ERROR,
            "level_outside_scale",
            frame.loc[bad, ROW],
            frame.loc[bad, key],
            result.label(sheet.column(key)),
            f"The {what} {{value}} is not on the scale (levels {listed}, see the Levels sheet).",
            f"Use one of the levels {listed}.",
        )
    principles = ", ".join(str(n) for n in PRINCIPLE_NUMBERS)
    unknown = frame["principle"].notna() & ~frame["principle"].isin(PRINCIPLE_NUMBERS)
    report.add_rows(
        Severity.ERROR,
        "unknown_principle",
        frame.loc[unknown, ROW],
        frame.loc[unknown, "principle"],
        result.label(sheet.column("principle")),
        "There is no principle {value}: the national guidance has five principles.",
        f"Use the principle's number, one of {principles}.",
    )
    dated = frame[frame["assessment_date"].notna() & frame["principle"].notna()]
    twice = dated.duplicated(["assessment_date", "principle"], keep="first")
    for _, row in dated[twice].iterrows():
        first = dated[
            (dated["assessment_date"] == row["assessment_date"]) & (dated["principle"] == row["principle"])
        ][ROW].iloc[0]
        report.add(
            Severity.ERROR,
            "principle_assessed_twice",
            f"Principle {row['principle']} is assessed twice on {row['assessment_date']:%d/%m/%Y} "
            f"(rows {first} and {row[ROW]}).",
            "Keep one row per principle per assessment date: delete or merge the duplicate.",
            row=int(row[ROW]),
            column=result.label(sheet.column("principle")),
            value=row["principle"],
        )
    early = (frame["target_date"] < frame["assessment_date"]).fillna(False).astype(bool)
    report.add_rows(
        Severity.ERROR,
        "target_before_assessment",
        frame.loc[early, ROW],
        frame.loc[early, "target_date"].dt.strftime("%d/%m/%Y"),
        result.label(sheet.column("target_date")),
        "The target date {value} is before the assessment date.",
        "Give a target date after the assessment date, or leave it blank.",
    )
    lonely = frame["peer_level"].notna() & frame["peer_reviewer"].isna()
    report.add_rows(
        Severity.ERROR,
        "peer_level_without_reviewer",
        frame.loc[lonely, ROW],
        frame.loc[lonely, "peer_level"],
        result.label(sheet.column("peer_reviewer")),
        "A peer-review level ({value}) is given without saying who the reviewer was.",
        "Name the peer reviewer, or clear the peer-review level.",
    )
    for date, round_rows in dated.groupby("assessment_date"):
        missing = sorted(set(PRINCIPLE_NUMBERS) - set(round_rows["principle"].astype(int)))
        if missing:
            listed = [str(n) for n in missing]
            names = listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]
            report.add(
                Severity.WARNING,
                "principle_not_assessed",
                f"The round of {date:%d/%m/%Y} does not assess principle{'s' if len(missing) > 1 else ''} "
                f"{names}, so the latest level shown for {'them' if len(missing) > 1 else 'it'} is from an "
                "earlier round (or none).",
                "Add a row for each of the five principles to every round.",
                column=result.label(sheet.column("principle")),
            )
    loaded.problems.extend(report.problems)


FORMAT = Format(ASSESSMENT, _check_assessment, {"levels": default_levels})
