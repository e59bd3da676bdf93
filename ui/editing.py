"""Streamlit glue for editing trackers in the app: the editable table's columns from the schema, the preview.

The allowed values, headings and help come from the tracker formats (loaders/formats/), so the table offers what the tracker
accepts; what is then accepted is decided by the loader itself (services/edits.py), never here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from domain import Kind
from formatting import count
from loaders.cell_values import EXCEL_MAX_TEXT
from loaders.column_types import column_type
from loaders.loaded import LoadedTracker
from metrics.diff import TrackerDiff
from services.edits import UPDATE_FIELDS, editable_sheet
from services.trackers import load_version
from ui.components import md, show_table
from ui.data import app_store

CHANGE_LABELS = {
    "record": "Id",
    "field": "Field",
    "before": "Before",
    "after": "After",
    "who": "Who",
    "when": "When (UTC)",
    "version": "Version",
    "reason": "Reason given",
    "started_from": "When you started",
    "they_saved": "They saved",
    "saved_by": "Saved by",
    "you_saved": "You saved",
}


TEXT_LIMIT = f"At most {count(EXCEL_MAX_TEXT, 'character')} (a workbook cell's limit)."


WORDING_FIELD: dict[Kind, str] = {Kind.FRAMEWORK: "priority", Kind.CPLG: "action"}
"""The column that says what a row is: shown beside its id (read-only unless 'Edit wording' is on)."""
BLANK = ""
"""What the table shows for a missing value (Streamlit's default is the word 'None')."""


EDITOR_CLASSES: dict[str, Any] = {
    "select": st.column_config.SelectboxColumn,
    "date": st.column_config.DateColumn,
    "number": st.column_config.NumberColumn,
    "checkbox": st.column_config.CheckboxColumn,
    "text": st.column_config.TextColumn,
}
"""Streamlit's column class for each neutral editor widget of loaders.column_types (EDITOR_WIDGETS)."""


def column_order(kind: Kind) -> list[str]:
    """The id and the row's wording, then what a periodic update changes (status first), then the rest."""
    keys = [c.key for c in editable_sheet(kind).columns]
    first = [keys[0], WORDING_FIELD[kind], *UPDATE_FIELDS[kind]]
    return first + [k for k in keys if k not in first]


def column_config(kind: Kind, wording: bool) -> tuple[dict[str, Any], list[str]]:
    """The editable table's column settings from the schema, and the columns locked for this mode."""
    config: dict[str, Any] = {}
    locked = []
    for column in editable_sheet(kind).columns:
        common = {"label": column.header, "help": column.description, "required": column.blank == "error"}
        editor = column_type(column).editor(column)
        if editor.widget == "text":
            # The limit is said where she types; longer text is refused by the service, never cut (max_chars
            # would cut a paste in the browser without a word).
            common["help"] = f"{column.description} {TEXT_LIMIT}".strip()
            shown_wide = column.key in UPDATE_FIELDS[kind] or column.key == WORDING_FIELD[kind]
            common["width"] = "large" if column.width >= 40 and shown_wide else "medium"
        config[column.key] = EDITOR_CLASSES[editor.widget](**editor.settings, **common)
        if not wording and column.key not in UPDATE_FIELDS[kind]:
            locked.append(column.key)
    return config, locked


MAX_PASTED_ROWS = 10_000
"""The most rows one paste may add to the editable table (the large test set has 2,000 priorities); more are
refused with a message, as a tracker that large is better uploaded as a workbook."""
TAKEN_FROM = 20
"""From this many added rows on, the page takes the grid's pending edits into its own draft table at once
(apply_grid_edits) and shows a new grid over it: Streamlit's editor adds pending rows one by one, copying the
whole frame for each, on every rerun (seconds for 1,000 rows, minutes for 5,000)."""


def pasted_rows(state: Mapping[str, Any] | None) -> int:
    """How many rows the grid's pending edits add (its session-state value, read before the grid is drawn)."""
    if not isinstance(state, Mapping) or not isinstance(state.get("added_rows"), list):
        return 0
    return len(state["added_rows"])


def too_many_pasted(count_: int) -> str:
    return (
        f"{count_:,} rows were pasted; at most {MAX_PASTED_ROWS:,} rows can be added at once. Nothing was "
        "added: paste them in parts, or upload the tracker as a workbook (Upload page)."
    )


def apply_grid_edits(table: pd.DataFrame, state: Mapping[str, Any]) -> pd.DataFrame:
    """`table` with the grid's pending edits applied as the data editor applies them (cell edits by row
    position, then deletions, then additions), but the added rows in one step, not one frame copy per row.

    Values are read into each column's type as the grid sends them (dates as ISO text, numbers, booleans); a
    value that is not of its column's type is left blank, as the grid itself would. `table` is not changed.
    """
    result = table.copy()
    columns = {name: position for position, name in enumerate(result.columns)}
    for row, cells in (state.get("edited_rows") or {}).items():
        position = _position(row)
        if not isinstance(cells, Mapping) or not 0 <= position < len(result):
            continue
        for name, value in cells.items():
            if name in columns:
                column = result.iloc[:, columns[name]]
                result.iloc[position, columns[name]] = _typed(pd.Series([value], dtype=object), column).iloc[
                    0
                ]
    deleted = sorted({p for p in map(_position, state.get("deleted_rows") or []) if 0 <= p < len(result)})
    result = result.drop(result.index[deleted])
    added = [row for row in state.get("added_rows") or [] if isinstance(row, Mapping)]
    if added:
        rows = pd.DataFrame(
            {
                name: _typed(pd.Series([row.get(name) for row in added], dtype=object), result[name])
                for name in result.columns
            }
        )
        result = pd.concat([result, rows], ignore_index=True)
    return result.reset_index(drop=True)


def _position(row: object) -> int:
    """A row position the grid sent (-1, so skipped, for anything that is not one)."""
    try:
        return int(row) if not isinstance(row, bool | float) else -1  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return -1


def _typed(values: pd.Series, like: pd.Series) -> pd.Series:
    """Values the grid sent, in the type of the column `like` (the types `for_editor` gives)."""
    values = values.where(values.notna(), None)
    if pd.api.types.is_datetime64_any_dtype(like.dtype):
        text = values.map(lambda v: v if isinstance(v, str) else None)
        return pd.to_datetime(text, errors="coerce", format="ISO8601").astype(like.dtype)
    if pd.api.types.is_bool_dtype(like.dtype):
        return values.map(lambda v: v is True or v == "true").astype(bool)
    if pd.api.types.is_float_dtype(like.dtype):
        return pd.to_numeric(
            values.map(lambda v: None if isinstance(v, bool) else v), errors="coerce"
        ).astype(like.dtype)
    return pd.Series([None if v is None else str(v) for v in values], index=values.index, dtype=object)


def for_editor(table: pd.DataFrame) -> pd.DataFrame:
    """The table in types the data editor handles: plain floats, plain booleans (blank flag = No), and text
    as Python objects, so that any text the browser sends reaches the service, which says what it refuses
    (an Arrow string column cannot hold a lone surrogate: Streamlit dropped such an edit with a log line)."""
    shown = table.copy()
    for name in shown.columns:
        if str(shown[name].dtype) == "boolean":
            shown[name] = shown[name].fillna(False).astype(bool)
        elif str(shown[name].dtype) == "Float64":
            shown[name] = shown[name].astype("float64")
        elif str(shown[name].dtype) in {"string", "str"}:
            shown[name] = shown[name].astype(object).where(shown[name].notna(), None)
    return shown


@st.cache_data(max_entries=4, show_spinner="Loading the version you started from…")
def _stored_version(version_id: int, latest_version: int) -> LoadedTracker:
    store = app_store()
    return load_version(store, store.version(version_id))


def started_from(version_id: int, current: LoadedTracker) -> LoadedTracker:
    """The version an editor started from: the current one, or if another was stored since, that older one."""
    if current.version_id == version_id:
        return current
    return _stored_version(version_id, app_store().latest_id())


def show_change_preview(change: TrackerDiff, key: str, as_at: pd.Timestamp | None) -> None:
    """What storing would change against what is current: the same preview for an upload and an edit."""
    when = f"as at {as_at.day} {as_at:%B %Y}" if as_at is not None else ""
    if change.new_snapshot:
        st.markdown(f"A **new framework snapshot** {when}, compared here with the snapshot it follows.")
    else:
        st.markdown(f"Replaces the current version ({when}). What changes:")
    st.markdown("\n".join(f"- {md(line)}" for line in change.sentences()))
    moves = change.status_changes
    if not moves.empty:
        listed = "; ".join(
            f"{r.priority_id} {'new' if pd.isna(r.before) else r.before} → {'removed' if pd.isna(r.after) else r.after}"
            for r in moves.head(20).itertuples()
        )
        more = f"; and {len(moves) - 20:,} more (all in the table below)" if len(moves) > 20 else ""
        st.markdown(f"**Priority status changes:** {md(listed)}{more}.")
        show_table(
            moves,
            f"moves_{key}",
            ["priority_id", "priority", "before", "after", "change"],
            title="Priority status changes",
        )


def show_changes(frame: pd.DataFrame, key: str, columns: list[str], empty: str | None = None) -> None:
    show_table(frame, key, columns, labels=CHANGE_LABELS, empty=empty, downloads=False)
