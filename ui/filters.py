"""Sidebar filters, shared by every page and kept in the URL query string.

On a session's first run the widgets take their values from the query string, so a shared link opens
the same view; on every run the query string is rewritten from the widgets, so the address bar always
describes what is on screen. The encoding both ways is metrics.filters.to_query/from_query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from charts.palette import status_label
from domain import STATUSES, Cluster, Kind, Organisation
from loaders.tracker_set import TrackerSet
from metrics.cplg import dated
from metrics.filters import (
    EARLIEST_DATE,
    LATEST_DATE,
    NOT_RECORDED,
    Filters,
    from_query,
    query_notes,
    to_query,
)
from metrics.memo import memoised
from ui.components import md
from ui.data import ORGANISATION_KEY

_INITIALISED = "_filters_from_url"
_DEFAULT_AS_AT = "_default_as_at"
_LINK_NOTES = "_filters_link_notes"
_KEPT = "_kept_"
"""Session state prefix: a list filter's choices kept while a cluster page (date only) does not draw it."""
_ORGANISATION_FROM_URL = "_organisation_from_url"
_ORGANISATION_NOTE = "_organisation_link_note"
ORGANISATION_QUERY_KEY = "org"
"""The address's name for the organisation shown (?org=north): absent with a cluster of one."""
LIST_WIDGETS = {
    "f_themes": "themes",
    "f_principles": "principles",
    "f_statuses": "statuses",
    "f_owners": "owners",
}


@memoised  # per tracker set (shared, read-only: ui/data.py), not per run
def _options(trackers: TrackerSet) -> dict[str, list]:
    owners = {o for t in trackers.framework for o in t.tables["priorities"]["owner"].dropna()}
    return {
        "themes": trackers.table(Kind.FRAMEWORK, "themes")["theme_id"].tolist(),
        "principles": [int(p) for p in trackers.table(Kind.COVERAGE, "principles")["principle"].dropna()],
        "statuses": list(STATUSES),
        "owners": sorted(owners | {NOT_RECORDED}),
    }


DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y")
"""How a typed date may be written: day first, as in the UK, or ISO."""
EARLIEST = EARLIEST_DATE
DATE_HINT = "day/month/year, such as 08/02/2023"


def typed_date(text: str | None) -> dt.date | None:
    """The date typed into a date field, None when it is empty; ValueError when it cannot be read."""
    text = " ".join((text or "").split())
    if not text:
        return None
    for pattern in DATE_FORMATS:
        try:
            date = dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if EARLIEST <= date <= LATEST_DATE:
            return date
    raise ValueError(
        f"'{text}' is not a date from {EARLIEST.year} to {LATEST_DATE.year}: type it as {DATE_HINT}."
    )


def _shown(date: dt.date | None) -> str:
    return f"{date:%d/%m/%Y}" if date else ""


def date_field(
    container: object, label: str, key: str, help: str, default: dt.date | None = None
) -> dt.date | None:
    """A date typed as text; None when empty or unreadable (then it says what to type).

    Streamlit's date field draws day and month as 18 by 20 pixel targets, under WCAG 2.2's 24 by 24; one
    text field is a large target, and dates are typed or pasted as written.
    """
    if key not in st.session_state:
        st.session_state[key] = _shown(default)
    container.text_input(label, key=key, placeholder="dd/mm/yyyy", help=f"{help} Type it as {DATE_HINT}.")
    try:
        return typed_date(st.session_state.get(key))
    except ValueError as error:
        container.error(f"{label}: {error}", icon=":material/error:")
        return None


PILL_CHARACTERS = 32
"""About this many characters fit on one filter button in the sidebar; longer names are shortened there."""
_DANGLING = {"a", "an", "and", "for", "in", "of", "on", "the", "to", "with"}


