"""Sections drawn on a page: the one place a section's chart, sentence, figures table and table are placed."""

from __future__ import annotations

from collections.abc import Sequence

from report.charts import section_chart
from report.section_types import Section
from ui.components import empty_state, md, show_chart, show_table
from ui.disclosure import drawn_when_open
from ui.exports import table_buttons


def show_section_chart(
    section: Section, key: str, titled: bool = True, figures_from_table: bool = False, **chart_options: object
) -> object:
    """The section's chart with its sentence and the figures behind it, or its empty message.

    figures_from_table: the figures behind the chart are the section's table (with its headings) rather than
    the chart's own counts. chart_options go to st.plotly_chart (e.g. on_select).
    """
    if section.empty:
        empty_state(section.empty)
        return None
    fig, figures = section_chart(section)
    if figures_from_table and section.table is not None:
        table = section.table
        figures = table.frame[table.shown].rename(
            columns=dict(zip(table.shown, table.headings(), strict=True))
        )
    return show_chart(fig, section.sentence, figures, key, titled=titled, **chart_options)


def show_section_table(
    section: Section, key: str | None = None, title: str | None = None, downloads: bool = True
) -> None:
    """The section's table with its headings and (unless the page offers them together: section_downloads)
    its downloads, or its empty message."""
    if section.empty or section.table is None:
        empty_state(md(section.empty))
        return
    show_table(
        section.table.frame,
        key or section.key,
        list(section.table.columns),
        labels=section.table.labels,
        title=title or section.title,
        narrowed_by=section.narrowed_by,
        downloads=downloads,
    )


def section_downloads(sections: Sequence[tuple[Section, str]], label: str, key: str) -> None:
    """One 'Download' disclosure for several tables of a page (each table's CSV and Excel, as shown), drawn
    when opened: one element instead of one per table for every visitor (bench/README.md, cluster)."""
    with drawn_when_open(label, key) as shown:
        if shown:
            for section, table_key in sections:
                table = section.table
                if section.empty or table is None or table.frame.empty:
                    continue
                table_buttons(
                    table.frame,
                    table_key,
                    section.title,
                    list(table.columns),
                    table.labels,
                    section.narrowed_by,
                )
