"""Browser benchmark: what people wait for, measured in Debian's headless Chromium against `streamlit run`.

- cold: from starting the server to the Overview's figures being visible;
- warm page switch: from clicking a page in the navigation to its heading and first chart being visible;
- upload to visible: from confirming an upload of a 50,000-row framework tracker to the new figures showing;
- concurrent viewers: 1, 5, 10 and 20 browser contexts opening the Overview at once against one server,
  median and 95th percentile time to visible figures, and the server's peak memory (VmHWM).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

from playwright.async_api import async_playwright
from playwright.sync_api import sync_playwright

from access.passwords import hash_password
from loaders.tracker_set import DEFAULT_DATA_DIR
from tools.app_server import CHROMIUM, CHROMIUM_ARGS, peak_memory_mb, running_app
from tools.synthetic import framework_bytes, write_large_set

PASSWORD = "benchmark editor password"
FIGURES = "[data-testid='stMetricValue']"
CHART = ".js-plotly-plot .main-svg"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _env(state: Path, data: Path) -> dict[str, str]:
    return {
        "CCPL_STATE_DIR": str(state),
        "CCPL_DATA_DIR": str(data),
        "CCPL_EDITOR_PASSWORD_HASH": hash_password(PASSWORD),
        "CCPL_DATABASE_URL": "",
    }


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def cold_and_warm(data: Path, switches: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as state, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        start = time.perf_counter()
        with running_app(_env(Path(state), data)) as url:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url)
            page.locator(FIGURES).first.wait_for(timeout=120_000)
            cold = time.perf_counter() - start
            times = []
            for index in range(switches):
                name, heading = [
                    ("Priorities", "Six-month priorities"),
                    ("Overview", "CCPL progress overview"),
                ][index % 2]
                begin = time.perf_counter()
                page.get_by_test_id("stSidebarNav").get_by_role("link", name=name, exact=True).click()
                page.get_by_role("heading", name=heading).wait_for(timeout=60_000)
                page.locator(CHART).first.wait_for(timeout=60_000)
                times.append(time.perf_counter() - begin)
        browser.close()
    return cold, statistics.median(times)


def upload_to_visible(rows: int) -> tuple[float, float]:
    """Seconds from confirming the upload to the Overview showing the new snapshot, and checking time before it."""
    content = framework_bytes(rows, as_at=dt.date(2023, 6, 30))
    with tempfile.TemporaryDirectory() as state, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        with running_app(_env(Path(state), DEFAULT_DATA_DIR)) as url:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(300_000)
            page.goto(f"{url}/upload")
            page.get_by_role("textbox", name="Your name").fill("Benchmark")
            page.get_by_label("Password", exact=True).fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.get_by_text("Signed in as").wait_for()
            begin = time.perf_counter()
            page.locator("input[type=file]").set_input_files(
                [{"name": "big.xlsx", "mimeType": XLSX, "buffer": content}]
            )
            store = page.get_by_role("button", name="Store 1 file as new versions")
            store.wait_for()
            checking = time.perf_counter() - begin
            if store.is_disabled():
                page.get_by_text("I have read the").click()
            begin = time.perf_counter()
            store.click()
            page.get_by_text("Stored 1 new version").wait_for()
            page.goto(url)
            page.get_by_text("30 June 2023").first.wait_for()
            page.locator(FIGURES).first.wait_for()
            visible = time.perf_counter() - begin
        browser.close()
    return visible, checking


async def _viewers(url: str, count: int) -> list[float]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        contexts = [await browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(count)]
        pages = [await c.new_page() for c in contexts]

        async def visit(page) -> float:  # noqa: ANN001
            begin = time.perf_counter()
            await page.goto(url, timeout=300_000)
            await page.locator(FIGURES).first.wait_for(timeout=300_000)
            await page.locator(CHART).first.wait_for(timeout=300_000)
            return time.perf_counter() - begin

        times = await asyncio.gather(*(visit(p) for p in pages))
        await browser.close()
        return list(times)


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used (Linux /proc), to tell server work from browser work."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def concurrent_viewers(counts: list[int]) -> list[tuple[int, float, float, float, float, float]]:
    """Per round: viewers, median, p95, server peak memory, server CPU seconds, round wall seconds."""
    results = []
    with tempfile.TemporaryDirectory() as state, running_app(_env(Path(state), DEFAULT_DATA_DIR)) as url:
        asyncio.run(_viewers(url, 1))  # warm the server's caches, as any running dashboard is
        for count in counts:
            cpu, wall = _cpu_seconds(url.pid), time.perf_counter()
            times = asyncio.run(_viewers(url, count))
            cpu, wall = _cpu_seconds(url.pid) - cpu, time.perf_counter() - wall
            row = (
                count,
                statistics.median(times),
                _percentile(times, 0.95),
                peak_memory_mb(url.pid),
                cpu,
                wall,
            )
            results.append(row)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--switches", type=int, default=6)
    parser.add_argument("--upload-rows", type=int, default=50_000)
    parser.add_argument("--viewers", default="1,5,10,20")
    parser.add_argument(
        "--only-viewers", action="store_true", help="skip the start, switch and upload timings"
    )
    args = parser.parse_args(argv)
    if args.only_viewers:
        return _print_viewers(args.viewers)
    with tempfile.TemporaryDirectory() as tmp:
        large = Path(tmp) / "large"
        write_large_set(large)
        print("| data | cold start to Overview figures (s) | warm page switch, median (s) |")
        print("|---|---:|---:|")
        for name, data in (("default", DEFAULT_DATA_DIR), ("large", large)):
            cold, warm = cold_and_warm(data, args.switches)
            print(f"| {name} | {cold:.1f} | {warm:.2f} |")
    visible, checking = upload_to_visible(args.upload_rows)
    print(
        f"\nUpload of a {args.upload_rows:,}-row framework tracker: checked and previewed in {checking:.1f} s; "
        f"from confirming to the new figures on the Overview: {visible:.1f} s.\n"
    )
    _print_viewers(args.viewers)


def _print_viewers(viewers: str) -> None:
    print(
        "| concurrent viewers | median time to figures (s) | 95th percentile (s) | server peak memory (MiB) "
        "| server CPU in the round (s) | round wall time (s) |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for count, median, p95, memory, cpu, wall in concurrent_viewers([int(c) for c in viewers.split(",")]):
        print(f"| {count} | {median:.1f} | {p95:.1f} | {memory:.0f} | {cpu:.1f} | {wall:.1f} |")


if __name__ == "__main__":
    main()
