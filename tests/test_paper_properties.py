"""The papers' file properties are the paper's own (issue 19, item 9), not the libraries' templates'.

python-docx and python-pptx start from template packages last saved by their author in 2013 on a Mac: their
core.xml and app.xml say so ('Steve Canny', 2013 dates, 'Microsoft Macintosh PowerPoint', a 4:3 slide
label) and their masters, layouts, charts and settings tag text en-US. Read straight from the zip.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from pptx import Presentation

from exports.appendix_a import appendix_a_pptx
from exports.cover_report import cover_report_docx
from loaders.tracker_set import load_default_set
from metrics.filters import Filters
from metrics.view import View, build_view
from report.paper import PaperTexts

WRITTEN_AT = dt.datetime(2023, 2, 1, 9, 30, 5, tzinfo=dt.UTC)
TEXTS = PaperTexts(
    meeting="Integrated Care Partnership",
    meeting_date="8 February 2023",
    title="Clinical and Care Professional Leadership Developments: Progress and Forward Plan",
    sponsor="Dr Chris Weiner, Chief Medical Officer",
    author="Dr Jane Doe, Assistant Director",
)
CORE = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}
APP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"


@pytest.fixture(scope="module")
def view() -> View:
    return build_view(load_default_set(), Filters())


def parts(blob: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(blob)) as package:
        return {
            name: package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.endswith((".xml", ".rels"))
        }


def core(blob: bytes) -> dict[str, str]:
    from lxml import etree

    root = etree.fromstring(parts(blob)["docProps/core.xml"].encode())
    found = {}
    for prefix, uri in CORE.items():
        for element in root.iter(f"{{{uri}}}*"):
            found[f"{prefix}:{etree.QName(element).localname}"] = element.text or ""
    return found


def app(blob: bytes) -> dict[str, str]:
    from lxml import etree

    root = etree.fromstring(parts(blob)["docProps/app.xml"].encode())
    return {etree.QName(e).localname: e.text or "" for e in root}


@pytest.fixture(scope="module")
def papers(view: View) -> dict[str, bytes]:
    return {
        "docx": cover_report_docx(view, TEXTS, written_at=WRITTEN_AT),
        "pptx": appendix_a_pptx(view, texts=TEXTS, written_at=WRITTEN_AT),
    }


@pytest.mark.parametrize("kind", ["docx", "pptx"])
def test_no_part_of_either_file_carries_the_templates_author_dates_program_or_language(
    papers: dict[str, bytes], kind: str
) -> None:
    for name, xml in parts(papers[kind]).items():
        for left_over in ("en-US", "Steve Canny", "2013", "python-docx", "python-pptx", "Macintosh"):
            assert left_over not in xml, (kind, name, left_over)


@pytest.mark.parametrize("kind", ["docx", "pptx"])
def test_author_dates_title_subject_and_language_are_the_papers(papers: dict[str, bytes], kind: str) -> None:
    properties = core(papers[kind])
    assert properties["dc:creator"] == "Dr Jane Doe"
    assert properties["cp:lastModifiedBy"] == "Dr Jane Doe"
    assert properties["dcterms:created"] == properties["dcterms:modified"] == "2023-02-01T09:30:05Z"
    assert properties["dc:language"] == "en-GB"
    if kind == "docx":
        assert properties["dc:title"] == TEXTS.title
        assert properties["dc:subject"] == "Integrated Care Partnership, 8 February 2023"
    else:
        assert properties["dc:title"].startswith("Appendix A: ")
        assert "as at 8 February 2023" in properties["dc:subject"]
    assert "as at 8 February 2023" in properties["dc:description"]


def test_files_are_dated_when_they_are_written_by_default(view: View) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    blobs = [cover_report_docx(view), appendix_a_pptx(view)]
    after = dt.datetime.now(dt.UTC)
    for blob in blobs:
        properties = core(blob)
        for key in ("dcterms:created", "dcterms:modified"):
            stamp = dt.datetime.fromisoformat(properties[key].replace("Z", "+00:00"))
            assert before <= stamp <= after, (key, stamp)
        assert properties["dc:creator"] == properties["cp:lastModifiedBy"] != ""


def test_app_properties_name_the_program_and_the_decks_16_by_9_format(papers: dict[str, bytes]) -> None:
    deck = app(papers["pptx"])
    assert deck["Application"] == "CCPL Progress Dashboard"
    assert deck["PresentationFormat"] == "Widescreen"
    assert int(deck["Slides"]) == len(Presentation(io.BytesIO(papers["pptx"])).slides)
    assert "AppVersion" not in deck  # a version number belongs to the program named
    document = app(papers["docx"])
    assert document["Application"] == "CCPL Progress Dashboard"
    assert "AppVersion" not in document and "Pages" not in document  # no stale counts


@pytest.mark.parametrize("kind", ["docx", "pptx"])
def test_every_language_tag_in_the_file_is_en_gb(papers: dict[str, bytes], kind: str) -> None:
    tags = [
        value
        for xml in parts(papers[kind]).values()
        for value in re.findall(r'\b(?:lang|w:val|val)="([a-z]{2}-[A-Z]{2})"', xml)
    ]
    assert tags and set(tags) <= {"en-GB", "ja-JP", "ar-SA"}, set(tags)
    if kind == "pptx":
        charts = [xml for name, xml in parts(papers[kind]).items() if name.startswith("ppt/charts/chart")]
        assert charts and all('<c:lang val="en-GB"/>' in xml for xml in charts)
        presentation = parts(papers[kind])["ppt/presentation.xml"]
        assert 'lang="en-GB"' in presentation  # the default text style


@pytest.mark.parametrize("kind", ["docx", "pptx"])
def test_the_templates_blank_thumbnail_is_left_out(papers: dict[str, bytes], kind: str) -> None:
    """The templates carry a blank thumbnail (a blank 4:3 slide for our 16:9 deck): file browsers showed it."""
    xml = parts(papers[kind])
    assert "metadata/thumbnail" not in xml["_rels/.rels"]
    with zipfile.ZipFile(io.BytesIO(papers[kind])) as package:
        assert not [name for name in package.namelist() if "thumbnail" in name]
