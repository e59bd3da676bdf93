"""Screenshot every page in headless Chromium: python -m tools.screenshots [OUT_DIR] [--zoom 2] [--size 820x1180].

Saves one PNG per page (full page) so a person can look at what the board sees. `--size` takes one or more
window sizes (a laptop 1280x800, a tablet 820x1180, a phone 390x844) and names the files after them;
`--url` screenshots a server that is already running instead of starting one; `--small` saves 256-colour
PNGs, a third of the size, for docs/screenshots/; `--fictional-cluster` starts the server on a cluster of three
fictional ICBs (tools/fictional_cluster.py), for the cluster pages (docs/screenshots/cluster/).
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from tools.app_server import CHROMIUM, CHROMIUM_ARGS, ROOT, running_app

LOADED = (
    "!document.querySelector('[data-testid=stSkeleton], [data-testid=stSkeletonElement], [data-stale=true]')"
)
"""No grey placeholder and nothing faded as out of date: every element's code has loaded and the last run
drew it (axe and screenshots must see the final page)."""
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


SIZES = {"laptop": (1280, 800), "tablet": (820, 1180), "phone": (390, 844)}
"""The window sizes board members open the dashboard on."""


@contextlib.contextmanager
def _server(url: str | None, env: dict[str, str] | None = None) -> Iterator[str]:
    if url:
        yield url.rstrip("/")
    else:
        with running_app(env) as started:
            yield started


@contextlib.contextmanager
def fictional_cluster_env() -> Iterator[dict[str, str]]:
    """The environment of a server showing the three fictional ICBs, each seeded from its synthetic trackers."""
    from tools.fictional_cluster import cluster_file

    with tempfile.TemporaryDirectory(prefix="ccpl-cluster-screens-") as folder:
        yield {
            "CCPL_CLUSTER_FILE": str(cluster_file(Path(folder) / "cluster")),
            "CCPL_STATE_DIR": str(Path(folder) / "state"),
            "CCPL_DATABASE_URL": "",
        }


def take(
    out: Path,
    pages: list[str],
    zoom: float = 1.0,
    width: int = 1400,
    query: str = "",
    sizes: Sequence[tuple[int, int]] = (),
    url: str | None = None,
    env: dict[str, str] | None = None,
) -> list[Path]:
    """Screenshot each page at the given zoom, or at each window size (width, height) if any are given."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    windows = [(w, h, f"-{w}x{h}") for w, h in sizes] or [
        (int(width / zoom), 900, "" if zoom == 1 else f"@{zoom:g}x")
    ]
    with _server(url, env) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for window_width, height, suffix in windows:
            page = browser.new_page(
                viewport={"width": window_width, "height": height}, device_scale_factor=zoom
            )
            for name in pages:
                page.goto(f"{base}/{'' if name == 'overview' else name}{query}")
                page.get_by_role("heading", level=1).first.wait_for(timeout=30_000)
                page.wait_for_timeout(1500)  # let charts finish drawing
                page.wait_for_function(
                    "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
                )
                page.wait_for_function(LOADED, timeout=30_000)
                path = out / f"{name}{suffix}.png"
                full_page_screenshot(page, path, window_width)
                written.append(path)
            page.close()
        browser.close()
    return written


def shrink(path: Path) -> None:
    """Save the PNG with a 256-colour palette: screenshots of flat colours and text lose nothing visible."""
    from PIL import Image  # Streamlit depends on Pillow

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def window_size(text: str) -> tuple[int, int]:
    """'820x1180' or a name from SIZES ('tablet')."""
    if text in SIZES:
        return SIZES[text]
    width, height = text.lower().split("x")
    return int(width), int(height)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "screenshots"))
    parser.add_argument("--zoom", type=float, default=1.0)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument(
        "--size", action="append", type=window_size, default=[], help="WIDTHxHEIGHT or laptop, tablet, phone"
    )
    parser.add_argument("--url", help="a running server's address (default: start one)")
    parser.add_argument("--small", action="store_true", help="256-colour PNGs, for the docs")
    parser.add_argument(
        "--fictional-cluster",
        action="store_true",
        help="a cluster of three fictional ICBs (the cluster pages)",
    )
    args = parser.parse_args()
    with fictional_cluster_env() if args.fictional_cluster else contextlib.nullcontext() as env:
        taken = take(Path(args.out), args.pages.split(","), args.zoom, sizes=args.size, url=args.url, env=env)
    for path in taken:
        if args.small:
            shrink(path)
        print(path)


if __name__ == "__main__":
    main()
