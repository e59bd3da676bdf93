"""CCPL Progress Dashboard: the entry point. Declares the pages, draws the shared filters, runs the page."""

from pathlib import Path

import streamlit as st

from ui.data import FILTERS_KEY, current_trackers
from ui.filters import sidebar_filters

PAGES = Path(__file__).parent / "pages" / "board"  # a sub-folder, not pages/ itself: see pages/README.md

st.set_page_config(page_title="CCPL Progress Dashboard", page_icon=":material/diversity_3:", layout="wide")

navigation = st.navigation(
    {
        "Board view": [
            st.Page(PAGES / "overview.py", title="Overview", icon=":material/dashboard:", default=True),
            st.Page(PAGES / "principles.py", title="Principles", icon=":material/grid_view:"),
            st.Page(PAGES / "priorities.py", title="Priorities", icon=":material/flag:"),
            st.Page(PAGES / "themes.py", title="Themes", icon=":material/category:"),
        ],
        "Engagement and decisions": [
            st.Page(PAGES / "engagement.py", title="Engagement", icon=":material/groups:"),
            st.Page(
                PAGES / "cplg.py", title="CPLG decisions", icon=":material/gavel:", url_path="cplg-decisions"
            ),
        ],
    }
)
st.session_state[FILTERS_KEY] = sidebar_filters(current_trackers())
navigation.run()