def short_label(text: str, limit: int = PILL_CHARACTERS) -> str:
    """'Full range of leaders in decision-making' -> 'Full range of leaders…': whole words, not ending on a
    small word, and '…' to show there is more (the full name is in the help and the 'Filtered' line)."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    words: list[str] = []
    for word in text.split():
        if len(" ".join([*words, word])) >= limit:
            break
        words.append(word)
    while len(words) > 1 and words[-1].lower() in _DANGLING:
        words.pop()
    shown = " ".join(words)
    if len(shown) < limit // 2:  # a long word next (a link, a code): cut inside it rather than show little
        shown = text[: limit - 1].rstrip()
    return shown + "…"


@dataclass(frozen=True)
class _PillLabels:
    themes: dict[str, str]
    principles: dict[object, str]
    principles_help: str


@memoised  # per tracker set (shared, read-only: ui/data.py), not per run
def _pill_labels(trackers: TrackerSet) -> _PillLabels:
    """The filter buttons' labels, shortened to fit and then escaped (pill labels are Markdown)."""
    options = _options(trackers)
    themes = trackers.table(Kind.FRAMEWORK, "themes")
    names = dict(zip(themes["theme_id"], themes["theme"], strict=True))
    principles = trackers.table(Kind.COVERAGE, "principles")
    titles = dict(zip(principles["principle"], principles["title"], strict=True))
    return _PillLabels(
        themes={
            t: md(f"{t} {short_label(names.get(t, ''), PILL_CHARACTERS - len(t) - 1)}")
            for t in options["themes"]
        },
        principles={
            p: md(f"{p}. {short_label(titles.get(p, ''), PILL_CHARACTERS - len(str(p)) - 2)}")
            for p in options["principles"]
        },
        principles_help="Shows the themes that address the chosen principles:\n\n"
        + "\n".join(f"{p}\\. {md(titles.get(p, ''))}  " for p in options["principles"]),
    )


@memoised  # per tracker set (shared, read-only: ui/data.py), not per run
def _date_span(trackers: TrackerSet) -> tuple[dt.date | None, dt.date | None]:
    columns = [
        trackers.table(Kind.FRAMEWORK, "priorities")["due_date"],
        dated(trackers.table(Kind.CPLG, "agenda_items"))["position_date"],  # a flagged date sets no range
        trackers.table(Kind.ENGAGEMENT, "events")["date"],
    ]
    dates = [c.dropna() for c in columns if c.notna().any()]
    if not dates:
        return None, None
    present = pd.concat(dates)
    return present.min().date(), present.max().date()


def _seed_from_url(options: dict[str, list], default_as_at: pd.Timestamp | None) -> None:
    """Give the widgets the values in the query string, once per session."""
    if st.session_state.get(_INITIALISED):
        return
    st.session_state[_INITIALISED] = True
    query = {key: st.query_params.get_all(key) for key in st.query_params}
    shared = from_query(query, options, default_as_at)
    st.session_state[_LINK_NOTES] = query_notes(query)
    for widget, field in LIST_WIDGETS.items():
        st.session_state[widget] = list(getattr(shared, field))
    st.session_state["f_from"] = _shown(shared.date_from.date() if shared.date_from is not None else None)
    st.session_state["f_to"] = _shown(shared.date_to.date() if shared.date_to is not None else None)
    st.session_state["f_as_at"] = _shown(shared.as_at.date() if shared.as_at is not None else None)


def _clear() -> None:
    for widget in LIST_WIDGETS:
        st.session_state[widget] = []
    st.session_state["f_from"] = st.session_state["f_to"] = ""
    st.session_state["f_as_at"] = _shown(st.session_state.get(_DEFAULT_AS_AT))
    st.session_state[_LINK_NOTES] = []


def _chosen_organisation() -> None:
    st.session_state[ORGANISATION_KEY] = st.session_state["f_organisation"]


def organisation_choice(cluster: Cluster) -> Organisation:
    """The organisation the pages show: with a cluster of several, chosen at the top of the sidebar (first from
    the address's ?org=, once per session) and kept in the address; with one, that one and nothing drawn."""
    if cluster.single:
        st.session_state[ORGANISATION_KEY] = cluster.home.id
        return cluster.home
    if not st.session_state.get(_ORGANISATION_FROM_URL):
        st.session_state[_ORGANISATION_FROM_URL] = True
        asked = st.query_params.get(ORGANISATION_QUERY_KEY)
        found = cluster.organisation(asked)
        st.session_state[ORGANISATION_KEY] = (found or cluster.home).id
        if asked is not None and found is None:
            st.session_state[_ORGANISATION_NOTE] = md(  # the address is anyone's text: shown as typed
                f"The link asks for an organisation this dashboard does not show ({asked[:40]!r}): showing "
                f"{cluster.home.name}. Choose another below."
            )
    chosen = cluster.organisation(st.session_state.get(ORGANISATION_KEY)) or cluster.home
    st.session_state["f_organisation"] = chosen.id
    names = {organisation.id: organisation.name for organisation in cluster.organisations}
    with st.sidebar:
        if note := st.session_state.get(_ORGANISATION_NOTE):
            st.warning(note, icon=":material/domain_disabled:")
        st.selectbox(
            "Organisation",
            list(names),
            key="f_organisation",
            format_func=names.__getitem__,
            on_change=_chosen_organisation,
            help=f"The ICB whose framework every page shows. {md(cluster.name)} has {len(names)}.",
        )
    return chosen


