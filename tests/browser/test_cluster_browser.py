"""A cluster of three fictional ICBs in Chromium (issue 23): the sidebar's choice of ICB kept in the address
(a reload keeps it, a link with ?org=south opens South), and the cluster view showing all three."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import open_sidebar, screenshot, wait_until_idle
from tests.browser.test_screens import CUT_OFF_TEXT
from tools.app_server import running_app
from tools.fictional_cluster import FICTIONAL, cluster_file
from tools.screenshots import LOADED, SIZES


@pytest.fixture(scope="module")
def cluster_app_url(browser) -> Iterator[str]:  # noqa: ANN001
    """A server whose cluster file names the three fictional ICBs, each seeded from its synthetic trackers."""
    folder = Path(tempfile.mkdtemp(prefix="ccpl-cluster-browser-"))
    env = {
        "CCPL_CLUSTER_FILE": str(cluster_file(folder / "cluster")),
        "CCPL_STATE_DIR": str(folder / "state"),
        "CCPL_DATABASE_URL": "",
    }
    with running_app(env) as url:
        yield url
    shutil.rmtree(folder, ignore_errors=True)


def settle(page: Page) -> None:
    wait_until_idle(page)
    page.wait_for_function(LOADED)


def organisation_box(page: Page):  # noqa: ANN201
    return page.get_by_test_id("stSidebar").get_by_role("combobox", name="Organisation")


def test_the_choice_of_icb_is_kept_in_the_address_and_a_link_opens_it(
    page: Page, cluster_app_url: str
) -> None:
    page.goto(cluster_app_url)
    page.get_by_role("heading", level=1).first.wait_for()
    settle(page)
    open_sidebar(page)
    expect(organisation_box(page)).to_have_value("Example ICB North")
    expect(page).to_have_url(re.compile(r"[?&]org=north"))
    north = page.get_by_test_id("stMetricValue").first.inner_text()

    box = organisation_box(page)
    box.click()
    page.keyboard.type("Example ICB South")
    page.keyboard.press("Enter")
    settle(page)
    expect(page).to_have_url(re.compile(r"[?&]org=south"))
    expect(organisation_box(page)).to_have_value("Example ICB South")

    page.reload()
    page.get_by_role("heading", level=1).first.wait_for()
    settle(page)
    open_sidebar(page)
    expect(organisation_box(page)).to_have_value("Example ICB South")  # the reload kept the choice
    expect(page).to_have_url(re.compile(r"[?&]org=south"))

    other = page.context.new_page()  # a link someone sent: a new session
    other.goto(f"{cluster_app_url}/?org=south")
    other.get_by_role("heading", level=1).first.wait_for()
    settle(other)
    open_sidebar(other)
    expect(organisation_box(other)).to_have_value("Example ICB South")
    assert other.get_by_test_id("stMetricValue").first.inner_text() != north  # South's own figures
    other.close()


def test_the_cluster_view_shows_all_three_icbs(page: Page, cluster_app_url: str) -> None:
    page.goto(f"{cluster_app_url}/cluster?org=west")
    expect(page.get_by_role("heading", level=1, name="Cluster view")).to_be_visible()
    settle(page)
    main = page.get_by_test_id("stMain")
    for org in FICTIONAL:
        expect(main.get_by_text(org.name, exact=False).first).to_be_visible()
    page.locator(".js-plotly-plot").first.wait_for()
    bars = page.evaluate(
        "[...document.querySelectorAll('.js-plotly-plot .ytick text')].map(t => t.textContent)"
    )
    for org in FICTIONAL:
        assert f"Principle 1: {org.short_name}" in bars
    expect(page).to_have_url(re.compile(r"[?&]org=west"))  # the cluster view keeps the ICB chosen
    screenshot(page, "cluster-view")


def test_the_cluster_papers_page_downloads_the_cover_report(page: Page, cluster_app_url: str) -> None:
    page.goto(f"{cluster_app_url}/cluster-papers")
    expect(page.get_by_role("heading", level=1, name="Cluster papers")).to_be_visible()
    settle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Cluster cover report (Word)").click()
    assert download.value.suggested_filename.startswith("ccpl-cluster-cover-report-")
    assert Path(download.value.path()).read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("size", list(SIZES))
def test_the_cluster_view_fits_a_laptop_a_tablet_and_a_phone(
    page: Page, cluster_app_url: str, size: str
) -> None:
    """No chart label cut off, and no sideways scrolling of the page (tests/browser/test_screens.py's checks)."""
    page.set_viewport_size({"width": SIZES[size][0], "height": SIZES[size][1]})
    page.goto(f"{cluster_app_url}/cluster")
    page.get_by_role("heading", level=1).first.wait_for()
    settle(page)
    page.wait_for_timeout(800)
    assert page.evaluate(CUT_OFF_TEXT) == []
    sideways = page.evaluate(
        "(() => { const m = document.querySelector('[data-testid=stMain]'); return m.scrollWidth - m.clientWidth; })()"
    )
    assert sideways <= 1
