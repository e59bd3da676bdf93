"""CCPL Progress Dashboard: the entry point. Declares the pages, draws the shared filters, runs the page."""

from pathlib import Path

import streamlit as st

from ui.auth import (
    keep_sign_in,
    may_view,
    may_view_organisation,
    not_readable_notice,
    settings,
    sign_in_panel,
)
from ui.components import cluster_file_guard, database_guard
from ui.data import FILTERS_KEY, app_store, fetch_trackers, read_cluster
from ui.filters import no_trackers_notice, organisation_choice, sidebar_filters
from ui.navigation import page, route

# Page scripts live in sub-folders of pages/, never at its top level: see pages/README.md.
BOARD = Path(__file__).parent / "pages" / "board"
MANAGE = Path(__file__).parent / "pages" / "manage"
ABOUT = Path(__file__).parent / "pages" / "about"
CLUSTER = Path(__file__).parent / "pages" / "cluster"

# A local icon: a Material or emoji page_icon makes every visitor's browser fetch it from Google's or a CDN's servers.
st.set_page_config(
    page_title="CCPL Progress Dashboard",
    page_icon=str(Path(__file__).parent / "ui" / "favicon.png"),
    layout="wide",
    # Closed until the reader opens it (the browser then remembers the choice): Streamlit's "auto" closes it
    # only below 768 px, so on a tablet held upright (820 px) it took 37% of the width from the content.
    initial_sidebar_state="collapsed",
)

with cluster_file_guard():  # a cluster file it cannot use: a plain message, and the details in the log
    cluster = read_cluster()  # once a run: every later current_cluster() is this
# The cluster's pages, only when the cluster has more than one organisation: with one, the app is as it was.
cluster_pages = {
    "Cluster": [
        page(CLUSTER / "view.py", title="Cluster view", icon=":material/hub:", url_path="cluster"),
        page(
            CLUSTER / "papers.py",
            title="Cluster papers",
            icon=":material/library_books:",
            url_path="cluster-papers",
        ),
    ]
}
navigation = route(
    {
        **({} if cluster.single else cluster_pages),
        "Board view": [
            page(BOARD / "overview.py", title="Overview", icon=":material/dashboard:", default=True),
            page(BOARD / "principles.py", title="Principles", icon=":material/grid_view:"),
            page(BOARD / "priorities.py", title="Priorities", icon=":material/flag:"),
            page(BOARD / "themes.py", title="Themes", icon=":material/category:"),
            page(
                BOARD / "papers.py", title="Board papers", icon=":material/article:", url_path="board-papers"
            ),
        ],
        "Engagement and decisions": [
            page(BOARD / "engagement.py", title="Engagement", icon=":material/groups:"),
            page(
                BOARD / "cplg.py", title="CPLG decisions", icon=":material/gavel:", url_path="cplg-decisions"
            ),
        ],
        "Manage data": [
            page(
                MANAGE / "upload.py",
                title="Upload trackers",
                icon=":material/upload_file:",
                url_path="upload",
            ),
            page(
                MANAGE / "record_assessment.py",
                title="Record an assessment",
                icon=":material/edit_note:",
                url_path="record-assessment",
            ),
            page(
                MANAGE / "update_priorities.py",
                title="Update priorities",
                icon=":material/checklist:",
                url_path="update-priorities",
            ),
            page(
                MANAGE / "stored_versions.py", title="History", icon=":material/history:", url_path="history"
            ),
            page(MANAGE / "feed_keys.py", title="Feed keys", icon=":material/key:", url_path="feed-keys"),
        ],
        "About": [
            page(
                ABOUT / "accessibility.py",
                title="Accessibility",
                icon=":material/accessibility_new:",
                url_path="accessibility",
            ),
        ],
    }
)

config = settings()
with database_guard():  # a broken database shows every visitor a plain message, never a traceback
    keep_sign_in(app_store, config)  # a password sign-in kept by the browser's cookie, across reloads
    if not may_view(config):
        st.title("CCPL Progress Dashboard")
        st.markdown("Sign in to view the dashboard.")
        sign_in_panel(app_store(), config, purpose="view")
        st.stop()

    organisation = organisation_choice(cluster)
    if not may_view_organisation(organisation.id, config):  # board_reads_all off: one's own organisations
        st.title("CCPL Progress Dashboard")
        st.markdown(not_readable_notice(organisation.id))
        st.stop()
    trackers = fetch_trackers()
    st.session_state[FILTERS_KEY] = sidebar_filters(
        trackers,
        None if cluster.single else organisation,
        date_only=navigation in cluster_pages["Cluster"],  # the cluster pages read only the date
    )
    if not cluster.single:
        no_trackers_notice(organisation, trackers)
    navigation.run()
