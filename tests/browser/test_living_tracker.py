"""Updating priorities in the app and following CPLG actions, in a real browser (its own server and database)."""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from access.passwords import hash_password
from tests.browser.conftest import screenshot, wait_until_idle
from tools.app_server import running_app

PASSWORD = "living tracker browser password"
ROW_HEIGHT = 35  # pixels: the data grid's header and rows (Streamlit's default)
STATUS_X = (
    650  # pixels from the grid's left edge: inside the Status column, after the id and the wording (400)
)


@pytest.fixture(scope="module")
def app(browser) -> Iterator[str]:  # noqa: ANN001 - the session's Chromium (conftest) must exist first
    state = Path(tempfile.mkdtemp(prefix="ccpl-living-"))
    env = {
        "CCPL_STATE_DIR": str(state),
        "CCPL_EDITOR_PASSWORD_HASH": hash_password(PASSWORD),
        "CCPL_DATABASE_URL": "",
    }
    with running_app(env, timeout=180) as url:
        yield url


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("heading", level=1).first.wait_for()
    wait_until_idle(page)


def settled_box(page: Page, locator: object, quiet_ms: int = 400, timeout_s: float = 20) -> dict:
    """The element's box once it has stopped moving (a notice drawn above it late, on a loaded machine, would
    move the cell a click is aimed at)."""
    deadline = time.monotonic() + timeout_s
    box = locator.bounding_box()  # type: ignore[attr-defined]
    while time.monotonic() < deadline:
        page.wait_for_timeout(quiet_ms)
        again = locator.bounding_box()  # type: ignore[attr-defined]
        if again is not None and again == box:
            return again
        box = again
    raise AssertionError(f"the element kept moving for {timeout_s} s: {box}")


def complete_count(page: Page) -> str:
    box = page.get_by_test_id("stMetric").filter(has=page.get_by_text("Complete", exact=True)).first
    return box.get_by_test_id("stMetricValue").inner_text()


def test_an_editor_changes_a_status_in_the_table_and_the_overview_shows_it(page: Page, app: str) -> None:
    open_page(page, app)
    assert complete_count(page) == "1 of 24"
    open_page(page, f"{app}/update-priorities")
    page.get_by_role("textbox", name="Your name").fill("Browser Editor")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible()
    wait_until_idle(page)
    grid = settled_box(page, page.get_by_test_id("stDataFrame").first)
    p07 = 7  # the seventh priority, below the header row
    page.mouse.dblclick(grid["x"] + STATUS_X, grid["y"] + ROW_HEIGHT * p07 + ROW_HEIGHT / 2)
    page.locator("#portal").get_by_text("Complete", exact=True).click()
    page.get_by_role("heading", name="Update priorities").click()  # leave the cell: the edit is sent
    expect(page.get_by_text("1 field changed so far.")).to_be_visible(timeout=15_000)  # a loaded CI machine
    page.get_by_role("button", name="Check and preview").click()
    expect(page.get_by_text("P07 On track → Complete").first).to_be_visible()
    screenshot(page, "update-priorities-preview")
    page.get_by_role("button", name="Store as a new version").click()
    expect(page.get_by_text(re.compile(r"Stored version \d+ \(1 field changed\)"))).to_be_visible()
    open_page(page, app)
    assert complete_count(page) == "2 of 24"


def test_matters_arising_are_listed_for_the_next_meeting(page: Page, app: str) -> None:
    open_page(page, f"{app}/cplg-decisions")
    expect(page.get_by_role("heading", name="Matters arising for the next meeting")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^11 actions are still open"))).to_be_visible()
    screenshot(page, "cplg-matters-arising")
