"""A password sign-in lasts across reloads and typed addresses until she signs out (issue 20, item 3)."""

from __future__ import annotations

import time

from playwright.sync_api import BrowserContext, Page, expect

from access.sessions import COOKIE
from tests.browser.conftest import wait_until_idle
from tests.browser.test_flows import open_page, sign_in


def _sign_in_cookie(context: BrowserContext, present: bool = True, timeout: float = 15) -> dict | None:
    """The sign-in cookie once the page's script has set (or cleared) it."""
    deadline = time.monotonic() + timeout
    while True:
        found = [c for c in context.cookies() if c["name"] == COOKIE]
        if bool(found) == present or time.monotonic() > deadline:
            return found[0] if found else None
        time.sleep(0.1)


def test_a_password_sign_in_survives_a_reload_and_ends_with_sign_out(page: Page, app_url: str) -> None:
    context = page.context
    sign_in(page, app_url)
    cookie = _sign_in_cookie(context)
    assert cookie is not None, "the page did not exchange its token for the cookie"
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert 9.9 * 3600 < cookie["expires"] - time.time() <= 10 * 3600  # a working day

    open_page(page, f"{app_url}/update-priorities")  # a typed address: a new session
    expect(page.get_by_text("Signed in as")).to_be_visible()
    expect(page.get_by_text("Browser Editor").first).to_be_visible()
    page.reload()
    page.get_by_role("heading", level=1).first.wait_for()
    wait_until_idle(page)
    expect(page.get_by_text("Signed in as")).to_be_visible()
    expect(page.get_by_role("textbox", name="Password")).to_have_count(0)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert _sign_in_cookie(context, present=False) is None, "signing out left the cookie in the browser"
    page.reload()
    page.get_by_role("heading", level=1).first.wait_for()
    wait_until_idle(page)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(page.get_by_text("Signed in as")).to_have_count(0)

    # The old cookie, kept by someone and put back, was revoked when she signed out.
    context.add_cookies([cookie])
    open_page(page, f"{app_url}/update-priorities")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(page.get_by_text("Signed in as")).to_have_count(0)
