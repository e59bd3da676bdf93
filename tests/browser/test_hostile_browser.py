"""Tracker text is text, in a real browser (issue 10 #7): a hostile tracker makes no link, image, styled text or
outgoing request on any page or in the board pack.

The hostile text carries every kind of markup a renderer here understands: Markdown images and links, plotly's
pseudo-HTML (<a href>, <span style>), a bare URL and a www. address (autolinked by Markdown), and javascript:.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from access.passwords import hash_password
from loaders.tracker_set import DEFAULT_DATA_DIR
from tests.browser.conftest import EDITOR_PASSWORD, _chromium_or_skip, screenshot, wait_until_idle
from tools.app_server import running_app

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EVIL = "evil.example"
HOSTILE = (
    f"![pixel](http://{EVIL}/md.png) [md link](http://{EVIL}/md) "
    f'<a href="http://{EVIL}/plotly">plotly link</a> <span style="font-size:60px">BIG</span> '
    f"http://{EVIL}/bare www.{EVIL} javascript:alert(1) <img src=http://{EVIL}/img.png>"
)
PAGES = ["", "principles", "priorities", "themes", "engagement", "cplg-decisions", "upload", "history"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}

LEAKS = """() => {
  const bad = [];
  const tracker = (s) => s && (s.includes('evil.example') || s.toLowerCase().includes('javascript:'));
  for (const a of document.querySelectorAll('a')) {
    const href = a.getAttribute('href') || a.getAttribute('xlink:href') || '';
    if (tracker(href) || tracker(a.textContent) || /plotly link|md link/.test(a.textContent)) {
      bad.push('link: ' + a.outerHTML.slice(0, 200));
    }
  }
  for (const img of document.querySelectorAll('img, image')) {
    const src = img.getAttribute('src') || img.getAttribute('href') || img.getAttribute('xlink:href') || '';
    if (tracker(src)) bad.push('image: ' + img.outerHTML.slice(0, 200));
  }
  for (const el of document.querySelectorAll('[style]')) {
    if (/font-size:\\s*60px/.test(el.getAttribute('style'))) bad.push('styled: ' + el.outerHTML.slice(0, 200));
  }
  return bad;
}"""


def _hostile(path: Path, edits: dict[str, dict[str, str]]) -> bytes:
    """A default tracker with the hostile text in the given columns of each sheet's first data row."""
    workbook = load_workbook(path)
    for sheet_name, columns in edits.items():
        sheet = workbook[sheet_name]
        headings = [c.value for c in sheet[1]]
        for heading, text in columns.items():
            sheet.cell(row=2, column=headings.index(heading) + 1).value = text
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def hostile_files() -> list[dict[str, object]]:
    files = {
        "framework_2023-02-08.xlsx": {
            "Themes": {"Theme": "Theme " + HOSTILE, "What will be different": HOSTILE},
            "Priorities": {"Priority": HOSTILE, "Owner": "Owner " + HOSTILE, "Notes": HOSTILE},
        },
        "engagement_events.xlsx": {"Events": {"Event": HOSTILE}},
        "cplg_agenda_log.xlsx": {"Agenda items": {"Item": HOSTILE, "Overview": HOSTILE}},
    }
    return [
        {"name": name, "mimeType": XLSX, "buffer": _hostile(DEFAULT_DATA_DIR / name, edits)}
        for name, edits in files.items()
    ]


@pytest.fixture(scope="module")
def hostile_app() -> Iterator[str]:
    """A server of its own, so the hostile upload does not change what the other browser tests see."""
    _chromium_or_skip()
    state = Path(tempfile.mkdtemp(prefix="ccpl-hostile-"))
    env = {
        "CCPL_STATE_DIR": str(state),
        "CCPL_EDITOR_PASSWORD_HASH": hash_password(EDITOR_PASSWORD),
        "CCPL_DATABASE_URL": "",
    }
    with running_app(env) as url:
        yield url
    shutil.rmtree(state, ignore_errors=True)


