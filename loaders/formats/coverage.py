"""The coverage tracker: the five national principles and which themes address each."""

from __future__ import annotations

import re

import pandas as pd

from domain import (
    COVERAGE_MARKS,
    Kind,
)
from loaders.formats.base import Format
from loaders.loaded import LoadedTracker
from loaders.problems import Severity
from loaders.spec import Column, ColumnType, Sheet, Tracker, about_sheet
from loaders.validate import ROW, SheetReporter, SheetResult, empty_frame

PRIMARY_MARKS: frozenset[str] = frozenset({"primary", "p", "✓", "✔", "✔️", "☑", "y", "yes", "1", "x", "true"})
SUPPORTING_MARKS: frozenset[str] = frozenset({"supporting", "s", "support", "(✓)", "(✔)", "partial", "½"})


COVERAGE_COLUMN_PREFIX = "Principle "
"""Coverage matrix columns are headed 'Principle N' (also accepted: 'PN' or 'N')."""


_PRINCIPLE_COLUMN = re.compile(r"^(?:principle\s*|p)?\s*(\d{1,2})$", re.IGNORECASE)


COVERAGE = Tracker(
    kind=Kind.COVERAGE,
    title=Kind.COVERAGE.title,
    description=(
        "The five national CCPL principles and which development themes address them, as a matrix: themes as "
        "rows, principles as columns, 'Primary' or 'Supporting' in a cell (a tick counts as Primary)."
    ),
    file_stem="principle_coverage",
    signature_sheet="Coverage",
    sheets=(
        about_sheet(),
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


def _empty_coverage() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "theme_id": pd.Series(dtype="string"),
            "principle": pd.Series(dtype="Int64"),
            "strength": pd.Categorical([], categories=list(COVERAGE_MARKS)),
            ROW: pd.Series(dtype="Int64"),
        }
    )


def _check_coverage(loaded: LoadedTracker, results: dict[str, SheetResult]) -> None:
    """Turn the themes-by-principles matrix into one row per mark, checking marks and principles."""
    coverage = results["coverage"]
    principles = set(results["principles"].frame["principle"].dropna().astype(int))
    report = SheetReporter(loaded.file_name, "Coverage")
    frame = coverage.frame
    long_rows: list[pd.DataFrame] = []
    principle_columns = {
        header: int(m.group(1)) for header in coverage.extra_columns if (m := _PRINCIPLE_COLUMN.match(header))
    }
    for header, number in principle_columns.items():
        marks = frame[header].astype("string").str.strip().str.lower()
        primary = marks.isin(PRIMARY_MARKS).fillna(False)
        supporting = marks.isin(SUPPORTING_MARKS).fillna(False)
        bad = marks.notna() & ~primary & ~supporting
        report.add_rows(
            Severity.ERROR,
            "bad_mark",
            frame.loc[bad, ROW],
            frame.loc[bad, header],
            header,
            "'{value}' is not a coverage mark.",
            f"Use {' or '.join(COVERAGE_MARKS)} (a tick, Y, Yes or 1 counts as Primary), or leave it blank.",
        )
        if (primary | supporting).any() and number not in principles:
            report.add(
                Severity.ERROR,
                "unknown_principle",
                f"The column '{header}' marks themes against principle {number}, but the Principles sheet has "
                f"no principle {number}.",
                "Correct the column heading, or add the principle to the Principles sheet.",
                column=header,
            )
            continue
        strength = pd.Series(pd.NA, index=frame.index, dtype="string").mask(primary, "Primary")
        strength = strength.mask(supporting, "Supporting")
        marked = frame[primary | supporting]
        long_rows.append(
            pd.DataFrame(
                {
                    "theme_id": marked["theme_id"],
                    "principle": pd.Series(number, index=marked.index, dtype="Int64"),
                    "strength": pd.Categorical(strength[marked.index], categories=list(COVERAGE_MARKS)),
                    ROW: marked[ROW],
                }
            )
        )
    if not frame.empty or principles:
        for number in sorted(principles - set(principle_columns.values())):
            report.add(
                Severity.WARNING,
                "principle_without_column",
                f"Principle {number} has no column on the Coverage sheet, so no theme is shown against it.",
                f"Add a column headed 'Principle {number}' and mark the themes that address it.",
            )
    loaded.problems.extend(report.problems)
    long = pd.concat(long_rows, ignore_index=True) if long_rows else _empty_coverage()
    loaded.tables["coverage_matrix"] = frame.drop(columns=list(principle_columns))
    loaded.tables["coverage"] = long.sort_values(["theme_id", "principle"], ignore_index=True)


FORMAT = Format(
    COVERAGE,
    _check_coverage,
    {"coverage": _empty_coverage, "coverage_matrix": lambda: empty_frame(COVERAGE.sheet("Coverage"))},
)
