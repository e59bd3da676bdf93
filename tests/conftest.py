"""Shared helpers: tests write real xlsx workbooks with openpyxl, as a person's Excel would save them."""

from __future__ import annotations

import copy
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from loaders.loaded import LoadedTracker
from loaders.problems import Problem
from loaders.trackers import load_tracker

Sheets = dict[str, list[list[Any]]]


def xlsx_bytes(sheets: Sheets, merges: dict[str, list[str]] | None = None) -> bytes:
    """A workbook with one sheet per entry; each entry is a list of rows (None for an empty cell)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cells in (merges or {}).get(name, []):
            sheet.merge_cells(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def about(as_at: Any = dt.date(2023, 2, 8), tracker: str = "Framework themes") -> list[list[Any]]:
    return [["Field", "Value"], ["Tracker", tracker], ["As at", as_at]]


FRAMEWORK: Sheets = {
    "About": about(),
    "Themes": [
        ["Theme ID", "Theme", "What will be different"],
        ["T1", "Model/ Narrative", "A clear model"],
        ["T2", "Support", "Time and resource"],
    ],
    "Achievements": [
        ["Achievement ID", "Theme ID", "Achievement"],
        ["A1", "T1", "Framework co-produced"],
    ],
    "Priorities": [
        ["Priority ID", "Theme ID", "Priority", "Owner", "Due date", "Status", "Percent complete", "Notes"],
        ["P1", "T1", "Review language", "CPLG", dt.date(2023, 5, 31), "On track", 0.5, None],
        ["P2", "T1", "Socialise the model", None, dt.date(2023, 5, 31), "Complete", 1, "Done"],
        ["P3", "T2", "Confirm resourcing", "ICB", dt.date(2023, 3, 31), "At risk", None, None],
    ],
}

COVERAGE: Sheets = {
    "About": about(dt.date(2022, 12, 1), "Principle coverage"),
    "Principles": [
        ["Principle", "Title", "Principle text"],
        [1, "Leaders in decision-making", "Ensure that the full range ..."],
        [2, "Shared learning", "Creating a culture ..."],
    ],
    "Coverage": [
        ["Theme ID", "Theme", "Principle 1", "Principle 2"],
        ["T1", "Model/ Narrative", "Primary", "Supporting"],
        ["T2", "Support", None, "✓"],
    ],
}

ENGAGEMENT: Sheets = {
    "About": about(tracker="Engagement events"),
    "Events": [
        ["Event ID", "Date", "Event", "Attendees", "Volunteers"],
        ["E1", dt.date(2022, 5, 10), "Launch", 150, None],
        ["E2", dt.date(2022, 10, 1), "Second event", 100, 13],
    ],
}

CPLG: Sheets = {
    "About": about(dt.date(2022, 12, 1), "CPLG agenda log"),
    "Agenda items": [
        [
            "Item ID",
            "Meeting date",
            "Item",
            "Facet",
            "Presenter",
            "Overview",
            "Recommendation",
            "Outcome",
            "Theme IDs",
        ],
        [
            "C1",
            dt.date(2022, 2, 8),
            "Headache Pathway",
            None,
            "DM",
            "x",
            "CPLG were unable to support",
            None,
            "T1",
        ],
        [
            "C2",
            dt.date(2022, 9, 20),
            "Headache Pathway",
            "ICB (NHS)",
            "DM",
            "y",
            "CPLG noted",
            "Noted",
            "T1, T2",
        ],
    ],
}


def sheets_copy(sheets: Sheets) -> Sheets:
    return copy.deepcopy(sheets)


def load(sheets: Sheets, name: str = "tracker.xlsx", **kwargs: Any) -> LoadedTracker:
    return load_tracker(xlsx_bytes(sheets), name, **kwargs)


def codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


def only(problems: list[Problem], code: str) -> list[Problem]:
    return [p for p in problems if p.code == code]


@pytest.fixture
def write_xlsx(tmp_path: Path) -> Callable[[str, Sheets], Path]:
    """Write a workbook into the test's folder and return its path."""

    def write(name: str, sheets: Sheets) -> Path:
        path = tmp_path / name
        path.write_bytes(xlsx_bytes(sheets))
        return path

    return write


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the project's own database (var/): each gets a fresh state folder unless it sets one."""
    from store.db import DATABASE_URL_VARIABLE, STATE_DIR_VARIABLE

    monkeypatch.delenv(DATABASE_URL_VARIABLE, raising=False)
    monkeypatch.setenv(STATE_DIR_VARIABLE, str(tmp_path_factory.mktemp("state")))


@pytest.fixture(autouse=True)
def _no_remembered_checks() -> None:
    """Each test reads stored versions as a new process would: no file checked by an earlier test is reused."""
    from services.trackers import forget_checked

    forget_checked()


@pytest.fixture(autouse=True)
def _error_details_for_tests() -> None:
    """Tests read exception messages; visitors never do (.streamlit/config.toml sets showErrorDetails)."""
    from streamlit import config

    config.set_option("client.showErrorDetails", "full")


def drop_every_table(engine: Any) -> None:
    """Empty a test database whole: every table it has (alembic_version included), not only today's schema's."""
    from sqlalchemy import MetaData

    tables = MetaData()
    tables.reflect(engine)
    tables.drop_all(engine)


def current_versions(store: Any) -> list[Any]:
    """What the dashboard shows, counted plainly from the store's public read of every version: the latest
    framework version per 'as at' date and the latest version of each other tracker, withdrawn ones left out
    (an independent count: the store's own rule is not asked)."""
    from domain import Kind

    latest: dict[tuple[str, object], Any] = {}
    for version in sorted(store.versions(include_withdrawn=False), key=lambda v: v.id):
        latest[(version.kind.value, version.as_at if version.kind is Kind.FRAMEWORK else None)] = version
    return sorted(latest.values(), key=lambda v: v.id)
