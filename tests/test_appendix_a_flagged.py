"""A flagged CPLG date in Appendix A (issue 19 item 7, the rule of issue 18): the item keeps its recorded date
with a footnote marker, takes its neighbours' place for windows, never sets a range's end or a title, and in the
paper the flag is one footnote in the board's words."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from docx import Document

from exports.appendix_a import appendix_a_pptx
from exports.cover_report import cover_report_docx
from formatting import FLAG_MARK, month_span, months_sentence
from loaders.tracker_set import DEFAULT_DATA_DIR, load_default_set
from metrics.filters import Filters
from metrics.view import View, build_view
from report.before_you_send import before_you_send
from report.paper import FLAGGED_FOOTNOTE, PaperTexts
from tests.test_papers_as_known import _seed_agenda_items, agenda_items, slides

AUGUST = dt.date(2022, 8, 1)
SOFTWARE_WORDING = ("data check", "flagged", "tracker", "position_date", "_flagged")


@pytest.fixture(scope="module")
def december() -> View:
    return build_view(load_default_set(), Filters(as_at=pd.Timestamp("2022-12-01")))


def _agenda_titles(blob: bytes) -> list[str]:
    return [title for title, _ in slides(blob) if title.startswith("Strengthened CPLG approach")]


@pytest.mark.parametrize("agenda_from", [None, AUGUST])
def test_the_agenda_slides_are_titled_by_the_meetings_not_by_the_flagged_year(
    december: View, agenda_from: dt.date | None
) -> None:
    titles = _agenda_titles(appendix_a_pptx(december, agenda_from=agenda_from))
    assert titles and all(
        t.removesuffix(" (continued)")
        == "Strengthened CPLG approach: summary of considerations (Aug 22 – Nov 22)"
        for t in titles
    ), titles
    assert not any("02" in t for t in titles)  # 'Sep 02' from the paper's '20 September 2002'


def test_agenda_from_august_keeps_the_terms_of_reference_approval(december: View) -> None:
    blob = appendix_a_pptx(december, agenda_from=AUGUST)
    items = agenda_items(blob)
    assert sorted(items) == sorted(_seed_agenda_items()) and len(items) == 7  # as the seed's table
    assert items.count("CPLG Terms of Reference") == 2  # August's discussion and September's approval
    text = "\n".join(t for _, t in slides(blob))
    assert f"20 September 2002 {FLAG_MARK}" in text  # kept as recorded, with its marker


def test_the_flag_is_one_footnote_in_each_paper_in_the_boards_words(december: View) -> None:
    deck = slides(appendix_a_pptx(december, agenda_from=AUGUST))
    marked = [title for title, text in deck if f"2002 {FLAG_MARK}" in text]
    explained = [title for title, text in deck if FLAGGED_FOOTNOTE in text]
    assert len(marked) == 1 and explained == marked  # one footnote, on the slide that carries the mark
    whole = "\n".join(text for _, text in deck)
    assert whole.count(FLAG_MARK) == 2  # the marked date and its footnote, nothing else
    document = Document(io.BytesIO(cover_report_docx(december)))
    cover = "\n".join(p.text for p in document.paragraphs)
    assert cover.count(FLAGGED_FOOTNOTE) == 1 and cover.count(FLAG_MARK) == 2
    for wording in SOFTWARE_WORDING:
        assert wording not in FLAGGED_FOOTNOTE.lower()
        assert wording not in whole.lower() and wording not in cover.lower(), wording


def test_a_flagged_date_after_the_meetings_neither_ends_the_range_nor_leaves_the_paper(
    tmp_path: Path,
) -> None:
    """Typed as 2092 instead of 2002, the item still sits among September 2022's meetings: the title's range
    ends with November 2022, the item is in the December paper, and 'Before you send' names it."""
    data = tmp_path / "future_typo"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    book = openpyxl.load_workbook(data / "cplg_agenda_log.xlsx")
    changed = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if getattr(cell.value, "year", None) == 2002:
                    cell.value, changed = cell.value.replace(year=2092), changed + 1
    assert changed == 1
    book.save(data / "cplg_agenda_log.xlsx")
    view = build_view(load_default_set(data), Filters(as_at=pd.Timestamp("2022-12-01")))
    blob = appendix_a_pptx(view, agenda_from=AUGUST)
    titles = _agenda_titles(blob)
    assert titles and all("(Aug 22 – Nov 22)" in t for t in titles), titles
    assert len(agenda_items(blob)) == 7
    assert f"20 September 2092 {FLAG_MARK}" in "\n".join(t for _, t in slides(blob))
    checks = {c.what: c.detail for c in before_you_send(view, PaperTexts(), AUGUST)}
    assert "'CPLG Terms of Reference', dated 20 September 2092" in checks["Flagged dates"]


def test_an_agenda_of_one_month_is_titled_by_that_month_alone() -> None:
    """'(Nov 22)' and 'in November 2022', not '(Nov 22 – Nov 22)' and 'from November 2022 to November 2022'."""
    assert month_span(dt.date(2022, 11, 15), dt.date(2022, 11, 30)) == "Nov 22"
    assert month_span(dt.date(2022, 8, 2), dt.date(2022, 11, 15)) == "Aug 22 – Nov 22"
    assert months_sentence(dt.date(2022, 11, 15), dt.date(2022, 11, 15)) == "in November 2022"
    assert months_sentence(dt.date(2022, 8, 2), dt.date(2022, 11, 15)) == "from August 2022 to November 2022"
    view = build_view(load_default_set(DEFAULT_DATA_DIR), Filters(as_at=pd.Timestamp("2023-02-08")))
    titled = slides(appendix_a_pptx(view, agenda_from=dt.date(2022, 11, 1)))
    agenda = [title for title, _ in titled if title.startswith("Strengthened CPLG approach")]
    assert agenda and all(t.endswith("(Nov 22)") for t in agenda), agenda
