"""An editor records a self-assessment round on the form in a real browser, then finds it on the
Principles page, in the Overview headline, in History and in the audit log. Own server and database."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from pathlib import Path

from playwright.sync_api import Page, expect

from access.passwords import hash_password
from tests.browser.conftest import EDITOR_PASSWORD, open_sidebar, screenshot, wait_until_idle
from tools.app_server import running_app


def _open(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("heading", level=1).first.wait_for()
    wait_until_idle(page)


def _go(page: Page, link: str) -> None:
    """Move within the session (keeps the sign-in) by the sidebar's page link."""
    open_sidebar(page)
    page.get_by_test_id("stSidebar").get_by_role("link", name=link, exact=True).click()
    wait_until_idle(page)


def _choose(page: Page, label: str, index: int, option: str) -> None:
    box = page.get_by_role("combobox", name=label, exact=True).nth(index)
    box.click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")
    expect(box).to_have_value(option)


def test_an_editor_records_a_round_and_finds_it_everywhere(browser) -> None:  # noqa: ANN001
    state = Path(tempfile.mkdtemp(prefix="ccpl-assessment-"))
    env = {
        "CCPL_STATE_DIR": str(state),
        "CCPL_EDITOR_PASSWORD_HASH": hash_password(EDITOR_PASSWORD),
        "CCPL_DATABASE_URL": "",
    }
    try:
        with running_app(env) as url:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(30_000)
            _open(page, f"{url}/principles")
            expect(page.get_by_text("No self-assessment has been recorded yet").first).to_be_visible()

            _open(page, f"{url}/record-assessment")
            page.get_by_role("textbox", name="Your name").fill("Browser Editor")
            page.get_by_label("Password", exact=True).fill(EDITOR_PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            expect(page.get_by_text("This is the first round.")).to_be_visible()
            wait_until_idle(page)
            page.get_by_role("textbox", name="Assessed by").fill("CPLG SLT")
            for index, level in enumerate(
                ["3 Established", "2 Developing", "2 Developing", "1 Emerging", "1 Emerging"]
            ):
                _choose(page, "Level", index, level)
                _choose(page, "Target level", index, "2 Developing")
                page.get_by_role("textbox", name="Rationale").nth(index).fill(
                    f"Rationale for principle {index + 1}"
                )
            page.get_by_role("button", name="Check this round").click()
            wait_until_idle(page)
            expect(page.get_by_text(re.compile(r"Assessments: 5 added"))).to_be_visible()
            page.get_by_text(
                re.compile(r"^I have read the 5 warnings")
            ).click()  # no evidence cited: warnings
            wait_until_idle(page)
            page.get_by_role("button", name="Store as a new version").click()
            expect(page.get_by_text(re.compile(r"Stored the round as version"))).to_be_visible(timeout=30_000)
            wait_until_idle(page)

            today = dt.date.today()
            _go(page, "Overview")
            expect(
                page.get_by_text(f"3 of 5 principles at or above target (assessed {today.day} {today:%B %Y})")
            ).to_be_visible()
            _go(page, "Principles")
            expect(
                page.get_by_text(re.compile(r"^1\. Full range of leaders in decision-making: 3 Established"))
            ).to_be_visible()
            screenshot(page, "principles-assessed")
            _go(page, "History")
            page.get_by_role("tab", name="Principles self-assessment").click()
            # The table is a canvas grid: its cells are in the accessibility layer, not drawn as text.
            expect(page.get_by_text("Recorded on the assessment form").first).to_be_attached()
            page.get_by_role("tab", name="Audit log").click()
            expect(page.get_by_text("upload", exact=True).first).to_be_attached()
            expect(page.get_by_text("Browser Editor", exact=True).first).to_be_attached()
            page.close()
    finally:
        shutil.rmtree(state, ignore_errors=True)
