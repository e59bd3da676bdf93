"""An xlsx file opened as the archive it is, without trusting it: its parts, their relationships, the
workbook's list of sheets, and any part streamed through an XML parser that refuses a DOCTYPE or an entity.

Used by loaders.safety (the byte-level checks) and loaders.sheet_scan (the streamed sheet bounds); a failure
is raised as Refused carrying the one Problem to report.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO
from xml.parsers import expat

from loaders.limits import (
    MAX_PART_BYTES,
    MAX_SHEETS,
)
from loaders.problems import Problem, Severity

SAVE_AS_XLSX = "Open it in Excel and use File > Save As > 'Excel Workbook (*.xlsx)', then try again."
UPLOAD_XLSX = "Upload the tracker as an Excel workbook (.xlsx)."
REPAIR = "Open it in Excel (which may offer to repair it), save it again as .xlsx, and try again."
FRESH_COPY = "Check the file is the tracker you meant to upload; save a fresh copy from Excel."
_OFFICE_DOCUMENT = "/officeDocument"
_WORKSHEET = "/worksheet"
_SHARED_STRINGS = "/sharedStrings"
MAX_LISTED_CELLS = 5
"""Cells named in one message before the rest are counted."""
READ_CHUNK = 64 * 1024


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


class Refused(Exception):
    """A check failed: carries the one Problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def file_error(file_name: str, code: str, message: str, fix: str, **where: object) -> Problem:
    return Problem(Severity.ERROR, code, message, fix, file=file_name, **where)  # type: ignore[arg-type]


def part_key(name: str) -> str:
    """How a part name is looked up: forward slashes, no leading slash, any case (as OPC says)."""
    return posixpath.normpath(name.replace("\\", "/").lstrip("/")).lower()


class Package:
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
            raise Refused(self.damaged(None, exc)) from exc
        self.by_key = {}
        for info in self.infos:
            self.by_key.setdefault(part_key(info.filename), info)

    def damaged(self, part: str | None, exc: BaseException | None) -> Problem:
        where = f"Part '{part}' of the workbook" if part else "The file"
        reason = _damage_reason(exc)
        return file_error(
            self.file_name,
            "corrupt",
            f"The file is damaged: it looks like a workbook but cannot be opened. {where} {reason}.",
            REPAIR,
        )

    def find(self, name: str) -> zipfile.ZipInfo | None:
        return self.by_key.get(part_key(name))

    @contextmanager
    def open(self, info: zipfile.ZipInfo) -> Iterator[IO[bytes]]:
        """The part as a stream; any damage found while reading becomes a 'corrupt' refusal."""
        try:
            with self.archive.open(info) as stream:
                yield stream
        except Refused:
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
            raise Refused(self.damaged(info.filename, exc)) from exc

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


def doctype_problem(file_name: str, part: str) -> Problem:
    return file_error(
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


def local_name(name: str) -> str:
    """The element's name without its namespace prefix ('x:c' -> 'c'); most writers use none."""
    return name.rpartition(":")[2] if ":" in name else name


def stream_part(package: Package, info: zipfile.ZipInfo, start, end=None, text=None) -> None:  # noqa: ANN001
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
            while chunk := stream.read(READ_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except _DoctypeFound as exc:
            raise Refused(doctype_problem(package.file_name, info.filename)) from exc
        except expat.ExpatError as exc:
            raise Refused(
                file_error(
                    package.file_name,
                    "corrupt",
                    f"The workbook cannot be read: part '{info.filename}' is not well-formed XML "
                    f"({expat.ErrorString(exc.code)}, line {exc.lineno}).",
                    REPAIR,
                )
            ) from exc
        except LookupError as exc:  # the XML declaration names an encoding that does not exist
            raise Refused(
                file_error(
                    package.file_name,
                    "corrupt",
                    f"The workbook cannot be read: part '{info.filename}' declares an unknown text encoding "
                    f"({exc}).",
                    REPAIR,
                )
            ) from exc


def part_relationships(package: Package, source_part: str) -> list[tuple[str, str, str]]:
    """(id, type, target part) of a part's relationships, targets resolved to archive names."""
    folder, _, base = source_part.replace("\\", "/").lstrip("/").rpartition("/")
    rels = package.find(posixpath.join(folder, "_rels", base + ".rels"))
    if rels is None:
        return []
    found: list[tuple[str, str, str]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if local_name(name) != "Relationship" or attrs.get("TargetMode") == "External" or len(found) > 10_000:
            return
        target = attrs.get("Target", "").replace("\\", "/")
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found.append((attrs.get("Id", ""), attrs.get("Type", ""), posixpath.normpath(resolved)))

    stream_part(package, rels, start)
    return found


def find_workbook_part(package: Package) -> zipfile.ZipInfo | None:
    """The workbook part, found through the package relationships as readers do, else at xl/workbook.xml."""
    for _, kind, target in part_relationships(package, ""):
        if kind.endswith(_OFFICE_DOCUMENT) and (info := package.find(target)) is not None:
            return info
    return package.find("xl/workbook.xml")


def workbook_sheets(package: Package, workbook: zipfile.ZipInfo) -> tuple[tuple[SheetEntry, ...], str | None]:
    rels = part_relationships(package, workbook.filename)
    targets = {rid: target for rid, _, target in rels}
    shared = next((t for _, kind, t in rels if kind.endswith(_SHARED_STRINGS)), None)
    listed: list[tuple[str, str, str]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if local_name(name) != "sheet":
            return
        if len(listed) >= MAX_SHEETS:
            raise Refused(
                file_error(
                    package.file_name,
                    "too_many_sheets",
                    f"The workbook lists more than {MAX_SHEETS:,} sheets.",
                    "Delete the sheets the tracker does not need, or start from the template.",
                )
            )
        rid = next((v for k, v in attrs.items() if k.endswith(":id")), "")
        listed.append((attrs.get("name", ""), rid, attrs.get("state", "visible")))

    stream_part(package, workbook, start)
    sheets = []
    for position, (name, rid, state) in enumerate(listed):
        info = package.find(targets[rid]) if rid in targets else None
        sheets.append(SheetEntry(name, info.filename if info else None, state, position))
    shared_info = package.find(shared) if shared else None
    return tuple(sheets), shared_info.filename if shared_info else None


# What the sheets to be read hold -------------------------------------------------------------------------
