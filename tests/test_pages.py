"""Every page renders through the entry file, with its key content, on three tracker sets."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from loaders.tracker_set import DEFAULT_DATA_DIR
from store.db import STATE_DIR_VARIABLE
from tests.conftest import xlsx_bytes
from tools.synthetic import write_large_set
from ui.data import DATA_DIR_VARIABLE

ENTRY = str(Path(__file__).resolve().parent.parent / "dashboard.py")
STATE_ROOT = Path(tempfile.mkdtemp(prefix="ccpl-state-"))

# page file -> (title, a subheader or label every render must show)
PAGES = {
    "pages/board/overview.py": ("CCPL progress overview", "Progress against the five principles"),
    "pages/board/principles.py": (
        "Progress against the five principles",
        "Coverage of the principles by the themes",
    ),
    "pages/board/priorities.py": ("Six-month priorities", "Priorities by theme and status"),
    "pages/board/themes.py": ("Development themes", "What will be different"),
    "pages/board/engagement.py": ("System engagement", "Events over time"),
    "pages/board/cplg.py": ("CPLG decisions", "Search the agenda log"),
}


def _without_optional_sheets(source: Path, target: Path) -> None:
    """Copy the default trackers, then empty every optional sheet (achievements, attendance breakdowns)."""
    from openpyxl import load_workbook

    target.mkdir()
    for path in sorted(source.glob("*.xlsx")):
        workbook = load_workbook(path)
        for name in ("Achievements", "By organisation type", "By profession"):
            if name in workbook.sheetnames:
                sheet = workbook[name]
                sheet.delete_rows(2, sheet.max_row)
        workbook.save(target / path.name)


@pytest.fixture(scope="session")
def tracker_sets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("sets")
    _without_optional_sheets(DEFAULT_DATA_DIR, root / "optional_empty")
    framework_only = root / "framework_only"
    framework_only.mkdir()
    shutil.copy(DEFAULT_DATA_DIR / "framework_2023-02-08.xlsx", framework_only)
    write_large_set(root / "large")
    return {"default": DEFAULT_DATA_DIR, **{p.name: p for p in root.iterdir()}}


def run_page(page: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch, **query: str | list[str]) -> AppTest:
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(data_dir))
    # One database per tracker set, seeded from it on first use (shared by the tests of that set).
    monkeypatch.setenv(STATE_DIR_VARIABLE, str(STATE_ROOT / data_dir.name))
    at = AppTest.from_file(ENTRY, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page != "pages/board/overview.py":
        at.switch_page(page).run()
    return at


def texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.title, *at.header, *at.subheader, *at.markdown, *at.info, *at.warning)]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))  # as read: escapes undone


@pytest.mark.parametrize("data", ["default", "optional_empty", "framework_only", "large"])
@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_with_its_key_content(
    page: str, data: str, tracker_sets: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    at = run_page(page, tracker_sets[data], monkeypatch)
    assert not at.exception, at.exception[0].message if at.exception else ""
    title, section = PAGES[page]
    assert at.title[0].value == title
    shown = texts(at)
    if data == "framework_only" and page in (
        "pages/board/principles.py",
        "pages/board/engagement.py",
        "pages/board/cplg.py",
    ):
        assert "tracker" in " ".join(i.value for i in at.info), (
            "an empty page says what to add to which tracker"
        )
    else:
        assert section in shown


def test_overview_tells_the_story_of_the_papers(
    tracker_sets: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    at = run_page("pages/board/overview.py", tracker_sets["default"], monkeypatch)
    metrics = {m.label: (m.value, m.proto.delta) for m in at.metric}
    assert metrics["Complete"] == ("1 of 24", "+1 since 1 Dec 2022")
    assert metrics["On track"] == ("11 of 24", "+3 since 1 Dec 2022")
    assert metrics["At risk or off track"] == ("0 of 24", "no change since 1 Dec 2022")
    shown = texts(at)
    assert "As at **8 February 2023**" in shown
    assert (
        "Between 1 December 2022 and 8 February 2023: 1 delivered, 4 moved forward and 1 deferred." in shown
    )
    assert "**P24** ‖ Deferred" in shown
    # the papers give only the month of this event (issue 18 item 8): it reads "October 2022", not the 1st
    assert "**2nd system engagement event**, October 2022: about 100 attendees, 13 volunteers." in shown


def test_principles_page_flags_thin_evidence_and_explains_the_method(
    tracker_sets: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    at = run_page("pages/board/principles.py", tracker_sets["default"], monkeypatch)
    warnings = [w.value for w in at.warning]
    assert any(
        "Principle 5 (Transparent recruitment of leaders) rests on thin evidence" in w for w in warnings
    )
    assert "How progress is measured" in texts(at)


def test_optional_sheets_empty_say_what_to_add(
    tracker_sets: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    at = run_page("pages/board/themes.py", tracker_sets["optional_empty"], monkeypatch)
    assert any("Achievements sheet of the framework tracker" in i.value for i in at.info)


def test_filters_in_the_query_string_are_applied_on_load(
    tracker_sets: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    link = {"theme": "T6", "status": ["On track", "Not started"]}
    at = run_page("pages/board/overview.py", tracker_sets["default"], monkeypatch, **link)
    assert at.pills(key="f_themes").value == ["T6"]
    assert at.pills(key="f_statuses").value == ["Not started", "On track"]
    assert {m.label: m.value for m in at.metric}["Themes"] == "1"
    # AppTest drops the entry file's sidebar from its tree after a page switch (the browser tests see it);
    # the filters themselves carry over, as the page content shows.
    at = run_page("pages/board/priorities.py", tracker_sets["default"], monkeypatch, **link)
    assert "Filtered: Themes: Support; Statuses: Not started, On track." in texts(at)
    every_priority = next(d.value for d in at.dataframe if {"Owner", "Notes"} <= set(d.value.columns))
    assert sorted(every_priority["ID"]) == ["P12", "P13", "P14", "P15"]


def test_as_at_date_in_the_query_string_picks_the_snapshot_in_force(
    tracker_sets: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    at = run_page("pages/board/overview.py", tracker_sets["default"], monkeypatch, as_at="2023-01-10")
    assert {m.label: m.value for m in at.metric}["Complete"] == "0 of 24"
    assert "As at **10 January 2023** · framework snapshot of 1 December 2022" in texts(at)


def test_unknown_values_in_a_shared_link_are_ignored(
    tracker_sets: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    at = run_page(
        "pages/board/overview.py",
        tracker_sets["default"],
        monkeypatch,
        theme=["T99", "t2"],
        as_at="not-a-date",
    )
    assert not at.exception
    assert at.pills(key="f_themes").value == ["T2"]
    assert "As at **8 February 2023**" in texts(at)


def test_a_bad_default_file_does_not_break_the_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for path in DEFAULT_DATA_DIR.glob("*.xlsx"):
        shutil.copy(path, tmp_path)
    (tmp_path / "cplg_agenda_log.xlsx").write_bytes(xlsx_bytes({"Agenda items": [["Item"], ["x"]]}))
    at = run_page("pages/board/cplg.py", tmp_path, monkeypatch)
    assert not at.exception
    assert any("CPLG agenda log" in i.value for i in at.info)


@pytest.mark.parametrize(
    "link", [{"from": "0001-01-01"}, {"as_at": "9999-12-31"}, {"to": "9999-12-31", "from": "1600-01-01"}]
)
@pytest.mark.parametrize("page", ["pages/board/overview.py", "pages/board/priorities.py"])
def test_dates_out_of_range_in_a_shared_link_are_ignored_with_a_note(
    page: str, link: dict[str, str], tracker_sets: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    at = run_page(page, tracker_sets["default"], monkeypatch, **link)
    assert not at.exception, at.exception[0].message if at.exception else ""
    assert at.title[0].value == PAGES[page][0]
    if page == "pages/board/overview.py":  # AppTest drops the sidebar after a page switch (see above)
        assert any("was ignored" in w.value for w in at.sidebar.warning)
        assert "As at **8 February 2023**" in texts(at)
    at.run()  # the next rerun of the same session works too
    assert not at.exception
