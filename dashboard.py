"""CCPL Progress Dashboard: the entry point. Declares the pages and runs the one selected."""

from pathlib import Path

import streamlit as st

PAGES = Path(__file__).parent / "pages"

st.set_page_config(page_title="CCPL Progress Dashboard", page_icon=":material/diversity_3:", layout="wide")

navigation = st.navigation(
    {
        "Board view": [
            st.Page(PAGES / "overview.py", title="Overview", icon=":material/dashboard:", default=True),
        ],
    }
)
navigation.run()
