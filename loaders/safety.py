"""Checks on a file's bytes before any spreadsheet parser sees them.

The name and Streamlit's `type=` filter are conveniences, not controls: these checks look at the content.
They catch files that are not xlsx workbooks (a PDF, CSV or old .xls renamed), password-protected and
macro-enabled workbooks, damaged archives and zip bombs (declared sizes and compression ratios are checked
for every entry before anything is inflated, as Apache POI's ZipSecureFile does).
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass

from loaders.problems import Problem, Severity

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Largest accepted upload; matches server.maxUploadSize in .streamlit/config.toml."""
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
"""Largest total the archive may declare once unpacked."""
MAX_ENTRY_RATIO = 100
"""Highest compression ratio accepted for one entry (POI's default minimum inflate ratio is 0.01)."""
RATIO_CHECK_FROM_BYTES = 1024 * 1024
"""Entries smaller than this once unpacked are not ratio-checked: small XML compresses very well."""

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_SAVE_AS_XLSX = "Open it in Excel and use File > Save As > 'Excel Workbook (*.xlsx)', then try again."


@dataclass(frozen=True)
class FileCheck:
    """What the byte-level checks found."""

    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def _error(file_name: str, code: str, message: str, fix: str) -> Problem:
    return Problem(Severity.ERROR, code, message, fix, file=file_name)


def check_file_bytes(data: bytes, file_name: str, max_bytes: int = MAX_FILE_BYTES) -> FileCheck:
    """Check that `data` is an xlsx workbook that is safe to parse; never raises."""
    problems: list[Problem] = []
    if len(data) > max_bytes:
        problems.append(
            _error(
                file_name,
                "too_large",
                f"The file is {len(data) / 1_048_576:.1f} MB; the limit is {max_bytes / 1_048_576:.0f} MB.",
                "Remove unused sheets, images or formatting, or split the tracker, then try again.",
            )
        )
        return FileCheck(tuple(problems))
    if not data:
        return FileCheck((_error(file_name, "empty_file", "The file is empty (0 bytes).", _SAVE_AS_XLSX),))
    if data.startswith(_OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data:
            return FileCheck(
                (
                    _error(
                        file_name,
                        "password_protected",
                        "The workbook is protected with a password, so it cannot be read.",
                        "Open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with "
                        "Password, clear it), save, and try again.",
                    ),
                )
            )
        return FileCheck(
            (
                _error(
                    file_name,
                    "legacy_xls",
                    "This is an old-style Excel 97-2003 (.xls) workbook, not .xlsx.",
                    _SAVE_AS_XLSX,
                ),
            )
        )
    if data.startswith(b"%PDF"):
        return FileCheck(
            (
                _error(
                    file_name, "not_xlsx_pdf", "This is a PDF document, not an Excel workbook.", _UPLOAD_XLSX
                ),
            )
        )
    if not data.startswith(_ZIP_MAGIC):
        kind = "text (such as CSV)" if _looks_like_text(data) else "not an Excel workbook"
        return FileCheck(
            (
                _error(
                    file_name, "not_xlsx", f"The file's content is {kind}, whatever its name.", _SAVE_AS_XLSX
                ),
            )
        )
    return FileCheck(tuple(_check_archive(data, file_name)))


_UPLOAD_XLSX = "Upload the tracker as an Excel workbook (.xlsx)."


def _looks_like_text(data: bytes) -> bool:
    head = data[:4096]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in head


def _check_archive(data: bytes, file_name: str) -> list[Problem]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return [
            _error(
                file_name,
                "corrupt",
                "The file is damaged: it looks like a workbook but cannot be opened.",
                "Open it in Excel (which may offer to repair it), save it again as .xlsx, and try again.",
            )
        ]
    names = {info.filename for info in infos}
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        return [
            _error(
                file_name,
                "zip_bomb",
                f"The workbook would unpack to {total / 1_048_576:,.0f} MB, far more than a tracker needs "
                f"(limit {MAX_UNCOMPRESSED_BYTES / 1_048_576:.0f} MB).",
                "Check the file is the tracker you meant to upload; save a fresh copy from Excel.",
            )
        ]
    for info in infos:
        if info.file_size >= RATIO_CHECK_FROM_BYTES and info.file_size > MAX_ENTRY_RATIO * max(
            info.compress_size, 1
        ):
            return [
                _error(
                    file_name,
                    "zip_bomb",
                    f"Part '{info.filename}' of the workbook is compressed {info.file_size // max(info.compress_size, 1):,} "
                    f"to 1, beyond the {MAX_ENTRY_RATIO} to 1 a real workbook has.",
                    "Check the file is the tracker you meant to upload; save a fresh copy from Excel.",
                )
            ]
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            what = "a Word document"
        elif any(n.startswith("ppt/") for n in names):
            what = "a PowerPoint presentation"
        elif "content.xml" in names:
            what = "an OpenDocument file (LibreOffice)"
        else:
            what = "a zip archive"
        return [_error(file_name, "not_xlsx", f"This is {what}, not an Excel workbook.", _SAVE_AS_XLSX)]
    problems = _check_xml(archive, infos, file_name)
    if problems:
        return problems
    if "xl/vbaProject.bin" in names:
        return [
            _error(
                file_name,
                "macros",
                "The workbook contains macros (.xlsm). Macro-enabled workbooks are not accepted.",
                "Save a copy as 'Excel Workbook (*.xlsx)', which removes the macros, and upload that.",
            )
        ]
    return _formulas_without_values(archive, file_name)


_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]+[0-9]+)"[^>]*?(?:/>|>(.*?)</c>)', re.DOTALL)
_SHEET = re.compile(rb'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"')
_REL_REVERSED = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"')
_VALUE = re.compile(rb"<v\s*>")
MAX_LISTED_CELLS = 5


