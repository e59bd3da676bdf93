"""The sign-in cookie's routes (web/signin.py) over HTTP, and the sign-in form that hands them its token."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient
from streamlit.testing.v1 import AppTest

from access import sessions
from access.passwords import hash_password
from access.settings import AccessSettings
from store.db import make_engine
from store.repository import Store
from tests.test_upload_flow import open_upload, sign_in
from web import signin

SECRET = "a route test secret, long enough for signing 0123456789"
PASSWORD = "route test editor password"
HASH = hash_password(PASSWORD, n=2**10)
ORIGIN = "http://testserver"
CONFIG = AccessSettings(editor_password_hash=HASH, sign_in_secret=SECRET, sign_in_hours=10)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(make_engine(f"sqlite:///{tmp_path / 'route.sqlite3'}"))
    store.ensure_ready()
    return store


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    app = Starlette(routes=signin.routes("", settings=lambda: CONFIG, store=lambda: store))
    with TestClient(app, base_url=ORIGIN) as client:
        yield client


def _secret() -> bytes:
    return sessions.secret_key(SECRET, Path("unused"))


def _token(name: str = "Ada Editor", purpose: str = "edit") -> tuple[sessions.SignIn, str]:
    """What the sign-in form's handler hands the page once the password was right."""
    sign_in = sessions.start(name, purpose, CONFIG.sign_in_hours)
    return sign_in, sessions.one_time_token(sign_in, _secret(), HASH)


def _post(client: TestClient, path: str, body: dict[str, str], **headers: str):  # noqa: ANN202
    return client.post(path, json=body, headers={"Origin": ORIGIN, **headers})


def test_signing_in_sets_an_http_only_strict_cookie_for_a_working_day(client: TestClient) -> None:
    sign_in, token = _token()
    response = _post(client, "/sign-in", {"token": token, "purpose": "edit"})
    assert response.status_code == 200, response.text
    header = response.headers["set-cookie"]
    assert header.startswith(f"{sessions.COOKIE}=")
    assert "HttpOnly" in header
    assert re.search(r"SameSite=strict", header, re.IGNORECASE)
    max_age = int(re.search(r"Max-Age=(\d+)", header).group(1))
    assert 10 * 3600 - 60 <= max_age <= 10 * 3600
    assert "Path=/" in header and "Secure" not in header  # plain http here
    value = response.cookies[sessions.COOKIE]
    assert sessions.read_cookie(value, _secret(), HASH) == sign_in
    assert "no-store" in response.headers["cache-control"]


def test_a_token_is_exchanged_only_once(client: TestClient) -> None:
    _, token = _token()
    assert _post(client, "/sign-in", {"token": token, "purpose": "edit"}).status_code == 200
    again = _post(client, "/sign-in", {"token": token, "purpose": "edit"})
    assert again.status_code == 401 and "set-cookie" not in again.headers


def test_a_forged_token_or_a_password_is_refused(client: TestClient) -> None:
    _, token = _token()
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    for body in ({"token": forged, "purpose": "edit"}, {"password": PASSWORD, "purpose": "edit"}):
        response = _post(client, "/sign-in", body)
        assert response.status_code in (400, 401) and "set-cookie" not in response.headers


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": ORIGIN, "Sec-Fetch-Site": "cross-site"},
    ],
)
def test_another_site_cannot_sign_a_visitor_in(client: TestClient, headers: dict[str, str]) -> None:
    _, token = _token()
    response = client.post("/sign-in", json={"token": token, "purpose": "edit"}, headers=headers)
    assert response.status_code == 403 and "set-cookie" not in response.headers


def test_a_request_without_origin_or_as_a_form_is_refused(client: TestClient) -> None:
    _, token = _token()
    assert client.post("/sign-in", json={"token": token, "purpose": "edit"}).status_code == 403
    form = client.post("/sign-in", data={"token": token, "purpose": "edit"}, headers={"Origin": ORIGIN})
    assert form.status_code == 400 and "set-cookie" not in form.headers
    assert client.get("/sign-in").status_code == 405


