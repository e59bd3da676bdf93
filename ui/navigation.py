"""The list of pages in the sidebar: a heading per section with its page links under it.

Streamlit's own sectioned navigation puts each section's heading inside the list of links (axe-core rules
`list` and `listitem`, serious), so screen readers get a broken list. The app routes with
`st.navigation(..., position="hidden")`, which keeps every URL path and deep link, and draws the links here.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping, Sequence
from pathlib import Path

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


def page(
    script: Path, title: str, icon: str, url_path: str | None = None, default: bool = False
) -> StreamlitPage:
    """st.Page(script, title=..., icon=..., url_path=..., default=...), declared once per process.

    st.Page checks the script's path and the icon each time it is made, on every page view, for every page
    in the menu; a copy of the one made first is the same page. A copy, not the page itself: st.navigation
    marks the page it will run on the object, and sessions running at once must not share that mark.
    """
    return copy.copy(_declared(script, title, icon, url_path, default))


@functools.cache
def _declared(script: Path, title: str, icon: str, url_path: str | None, default: bool) -> StreamlitPage:
    return st.Page(script, title=title, icon=icon, url_path=url_path, default=default)
