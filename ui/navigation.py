"""The list of pages in the sidebar: a heading per section with its page links under it.

Streamlit's own sectioned navigation puts each section's heading inside the list of links (axe-core rules
`list` and `listitem`, serious), so screen readers get a broken list. The app routes with
`st.navigation(..., position="hidden")`, which keeps every URL path and deep link, and draws the links here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st
from streamlit.navigation.page import StreamlitPage

NAVIGATION_KEY = "page_list"
"""The sidebar container of the page links (CSS class st-key-page_list), for tests."""


def route(sections: Mapping[str, Sequence[StreamlitPage]]) -> StreamlitPage:
    """Register the pages (hidden from Streamlit's own menu) and draw the sidebar's page list."""
    current = st.navigation({name: list(pages) for name, pages in sections.items()}, position="hidden")
    with st.sidebar.container(key=NAVIGATION_KEY):
        for name, pages in sections.items():
            st.subheader(name, anchor=False)
            for page in pages:
                st.page_link(page, label=page.title, icon=page.icon, width="stretch")
    return current