def test_behind_a_proxy_over_https_the_cookie_is_secure(client: TestClient) -> None:
    _, token = _token()
    response = _post(
        client, "/sign-in", {"token": token, "purpose": "edit"}, **{"X-Forwarded-Proto": "https"}
    )
    assert response.status_code == 200 and "Secure" in response.headers["set-cookie"]


def test_signing_out_clears_the_cookie_and_revokes_it(client: TestClient, store: Store) -> None:
    _, token = _token()
    value = _post(client, "/sign-in", {"token": token, "purpose": "edit"}).cookies[sessions.COOKIE]
    assert sessions.valid_sign_in(store, value, _secret(), HASH) is not None
    client.cookies.set(sessions.COOKIE, value)
    response = _post(client, "/sign-out", {})
    assert response.status_code == 204
    header = response.headers["set-cookie"]
    assert header.startswith(f'{sessions.COOKIE}="";') and "Max-Age=0" in header and "HttpOnly" in header
    assert sessions.valid_sign_in(store, value, _secret(), HASH) is None  # revoked, wherever it is presented
    assert client.post("/sign-out", json={}, headers={"Origin": "https://evil.example"}).status_code == 403


def test_routes_live_under_the_base_url_path(store: Store) -> None:
    app = Starlette(routes=signin.routes("/dash/", settings=lambda: CONFIG, store=lambda: store))
    with TestClient(app, base_url=ORIGIN) as client:
        _, token = _token()
        response = _post(client, "/dash/sign-in", {"token": token, "purpose": "edit"})
        assert response.status_code == 200 and "Path=/dash/" in response.headers["set-cookie"]


def test_without_a_password_configured_nothing_is_signed_in(store: Store) -> None:
    app = Starlette(routes=signin.routes("", settings=AccessSettings, store=lambda: store))
    with TestClient(app, base_url=ORIGIN) as client:
        _, token = _token()
        assert _post(client, "/sign-in", {"token": token, "purpose": "edit"}).status_code == 403


# The form: a right password hands the page a token the route accepts; a wrong one counts toward lock-out.


@pytest.fixture
def editing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCPL_EDITOR_PASSWORD_HASH", HASH)
    monkeypatch.setenv("CCPL_SIGN_IN_SECRET", SECRET)


def _sign_in(password: str) -> AppTest:
    at = open_upload()
    return sign_in(at, password, "Ada Editor")


def test_the_form_hands_the_page_a_token_the_route_accepts(editing: None, client: TestClient) -> None:
    at = _sign_in(PASSWORD)
    assert not at.exception
    url, _, body, until = at.session_state["_sign_in_cookie_script"]
    assert url == "/sign-in" and body["purpose"] == "edit"
    assert until <= dt.datetime.now(dt.UTC) + dt.timedelta(seconds=sessions.TOKEN_SECONDS)
    response = _post(client, "/sign-in", body)
    assert response.status_code == 200
    kept = sessions.read_cookie(response.cookies[sessions.COOKIE], _secret(), HASH)
    assert kept is not None and kept.name == "Ada Editor" and kept == at.session_state["_password_sign_in"]


def test_a_wrong_password_hands_out_no_token_and_counts_toward_lock_out(editing: None) -> None:
    at = _sign_in("not the password")
    assert "4 more attempts" in " ".join(e.value for e in at.error)
    assert "_sign_in_cookie_script" not in at.session_state
    assert "_password_sign_in" not in at.session_state


def test_a_sign_in_ends_in_the_open_tab_when_its_day_is_over(editing: None) -> None:
    at = _sign_in(PASSWORD)
    assert at.session_state["_editor_name"] == "Ada Editor"
    kept = at.session_state["_password_sign_in"]
    at.session_state["_password_sign_in"] = dataclasses.replace(
        kept, expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    )
    at.run()
    assert not at.exception
    assert "_editor_name" not in at.session_state
    assert any("Only editors may upload" in m.value for m in at.markdown)
    url, _, body, _ = at.session_state["_sign_in_cookie_script"]
    assert url == "/sign-out" and body == {}  # the page has the route clear the cookie
