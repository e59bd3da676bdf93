"""Files that are not usable trackers get one clear message, never a traceback."""

import io
import zipfile

import pytest
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import Workbook

from loaders.trackers import load_tracker
from services.uploads import new_version
from tests.conftest import FRAMEWORK, codes, xlsx_bytes


def only_error(data: bytes, name: str = "tracker.xlsx") -> str:
    tracker = load_tracker(data, name)
    assert not tracker.ok
    assert len(tracker.errors) == 1, tracker.problems
    problem = tracker.errors[0]
    assert problem.file == name
    assert problem.fix, "every error says what to do"
    return problem.code


def encrypted(data: bytes, password: str = "secret") -> bytes:
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


def zipped(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_pdf_renamed_to_xlsx() -> None:
    assert only_error(b"%PDF-1.7\n1 0 obj << >> endobj\n") == "not_xlsx_pdf"


def test_csv_renamed_to_xlsx() -> None:
    assert only_error(b"Priority ID,Status\nP1,On track\n") == "not_xlsx"


def test_old_xls_format() -> None:
    ole_header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    assert only_error(ole_header) == "legacy_xls"


def test_password_protected_workbook_is_named_as_such() -> None:
    tracker = load_tracker(encrypted(xlsx_bytes(FRAMEWORK)), "locked.xlsx")
    assert codes(tracker.errors) == ["password_protected"]
    assert "password" in tracker.errors[0].fix.lower()


def test_truncated_workbook_is_reported_as_damaged() -> None:
    data = xlsx_bytes(FRAMEWORK)
    assert only_error(data[: len(data) // 2]) == "corrupt"


def test_zip_with_garbage_sheet_xml_is_reported_as_damaged() -> None:
    good = zipfile.ZipFile(io.BytesIO(xlsx_bytes(FRAMEWORK)))
    entries = {name: good.read(name) for name in good.namelist()}
    entries["xl/worksheets/sheet1.xml"] = b"<worksheet><sheetData><row><c r='A1' t='s'><v>99"
    assert only_error(zipped(entries)) == "corrupt"


def test_word_document_renamed_to_xlsx() -> None:
    data = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    tracker = load_tracker(data, "minutes.xlsx")
    assert codes(tracker.errors) == ["not_xlsx"]
    assert "Word document" in tracker.errors[0].message


def test_macro_enabled_workbook_is_refused() -> None:
    good = zipfile.ZipFile(io.BytesIO(xlsx_bytes(FRAMEWORK)))
    entries = {name: good.read(name) for name in good.namelist()}
    entries["xl/vbaProject.bin"] = b"\x00" * 64
    assert only_error(zipped(entries), "tracker.xlsm") == "macros"


def test_zip_bomb_is_refused_before_inflating() -> None:
    bomb = zipped(
        {"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"\x00" * (60 * 1024 * 1024)}
    )
    assert len(bomb) < 1024 * 1024
    assert only_error(bomb) == "zip_bomb"


def test_file_over_the_size_limit() -> None:
    tracker = load_tracker(xlsx_bytes(FRAMEWORK), "big.xlsx", max_bytes=1000)
    assert codes(tracker.errors) == ["too_large"]


def test_empty_file_and_empty_workbook() -> None:
    assert only_error(b"") == "empty_file"
    workbook = Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert only_error(buffer.getvalue()) == "empty_workbook"


def test_workbook_with_none_of_the_tracker_sheets() -> None:
    tracker = load_tracker(xlsx_bytes({"Sheet1": [["Name", "Value"], ["a", 1]]}), "notes.xlsx")
    assert codes(tracker.errors) == ["unknown_tracker"]
    assert "Sheet1" in tracker.errors[0].message
    assert "Priorities" in tracker.errors[0].fix


@pytest.mark.parametrize("data", [b"PK\x03\x04garbage", b"\x89PNG\r\n\x1a\n" + bytes(range(256))])
def test_other_junk_never_raises(data: bytes) -> None:
    tracker = load_tracker(data, "junk.xlsx")
    assert not tracker.ok


def bad_inputs() -> dict[str, bytes]:
    good = zipfile.ZipFile(io.BytesIO(xlsx_bytes(FRAMEWORK)))
    parts = {name: good.read(name) for name in good.namelist()}
    return {
        "pdf": b"%PDF-1.7\n",
        "csv": b"a,b\n1,2\n",
        "xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
        "password": encrypted(xlsx_bytes(FRAMEWORK)),
        "truncated": xlsx_bytes(FRAMEWORK)[:3000],
        "macros": zipped(parts | {"xl/vbaProject.bin": b"\x00"}),
        "bomb": zipped(
            {"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"\x00" * (60 * 1024 * 1024)}
        ),
        "wrong_sheets": xlsx_bytes({"Sheet1": [["Name"], ["x"]]}),
        "empty": b"",
    }


@pytest.mark.parametrize("name", list(bad_inputs()))
def test_no_bad_input_can_become_a_stored_version(name: str) -> None:

    data = bad_inputs()[name]
    tracker = load_tracker(data, f"{name}.xlsx")
    assert not tracker.ok
    with pytest.raises(ValueError, match="cannot be stored"):
        new_version(tracker, data)
