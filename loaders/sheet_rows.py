"""The data rows of a workbook written as sheet XML a column at a time, and put into XlsxWriter's package after
each sheet's heading row: writing 50,000 rows cell by cell through XlsxWriter took seconds (bench/bench_edits.py).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Mapping, Sequence
from xml.etree import ElementTree

import numpy as np
from xlsxwriter.utility import xl_col_to_name, xl_range

from loaders.cell_values import Cells, objects

_OOXML_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}[_\x00-\x08\x0b-\x1f])|[\x00-\x08\x0b-\x1f]")
"""What Excel writes as _xHHHH_: control characters XML cannot carry (tab and newline it can), and an
underscore that would otherwise start such an escape when read back. XlsxWriter escapes the underscore of
'_x0041_' but not the second one of '_x005F_x0041_', nor one followed by a control character."""
_OOXML_LOOKALIKE = re.compile(r"_x[0-9A-Fa-f]{4}")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0B, 0x20)])
_ALL_BUT_CONTROL_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_SPACE_AFTER_SEPARATOR = re.compile(r"\x00\s")
_SEPARATOR = "\x00"


def rows_xml(cells: Sequence[Cells], styles: Mapping[str, int]) -> tuple[str, str]:
    """The `<row>` elements of a sheet's data rows (from Excel row 2), and the sheet's extent ('A1:J101').

    Built a column at a time as arrays of pieces (open tag, row number, style, value, close tag), then joined
    row by row: the same XML XlsxWriter writes cell by cell, but text is an inline string.
    """
    count = len(cells[0].numbers) if cells else 0
    row_numbers = np.arange(2, count + 2).astype(str).astype(object)
    pieces = [np.full(count, '<row r="', dtype=object), row_numbers, np.full(count, '">', dtype=object)]
    filled = np.zeros(count, dtype=bool)
    for index, column in enumerate(cells):
        is_text = column.is_text
        is_number = ~np.isnan(column.numbers)
        present = is_text | is_number
        if not present.any():
            continue
        filled |= present
        start, value, end = (np.full(count, "", dtype=object) for _ in range(3))
        if is_number.any():
            value[is_number] = _number_texts(column.numbers[is_number])
            for numbers, style in ((~column.dates, column.style), (column.dates, column.date_style)):
                if (is_number & numbers).any():
                    start[is_number & numbers] = f'" s="{styles[style]}"><v>'
            end[is_number] = "</v></c>"
        if is_text.any():
            escaped, preserve = _escaped_texts(column.texts[is_text].tolist())
            value[is_text] = objects(escaped)
            text_start = f'" s="{styles[column.style]}" t="inlineStr"><is><t'
            start[is_text] = np.where(preserve, text_start + ' xml:space="preserve">', text_start + ">")
            end[is_text] = "</t></is></c>"
        cell_start = np.full(count, "", dtype=object)
        cell_start[present] = f'<c r="{xl_col_to_name(index)}'
        pieces += [cell_start, np.where(present, row_numbers, ""), start, value, end]
    pieces.append(np.full(count, "</row>", dtype=object))
    table = np.column_stack(pieces)[filled]
    last_row = int(np.flatnonzero(filled)[-1]) + 2 if filled.any() else 1
    return "".join(table.ravel().tolist()), xl_range(0, 0, last_row - 1, max(len(cells), 1) - 1)


def _number_texts(numbers: np.ndarray) -> np.ndarray:
    """Numbers as cell values: whole numbers as integers, others as the shortest text that reads back as the
    same float (XlsxWriter's 16 significant digits would change some, and the grid would disagree).

    Each distinct number is formatted once: a column of dates or percentages holds few.
    """
    distinct, positions = np.unique(numbers, return_inverse=True)
    whole = (distinct == np.trunc(distinct)) & (np.abs(distinct) < 2**53)
    texts = [str(int(n)) if w else repr(n) for n, w in zip(distinct.tolist(), whole.tolist(), strict=True)]
    return objects(texts)[positions]


def _escaped_texts(texts: list[str]) -> tuple[list[str], np.ndarray]:
    """Texts escaped for an inline string, and whether each needs xml:space="preserve" (XlsxWriter's rule:
    leading or trailing white space). Checked on the whole column at once: most need only &, < and >."""
    joined = _SEPARATOR.join(texts)
    # A control character is found among the bytes: UTF-8 uses none below 0x80 within a longer character.
    controls = joined.encode().translate(None, _ALL_BUT_CONTROL_BYTES)
    if len(controls) == len(texts) - 1 and not ("_x" in joined and _OOXML_LOOKALIKE.search(joined)):
        joined = joined.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        escaped = joined.split(_SEPARATOR)
    else:
        escaped = [_escape_text(text) for text in texts]
        joined = _SEPARATOR.join(escaped)
    edge_space = (
        joined[:1].isspace()
        or joined[-1:].isspace()
        or _SPACE_AFTER_SEPARATOR.search(joined)
        or _SPACE_AFTER_SEPARATOR.search(joined[::-1])
    )
    if edge_space:
        preserve = np.array([t[:1].isspace() or t[-1:].isspace() for t in escaped], dtype=bool)
    else:
        preserve = np.zeros(len(escaped), dtype=bool)
    return escaped, preserve


def _escape_text(text: str) -> str:
    text = _OOXML_ESCAPE.sub(lambda match: f"_x{ord(match.group()):04X}_", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_DIMENSION = re.compile(rb"<dimension ref=\"[^\"]*\"/>")
_HEADING_ROW = re.compile(rb'<row r="1"[ >]')
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_SHEET_COMPRESSION = 3
"""zlib level for the sheets given rows: level 6 (the default) took longer than building their XML, for
files about a quarter smaller."""


def write_package(package: bytes, rows: Mapping[str, tuple[str, str]], destination: str | io.BytesIO) -> None:
    """Copy XlsxWriter's package to `destination`, each named sheet with its data rows after the heading."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        parts = _sheet_parts(source)
        given = {parts[name]: body for name, body in rows.items()}
        with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info)
                level = None
                if info.filename in given:
                    data = _with_rows(data, *given[info.filename])
                    level = _SHEET_COMPRESSION
                copy = zipfile.ZipInfo(info.filename, info.date_time)
                copy.external_attr = info.external_attr
                target.writestr(copy, data, zipfile.ZIP_DEFLATED, level)


def _sheet_parts(package: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's part in the package, by sheet name, as xl/workbook.xml and its relationships name them."""
    workbook = ElementTree.fromstring(package.read("xl/workbook.xml"))
    relationships = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in relationships.iter(_PACKAGE_RELATIONSHIP)}
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets[sheet.get(_RELATIONSHIP_ID)]
        part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        parts[sheet.get("name", "")] = posixpath.normpath(part)
    return parts


def _with_rows(sheet_xml: bytes, rows_xml: str, extent: str) -> bytes:
    """A sheet's XML with `rows_xml` after its heading row (replacing XlsxWriter's blanks) and its extent."""
    rows_start = sheet_xml.index(b"<sheetData>") + len(b"<sheetData>")
    if not _HEADING_ROW.match(sheet_xml, rows_start):
        raise ValueError("XlsxWriter wrote no heading row first")
    heading_end = sheet_xml.index(b"</row>", rows_start) + len(b"</row>")
    head = _DIMENSION.sub(f'<dimension ref="{extent}"/>'.encode(), sheet_xml[:heading_end], count=1)
    return b"".join((head, rows_xml.encode("utf-8"), sheet_xml[sheet_xml.index(b"</sheetData>") :]))
