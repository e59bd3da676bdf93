"""The cross-reference checker: every reference in a generated cover report (.docx) and Appendix A (.pptx)
that does not land on something the members receive (report.cross_references says what each kind is)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from docx import Document
from docx.oxml.ns import qn
from pptx import Presentation

from exports.cover_report import NUMBERING_ID
from report.cross_references import (
    APPENDIX_REFERENCE,
    COVER_REFERENCE,
    NOT_RECEIVED,
    expand_span,
    span_numbers,
)


@dataclass(frozen=True)
class Unresolved:
    paper: str  # 'cover report' or 'Appendix A'
    where: str  # the paragraph number, or 'slide N'
    reference: str
    text: str


def cover_paragraph_numbers(docx: bytes) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(number -> text of each numbered paragraph of the cover report, [(where, text)] of every paragraph and
    table cell): numbers are counted as Word shows them (the numbered headings count sections, paragraphs are
    'section.n')."""
    document = Document(io.BytesIO(docx))
    numbers: dict[str, str] = {}
    every: list[tuple[str, str]] = []
    section, item, where = 0, 0, "top"
    for paragraph in document.paragraphs:
        num = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num is not None and num.find(qn("w:numId")).get(qn("w:val")) == str(NUMBERING_ID):
            if num.find(qn("w:ilvl")).get(qn("w:val")) == "0":
                section, item = section + 1, 0
                where = f"heading {section}"
            else:
                item += 1
                where = f"{section}.{item}"
                numbers[where] = paragraph.text
        every.append((where, paragraph.text))
    for table in document.tables:
        for row in table.rows:
            every.extend(("table", cell.text) for cell in row.cells)
    return numbers, every


def cover_appendices(every: Iterable[tuple[str, str]]) -> set[str]:
    """The appendices the cover lists (after 'List of appendices:'), as upper-case letters or numbers."""
    listed: set[str] = {"A"}
    after = False
    for _, text in every:
        if text.strip().startswith("List of appendices"):
            after = True
            continue
        if after:
            listed.update(m.group(1).upper() for m in APPENDIX_REFERENCE.finditer(text[:40]))
    return listed


def deck_texts(pptx: bytes) -> list[tuple[str, str]]:
    """('slide N', text) of every text frame and table cell of the deck, and its notes."""
    deck = Presentation(io.BytesIO(pptx))
    out: list[tuple[str, str]] = []
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.append((f"slide {number}", shape.text_frame.text))
            if getattr(shape, "has_table", False) and shape.has_table:
                out.extend((f"slide {number}", cell.text) for row in shape.table.rows for cell in row.cells)
    return out


def deck_appendices(pptx: bytes) -> set[str]:
    """The numbered appendices the deck has: slides whose title starts 'Appendix N'."""
    deck = Presentation(io.BytesIO(pptx))
    found: set[str] = set()
    for slide in deck.slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        if m := re.match(r"\s*Appendix\s+(\d{1,2})\b", title, re.I):
            found.add(m.group(1))
    return found


def _check(
    paper: str,
    texts: Iterable[tuple[str, str]],
    paragraphs: dict[str, str],
    appendices: set[str],
) -> list[Unresolved]:
    out = []
    for where, text in texts:
        for match in COVER_REFERENCE.finditer(text):
            for first, last in span_numbers(match.group(1)):
                for number in expand_span(first, last):
                    if number not in paragraphs:
                        out.append(Unresolved(paper, where, f"cover report {number}", text))
        for match in APPENDIX_REFERENCE.finditer(text):
            if match.group(1).upper() not in appendices:
                out.append(Unresolved(paper, where, match.group(0), text))
        for match in NOT_RECEIVED.finditer(text):
            out.append(Unresolved(paper, where, match.group(0), text))
    return out


def unresolved_in_papers(docx: bytes, pptx: bytes | None = None) -> list[Unresolved]:
    """Every reference in the cover report (and Appendix A, when given) that does not resolve."""
    paragraphs, every = cover_paragraph_numbers(docx)
    listed = cover_appendices(every)
    found = _check("cover report", every, paragraphs, listed)
    if pptx is not None:
        found += _check("Appendix A", deck_texts(pptx), paragraphs, listed | deck_appendices(pptx))
    return found
