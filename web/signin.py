"""The sign-in cookie's routes: POST /sign-in exchanges a one-time token for the cookie, POST /sign-out clears it.

The password itself never comes here: the sign-in form (ui/auth.py) checks it with the lock-out counters
(access/lockout.py) and, when it is right, mints a one-time token (access/sessions.py) that a small script in
the page posts here. The answer sets the cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's
page sends it), Secure when the browser came over https (directly or through a proxy saying so with
X-Forwarded-Proto), with a Max-Age of the sign-in's length. Both routes refuse a request from another origin
(the Origin header must name this server) and anything but a JSON body, so a form on another site cannot
sign a visitor in as someone else, nor out.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from access import sessions
from access.settings import AccessSettings, load_settings
from settings import state_dir
from store.repository import Store
from ui.data import app_secrets, current_cluster, server_store

SIGN_IN_PATH = "/sign-in"
SIGN_OUT_PATH = "/sign-out"
MAX_BODY = 8192
LOGGER = logging.getLogger(__name__)


def _same_origin(request: Request) -> bool:
    """The request comes from a page of this server: its Origin names the host the browser asked for."""
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return False
    if request.headers.get("sec-fetch-site", "same-origin") != "same-origin":
        return False
    host = request.headers.get("x-forwarded-host") or request.headers.get("host") or ""
    return urlsplit(origin).netloc.lower() == host.split(",")[0].strip().lower()


def _secure(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def cookie_path(base_path: str) -> str:
    base = base_path.strip("/")
    return f"/{base}/" if base else "/"


def _refuse(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers={"Cache-Control": "no-store"})


async def _json_body(request: Request) -> dict[str, object] | None:
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        return None
    body = await request.body()
    if len(body) > MAX_BODY:
        return None
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def routes(
    base_path: str = "",
    settings: Callable[[], AccessSettings] | None = None,
    store: Callable[[], Store] = server_store,
) -> list[BaseRoute]:
    """The two routes, under the server's base URL path.

    Args:
        base_path: Streamlit's server.baseUrlPath ("" at the root).
        settings: the access settings (default: the app's secrets and environment, read per request).
        store: where sign-outs are recorded (default: the app's store).
    """
    read_settings = settings or (lambda: load_settings(app_secrets(), cluster=current_cluster()))
    used = sessions.UsedTokens()
    path = cookie_path(base_path)
    prefix = path.rstrip("/")

    def secret(config: AccessSettings) -> bytes:
        return sessions.secret_key(config.sign_in_secret, state_dir())

    async def sign_in(request: Request) -> Response:
        if not _same_origin(request):
            return _refuse(403, "Sign in from the dashboard's own page.")
        data = await _json_body(request)
        token = data.get("token") if data else None
        purpose = data.get("purpose") if data else None
        if not isinstance(token, str) or purpose not in sessions.PURPOSES:
            return _refuse(400, "Expected a JSON body with a sign-in token.")
        config = await run_in_threadpool(read_settings)
        owners = sessions.claimed_organisations(token) or (config.home,)
        credential = config.credential(str(purpose), owners)
        if not credential:
            return _refuse(403, "Password sign-in is not enabled.")
        now = dt.datetime.now(dt.UTC)
        sign_in = sessions.redeem_token(token, secret(config), credential, used, now)
        if sign_in is None or sign_in.purpose != purpose:
            return _refuse(401, "This sign-in has expired or was used already: sign in again.")
        response = JSONResponse({"signed_in": sign_in.name}, headers={"Cache-Control": "no-store"})
        response.set_cookie(
            sessions.COOKIE,
            sessions.cookie_value(sign_in, secret(config), credential),
            max_age=max(1, int((sign_in.expires_at - now).total_seconds())),
            path=path,
            secure=_secure(request),
            httponly=True,
            samesite="strict",
        )
        return response

    async def sign_out(request: Request) -> Response:
        if not _same_origin(request):
            return _refuse(403, "Sign out from the dashboard's own page.")
        if await _json_body(request) is None:
            return _refuse(400, "Expected a JSON body.")
        value = request.cookies.get(sessions.COOKIE)
        if value:
            await run_in_threadpool(_revoke, value)
        response = Response(status_code=204, headers={"Cache-Control": "no-store"})
        response.delete_cookie(
            sessions.COOKIE, path=path, secure=_secure(request), httponly=True, samesite="strict"
        )
        return response

    def _revoke(value: str) -> None:
        """End the presented sign-in server-side too (the page's own sign-out already did, if it ran)."""
        config = read_settings()
        owners = sessions.claimed_organisations(value) or (config.home,)
        for purpose in sessions.PURPOSES:
            credential = config.credential(purpose, owners)
            sign_in = sessions.read_cookie(value, secret(config), credential) if credential else None
            if sign_in is not None and sign_in.purpose == purpose:
                sessions.revoke(store(), sign_in)
                return

    return [
        Route(prefix + SIGN_IN_PATH, sign_in, methods=["POST"]),
        Route(prefix + SIGN_OUT_PATH, sign_out, methods=["POST"]),
    ]
