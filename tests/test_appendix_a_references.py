"""Appendix A's references resolve (issue 19 item 3, the deck's side): every '(see appendix N)' on a slide points
to an appendix the deck has, and the seed's appendices 2 and 3 are carried as far as the paper's text allows."""

from __future__ import annotations

import dataclasses
import io
import re

import pandas as pd
import pytest
from pptx import Presentation

from exports.appendix_a import appendix_a_pptx
from loaders.tracker_set import load_default_set
from metrics.filters import Filters
from metrics.view import View, build_view
from report.appendices import NOT_REPRODUCED, resolve_references
from tests.test_appendix_a import assert_nothing_overflows

REFERENCE = re.compile(r"\bappendix\s+(\d+)\b", re.IGNORECASE)
HEADING = re.compile(r"^Appendix (\d+):")


def view_at(day: str) -> View:
    return build_view(load_default_set(), Filters(as_at=pd.Timestamp(day)))


def slide_texts(deck: Presentation) -> list[tuple[str, list[str]]]:
    """(title, every other text on the slide: text boxes and table cells) per slide."""
    out = []
    for slide in deck.slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        texts = []
        for shape in slide.shapes:
            if shape == slide.shapes.title:
                continue
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
        out.append((title, texts))
    return out


def unresolved(deck: Presentation) -> list[tuple[int, str]]:
    """(slide number, reference) for every 'appendix N' in a slide's text with no slide titled 'Appendix N: …'."""
    pages = slide_texts(deck)
    present = {int(m.group(1)) for title, _ in pages if (m := HEADING.match(title))}
    return [
        (number, match.group(0))
        for number, (_, texts) in enumerate(pages, start=1)
        for text in texts
        for match in REFERENCE.finditer(text)
        if int(match.group(1)) not in present
    ]


@pytest.mark.parametrize("day", ["2022-12-01", "2023-02-08"])
def test_every_appendix_reference_on_a_slide_resolves(day: str) -> None:
    deck = Presentation(io.BytesIO(appendix_a_pptx(view_at(day))))
    pages = slide_texts(deck)
    references = [m.group(0) for _, texts in pages for t in texts for m in REFERENCE.finditer(t)]
    assert {"appendix 2", "appendix 3"} <= {r.lower() for r in references}  # the seed's, to resolve...
    assert unresolved(deck) == []  # ...and each has its appendix in the deck


@pytest.mark.parametrize("day", ["2022-12-01", "2023-02-08"])
def test_appendices_2_and_3_are_carried_at_the_end_marked_as_from_the_paper(day: str) -> None:
    deck = Presentation(io.BytesIO(appendix_a_pptx(view_at(day))))
    pages = slide_texts(deck)
    titles = [title for title, _ in pages]
    assert titles[-2].startswith("Appendix 2: CPLG Connectivity to ICS Functions & Decision Making")
    assert titles[-1].startswith(
        "Appendix 3: Our agreed Distributed Clinical and Care Professional System Leadership Behaviour Framework"
    )
    connectivity, behaviours = (" ".join(texts) for _, texts in pages[-2:])
    # as far as the text allows: the diagram's notes, and that the picture itself is not reproduced
    assert "at a point in time and may be subject to change" in connectivity
    assert "The Executive Groups are shown on this diagram for information only" in connectivity
    assert NOT_REPRODUCED in connectivity and NOT_REPRODUCED in behaviours
    assert "Taken from Appendix A, 1 December 2022" in connectivity and "1 December 2022" in behaviours
    assert_nothing_overflows(deck)


def test_a_reference_to_an_appendix_the_deck_lacks_is_dropped_and_one_it_has_kept() -> None:
    text = "Mapping undertaken (see appendix 2). Agreed a framework (see Appendix 7)"
    assert resolve_references(text, {1, 2}) == "Mapping undertaken (see appendix 2). Agreed a framework"
    assert resolve_references(text, {1}) == "Mapping undertaken. Agreed a framework"


def test_a_reference_to_an_appendix_no_paper_gives_is_dropped_from_the_slides() -> None:
    view = view_at("2022-12-01")
    earlier = view.achievements.assign(
        achievement=view.achievements["achievement"].str.replace("(see appendix 2)", "(see appendix 5)")
    )
    deck = Presentation(io.BytesIO(appendix_a_pptx(dataclasses.replace(view, achievements=earlier))))
    assert unresolved(deck) == []
    text = " ".join(" ".join(texts) for _, texts in slide_texts(deck))
    assert "appendix 5" not in text.lower() and "system governance and developments" in text
