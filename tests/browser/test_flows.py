"""What board members, editors and viewers do, in a real browser. Tests run in file order on one server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import EDITOR_PASSWORD, open_sidebar, screenshot, wait_until_idle
from tests.test_upload_flow import updated_framework
from tools.app_server import running_app

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# path -> (page heading, text a board member must see there)
PAGES = {
    "": (
        "CCPL progress overview",
        "Between 1 December 2022 and 8 February 2023: 1 delivered, 4 moved forward and 1 deferred.",
    ),
    "principles": ("Progress against the five principles", "rests on thin evidence"),
    "priorities": ("Six-month priorities", "24 priorities are due between"),
    "themes": ("Development themes", "What will be different"),
    "engagement": ("System engagement", "2 events from May 2022 to October 2022 drew about 250 attendees"),
    "cplg-decisions": ("CPLG decisions", "3 items were presented more than once"),
    "upload": ("Upload updated trackers", "Only editors may upload"),
    "history": ("Tracker history", "Every version ever stored"),
}


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("heading", level=1).first.wait_for()
    wait_until_idle(page)


def metric(page: Page, label: str) -> str:
    box = page.get_by_test_id("stMetric").filter(has=page.get_by_text(label, exact=True)).first
    return box.get_by_test_id("stMetricValue").inner_text()


@pytest.mark.parametrize("path", list(PAGES))
def test_a_board_member_opens_every_page_and_sees_its_key_content(
    page: Page, app_url: str, path: str
) -> None:
    heading, content = PAGES[path]
    open_page(page, f"{app_url}/{path}")
    expect(page.get_by_role("heading", level=1).first).to_have_text(heading)
    expect(page.get_by_text(content).first).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, path or "overview")


def test_a_shared_link_with_filters_opens_that_view(page: Page, app_url: str) -> None:
    open_page(page, f"{app_url}/priorities?theme=T6&status=On+track")
    expect(page.get_by_text("Filtered: Themes: Support; Statuses: On track.")).to_be_visible()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("button", name="T6 Support")).to_have_attribute("aria-pressed", "true")
    assert "theme=T6" in page.url and "status=On+track" in page.url


def test_a_filter_change_goes_into_the_url_and_survives_moving_between_pages(
    page: Page, app_url: str
) -> None:
    open_page(page, app_url)
    open_sidebar(page)
    page.get_by_test_id("stSidebar").get_by_role("button", name=re.compile(r"^5\. Transparent")).click()
    wait_until_idle(page)
    expect(page).to_have_url(re.compile(r"principle=5"))
    # The URL changes early in the run, the figures at its end: wait for the figure, do not read it once.
    themes = page.get_by_test_id("stMetric").filter(has=page.get_by_text("Themes", exact=True)).first
    expect(themes.get_by_test_id("stMetricValue")).to_have_text("2")
    page.get_by_test_id("stSidebar").get_by_role("link", name="Priorities", exact=True).click()
    page.get_by_role("heading", name="Six-month priorities").wait_for()
    wait_until_idle(page)
    expect(page).to_have_url(re.compile(r"/priorities\?principle=5"))
    expect(page.get_by_text("Filtered: Principles: 5.")).to_be_visible()


def test_a_viewer_without_sign_in_cannot_upload(page: Page, app_url: str) -> None:
    open_page(page, f"{app_url}/upload")
    expect(page.get_by_text("Only editors may upload")).to_be_visible()
    expect(page.locator("input[type=file]")).to_have_count(0)


def sign_in(page: Page, app_url: str) -> None:
    open_page(page, f"{app_url}/upload")
    page.get_by_role("textbox", name="Your name").fill("Browser Editor")
    page.get_by_label("Password", exact=True).fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible()
    wait_until_idle(page)


def test_an_editor_uploads_a_bad_tracker_sees_the_error_and_the_overview_is_unchanged(
    page: Page, app_url: str
) -> None:
    open_page(page, app_url)
    before = metric(page, "Complete")
    sign_in(page, app_url)
    page.locator("input[type=file]").set_input_files(
        [{"name": "framework.xlsx", "mimeType": XLSX, "buffer": b"Priority ID,Status\nP1,Complete\n"}]
    )
    expect(page.get_by_text("Nothing can be stored while a file has errors (framework.xlsx)")).to_be_visible()
    expect(
        page.get_by_text("The file's content is text (such as CSV), whatever its name.").first
    ).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Store"))).to_have_count(0)
    screenshot(page, "upload-bad-file")
    open_page(page, app_url)
    assert metric(page, "Complete") == before


def test_an_editor_uploads_an_updated_tracker_confirms_and_the_overview_changes(
    page: Page, app_url: str
) -> None:
    sign_in(page, app_url)
    page.locator("input[type=file]").set_input_files(
        [{"name": "framework_2023-03-01.xlsx", "mimeType": XLSX, "buffer": updated_framework()}]
    )
    expect(page.get_by_text("P07 On track → Complete").first).to_be_visible()
    screenshot(page, "upload-preview")
    page.get_by_role("textbox", name="Note for the history (optional)").fill("Browser test upload")
    page.get_by_role("button", name=re.compile(r"^Store 1 file")).click()
    expect(page.get_by_text(re.compile(r"Stored 1 new version"))).to_be_visible()
    open_page(page, app_url)
    assert metric(page, "Complete") == "2 of 24"
    expect(page.get_by_text("As at").first).to_be_visible()
    expect(page.get_by_text("1 March 2023").first).to_be_visible()


def test_a_shared_deep_link_on_a_freshly_started_server_gets_the_full_app(browser) -> None:  # noqa: ANN001
    """The first request after a restart must still go through dashboard.py (pages/README.md)."""
    with running_app() as url:
        page = browser.new_page()
        open_page(page, f"{url}/themes?theme=T2")
        open_sidebar(page)
        expect(page.get_by_test_id("stSidebar").get_by_text("Filters", exact=True)).to_be_visible()
        expect(page.get_by_role("heading", name="Distributed leadership")).to_be_visible()
        expect(page.get_by_test_id("stDialog")).to_have_count(0)  # no 'Page not found' over the page
        page.close()


def test_an_analyst_downloads_a_filtered_table_as_csv_and_excel_and_reads_them_back(
    page: Page, app_url: str, tmp_path: Path
) -> None:
    import pandas as pd
    from openpyxl import load_workbook

    open_page(page, f"{app_url}/priorities?theme=T8")
    # Streamlit marks a keyed widget's container with st-key-<key>: the 'Every priority' table's download
    # menu, whose buttons are drawn once it is opened.
    page.locator(".st-key-priorities_table_downloads summary").click()
    with page.expect_download() as csv_download:
        page.locator(".st-key-priorities_table_csv").get_by_role(
            "button", name=re.compile(r"^Download CSV")
        ).click()
    frame = pd.read_csv(csv_download.value.path(), encoding="utf-8-sig")
    assert sorted(frame["ID"]) == ["P20", "P21", "P22", "P23", "P24"]
    with page.expect_download() as excel_download:
        page.locator(".st-key-priorities_table_xlsx").get_by_role(
            "button", name=re.compile(r"^Download Excel")
        ).click()
    saved = tmp_path / excel_download.value.suggested_filename
    excel_download.value.save_as(saved)
    assert saved.name == "every-priority.xlsx"
    workbook = load_workbook(saved)
    about = {r[0].value: r[1].value for r in workbook["About this export"].iter_rows(min_row=2)}
    assert about["Filters"] == "Themes: CPLG Role"
    table = pd.read_excel(saved, sheet_name=0, engine="openpyxl")
    assert table["ID"].tolist() == frame["ID"].tolist()
    assert list(table.columns) == list(frame.columns)


def test_the_board_pack_downloads_opens_offline_and_shows_its_charts(
    page: Page, app_url: str, browser, tmp_path
) -> None:  # noqa: ANN001
    open_page(page, app_url)
    page.get_by_text("Download the board pack", exact=True).click()  # opens it; its buttons are drawn then
    with page.expect_download() as download:
        page.get_by_role("button", name="Board pack (HTML)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    offline = browser.new_context(offline=True)
    pack = offline.new_page()
    pack.goto(saved.as_uri())
    pack.wait_for_selector("#chart-principles .main-svg")
    expect(pack.get_by_role("heading", name="Progress against the principles")).to_be_visible()
    screenshot(pack, "board-pack")
    offline.close()
