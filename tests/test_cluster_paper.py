"""The cluster's papers (exports/cluster_paper.py, issue 23): the cluster cover report in the house style with a
cluster summary and a section per ICB (each ICB's own summary, attention, changes and its group's decisions),
and the cluster board pack; tracker text and ICB names written as typed; each ICB's own papers unchanged."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import zipfile

import pytest
from docx import Document

from domain import Organisation
from exports import cluster_paper
from exports.cover_report import cover_report_docx
from report import cluster as story
from report.paper import PaperTexts, as_known_at
from tests import cluster_sets
from tests.oracle import Choice, Data, Oracle

WHEN = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def views() -> tuple:
    return cluster_sets.fictional_views()


@pytest.fixture(scope="module")
def cover(views: tuple) -> Document:
    return Document(
        io.BytesIO(cluster_paper.cluster_cover_report_docx("Example Cluster", views, written_at=WHEN))
    )


def _paragraphs(document: Document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs]


def _tables(document: Document) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def test_a_numbered_section_per_icb_in_the_clusters_order(cover: Document, views: tuple) -> None:
    headings = [text for style, text in _paragraphs(cover) if style == "Heading 2"]
    names = [org.name for org, _ in views]
    assert [h for h in headings if h in names] == names
    assert headings.index("Cluster summary") < headings.index(names[0])
    numbered = {p.text for p in cover.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None}
    assert set(names) <= numbered  # numbered as the ICB's own cover report numbers its sections


def test_each_icbs_section_is_its_own_summary(cover: Document, views: tuple) -> None:
    text = "\n".join(t for _, t in _paragraphs(cover))
    for org, view in views:
        part = story.organisation_paper(org, as_known_at(view))
        assert part.progress_sentence in text
        assert (part.attention.empty or part.attention.sentence) in text
        assert (part.changes.empty or part.changes.sentence) in text
        assert f"{org.group_name} decisions in the period" in text
        assert part.decisions.sentence in text


def test_the_cluster_summary_tables_have_a_column_per_icb_with_the_plain_count(
    cover: Document, views: tuple
) -> None:
    tables = _tables(cover)
    labels = [org.label for org, _ in views]
    principle_tables = [t for t in tables if t[0][: len(labels) + 1] == ["Principle", *labels]]
    assert len(principle_tables) == 3  # progress, self-assessment, crosswalk
    progress = principle_tables[0]
    sets = cluster_sets.small_sets()
    for index, (org, _) in enumerate(views, start=1):
        expected = Oracle(Data.from_trackers(sets[org.id]), Choice()).principle_progress()
        for row in progress[1:]:
            principle = int(row[0].split(".")[0])
            want = expected[principle]
            on_course = want["by_status"].get("Complete", 0) + want["by_status"].get("On track", 0)
            share = f"{on_course} of {want['priorities']};"
            assert row[index].startswith(share), (org.id, principle, row[index])
    changes = next(t for t in tables if t[0] == ["Change", *labels])
    for index, (org, _) in enumerate(views, start=1):
        expected = Oracle(Data.from_trackers(sets[org.id]), Choice()).changes()
        assert changes[-1][index] == str(len(expected))
    for table in cover.tables:  # header rows repeat across pages and are announced as headers
        assert (
            table.rows[0]._tr.trPr.find(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader"
            )
            is not None
        )


def test_the_clusters_written_parts_are_its_own(views: tuple) -> None:
    texts = cluster_paper.cluster_texts("Example Cluster", views).with_changes(
        purpose="The cluster board is asked to **note** this.", item="7", author="A Cluster Editor, Lead"
    )
    document = Document(io.BytesIO(cluster_paper.cluster_cover_report_docx("Example Cluster", views, texts)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "The cluster board is asked to note this." in text and "ITEM 7" in text
    assert document.core_properties.title == cluster_paper.CLUSTER_TITLE
    assert document.core_properties.language in ("", None) or document.core_properties.language == "en-GB"
    default = cluster_paper.cluster_texts("Example Cluster", views)
    for org, _ in views:
        assert org.name in default.purpose


def test_names_and_tracker_text_are_written_as_typed(views: tuple) -> None:
    (org, view), *_ = views
    themes = view.all_themes.assign(
        theme=view.all_themes["theme"].where(view.all_themes["theme_id"] != "T1", "A & <b>x</b>")
    )
    typed = dataclasses.replace(view, all_themes=themes, themes=themes)
    odd = Organisation(
        "odd", "Example ICB <North> & Co", short_name="N & <i>", group_name="Senate & <Assembly>"
    )
    cluster = ((odd, typed), *views[1:])
    document = Document(io.BytesIO(cluster_paper.cluster_cover_report_docx("Cluster & <Co>", cluster)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Example ICB <North> & Co" in text and "Senate & <Assembly> decisions in the period" in text
    assert any(row[0] == "Principle" and "N & <i>" in row for t in _tables(document) for row in t[:1])
    html = cluster_paper.cluster_board_pack_html("Cluster & <Co>", cluster, generated=WHEN)
    assert "<North>" not in html and "Example ICB &lt;North&gt; &amp; Co" in html
    assert "A &amp; &lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html
    assert "Cluster &amp; &lt;Co&gt;" in html


def test_the_board_pack_has_the_cluster_view_then_each_icb(views: tuple) -> None:
    html = cluster_paper.cluster_board_pack_html("Example Cluster", views, generated=WHEN)
    ids = re.findall(r'<div class="chart" id="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # one id per chart
    assert "chart-cluster-cluster_principles" in ids
    assert [f"chart-{org.id}-principles" for org, _ in views] == [i for i in ids if i.endswith("-principles")]
    positions = [html.index(f"<h2>{org.name}</h2>") for org, _ in views]
    assert positions == sorted(positions) and html.index("Crosswalk") < positions[0]


def test_each_icbs_own_cover_report_is_unchanged(views: tuple) -> None:
    """The cluster papers leave each ICB's own papers as they were: every part of the file the same before and
    after (the zip's own entry times are the clock's)."""

    def parts(docx: bytes) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(docx)) as package:
            return {name: package.read(name) for name in package.namelist()}

    org, view = views[0]
    before = parts(cover_report_docx(view, PaperTexts(), written_at=WHEN))
    cluster_paper.cluster_cover_report_docx("Example Cluster", views, written_at=WHEN)
    assert parts(cover_report_docx(view, PaperTexts(), written_at=WHEN)) == before


def test_the_papers_are_written_to_a_folder(tmp_path, views: tuple) -> None:  # noqa: ANN001
    written = cluster_paper.write_cluster_papers(tmp_path, "Example Cluster", views, pdf=False)
    names = sorted(item.path.name for item in written)
    assert names == [cluster_paper.CLUSTER_BOARD_PACK_HTML, cluster_paper.CLUSTER_COVER_REPORT]
    assert (tmp_path / cluster_paper.CLUSTER_COVER_REPORT).read_bytes()[:2] == b"PK"


def test_the_command_line_writes_the_cluster_papers_from_each_icbs_store(
    tmp_path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:  # noqa: ANN001
    """`python -m exports cluster-papers OUT_DIR`: every ICB's stored trackers (seeded from its folder), the
    cluster's written parts stored under the cluster's id."""
    from exports.__main__ import main
    from services.papers import save_written_parts
    from settings import CLUSTER_FILE_VARIABLE
    from store.db import database_url, make_engine
    from store.repository import Store
    from tools.fictional_cluster import CLUSTER_ID, cluster_file

    monkeypatch.setenv(CLUSTER_FILE_VARIABLE, str(cluster_file(tmp_path / "cluster")))
    database = Store(make_engine(database_url()))
    database.ensure_ready()
    save_written_parts(
        database.for_organisation(CLUSTER_ID),
        dt.date(2023, 5, 31),
        cluster_paper.cluster_texts("Example Cluster", cluster_sets.fictional_views())
        .with_changes(item="12")
        .to_dict(),
        "cluster.editor@nhs.net",
    )
    out = tmp_path / "out"
    assert main(["cluster-papers", str(out), "--no-pdf"]) == 0
    said = capsys.readouterr().out
    assert "saved by cluster.editor@nhs.net" in said
    text = "\n".join(p.text for p in Document(str(out / cluster_paper.CLUSTER_COVER_REPORT)).paragraphs)
    assert "ITEM 12" in text
    for org in cluster_sets.FICTIONAL:
        assert org.name in text
    assert (out / cluster_paper.CLUSTER_BOARD_PACK_HTML).exists()


def test_the_command_line_refuses_a_cluster_of_one(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: ANN001
    from exports.__main__ import main

    assert main(["cluster-papers", str(tmp_path / "out"), "--no-pdf"]) == 2
    assert "one organisation" in capsys.readouterr().err


def test_an_icb_with_nothing_to_report_says_why_everywhere(views: tuple) -> None:
    """An ICB with no trackers stored yet, and one whose first snapshot is after the date asked for: each says
    why in the summary, its section of the cover report and the board pack; nothing fails."""
    import pandas as pd

    from loaders.tracker_set import build_tracker_set
    from metrics.filters import Filters
    from metrics.view import build_view

    east = Organisation("east", "Example ICB East", short_name="East")
    empty = build_view(build_tracker_set([]), Filters())
    early = build_view(cluster_sets.small_sets()["south"], Filters(as_at=pd.Timestamp("2022-01-01")))
    cluster = (views[0], (views[1][0], early), (east, empty))
    document = Document(io.BytesIO(cluster_paper.cluster_cover_report_docx("Example Cluster", cluster)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "No framework tracker is stored for Example ICB East yet" in text
    assert "Example ICB South: No paper can be written as at 1 January 2022" in text
    summary = story.cluster_summary("Example Cluster", cluster)
    assert "No framework tracker is stored for Example ICB East yet" in summary.sentence
    html = cluster_paper.cluster_board_pack_html("Example Cluster", cluster, generated=WHEN)
    assert "No framework tracker is stored for Example ICB East yet" in html
    assert (
        "No framework tracker is stored for Example ICB East yet"
        in story.principles_side_by_side(cluster).sentence
    )


def test_the_cluster_editor_writes_the_clusters_words_from_the_command_line(
    tmp_path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:  # noqa: ANN001
    """`texts FILE --cluster` writes the cluster's words (the standard wording before any is saved);
    `--save` stores FILE's under the cluster's id, and the cluster papers use them."""
    from exports.__main__ import main
    from settings import CLUSTER_FILE_VARIABLE
    from tools.fictional_cluster import cluster_file

    monkeypatch.setenv(CLUSTER_FILE_VARIABLE, str(cluster_file(tmp_path / "cluster")))
    words = tmp_path / "cluster-words.md"
    assert main(["texts", str(words), "--cluster", "--as-at", "2023-05-31"]) == 0
    written = words.read_text(encoding="utf-8")
    assert (
        "Example Cluster board" in written and "Example ICB West" in written
    )  # the cluster's standard wording
    words.write_text(
        written.replace("Example Cluster board", "Example Cluster joint board"), encoding="utf-8"
    )
    assert main(["texts", str(words), "--cluster", "--as-at", "2023-05-31", "--save"]) == 0
    out = tmp_path / "out"
    assert main(["cluster-papers", str(out), "--no-pdf"]) == 0
    text = "\n".join(p.text for p in Document(str(out / cluster_paper.CLUSTER_COVER_REPORT)).paragraphs)
    assert "EXAMPLE CLUSTER JOINT BOARD" in text
    assert (
        main(["texts", str(tmp_path / "north.md"), "--organisation", "north"]) == 0
    )  # an ICB's own: unchanged
    assert "Example Cluster" not in (tmp_path / "north.md").read_text(encoding="utf-8")
