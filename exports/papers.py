"""The board papers of a view as files: cover report (Word), Appendix A (PowerPoint), board pack (HTML, PDF)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from exports.appendix_a import appendix_a_pptx
from exports.board_pack import board_pack_html
from exports.cover_report import cover_report_docx
from exports.pdf import html_to_pdf
from formatting import file_date
from metrics.view import View
from report.appendices import Appendix
from report.paper import PaperTexts

COVER_REPORT = "cover-report.docx"
APPENDIX_A = "appendix-a.pptx"
BOARD_PACK_HTML = "board-pack.html"
BOARD_PACK_PDF = "board-pack.pdf"

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def download_name(kind: str, view: View) -> str:
    """'ccpl-cover-report-2023-02-08.docx'."""
    stem, suffix = kind.rsplit(".", 1)
    return f"ccpl-{stem}-{file_date(view.as_at)}.{suffix}"


@dataclass(frozen=True)
class Written:
    path: Path
    note: str = ""


def write_papers(
    out_dir: Path,
    view: View,
    sources: list[tuple[str, str]],
    texts: PaperTexts,
    agenda_from: dt.date | None = None,
    pdf: bool = True,
    shipped: Sequence[Appendix] | None = None,
) -> list[Written]:
    """Write every paper into out_dir; what could not be made is said in a note, not silently left out."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    written_at = dt.datetime.now(dt.UTC)  # one time on both files
    path = out_dir / COVER_REPORT
    path.write_bytes(cover_report_docx(view, texts, written_at=written_at))
    written.append(Written(path))
    path = out_dir / APPENDIX_A
    path.write_bytes(
        appendix_a_pptx(view, agenda_from=agenda_from, texts=texts, written_at=written_at, shipped=shipped)
    )
    written.append(Written(path))
    html = board_pack_html(view, sources, texts=texts)
    path = out_dir / BOARD_PACK_HTML
    path.write_text(html, encoding="utf-8")
    written.append(Written(path))
    if pdf:
        printed = html_to_pdf(html)
        if printed is None:
            written.append(Written(out_dir / BOARD_PACK_PDF, "not written: no Chromium is installed"))
        else:
            path = out_dir / BOARD_PACK_PDF
            path.write_bytes(printed)
            written.append(Written(path))
    return written
