"""The Overview on a laptop and on a tablet held upright, in Chromium: the content has the width, headings wrap
between words, and the changes table's key columns are in the window without scrolling sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import EDITOR_PASSWORD, SCREENSHOTS, wait_until_idle
from tools.screenshots import SIZES, full_page_screenshot

RECORD_HEADER_TEXT = """(() => {
  // The data grid draws on a canvas; its ARIA grid (the canvas's fallback content) has no layout. Record where
  // each text is drawn, in page coordinates, to measure where each column's heading really is.
  window.__drawnText = [];
  const fillText = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text, x, y, ...rest) {
    const canvas = this.canvas;
    if (canvas && canvas.isConnected && canvas.width > 0) {
      // Offsets within the canvas, in CSS pixels (the canvas may move: the page scrolls).
      const scale = canvas.getBoundingClientRect().width / canvas.width;
      const t = this.getTransform();
      const width = this.measureText(String(text)).width;
      window.__drawnText.push({
        text: String(text),
        canvas,
        left: (t.a * x + t.c * y + t.e) * scale,
        right: (t.a * (x + width) + t.c * y + t.e) * scale,
        top: (t.b * x + t.d * y + t.f) * scale,
      });
    }
    return fillText.call(this, text, x, y, ...rest);
  };
})();"""

KEY_HEADINGS = """(headings) => {
  // The grid whose ARIA column headers are these; where its headings were last drawn (the header row: the
  // first 40 px of the grid), and the part of the window the grid's visible box covers.
  const grid = [...document.querySelectorAll('[role=grid]')].find(g => {
    const names = [...g.querySelectorAll('[role=columnheader]')].map(h => h.textContent);
    return headings.every(h => names.includes(h));
  });
  if (!grid) return null;
  const box = grid.closest('canvas').getBoundingClientRect();
  const found = {};
  for (const d of window.__drawnText) {
    const on = d.canvas.getBoundingClientRect();
    const overGrid = Math.abs(on.top - box.top) < 1 && Math.abs(on.left - box.left) < 1;
    if (overGrid && d.top <= 40 && headings.includes(d.text)) found[d.text] = [on.left + d.left, on.left + d.right];
  }
  return {
    order: [...grid.querySelectorAll('[role=columnheader]')].map(h => h.textContent),
    visibleRight: Math.min(box.right, window.innerWidth),
    drawn: found,
  };
}"""

BROKEN_WORDS = """() => [...document.querySelector('h1').closest('section, main').querySelectorAll('h1, h2, h3')]
  .flatMap(h => {
    // A word whose letters sit on more than one line was broken inside the word.
    const broken = [];
    const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
    return broken;
  })"""

COVERED = """() => {
  // Points across the page title and the first table: whatever is on top there must be the page's content,
  // not the sidebar (open beside it or over it).
  const title = document.querySelector('h1');
  const main = title.closest('section, main');
  const points = [];
  for (const target of [title, document.querySelector('[role=grid]')?.closest('canvas')]) {
    if (!target) continue;
    target.scrollIntoView({block: 'center'});
    const box = target.getBoundingClientRect();
    for (let x = 8; x < window.innerWidth - 8; x += 16) {
      const top = document.elementFromPoint(x, box.top + Math.min(box.height, 30) / 2);
      points.push(Boolean(top && main.contains(top)));
    }
  }
  return points.filter(Boolean).length / points.length;
}"""


def open_overview(page: Page, url: str, size: tuple[int, int]) -> None:
    page.add_init_script(RECORD_HEADER_TEXT)
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(url)
    page.get_by_role("heading", level=1).first.wait_for()
    wait_until_idle(page)
    changes = page.get_by_role("heading", name="What changed since the previous snapshot")
    changes.wait_for(timeout=90_000)  # a busy machine can take a while over a first run
    changes.scroll_into_view_if_needed()
    # The changes table has drawn its headings (waiting for every element to load can outlast a busy machine).
    page.wait_for_function("() => window.__drawnText.some(d => d.text === 'Change' && d.top <= 40)")
    page.wait_for_timeout(1000)


@pytest.mark.parametrize("size", ["tablet", "laptop"])
def test_the_changes_table_shows_its_key_columns_without_scrolling_sideways(
    page: Page, app_url: str, size: str
) -> None:
    open_overview(page, app_url, SIZES[size])
    key = ["ID", "Was", "Now", "Change"]
    found = page.evaluate(KEY_HEADINGS, key)
    assert found is not None, "the changes table's grid was not found"
    assert found["order"][:4] == key, found["order"]  # key columns first, long text after them
    assert sorted(found["drawn"]) == sorted(key), found
    for name, (left, right) in found["drawn"].items():
        assert left >= 0 and right <= found["visibleRight"], (name, left, right, found["visibleRight"])


@pytest.mark.parametrize("size", ["tablet", "laptop"])
def test_no_heading_breaks_inside_a_word(page: Page, app_url: str, size: str) -> None:
    open_overview(page, app_url, SIZES[size])
    assert page.evaluate(BROKEN_WORDS) == []


def test_on_a_tablet_the_content_has_the_width(page: Page, app_url: str) -> None:
    open_overview(page, app_url, SIZES["tablet"])
    assert page.evaluate(COVERED) >= 0.9  # at most a small part (the window's edges) is not the content
    title = page.get_by_role("heading", level=1).first.bounding_box()
    assert title is not None and title["width"] >= 0.85 * SIZES["tablet"][0], title


def test_the_tablet_overview_and_the_update_page_as_they_are_seen(page: Page, app_url: str) -> None:
    """Screenshots for docs/screenshots/ (copied there by hand after looking at them): the Overview on a
    tablet, and the Update priorities page signed in on a laptop, each without a word broken in a heading."""
    open_overview(page, app_url, SIZES["tablet"])
    SCREENSHOTS.mkdir(exist_ok=True)
    full_page_screenshot(page, SCREENSHOTS / "overview-tablet.png", SIZES["tablet"][0])
    page.set_viewport_size({"width": SIZES["laptop"][0], "height": SIZES["laptop"][1]})
    page.goto(f"{app_url}/update-priorities")
    page.get_by_role("textbox", name="Your name").fill("Browser Editor")
    page.get_by_label("Password", exact=True).fill(EDITOR_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as").wait_for()
    wait_until_idle(page)
    page.get_by_role("heading", name="A priority's history").wait_for()
    assert page.evaluate(BROKEN_WORDS) == []
    full_page_screenshot(page, SCREENSHOTS / "update-priorities-laptop.png", SIZES["laptop"][0])
