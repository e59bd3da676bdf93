"""Files built to break the loader (issue 10): each gets a specific message, within bounded time and memory.

One test (or more) per defect of issue 10 on the loader side; the numbers in the names are the defects'.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from loaders.limits import MAX_FILE_BYTES
from loaders.loaded import LoadedTracker
from loaders.problems import Problem
from loaders.trackers import load_tracker, load_tracker_file
from tests.conftest import ENGAGEMENT, FRAMEWORK, codes, sheets_copy, xlsx_bytes
from tests.hostile_files import (
    append_rows,
    bad_crc,
    corrupt_deflate,
    edit_sheet,
    encrypted_flag,
    far_cell,
    long_strings_workbook,
    parts,
    replace_cell,
    shared_strings_bomb,
    sheet_part,
    unknown_compression,
    with_parts,
    zipped,
)

ROOT = Path(__file__).resolve().parent.parent


def load_measured(
    data: bytes, name: str = "hostile.xlsx", memory: bool = True
) -> tuple[LoadedTracker, float, int]:
    """The load, its time in seconds and (if asked: it slows the load) its peak of Python allocations."""
    started = time.perf_counter()
    tracker = load_tracker(data, name)
    elapsed = time.perf_counter() - started
    if not memory:
        return tracker, elapsed, 0
    tracemalloc.start()
    try:
        load_tracker(data, name)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return tracker, elapsed, peak


def messages(problems: list[Problem]) -> str:
    return "\n".join(p.describe() for p in problems)


# 1. One far cell ----------------------------------------------------------------------------------------


def test_01_far_cell_on_a_read_sheet_is_refused_naming_the_cell_before_any_grid_is_built() -> None:
    tracker, elapsed, peak = load_measured(far_cell("Priorities", "XFD1048576"))
    assert codes(tracker.errors) == ["sheet_too_large"]
    assert "XFD1048576" in tracker.errors[0].message and "XFD1048576" in tracker.errors[0].fix
    assert tracker.errors[0].sheet == "Priorities"
    assert elapsed < 5 and peak < 50 * 1024 * 1024


def test_01_far_cell_on_a_sheet_not_read_costs_nothing() -> None:
    data = far_cell("Notes", "XFD1048576", FRAMEWORK | {"Notes": [["Note"], ["x"]]})
    tracker, elapsed, peak = load_measured(data)
    assert tracker.ok, messages(tracker.problems)
    assert elapsed < 5 and peak < 50 * 1024 * 1024


def test_01_far_empty_string_cell_is_refused_too() -> None:
    # calamine places an empty string cell, so it would allocate the whole sheet for it
    data = append_rows(
        xlsx_bytes(FRAMEWORK), "Priorities", b'<row r="1048576"><c r="XFD1048576" t="str"><v></v></c></row>'
    )
    tracker, elapsed, _ = load_measured(data, memory=False)
    assert codes(tracker.errors) == ["sheet_too_large"]
    assert elapsed < 5


def test_01_cell_at_xfd5000_does_not_cost_gigabytes() -> None:
    tracker, elapsed, peak = load_measured(far_cell("Priorities", "XFD5000"))
    assert codes(tracker.errors) == ["sheet_too_large"]
    assert elapsed < 5 and peak < 50 * 1024 * 1024


# 2. Formulas without values, checked in linear time ----------------------------------------------------


def test_02_formula_without_value_check_is_linear_on_a_large_file() -> None:
    # 60,000 cells with formulas and no result, closed with '</c >' (valid XML: space before '>'), plus
    # 60,000 styled empty cells: the old regex looked for '</c>' from each cell to the end of the part,
    # quadratic in the part's size.
    rows = b"".join(
        b'<row r="%d"><c r="I%d" s="1"/><c r="J%d"><f>1+1</f></c ><c r="K%d" s="1"/></row>' % (r, r, r, r)
        for r in range(10, 60_010)
    )
    data = append_rows(xlsx_bytes(FRAMEWORK), "Priorities", rows)
    tracker, elapsed, _ = load_measured(data, memory=False)
    assert codes(tracker.errors) == ["formula_without_value"]
    assert "60000 cells" in tracker.errors[0].message and "J10" in tracker.errors[0].message
    assert elapsed < 10


# 3. Shared-strings bomb -----------------------------------------------------------------------------------


def test_03_one_long_shared_string_used_80000_times_is_refused_in_bounded_memory() -> None:
    data = shared_strings_bomb(references=80_000, length=32_767)
    assert len(data) < 2 * 1024 * 1024
    tracker, elapsed, peak = load_measured(data)
    assert codes(tracker.errors) == ["too_much_text"]
    assert "characters" in tracker.errors[0].message and tracker.errors[0].fix
    assert elapsed < 10 and peak < 50 * 1024 * 1024


# 5. Dates outside pandas' range -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["31/12/9999", "01/01/1600", dt.datetime(9999, 12, 31), dt.datetime(1600, 1, 1)]
)
def test_05_dates_outside_the_usable_range_name_the_cell(typed: object) -> None:
    sheets = sheets_copy(FRAMEWORK)
    sheets["Priorities"][2][4] = typed
    tracker = load_tracker(xlsx_bytes(sheets), "dates.xlsx")
    bad = [p for p in tracker.errors if p.code == "date_out_of_range"]
    assert len(bad) == 1, messages(tracker.problems)
    assert (bad[0].sheet, bad[0].row, bad[0].column) == ("Priorities", 3, "Due date (E)")
    assert "blank" in bad[0].fix


def test_05_a_column_spanning_1700_and_2250_gives_messages_not_a_traceback() -> None:
    sheets = sheets_copy(FRAMEWORK)
    sheets["Priorities"][1][4] = "01/01/1700"
    sheets["Priorities"][2][4] = "01/01/2250"
    tracker = load_tracker(xlsx_bytes(sheets), "dates.xlsx")
    assert {(p.code, p.row) for p in tracker.errors} == {("date_out_of_range", 2), ("date_out_of_range", 3)}


def test_05_as_at_out_of_range_names_the_cell() -> None:
    sheets = sheets_copy(FRAMEWORK)
    sheets["About"][2][1] = "31/12/9999"
    tracker = load_tracker(xlsx_bytes(sheets), "dates.xlsx")
    assert [(p.code, p.sheet, p.row) for p in tracker.errors] == [("date_out_of_range", "About", 3)]


@pytest.mark.parametrize("typed", ["31/12/9999", "01/01/1600"])
def test_05_cli_reports_out_of_range_dates_without_a_traceback(typed: str, tmp_path: Path) -> None:
    sheets = sheets_copy(FRAMEWORK)
    sheets["Priorities"][2][4] = typed
    path = tmp_path / "dates.xlsx"
    path.write_bytes(xlsx_bytes(sheets))
    result = subprocess.run(
        [sys.executable, "-m", "loaders", "check", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "row 3" in result.stdout and typed in result.stdout


# 6. Integers that overflow ------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["inf", "1e19", 1e19, "99999999999999999999"])
def test_06_numbers_too_large_to_count_name_the_cell(typed: object) -> None:
    sheets = sheets_copy(ENGAGEMENT)
    sheets["Events"][2][3] = typed
    tracker = load_tracker(xlsx_bytes(sheets), "engagement.xlsx")
    assert [(p.code, p.row, p.column) for p in tracker.errors] == [("bad_integer", 3, "Attendees (D)")]
    assert (tracker.tables.get("events", None) is None) or tracker.tables["events"]["attendees"].min() >= 0


# 12. Hidden sheets and rows -----------------------------------------------------------------------------


def _with_sheet_states(data: bytes, states: dict[str, str]) -> bytes:
    workbook = parts(data)["xl/workbook.xml"]
    for name, state in states.items():
        workbook = re.sub(
            rb'(name="%s" sheetId="\d+") state="visible"' % re.escape(name.encode()),
            rb'\1 state="%s"' % state.encode(),
            workbook,
        )
    return with_parts(data, {"xl/workbook.xml": workbook})


def test_12_visible_sheet_is_read_rather_than_a_hidden_stale_one_of_the_same_name() -> None:
    stale = sheets_copy(FRAMEWORK)["Priorities"]
    stale[1][5] = "Complete"
    sheets = {"About": FRAMEWORK["About"], "priorities ": stale} | {
        k: v for k, v in FRAMEWORK.items() if k != "About"
    }
    data = _with_sheet_states(xlsx_bytes(sheets), {"priorities ": "hidden"})
    tracker = load_tracker(data, "stale.xlsx")
    assert tracker.ok, messages(tracker.problems)
    assert tracker.tables["priorities"]["status"].astype(str).tolist() == ["On track", "Complete", "At risk"]
    ignored = [p for p in tracker.warnings if p.code == "duplicate_sheet_ignored"]
    assert len(ignored) == 1 and ignored[0].sheet == "priorities " and "hidden" in ignored[0].message


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_12_hidden_and_very_hidden_sheets_are_read_with_a_warning(state: str) -> None:
    tracker = load_tracker(_with_sheet_states(xlsx_bytes(FRAMEWORK), {"Themes": state}), "hidden.xlsx")
    assert tracker.ok
    warning = next(p for p in tracker.warnings if p.code == "hidden_sheet")
    assert warning.sheet == "Themes" and "hidden" in warning.message


def test_12_hidden_rows_are_read_with_a_warning_naming_them() -> None:
    data = edit_sheet(
        xlsx_bytes(FRAMEWORK), "Priorities", lambda xml: xml.replace(b'<row r="3"', b'<row r="3" hidden="1"')
    )
    tracker = load_tracker(data, "rows.xlsx")
    warning = next(p for p in tracker.warnings if p.code == "hidden_rows")
    assert warning.sheet == "Priorities" and "row 3" in warning.message
    assert len(tracker.tables["priorities"]) == 3


# 13. Many columns -----------------------------------------------------------------------------------------


def test_13_five_thousand_columns_load_in_linear_time() -> None:
    sheets = sheets_copy(FRAMEWORK)
    for i, row in enumerate(sheets["Priorities"]):
        row.extend([f"Extra {c}" if i == 0 else f"v{c}" for c in range(5000)])
    tracker, elapsed, _ = load_measured(xlsx_bytes(sheets), memory=False)
    assert tracker.ok, messages(tracker.errors)
    assert tracker.tables["priorities"].shape[1] > 5000
    assert elapsed < 20  # quadratic inserts took 49 s (196 s on a loaded CI machine)


# 15. Invisible characters in ids ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "shown"), [("P\u200b1", "U+200B"), ("\u202eP1", "U+202E"), ("P1\ufeff", "U+FEFF")]
)
def test_15_invisible_characters_in_ids_are_refused_and_shown(typed: str, shown: str) -> None:
    sheets = sheets_copy(FRAMEWORK)
    sheets["Priorities"][2][0] = typed
    tracker = load_tracker(xlsx_bytes(sheets), "ids.xlsx")
    bad = [p for p in tracker.errors if p.code == "invisible_characters"]
    assert len(bad) == 1, messages(tracker.problems)
    assert bad[0].row == 3 and shown in bad[0].message
    assert not re.search("[\u200b\u202e\ufeff]", bad[0].message + bad[0].fix)


# 17. Excel error values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("ref", "error"), [("G2", "#DIV/0!"), ("D4", "#N/A"), ("E3", "#REF!")])
def test_17_excel_error_values_are_named_not_read_as_blank(ref: str, error: str) -> None:
    data = replace_cell(
        xlsx_bytes(FRAMEWORK),
        "Priorities",
        ref,
        b'<c r="%s" t="e"><v>%s</v></c>' % (ref.encode(), error.encode()),
    )
    tracker = load_tracker(data, "errors.xlsx")
    assert [(p.code, p.row, p.value) for p in tracker.errors] == [("excel_error", int(ref[1:]), error)]
    assert error in tracker.errors[0].message and ref in tracker.errors[0].message


# 18. The CLI checks the size before reading -------------------------------------------------------------


def test_18_a_huge_file_is_refused_from_its_size_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as handle:
        handle.truncate(1536 * 1024 * 1024)  # sparse: 1.5 GB that takes no disk
    tracemalloc.start()
    tracker = load_tracker_file(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert codes(tracker.errors) == ["too_large"]
    assert "1,536.0 MB" in tracker.errors[0].message
    assert peak < MAX_FILE_BYTES // 4


def test_18_cli_refuses_a_huge_file_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as handle:
        handle.truncate(1536 * 1024 * 1024)
    result = subprocess.run(
        [sys.executable, "-m", "loaders", "check", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 1 and "too_large" not in result.stderr
    assert "the limit is 20 MB" in result.stdout and "Traceback" not in result.stderr


# 19. Excel's 29 February 1900 --------------------------------------------------------------------------


def test_19_serial_60_is_named_as_the_day_excel_invented() -> None:
    data = replace_cell(xlsx_bytes(FRAMEWORK), "Priorities", "E3", b'<c r="E3" s="2" t="n"><v>60</v></c>')
    tracker = load_tracker(data, "1900.xlsx")
    problem = next(p for p in tracker.problems if p.row == 3 and p.column == "Due date (E)")
    assert "29 February 1900" in problem.message
    assert "Did you mean 28 February 1900" not in messages(tracker.problems)


def test_19_an_early_date_alone_in_its_column_is_not_offered_itself_as_a_correction() -> None:
    sheets = sheets_copy(ENGAGEMENT)
    sheets["Events"] = sheets["Events"][:2]
    sheets["Events"][1][1] = dt.datetime(1900, 2, 28)
    tracker = load_tracker(xlsx_bytes(sheets), "early.xlsx")
    warning = next(p for p in tracker.warnings if p.code == "implausible_date")
    assert "Did you mean 28 February 1900" not in warning.message


# 22. Damaged zip entries ---------------------------------------------------------------------------------

SHEET = "xl/worksheets/sheet4.xml"


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (bad_crc, "checksum"),
        (corrupt_deflate, "damaged compressed data"),
        (encrypted_flag, "encrypted"),
        (unknown_compression, "compression method"),
    ],
)
def test_22_damaged_zip_entries_are_messages_not_tracebacks(damage, words: str) -> None:  # noqa: ANN001
    data = damage(xlsx_bytes(FRAMEWORK), SHEET)
    tracker = load_tracker(data, "damaged.xlsx")
    assert codes(tracker.errors) == ["corrupt"], messages(tracker.problems)
    assert words in tracker.errors[0].message and SHEET in tracker.errors[0].message


def test_22_calamine_issue252_with_a_bad_crc_gets_a_message() -> None:
    data = (Path(__file__).parent / "corpus" / "calamine" / "issue252.xlsx").read_bytes()
    tracker = load_tracker(data, "issue252.xlsx")
    assert not tracker.ok and tracker.errors[0].fix


def test_22_a_zip_asking_for_a_newer_version_than_python_reads_gets_a_message() -> None:
    """Found by the fuzz test: 'version needed to extract' 23.4 in the central directory (NotImplementedError)."""
    data = bytearray(xlsx_bytes(FRAMEWORK))
    entry = data.index(b"PK\x01\x02")  # the first central directory entry; its bytes 6-7 say the version
    data[entry + 6 : entry + 8] = (234).to_bytes(2, "little")
    tracker = load_tracker(bytes(data), "newer.xlsx")
    assert codes(tracker.errors) == ["corrupt"], messages(tracker.problems)
    assert tracker.errors[0].fix


def test_22_a_part_declaring_an_unknown_encoding_gets_a_message() -> None:
    """Found by the fuzz test: <?xml ... encoding="UdF-8"?> made expat raise LookupError."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(FRAMEWORK)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                part = re.sub(rb"^<\?xml[^>]*\?>", b'<?xml version="1.0" encoding="UdF-8"?>', part)
                if not part.startswith(b"<?xml"):
                    part = b'<?xml version="1.0" encoding="UdF-8"?>' + part
            out.writestr(info, part)
    tracker = load_tracker(buffer.getvalue(), "encoding.xlsx")
    assert codes(tracker.errors) == ["corrupt"], messages(tracker.problems)
    assert "encoding" in tracker.errors[0].message


