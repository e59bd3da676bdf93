"""A paper covers the period since the previous paper presented to the board (a locked snapshot), or, when
none was presented, the four months before its 'as at' date (issue 19 item 6, as the brief for item 7 asks)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pandas as pd
from docx import Document
from pptx import Presentation

from exports.__main__ import main
from services.seeding import ensure_ready
from settings import data_dir
from store.db import database_url, make_engine
from store.repository import Store

DECEMBER = dt.date(2022, 12, 1)


def _agenda(deck: Path) -> tuple[list[str], str]:
    """The meeting dates listed in Appendix A's CPLG agenda slides, and those slides' text."""
    dates, text = [], []
    for slide in Presentation(str(deck)).slides:
        if slide.shapes.title.text_frame.text.startswith("Strengthened CPLG approach"):
            text += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
            table = next((sh for sh in slide.shapes if sh.has_table), None)
            if table is not None:
                dates += [row.cells[0].text for row in list(table.table.rows)[1:]]
    return dates, "\n".join(text)


def _agenda_dates(deck: Path) -> list[str]:
    return _agenda(deck)[0]


def _cover(path: Path) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(path.read_bytes())).paragraphs)


def _store() -> Store:
    store = Store(make_engine(database_url()))  # the isolated state folder tests/conftest.py sets
    ensure_ready(store, data_dir())
    return store


def test_with_the_december_paper_presented_the_february_paper_covers_since_1_december(tmp_path: Path) -> None:
    _store().lock_snapshot(DECEMBER, dt.date(2022, 12, 7), "chair@nhs.net")
    assert main(["papers", str(tmp_path), "--as-at", "2023-02-08", "--no-pdf"]) == 0
    dates, text = _agenda(tmp_path / "appendix-a.pptx")
    assert dates == []  # CPLG met next in 2023 after the as-at date: nothing since the December paper
    assert "No CPLG agenda item is recorded between 1 December 2022 and 8 February 2023" in text
    assert "between 1 December 2022 and 8 February 2023" in _cover(tmp_path / "cover-report.docx")


def test_with_no_paper_presented_the_february_paper_covers_the_four_months_before_it(tmp_path: Path) -> None:
    _store()  # the shipped trackers: two snapshots, neither presented to the board
    assert main(["papers", str(tmp_path), "--as-at", "2023-02-08", "--no-pdf"]) == 0
    dates = [pd.Timestamp(d) for d in _agenda_dates(tmp_path / "appendix-a.pptx")]
    # the unlocked December snapshot is not a paper: the CPLG meeting of 15 November 2022 is in the window
    assert pd.Timestamp(2022, 11, 15) in dates and min(dates) > pd.Timestamp(2022, 10, 8)
    assert "between 8 October 2022 and 8 February 2023" in _cover(tmp_path / "cover-report.docx")


def test_a_paper_as_at_the_presented_date_itself_is_not_its_own_previous_paper(tmp_path: Path) -> None:
    _store().lock_snapshot(DECEMBER, dt.date(2022, 12, 7), "chair@nhs.net")
    assert main(["papers", str(tmp_path), "--as-at", "2022-12-01", "--no-pdf"]) == 0
    dates = _agenda_dates(tmp_path / "appendix-a.pptx")
    assert len(dates) == 7  # the seed's 'Aug 22 – Nov 22': the four months before 1 December 2022
