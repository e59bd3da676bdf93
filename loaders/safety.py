"""Checks on a file's bytes before any spreadsheet parser sees them.

The name and Streamlit's `type=` filter are conveniences, not controls: these checks look at the content.
They catch files that are not xlsx workbooks (a PDF, CSV or old .xls renamed), password-protected and
macro-enabled workbooks, damaged archives (bad checksums, corrupt or encrypted parts, unknown compression)
and resource bombs. Sizes are checked for every part before anything is inflated, as Apache POI's
ZipSecureFile does, and then each sheet that will be read is streamed through an XML parser that counts
its extent, cells and text against the absolute limits in loaders.limits, so no reader ever builds a grid
or a string table larger than those limits allow. Nothing here loads a whole part into memory.
"""

from __future__ import annotations

import io
import re
import zipfile

from loaders.limits import (
    MAX_ENTRY_RATIO,
    MAX_FILE_BYTES,
    MAX_PART_BYTES,
    MAX_UNCOMPRESSED_BYTES,
    RATIO_CHECK_FROM_BYTES,
)
from loaders.problems import Problem
from loaders.sheet_scan import has_any_value, scan_sheets
from loaders.xlsx_package import (
    FRESH_COPY,
    MAX_LISTED_CELLS,
    SAVE_AS_XLSX,
    UPLOAD_XLSX,
    FileCheck,
    Package,
    Refused,
    SheetEntry,
    doctype_problem,
    file_error,
    find_workbook_part,
    part_key,
    part_relationships,
    workbook_sheets,
)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_LISTED_CELLS",
    "FileCheck",
    "SheetEntry",
    "canonical_package",
    "check_file_bytes",
    "has_any_value",
    "scan_sheets",
    "too_large",
]
"""Streamed sheet bounds (scan_sheets, has_any_value) live in loaders.sheet_scan and the archive reading in
loaders.xlsx_package; they are named here too, as before, so a caller has one module to check a file with."""


