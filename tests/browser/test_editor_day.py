"""The assistant director's day in a real browser (issue 20): what she does with no shell."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page

from domain import Kind
from loaders.formats import TRACKERS
from loaders.trackers import load_tracker
from tests.browser.test_flows import open_page, sign_in


def _download_template(page: Page, kind: Kind, tmp_path: Path) -> Path:
    with page.expect_download() as download:
        page.get_by_role("button", name=f"Blank template: {TRACKERS[kind].title}").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    return saved


@pytest.mark.parametrize("kind", [Kind.FRAMEWORK, Kind.CPLG])
def test_an_editor_downloads_a_blank_template_from_the_upload_page(
    page: Page, app_url: str, tmp_path: Path, kind: Kind
) -> None:
    sign_in(page, app_url)
    saved = _download_template(page, kind, tmp_path)
    assert saved.name == f"{TRACKERS[kind].file_stem}_template.xlsx"
    names = load_workbook(saved).sheetnames
    assert names[: len(TRACKERS[kind].sheets)] == [s.name for s in TRACKERS[kind].sheets]
    assert load_tracker(saved.read_bytes(), saved.name).kind is kind


def test_anyone_downloads_the_assessment_template_from_the_principles_page(
    page: Page, app_url: str, tmp_path: Path
) -> None:
    open_page(page, f"{app_url}/principles")
    saved = _download_template(page, Kind.ASSESSMENT, tmp_path)
    assert load_tracker(saved.read_bytes(), saved.name).kind is Kind.ASSESSMENT
