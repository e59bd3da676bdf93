"""Building blocks the pages share: header, charts with their text alternative, tables and empty states."""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit import dataframe_util

from charts.escape import plain_text
from charts.figures import TITLE_ROOM
from charts.figures import memoised as figure_memo
from charts.palette import status_label
from formatting import (
    FLAGGED_NOTE,
    FLAGGED_SUFFIX,
    NOT_RECORDED,
    dates_as_known,
    long_date,  # noqa: F401  (pages import it from here)
)
from loaders.problems import PROBLEM_LABELS, Problem, problems_frame
from metrics.labels import label
from metrics.memo import memoised
from metrics.view import View
from settings import ClusterFileError
from ui.disclosure import drawn_when_open  # noqa: F401  (pages import it from here)
from ui.exports import download_buttons

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


_WORD_JOINER = "\u2060"
_AUTOLINKED = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)", re.IGNORECASE)
"""Where GitHub-flavoured Markdown would turn plain text into a link (http://, www., an e-mail address):
backslash escapes do not stop it, an invisible word joiner does."""


def md(value: object) -> str:
    """Tracker text (or a file name) made literal for st.markdown: links, images, emphasis, LaTeX and emoji
    codes typed into a tracker show as typed instead of being rendered, and bare addresses stay unlinked."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _AUTOLINKED.sub(_WORD_JOINER, str(value)))


_LOGGER = logging.getLogger("ccpl.dashboard")
DATABASE_UNAVAILABLE = (
    "The dashboard cannot read its data just now. Nothing you do here can fix it: please try again later, "
    "and tell the dashboard's administrator if it persists (the details are in the server's log)."
)


@contextmanager
def database_guard() -> Iterator[None]:
    """A corrupt, missing or unreachable database becomes a plain message for the visitor; the details
    (paths, SQL, driver messages) go to the server's log only."""
    try:
        yield
    except (SQLAlchemyError, OSError):
        _LOGGER.exception("The database could not be read")
        st.error(DATABASE_UNAVAILABLE, icon=":material/database_off:")
        st.stop()


CLUSTER_FILE_UNUSABLE = (
    "The dashboard's settings name organisations it cannot read, so no page can be shown. Tell the "
    "dashboard's administrator: the server's log says which file and entry to correct."
)


@contextmanager
def cluster_file_guard() -> Iterator[None]:
    """A cluster file that cannot be used (settings.ClusterFileError, naming the file and entry) is a plain
    message for the visitor, and the whole message for the operator in the server's log."""
    try:
        yield
    except ClusterFileError as problem:
        _LOGGER.error("%s", problem)
        st.error(CLUSTER_FILE_UNUSABLE, icon=":material/domain_disabled:")
        st.stop()


FIGURE_WIDTH = 180
"""Pixels per headline figure: four to a row on a laptop, two beside the sidebar on a tablet, one on a
phone (two would squeeze 'no change since 1 Dec 2022'); they wrap onto a new row rather than cut their
words short when the window is narrow or zoomed."""


def figures_row() -> object:
    """A row of headline figures (st.metric with width=FIGURE_WIDTH) that wraps on narrow screens."""
    return st.container(horizontal=True, gap="small")


PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"], "responsive": True}


def page_header(title: str, view: View, intro: str | None = None) -> None:
    """The page title, the 'as at' date and snapshot in force, and the filters applied."""
    st.title(title)
    for line in _header_lines(view):
        st.markdown(line)
    if intro:
        st.markdown(intro)


@memoised  # per shared view: the same lines for every visitor
def _header_lines(view: View) -> tuple[str, ...]:
    lines = []
    parts = []
    if view.as_at is not None:
        parts.append(f"As at **{long_date(view.as_at)}**")
    if view.snapshot_date is not None and view.snapshot_date != view.as_at:
        parts.append(f"framework snapshot of {long_date(view.snapshot_date)}")
    if view.previous is not None:
        parts.append(f"compared with the snapshot of {long_date(view.previous.as_at)}")
    if parts:
        lines.append(" · ".join(parts))
    if view.as_at is not None and view.snapshot_date is not None and view.as_at < view.snapshot_date:
        lines.append(  # build_view falls back to the first snapshot; the pages say so (the papers refuse)
            f"No framework snapshot was taken on or before {long_date(view.as_at)}: the priorities and "
            f"achievements shown are those of the first, {long_date(view.snapshot_date)}."
        )
    described = view.filters.describe({key: md(name) for key, name in view.theme_names.items()})
    if described:
        lines.append(
            "Filtered: " + "; ".join(described) + ". Use *Clear filters* in the sidebar to see everything."
        )
    return tuple(lines)


LEGEND_ROOM = 60
"""Pixels added to the top of a chart for its legend across the top (three rows of it on a phone)."""


