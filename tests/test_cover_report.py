"""The Word cover report, read back with python-docx: structure, figures, hostile text, LibreOffice."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from docx import Document
from docx.oxml.ns import qn

from domain import OUTCOMES
from exports.cover_report import NUMBERED_HEADINGS, SUPPORTING_SUBHEADINGS, cover_report_docx
from loaders.tracker_set import load_default_set
from metrics.filters import Filters
from metrics.view import View, build_view
from report.paper import FIRST_REPORT, LISTED_MAX, PaperTexts
from report.period import Period, decisions_in_period

CONTROL = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r")
HOSTILE = [
    '=HYPERLINK("http://example.invalid","x")',
    "@SUM(1)+<b>bold</b>",
    f"ctrl{CONTROL}end",
    "{ PAGE } [link](http://example.invalid) **strong** &amp; ",
    "long " + "x" * 5000,
]


@pytest.fixture(scope="module")
def view() -> View:
    return build_view(load_default_set(), Filters())


def read(blob: bytes) -> Document:
    return Document(io.BytesIO(blob))


def headings(document: Document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


def numbered(document: Document) -> list[tuple[str, str]]:
    """(number as Word shows it, text) for every numbered paragraph: headings count, paragraphs are 'h.n'."""
    heading, item, found = 0, 0, []
    for paragraph in document.paragraphs:
        num = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num is None or num.find(qn("w:numId")).get(qn("w:val")) != "90":
            continue
        if num.find(qn("w:ilvl")).get(qn("w:val")) == "0":
            heading, item = heading + 1, 0
        else:
            item += 1
            found.append((f"{heading}.{item}", paragraph.text))
    return found


def test_every_section_heading_in_order_with_the_seed_numbering(view: View) -> None:
    texts = PaperTexts(
        item="10",
        sponsor="Chris Weiner, Chief Medical Officer",
        author="Sukhi Mahil",
        sign_off=(
            ("Report sponsor", "Chris Weiner", "31.01.2023"),
        ),  # no one signed off: no table (issue 19)
    )
    document = read(cover_report_docx(view, texts))
    expected = [
        texts.title,
        *NUMBERED_HEADINGS[:4],
        *SUPPORTING_SUBHEADINGS,
        *NUMBERED_HEADINGS[4:],
        "Sign-off",
        "Background papers and appendices",
    ]
    assert headings(document) == expected
    assert document.paragraphs[0].text == "INTEGRATED CARE PARTNERSHIP"
    assert "ITEM 10" in [p.text for p in document.paragraphs[:4]]
    numbers = dict(numbered(document))
    assert numbers["1.1"] == texts.purpose
    assert numbers["2.1"] == texts.recommendation
    assert numbers["3.1"] == texts.reasons
    assert numbers["6.1"] == "None considered."
    assert [numbers[f"{n}.1"] for n in range(7, 12)] == ["None arising."] * 5


def test_figures_equal_the_overviews(view: View, monkeypatch: pytest.MonkeyPatch) -> None:
    """The paper's figures table shows what the Overview's metrics show (run through the real page)."""
    from tests.test_pages import run_page  # the Overview as the app draws it

    document = read(cover_report_docx(view))
    table = document.tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Measure", "As at 8 February 2023", "Change since 1 December 2022"]
    in_paper = {label: (value, change) for label, value, change in rows[1:]}
    at = run_page("pages/board/overview.py", load_default_set.__defaults__[0], monkeypatch)
    since = " since 1 Dec 2022"  # the Overview shortens the date under a figure (room on a tablet)
    on_overview = {
        m.label: (m.value, (m.proto.delta or "–").removesuffix(since).replace("-", "−")) for m in at.metric
    }
    assert in_paper == on_overview
    assert in_paper["Complete"] == ("1 of 24", "+1")
    assert in_paper["Not started or deferred"] == ("12 of 24", "−4")
    paragraphs = [p.text for p in document.paragraphs]
    assert (
        "The figures, with the change since 1 December 2022:" in paragraphs
    )  # no software wording (issue 19)
    assert any(
        p.startswith("As at 8 February 2023 the framework has 24 six-month priorities across 8")
        for p in paragraphs
    )


def test_changes_come_with_their_reasons_and_empty_periods_say_so() -> None:
    # the period runs from the December paper once it was presented to the board (a locked snapshot)
    view = build_view(load_default_set(), Filters(), [pd.Timestamp("2022-12-01")])
    text = "\n".join(p.text for p in read(cover_report_docx(view)).paragraphs)
    assert "Between 1 December 2022 and 8 February 2023: 1 delivered, 4 moved forward and 1 deferred." in text
    assert (
        "P20 Seek approval of revised TOR (separate paper) moved from On track to Complete (Delivered). Reason given: The ICB Board approved"
        in text
    )
    assert "No CPLG agenda item is recorded between 1 December 2022 and 8 February 2023." in text
    assert "No engagement event is recorded between 1 December 2022 and 8 February 2023." in text
    assert (
        "2 engagement events up to 8 February 2023, with about 250 attendees in all and 13 volunteers."
        in text
    )


def test_decisions_of_the_period_are_counted_by_outcome() -> None:
    view = build_view(load_default_set(), Filters(as_at=pd.Timestamp("2022-12-01")))
    section = decisions_in_period(view, Period(pd.Timestamp("2022-08-31"), view.as_at))
    # a window takes a flagged date (the paper's '20 September 2002') at its neighbours' place (issue 18 item 9)
    agenda = view.agenda[
        (view.agenda["position_date"] > "2022-08-31") & (view.agenda["position_date"] <= "2022-12-01")
    ]
    assert sum(f.value for f in section.figures) == len(agenda) > 0
    assert section.sentence.startswith(f"CPLG considered {len(agenda)} agenda items between 31 August 2022")
    listed = [p.text for p in read(cover_report_docx(view)).paragraphs if p.style.name == "List Bullet"]
    # no earlier paper: the four months before the as-at date (issue 19 item 6), as the seed's 'Aug 22 – Nov 22'
    whole = view.agenda[
        (view.agenda["position_date"] > "2022-08-01") & (view.agenda["position_date"] <= "2022-12-01")
    ]
    decisions = [
        line for line in listed if line.split(":")[0] in {*whole["outcome"].dropna(), "Not categorised"}
    ]
    assert len(decisions) == min(len(whole), LISTED_MAX)
    outcomes = [line.split(":")[0] for line in decisions]
    assert outcomes == sorted(outcomes, key=[*OUTCOMES, "Not categorised"].index)  # grouped by outcome
    more = [line for line in listed if line.startswith("and ") and "more items" in line]
    if len(whole) > LISTED_MAX:  # the rest are in Appendix A, which lists the same period
        assert more == [f"and {len(whole) - LISTED_MAX:,} more items, listed in Appendix A."]
    else:
        assert more == []


def test_header_rows_title_and_language_are_set(view: View) -> None:
    signed = PaperTexts(sign_off=(("Report sponsor", "Chris Weiner", "31.01.2023"),))
    document = read(cover_report_docx(view, signed))
    assert len(document.tables) == 2  # the figures and the sign-off
    for table in document.tables:
        first, *rest = table.rows
        assert first._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None for row in rest)
    assert document.core_properties.title == PaperTexts().title
    assert document.core_properties.language == "en-GB"
    lang = document.styles.element.find(qn("w:docDefaults")).find(
        f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}"
    )
    assert lang.get(qn("w:val")) == "en-GB"
    assert document.styles["Heading 2"].font.name == "Arial"
    assert str(document.styles["Heading 2"].font.color.rgb) == "005EB8"


def hostile_view(view: View) -> View:
    priorities = view.priorities.copy()
    first = priorities.index[: len(HOSTILE)]
    priorities.loc[first, "priority"] = HOSTILE
    priorities.loc[first, "notes"] = list(reversed(HOSTILE))
    priorities.loc[first, "status"] = "At risk"
    priorities.loc[first, "needs_attention"] = True
    priorities.loc[first, "owner"] = HOSTILE
    events = view.events.copy()
    events.loc[events.index[0], "event"] = HOSTILE[2]
    agenda = view.agenda.copy()
    agenda.loc[agenda.index[:3], "item"] = HOSTILE[:3]
    return View(
        **{**view.__dict__, "priorities": priorities, "events": events, "agenda": agenda, "snapshots": []}
    )


def hostile_texts() -> PaperTexts:
    return PaperTexts.from_dict(
        {
            "title": HOSTILE[1],
            "sponsor": HOSTILE[2],
            "narrative": "\n\n".join(HOSTILE),
            "legal": HOSTILE[0],
            "sign_off": [[HOSTILE[0], HOSTILE[2], "1.2.2023"]],
            "appendices": HOSTILE[3] + "\ud800",
        }
    )


def test_hostile_tracker_and_written_text_come_out_as_plain_text(view: View) -> None:
    blob = cover_report_docx(hostile_view(view), hostile_texts())
    document = read(blob)
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells
    )
    assert '=HYPERLINK("http://example.invalid","x")' in text
    assert "@SUM(1)+<b>bold</b>" in text
    assert "ctrlend" in text and not any(c in text for c in CONTROL)
    assert "{ PAGE } [link](http://example.invalid) **strong** &amp; " in text
    assert "long " + "x" * 5000 in text
    body = document.element.body.xml
    assert "<b>bold" not in body and "instrText" not in body
    assert document.core_properties.title == "@SUM(1)+<b>bold</b>"


def test_libreoffice_opens_the_paper_and_prints_the_expected_pages(view: View, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None or shutil.which("pdfinfo") is None:
        import os

        if os.environ.get("CI") == "true":
            pytest.fail("CI installs LibreOffice Writer and poppler-utils (.ci/run)")
        pytest.skip("LibreOffice or pdfinfo not installed")
    (tmp_path / "cover-report.docx").write_bytes(cover_report_docx(view))
    (tmp_path / "hostile.docx").write_bytes(cover_report_docx(hostile_view(view), hostile_texts()))
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "cover-report.docx"),
            str(tmp_path / "hostile.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )

    def pages(name: str) -> int:
        info = subprocess.run(
            ["pdfinfo", str(tmp_path / name)], check=True, capture_output=True, text=True
        ).stdout
        return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))

    assert pages("cover-report.pdf") == 3
    assert pages("hostile.pdf") >= 3
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "cover-report.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "1.1" in text and "11.1" in text and "None arising." in text  # Word numbering survives


def test_trackers_with_nothing_to_say_give_a_paper_that_says_so(tmp_path: Path) -> None:
    from loaders.tracker_set import DEFAULT_DATA_DIR

    (tmp_path / "framework_2023-02-08.xlsx").write_bytes(
        (DEFAULT_DATA_DIR / "framework_2023-02-08.xlsx").read_bytes()
    )
    document = read(cover_report_docx(build_view(load_default_set(tmp_path), Filters())))
    text = "\n".join(p.text for p in document.paragraphs)
    assert FIRST_REPORT in text  # the board's words, not the software's (issue 19 item 5)
    assert "No CPLG agenda item is recorded between 8 October 2022 and 8 February 2023." in text
    assert "No engagement event is recorded between 8 October 2022 and 8 February 2023." in text


def test_a_filtered_view_says_which_part_of_the_programme_the_paper_covers() -> None:
    view = build_view(load_default_set(), Filters(themes=("T6",)))
    text = [p.text for p in read(cover_report_docx(view)).paragraphs]
    assert "This paper covers part of the programme only. Themes: Support." in text
