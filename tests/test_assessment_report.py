"""The self-assessment in the report layer: one section, rendered by the board pack (HTML/PDF) and the
Word cover report the same way as the other sections; absent rounds give words, not errors."""

from __future__ import annotations

import io
import shutil

import pandas as pd
import pytest
from docx import Document

from exports.board_pack import board_pack_html
from exports.cover_report import cover_report_docx
from loaders.tracker_set import DEFAULT_DATA_DIR, evidence_ids, load_default_set
from metrics.filters import Filters
from metrics.self_assessment import NO_ASSESSMENT
from metrics.view import View, build_view
from report import sections as story
from tools.synthetic import assessment_bytes


@pytest.fixture(scope="module")
def assessed(tmp_path_factory: pytest.TempPathFactory) -> View:
    directory = tmp_path_factory.mktemp("assessed")
    for path in DEFAULT_DATA_DIR.glob("*.xlsx"):
        shutil.copy(path, directory)
    ids = sorted(evidence_ids(load_default_set()))
    (directory / "principles_assessment.xlsx").write_bytes(assessment_bytes(3, ids, seed=5))
    return build_view(load_default_set(directory), Filters())


def test_the_section_carries_the_sentence_table_and_chart_data(assessed: View) -> None:
    section = story.assessment(assessed)
    assert not section.empty
    assert "principles at or above target (assessed 15 March 2024)" in section.sentence
    assert "Levels over 3 rounds" in section.sentence
    assert section.figures[0].label == "Principles at or above target"
    assert section.table.headings()[:4] == ["Principle", "Title", "Level", "Target"]
    assert len(section.table.rows()) == 5
    assert {"principle", "assessment_date", "who", "level", "title", "latest_target"} <= set(
        section.data.columns
    )


def test_without_a_round_the_section_says_how_to_start() -> None:
    section = story.assessment(build_view(load_default_set(), Filters()))
    assert section.empty == NO_ASSESSMENT


def test_the_board_pack_shows_the_section_with_its_chart(assessed: View) -> None:
    html = board_pack_html(assessed, [])
    assert "<h2>Self-assessment against the principles</h2>" in html
    assert 'id="chart-assessment"' in html or "chart-assessment" in html
    assert "Level over the assessment rounds, per principle" in html
    empty = board_pack_html(build_view(load_default_set(), Filters()), [])
    assert "No self-assessment against the principles has been recorded yet." in empty


def test_the_word_cover_report_states_the_self_assessment(
    assessed: View, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # A paper states what was known on its date: as at 31 March 2024 the round of 15 March 2024 is known;
    # as at 8 February 2023 (the latest snapshot, the default) it was not (issue 19, item 4).
    directory = tmp_path_factory.mktemp("after_the_round")
    for path in DEFAULT_DATA_DIR.glob("*.xlsx"):
        shutil.copy(path, directory)
    ids = sorted(evidence_ids(load_default_set()))
    (directory / "principles_assessment.xlsx").write_bytes(assessment_bytes(3, ids, seed=5))
    later = build_view(load_default_set(directory), Filters(as_at=pd.Timestamp("2024-03-31")))
    document = Document(io.BytesIO(cover_report_docx(later)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Self-assessment against the principles: " in text
    assert "principles at or above target (assessed 15 March 2024)" in text
    before = Document(io.BytesIO(cover_report_docx(assessed)))
    assert "15 March 2024" not in "\n".join(p.text for p in before.paragraphs)
    plain = Document(io.BytesIO(cover_report_docx(build_view(load_default_set(), Filters()))))
    assert "Self-assessment" not in "\n".join(p.text for p in plain.paragraphs)