@pytest.fixture
def watched(browser, hostile_app: str) -> Iterator[tuple[Page, list[str]]]:  # noqa: ANN001
    """A page whose requests to any host but this machine are recorded and refused."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    outgoing: list[str] = []

    def guard(route) -> None:  # noqa: ANN001
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            outgoing.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.on(
        "request",
        lambda request: (
            outgoing.append(request.url)
            if urlparse(request.url).hostname not in LOCAL_HOSTS | {None, ""}
            and not request.url.startswith(("data:", "blob:"))
            else None
        ),
    )
    yield page, outgoing
    context.close()


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("heading", level=1).first.wait_for()
    wait_until_idle(page)
    page.wait_for_timeout(600)  # charts draw after the run ends


def test_an_editor_uploads_a_hostile_tracker(watched: tuple[Page, list[str]], hostile_app: str) -> None:
    page, outgoing = watched
    open_page(page, f"{hostile_app}/upload")
    page.get_by_role("textbox", name="Your name").fill("Hostile Tester")
    page.get_by_label("Password", exact=True).fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible()
    page.locator("input[type=file]").set_input_files(hostile_files())
    store = page.get_by_role("button", name=re.compile(r"^Store 3 files"))
    store.wait_for()
    wait_until_idle(page)
    accept = page.get_by_text(re.compile("I have read the .* warnings"))
    if accept.count():
        accept.click()
        wait_until_idle(page)
    expect(store).to_be_enabled()
    assert page.evaluate(LEAKS) == []
    screenshot(page, "hostile-upload-preview")
    store.click()
    expect(page.get_by_text(re.compile(r"Stored 3 new versions"))).to_be_visible(timeout=90_000)
    assert outgoing == []


@pytest.mark.parametrize("path", PAGES)
def test_hostile_text_makes_no_link_image_style_or_request_on_any_page(
    watched: tuple[Page, list[str]], hostile_app: str, path: str
) -> None:
    page, outgoing = watched
    open_page(page, f"{hostile_app}/{path}")
    expect(page.get_by_test_id("stException")).to_have_count(0)
    # Pages that print the hostile priority or theme in Markdown (the Overview lists changes in a table,
    # drawn on a canvas, and none of the hostile rows needs attention): the text is there, as typed.
    if path in ("themes", "priorities"):
        expect(page.get_by_text("javascript:alert(1)").first).to_be_attached()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("button", name=re.compile("^T1 Theme"))).to_contain_text(
        "![pixel]", timeout=20_000
    )
    assert page.evaluate(LEAKS) == []
    assert outgoing == [], outgoing
    if path in ("", "themes", "engagement"):  # for a person to look at (full-page shots are slow)
        screenshot(page, f"hostile-{path or 'overview'}")


def test_the_board_pack_of_a_hostile_tracker_has_no_link_image_or_request(
    watched: tuple[Page, list[str]], hostile_app: str, browser, tmp_path: Path
) -> None:  # noqa: ANN001
    page, outgoing = watched
    open_page(page, hostile_app)
    page.get_by_text("Download the board pack", exact=True).click()  # opens it; its buttons are drawn then
    with page.expect_download() as download:
        page.get_by_role("button", name="Board pack (HTML)").click()
    saved = tmp_path / "board-pack.html"
    download.value.save_as(saved)
    document = saved.read_text(encoding="utf-8")
    body = document.split("<body", 1)[1]
    assert not re.search(r"<a\b", re.sub(r"<script.*?</script>", "", body, flags=re.S))
    assert not re.search(rf"<img[^>]+{re.escape(EVIL)}", body)
    pack_context = browser.new_context()
    pack_requests: list[str] = []
    pack_context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("file:", "data:", "blob:"))
            else (pack_requests.append(route.request.url), route.abort())
        ),
    )
    pack = pack_context.new_page()
    pack.goto(saved.as_uri())
    pack.wait_for_selector("#chart-priorities .main-svg")
    pack.wait_for_timeout(500)
    assert pack.evaluate(LEAKS) == []
    screenshot(pack, "hostile-board-pack")
    pack_context.close()
    assert pack_requests == [] and outgoing == []
