"""What board members see on their own screens: a laptop, a tablet and a phone, in Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import wait_until_idle
from tools.screenshots import LOADED, PAGES, SIZES

CUT_OFF_TEXT = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(plot => {
  const inside = (r, box) => r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1
    && r.bottom <= box.bottom + 1;
  const chart = plot.getBoundingClientRect();
  return [...plot.querySelectorAll('.textpoint text, .xtick text, .ytick text, .g-xtitle text, .g-ytitle text')]
    .filter(text => {
      const r = text.getBoundingClientRect();
      if (!text.textContent || r.width === 0) return false;
      const clipped = text.closest('[clip-path]');
      const id = clipped && clipped.getAttribute('clip-path').match(/#([^)'"]+)/);
      const clip = id && document.getElementById(id[1])?.querySelector('rect');
      return !inside(r, chart) || (clip && !inside(r, clip.getBoundingClientRect()));
    })
    .map(text => text.textContent);
})"""


def open_at(page: Page, url: str, size: tuple[int, int]) -> None:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(url)
    page.get_by_role("heading", level=1).first.wait_for()
    wait_until_idle(page)
    page.wait_for_function(LOADED)
    page.wait_for_timeout(800)


@pytest.mark.parametrize("size", list(SIZES))
def test_no_chart_label_is_cut_off_and_no_page_scrolls_sideways(page: Page, app_url: str, size: str) -> None:
    for name in PAGES:
        open_at(page, f"{app_url}/{'' if name == 'overview' else name}", SIZES[size])
        assert page.evaluate(CUT_OFF_TEXT) == [], name
        sideways = page.evaluate(
            "(() => { const m = document.querySelector('[data-testid=stMain]'); return m.scrollWidth - m.clientWidth; })()"
        )
        assert sideways <= 1, name


def test_headline_figures_sit_at_least_two_to_a_row_on_a_tablet_and_are_not_cut_short(
    page: Page, app_url: str
) -> None:
    open_at(page, app_url, SIZES["tablet"])
    tops = page.evaluate(
        "[...document.querySelectorAll('[data-testid=stMain] [data-testid=stMetric]')].slice(0, 4)"
        ".map(m => Math.round(m.getBoundingClientRect().top))"
    )
    assert len(tops) == 4
    assert len(set(tops)) <= 2, tops
    cut_short = page.evaluate(
        "[...document.querySelectorAll('[data-testid=stMetric] *')].filter(e => e.scrollWidth > e.clientWidth + 1)"
        ".map(e => e.textContent)"
    )
    assert cut_short == []
