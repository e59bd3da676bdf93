"""Issue 19 item 2: written parts carry the seed's form in the Word cover report (Word's own list, heading and
numbering), in the HTML board pack (escaped) and in the Board papers page's preview (escaped); tracker text is
never read as markup. And the command line writes and reads the written parts (`texts`, `papers --texts`)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from exports.__main__ import main
from exports.board_pack import board_pack_html
from exports.cover_report import NUMBERING_ID, cover_report_docx
from exports.cross_references import cover_paragraph_numbers
from loaders.tracker_set import load_default_set
from metrics.filters import Filters
from metrics.view import View, build_view
from report.paper import PaperTexts
from report.texts_file import TextsFileError, read_texts, write_texts
from services.seeding import ensure_ready
from ui.written import part_markdown

NARRATIVE = """First paragraph with **bold**, *italic* and ***both***.

- a bullet
- another

### A subheading

Second paragraph:

1. one
2. two

> The ICB Board approved it.

\\*A footnote.

Third <b>raw</b> [link](http://example.invalid) `code`.
"""
ENGAGEMENT = "Engagement words.\n\n3. starts at three\n4. and four"


@pytest.fixture(scope="module")
def view() -> View:
    return build_view(load_default_set(), Filters())


def texts() -> PaperTexts:
    return PaperTexts(narrative=NARRATIVE, engagement_narrative=ENGAGEMENT)


def test_word_uses_its_own_styles_numbering_and_runs(view: View) -> None:
    blob = cover_report_docx(view, texts())
    document = Document(io.BytesIO(blob))
    styled = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("List Bullet", "a bullet") in styled and ("List Bullet", "another") in styled
    assert ("Heading 3", "A subheading") in styled
    assert ("List Number", "one") in styled and ("List Number", "starts at three") in styled
    numbers, _ = cover_paragraph_numbers(blob)
    assert numbers["4.1"].startswith("First paragraph with bold, italic and both.")
    assert numbers["4.2"] == "Second paragraph:"
    assert numbers["4.3"] == "Third <b>raw</b> [link](http://example.invalid) `code`."
    assert numbers["4.4"].startswith("As at ")  # the computed paragraphs continue the numbering
    first = next(p for p in document.paragraphs if p.text.startswith("First paragraph"))
    styles = {r.text: (bool(r.bold), bool(r.italic)) for r in first.runs}
    assert styles["bold"] == (True, False) and styles["italic"] == (False, True)
    assert styles["both"] == (True, True)
    decision = next(p for p in document.paragraphs if p.text == "The ICB Board approved it.")
    assert decision._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is None and decision.runs[0].bold
    assert decision.runs[0].italic
    footnote = next(p for p in document.paragraphs if p.text == "*A footnote.")
    assert footnote._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is None
    # each numbered sub-list restarts: its own w:num with the start it was written with
    nums = {
        p.text: p._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val"))
        for p in document.paragraphs
        if p.style.name == "List Number"
    }
    assert nums["one"] == nums["two"] != nums["starts at three"] == nums["and four"]
    assert str(NUMBERING_ID) not in nums.values()
    numbering = document.part.numbering_part.element
    own = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == nums["starts at three"])
    assert own.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}").get(qn("w:val")) == "3"


def test_tracker_text_is_never_read_as_markup(view: View) -> None:
    priorities = view.priorities.copy()
    priorities.loc[priorities.index[0], ["priority", "status", "needs_attention"]] = [
        "**not bold** - *not italic*",
        "At risk",
        True,
    ]
    import dataclasses

    changed = dataclasses.replace(view, priorities=priorities)
    document = Document(io.BytesIO(cover_report_docx(changed, texts())))
    line = next(p for p in document.paragraphs if "not bold" in p.text)
    assert "**not bold** - *not italic*" in line.text
    assert not any(r.bold or r.italic for r in line.runs)


def test_the_board_pack_prints_the_written_parts_escaped(view: View) -> None:
    html = board_pack_html(view, [], texts=texts())
    assert "<strong>bold</strong>" in html and "<em>italic</em>" in html
    assert "<strong><em>both</em></strong>" in html
    assert "<li>a bullet</li>" in html and '<ol start="3"><li>starts at three</li>' in html
    assert "<h4>A subheading</h4>" in html and '<p class="decision"><strong><em>The ICB' in html
    assert "Third &lt;b&gt;raw&lt;/b&gt; [link](http://example.invalid) `code`." in html
    assert "<b>raw</b>" not in html


def test_the_preview_escapes_everything_but_the_subset() -> None:
    parts = part_markdown(NARRATIVE)
    kinds = [kind for kind, _ in parts]
    assert kinds.count("caption") == 1
    markdown = "\n\n".join(text for _, text in parts)
    assert "**bold**" in markdown and "*italic*" in markdown and "***both***" in markdown
    assert "- a bullet\n- another" in markdown and "1. one\n2. two" in markdown
    assert "> ***The ICB Board approved it\\.***" in markdown
    assert "\\<b\\>raw\\</b\\>" in markdown and "\\[link\\]" in markdown and "\\`code\\`" in markdown


def test_a_texts_file_round_trips_and_bad_ones_are_named() -> None:
    original = texts().with_changes(  # (a part is read without the blank lines around it)
        narrative=NARRATIVE.strip(), sign_off=[["Report sponsor", "Chris Weiner", "31.01.2023"]]
    )
    assert read_texts(write_texts(original, "test"), "f.md") == original
    with pytest.raises(TextsFileError, match=r"f\.md, line 2: '## Purpos' is not a written part"):
        read_texts("<!-- -->\n## Purpos\ntext", "f.md")
    with pytest.raises(TextsFileError, match=r"f\.md, part 'Sign-off': .* more than three columns"):
        read_texts("## Sign-off\na | b | c | d", "f.md")
    with pytest.raises(TextsFileError, match=r"f\.md, part 'Purpose \(1\.x\)': 20,001 characters"):
        read_texts("## Purpose (1.x)\n" + "x" * 20_001, "f.md")


def test_the_command_line_writes_and_reads_the_written_parts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stored = tmp_path / "texts.md"
    assert main(["texts", str(stored), "--as-at", "2023-02-08"]) == 0
    written = stored.read_text(encoding="utf-8")
    assert (
        "## Item number\n10\n" in written
        and "### Leadership Roles: Substantive Chair (Appendix C)" in written
    )
    edited = tmp_path / "edited.md"
    edited.write_text(written.replace("## Item number\n10\n", "## Item number\n12\n"), encoding="utf-8")
    out = tmp_path / "papers"
    assert main(["papers", str(out), "--as-at", "2023-02-08", "--no-pdf", "--texts", str(edited)]) == 0
    document = Document(io.BytesIO((out / "cover-report.docx").read_bytes()))
    assert "ITEM 12" in [p.text for p in document.paragraphs[:4]]
    bad = tmp_path / "bad.md"
    bad.write_text("## Narative\nwords\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["papers", str(out), "--as-at", "2023-02-08", "--no-pdf", "--texts", str(bad)]) == 2
    assert f"{bad}, line 1: '## Narative' is not a written part" in capsys.readouterr().err


def test_texts_save_stores_them_audited(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "new.md"
    source.write_text("## Item number\n14\n", encoding="utf-8")
    assert main(["texts", str(source), "--as-at", "2023-03-01", "--save"]) == 0
    back = tmp_path / "back.md"
    assert main(["texts", str(back), "--as-at", "2023-03-01"]) == 0
    assert "## Item number\n14\n" in back.read_text(encoding="utf-8")
    assert "python -m exports texts --save new.md" in capsys.readouterr().out


def test_texts_save_is_refused_for_a_paper_presented_to_the_board(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    from settings import data_dir
    from store.db import database_url, make_engine
    from store.repository import Store

    store = Store(make_engine(database_url()))  # the isolated state folder tests/conftest.py sets
    ensure_ready(store, data_dir())
    store.lock_snapshot(dt.date(2023, 2, 8), dt.date(2023, 2, 8), "chair@nhs.net")
    source = tmp_path / "late.md"
    source.write_text("## Item number\n99\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["texts", str(source), "--as-at", "2023-02-08", "--save"]) == 2
    assert "Nothing was saved." in capsys.readouterr().err
    back = tmp_path / "back.md"
    assert main(["texts", str(back), "--as-at", "2023-02-08"]) == 0
    assert "## Item number\n99\n" not in back.read_text(encoding="utf-8")
