"""Issue 19 items 4-6: a paper as at D says what was known at D, in the board's language, and covers the
period since the previous paper (not the whole agenda log again)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from pptx import Presentation

from exports.__main__ import main
from exports.appendix_a import appendix_a_pptx
from exports.cover_report import cover_report_docx
from loaders.tracker_set import DEFAULT_DATA_DIR, evidence_ids, load_default_set
from metrics.filters import Filters
from metrics.view import View, build_view
from report import paper
from report.paper import PaperTexts
from tools.synthetic import assessment_bytes, write_large_set

SEED_APPENDIX = Path("/work/shared/seeds/004_62c5b644edaa21f3.txt")


def view_at(day: str, directory: Path | None = None) -> View:
    trackers = load_default_set(directory) if directory else load_default_set()
    return build_view(trackers, Filters(as_at=pd.Timestamp(day)))


def docx_text(blob: bytes) -> str:
    document = Document(io.BytesIO(blob))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def slides(blob: bytes) -> list[tuple[str, str]]:
    """(title, all text) per slide."""
    out = []
    for slide in Presentation(io.BytesIO(blob)).slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [c.text for r in shape.table.rows for c in r.cells]
        out.append((slide.shapes.title.text_frame.text, "\n".join(parts)))
    return out


def agenda_items(blob: bytes) -> list[str]:
    """The Item cell of every agenda row in the deck."""
    items = []
    for slide in Presentation(io.BytesIO(blob)).slides:
        if slide.shapes.title.text_frame.text.startswith("Strengthened CPLG approach"):
            tables = [sh.table for sh in slide.shapes if sh.has_table]
            if not tables:
                continue  # a slide saying there is nothing in the period
            table = tables[0]
            items += [
                row.cells[1].text for row in list(table.rows)[1:] if "(continued)" not in row.cells[0].text
            ]
    return items


@pytest.fixture(scope="module")
def papers() -> dict[str, str]:
    """Both seed papers' text (cover report and Appendix A), as generated from the shipped data."""
    texts = {}
    for day in ("2022-12-01", "2023-02-08"):
        view = view_at(day)
        texts[day] = docx_text(cover_report_docx(view, PaperTexts(meeting_date="12/04/2023"))) + "\n".join(
            text for _, text in slides(appendix_a_pptx(view))
        )
    return texts


# ---- item 4: tied to the as-at date


def test_before_the_first_snapshot_the_command_refuses_and_says_the_first_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "papers"
    assert main(["papers", str(out), "--as-at", "2022-06-01", "--no-pdf"]) == 2
    said = capsys.readouterr()
    assert "1 December 2022" in said.err + said.out
    assert not (out / "appendix-a.pptx").exists() and not (out / "cover-report.docx").exists()
    early = view_at("2022-06-01")
    assert "1 December 2022" in (paper.paper_refusal(early) or "")
    assert paper.paper_refusal(view_at("2022-12-01")) is None
    with pytest.raises(ValueError, match="1 December 2022"):
        appendix_a_pptx(early)
    with pytest.raises(ValueError, match="1 December 2022"):
        cover_report_docx(early)


def test_a_self_assessment_round_after_the_as_at_date_is_left_out(tmp_path: Path) -> None:
    for path in DEFAULT_DATA_DIR.glob("*.xlsx"):
        shutil.copy(path, tmp_path)
    ids = sorted(evidence_ids(load_default_set()))
    (tmp_path / "principles_assessment.xlsx").write_bytes(assessment_bytes(3, ids, seed=5))
    later = docx_text(cover_report_docx(view_at("2024-06-01", tmp_path)))
    assert "15 March 2024" in later  # the rounds are there when known
    text = docx_text(cover_report_docx(view_at("2023-02-08", tmp_path)))
    assert not re.search(r"20(2[4-9])", text), "a round after 8 February 2023 is reported"


def test_events_and_achievements_after_the_as_at_date_are_left_out() -> None:
    view = view_at("2022-12-01")
    later_event = view.events.assign(date=pd.Timestamp("2023-01-20"), event="A January 2023 event").head(1)
    later = dataclasses.replace(
        view,
        **{
            "events": pd.concat([view.events, later_event], ignore_index=True),
            "achievements": pd.concat(
                [
                    view.achievements,
                    view.achievements.head(1).assign(
                        achievement="Achieved in January 2023", date_achieved=pd.Timestamp("2023-01-20")
                    ),
                ],
                ignore_index=True,
            ),
        },
    )
    text = docx_text(cover_report_docx(later)) + "\n".join(t for _, t in slides(appendix_a_pptx(later)))
    assert "A January 2023 event" not in text and "Achieved in January 2023" not in text


# ---- item 5: the board's language


