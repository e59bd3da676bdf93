"""Two app replicas behind nginx share one PostgreSQL store: an upload through one is seen through the other.

Needs nginx, PostgreSQL (CCPL_TEST_POSTGRES_URL, started by .ci/run) and Chromium; skipped without them
except under CI=true, where they must run. The editor uploads in a real browser through the proxy, so the
upload also proves session affinity: Streamlit receives the file over HTTP and reads it in the websocket
session, which works only if both requests reach the same replica.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from access.passwords import hash_password
from store.db import make_engine
from tests.conftest import drop_every_table
from tests.test_upload_flow import updated_framework
from tools.app_server import CHROMIUM, AppUrl, cpu_seconds, running_app
from tools.proxy import AFFINITY_COOKIE, NGINX, running_proxy
from tools.session_client import Page, run_async, visit

POSTGRES = os.environ.get("CCPL_TEST_POSTGRES_URL")
PASSWORD = "replica test editor password"
WAIT_MS = 60_000
"""Storing and redrawing can take several seconds on a busy 2-core machine (expect's default is 5 s)."""
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NEW_SNAPSHOT = Page("", "1 March 2023", True)
"""The Overview after the upload: 'As at 1 March 2023' (the default data is as at 8 February 2023)."""


def _needs(available: bool, what: str) -> None:
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the replica test, but {what} is missing (.ci/run provides it)")
    pytest.skip(f"{what} is not available here")


@pytest.fixture
def replicas() -> Iterator[tuple[AppUrl, AppUrl, AppUrl]]:
    """Two replicas on one PostgreSQL database, and nginx in front: (proxy, first, second)."""
    _needs(Path(NGINX).exists() or bool(shutil.which("nginx")), "nginx")
    _needs(bool(POSTGRES), "PostgreSQL (CCPL_TEST_POSTGRES_URL)")
    _needs(Path(CHROMIUM).exists(), CHROMIUM)
    engine = make_engine(POSTGRES)
    drop_every_table(engine)
    env = {
        "CCPL_DATABASE_URL": POSTGRES or "",
        "CCPL_EDITOR_PASSWORD_HASH": hash_password(PASSWORD),
        "CCPL_STATE_DIR": tempfile.mkdtemp(prefix="ccpl-replicas-"),
        "CCPL_DATA_DIR": "",
    }
    try:
        with contextlib.ExitStack() as stack:
            first = stack.enter_context(running_app(env))
            run_async(visit(first, Page("", "CCPL progress overview", True)))  # creates and seeds the store
            second = stack.enter_context(running_app(env))
            proxy = stack.enter_context(running_proxy([first, second]))
            yield proxy, first, second
    finally:
        drop_every_table(engine)
        engine.dispose()
        shutil.rmtree(env["CCPL_STATE_DIR"], ignore_errors=True)


def _shows_new_snapshot(base: str) -> bool:
    with contextlib.suppress(AssertionError):
        run_async(visit(base, NEW_SNAPSHOT))
        return True
    return False


def test_an_upload_through_one_replica_shows_through_the_other(
    replicas: tuple[AppUrl, AppUrl, AppUrl],
    browser,  # noqa: ANN001  (the browser tests' shared Chromium: one Playwright per process)
) -> None:
    from playwright.sync_api import expect

    proxy, first, second = replicas
    assert not _shows_new_snapshot(first) and not _shows_new_snapshot(second)

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{proxy}/upload")
        page.get_by_role("textbox", name="Your name").fill("Replica Editor")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_text("Signed in as")).to_be_visible(timeout=WAIT_MS)
        page.locator("input[type=file]").set_input_files(
            [{"name": "framework_2023-03-01.xlsx", "mimeType": XLSX, "buffer": updated_framework()}]
        )
        expect(page.get_by_text("P07 On track → Complete").first).to_be_visible(timeout=WAIT_MS)
        page.get_by_role("button", name=re.compile(r"^Store 1 file")).click()
        expect(page.get_by_text(re.compile(r"Stored 1 new version"))).to_be_visible(timeout=WAIT_MS)
        assert any(cookie["name"] == AFFINITY_COOKIE for cookie in context.cookies())
        # The password sign-in's cookie (signed with the secret both replicas keep in their shared state
        # folder) is accepted by either replica: a browser moved to the other one stays signed in.
        # Cookies do not depend on the port, so this browser sends it to each replica directly too.
        for replica in (first, second):
            page.goto(f"{replica}/update-priorities")
            expect(page.get_by_text("Signed in as")).to_be_visible(timeout=WAIT_MS)
    finally:
        context.close()

    # Whichever replica the editor's browser was given, each replica (so also the other) now shows it,
    # as does a new visitor through the proxy.
    assert _shows_new_snapshot(first)
    assert _shows_new_snapshot(second)
    assert _shows_new_snapshot(proxy)

    # New visitors without the affinity cookie are spread over both replicas (each run costs its server CPU).
    before = [cpu_seconds([first.pid]), cpu_seconds([second.pid])]
    for _ in range(12):
        assert _shows_new_snapshot(proxy)
    used = [cpu_seconds([first.pid]) - before[0], cpu_seconds([second.pid]) - before[1]]
    assert min(used) >= 0.02, f"one replica served (almost) nobody: CPU seconds {used}"
