"""Issue 19 items 1 and 3 (cover side): from the shipped data, the cover report of 8 February 2023 comes out as
the board received it, paragraph by paragraph; the computed paragraphs follow the trackers while the written
ones stay; no placeholder is printed; every cross-reference lands on something the members receive."""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from docx import Document

from exports.__main__ import main
from exports.cover_report import cover_report_docx
from exports.cross_references import cover_paragraph_numbers, unresolved_in_papers
from loaders.tracker_set import load_default_set
from metrics.filters import Filters
from metrics.view import build_view
from report.cross_references import rewrite_cover_references
from report.paper import PaperTexts, cover_paragraph, missing_written_parts
from report.texts_file import read_texts_file
from settings import data_dir

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_85bcfbe1e7397dab.txt"
if not SEED.exists():
    SEED = Path("/work/shared/seeds/000_85bcfbe1e7397dab.txt")
SHIPPED = data_dir() / "paper_texts_2023-02-08.md"
PLACEHOLDERS = ("to be named", "number to be given", "To be written", "(to be", "placeholder text")


def normal(text: str) -> str:
    """Whitespace collapsed, markup and superscript tags stripped, case folded."""
    text = re.sub(r"</?sup>", "", text).replace("\\*", "*")
    text = re.sub(r"\*+", "", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def seed_numbered_paragraphs() -> list[tuple[str, str]]:
    """(number, first line's text) of every numbered paragraph of the seed cover report, in order."""
    found = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^\s*(?:-\s*)?(\d{1,2}\.\d{1,2})\s+(.+)$", line):
            found.append((match.group(1), match.group(2)))
    return found


def seed_decisions() -> list[str]:
    return [
        m.group(1)
        for line in SEED.read_text(encoding="utf-8").splitlines()
        if (m := re.match(r"^\*{2,3}(The ICB Board .+?)\*{2,3}$", line.strip()))
    ]


@pytest.fixture(scope="module")
def february(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from store.db import DATABASE_URL_VARIABLE, STATE_DIR_VARIABLE

    out = tmp_path_factory.mktemp("february")
    with pytest.MonkeyPatch.context() as patch:  # a new store of its own (conftest's isolation is per test)
        patch.delenv(DATABASE_URL_VARIABLE, raising=False)
        patch.setenv(STATE_DIR_VARIABLE, str(tmp_path_factory.mktemp("state")))
        assert main(["papers", str(out), "--as-at", "2023-02-08", "--no-pdf"]) == 0
    return out


def test_the_seed_cover_report_regenerates_paragraph_by_paragraph(february: Path) -> None:
    blob = (february / "cover-report.docx").read_bytes()
    numbers, every = cover_paragraph_numbers(blob)
    seed = seed_numbered_paragraphs()
    assert len(seed) == 29  # 1.1-3.1, 4.1-4.19, 5.1-11.1
    order = list(numbers)
    last = -1
    for number, first_line in seed:
        assert number in numbers, f"{number} is missing from the generated cover report"
        assert normal(first_line) in normal(numbers[number]), (number, first_line, numbers[number])
        assert order.index(number) > last
        last = order.index(number)
    text = normal(" ".join(t for _, t in every))
    for decision in seed_decisions():
        assert normal(decision) in text
    document = Document(io.BytesIO(blob))
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Heading 3", "Leadership Roles: Substantive Chair (Appendix C)") in styles
    assert sum(s == "List Bullet" and "facets" in t for s, t in styles) >= 2
    assert [t for s, t in styles if s == "List Number"][
        0
    ] == "Understand what CCPL is and why it is important"
    decision = next(
        p for p in document.paragraphs if p.text.startswith("The ICB Board approved the new CPLG ToR")
    )
    assert all(r.bold and r.italic for r in decision.runs)
    head = [p.text for p in document.paragraphs[:6]]
    assert "ITEM 10" in head and any(t.startswith("Report sponsor: Chris Weiner") for t in head)
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert [
        "Report sponsor",
        "Chris Weiner, Chief Medical Officer, Integrated Care Board",
        "31.01.2023",
    ] in cells
    assert ["Legal", "", ""] not in cells  # no empty sign-off rows
    bullets_after_list = [p.text for p in document.paragraphs if p.style.name == "List Bullet"][-4:]
    assert bullets_after_list[-1] == "Appendix D – CCPL NHSE Support Offer - JUCD Comms"


def test_a_changed_tracker_changes_the_computed_paragraphs_and_not_the_written_ones() -> None:
    texts = read_texts_file(SHIPPED)
    view = build_view(load_default_set(), Filters(as_at=pd.Timestamp("2023-02-08")))
    before, _ = cover_paragraph_numbers(cover_report_docx(view, texts))
    priorities = view.priorities.copy()
    first = priorities.index[priorities["status"] != "Complete"][0]
    priorities.loc[first, "status"] = "Complete"
    changed = dataclasses.replace(view, priorities=priorities)
    after, _ = cover_paragraph_numbers(cover_report_docx(changed, texts))
    written = [f"4.{n}" for n in range(1, 20)] + ["1.1", "2.1", "3.1", "5.1"]
    assert all(before[n] == after[n] for n in written)
    assert before["4.20"] != after["4.20"]  # the summary of progress, computed
    assert "1 of 24 priorities is complete" in before["4.20"]
    assert "2 of 24 priorities are complete" in after["4.20"]


def test_no_placeholder_prints_and_missing_parts_are_named() -> None:
    view = build_view(load_default_set(), Filters())
    document = Document(io.BytesIO(cover_report_docx(view, PaperTexts())))
    text = "\n".join(p.text for p in document.paragraphs)
    assert not any(p in text for p in PLACEHOLDERS)
    assert "ITEM" not in text.split("\n")[:4]
    assert not document.tables[1:]  # the figures only: no empty sign-off table
    assert missing_written_parts(PaperTexts()) == [
        "the item number",
        "the report sponsor",
        "the report author",
        "the supporting information (section 4)",
        "the public/stakeholder engagement (section 5)",
        "the sign-off",
    ]
    assert missing_written_parts(read_texts_file(SHIPPED)) == []


def test_references_to_cover_paragraphs_follow_this_papers_numbering_or_are_dropped() -> None:
    seed = read_texts_file(SHIPPED)
    assert cover_paragraph(seed, "4.7") == "4.7"
    assert cover_paragraph(seed, "4.20") is None  # not a written paragraph
    assert cover_paragraph(PaperTexts(), "4.7") is None
    no_purpose = seed.with_changes(purpose="")
    assert cover_paragraph(no_purpose, "4.7") == "3.7"  # the sections renumber when one is left out

    def rewrite(text: str, texts: PaperTexts) -> str:
        return rewrite_cover_references(text, lambda n: cover_paragraph(texts, n))

    line = "the ToR (cover report 4.7). Also (Appendix A; cover report 4.3) and (cover report 4.8, 4.10, 4.13-4.14)"
    assert rewrite(line, seed) == line
    assert rewrite(line, PaperTexts()) == "the ToR. Also (Appendix A) and"
    assert rewrite(line, no_purpose) == (
        "the ToR (cover report 3.7). Also (Appendix A; cover report 3.3) and (cover report 3.8, 3.10, 3.13-3.14)"
    )


@pytest.mark.parametrize("as_at", ["2022-12-01", "2023-02-08"])
def test_every_cross_reference_in_the_cover_report_resolves(as_at: str, tmp_path: Path) -> None:
    assert main(["papers", str(tmp_path), "--as-at", as_at, "--no-pdf"]) == 0
    assert unresolved_in_papers((tmp_path / "cover-report.docx").read_bytes()) == []


@pytest.mark.parametrize("as_at", ["2022-12-01", "2023-02-08"])
def test_every_cross_reference_in_both_papers_resolves(as_at: str, tmp_path: Path) -> None:
    """The deck's '(see appendix 2)' and '(see appendix 3)' resolve once branch sendcheck's appendices are in."""
    assert main(["papers", str(tmp_path), "--as-at", as_at, "--no-pdf"]) == 0
    found = unresolved_in_papers(
        (tmp_path / "cover-report.docx").read_bytes(), (tmp_path / "appendix-a.pptx").read_bytes()
    )
    assert [(u.paper, u.where, u.reference) for u in found] == []


def test_the_checker_finds_what_does_not_resolve() -> None:
    view = build_view(load_default_set(), Filters(as_at=pd.Timestamp("2023-02-08")))
    texts = PaperTexts(narrative="See the board pack and (cover report 4.9) and Appendix C.")
    found = {u.reference for u in unresolved_in_papers(cover_report_docx(view, texts))}
    assert found == {"the board pack", "Appendix C", "cover report 4.9"}  # 4.1 is the only written paragraph
    texts = PaperTexts(narrative="Go to the dashboard's CPLG decisions page; cover report 4.1.")
    found = {u.reference for u in unresolved_in_papers(cover_report_docx(view, texts))}
    assert found == {"the dashboard's CPLG decisions page"}


def test_a_paper_without_those_written_paragraphs_cites_none_of_them_in_either_paper() -> None:
    from exports.appendix_a import appendix_a_pptx
    from exports.cross_references import deck_texts

    view = build_view(load_default_set(), Filters(as_at=pd.Timestamp("2023-02-08")))
    plain = PaperTexts()
    cover = cover_report_docx(view, plain)
    deck = appendix_a_pptx(view, texts=plain)
    every = cover_paragraph_numbers(cover)[1] + deck_texts(deck)
    assert not [text for _, text in every if "cover report" in text]
    shipped = read_texts_file(SHIPPED)
    cited = [t for _, t in deck_texts(appendix_a_pptx(view, texts=shipped)) if "cover report 4.8, 4.10" in t]
    assert cited  # with the February words, the deck cites them as the seed did
