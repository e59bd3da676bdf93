"""Blank tracker templates offered as downloads where a page mentions them (no shell needed).

The workbooks are written by the one tracker writer (loaders.templates.template_bytes), the same as
`python -m loaders template KIND FILE.xlsx` writes.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import streamlit as st

from domain import Kind
from loaders.formats import TRACKERS
from loaders.templates import template_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@functools.cache
def blank_template(kind: Kind) -> bytes:
    """The blank workbook of a tracker, with drop-downs and a 'How to fill in' sheet (the same every time)."""
    return template_bytes(kind)


def template_file_name(kind: Kind) -> str:
    return f"{TRACKERS[kind].file_stem}_template.xlsx"


def template_buttons(kinds: Sequence[Kind], key: str) -> None:
    """One 'Blank template: <tracker>' download per kind, side by side (wrapping when narrow).

    Deferred (a callable): the workbook is written when someone clicks, not on every rerun.
    """
    row = st.container(horizontal=True)
    for kind in kinds:
        row.download_button(
            f"Blank template: {TRACKERS[kind].title}",
            data=functools.partial(blank_template, kind),
            file_name=template_file_name(kind),
            mime=XLSX,
            key=f"{key}_{kind.value}",
            on_click="ignore",
            icon=":material/download:",
        )
