"""A self-assessment round recorded on the dashboard's form, written as an assessment tracker workbook.

The form is a second door to the same store as an upload: the round is appended to the rounds already
stored, written with the same template writer as every tracker, and the bytes then go through the same loader
and checks as an uploaded file. So the stored version downloads as an ordinary xlsx.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from domain import Kind
from loaders.formats import TRACKERS
from loaders.parse import parse_dates
from loaders.spec import ABOUT_AS_AT, ABOUT_TRACKER
from loaders.templates import default_level_rows, write_workbook

FORM_SOURCE = "Recorded on the dashboard's assessment form"


def typed_date(text: str | None) -> dt.date | None:
    """A date typed on the form, read by the same rules as a date cell ('12/03/2024', '12 March 2024').

    Raises:
        ValueError: the text is not a date (the message says what to type).
    """
    if text is None or not str(text).strip():
        return None
    dates, bad = parse_dates(pd.Series([str(text)], dtype=object))
    if bad.iloc[0]:
        raise ValueError(f"'{text}' is not a date: type it as day/month/year, e.g. 12/03/2024.")
    return dates.iloc[0].date()


def _plain(value: Any) -> Any:
    """A cell value as the workbook writer wants it: None for blanks, dates as dates, whole numbers as int."""
    if value is None or (not isinstance(value, tuple) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item") and not isinstance(value, str):  # numpy and pandas scalars
        return value.item()
    return value


def table_rows(frame: pd.DataFrame, sheet: str) -> list[dict[str, Any]]:
    """A loaded table back into rows of its sheet (column key -> value), in the sheet's column order."""
    keys = [c.key for c in TRACKERS[Kind.ASSESSMENT].sheet(sheet).columns]
    return [{key: _plain(row.get(key)) for key in keys} for row in frame.to_dict("records")]


def file_name(assessment_date: dt.date) -> str:
    return f"{TRACKERS[Kind.ASSESSMENT].file_stem}_{assessment_date:%Y-%m-%d}.xlsx"


def round_workbook(
    stored: pd.DataFrame,
    levels: pd.DataFrame,
    new_round: Sequence[Mapping[str, Any]],
    assessment_date: dt.date,
    prepared_by: str,
) -> bytes:
    """The assessment tracker with every stored round plus `new_round` (rows keyed by column key).

    Args:
        stored: the current assessment tracker's Assessments table (empty when there is none).
        levels: its Levels table (the default scale when there is none).
        new_round: one mapping per principle assessed: principle, level, rationale, evidence (ids),
            assessed_by, peer_level, peer_reviewer, target_level, target_date. The date is added.
        assessment_date: the round's date; also the workbook's 'As at' date.
        prepared_by: who recorded it.
    """
    rows = table_rows(stored, "Assessments") if not stored.empty else []
    rows += [{**dict(row), "assessment_date": assessment_date} for row in new_round]
    level_rows = table_rows(levels, "Levels") if not levels.empty else default_level_rows()
    buffer = io.BytesIO()
    write_workbook(
        Kind.ASSESSMENT,
        buffer,
        about={
            ABOUT_TRACKER: TRACKERS[Kind.ASSESSMENT].title,
            ABOUT_AS_AT: assessment_date,
            "Prepared by": prepared_by,
            "Source": FORM_SOURCE,
        },
        rows={"Assessments": rows, "Levels": level_rows},
    )
    return buffer.getvalue()
