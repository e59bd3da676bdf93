"""Sections drawn on a page: the one place a section's chart, sentence, figures table and table are placed."""

from __future__ import annotations

from report.charts import section_chart
from report.sections import Section
from ui.components import empty_state, show_chart, show_table


def show_section_chart(section: Section, key: str, titled: bool = True) -> object:
    """The section's chart with its sentence and the figures behind it, or its empty message."""
    if section.empty:
        empty_state(section.empty)
        return None
    fig, table = section_chart(section)
    return show_chart(fig, section.sentence, table, key, titled=titled)


def show_section_table(section: Section, key: str, title: str | None = None) -> None:
    """The section's table with its headings and downloads, or its empty message."""
    if section.empty or section.table is None:
        empty_state(section.empty)
        return
    show_table(
        section.table.frame,
        key,
        list(section.table.columns),
        labels=section.table.labels,
        title=title or section.title,
    )