# 23. Duplicated or blank event ids with breakdown rows ---------------------------------------------------


@pytest.mark.parametrize("repeat", ["E1", None])
def test_23_duplicate_or_blank_event_id_with_breakdowns_is_reported(repeat: str | None) -> None:
    sheets = sheets_copy(ENGAGEMENT)
    sheets["Events"].append([repeat, dt.date(2022, 11, 1), "Copied row", 40, None])
    sheets["By profession"] = [["Event ID", "Profession", "Attendees"], ["E1", "Nurse", 10], ["E2", "GP", 5]]
    tracker = load_tracker(xlsx_bytes(sheets), "engagement.xlsx")
    expected = "duplicate_id" if repeat else "blank"
    assert expected in codes(tracker.errors), messages(tracker.problems)
    assert next(p for p in tracker.errors if p.code == expected).row == 4


# 24. Workbook part elsewhere, backslashes ---------------------------------------------------------------


def test_24_workbook_found_through_the_package_relationships() -> None:
    entries = parts(xlsx_bytes(FRAMEWORK))
    moved = {(k.replace("xl/", "book/", 1) if k.startswith("xl/") else k): v for k, v in entries.items()}
    moved["_rels/.rels"] = entries["_rels/.rels"].replace(b"xl/workbook.xml", b"book/workbook.xml")
    moved["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(b"/xl/", b"/book/")
    rels = "book/_rels/workbook.xml.rels"
    moved[rels] = moved[rels].replace(b"/xl/", b"/book/")
    tracker = load_tracker(zipped(moved), "moved.xlsx")
    assert tracker.ok, messages(tracker.problems)
    assert len(tracker.tables["priorities"]) == 3


def test_24_backslash_part_names_are_read() -> None:
    entries = parts(xlsx_bytes(FRAMEWORK))
    tracker = load_tracker(zipped({k.replace("/", "\\"): v for k, v in entries.items()}), "backslash.xlsx")
    assert tracker.ok, messages(tracker.problems)
    assert len(tracker.tables["priorities"]) == 3


# 25. Long strings are not a zip bomb --------------------------------------------------------------------


def test_25_genuine_workbook_of_long_strings_compressing_121_to_1_is_accepted() -> None:
    data = long_strings_workbook()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("xl/sharedStrings.xml")
    assert 100 < info.file_size / info.compress_size < 500 and info.file_size > 50 * 1024 * 1024
    tracker = load_tracker(data, "long.xlsx")
    assert tracker.ok, messages(tracker.problems)


def test_sheet_part_helper_finds_openpyxl_parts() -> None:
    assert sheet_part(xlsx_bytes(FRAMEWORK), "Priorities") == SHEET
