"""A corrupt or unreadable database: every visitor gets a plain message, the details go to the log only."""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from store.db import SQLITE_FILE, STATE_DIR_VARIABLE

ROOT = Path(__file__).resolve().parent.parent
ENTRY = str(ROOT / "dashboard.py")


@pytest.mark.parametrize("page", ["pages/board/overview.py", "pages/manage/stored_versions.py"])
def test_a_corrupt_database_shows_a_plain_message_and_logs_the_details(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / SQLITE_FILE).write_bytes(b"this is not a database file at all " * 200)
    monkeypatch.setenv(STATE_DIR_VARIABLE, str(tmp_path))
    caplog.set_level(logging.ERROR)
    at = AppTest.from_file(ENTRY, default_timeout=120)
    if page != "pages/board/overview.py":
        at.run()
        at.switch_page(page)
    at.run()
    assert not at.exception, at.exception[0].message if at.exception else ""
    shown = " ".join(e.value for e in at.error)
    assert "The dashboard cannot read its data just now" in shown
    for leak in (str(tmp_path), "sqlalchemy", "sqlite", "Traceback", "DatabaseError"):
        assert leak.lower() not in shown.lower()
    assert any("file is not a database" in r.getMessage() + str(r.exc_info) for r in caplog.records)


def test_uncaught_errors_never_show_details_to_visitors() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] in ("none", "type")
