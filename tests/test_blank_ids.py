"""Blank ids never crash a check (issue 18 #12): `python -m loaders check` on an engagement tracker whose Events
sheet has blank Event IDs while its breakdown sheets name events answered with a TypeError and a traceback
(a list of ids joined with a blank among them). It now reports the blank ids as problems with file, sheet,
row, column and what to do; every list of ids in a message skips or names blanks instead of failing."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from loaders.problems import Severity
from loaders.tracker_set import TrackerSet, check_assessment_evidence, cross_check
from loaders.trackers import load_tracker
from tests.conftest import FRAMEWORK, about, xlsx_bytes

EVENT_HEADINGS = [
    "Event ID",
    "Date",
    "Event",
    "Format",
    "Attendees",
    "Attendance approximate",
    "Volunteers",
    "Theme IDs",
]


def engagement_with_blank_ids() -> dict[str, list[list[object]]]:
    return {
        "About": about(tracker="Engagement events"),
        "Events": [
            EVENT_HEADINGS,
            [None, dt.date(2022, 5, 10), "Launch", None, 150, "Yes", None, "T1"],
            ["E2", dt.date(2022, 10, 1), "Second event", None, 100, "Yes", 13, "T2"],
            [None, dt.date(2022, 11, 1), "Third event", None, 80, None, None, "T9"],
        ],
        "By organisation type": [
            ["Event ID", "Organisation type", "Attendees"],
            ["E1", "Primary care", 20],
            ["E2", "Primary care", 30],
        ],
        "By profession": [["Event ID", "Profession", "Attendees"], ["E3", "Pharmacists", 9]],
    }


def test_blank_event_ids_are_reported_not_raised() -> None:
    loaded = load_tracker(xlsx_bytes(engagement_with_blank_ids()), "engagement.xlsx")
    blank = [p for p in loaded.problems if p.sheet == "Events" and p.column and "Event ID" in p.column]
    assert sorted(p.row for p in blank if p.severity is Severity.ERROR) == [2, 4]
    for problem in blank:
        assert problem.file == "engagement.xlsx" and "blank" in problem.message and problem.fix
    approximate = next(p for p in loaded.problems if p.code == "approximate_attendance")
    assert "nan" not in approximate.message.lower() and "<NA>" not in approximate.message
    assert "E2" in approximate.message and "row 2" in approximate.message  # the blank one named by its row
    # The breakdown's unknown events say why the Events sheet knows none of them: its ids are blank.
    unknown = [p for p in loaded.problems if p.code == "unknown_reference"]
    assert {p.value for p in unknown} == {"E1", "E3"}
    for problem in unknown:
        assert "Rows 2 and 4 of the Events sheet have no Event ID: fill them in." in problem.fix


def test_the_cross_tracker_checks_survive_blank_ids() -> None:
    trackers = TrackerSet(
        framework=[load_tracker(xlsx_bytes(FRAMEWORK), "framework.xlsx")],
        engagement=load_tracker(xlsx_bytes(engagement_with_blank_ids()), "engagement.xlsx"),
    )
    problems = cross_check(trackers) + check_assessment_evidence(trackers)
    unknown = [p for p in problems if p.code == "unknown_theme"]
    assert unknown and all("nan" not in p.message.lower() for p in unknown)
    assert "T9" in unknown[0].message


def test_the_check_command_prints_the_problems_and_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "engagement.xlsx"
    path.write_bytes(xlsx_bytes(engagement_with_blank_ids()))
    result = subprocess.run(
        [sys.executable, "-m", "loaders", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parent.parent,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output  # errors: the blank ids
    assert "Traceback" not in output and "TypeError" not in output
    assert "could not be checked" not in output  # the worker no longer meets an exception
    assert "engagement.xlsx, sheet Events, row 2, column Event ID (A): 'Event ID' is blank" in output
    assert "engagement.xlsx, sheet Events, row 4, column Event ID (A): 'Event ID' is blank" in output
