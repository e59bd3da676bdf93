"""Every page renders when the trackers leave out what the schema says is optional.

The optional columns and cells are read from the tracker formats (loaders/formats/), so a column made optional later is tested too:
"absent" deletes every column (and sheet) that is not required; "blank" empties every cell whose column
accepts a blank.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from loaders.formats import TRACKERS
from loaders.spec import ABOUT_SHEET
from loaders.tracker_set import DEFAULT_DATA_DIR
from loaders.trackers import load_tracker_file
from tests.test_pages import run_page

EVERY_PAGE = [
    "pages/board/overview.py",
    "pages/board/principles.py",
    "pages/board/priorities.py",
    "pages/board/themes.py",
    "pages/board/engagement.py",
    "pages/board/cplg.py",
    "pages/manage/upload.py",
    "pages/manage/stored_versions.py",
    "pages/about/accessibility.py",
]


def _headers(column: object) -> set[str]:
    return {" ".join(h.split()).lower() for h in (column.header, *column.aliases)}  # type: ignore[attr-defined]


def _strip_optional(source: Path, target: Path, mode: str) -> None:
    """Copy the default trackers with every optional column removed ("absent") or emptied ("blank")."""
    target.mkdir()
    for path in sorted(source.glob("*.xlsx")):
        workbook = load_workbook(path)
        tracker = TRACKERS[load_tracker_file(path).kind]
        for sheet in tracker.sheets:
            if sheet.name == ABOUT_SHEET or sheet.name not in workbook.sheetnames:
                continue
            worksheet = workbook[sheet.name]
            if mode == "absent" and not sheet.required:
                workbook.remove(worksheet)
                continue
            header = [" ".join(str(c.value or "").split()).lower() for c in worksheet[1]]
            optional = [
                c for c in sheet.columns if (not c.required if mode == "absent" else c.blank != "error")
            ]
            positions = sorted(
                (i + 1 for i, h in enumerate(header) for c in optional if h in _headers(c)), reverse=True
            )
            for position in positions:
                if mode == "absent":
                    worksheet.delete_cols(position)
                else:
                    for row in range(2, worksheet.max_row + 1):
                        worksheet.cell(row, position).value = None
        workbook.save(target / path.name)


@pytest.fixture(scope="module")
def stripped_sets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("optional")
    sets = {}
    for mode in ("absent", "blank"):
        _strip_optional(DEFAULT_DATA_DIR, root / f"optional_{mode}", mode)
        sets[mode] = root / f"optional_{mode}"
    return sets


@pytest.mark.parametrize("mode", ["absent", "blank"])
def test_trackers_without_optional_content_are_still_valid(mode: str, stripped_sets: dict[str, Path]) -> None:
    """The stripped trackers are accepted, so the page test below really runs them."""
    loaded = [load_tracker_file(p) for p in sorted(stripped_sets[mode].glob("*.xlsx"))]
    assert len(loaded) == 5
    assert all(t.ok for t in loaded), [p.describe() for t in loaded for p in t.errors]
    events = next(t for t in loaded if t.kind is not None and t.kind.value == "engagement")
    assert "Attendance approximate" not in str(events.tables["events"].columns) or mode == "blank"


@pytest.mark.parametrize("mode", ["absent", "blank"])
@pytest.mark.parametrize("page", EVERY_PAGE)
def test_every_page_renders_without_optional_columns_or_cells(
    page: str, mode: str, stripped_sets: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    at = run_page(page, stripped_sets[mode], monkeypatch)
    assert not at.exception, at.exception[0].message if at.exception else ""
    assert at.title, "the page drew its title"
