"""Access per organisation in a real browser (issue 23): a cluster of three fictional ICBs, each with its own
editor password. An editor of North signs in, switches to South in the sidebar, and every page that saves
refuses, saying so before any work (Upload's store button disabled; an attempted save refused, nothing
stored); North's own pages accept."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from access.passwords import hash_password
from loaders.tracker_set import DEFAULT_DATA_DIR
from tests.browser.conftest import _chromium_or_skip, open_sidebar, screenshot, wait_until_idle
from tests.test_upload_flow import updated_framework
from tools.app_server import running_app

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PASSWORDS = {"north": "north editors' browser password", "south": "south editors' browser password"}
REFUSAL = "You edit Example ICB North's trackers; this is Example ICB South's"


@pytest.fixture(scope="module")
def cluster_url() -> Iterator[str]:
    """A server showing three fictional ICBs (North and South start from the test workbooks; West is empty)."""
    _chromium_or_skip()
    state = Path(tempfile.mkdtemp(prefix="ccpl-organisations-"))
    cluster = state / "cluster.toml"
    cluster.write_text(
        'id = "example-cluster"\nname = "Example cluster board"\n'
        f'[[organisations]]\nid = "north"\nname = "Example ICB North"\ndata_dir = "{DEFAULT_DATA_DIR}"\n'
        f'[[organisations]]\nid = "south"\nname = "Example ICB South"\ndata_dir = "{DEFAULT_DATA_DIR}"\n'
        '[[organisations]]\nid = "west"\nname = "Example ICB West"\n',
        encoding="utf-8",
    )
    env = {
        "CCPL_STATE_DIR": str(state),
        "CCPL_DATABASE_URL": "",
        "CCPL_CLUSTER_FILE": str(cluster),
        "CCPL_EDITOR_PASSWORD_HASH": "",
        "CCPL_EDITOR_PASSWORD_HASH__NORTH": hash_password(PASSWORDS["north"]),
        "CCPL_EDITOR_PASSWORD_HASH__SOUTH": hash_password(PASSWORDS["south"]),
    }
    with running_app(env) as url:
        yield url
    shutil.rmtree(state, ignore_errors=True)


def _open(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("heading", level=1).first.wait_for()
    wait_until_idle(page)


def _choose_organisation(page: Page, name: str) -> None:
    open_sidebar(page)
    box = page.get_by_role("combobox", name="Organisation", exact=True)
    box.click()
    page.keyboard.type(name)
    page.keyboard.press("Enter")
    expect(box).to_have_value(name)
    wait_until_idle(page)


def _go(page: Page, link: str) -> None:
    """Move within the session by the sidebar's page link (the organisation stays chosen)."""
    open_sidebar(page)
    page.get_by_test_id("stSidebar").get_by_role("link", name=link, exact=True).click()
    wait_until_idle(page)


def _choose_file(page: Page, as_at: str) -> None:
    page.locator("input[type=file]").set_input_files(
        [{"name": f"framework_{as_at}.xlsx", "mimeType": XLSX, "buffer": updated_framework(as_at)}]
    )
    expect(page.get_by_text("P07 On track → Complete").first).to_be_visible()


def test_an_editor_of_north_is_refused_on_every_page_of_south_and_accepted_on_norths(
    browser,  # noqa: ANN001
    cluster_url: str,
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(30_000)
    try:
        _open(page, f"{cluster_url}/upload")
        page.get_by_role("textbox", name="Your name").fill("Nia North")
        page.get_by_label("Password", exact=True).fill(PASSWORDS["north"])
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_text("Editor of Example ICB North.")).to_be_visible()
        wait_until_idle(page)
        expect(page.get_by_text(REFUSAL)).to_have_count(0)

        _choose_organisation(page, "Example ICB South")
        expect(page).to_have_url(re.compile(r"org=south"))
        expect(page.get_by_text(REFUSAL)).to_be_visible()  # before any work
        _choose_file(page, "2023-03-01")
        store = page.get_by_role("button", name=re.compile(r"^Store 1 file"))
        expect(store).to_be_disabled()
        screenshot(page, "organisation-upload-refused")

        for link in ("Record an assessment", "Update priorities", "History", "Board papers", "Feed keys"):
            _go(page, link)
            expect(page.get_by_text(REFUSAL).first).to_be_visible()
        page.get_by_role("textbox", name="Whose key, and for what").fill("Power BI: North's team")
        page.get_by_role("button", name="Make the key").click()
        wait_until_idle(page)
        refused = page.get_by_test_id("stAlertContentError").filter(has_text=REFUSAL)
        expect(refused).to_contain_text("Nothing was stored.")
        expect(page.get_by_text("No key has been made yet.")).to_be_visible()
        screenshot(page, "organisation-key-refused")

        _choose_organisation(page, "Example ICB North")
        expect(page.get_by_text(REFUSAL)).to_have_count(0)
        page.get_by_role("textbox", name="Whose key, and for what").fill("Power BI: North's team")
        page.get_by_role("button", name="Make the key").click()
        expect(page.get_by_text("Copy it now")).to_be_visible()
        _go(page, "Upload trackers")
        _choose_file(page, "2023-03-01")
        page.get_by_role("button", name=re.compile(r"^Store 1 file")).click()
        expect(page.get_by_text(re.compile(r"Stored 1 new version"))).to_be_visible()
    finally:
        page.close()
