"""Builders of hostile and damaged xlsx files, as real bytes, for the tests of loaders' limits.

Each builder starts from a real workbook (written by openpyxl, as tests/conftest.py does) and edits the
parts of its zip archive, the way an attacker or a damaged disk would.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Callable

from tests.conftest import FRAMEWORK, Sheets, xlsx_bytes


def parts(data: bytes) -> dict[str, bytes]:
    """Every part of an xlsx archive by name, in archive order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def zipped(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip archive of `entries` in the given order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def with_parts(data: bytes, changes: dict[str, bytes | None]) -> bytes:
    """The workbook with some parts replaced, added, or (None) removed."""
    entries = parts(data)
    for name, content in changes.items():
        if content is None:
            entries.pop(name, None)
        else:
            entries[name] = content
    return zipped(entries)


def sheet_part(data: bytes, sheet_name: str) -> str:
    """The archive name of a sheet's part, e.g. 'xl/worksheets/sheet2.xml' (openpyxl numbers in order)."""
    entries = parts(data)
    names = re.findall(rb'<sheet [^>]*name="([^"]*)"', entries["xl/workbook.xml"])
    return f"xl/worksheets/sheet{[n.decode() for n in names].index(sheet_name) + 1}.xml"


def edit_sheet(data: bytes, sheet_name: str, edit: Callable[[bytes], bytes]) -> bytes:
    part = sheet_part(data, sheet_name)
    return with_parts(data, {part: edit(parts(data)[part])})


def append_rows(data: bytes, sheet_name: str, rows_xml: bytes) -> bytes:
    """Add raw <row> elements at the end of a sheet's data."""
    return edit_sheet(data, sheet_name, lambda xml: xml.replace(b"</sheetData>", rows_xml + b"</sheetData>"))


def far_cell(sheet_name: str = "Priorities", ref: str = "XFD1048576", sheets: Sheets = FRAMEWORK) -> bytes:
    """A valid tracker with one number in a far cell of one sheet."""
    row = re.sub(r"^[A-Z]+", "", ref).encode()
    return append_rows(
        xlsx_bytes(sheets), sheet_name, b'<row r="%s"><c r="%s"><v>1</v></c></row>' % (row, ref.encode())
    )


def with_shared_strings(data: bytes, strings: list[bytes]) -> bytes:
    """Add a shared-strings part (openpyxl writes inline strings) holding `strings`, indexed from 0."""
    entries = parts(data)
    items = b"".join(b"<si><t>%s</t></si>" % text for text in strings)
    entries["xl/sharedStrings.xml"] = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
        b"%s</sst>" % (len(strings), len(strings), items)
    )
    entries["xl/_rels/workbook.xml.rels"] = entries["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        b'Target="sharedStrings.xml" Id="rIdSST"/></Relationships>',
    )
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sharedStrings+xml"/></Types>',
    )
    return zipped(entries)


def shared_strings_bomb(references: int = 80_000, length: int = 32_767) -> bytes:
    """One long shared string referenced from many cells of a sheet the tracker reads."""
    rows = b"".join(
        b'<row r="%d"><c r="H%d" t="s"><v>0</v></c></row>' % (r, r) for r in range(5, 5 + references)
    )
    data = append_rows(xlsx_bytes(FRAMEWORK), "Priorities", rows)
    return with_shared_strings(data, [b"x" * length])


def long_strings_workbook(total_bytes: int = 57 * 1024 * 1024, unique: int = 4000) -> bytes:
    """A genuine tracker plus a notes sheet of long, distinct but repetitive strings (compresses ~120:1)."""
    length = total_bytes // unique
    sentence = b"The engagement lead reviewed the notes of the meeting and agreed the actions. "
    filler = (sentence * (length // len(sentence) + 1))[:length]
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="s"><v>%d</v></c></row>' % (i + 2, i + 2, i) for i in range(unique)
    )
    data = append_rows(xlsx_bytes(FRAMEWORK | {"Notes": [["Note"]]}), "Notes", rows)
    return with_shared_strings(data, [b"%d %s" % (i, filler) for i in range(unique)])


def replace_cell(data: bytes, sheet_name: str, ref: str, cell_xml: bytes) -> bytes:
    """Replace one existing cell element (found by its reference) with raw XML."""
    pattern = re.compile(rb'<c r="%s"[^>]*?(?:/>|>.*?</c>)' % ref.encode(), re.DOTALL)

    def edit(xml: bytes) -> bytes:
        new, count = pattern.subn(lambda _: cell_xml, xml, count=1)
        assert count == 1, f"no cell {ref} on {sheet_name}"
        return new

    return edit_sheet(data, sheet_name, edit)


# Damage at the level of the zip archive ------------------------------------------------------------


def _local_header_offset(data: bytes, name: str) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.getinfo(name).header_offset


def _data_offset(data: bytes, name: str) -> tuple[int, int]:
    """(offset of the compressed data, its length) of one entry."""
    offset = _local_header_offset(data, name)
    name_len, extra_len = struct.unpack("<HH", data[offset + 26 : offset + 30])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        size = archive.getinfo(name).compress_size
    return offset + 30 + name_len + extra_len, size


def bad_crc(data: bytes, name: str) -> bytes:
    """Change one part's stored checksum so that reading the part fails its check."""
    return _set_central_field(data, name, 16, 14, b"\xff", xor=True)


def corrupt_deflate(data: bytes, name: str) -> bytes:
    """Overwrite the middle of one part's deflate stream with an invalid block type."""
    start, size = _data_offset(data, name)
    out = bytearray(data)
    for i in range(start, start + max(4, size // 2)):
        out[i] = 0xFF
    return bytes(out)


def _set_central_field(
    data: bytes, name: str, field_offset: int, local_offset: int, value: bytes, xor: bool
) -> bytes:
    out = bytearray(data)
    targets = [_local_header_offset(data, name) + local_offset]
    position = data.find(b"PK\x01\x02")
    while position != -1:
        name_len = struct.unpack("<H", data[position + 28 : position + 30])[0]
        if data[position + 46 : position + 46 + name_len] == name.encode():
            targets.append(position + field_offset)
        position = data.find(b"PK\x01\x02", position + 4)
    for target in targets:
        for i, byte in enumerate(value):
            out[target + i] = out[target + i] ^ byte if xor else byte
    return bytes(out)


def encrypted_flag(data: bytes, name: str) -> bytes:
    """Set the 'encrypted' bit of one part's general-purpose flags."""
    return _set_central_field(data, name, 8, 6, b"\x01", xor=True)


def unknown_compression(data: bytes, name: str) -> bytes:
    """Give one part a compression method no reader knows (99 is AES; 77 is nothing)."""
    return _set_central_field(data, name, 10, 8, struct.pack("<H", 77), xor=False)