def _check_xml(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], file_name: str) -> list[Problem]:
    """Refuse document type declarations: a real workbook has none, and they carry entity tricks."""
    for info in infos:
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(info) as part:
            head = part.read(4096)
        if _DOCTYPE.search(head):
            return [
                _error(
                    file_name,
                    "xml_entities",
                    f"Part '{info.filename}' of the workbook declares a document type (<!DOCTYPE>), which Excel "
                    "never writes and which can carry XML entity attacks.",
                    "Upload a workbook saved by Excel; if this one came from another tool, open it in Excel and "
                    "save it again as .xlsx.",
                )
            ]
    return []


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part name ('xl/worksheets/sheet1.xml') -> the sheet's name as Excel shows it."""
    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {rid: target for rid, target in _REL.findall(rels)}
    targets |= {rid: target for target, rid in _REL_REVERSED.findall(rels)}
    names = {}
    for name, rid in _SHEET.findall(workbook):
        target = targets.get(rid, b"").decode()
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        names[part] = html.unescape(name.decode("utf-8", "replace"))
    return names


def _formulas_without_values(archive: zipfile.ZipFile, file_name: str) -> list[Problem]:
    """Cells holding a formula but no saved result: every reader would see them as blank."""
    problems = []
    names = _sheet_names(archive)
    for info in archive.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        xml = archive.read(info)
        if b"<f" not in xml:
            continue
        # A saved result is a <v>...</v> element; openpyxl writes an empty <v /> for formulas it never calculated.
        cells = [
            ref.decode() for ref, body in _CELL.findall(xml) if b"<f" in body and not _VALUE.search(body)
        ]
        if cells:
            shown = ", ".join(cells[:MAX_LISTED_CELLS]) + (
                f" and {len(cells) - MAX_LISTED_CELLS} more" if len(cells) > MAX_LISTED_CELLS else ""
            )
            problems.append(
                Problem(
                    Severity.ERROR,
                    "formula_without_value",
                    f"{len(cells)} cell{'s' if len(cells) > 1 else ''} hold{'' if len(cells) > 1 else 's'} a formula "
                    f"with no saved result ({shown}), so the value cannot be read.",
                    "Open the workbook in Excel, let it calculate, and save it; or replace the formulas with values.",
                    file=file_name,
                    sheet=names.get(info.filename, info.filename),
                    column=None,
                    value=cells[0],
                )
            )
    return problems