def check_file_bytes(data: bytes, file_name: str, max_bytes: int = MAX_FILE_BYTES) -> FileCheck:
    """Check that `data` is an xlsx workbook that is safe to parse, and list its sheets; never raises."""
    if len(data) > max_bytes:
        return FileCheck((too_large(file_name, len(data), max_bytes),))
    if not data:
        return FileCheck((file_error(file_name, "empty_file", "The file is empty (0 bytes).", SAVE_AS_XLSX),))
    if data.startswith(_OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data:
            return FileCheck(
                (
                    file_error(
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
                file_error(
                    file_name,
                    "legacy_xls",
                    "This is an old-style Excel 97-2003 (.xls) workbook, not .xlsx.",
                    SAVE_AS_XLSX,
                ),
            )
        )
    if data.startswith(b"%PDF"):
        return FileCheck(
            (
                file_error(
                    file_name, "not_xlsx_pdf", "This is a PDF document, not an Excel workbook.", UPLOAD_XLSX
                ),
            )
        )
    if not data.startswith(_ZIP_MAGIC):
        kind = "text (such as CSV)" if _looks_like_text(data) else "not an Excel workbook"
        return FileCheck(
            (
                file_error(
                    file_name, "not_xlsx", f"The file's content is {kind}, whatever its name.", SAVE_AS_XLSX
                ),
            )
        )
    try:
        return _check_archive(data, file_name)
    except Refused as refused:
        return FileCheck((refused.problem,))


def too_large(file_name: str, size: int, max_bytes: int = MAX_FILE_BYTES) -> Problem:
    return file_error(
        file_name,
        "too_large",
        f"The file is {size / 1_048_576:,.1f} MB; the limit is {max_bytes / 1_048_576:.0f} MB.",
        "Remove unused sheets, images or formatting, or split the tracker, then try again.",
    )


def _looks_like_text(data: bytes) -> bool:
    head = data[:4096]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in head


# The archive -------------------------------------------------------------------------------------------


def _check_archive(data: bytes, file_name: str) -> FileCheck:
    package = Package(data, file_name)
    _check_sizes(package)
    names = set(package.by_key)
    workbook_part = find_workbook_part(package)
    if workbook_part is None:
        if "word/document.xml" in names:
            what = "a Word document"
        elif any(n.startswith("ppt/") for n in names):
            what = "a PowerPoint presentation"
        elif "content.xml" in names:
            what = "an OpenDocument file (LibreOffice)"
        else:
            what = "a zip archive"
        raise Refused(
            file_error(file_name, "not_xlsx", f"This is {what}, not an Excel workbook.", SAVE_AS_XLSX)
        )
    _check_doctypes(package)
    if any(key.endswith("vbaproject.bin") for key in names):
        raise Refused(
            file_error(
                file_name,
                "macros",
                "The workbook contains macros (.xlsm). Macro-enabled workbooks are not accepted.",
                "Save a copy as 'Excel Workbook (*.xlsx)', which removes the macros, and upload that.",
            )
        )
    sheets, shared_strings = workbook_sheets(package, workbook_part)
    return FileCheck((), sheets, shared_strings, canonical=workbook_part.filename == "xl/workbook.xml")


def _check_sizes(package: Package) -> None:
    """Declared sizes, ratios, encryption flags and compression methods, before inflating anything."""
    file_name = package.file_name
    total = sum(info.file_size for info in package.infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise Refused(
            file_error(
                file_name,
                "zip_bomb",
                f"The workbook would unpack to {total / 1_048_576:,.0f} MB, far more than a tracker needs "
                f"(limit {MAX_UNCOMPRESSED_BYTES / 1_048_576:.0f} MB).",
                FRESH_COPY,
            )
        )
    for info in package.infos:
        if info.file_size > MAX_PART_BYTES:
            raise Refused(
                file_error(
                    file_name,
                    "zip_bomb",
                    f"Part '{info.filename}' of the workbook would unpack to {info.file_size / 1_048_576:,.0f} MB "
                    f"(limit {MAX_PART_BYTES / 1_048_576:.0f} MB for one part).",
                    FRESH_COPY,
                )
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_CHECK_FROM_BYTES and ratio > MAX_ENTRY_RATIO:
            raise Refused(
                file_error(
                    file_name,
                    "zip_bomb",
                    f"Part '{info.filename}' of the workbook is compressed {ratio:,.0f} to 1, beyond the "
                    f"{MAX_ENTRY_RATIO} to 1 a real workbook has.",
                    FRESH_COPY,
                )
            )
        if info.flag_bits & 0x1:
            raise Refused(package.damaged(info.filename, RuntimeError("encrypted")))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Refused(package.damaged(info.filename, NotImplementedError()))


_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def _check_doctypes(package: Package) -> None:
    """Refuse document type declarations: a real workbook has none, and they carry entity tricks.

    The first 4 KB of every XML part are looked at here; the parts this module parses also refuse a
    declaration anywhere (see _Scanner).
    """
    for info in package.infos:
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        with package.open(info) as part:
            head = part.read(4096)
        if _DOCTYPE.search(head):
            raise Refused(doctype_problem(package.file_name, info.filename))


def canonical_package(data: bytes, check: FileCheck) -> bytes:
    """The same workbook with its workbook part at xl/workbook.xml, where every reader looks for it.

    Parts are copied unchanged; the workbook's relationships are rewritten with absolute targets.
    """
    package = Package(data, "")
    workbook = find_workbook_part(package)
    if workbook is None:
        return data
    rels = part_relationships(package, workbook.filename)
    relationships = "".join(
        f'<Relationship Id="{_attr(rid)}" Type="{_attr(kind)}" Target="/{_attr(target)}"/>'
        for rid, kind, target in rels
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        skip = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "_rels/.rels"}
        for info in package.infos:
            if part_key(info.filename) not in skip:
                out.writestr(info.filename.replace("\\", "/").lstrip("/"), package.read(info))
        out.writestr("xl/workbook.xml", package.read(workbook))
        out.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships '
            f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{relationships}</Relationships>',
        )
        out.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
    return buffer.getvalue()


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
