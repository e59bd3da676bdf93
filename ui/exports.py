"""Download buttons for tables: CSV and Excel of exactly what is on screen, made only when clicked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace

import pandas as pd
import streamlit as st

from domain import Kind
from exports.all_data import all_data_tables, all_data_xlsx, all_data_zip
from exports.appendix_a import appendix_a_pptx
from exports.board_pack import board_pack_html
from exports.cover_report import cover_report_docx
from exports.papers import (
    APPENDIX_A,
    BOARD_PACK_HTML,
    COVER_REPORT,
    DOCX_TYPE,
    PPTX_TYPE,
    download_name,
)
from exports.pdf import chromium_path, html_to_pdf
from exports.sources import tracker_sources
from exports.tables import ExportContext, columns_as_shown, csv_bytes, file_stem, xlsx_bytes
from loaders.tracker_set import TrackerSet
from metrics.filters import Filters
from metrics.labels import label
from metrics.memo import memoised
from metrics.view import View
from report.appendices import organisation_appendices
from report.paper import PaperTexts
from store.repository import Store
from ui.data import FILTERS_KEY, current_organisation, current_trackers
from ui.disclosure import drawn_when_open


def export_context(title: str, narrowed_by: Sequence[str] = ()) -> ExportContext:
    """The filters, 'as at' date and tracker versions behind what is on screen.

    `narrowed_by`: what else narrowed this table on its page (a search, the theme or principle chosen, the
    snapshots compared), in words, recorded after the sidebar filters.
    """
    filters: Filters = st.session_state.get(FILTERS_KEY) or Filters()
    described, as_at, sources = _context(filters, current_trackers())
    return ExportContext(title=title, filters=[*described, *narrowed_by], as_at=as_at, trackers=list(sources))


@memoised  # once per (filters, tracker set), not once per table drawn
def _context(
    filters: Filters, trackers: TrackerSet
) -> tuple[list[str], pd.Timestamp | None, list[tuple[str, str]]]:
    themes = trackers.table(Kind.FRAMEWORK, "themes")
    described = filters.describe(dict(zip(themes["theme_id"], themes["theme"], strict=True)))
    return described, filters.as_at or trackers.as_at, tracker_sources(trackers)


def download_buttons(
    frame: pd.DataFrame,
    key: str,
    title: str,
    columns: Sequence[str] | None,
    labels: Mapping[str, str] | None,
    narrowed_by: Sequence[str] = (),
) -> None:
    """'Download CSV' and 'Download Excel' for the table as shown, under 'Download: <title>'.

    `narrowed_by`: what narrowed the table besides the sidebar filters, for the Excel file's About sheet.
    """
    with drawn_when_open(f"Download: {title}", f"{key}_downloads") as shown:
        if shown:
            table_buttons(frame, key, title, columns, labels, narrowed_by)


def table_buttons(
    frame: pd.DataFrame,
    key: str,
    title: str,
    columns: Sequence[str] | None,
    labels: Mapping[str, str] | None,
    narrowed_by: Sequence[str],
) -> None:
    headings = {c: (labels or {}).get(c, label(c)) for c in frame.columns}
    stem = file_stem(title)
    # Captured now: the download callable runs later, outside this session's script run and its state.
    context = export_context(title, narrowed_by)

    def as_shown() -> pd.DataFrame:
        return columns_as_shown(frame, columns, headings)

    row = st.container(horizontal=True)  # wraps when zoomed instead of cutting the labels short
    row.download_button(
        f"Download CSV: {title}",
        data=lambda: csv_bytes(as_shown()),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        icon=":material/download:",
    )
    row.download_button(
        f"Download Excel: {title}",
        data=lambda: xlsx_bytes(as_shown(), replace(context, exported_at=dt.datetime.now(dt.UTC))),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        on_click="ignore",
        icon=":material/table_view:",
    )


def board_pack_buttons(view: View) -> None:
    """'Download the board pack': the current view's pack as HTML (always) and PDF (where Chromium is installed).

    Its buttons are drawn only when it is opened, as for the tables' downloads.
    """
    with drawn_when_open("Download the board pack", "board_pack_menu") as shown:
        if shown:
            _board_pack_buttons(st.container(horizontal=True), view)


def _board_pack_buttons(row: object, view: View) -> None:
    sources = tracker_sources(current_trackers())
    stamp = f"{view.as_at:%Y-%m-%d}" if view.as_at is not None else "latest"
    row.download_button(  # type: ignore[attr-defined]
        "Board pack (HTML)",
        data=lambda: board_pack_html(view, sources).encode("utf-8"),
        file_name=f"ccpl-board-pack-{stamp}.html",
        mime="text/html",
        key="board_pack_html",
        on_click="ignore",
        icon=":material/description:",
        help="The figures, charts and lists of this view in one file that opens offline and prints to A4.",
    )
    if chromium_path():
        row.download_button(  # type: ignore[attr-defined]
            "Board pack (PDF)",
            data=lambda: html_to_pdf(board_pack_html(view, sources)) or b"",
            file_name=f"ccpl-board-pack-{stamp}.pdf",
            mime="application/pdf",
            key="board_pack_pdf",
            on_click="ignore",
            icon=":material/picture_as_pdf:",
            help="The same board pack as an A4 PDF (takes a few seconds).",
        )


def all_data_buttons(store: Store) -> None:
    """Every tracker and every version, as one workbook or a zip of CSVs."""

    sources = tracker_sources(current_trackers())  # captured now: the callables run outside this script run

    def context() -> ExportContext:
        return ExportContext(title="All data: every tracker, every version", trackers=sources)

    row = st.container(horizontal=True)
    row.download_button(
        "All data (Excel)",
        data=lambda: all_data_xlsx(all_data_tables(store), context()),
        file_name="ccpl-all-data.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="all_data_xlsx",
        on_click="ignore",
        icon=":material/table_view:",
    )
    row.download_button(
        "All data (zip of CSVs)",
        data=lambda: all_data_zip(all_data_tables(store), context()),
        file_name="ccpl-all-data.zip",
        mime="application/zip",
        key="all_data_zip",
        on_click="ignore",
        icon=":material/folder_zip:",
    )


def paper_buttons(view: View, texts: PaperTexts, agenda_from: dt.date | None = None) -> None:
    """Download the cover report (Word), Appendix A (PowerPoint, where installed) and the board pack."""
    sources = tracker_sources(current_trackers())  # captured now: the callables run outside this script run
    shipped = organisation_appendices(current_organisation().id)  # its own earlier papers' appendices
    row = st.container(horizontal=True)
    row.download_button(
        "Cover report (Word)",
        data=lambda: cover_report_docx(view, texts),
        file_name=download_name(COVER_REPORT, view),
        mime=DOCX_TYPE,
        key="paper_cover_report",
        on_click="ignore",
        icon=":material/article:",
        help="The ICP/ICB cover report with this view's figures and the written parts below. Edit it in Word.",
    )
    row.download_button(
        "Appendix A (PowerPoint)",
        data=lambda: appendix_a_pptx(view, agenda_from=agenda_from, texts=texts, shipped=shipped),
        file_name=download_name(APPENDIX_A, view),
        mime=PPTX_TYPE,
        key="paper_appendix_a",
        on_click="ignore",
        icon=":material/slideshow:",
        help="The supplementary slides: progress against the framework, the CPLG agenda log, the principles.",
    )
    row.download_button(
        "Board pack (HTML)",
        data=lambda: board_pack_html(view, sources, texts=texts).encode("utf-8"),
        file_name=download_name(BOARD_PACK_HTML, view),
        mime="text/html",
        key="paper_board_pack",
        on_click="ignore",
        icon=":material/description:",
    )
