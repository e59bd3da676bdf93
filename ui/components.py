"""Building blocks the pages share: header, charts with their text alternative, tables and empty states."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from charts.palette import status_label
from formatting import long_date  # noqa: F401  (pages import it from here)
from loaders.problems import PROBLEM_LABELS, Problem, problems_frame
from metrics.labels import label
from metrics.view import View
from ui.exports import download_buttons

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(value: object) -> str:
    """Tracker text (or a file name) made literal for st.markdown: links, images, emphasis, LaTeX and emoji
    codes typed into a tracker show as typed instead of being rendered."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(value))


PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"], "responsive": True}


def page_header(title: str, view: View, intro: str | None = None) -> None:
    """The page title, the 'as at' date and snapshot in force, and the filters applied."""
    st.title(title)
    parts = []
    if view.as_at is not None:
        parts.append(f"As at **{long_date(view.as_at)}**")
    if view.snapshot_date is not None and view.snapshot_date != view.as_at:
        parts.append(f"framework snapshot of {long_date(view.snapshot_date)}")
    if view.previous is not None:
        parts.append(f"compared with the snapshot of {long_date(view.previous.as_at)}")
    if parts:
        st.markdown(" · ".join(parts))
    described = view.filters.describe({key: md(name) for key, name in view.theme_names.items()})
    if described:
        st.markdown(
            "Filtered: " + "; ".join(described) + ". Use *Clear filters* in the sidebar to see everything."
        )
    if intro:
        st.markdown(intro)


def show_chart(fig: go.Figure, sentence: str, table: pd.DataFrame, key: str, **kwargs: object) -> object:
    """A chart, the sentence that says what it shows, and its figures as a table behind an expander."""
    # theme=None: keep the figure's own NHS colours and dark text (Streamlit's theme greys the labels)
    event = st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG, theme=None, **kwargs)
    st.markdown(sentence)
    with st.expander("The figures behind this chart"):
        show_table(table, key=f"{key}_figures")
    return event


def show_table(
    frame: pd.DataFrame,
    key: str,
    columns: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
    height: int | str = "auto",
    empty: str | None = None,
    title: str | None = None,
    downloads: bool = True,
) -> None:
    """A table with plain-English headings (metrics.labels), dates as dates and statuses with their icon.

    Args:
        frame: the rows; columns whose names start with '_' are never shown.
        key: the widget key.
        columns: which columns to show, in order (default: all).
        labels: headings that differ from the standard ones for this table.
        height: passed to st.dataframe.
        empty: if given and there are no rows, this message is shown instead (say what to add to which tracker).
        title: what the table is, for its download file names (default: from the key).
        downloads: offer CSV and Excel downloads of exactly these rows and columns.
    """
    if frame.empty and empty:
        empty_state(empty)
        return
    shown = frame[
        [c for c in (columns or frame.columns) if c in frame.columns and not str(c).startswith("_")]
    ]
    shown = shown.copy()
    blank_dates = [
        c for c in shown if pd.api.types.is_datetime64_any_dtype(shown[c]) and shown[c].isna().all()
    ]
    shown = shown.drop(columns=blank_dates)  # a date column with nothing in it says nothing
    if "status" in shown:
        shown["status"] = shown["status"].map(status_label)
    for column in shown.columns:
        if pd.api.types.is_bool_dtype(shown[column]) or str(shown[column].dtype) == "boolean":
            shown[column] = shown[column].map({True: "Yes", False: "No"}).fillna("")
        elif shown[column].dtype == object and shown[column].map(lambda v: isinstance(v, tuple)).any():
            shown[column] = shown[column].map(lambda v: ", ".join(v) if isinstance(v, tuple) else v)
        elif isinstance(shown[column].dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(
            shown[column]
        ):
            shown[column] = shown[column].astype("string").fillna("")  # blank, not 'None
    config = {}
    for c in shown.columns:
        if pd.api.types.is_datetime64_any_dtype(shown[c]):
            has_time = bool((shown[c].dropna() != shown[c].dropna().dt.normalize()).any())
            config[c] = (
                st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm")
                if has_time
                else st.column_config.DateColumn(format="D MMM YYYY")
            )
    headings = {c: (labels or {}).get(c, label(c)) for c in shown.columns}
    shown = shown.rename(columns=headings)
    config = {headings[c]: v for c, v in config.items()}
    st.dataframe(shown, key=key, hide_index=True, column_config=config, height=height)
    if downloads and not frame.empty:
        download_buttons(frame, key, title or key.replace("_", " ").capitalize(), columns, labels)


def empty_state(message: str) -> None:
    """Say why there is nothing to show and what to add to which tracker."""
    st.info(message, icon=":material/info:")


PROBLEMS_LISTED = 30
"""Up to this many problems are listed in full as text; beyond it, the rest go in a sortable table."""


def show_problems(problems: Sequence[Problem], key: str) -> None:
    """Every problem in plain words with where it is and what to do, errors first."""
    ordered = sorted(problems, key=lambda p: (not p.is_error, p.file, p.sheet or "", p.row or 0))
    lines = []
    for problem in ordered[:PROBLEMS_LISTED]:
        kind = "Error" if problem.is_error else "Warning"
        where = problem.where().replace(f"{problem.file}, ", "", 1) if problem.file else problem.where()
        lines.append(f"- **{kind}** ({md(where)}): {md(problem.message)} *{md(problem.fix)}*")
    st.markdown("\n".join(lines))
    if len(ordered) > PROBLEMS_LISTED:
        st.markdown(f"All {len(ordered)} problems:")
        st.dataframe(
            problems_frame(ordered).drop(columns="code").rename(columns=PROBLEM_LABELS),
            hide_index=True,
            key=key,
        )
