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
import posixpath
import re
import struct
import zipfile
import zlib
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO
from xml.parsers import expat

from loaders.limits import (
    MAX_ENTRY_RATIO,
    MAX_FILE_BYTES,
    MAX_FILLED_CELLS,
    MAX_PART_BYTES,
    MAX_SHARED_STRINGS,
    MAX_SHARED_TEXT_CHARS,
    MAX_SHEET_CELLS,
    MAX_SHEETS,
    MAX_TEXT_CHARS,
    MAX_UNCOMPRESSED_BYTES,
    RATIO_CHECK_FROM_BYTES,
)
from loaders.problems import Problem, Severity

__all__ = ["MAX_FILE_BYTES", "FileCheck", "SheetEntry", "check_file_bytes", "scan_sheets"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_SAVE_AS_XLSX = "Open it in Excel and use File > Save As > 'Excel Workbook (*.xlsx)', then try again."
_UPLOAD_XLSX = "Upload the tracker as an Excel workbook (.xlsx)."
_REPAIR = "Open it in Excel (which may offer to repair it), save it again as .xlsx, and try again."
_FRESH_COPY = "Check the file is the tracker you meant to upload; save a fresh copy from Excel."
_OFFICE_DOCUMENT = "/officeDocument"
_WORKSHEET = "/worksheet"
_SHARED_STRINGS = "/sharedStrings"
MAX_LISTED_CELLS = 5
"""Cells named in one message before the rest are counted."""
_READ_CHUNK = 64 * 1024


@dataclass(frozen=True)
class SheetEntry:
    """One sheet as the workbook lists it.

    Attributes:
        name: its name as Excel shows it.
        part: the archive name of its XML part (None when the workbook points nowhere).
        state: 'visible', 'hidden' or 'veryHidden'.
        position: its place in the workbook's list of sheets, from 0.
    """

    name: str
    part: str | None
    state: str = "visible"
    position: int = 0

    @property
    def visible(self) -> bool:
        return self.state == "visible"


@dataclass(frozen=True)
class FileCheck:
    """What the byte-level checks found, and the workbook's sheets if it could be opened."""

    problems: tuple[Problem, ...]
    sheets: tuple[SheetEntry, ...] = ()
    shared_strings: str | None = None
    canonical: bool = True  # False when the workbook part is not at xl/workbook.xml

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


class _Refused(Exception):
    """A check failed: carries the one Problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _error(file_name: str, code: str, message: str, fix: str, **where: object) -> Problem:
    return Problem(Severity.ERROR, code, message, fix, file=file_name, **where)  # type: ignore[arg-type]


def check_file_bytes(data: bytes, file_name: str, max_bytes: int = MAX_FILE_BYTES) -> FileCheck:
    """Check that `data` is an xlsx workbook that is safe to parse, and list its sheets; never raises."""
    if len(data) > max_bytes:
        return FileCheck((too_large(file_name, len(data), max_bytes),))
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
    try:
        return _check_archive(data, file_name)
    except _Refused as refused:
        return FileCheck((refused.problem,))


def too_large(file_name: str, size: int, max_bytes: int = MAX_FILE_BYTES) -> Problem:
    return _error(
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


def _part_key(name: str) -> str:
    """How a part name is looked up: forward slashes, no leading slash, any case (as OPC says)."""
    return posixpath.normpath(name.replace("\\", "/").lstrip("/")).lower()


class _Package:
    """The zip archive, with its parts found by normalised name and every read guarded."""

    def __init__(self, data: bytes, file_name: str) -> None:
        self.file_name = file_name
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            self.infos = self.archive.infolist()
        except (
            zipfile.BadZipFile,
            OSError,
            ValueError,
            EOFError,
            struct.error,
            UnicodeDecodeError,
            NotImplementedError,  # a central directory asking for a newer zip version than Python reads
        ) as exc:
            raise _Refused(self.damaged(None, exc)) from exc
        self.by_key = {}
        for info in self.infos:
            self.by_key.setdefault(_part_key(info.filename), info)

    def damaged(self, part: str | None, exc: BaseException | None) -> Problem:
        where = f"Part '{part}' of the workbook" if part else "The file"
        reason = _damage_reason(exc)
        return _error(
            self.file_name,
            "corrupt",
            f"The file is damaged: it looks like a workbook but cannot be opened. {where} {reason}.",
            _REPAIR,
        )

    def find(self, name: str) -> zipfile.ZipInfo | None:
        return self.by_key.get(_part_key(name))

    @contextmanager
    def open(self, info: zipfile.ZipInfo) -> Iterator[IO[bytes]]:
        """The part as a stream; any damage found while reading becomes a 'corrupt' refusal."""
        try:
            with self.archive.open(info) as stream:
                yield stream
        except _Refused:
            raise
        except (
            zipfile.BadZipFile,
            zlib.error,
            RuntimeError,
            NotImplementedError,
            EOFError,
            OSError,
            ValueError,
            struct.error,
        ) as exc:
            raise _Refused(self.damaged(info.filename, exc)) from exc

    def read(self, info: zipfile.ZipInfo, limit: int = MAX_PART_BYTES) -> bytes:
        with self.open(info) as stream:
            return stream.read(limit)


def _damage_reason(exc: BaseException | None) -> str:
    if isinstance(exc, zipfile.BadZipFile) and "CRC" in str(exc):
        return "fails its checksum (its content was changed or damaged after it was saved)"
    if isinstance(exc, zlib.error):
        return "has damaged compressed data"
    if isinstance(exc, RuntimeError) and "encrypt" in str(exc).lower():
        return "is encrypted"
    if isinstance(exc, NotImplementedError):
        return "uses a compression method Excel does not write"
    if exc is None:
        return "cannot be read"
    return "cannot be read (the zip archive is damaged)"


def _check_archive(data: bytes, file_name: str) -> FileCheck:
    package = _Package(data, file_name)
    _check_sizes(package)
    names = set(package.by_key)
    workbook_part = _workbook_part(package)
    if workbook_part is None:
        if "word/document.xml" in names:
            what = "a Word document"
        elif any(n.startswith("ppt/") for n in names):
            what = "a PowerPoint presentation"
        elif "content.xml" in names:
            what = "an OpenDocument file (LibreOffice)"
        else:
            what = "a zip archive"
        raise _Refused(
            _error(file_name, "not_xlsx", f"This is {what}, not an Excel workbook.", _SAVE_AS_XLSX)
        )
    _check_doctypes(package)
    if any(key.endswith("vbaproject.bin") for key in names):
        raise _Refused(
            _error(
                file_name,
                "macros",
                "The workbook contains macros (.xlsm). Macro-enabled workbooks are not accepted.",
                "Save a copy as 'Excel Workbook (*.xlsx)', which removes the macros, and upload that.",
            )
        )
    sheets, shared_strings = _workbook_sheets(package, workbook_part)
    return FileCheck((), sheets, shared_strings, canonical=workbook_part.filename == "xl/workbook.xml")


def _check_sizes(package: _Package) -> None:
    """Declared sizes, ratios, encryption flags and compression methods, before inflating anything."""
    file_name = package.file_name
    total = sum(info.file_size for info in package.infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _Refused(
            _error(
                file_name,
                "zip_bomb",
                f"The workbook would unpack to {total / 1_048_576:,.0f} MB, far more than a tracker needs "
                f"(limit {MAX_UNCOMPRESSED_BYTES / 1_048_576:.0f} MB).",
                _FRESH_COPY,
            )
        )
    for info in package.infos:
        if info.file_size > MAX_PART_BYTES:
            raise _Refused(
                _error(
                    file_name,
                    "zip_bomb",
                    f"Part '{info.filename}' of the workbook would unpack to {info.file_size / 1_048_576:,.0f} MB "
                    f"(limit {MAX_PART_BYTES / 1_048_576:.0f} MB for one part).",
                    _FRESH_COPY,
                )
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_CHECK_FROM_BYTES and ratio > MAX_ENTRY_RATIO:
            raise _Refused(
                _error(
                    file_name,
                    "zip_bomb",
                    f"Part '{info.filename}' of the workbook is compressed {ratio:,.0f} to 1, beyond the "
                    f"{MAX_ENTRY_RATIO} to 1 a real workbook has.",
                    _FRESH_COPY,
                )
            )
        if info.flag_bits & 0x1:
            raise _Refused(package.damaged(info.filename, RuntimeError("encrypted")))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _Refused(package.damaged(info.filename, NotImplementedError()))


_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def _check_doctypes(package: _Package) -> None:
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
            raise _Refused(_doctype_problem(package.file_name, info.filename))


def _doctype_problem(file_name: str, part: str) -> Problem:
    return _error(
        file_name,
        "xml_entities",
        f"Part '{part}' of the workbook declares a document type (<!DOCTYPE>), which Excel never writes and "
        "which can carry XML entity attacks.",
        "Upload a workbook saved by Excel; if this one came from another tool, open it in Excel and save it "
        "again as .xlsx.",
    )


# XML, streamed ------------------------------------------------------------------------------------------


class _DoctypeFound(Exception):
    pass


def _local(name: str) -> str:
    """The element's name without its namespace prefix ('x:c' -> 'c'); most writers use none."""
    return name.rpartition(":")[2] if ":" in name else name


def _parse(package: _Package, info: zipfile.ZipInfo, start, end=None, text=None) -> None:  # noqa: ANN001
    """Stream one part through expat with the given handlers; damage and doctypes become refusals."""
    parser = expat.ParserCreate()  # no namespace processing: names are matched without their prefix
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse_doctype(*_: object) -> None:
        raise _DoctypeFound

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    with package.open(info) as stream:
        try:
            while chunk := stream.read(_READ_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except _DoctypeFound as exc:
            raise _Refused(_doctype_problem(package.file_name, info.filename)) from exc
        except expat.ExpatError as exc:
            raise _Refused(
                _error(
                    package.file_name,
                    "corrupt",
                    f"The workbook cannot be read: part '{info.filename}' is not well-formed XML "
                    f"({expat.ErrorString(exc.code)}, line {exc.lineno}).",
                    _REPAIR,
                )
            ) from exc
        except LookupError as exc:  # the XML declaration names an encoding that does not exist
            raise _Refused(
                _error(
                    package.file_name,
                    "corrupt",
                    f"The workbook cannot be read: part '{info.filename}' declares an unknown text encoding "
                    f"({exc}).",
                    _REPAIR,
                )
            ) from exc


def _relationships(package: _Package, source_part: str) -> list[tuple[str, str, str]]:
    """(id, type, target part) of a part's relationships, targets resolved to archive names."""
    folder, _, base = source_part.replace("\\", "/").lstrip("/").rpartition("/")
    rels = package.find(posixpath.join(folder, "_rels", base + ".rels"))
    if rels is None:
        return []
    found: list[tuple[str, str, str]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if _local(name) != "Relationship" or attrs.get("TargetMode") == "External" or len(found) > 10_000:
            return
        target = attrs.get("Target", "").replace("\\", "/")
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found.append((attrs.get("Id", ""), attrs.get("Type", ""), posixpath.normpath(resolved)))

    _parse(package, rels, start)
    return found


def _workbook_part(package: _Package) -> zipfile.ZipInfo | None:
    """The workbook part, found through the package relationships as readers do, else at xl/workbook.xml."""
    for _, kind, target in _relationships(package, ""):
        if kind.endswith(_OFFICE_DOCUMENT) and (info := package.find(target)) is not None:
            return info
    return package.find("xl/workbook.xml")


def _workbook_sheets(
    package: _Package, workbook: zipfile.ZipInfo
) -> tuple[tuple[SheetEntry, ...], str | None]:
    rels = _relationships(package, workbook.filename)
    targets = {rid: target for rid, _, target in rels}
    shared = next((t for _, kind, t in rels if kind.endswith(_SHARED_STRINGS)), None)
    listed: list[tuple[str, str, str]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if _local(name) != "sheet":
            return
        if len(listed) >= MAX_SHEETS:
            raise _Refused(
                _error(
                    package.file_name,
                    "too_many_sheets",
                    f"The workbook lists more than {MAX_SHEETS:,} sheets.",
                    "Delete the sheets the tracker does not need, or start from the template.",
                )
            )
        rid = next((v for k, v in attrs.items() if k.endswith(":id")), "")
        listed.append((attrs.get("name", ""), rid, attrs.get("state", "visible")))

    _parse(package, workbook, start)
    sheets = []
    for position, (name, rid, state) in enumerate(listed):
        info = package.find(targets[rid]) if rid in targets else None
        sheets.append(SheetEntry(name, info.filename if info else None, state, position))
    shared_info = package.find(shared) if shared else None
    return tuple(sheets), shared_info.filename if shared_info else None


# What the sheets to be read hold -------------------------------------------------------------------------


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (ord(letter) - 64)
    return number


_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


@dataclass
class _SheetScan:
    """What one sheet's XML holds, counted while streaming it."""

    cells: int = 0
    text_chars: int = 0
    first_row: int = 0
    last_row: int = 0
    first_column: int = 0
    last_column: int = 0
    farthest: str = ""
    formulas_without_value: list[str] = field(default_factory=list)
    formula_count: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    error_count: int = 0
    hidden_rows: list[int] = field(default_factory=list)
    hidden_count: int = 0

    def extent(self) -> int:
        if not self.cells:
            return 0
        return (self.last_row - self.first_row + 1) * (self.last_column - self.first_column + 1)


class _Limit(Exception):
    pass


class _SheetScanner:
    """Expat handlers counting a sheet's filled cells, extent, text, formulas, errors and hidden rows."""

    def __init__(self, shared_lengths: array, budget: list[int], stop_at_first_value: bool = False) -> None:
        self.scan = _SheetScan()
        self.shared_lengths = shared_lengths
        self.budget = budget  # [cells left, characters left] over every sheet read
        self.stop_at_first_value = stop_at_first_value
        self.row = 0
        self.column = 0
        self.in_cell = False
        self.in_value = False
        self.in_text = False
        self.cell_type = ""
        self.has_formula = False
        self.has_value = False
        self.has_cell = False
        self.value: list[str] = []
        self.value_length = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2] if ":" in name else name
        if local == "c":
            self.in_cell, self.has_formula, self.has_value, self.has_cell = True, False, False, False
            self.cell_type = attrs.get("t", "n")
            self.value, self.value_length = [], 0
            match = _REF.match(attrs.get("r", ""))
            if match:
                self.column = _column_number(match.group(1).upper())
                self.row = int(match.group(2)) or self.row
            else:
                self.column += 1
        elif not self.in_cell:
            if local == "row":
                row = attrs.get("r", "")
                self.row = int(row) if row.isdigit() and 0 < len(row) < 8 else self.row + 1
                self.column = 0
                if attrs.get("hidden") in ("1", "true"):
                    self.scan.hidden_count += 1
                    if len(self.scan.hidden_rows) < MAX_LISTED_CELLS:
                        self.scan.hidden_rows.append(self.row)
        elif local == "f":
            self.has_formula = True
        elif local == "v":
            self.in_value = True
        elif local == "t":
            self.in_text = True
            self.has_value = self.has_cell = True

    def text(self, data: str) -> None:
        if self.in_value:
            self.value_length += len(data)
            if self.value_length <= 64:
                self.value.append(data)
        elif self.in_text:
            self.value_length += len(data)

    def end(self, name: str) -> None:
        local = name.rpartition(":")[2] if ":" in name else name
        if local == "v":
            self.in_value = False
            # An empty <v/> is no saved result for a formula, but readers may still place a cell there
            # (an empty string cell at XFD1048576 makes calamine allocate the whole sheet): it counts.
            self.has_value = self.has_value or self.value_length > 0
            self.has_cell = True
        elif local == "t":
            self.in_text = False
        elif local == "c":
            self.in_cell = False
            self._count_cell()

    def cell_ref(self) -> str:
        return f"{_letters(self.column)}{self.row}"

    def _count_cell(self) -> None:
        scan = self.scan
        if self.has_formula and not self.has_value:
            scan.formula_count += 1
            if len(scan.formulas_without_value) < MAX_LISTED_CELLS:
                scan.formulas_without_value.append(self.cell_ref())
        if not self.has_cell:
            return
        if self.stop_at_first_value and self.has_value:
            raise _Limit
        chars = self.value_length
        value = "".join(self.value)
        if self.cell_type == "s":
            index = int(value) if value.strip().isdigit() and len(value) < 12 else -1
            chars = self.shared_lengths[index] if 0 <= index < len(self.shared_lengths) else 0
        elif self.cell_type == "e":
            scan.error_count += 1
            if len(scan.errors) < MAX_LISTED_CELLS:
                scan.errors.append((self.cell_ref(), value.strip()))
        scan.cells += 1
        scan.text_chars += chars
        self.budget[0] -= 1
        self.budget[1] -= chars
        if scan.cells == 1:
            scan.first_row = scan.last_row = self.row
            scan.first_column = scan.last_column = self.column
            scan.farthest = self.cell_ref()
        else:
            scan.first_row = min(scan.first_row, self.row)
            scan.first_column = min(scan.first_column, self.column)
            if self.row > scan.last_row or self.column > scan.last_column:
                scan.farthest = self.cell_ref()
            scan.last_row = max(scan.last_row, self.row)
            scan.last_column = max(scan.last_column, self.column)
        if self.budget[0] < 0 or self.budget[1] < 0 or scan.extent() > MAX_SHEET_CELLS:
            raise _Limit


def _letters(column: int) -> str:
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters or "A"


def _shared_lengths(package: _Package, part: str | None) -> array:
    """The length of every shared string, in order (the strings themselves are not kept)."""
    lengths = array("q")
    info = package.find(part) if part else None
    if info is None:
        return lengths
    state = {"depth": 0, "in_t": False, "current": 0, "total": 0}

    def start(name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "si":
            if len(lengths) >= MAX_SHARED_STRINGS:
                raise _Refused(
                    _shared_problem(package.file_name, f"more than {MAX_SHARED_STRINGS:,} strings")
                )
            state["current"] = 0
        elif local == "t":
            state["in_t"] = True
        elif local in ("rPh", "phoneticPr"):
            state["depth"] += 1

    def end(name: str) -> None:
        local = _local(name)
        if local == "si":
            lengths.append(state["current"])
        elif local == "t":
            state["in_t"] = False
        elif local in ("rPh", "phoneticPr"):
            state["depth"] -= 1

    def text(data: str) -> None:
        if state["in_t"] and not state["depth"]:
            state["current"] += len(data)
            state["total"] += len(data)
            if state["total"] > MAX_SHARED_TEXT_CHARS:
                raise _Refused(
                    _shared_problem(package.file_name, f"more than {MAX_SHARED_TEXT_CHARS:,} characters")
                )

    _parse(package, info, start, end, text)
    return lengths


def _shared_problem(file_name: str, what: str) -> Problem:
    return _error(
        file_name,
        "too_much_text",
        f"The workbook's table of text (shared strings) holds {what}, far more than a tracker needs.",
        "Delete unused sheets and long pasted text, or copy the tracker's sheets into a new workbook.",
    )


def has_any_value(data: bytes, check: FileCheck) -> bool:
    """True if any sheet holds a filled cell (stops at the first one found)."""
    try:
        package = _Package(data, "")
        for sheet in check.sheets:
            info = package.find(sheet.part) if sheet.part else None
            if info is None:
                continue
            scanner = _SheetScanner(array("q"), [MAX_FILLED_CELLS, MAX_TEXT_CHARS], stop_at_first_value=True)
            try:
                _parse(package, info, scanner.start, scanner.end, scanner.text)
            except _Limit:
                return True
    except _Refused:
        return True  # let the reader report it
    return False


def scan_sheets(data: bytes, check: FileCheck, sheets: list[SheetEntry], file_name: str) -> list[Problem]:
    """Stream the sheets that will be read and report what no reader should be asked to load.

    Errors: a sheet spanning more than MAX_SHEET_CELLS (one far cell is enough), more filled cells or text
    than the limits, Excel error values, formulas with no saved result. Warnings: hidden rows.
    """
    try:
        package = _Package(data, file_name)
        shared = _shared_lengths(package, check.shared_strings)
        budget = [MAX_FILLED_CELLS, MAX_TEXT_CHARS]
        problems: list[Problem] = []
        for sheet in sheets:
            info = package.find(sheet.part) if sheet.part else None
            if info is None:
                continue
            scanner = _SheetScanner(shared, budget)
            try:
                _parse(package, info, scanner.start, scanner.end, scanner.text)
            except _Limit:
                return [_limit_problem(file_name, sheet.name, scanner.scan, budget)]
            problems.extend(_sheet_problems(file_name, sheet.name, scanner.scan))
        return problems
    except _Refused as refused:
        return [refused.problem]


def _limit_problem(file_name: str, sheet: str, scan: _SheetScan, budget: list[int]) -> Problem:
    if scan.extent() > MAX_SHEET_CELLS:
        return _error(
            file_name,
            "sheet_too_large",
            f"The sheet reaches cell {scan.farthest}, so it spans {scan.extent():,} cells; the limit is "
            f"{MAX_SHEET_CELLS:,}. Usually a stray value far below or to the right of the data.",
            f"Go to cell {scan.farthest} (Ctrl+G), delete it and any rows and columns beyond the data, save "
            "and try again.",
            sheet=sheet,
            value=scan.farthest,
        )
    if budget[0] < 0:
        return _error(
            file_name,
            "too_many_cells",
            f"The sheets read hold more than {MAX_FILLED_CELLS:,} filled cells, far more than a tracker needs.",
            "Delete rows and columns that are not part of the tracker, or split it.",
            sheet=sheet,
        )
    return _error(
        file_name,
        "too_much_text",
        f"The cells of the sheets read hold more than {MAX_TEXT_CHARS:,} characters of text (text used in "
        "many cells counts each time), far more than a tracker needs.",
        "Shorten long pasted text, or move notes out of the tracker, then try again.",
        sheet=sheet,
        value=scan.farthest or None,
    )


def _listed(items: list[str], total: int) -> str:
    return ", ".join(items) + (f" and {total - len(items):,} more" if total > len(items) else "")


def _sheet_problems(file_name: str, sheet: str, scan: _SheetScan) -> list[Problem]:
    problems = []
    if scan.formula_count:
        count = scan.formula_count
        problems.append(
            _error(
                file_name,
                "formula_without_value",
                f"{count} cell{'s' if count > 1 else ''} hold{'' if count > 1 else 's'} a formula with no saved "
                f"result ({_listed(scan.formulas_without_value, count)}), so the value cannot be read.",
                "Open the workbook in Excel, let it calculate, and save it; or replace the formulas with values.",
                sheet=sheet,
                value=scan.formulas_without_value[0],
            )
        )
    for ref, value in scan.errors:
        match = _REF.match(ref)
        problems.append(
            _error(
                file_name,
                "excel_error",
                f"Cell {ref} holds the Excel error {value or '(unknown)'}, not a value.",
                "Correct the formula or the value it refers to in Excel (or type the value), save and try again.",
                sheet=sheet,
                row=int(match.group(2)) if match else None,
                column=match.group(1) if match else None,
                value=value,
            )
        )
    if scan.error_count > len(scan.errors):
        problems.append(
            _error(
                file_name,
                "excel_error",
                f"{scan.error_count - len(scan.errors):,} more cells hold Excel errors.",
                "Correct the formulas in Excel, save and try again.",
                sheet=sheet,
            )
        )
    if scan.hidden_count:
        problems.append(
            Problem(
                Severity.WARNING,
                "hidden_rows",
                f"{scan.hidden_count:,} row{'s are' if scan.hidden_count > 1 else ' is'} hidden in Excel "
                f"(row {_listed([str(r) for r in scan.hidden_rows], scan.hidden_count)}); hidden rows are read "
                "like any other.",
                "Unhide them in Excel to check them, and delete any that should not count.",
                file=file_name,
                sheet=sheet,
            )
        )
    return problems


def canonical_package(data: bytes, check: FileCheck) -> bytes:
    """The same workbook with its workbook part at xl/workbook.xml, where every reader looks for it.

    Parts are copied unchanged; the workbook's relationships are rewritten with absolute targets.
    """
    package = _Package(data, "")
    workbook = _workbook_part(package)
    if workbook is None:
        return data
    rels = _relationships(package, workbook.filename)
    relationships = "".join(
        f'<Relationship Id="{_attr(rid)}" Type="{_attr(kind)}" Target="/{_attr(target)}"/>'
        for rid, kind, target in rels
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        skip = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "_rels/.rels"}
        for info in package.infos:
            if _part_key(info.filename) not in skip:
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
