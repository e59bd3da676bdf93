"""Untrusted workbooks are read in a worker process with limits; the server process stays responsive."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pandas as pd

from loaders.limits import MAX_FILE_BYTES
from loaders.sandbox import DEFAULT_LIMITS, WorkerLimits, check_file, check_upload
from loaders.trackers import load_tracker
from tests.conftest import FRAMEWORK, codes, sheets_copy, xlsx_bytes
from tests.hostile_files import append_rows, far_cell, long_strings_workbook

DATA = Path(__file__).resolve().parent.parent / "data"


def wide_workbook(columns: int = 5000) -> bytes:
    sheets = sheets_copy(FRAMEWORK)
    for i, row in enumerate(sheets["Priorities"]):
        row.extend([f"Extra {c}" if i == 0 else f"v{c}" for c in range(columns)])
    return xlsx_bytes(sheets)


def test_worker_gives_the_same_result_as_loading_in_process() -> None:
    data = (DATA / "framework_2023-02-08.xlsx").read_bytes()
    local = load_tracker(data, "framework.xlsx")
    remote = check_upload(data, "framework.xlsx")
    assert remote.ok and remote.problems == local.problems and remote.as_at == local.as_at
    assert remote.tables.keys() == local.tables.keys()
    for key, frame in local.tables.items():
        pd.testing.assert_frame_equal(remote.tables[key], frame)


def test_worker_reports_problems_of_a_hostile_file() -> None:
    tracker = check_upload(far_cell("Priorities", "XFD1048576"), "far.xlsx")
    assert codes(tracker.errors) == ["sheet_too_large"]


def test_past_the_wall_clock_limit_the_worker_is_stopped_and_the_user_told() -> None:
    limits = WorkerLimits(wall_seconds=0.001)
    tracker = check_upload(xlsx_bytes(FRAMEWORK), "slow.xlsx", limits=limits)
    assert codes(tracker.errors) == ["over_limits"]
    message = tracker.errors[0].message
    assert message.startswith("This file could not be checked within the limits (0.001 s / ")
    assert "longer than 0.001 seconds" in message and tracker.errors[0].fix


def test_past_the_memory_limit_the_worker_dies_alone_and_the_user_is_told() -> None:
    limits = WorkerLimits(memory_mb=32)  # the reader alone keeps 57 MB of shared strings
    tracker = check_upload(long_strings_workbook(), "long.xlsx", limits=limits)
    assert codes(tracker.errors) == ["over_limits"]
    assert "32 MB" in tracker.errors[0].message and "memory" in tracker.errors[0].message


def test_past_the_cpu_limit_the_worker_is_stopped() -> None:
    # 16,000 columns take seconds of processor time; RLIMIT_CPU counts whole seconds (0.5 becomes 1), so a
    # file needing about one second (5,000 columns) passed on a fast, quiet machine.
    tracker = check_upload(wide_workbook(16_000), "wide.xlsx", limits=WorkerLimits(cpu_seconds=0.5))
    assert codes(tracker.errors) == ["over_limits"]
    assert "processor time" in tracker.errors[0].message or "longer than" in tracker.errors[0].message


def test_the_server_thread_stays_responsive_while_a_worker_checks_a_heavy_file() -> None:
    check_upload(xlsx_bytes(FRAMEWORK), "warm.xlsx")  # the forkserver is started once per process
    rows = b"".join(
        b'<row r="%d"><c r="J%d"><f>1+1</f></c><c r="K%d"><v>1</v></c></row>' % (r, r, r)
        for r in range(10, 150_010)
    )
    heavy = append_rows(xlsx_bytes(FRAMEWORK), "Priorities", rows)  # seconds of parsing, a small result
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(check_upload(heavy, "heavy.xlsx")))
    gaps = []
    worker.start()
    last = time.perf_counter()
    while worker.is_alive():
        time.sleep(0.01)
        now = time.perf_counter()
        gaps.append(now - last)
        last = now
    worker.join()
    assert result and codes(result[0].errors) == ["formula_without_value"]  # type: ignore[attr-defined]
    assert len(gaps) > 10
    assert max(gaps) < 0.5, f"the server thread waited {max(gaps):.2f} s"


def test_several_uploads_at_once_each_get_their_own_result() -> None:
    files = {
        name: xlsx_bytes(FRAMEWORK) if name == "good" else far_cell() for name in ("good", "far", "far2")
    }
    results: dict[str, object] = {}
    threads = [
        threading.Thread(target=lambda n=name, d=data: results.__setitem__(n, check_upload(d, f"{n}.xlsx")))
        for name, data in files.items()
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results["good"].ok  # type: ignore[attr-defined]
    assert codes(results["far"].errors) == codes(results["far2"].errors) == ["sheet_too_large"]  # type: ignore[attr-defined]


def test_check_file_refuses_a_huge_file_from_its_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    assert codes(check_file(path).errors) == ["too_large"]


def test_default_limits_leave_room_for_every_shipped_tracker() -> None:
    for path in sorted(DATA.glob("*.xlsx")):
        tracker = check_file(path, limits=DEFAULT_LIMITS)
        assert tracker.ok, (path.name, tracker.problems)
