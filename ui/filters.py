"""Sidebar filters, shared by every page and kept in the URL query string.

On a session's first run the widgets take their values from the query string, so a shared link opens
the same view; on every run the query string is rewritten from the widgets, so the address bar always
describes what is on screen. Only choices that differ from the defaults appear in the URL.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from charts.palette import status_label
from loaders.schema import STATUSES, Kind
from loaders.tracker_set import TrackerSet
from metrics.filters import NOT_RECORDED, Filters

# widget key -> query-string key
PARAMS = {
    "f_as_at": "as_at",
    "f_themes": "theme",
    "f_principles": "principle",
    "f_statuses": "status",
    "f_owners": "owner",
    "f_from": "from",
    "f_to": "to",
}
_INITIALISED = "_filters_from_url"


def _options(trackers: TrackerSet) -> dict[str, list]:
    themes = trackers.table(Kind.FRAMEWORK, "themes")
    principles = trackers.table(Kind.COVERAGE, "principles")
    owners = sorted(
        {o for t in trackers.framework for o in t.tables["priorities"]["owner"].dropna()} | {NOT_RECORDED}
    )
    return {
        "f_themes": themes["theme_id"].tolist(),
        "f_principles": [int(p) for p in principles["principle"].dropna()],
        "f_statuses": list(STATUSES),
        "f_owners": owners,
    }


def _date_span(trackers: TrackerSet) -> tuple[dt.date, dt.date] | None:
    dates = [
        trackers.table(Kind.FRAMEWORK, "priorities")["due_date"],
        trackers.table(Kind.CPLG, "agenda_items")["meeting_date"],
        trackers.table(Kind.ENGAGEMENT, "events")["date"],
    ]
    present = (
        pd.concat([d.dropna() for d in dates if not d.dropna().empty])
        if any(not d.dropna().empty for d in dates)
        else None
    )
    if present is None or present.empty:
        return None
    return present.min().date(), present.max().date()


def _parse_date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _init_from_url(options: dict[str, list], default_as_at: dt.date | None) -> None:
    """Seed the widgets from the query string, once per session; unknown values are ignored."""
    if st.session_state.get(_INITIALISED):
        return
    st.session_state[_INITIALISED] = True
    params = st.query_params
    for key in ("f_themes", "f_statuses", "f_owners"):
        wanted = params.get_all(PARAMS[key])
        st.session_state[key] = [
            v
            for v in options[key]
            if v in wanted or (key == "f_themes" and v.upper() in {w.upper() for w in wanted})
        ]
    principles = {p.strip() for p in params.get_all(PARAMS["f_principles"])}
    st.session_state["f_principles"] = [p for p in options["f_principles"] if str(p) in principles]
    st.session_state["f_as_at"] = _parse_date(params.get(PARAMS["f_as_at"])) or default_as_at
    st.session_state["f_from"] = _parse_date(params.get(PARAMS["f_from"]))
    st.session_state["f_to"] = _parse_date(params.get(PARAMS["f_to"]))


def _clear() -> None:
    for key in ("f_themes", "f_principles", "f_statuses", "f_owners"):
        st.session_state[key] = []
    st.session_state["f_from"] = None
    st.session_state["f_to"] = None
    st.session_state["f_as_at"] = st.session_state.get("_default_as_at")


def sidebar_filters(trackers: TrackerSet) -> Filters:
    """Draw the filters in the sidebar and return what they select."""
    options = _options(trackers)
    default_as_at = trackers.as_at.date() if trackers.as_at is not None else None
    st.session_state["_default_as_at"] = default_as_at
    _init_from_url(options, default_as_at)
    for key in ("f_themes", "f_principles", "f_statuses", "f_owners"):  # drop choices the data no longer has
        st.session_state[key] = [v for v in st.session_state.get(key, []) if v in options[key]]
    names = dict(
        zip(
            trackers.table(Kind.FRAMEWORK, "themes")["theme_id"],
            trackers.table(Kind.FRAMEWORK, "themes")["theme"],
            strict=True,
        )
    )
    titles = dict(
        zip(
            trackers.table(Kind.COVERAGE, "principles")["principle"],
            trackers.table(Kind.COVERAGE, "principles")["title"],
            strict=True,
        )
    )
    span = _date_span(trackers)
    with st.sidebar:
        st.header("Filters")
        st.date_input(
            "As at",
            key="f_as_at",
            format="DD/MM/YYYY",
            help="The date the dashboard reports at: it picks the framework snapshot in force and judges what is "
            "overdue. It starts at the latest snapshot's date.",
        )
        st.multiselect(
            "Themes",
            options["f_themes"],
            key="f_themes",
            format_func=lambda t: f"{t} {names.get(t, '')}",
            placeholder="All themes",
        )
        st.multiselect(
            "Principles",
            options["f_principles"],
            key="f_principles",
            format_func=lambda p: f"{p}. {titles.get(p, '')}",
            placeholder="All principles",
            help="Shows the themes that address the chosen principles.",
        )
        st.multiselect(
            "Status",
            options["f_statuses"],
            key="f_statuses",
            format_func=status_label,
            placeholder="All statuses",
        )
        st.multiselect("Owner", options["f_owners"], key="f_owners", placeholder="All owners")
        st.markdown("**Dates** (due dates, meetings and events)")
        left, right = st.columns(2)
        lower, upper = span if span else (None, None)
        left.date_input(
            "From",
            key="f_from",
            format="DD/MM/YYYY",
            min_value=dt.date(2015, 1, 1),
            help=f"Earliest in the data: {lower:%d/%m/%Y}" if lower else None,
        )
        right.date_input(
            "To",
            key="f_to",
            format="DD/MM/YYYY",
            min_value=dt.date(2015, 1, 1),
            help=f"Latest in the data: {upper:%d/%m/%Y}" if upper else None,
        )
        st.button(
            "Clear filters", on_click=_clear, icon=":material/filter_alt_off:", use_container_width=True
        )

    as_at = st.session_state.get("f_as_at") or default_as_at
    filters = Filters(
        themes=tuple(st.session_state["f_themes"]),
        principles=tuple(st.session_state["f_principles"]),
        statuses=tuple(st.session_state["f_statuses"]),
        owners=tuple(st.session_state["f_owners"]),
        date_from=pd.Timestamp(st.session_state["f_from"]) if st.session_state.get("f_from") else None,
        date_to=pd.Timestamp(st.session_state["f_to"]) if st.session_state.get("f_to") else None,
        as_at=pd.Timestamp(as_at) if as_at else None,
    )
    _write_url(filters, default_as_at)
    return filters


def _write_url(filters: Filters, default_as_at: dt.date | None) -> None:
    wanted: dict[str, str | list[str]] = {}
    if filters.themes:
        wanted["theme"] = list(filters.themes)
    if filters.principles:
        wanted["principle"] = [str(p) for p in filters.principles]
    if filters.statuses:
        wanted["status"] = list(filters.statuses)
    if filters.owners:
        wanted["owner"] = list(filters.owners)
    if filters.date_from is not None:
        wanted["from"] = filters.date_from.date().isoformat()
    if filters.date_to is not None:
        wanted["to"] = filters.date_to.date().isoformat()
    if filters.as_at is not None and filters.as_at.date() != default_as_at:
        wanted["as_at"] = filters.as_at.date().isoformat()
    current = {k: st.query_params.get_all(k) for k in st.query_params}
    normalised = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if current != normalised:
        st.query_params.from_dict(wanted)
