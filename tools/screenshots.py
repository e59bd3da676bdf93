"""Screenshot every page in headless Chromium: python -m tools.screenshots [OUT_DIR] [--zoom 2].

Saves one PNG per page (full page) so a person can look at what the board sees.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from tools.app_server import CHROMIUM, CHROMIUM_ARGS, ROOT, running_app

PAGES = ["overview", "principles", "priorities", "themes", "engagement", "cplg-decisions"]


def full_page_screenshot(page: Page, path: Path, width: int = 1400) -> Path:
    """Screenshot the whole page. Streamlit scrolls inside its main block, so grow the window to the content."""
    height = page.evaluate(
        "Math.max(...[...document.querySelectorAll('[data-testid=\"stMain\"], section')].map(e => e.scrollHeight), 900)"
    )
    original = page.viewport_size
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 12000)})
    page.wait_for_timeout(800)
    page.screenshot(path=str(path), full_page=True)
    if original:
        page.set_viewport_size(original)
    return path


def take(out: Path, pages: list[str], zoom: float = 1.0, width: int = 1400, query: str = "") -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with running_app() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(
            viewport={"width": int(width / zoom), "height": 900}, device_scale_factor=zoom
        )
        for name in pages:
            page.goto(f"{url}/{'' if name == 'overview' else name}{query}")
            page.get_by_role("heading", level=1).first.wait_for(timeout=30_000)
            page.wait_for_timeout(1500)  # let charts finish drawing
            page.wait_for_function(
                "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
            )
            path = out / f"{name}{'' if zoom == 1 else f'@{zoom:g}x'}.png"
            full_page_screenshot(page, path, int(width / zoom))
            written.append(path)
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "screenshots"))
    parser.add_argument("--zoom", type=float, default=1.0)
    parser.add_argument("--pages", default=",".join(PAGES))
    args = parser.parse_args()
    for path in take(Path(args.out), args.pages.split(","), args.zoom):
        print(path)


if __name__ == "__main__":
    main()