def no_trackers_notice(organisation: Organisation, trackers: TrackerSet) -> None:
    """Above every page of an organisation whose trackers are not stored yet (a new ICB of the cluster)."""
    if not trackers.loaded():
        st.info(
            md(
                f"{organisation.name} has no trackers stored yet, so its pages are empty. Its editors add them "
                "on the Upload trackers page, which also gives the blank templates to fill in."
            ),
            icon=":material/info:",
        )


def sidebar_filters(
    trackers: TrackerSet, organisation: Organisation | None = None, date_only: bool = False
) -> Filters:
    """Draw the filters in the sidebar and return what they select (with `organisation`, the address names it
    too: a cluster of several). `date_only` on the cluster pages: themes, principles' links, statuses and
    owners are each ICB's own, so only the 'as at' date is offered there."""
    options = _options(trackers)
    default_as_at = trackers.as_at
    st.session_state[_DEFAULT_AS_AT] = default_as_at.date() if default_as_at is not None else None
    _seed_from_url(options, default_as_at)
    for widget, field in LIST_WIDGETS.items():  # drop choices the data no longer offers (after an upload)
        chosen = st.session_state.get(widget, st.session_state.get(_KEPT + widget, []))
        st.session_state[widget] = [v for v in chosen if v in options[field]]
    labels = _pill_labels(trackers)
    earliest, latest = _date_span(trackers)
    with st.sidebar:
        st.header("Filters")
        for note in st.session_state.get(_LINK_NOTES, []):
            st.warning(note, icon=":material/event_busy:")
        as_at = date_field(
            st,
            "As at",
            "f_as_at",
            "The date the dashboard reports at: it picks the framework snapshot in force and judges what "
            "is overdue. It starts at the latest snapshot's date.",
        )
        if date_only:
            st.caption(
                "The cluster pages read only this date: themes, statuses and owners are each ICB's own, so "
                "their filters are on its own pages."
            )
    if date_only:  # the other filters are not drawn: keep their choices for the ICB's own pages
        for widget in LIST_WIDGETS:
            st.session_state[_KEPT + widget] = st.session_state[widget]
        return _in_the_address(
            Filters(as_at=pd.Timestamp(as_at) if as_at else default_as_at), default_as_at, organisation
        )
    with st.sidebar:
        # Toggle buttons: each choice is one Tab stop, operated with Enter or Space, and shows what is chosen.
        st.markdown("Choose any to narrow every page; choose none to see all.")
        st.pills(
            "Themes",
            options["themes"],
            key="f_themes",
            selection_mode="multi",
            format_func=labels.themes.__getitem__,
        )
        st.pills(
            "Principles",
            options["principles"],
            key="f_principles",
            selection_mode="multi",
            format_func=labels.principles.__getitem__,
            help=labels.principles_help,
        )
        st.pills(
            "Status", options["statuses"], key="f_statuses", selection_mode="multi", format_func=status_label
        )
        st.multiselect("Owner", options["owners"], key="f_owners", placeholder="All owners")
        st.markdown("**Dates** (due dates, meetings and events)")
        # One under the other, full width (large targets), without columns: three fewer elements to send.
        date_from = date_field(
            st, "From", "f_from", f"Earliest in the data: {earliest:%d/%m/%Y}." if earliest else ""
        )
        date_to = date_field(st, "To", "f_to", f"Latest in the data: {latest:%d/%m/%Y}." if latest else "")
        st.button("Clear filters", on_click=_clear, icon=":material/filter_alt_off:", width="stretch")

    filters = Filters(
        themes=tuple(st.session_state["f_themes"]),
        principles=tuple(st.session_state["f_principles"]),
        statuses=tuple(st.session_state["f_statuses"]),
        owners=tuple(st.session_state["f_owners"]),
        date_from=pd.Timestamp(date_from) if date_from else None,
        date_to=pd.Timestamp(date_to) if date_to else None,
        as_at=pd.Timestamp(as_at) if as_at else default_as_at,
    )
    return _in_the_address(filters, default_as_at, organisation)


def _in_the_address(
    filters: Filters, default_as_at: pd.Timestamp | None, organisation: Organisation | None
) -> Filters:
    """Rewrite the query string to describe `filters` (and the organisation, with a cluster of several)."""
    wanted = to_query(filters, default_as_at)
    if organisation is not None:
        wanted = {ORGANISATION_QUERY_KEY: [organisation.id], **wanted}
    if {key: st.query_params.get_all(key) for key in st.query_params} != wanted:
        st.query_params.from_dict(wanted)
    return filters
