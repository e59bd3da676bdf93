"""Real-browser tests: the app under `streamlit run`, driven by Debian's Chromium through Playwright."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from access.passwords import hash_password
from tools.app_server import CHROMIUM, CHROMIUM_ARGS, ROOT, running_app
from tools.screenshots import full_page_screenshot

EDITOR_PASSWORD = "browser test editor password"
SCREENSHOTS = ROOT / "screenshots"
"""Every run saves a screenshot of each page here (git-ignored)."""


def _chromium_or_skip() -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(
            f"CI must run the browser tests, but {CHROMIUM} is missing: .ci/run installs Debian's chromium"
        )
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """One server for the session, with its own database and an editor password for the tests."""
    _chromium_or_skip()
    state = Path(tempfile.mkdtemp(prefix="ccpl-browser-"))
    env = {
        "CCPL_STATE_DIR": str(state),
        "CCPL_EDITOR_PASSWORD_HASH": hash_password(EDITOR_PASSWORD),
        "CCPL_DATABASE_URL": "",
    }
    with running_app(env) as url:
        yield url
    shutil.rmtree(state, ignore_errors=True)


@pytest.fixture
def page(browser, app_url: str):  # noqa: ANN001, ANN201
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def wait_until_idle(page) -> None:  # noqa: ANN001
    """Wait for Streamlit to finish the run (its 'running' indicator gone) and charts to draw."""
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')")
    page.wait_for_timeout(400)


def open_sidebar(page) -> None:  # noqa: ANN001
    """Open the sidebar (pages and filters): it starts closed so that the content has the window's width
    (dashboard.py); the browser remembers a reader's choice, a test's fresh browser context does not."""
    expand = page.get_by_role("button", name="Expand sidebar")
    if expand.is_visible():
        expand.click()
        page.get_by_role("button", name="Collapse sidebar").wait_for()


def screenshot(page, name: str) -> Path:  # noqa: ANN001
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    return full_page_screenshot(page, path)
