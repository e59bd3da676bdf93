"""Signing in through a real OpenID Connect provider (oidc-provider-mock on localhost) with st.login.

An allow-listed editor signs in and uploads, and stays signed in across a reload and a typed address; another
signed-in person can view but not upload; signing out ends it; a tampered identity cookie and an expired ID token are refused.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import _chromium_or_skip, wait_until_idle
from tests.test_upload_flow import updated_framework
from tools.app_server import running_app

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EDITOR = "editor@nhs.test"
OTHER = "someone.else@nhs.test"


@contextmanager
def provider_and_app(token_age: timedelta = timedelta(hours=1)) -> Iterator[str]:
    """A provider on a free local port and the app signed in through it (secrets written once the port is known:
    Streamlit reads them on the first page, not at start-up)."""
    from oidc_provider_mock import run_server_in_thread

    folder = Path(tempfile.mkdtemp(prefix="ccpl-oidc-"))
    secrets = folder / "secrets.toml"
    env = {
        "CCPL_STATE_DIR": str(folder / "state"),
        "CCPL_DATABASE_URL": "",
        "CCPL_EDITORS": EDITOR,
        "STREAMLIT_SECRETS_FILES": str(secrets),
    }
    with run_server_in_thread(access_token_max_age=token_age) as provider, running_app(env) as url:
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "{url}/oauth2callback"\n'
            'cookie_secret = "a long random test cookie secret 0123456789"\n'
            'client_id = "ccpl-dashboard"\n'
            'client_secret = "test client secret"\n'
            f'server_metadata_url = "http://localhost:{provider.server_port}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        yield url
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def oidc_app() -> Iterator[str]:
    _chromium_or_skip()
    with provider_and_app() as url:
        yield url


@pytest.fixture
def context(browser):  # noqa: ANN001, ANN201
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    yield context
    context.close()


def open_upload(page: Page, url: str) -> None:
    page.goto(f"{url}/upload")
    page.get_by_role("heading", level=1).first.wait_for()
    wait_until_idle(page)


def sign_in_as(page: Page, url: str, email: str) -> None:
    open_upload(page, url)
    page.get_by_role("button", name="Sign in").click()
    page.locator("input[name=sub]").fill(email)  # the provider's consent form
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(re.escape(url)))
    open_upload(page, url)


def test_an_allow_listed_editor_signs_in_and_uploads(context, oidc_app: str) -> None:  # noqa: ANN001
    page = context.new_page()
    sign_in_as(page, oidc_app, EDITOR)
    expect(page.get_by_text("Signed in as")).to_be_visible()
    expect(page.get_by_text(re.compile(r"editor\W?@nhs\W?\.test"))).to_be_visible()  # with a word joiner
    expect(page.locator("a[href^='mailto:']")).to_have_count(0)  # an address is text, not a link
    page.locator("input[type=file]").set_input_files(
        [{"name": "framework_2023-03-01.xlsx", "mimeType": XLSX, "buffer": updated_framework()}]
    )
    page.get_by_role("button", name=re.compile(r"^Store 1 file")).click()
    expect(page.get_by_text(re.compile(r"Stored 1 new version"))).to_be_visible(timeout=90_000)

    page.get_by_role("button", name="Sign out").click()  # signing out ends it
    page.wait_for_timeout(1500)
    open_upload(page, oidc_app)
    expect(page.get_by_text("Only editors may upload")).to_be_visible()
    expect(page.locator("input[type=file]")).to_have_count(0)


def test_an_identity_provider_sign_in_survives_a_reload_and_a_typed_address(context, oidc_app: str) -> None:  # noqa: ANN001
    page = context.new_page()
    sign_in_as(page, oidc_app, EDITOR)
    expect(page.get_by_text("Signed in as")).to_be_visible()
    page.reload()
    page.get_by_role("heading", level=1).first.wait_for()
    wait_until_idle(page)
    expect(page.get_by_text("Signed in as")).to_be_visible()
    page.goto(f"{oidc_app}/update-priorities")
    page.get_by_role("heading", level=1).first.wait_for()
    wait_until_idle(page)
    expect(page.get_by_text("Signed in as")).to_be_visible()
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)


def test_another_signed_in_person_can_view_but_not_upload(context, oidc_app: str) -> None:  # noqa: ANN001
    page = context.new_page()
    sign_in_as(page, oidc_app, OTHER)
    expect(page.get_by_text("which is not on the list of editors")).to_be_visible()
    expect(page.locator("input[type=file]")).to_have_count(0)
    page.goto(oidc_app)
    page.get_by_role("heading", level=1).first.wait_for()
    expect(page.get_by_role("heading", name="CCPL progress overview")).to_be_visible()


def test_a_tampered_identity_cookie_is_refused(context, oidc_app: str) -> None:  # noqa: ANN001
    page = context.new_page()
    sign_in_as(page, oidc_app, OTHER)
    cookies = context.cookies()
    identity = [c for c in cookies if c["name"].startswith("_streamlit_user")]
    assert identity, [c["name"] for c in cookies]
    context.clear_cookies()
    forged = []
    for cookie in identity:
        value = cookie["value"]
        middle = len(value) // 2
        forged.append(
            {**cookie, "value": value[:middle] + ("A" if value[middle] != "A" else "B") + value[middle + 1 :]}
        )
    context.add_cookies(forged)
    page = context.new_page()
    open_upload(page, oidc_app)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(page.get_by_text("You are signed in as")).to_have_count(0)


def test_an_expired_id_token_is_refused(browser) -> None:  # noqa: ANN001
    _chromium_or_skip()
    with provider_and_app(token_age=timedelta(minutes=-10)) as url:
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(30_000)
        sign_in_as(page, url, EDITOR)
        expect(page.get_by_text("Signed in as")).to_have_count(0)
        expect(page.locator("input[type=file]")).to_have_count(0)
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        context.close()
