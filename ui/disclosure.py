"""Content drawn only when a visitor asks for it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st


@contextmanager
def drawn_when_open(label: str, key: str) -> Iterator[bool]:
    """An expander whose content is drawn only once a visitor opens it (Streamlit reruns on opening).

    Closed, it is one element to send instead of a table or a row of buttons: twenty board members opening a
    page at once cost the server per element drawn (bench/README.md, capacity). An expander rather than a
    popover: what it draws after opening follows it in the Tab order, in reach of a keyboard. Yields whether
    it is open.
    """
    with st.expander(label, key=key, on_change="rerun") as box:
        yield bool(box.open)
