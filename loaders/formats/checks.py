"""Cross-sheet checks shared by the tracker formats: references between sheets, lists of ids."""

from __future__ import annotations

import pandas as pd

from loaders.loaded import LoadedTracker
from loaders.problems import Severity
from loaders.spec import Sheet
from loaders.validate import ROW, SheetReporter, SheetResult


def check_references(
    loaded: LoadedTracker,
    result: SheetResult,
    sheet: Sheet,
    key: str,
    known: set[str],
    target: str,
    label: str,
    blank_rows: list[int] | None = None,
) -> None:
    """Report rows whose `key` id is not among `known` (e.g. a priority's theme that does not exist).

    `blank_rows`: the rows of the target sheet whose id is blank (each reported there), named in the fix: a
    reference to an event whose id was left blank is found once that id is filled in.
    """
    frame = result.frame
    if frame.empty or key not in frame:
        return
    unknown = frame[key].notna() & ~frame[key].isin(known)
    if not unknown.any():
        return
    report = SheetReporter(loaded.file_name, sheet.name)
    column = sheet.column(key)
    listed = ", ".join(sorted(str(k) for k in known if not pd.isna(k))) or "none"
    fix = f"Use one of the codes there ({listed}), or add the {label} to the {target} sheet first."
    if blank_rows:
        one = len(blank_rows) == 1
        fix += (
            f" {rows_in_words(blank_rows).capitalize()} of the {target} sheet {'has' if one else 'have'} no "
            f"{column.header}: fill {'it' if one else 'them'} in."
        )
    report.add_rows(
        Severity.ERROR,
        "unknown_reference",
        frame.loc[unknown, ROW],
        frame.loc[unknown, key],
        result.label(column),
        f"'{{value}}' is not a {label} on the {target} sheet.",
        fix,
    )
    loaded.problems.extend(report.problems)


def blank_id_rows(frame: pd.DataFrame, key: str) -> list[int]:
    """The sheet rows of `frame` whose `key` id is blank."""
    if frame.empty or key not in frame:
        return []
    return [int(r) for r in frame.loc[frame[key].isna(), ROW]]


def id_pairs(frame: pd.DataFrame, key: str, list_column: str, target: str) -> pd.DataFrame:
    """One row per (key, id) from a column of id tuples, e.g. (item_id, theme_id) from 'Theme IDs'."""
    lists = frame[list_column].map(lambda ids: ids if isinstance(ids, tuple) else ())
    pairs = [(k, i) for k, ids in zip(frame[key], lists, strict=True) for i in ids]
    return pd.DataFrame(pairs, columns=[key, target]).astype("string")


def first_few(ids: pd.Series, rows: pd.Series, shown: int = 10) -> str:
    """'E1, E2, E3 and 7 more': a list that stays readable however long the tracker.

    A blank id (reported on its own row) is named by its row, 'the event on row 4', never as 'nan'.
    """
    listed = [
        str(value) if not pd.isna(value) and str(value).strip() else f"the one on row {row}"
        for value, row in zip(ids.tolist(), rows.tolist(), strict=True)
    ]
    more = f" and {len(listed) - shown} more" if len(listed) > shown else ""
    return ", ".join(listed[:shown]) + more


def rows_in_words(rows: list[int]) -> str:
    """'row 4', 'rows 2 and 4', 'rows 2, 4 and 9'."""
    listed = [str(r) for r in rows]
    if len(listed) == 1:
        return f"row {listed[0]}"
    return "rows " + ", ".join(listed[:-1]) + " and " + listed[-1]
