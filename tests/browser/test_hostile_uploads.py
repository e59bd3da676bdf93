"""Hostile files uploaded in a real browser: each gets its message, and the server keeps answering others.

While the upload page checks each file (in a worker process, loaders.sandbox), a second client keeps asking
the server for its health page; every answer must come within a second (issue 10).
"""

from __future__ import annotations

import re
import threading
import time
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot, wait_until_idle
from tests.browser.test_flows import XLSX, sign_in
from tests.conftest import FRAMEWORK, xlsx_bytes
from tests.hostile_files import append_rows, bad_crc, far_cell, shared_strings_bomb


def heavy_formulas() -> bytes:
    rows = b"".join(
        b'<row r="%d"><c r="J%d"><f>1+1</f></c ><c r="K%d"><v>1</v></c></row>' % (r, r, r)
        for r in range(10, 150_010)
    )
    return append_rows(xlsx_bytes(FRAMEWORK), "Priorities", rows)


HOSTILE = {
    "far-cell": (lambda: far_cell("Priorities", "XFD1048576"), "reaches cell XFD1048576"),
    "strings-bomb": (shared_strings_bomb, "characters of text"),
    "formulas": (heavy_formulas, "formula with no saved result"),
    "bad-crc": (lambda: bad_crc(xlsx_bytes(FRAMEWORK), "xl/worksheets/sheet4.xml"), "fails its checksum"),
}


class HealthProbe:
    """Asks the server's health endpoint every 100 ms from another thread; records the slowest answer."""

    def __init__(self, url: str) -> None:
        self.url = f"{url}/_stcore/health"
        self.slowest = 0.0
        self.answers = 0
        self.failures = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(self.url, timeout=10) as response:
                    response.read()
            except OSError:
                self.failures += 1  # the server is down or did not answer in 10 s
            self.slowest = max(self.slowest, time.perf_counter() - started)
            self.answers += 1
            self._stop.wait(0.1)

    def __enter__(self) -> HealthProbe:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(15)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_upload_gets_its_message_and_the_server_keeps_answering(
    page: Page, app_url: str, name: str
) -> None:
    build, words = HOSTILE[name]
    data = build()
    sign_in(page, app_url)
    with HealthProbe(app_url) as probe:
        page.locator("input[type=file]").set_input_files(
            [{"name": f"{name}.xlsx", "mimeType": XLSX, "buffer": data}]
        )
        expect(page.get_by_text(re.compile(re.escape(words))).first).to_be_visible(timeout=120_000)
        wait_until_idle(page)
    expect(page.get_by_role("button", name=re.compile("^Store"))).to_have_count(0)
    screenshot(page, f"upload-hostile-{name}")
    assert probe.answers > 0 and probe.failures == 0
    assert probe.slowest < 1.0, f"the server took {probe.slowest:.2f} s to answer while checking {name}"
