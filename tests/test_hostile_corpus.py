"""The loader's contract over real-world workbooks from other projects' test suites (tests/corpus/).

Each workbook is loaded as it is (most are not trackers, so they are refused with a message), and again
with its first sheet renamed 'Events', so that the validator reads real sheets of every shape as an
engagement tracker's. Every sheet of every file also goes through the streamed checks and the reader.
Either way: a result or a message, never an exception, within bounded time.
"""

from __future__ import annotations

import contextlib
import re
import time
from pathlib import Path

import pytest

from loaders.excel import UnreadableWorkbook, read_workbook
from loaders.loaded import LoadedTracker
from loaders.safety import check_file_bytes, scan_sheets
from loaders.sandbox import check_upload
from loaders.trackers import load_tracker
from tests.hostile_files import parts, with_parts

CORPUS = Path(__file__).resolve().parent / "corpus"
FILES = sorted(CORPUS.glob("*/*.xlsx"))
SLOWEST_ACCEPTED_SECONDS = 20.0


def test_the_corpus_is_there_small_and_every_file_has_a_source() -> None:
    sources = (CORPUS / "SOURCES.md").read_text()
    folders = {path.parent.name for path in FILES}
    assert len(FILES) >= 150 and folders == {"calamine", "fastexcel", "xlsxwriter"}
    assert all(f"`{folder}/`" in sources for folder in folders)
    assert sum(path.stat().st_size for path in CORPUS.rglob("*")) < 8 * 1024 * 1024


def contract(tracker: LoadedTracker, name: str) -> None:
    assert isinstance(tracker, LoadedTracker)
    for problem in tracker.problems:
        assert problem.message and problem.fix, (name, problem)
        assert "Traceback" not in problem.message, (name, problem)
    assert tracker.ok or tracker.errors


def first_sheet_renamed(data: bytes, name: str) -> bytes | None:
    """The workbook with its first sheet called `name`, or None if it cannot be edited (damaged)."""
    try:
        entries = parts(data)
    except Exception:  # noqa: BLE001 - a damaged corpus file: loaded as it is only
        return None
    for part, content in entries.items():
        if part.replace("\\", "/").lower().endswith("workbook.xml"):
            renamed = re.sub(
                rb'(<(?:\w+:)?sheet\b[^>]*?\bname=")[^"]*"', rb'\1%s"' % name.encode(), content, count=1
            )
            return with_parts(data, {part: renamed})
    return None


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_real_world_workbook_is_read_or_refused_with_a_message(path: Path) -> None:
    data = path.read_bytes()
    started = time.perf_counter()
    contract(load_tracker(data, path.name), path.name)
    as_tracker = first_sheet_renamed(data, "Events")
    if as_tracker is not None:
        contract(load_tracker(as_tracker, path.name), f"{path.name} as an engagement tracker")
    check = check_file_bytes(data, path.name)
    if check.ok:
        sheets = [sheet for sheet in check.sheets if sheet.part]
        if not any(p.is_error for p in scan_sheets(data, check, sheets, path.name)):
            with contextlib.suppress(UnreadableWorkbook):  # reported as 'corrupt' by load_tracker
                read_workbook(data, sheets=[(sheet.position, sheet.name) for sheet in sheets])
    assert time.perf_counter() - started < SLOWEST_ACCEPTED_SECONDS


def test_a_sample_of_the_corpus_through_the_worker() -> None:
    for path in FILES[::25]:
        data = path.read_bytes()
        tracker = check_upload(data, path.name)
        contract(tracker, path.name)
        assert tracker.problems == load_tracker(data, path.name).problems, path.name
