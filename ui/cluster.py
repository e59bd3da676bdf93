"""The cluster pages' glue (issue 23): every ICB's view at once, the cluster's written parts and its papers.

Shown only when the cluster has more than one organisation (dashboard.py registers the pages then). Each ICB's
view comes from ui.data.cluster_views (cached per ICB, as its own pages' are); only the sidebar's 'as at' date
applies across ICBs, since themes, owners and facets are each ICB's own.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from domain import Cluster, Organisation
from exports.cluster_paper import (
    CLUSTER_BOARD_PACK_HTML,
    CLUSTER_COVER_REPORT,
    cluster_board_pack_html,
    cluster_cover_report_docx,
    cluster_texts,
    download_name,
)
from exports.papers import DOCX_TYPE
from metrics.filters import Filters
from metrics.view import View
from report.paper import PaperTexts
from services.papers import written_parts
from ui.data import FILTERS_KEY, cluster_views, organisation_store

ClusterViews = tuple[tuple[Organisation, View], ...]


def page_cluster_views() -> ClusterViews:
    """Each ICB's view, in the cluster's order, as at the sidebar's date (its other filters are one ICB's)."""
    filters = st.session_state.get(FILTERS_KEY) or Filters()
    return cluster_views(Filters(as_at=filters.as_at))


def paper_date(views: ClusterViews) -> dt.date | None:
    """The cluster paper's date: the latest of the ICBs' 'as at' dates."""
    dates = [view.as_at for _, view in views if view.as_at is not None]
    return max(dates).date() if dates else None


def cluster_written_parts(cluster: Cluster, views: ClusterViews) -> tuple[PaperTexts, str]:
    """The cluster's own written parts (kept under the cluster's id, written by a cluster editor) for the
    paper's date, or the standard wording for a cluster board; and where they come from, in words."""
    saved = written_parts(organisation_store(cluster.id), paper_date(views))
    if saved is None:
        return cluster_texts(
            cluster.name, views
        ), "No words have been saved for the cluster yet: the paper uses the standard wording."
    return PaperTexts.from_dict(saved.texts), f"Words saved by {saved.saved_by}."


def cluster_paper_buttons(cluster: Cluster, views: ClusterViews, texts: PaperTexts) -> None:
    """Download the cluster cover report (Word) and the cluster board pack (HTML), built when clicked."""
    row = st.container(horizontal=True)
    row.download_button(
        "Cluster cover report (Word)",
        data=lambda: cluster_cover_report_docx(cluster.name, views, texts),
        file_name=download_name(CLUSTER_COVER_REPORT, views),
        mime=DOCX_TYPE,
        key="cluster_cover_report",
        on_click="ignore",
        icon=":material/article:",
        help="The cluster board's cover report: a cluster summary and a section per ICB. Edit it in Word.",
    )
    row.download_button(
        "Cluster board pack (HTML)",
        data=lambda: cluster_board_pack_html(cluster.name, views, texts).encode("utf-8"),
        file_name=download_name(CLUSTER_BOARD_PACK_HTML, views),
        mime="text/html",
        key="cluster_board_pack",
        on_click="ignore",
        icon=":material/description:",
        help="Every principle ICB by ICB, the crosswalk, and each ICB's headline figures, in one file.",
    )