@figure_memo  # per built figure: a remembered chart (charts/) is prepared for the screen once, not per draw
def _on_screen(fig: go.Figure) -> go.Figure:
    """The figure as the screen shows it: a copy (a built figure may be shared) with no title (written above
    it as text, so the top margin loses the title's room) and the legend across the top, unless the figure
    already lays its legend across itself (the small multiples, whose panel titles take the top).

    Nothing is escaped here: the builders in charts/ escaped tracker text where it became a label
    (charts/escape.py), and their figure is final.
    """
    across = fig.layout.legend.orientation == "h"
    legend = fig.layout.showlegend is not False and len(fig.data) > 1 and not across
    top = fig.layout.margin.t if fig.layout.margin.t is not None else TITLE_ROOM + 10
    kept = max(10, top - TITLE_ROOM)  # the figure's own room above the plot ('As at', panel titles)
    room = LEGEND_ROOM if legend else 0
    screen = go.Figure(fig).update_layout(
        title=None, margin={"t": kept + room}, height=(fig.layout.height or 450) - (top - kept) + room
    )
    if legend:  # at the very top, above anything the figure writes over its plot
        screen.update_layout(
            legend={
                "orientation": "h",
                "x": 0,
                "xanchor": "left",
                "yref": "container",
                "y": 1,
                "yanchor": "top",
            }
        )
    return screen


def chart_title(fig: go.Figure) -> str:
    """A chart's title as typed, for writing it above the chart as text (the builder escaped it for plotly)."""
    title = fig.layout.title.text
    return plain_text(title) if title else ""


def show_chart(
    fig: go.Figure, sentence: str, table: pd.DataFrame, key: str, titled: bool = True, **kwargs: object
) -> object:
    """A chart, the sentence that says what it shows, and its figures as a table behind an expander.

    On screen the chart's title is written as text above it, where it wraps on a narrow screen, and its
    legend runs across the top, so that on a tablet or a phone the bars keep the width. titled=False: the
    heading right above already names the chart, so its title is left out. (The board pack keeps both.)
    """
    title = chart_title(fig)
    if titled and title:
        st.markdown(f"**{md(title)}**")
    # theme=None: keep the figure's own NHS colours and dark text (Streamlit's theme greys the labels)
    event = st.plotly_chart(_on_screen(fig), key=key, config=PLOTLY_CONFIG, theme=None, **kwargs)
    st.markdown(md(sentence))  # the sentences quote tracker text (the largest event's name, theme names)
    with drawn_when_open("The figures behind this chart", f"{key}_figures_open") as shown:
        if shown:
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
    narrowed_by: Sequence[str] = (),
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
        narrowed_by: what narrowed these rows on the page besides the sidebar filters (a search, the theme
            chosen), one line each: the Excel download's About sheet records it with the filters.
    """
    if frame.empty and empty:
        empty_state(empty)
        return
    shown, config = _as_displayed(frame, tuple(columns or ()), dict(labels or {}))
    st.dataframe(
        _as_arrow(shown), key=key, hide_index=True, column_config=copy.deepcopy(config), height=height
    )
    if _flagged_columns(frame, tuple(columns or frame.columns)):
        st.caption(FLAGGED_NOTE)
    if downloads and not frame.empty:
        download_buttons(
            frame, key, title or key.replace("_", " ").capitalize(), columns, labels, narrowed_by
        )


@memoised  # st.dataframe turns a pandas table into Arrow on every draw; an Arrow table it only serialises
def _as_arrow(shown: pd.DataFrame) -> pa.Table:
    return dataframe_util.convert_pandas_df_to_arrow_table(shown, preserve_index=False)


@memoised  # the same table for every visitor of a view: formatted once (metrics/memo.py), shown read-only
def _as_displayed(
    frame: pd.DataFrame, columns: tuple[str, ...], labels: dict[str, str]
) -> tuple[pd.DataFrame, dict[str, object]]:
    """The table with plain-English headings, statuses with their icon, blanks for missing text, and its
    column configuration (dates as dates)."""
    shown = frame[
        [c for c in (columns or frame.columns) if c in frame.columns and not str(c).startswith("_")]
    ]
    shown = shown.copy()
    for column in list(shown.columns):  # 'October 2022', '31 May 2023 (assumed)', '20 Sep 2002 †'
        known = dates_as_known(frame, column)
        if known is not None:
            shown[column] = pd.Series(known, index=shown.index, dtype="string")
        elif pd.api.types.is_integer_dtype(shown[column].dtype) and shown[column].isna().any():
            # a blank count reads as everywhere else (the charts say 'not recorded'), not 'None'
            shown[column] = (
                shown[column].map(lambda v: NOT_RECORDED if pd.isna(v) else f"{int(v)}").astype("string")
            )
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
    long_text = [c for c in shown.columns if _is_long_text(shown[c])]
    shown = shown[[c for c in shown.columns if c not in long_text] + long_text]  # key columns first
    config: dict[str, object] = {c: st.column_config.TextColumn(width=LONG_TEXT_WIDTH) for c in long_text}
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
    return shown, config


def _flagged_columns(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[str]:
    """The shown date columns with a date the data checks flag (their X_flagged column says which)."""
    return [
        c
        for c in columns
        if c + FLAGGED_SUFFIX in frame.columns and frame[c + FLAGGED_SUFFIX].fillna(False).astype(bool).any()
    ]


LONG_TEXT_CHARACTERS = 40
"""A text column whose entries run to this many characters on average is long text (a priority's wording,
notes, a description): it is shown after the key columns (id, status, before and after, dates), so that on a
tablet or a laptop those fit in the window and only the long text runs on to the right."""
LONG_TEXT_WIDTH = "large"
"""A long text column's width: room for a phrase, not the whole text (the cell shows the rest when chosen)."""


def _is_long_text(values: pd.Series) -> bool:
    if not pd.api.types.is_string_dtype(values) or values.empty:
        return False
    lengths = values.astype("string").fillna("").str.len()
    return bool(lengths.mean() >= LONG_TEXT_CHARACTERS)


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
