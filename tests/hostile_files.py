"""Builders of hostile and damaged xlsx files, as real bytes, for the tests of loaders' limits.

Each builder starts from a real workbook (written by openpyxl, as tests/conftest.py does) and edits the
parts of its zip archive, the way an attacker or a damaged disk would.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
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
    return append_rows(xlsx_bytes(sheets), sheet_name, b'<row r="%s"><c r="%s"><v>1</v></c></row>' % (row, ref.encode()))


def shared_strings_bomb(references: int = 80_000, length: int = 32_767) -> bytes:
    """One long shared string referenced from many cells of a sheet the tracker reads."""
    data = xlsx_bytes(FRAMEWORK)
    entries = parts(data)
    sst = entries["xl/sharedStrings.xml"]
    count = int(re.search(rb'uniqueCount="(\d+)"', sst).group(1))
    sst = sst.replace(b"</sst>", b"<si><t>" + b"x" * length + b"</t></si></sst>")
    rows = b"".join(b'<row r="%d"><c r="H%d" t="s"><v>%d</v></c></row>' % (r, r, count) for r in range(5, 5 + references))
    part = sheet_part(data, "Priorities")
    entries[part] = entries[part].replace(b"</sheetData>", rows + b"</sheetData>")
    entries["xl/sharedStrings.xml"] = sst
    return zipped(entries)


def long_strings_workbook(total_bytes: int = 57 * 1024 * 1024, unique: int = 4000) -> bytes:
    """A genuine tracker plus a notes sheet of long, distinct but repetitive strings (compresses ~120:1)."""
    data = xlsx_bytes(FRAMEWORK | {"Notes": [["Note"]]})
    entries = parts(data)
    sst = entries["xl/sharedStrings.xml"]
    count = int(re.search(rb'uniqueCount="(\d+)"', sst).group(1))
    length = total_bytes // unique
    filler = (b"The engagement lead reviewed the notes of the meeting and agreed the actions. " * (length // 78 + 1))[:length]
    strings = b"".join(b"<si><t>%d %s</t></si>" % (i, filler) for i in range(unique))
    entries["xl/sharedStrings.xml"] = sst.replace(b"</sst>", strings + b"</sst>")
    rows = b"".join(b'<row r="%d"><c r="A%d" t="s"><v>%d</v></c></row>' % (i + 2, i + 2, count + i) for i in range(unique))
    part = sheet_part(data, "Notes")
    entries[part] = entries[part].replace(b"</sheetData>", rows + b"</sheetData>")
    return zipped(entries)


def cell_of(value_xml: bytes, ref: bytes, attributes: bytes = b"") -> bytes:
    return b'<c r="%s"%s>%s</c>' % (ref, attributes, value_xml)


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
    """Flip one stored CRC (local and central headers) so that reading the part fails its check."""
    out = bytearray(data)
    offset = _local_header_offset(data, name)
    out[offset + 14] ^= 0xFF
    central = data.rfind(b"PK\x01\x02" + data[data.find(b"PK\x01\x02") + 4 : data.find(b"PK\x01\x02") + 4][:0])
    position = data.find(b"PK\x01\x02")
    while position != -1:
        name_len = struct.unpack("<H", data[position + 28 : position + 30])[0]
        if data[position + 46 : position + 46 + name_len] == name.encode():
            out[position + 16] ^= 0xFF
        position = data.find(b"PK\x01\x02", position + 4)
    del central
    return bytes(out)


def corrupt_deflate(data: bytes, name: str) -> bytes:
    """Overwrite the middle of one part's deflate stream with an invalid block type."""
    start, size = _data_offset(data, name)
    out = bytearray(data)
    for i in range(start, start + max(4, size // 2)):
        out[i] = 0xFF
    return bytes(out)


def _set_central_field(data: bytes, name: str, field_offset: int, local_offset: int, value: bytes, xor: bool) -> bytes:
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
            out[target + i] = out[target + i] | byte if xor else byte
    return bytes(out)


def encrypted_flag(data: bytes, name: str) -> bytes:
    """Set the 'encrypted' bit of one part's general-purpose flags."""
    return _set_central_field(data, name, 8, 6, b"\x01", xor=True)


def unknown_compression(data: bytes, name: str) -> bytes:
    """Give one part a compression method no reader knows (99 is AES; 77 is nothing)."""
    return _set_central_field(data, name, 10, 8, struct.pack("<H", 77), xor=False)


def deflated(content: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(content) + compressor.flush()
