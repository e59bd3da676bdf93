"""Accessibility in the browser: axe-core on every page (default and large data), and keyboard-only use."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import EDITOR_PASSWORD, wait_until_idle
from tests.test_upload_flow import updated_framework
from tools.app_server import running_app
from tools.fictional_cluster import cluster_file
from tools.screenshots import LOADED
from tools.synthetic import write_large_set
from ui.accessibility import WCAG_TAGS

PATHS = [
    "",
    "principles",
    "priorities",
    "themes",
    "engagement",
    "cplg-decisions",
    "board-papers",
    "upload",
    "record-assessment",
    "update-priorities",
    "history",
    "feed-keys",
    "accessibility",
]
CLUSTER_PATHS = ["cluster", "cluster-papers"]
"""The cluster pages (issue 23), shown with a cluster of several ICBs: checked on three fictional ones."""
BLOCKING = {"serious", "critical"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def large_app_url(browser) -> Iterator[str]:  # noqa: ANN001
    folder = Path(tempfile.mkdtemp(prefix="ccpl-large-"))
    write_large_set(folder / "data")
    with running_app(
        {
            "CCPL_DATA_DIR": str(folder / "data"),
            "CCPL_STATE_DIR": str(folder / "state"),
            "CCPL_DATABASE_URL": "",
        }
    ) as url:
        yield url
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def cluster_app_url(browser) -> Iterator[str]:  # noqa: ANN001
    """A server whose cluster file names the three fictional ICBs of tools/fictional_cluster.py."""
    folder = Path(tempfile.mkdtemp(prefix="ccpl-cluster-axe-"))
    with running_app(
        {
            "CCPL_CLUSTER_FILE": str(cluster_file(folder / "cluster")),
            "CCPL_STATE_DIR": str(folder / "state"),
            "CCPL_DATABASE_URL": "",
        }
    ) as url:
        yield url
    shutil.rmtree(folder, ignore_errors=True)


def blocking_violations(page: Page) -> list[str]:
    """Every serious or critical axe-core violation on the page: none is allowed."""
    result = Axe().run(
        page, options={"resultTypes": ["violations"], "runOnly": {"type": "tag", "values": WCAG_TAGS}}
    )
    return [
        f"{violation['impact']} {violation['id']}: {node['html'][:120]} ({node['failureSummary'][:200]})"
        for violation in result.response["violations"]
        if violation["impact"] in BLOCKING
        for node in violation["nodes"]
    ]


def settle(page: Page) -> None:
    """Wait until the run has finished and its elements have loaded and faded back in."""
    wait_until_idle(page)
    page.wait_for_function(LOADED)
    page.wait_for_timeout(800)


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("heading", level=1).first.wait_for()
    settle(page)


@pytest.mark.parametrize("path", PATHS)
def test_no_serious_or_critical_violation_with_the_default_data(page: Page, app_url: str, path: str) -> None:
    open_page(page, f"{app_url}/{path}")
    assert blocking_violations(page) == []


@pytest.mark.parametrize("path", PATHS)
def test_no_serious_or_critical_violation_with_the_large_set(
    page: Page, large_app_url: str, path: str
) -> None:
    open_page(page, f"{large_app_url}/{path}")
    assert blocking_violations(page) == []


@pytest.mark.parametrize("path", CLUSTER_PATHS)
def test_no_serious_or_critical_violation_on_the_cluster_pages(
    page: Page, cluster_app_url: str, path: str
) -> None:
    open_page(page, f"{cluster_app_url}/{path}")
    assert blocking_violations(page) == []
    levels = page.evaluate(
        "[...document.querySelectorAll('[data-testid=stMain] h1, [data-testid=stMain] h2, [data-testid=stMain] h3')].map(h => +h.tagName[1])"
    )
    assert levels.count(1) == 1 and levels[0] == 1, path
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (path, levels)


def test_every_page_has_one_title_then_sections_in_order(page: Page, app_url: str) -> None:
    for path in PATHS:
        open_page(page, f"{app_url}/{path}")
        levels = page.evaluate(
            "[...document.querySelectorAll('[data-testid=stMain] h1, [data-testid=stMain] h2, [data-testid=stMain] h3')].map(h => +h.tagName[1])"
        )
        assert levels.count(1) == 1 and levels[0] == 1, path
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (path, levels)


def focused(page: Page) -> str:
    """The focused control's label or text; empty when focus is on a container such as <main>."""
    return page.evaluate(
        """(() => {
          const e = document.activeElement;
          const control = ['BUTTON', 'INPUT', 'A', 'TEXTAREA', 'SELECT', 'SUMMARY'].includes(e.tagName) || e.getAttribute('role');
          if (!control) return '';
          return [e.getAttribute('aria-label'), e.innerText, e.getAttribute('placeholder')].filter(Boolean).join(' | ');
        })()"""
    )


def tab_to(page: Page, pattern: str, limit: int = 250) -> str:
    """Press Tab until the focused element's label or text matches `pattern`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        name = focused(page)
        if re.search(pattern, name):
            return name
    raise AssertionError(f"Tab never reached {pattern!r}")


def test_a_filter_a_download_and_the_upload_confirm_work_with_tab_and_enter_only(
    page: Page, app_url: str
) -> None:
    open_page(page, app_url)
    tab_to(page, r"^Expand sidebar")  # the sidebar starts closed (dashboard.py): open it from the keyboard
    page.keyboard.press("Enter")
    tab_to(page, r"^T1 Model/ Narrative")
    page.keyboard.press("Enter")
    wait_until_idle(page)
    expect(page).to_have_url(re.compile(r"theme=T1"))
    expect(page.get_by_text("Filtered: Themes: Model/ Narrative.")).to_be_visible()
    settle(page)
    assert blocking_violations(page) == [], "with a filter chosen"

    open_page(page, f"{app_url}/priorities")
    tab_to(page, r"Download: Every priority", limit=400)  # the table's downloads, drawn once opened
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name=re.compile(r"Download CSV: Every priority"))).to_be_visible()
    tab_to(page, r"Download CSV: Every priority", limit=20)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".csv")

    open_page(page, f"{app_url}/upload")
    tab_to(page, r"^Your name")
    page.keyboard.type("Keyboard Editor")
    tab_to(page, r"^Password")
    page.keyboard.type(EDITOR_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Signed in as")).to_be_visible()
    wait_until_idle(page)
    # Choosing a file opens the operating system's file dialog, which a headless browser cannot show.
    page.locator("input[type=file]").set_input_files(
        [
            {
                "name": "framework_2023-02-08.xlsx",
                "mimeType": XLSX,
                "buffer": updated_framework("2023-02-08", "On track"),
            }
        ]
    )
    expect(page.get_by_role("button", name=re.compile(r"^Store 1 file"))).to_be_visible()
    tab_to(page, r"Store 1 file")
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(r"Stored 1 new version"))).to_be_visible(timeout=30_000)
    settle(page)
    assert blocking_violations(page) == [], "signed in, after an upload"
