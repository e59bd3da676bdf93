"""The board pack (HTML), the Word cover report and the PowerPoint Appendix A against the oracle
(tests/oracle.py): the headline figures and their change, the status counts and the numbers in the
'what changed' sentence and list, on the default data, the large set and a few filter combinations."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import io
import re

import pytest
from docx import Document
from pptx import Presentation

from exports.appendix_a import appendix_a_pptx
from exports.board_pack import board_pack_html
from exports.cover_report import cover_report_docx
from loaders.tracker_set import TrackerSet
from report.paper import PaperTexts
from tests import oracle_product as product
from tests import oracle_sets
from tests.oracle import PROGRESS, Choice, Data, Oracle

CHOICES = {
    "everything": Choice(),
    "T8 on track": Choice(themes=("T8",), statuses=("On track",)),
    "principle 1": Choice(principles=(1,)),
    "T6 T7 not started": Choice(themes=("T6", "T7"), statuses=("Not started",)),
    "due to June 2023, as at January 2023": Choice(date_to=dt.date(2023, 6, 30), as_at=dt.date(2023, 1, 10)),
}
STATUSES = ("Not started", "On track", "At risk", "Off track", "Deferred", "Complete")


@pytest.fixture(scope="module")
def sets() -> dict[str, TrackerSet]:
    return {"default": oracle_sets.default_set(), "large": oracle_sets.large_set()}


def change_words(change: int | None) -> str | None:
    """How a change reads in the papers: '+1', '−2' or 'no change' (None where nothing is compared)."""
    if change is None:
        return None
    return "no change" if change == 0 else f"{change:+d}"


def unminus(text: str) -> str:
    return text.replace("\u2212", "-")


def expected_figures(expected: Oracle) -> dict[str, tuple[str, str | None]]:
    """Label -> ('1 of 5', '+1') as the papers should show it."""
    shown = {}
    for name, (value, total, before) in expected.headline().items():
        text = f"{value:,}" if total is None else f"{value:,} of {total:,}"
        shown[name] = (text, change_words(None if before is None else value - before))
    return shown


def check_sentence(sentence: str, expected: Oracle) -> None:
    counts = expected.change_counts()
    said = product.sentence_counts(sentence)
    assert sum(said.values()) == sum(counts.values()), sentence
    for change in ("Delivered", "New", "Removed", PROGRESS):
        assert said.get(change.lower(), 0) == counts.get(change, 0), (change, sentence)


def cases(large: bool = False) -> list[tuple[str, str]]:
    """Every choice on the default data; the large set (slow to render) in the board pack only."""
    return [("default", name) for name in CHOICES] + ([("large", "everything")] if large else [])


@pytest.mark.parametrize(("data", "name"), cases(large=True))
def test_the_board_pack(sets: dict[str, TrackerSet], data: str, name: str) -> None:
    trackers, choice = sets[data], CHOICES[name]
    expected = Oracle(Data.from_trackers(trackers), choice)
    pack = board_pack_html(product.view_of(trackers, choice), [])
    figures = {
        html_lib.unescape(m.group(1)): (
            html_lib.unescape(m.group(2)),
            unminus(html_lib.unescape(m.group(3))).split(" since ")[0] if m.group(3) else None,
        )
        for m in re.finditer(
            r'<div class="figure">([^<]+)<b>([^<]+)</b>(?:<span class="muted">([^<]+)</span>)?</div>', pack
        )
    }
    wanted = expected_figures(expected)
    assert {k: figures[k] for k in wanted if k in figures} == wanted
    changes = pack[pack.find("<h2>Changes since the previous snapshot</h2>") :]
    changes = changes[: changes.find("</section>")]
    if expected.previous is None:
        return
    sentence = html_lib.unescape(re.search(r'<p class="sentence">([^<]*)</p>', changes).group(1))
    if expected.changes():
        check_sentence(sentence, expected)
    listed = {
        html_lib.unescape(cells[0]): html_lib.unescape(cells[4])
        for cells in (re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", changes))
        if cells
    }
    assert set(listed) == set(expected.changes())
    assert all(product.agrees(expected.changes()[p], c) for p, c in listed.items())


@pytest.mark.parametrize(("data", "name"), cases())
def test_the_word_cover_report(sets: dict[str, TrackerSet], data: str, name: str) -> None:
    trackers, choice = sets[data], CHOICES[name]
    expected = Oracle(Data.from_trackers(trackers), choice)
    document = Document(io.BytesIO(cover_report_docx(product.view_of(trackers, choice), PaperTexts())))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Measure")
    shown = {
        r.cells[0].text: (r.cells[1].text, None if r.cells[2].text == "–" else unminus(r.cells[2].text))
        for r in list(table.rows)[1:]
    }
    wanted = expected_figures(expected)
    assert {k: shown[k] for k in wanted if k in shown} == wanted
    assert len(shown) >= 7  # every headline figure but, at most, one is in the table
    if expected.change_counts():
        sentence = next(p.text for p in document.paragraphs if p.text.startswith("Between "))
        check_sentence(sentence, expected)
        lines = [
            p.text
            for p in document.paragraphs
            if re.match(r"^\S+ .* (moved from|was added|was removed)", p.text)
        ]
        named = {line.split(" ", 1)[0] for line in lines}
        assert named == set(expected.changes())


@pytest.mark.parametrize(("data", "name"), cases())
def test_the_powerpoint_appendix(sets: dict[str, TrackerSet], data: str, name: str) -> None:
    trackers, choice = sets[data], CHOICES[name]
    expected = Oracle(Data.from_trackers(trackers), choice)
    slides = Presentation(io.BytesIO(appendix_a_pptx(product.view_of(trackers, choice))))
    texts = [
        "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
        for slide in slides.slides
    ]
    by_status = next((t for t in texts if t.startswith("Priorities by status")), None)
    now = expected.priorities()
    if by_status is None or not now:
        return
    complete = sum(1 for p in now if p["status"] == "Complete")
    assert (
        # the verb agrees with the count: '1 of 24 priorities is complete', '4 of 24 priorities are complete'
        f"{complete:,} of {len(now):,} {'priority' if len(now) == 1 else 'priorities'} "
        f"{'is' if 1 in (complete, len(now)) else 'are'} complete" in by_status
    )
    if expected.previous is not None:
        before = expected.priorities(expected.previous)
        moved = re.search(r"Change since [^:]+: (.*)\.", by_status)
        said = {}
        if moved:
            for part in moved.group(1).split(", "):
                m = re.match(r"^\W*\s*(.+?) ([+\-\u2212]\d+)$", part)
                said[m.group(1)] = int(unminus(m.group(2)))
        for status in STATUSES:
            difference = sum(p["status"] == status for p in now) - sum(p["status"] == status for p in before)
            assert said.get(status, 0) == difference, status
    changed = next((t for t in texts if t.startswith("What changed since the previous paper")), None)
    if changed is not None and expected.change_counts():
        check_sentence(next(line for line in changed.splitlines() if line.startswith("Between ")), expected)
