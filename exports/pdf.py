"""Printing the board pack to PDF with the local headless Chromium (no network, no downloaded browser)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-pdf-header-footer",
    "--run-all-compositor-stages-before-draw",
    "--virtual-time-budget=20000",  # let plotly.js draw the charts before printing
]


def chromium_path() -> str | None:
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)


def html_to_pdf(document: str, timeout: float = 120) -> bytes | None:
    """The document printed to A4 PDF, or None where no Chromium is installed."""
    chromium = chromium_path()
    if chromium is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "board-pack.html"
        target = Path(folder) / "board-pack.pdf"
        source.write_text(document, encoding="utf-8")
        subprocess.run(
            [
                chromium,
                *FLAGS,
                f"--user-data-dir={folder}/profile",
                f"--print-to-pdf={target}",
                source.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=timeout,
        )
        return target.read_bytes()
