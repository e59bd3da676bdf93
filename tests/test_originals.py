"""Original files offered for download (issue 10 #21): viewers never learn who stored a version, and no
download URL exists before a signed-in person asks for the file."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from loaders.tracker_set import DEFAULT_DATA_DIR
from loaders.trackers import load_tracker
from services.version_history import without_authors
from tests.test_upload_flow import ENTRY

AUTHOR = "Secret Author Name"


def authored_workbook() -> bytes:
    workbook = load_workbook(DEFAULT_DATA_DIR / "cplg_agenda_log.xlsx")
    workbook.properties.creator = AUTHOR
    workbook.properties.lastModifiedBy = AUTHOR + " Again"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def all_parts(content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


def test_originals_for_viewers_lose_the_author_properties_and_nothing_else() -> None:
    original = authored_workbook()
    assert AUTHOR.encode() in all_parts(original)
    cleaned = without_authors(original)
    assert AUTHOR.encode() not in all_parts(cleaned)
    properties = load_workbook(io.BytesIO(cleaned)).properties
    assert (
        properties.creator in (None, "openpyxl") and not properties.lastModifiedBy
    )  # openpyxl fills a default
    before, after = load_tracker(original, "a.xlsx"), load_tracker(cleaned, "a.xlsx")
    assert after.ok and after.tables["agenda_items"].equals(before.tables["agenda_items"])
    with zipfile.ZipFile(io.BytesIO(original)) as a, zipfile.ZipFile(io.BytesIO(cleaned)) as b:
        assert a.namelist() == b.namelist()
    assert without_authors(b"not a zip") == b"not a zip"


def test_the_history_page_creates_no_download_url_before_a_click() -> None:
    """The original is produced on click (deferred), so the page itself hands out no /media URL to reuse."""
    at = AppTest.from_file(ENTRY, default_timeout=120).run()
    at.switch_page("pages/manage/stored_versions.py").run()
    assert not at.exception
    buttons = [b for b in at.get("download_button") if "original file" in b.proto.label]
    assert buttons
    for button in buttons:
        assert button.proto.url == "" and button.proto.deferred_file_id
