"""`python -m exports papers OUT_DIR [--as-at]`: the board papers from the stored data."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from docx import Document

from exports.__main__ import main
from exports.pdf import chromium_path
from report.paper import PaperTexts
from services.seeding import ensure_ready
from settings import data_dir
from store.db import database_url, make_engine
from store.papers import save_paper_texts
from store.repository import Store


def paragraphs(path: Path) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(path.read_bytes())).paragraphs)


def test_writes_the_papers_from_the_stored_data_with_the_saved_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store(make_engine(database_url()))  # the isolated state folder tests/conftest.py sets
    ensure_ready(store, data_dir())
    save_paper_texts(
        store, dt.date(2023, 2, 8), PaperTexts(item="10", sponsor="Chris Weiner").to_dict(), "ed@nhs.net"
    )
    out = tmp_path / "papers"
    assert (
        main(["papers", str(out), "--as-at", "2023-02-08", *([] if chromium_path() else ["--no-pdf"])]) == 0
    )
    text = paragraphs(out / "cover-report.docx")
    assert "ITEM 10" in text and "Chris Weiner" in text and "As at 8 February 2023 the framework" in text
    assert "<h2>Changes since the previous snapshot</h2>" in (out / "board-pack.html").read_text(
        encoding="utf-8"
    )
    if chromium_path():
        assert (out / "board-pack.pdf").read_bytes().startswith(b"%PDF")
    from pptx import Presentation

    deck = Presentation(str(out / "appendix-a.pptx"))
    assert len(deck.slides) > 3
    cover = Document(str(out / "cover-report.docx")).core_properties
    stamps = {  # python-docx reads the dates as UTC, python-pptx as naive UTC
        stamp.replace(tzinfo=None)
        for stamp in (
            cover.created,
            cover.modified,
            deck.core_properties.created,
            deck.core_properties.modified,
        )
    }
    assert len(stamps) == 1  # both papers dated with one time: when they were written
    assert abs(dt.datetime.now(dt.UTC).replace(tzinfo=None) - stamps.pop()) < dt.timedelta(minutes=10)


def test_an_earlier_as_at_date_starts_from_the_snapshot_then_in_force(tmp_path: Path) -> None:
    assert main(["papers", str(tmp_path), "--as-at", "2022-12-20", "--no-pdf"]) == 0
    text = paragraphs(tmp_path / "cover-report.docx")
    assert "As at 20 December 2022 the framework" in text
    assert "This is the first progress report against the framework" in text  # nothing earlier to compare


def test_a_date_in_the_wrong_form_is_refused_with_the_form_to_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["papers", str(tmp_path), "--as-at", "08/02/2023"])
    assert exit_.value.code == 2
    assert "is not a date written as YYYY-MM-DD, e.g. 2023-02-08" in capsys.readouterr().err