SOFTWARE = (
    "tracker",
    "uploaded",
    "icon",
    "No facet",
    "Not recorded",
    "python -m",
    "dashboard",
    "filter",
    "snapshot",
    "editable",
    "data checks",
    "sidebar",
    "dashboard's Overview",
    "in view",
    "1 of 24 priorities are complete",
    "12/04/2023",
    "None recorded",
)


@pytest.mark.parametrize("day", ["2022-12-01", "2023-02-08"])
def test_no_software_wording_in_either_paper(papers: dict[str, str], day: str) -> None:
    text = papers[day]
    found = [phrase for phrase in SOFTWARE if phrase.lower() in text.lower()]
    assert not found, f"software wording in the paper as at {day}: {found}"
    assert text.count("(assumed)") <= 1, "an assumption is stated once, in a footnote"
    assert "12 April 2023" in text  # the meeting date as the board reads it


def test_assumed_due_dates_are_marked_and_explained_once() -> None:
    view = view_at("2023-02-08")
    cover = docx_text(cover_report_docx(view))
    assert "due 31 May 2023*" in cover and "(assumed)" not in cover
    assert cover.count("Due dates marked * are assumed") == 1
    for title, text in slides(appendix_a_pptx(view)):
        assert "(assumed)" not in text
        if "due 31 May 2023*" in text:  # each slide that marks a date explains the mark once
            assert text.count("Due dates marked * are assumed") == 1, title


# ---- item 6: the period since the previous paper


def _seed_agenda_items() -> list[str]:
    """The items of the seed's 'Aug 22 – Nov 22' table (the part with the facet column)."""
    text = SEED_APPENDIX.read_text(encoding="utf-8")
    first = text.split("Strengthened CPLG approach: Summary of considerations (Aug 22 – Nov 22)")[1]
    rows = [line.split("\t") for line in first.splitlines() if line.count("\t") >= 5]
    return [row[1].strip() for row in rows[1:]]


def test_the_december_appendix_lists_exactly_the_seeds_seven_items() -> None:
    seed = _seed_agenda_items()
    assert len(seed) == 7
    deck = appendix_a_pptx(view_at("2022-12-01"))
    assert sorted(agenda_items(deck)) == sorted(seed)
    titles = [title for title, _ in slides(deck)]
    assert any(
        t.startswith("Strengthened CPLG approach: summary of considerations (Aug 22 – Nov 22)")
        for t in titles
    )


def test_the_february_appendix_lists_only_the_items_since_the_december_paper() -> None:
    # the December paper is the previous paper once it was presented to the board (a locked snapshot); an
    # uploaded snapshot alone is not a paper (tests/test_papers_presented.py)
    view = build_view(load_default_set(), Filters(as_at=pd.Timestamp("2023-02-08")), [dt.date(2022, 12, 1)])
    deck = appendix_a_pptx(view)
    since = view.agenda[(view.agenda["position_date"] > pd.Timestamp("2022-12-01"))]
    assert len(agenda_items(deck)) == len(since)
    agenda_slides = [t for t, _ in slides(deck) if t.startswith("Strengthened CPLG approach")]
    assert len(agenda_slides) == 1  # one slide saying what the period held, not the whole log again
    whole = appendix_a_pptx(view, agenda_from=dt.date(2022, 1, 1))  # the window can still be set
    assert len(agenda_items(whole)) == len(view.agenda)


def test_new_achievements_since_the_previous_paper_are_marked_new() -> None:
    text = "\n".join(t for _, t in slides(appendix_a_pptx(view_at("2023-02-08"))))
    assert "New: The ICB Board approved the new CPLG Chair Job Description" in text
    assert "New: Chair of CPLG is a member" not in text
    december = "\n".join(t for _, t in slides(appendix_a_pptx(view_at("2022-12-01"))))
    assert "New: " not in december  # no previous paper to be new against


def test_a_large_set_gives_a_deck_of_sane_size(tmp_path: Path) -> None:
    write_large_set(tmp_path / "set", themes=8, priorities=120, events=10, agenda=600)
    view = build_view(load_default_set(tmp_path / "set"), Filters())
    everything = appendix_a_pptx(view, agenda_from=dt.date(1990, 1, 1))
    deck = appendix_a_pptx(view)
    agenda = [t for t, _ in slides(deck) if t.startswith("Strengthened CPLG approach")]
    whole = [t for t, _ in slides(everything) if t.startswith("Strengthened CPLG approach")]
    assert len(whole) > 30 and len(agenda) <= 12


def test_the_pages_say_when_they_show_a_snapshot_later_than_the_as_at_date() -> None:
    from ui.components import _header_lines

    lines = " ".join(_header_lines(view_at("2022-06-01")))
    assert "No framework snapshot was taken on or before 1 June 2022" in lines and "1 December 2022" in lines
    assert "No framework snapshot" not in " ".join(_header_lines(view_at("2022-12-20")))
