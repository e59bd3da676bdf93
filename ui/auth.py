"""Signing in: an identity provider (st.login, e.g. Microsoft Entra ID) with an editor allow-list, or an editor
password. Settings: access/settings.py. Every sign-in, failure and lock-out is written to the audit log.

A password sign-in lasts across reloads for a working day: once the form has checked the password, a small
script in the page exchanges a one-time token at the server's sign-in route (web/signin.py) for a signed,
HttpOnly cookie, which `keep_sign_in` reads back (st.context.cookies) when a new session starts. Signing out
revokes it in the store and has the route clear it (access/sessions.py).

Organisations (issue 23): a password sign-in is for every organisation whose password it matched (the cookie
records which), an identity-provider sign-in for every organisation whose allow-list holds the e-mail address
(access/settings.py). Every page that saves writes through `editing_store()`: the current organisation's store,
refusing every write, with words naming both organisations, when the editor is not one of its editors
(access/organisations.py); `editor_gate` says so before any work is done.
"""

from __future__ import annotations

import datetime as dt
import math
import secrets
from collections.abc import Callable

import streamlit as st
from streamlit import config as streamlit_config

from access import sessions
from access.lockout import FAILED, MAX_FAILURES, attempt_succeeded, begin_attempt
from access.organisations import owner_name, writable_store
from access.passwords import verify_password
from access.settings import AccessSettings, load_settings
from settings import state_dir
from store.repository import Store
from ui.components import md
from ui.data import app_secrets, app_store, current_cluster, organisation_store

EDITOR_KEY = "_editor_name"
VIEWER_KEY = "_viewer_signed_in"
SIGNED_IN_FOR_KEY = "_signed_in_for"
"""Session state: the organisations (ids; the cluster's id for a cluster editor) the password sign-in is for."""
SIGN_IN_KEY = "_password_sign_in"
"""Session state: the password sign-in (access.sessions.SignIn) behind EDITOR_KEY or VIEWER_KEY, if any."""
COOKIE_SCRIPT_KEY = "_sign_in_cookie_script"
"""Session state: what the page's cookie script is to post, (route, id, body, until), while it is due."""
COOKIE_CHECKED_KEY = "_sign_in_cookie_checked"
"""Session state: the cookie this session has already read (st.context.cookies holds the one it opened with)."""
MAX_EDITOR_NAME = 100
"""A name longer than this is refused at sign-in (the store would trim it; a clear message is better)."""

HOW_TO_ENABLE = """**Editing is not enabled on this dashboard.** Everything else works; to let editors upload:

- **With an editor password:** run `python -m access hash-password`, type the password twice, and put the
  printed hash in `.streamlit/secrets.toml` under `[ccpl]` as `editor_password_hash = "scrypt$..."`.
- **With your organisation's sign-in (OpenID Connect, e.g. Microsoft Entra ID):** configure the `[auth]`
  section of `.streamlit/secrets.toml` as Streamlit's `st.login` documentation describes, and list the
  editors' e-mail addresses under `[ccpl]` as `editors = ["first.last@nhs.net"]`.

There is no default password. A saved change to `.streamlit/secrets.toml` takes effect at the next page view,
without restarting the app (environment variables such as `CCPL_EDITOR_PASSWORD_HASH` need a restart)."""


def settings() -> AccessSettings:
    return load_settings(app_secrets(), cluster=current_cluster())


_COOKIE_SCRIPT = """
const posted = (globalThis.__ccplSignInPosted ??= new Set());
export default function ({ data }) {
  if (!data || !data.url || !data.id || posted.has(data.id)) return;
  posted.add(data.id);
  fetch(data.url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(data.body),
  }).catch(() => posted.delete(data.id));
}
"""
_cookie_script = st.components.v2.component("ccpl_sign_in_cookie", js=_COOKIE_SCRIPT)
"""Posts a one-time token (or a sign-out) to the server's route, which sets (or clears) the HttpOnly cookie."""


def _route(path: str) -> str:
    base = (streamlit_config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}{path}" if base else path


def _secret(config: AccessSettings) -> bytes:
    return sessions.secret_key(config.sign_in_secret, state_dir())


def _browser_cookie() -> str | None:
    try:
        value = st.context.cookies.get(sessions.COOKIE)
    except Exception:  # outside a browser session (tests)
        return None
    return value if isinstance(value, str) and value else None


def _post_from_page(path: str, body: dict[str, str], now: dt.datetime) -> None:
    until = now + dt.timedelta(seconds=sessions.TOKEN_SECONDS)
    st.session_state[COOKIE_SCRIPT_KEY] = (_route(path), secrets.token_urlsafe(12), body, until)


def _remember(config: AccessSettings, name: str, purpose: str, owners: tuple[str, ...]) -> None:
    """Keep a password sign-in across reloads: hand the page a one-time token to exchange for the cookie."""
    credential = config.credential(purpose, owners)
    if not credential:
        return
    now = dt.datetime.now(dt.UTC)
    sign_in = sessions.start(name, purpose, config.sign_in_hours, now, owners)
    st.session_state[SIGN_IN_KEY] = sign_in
    token = sessions.one_time_token(sign_in, _secret(config), credential, now)
    _post_from_page("/sign-in", {"token": token, "purpose": purpose}, now)


def _forget(store: Store | None, ended: str) -> None:
    """End this session's password sign-in: revoke it in the store and have the page clear the cookie."""
    sign_in = st.session_state.pop(SIGN_IN_KEY, None)
    st.session_state.pop(EDITOR_KEY, None)
    st.session_state.pop(VIEWER_KEY, None)
    st.session_state.pop(SIGNED_IN_FOR_KEY, None)
    st.session_state[COOKIE_CHECKED_KEY] = _browser_cookie()  # the cookie this session opened with is done
    if isinstance(sign_in, sessions.SignIn) and store is not None:
        sessions.revoke(store, sign_in)
        store.audit(
            sign_in.name or "unknown", ended, "ok", {"purpose": sign_in.purpose, "method": "password"}
        )
    _post_from_page("/sign-out", {}, dt.datetime.now(dt.UTC))


def _from_cookie(
    store: Store, config: AccessSettings, value: str, now: dt.datetime
) -> sessions.SignIn | None:
    secret = _secret(config)
    owners = sessions.claimed_organisations(value) or (config.home,)
    for purpose in sessions.PURPOSES:
        credential = config.credential(purpose, owners)
        if purpose == "edit" and not config.password_editing:
            continue
        sign_in = sessions.read_cookie(value, secret, credential, now) if credential else None
        if sign_in is not None and sign_in.purpose == purpose:
            return None if sessions.is_revoked(store, sign_in) else sign_in
    return None


def keep_sign_in(store: Callable[[], Store], config: AccessSettings) -> None:
    """Every run, before anything asks who is signed in: take a password sign-in from the browser's cookie when
    the session has none, end one that has expired, and run the page's cookie script while it is due.

    Args:
        store: opens the store; called only when there is a cookie to check or a sign-in to end.
        config: the access settings.
    """
    now = dt.datetime.now(dt.UTC)
    kept = st.session_state.get(SIGN_IN_KEY)
    if isinstance(kept, sessions.SignIn) and kept.expired(now):
        _forget(store(), "sign_in_expired")
    cookie = _browser_cookie()
    signed_in = st.session_state.get(EDITOR_KEY) or st.session_state.get(VIEWER_KEY)
    if cookie and not signed_in and cookie != st.session_state.get(COOKIE_CHECKED_KEY):
        st.session_state[COOKIE_CHECKED_KEY] = cookie
        sign_in = _from_cookie(store(), config, cookie, now)
        if sign_in is None:  # altered, expired, revoked, or from another secret or password: drop it
            _post_from_page("/sign-out", {}, now)
        else:
            st.session_state[SIGN_IN_KEY] = sign_in
            st.session_state[EDITOR_KEY if sign_in.purpose == "edit" else VIEWER_KEY] = sign_in.name or True
            st.session_state[SIGNED_IN_FOR_KEY] = sign_in.organisations or (config.home,)
    due = st.session_state.get(COOKIE_SCRIPT_KEY)
    if due is not None and due[3] <= now:
        st.session_state.pop(COOKIE_SCRIPT_KEY, None)
    elif due is not None:
        url, identifier, body, _ = due
        with st.sidebar:
            _cookie_script(key="sign_in_cookie_script", data={"url": url, "id": identifier, "body": body})


def _oidc_email() -> str | None:
    try:
        return st.user.get("email") if st.user.is_logged_in else None
    except Exception:  # no identity provider configured
        return None


def signed_in_editor(config: AccessSettings | None = None) -> str | None:
    """Who is signed in as an editor (an e-mail address or the name given), or None."""
    config = config or settings()
    if config.oidc_configured:
        email = _oidc_email()
        if config.is_editor_email(email):
            return email
    return st.session_state.get(EDITOR_KEY) if config.password_editing else None


def _password_owners(config: AccessSettings) -> tuple[str, ...]:
    """The organisations this session's password sign-in is for (one organisation's sign-in made before
    organisations, or without them recorded, is the home organisation's)."""
    return tuple(st.session_state.get(SIGNED_IN_FOR_KEY) or (config.home,))


def signed_in_for(config: AccessSettings | None = None, purpose: str = "edit") -> frozenset[str]:
    """The organisations (and the cluster's id, for a cluster editor) whose data the person signed in may
    change (purpose "edit") or, with board_reads_all off, read (purpose "view")."""
    config = config or settings()
    owners: set[str] = set()
    if config.oidc_configured:
        owners |= config.email_owners(_oidc_email(), purpose)
    if config.password_editing and st.session_state.get(EDITOR_KEY):
        owners |= set(_password_owners(config))
    if purpose == "view" and st.session_state.get(VIEWER_KEY):
        owners |= set(_password_owners(config))
    return frozenset(owners)


def may_view(config: AccessSettings | None = None) -> bool:
    """Viewing is open unless the settings require sign-in (or board_reads_all is off, when each person reads
    only the organisations they are signed in for); then any signed-in person may view."""
    config = config or settings()
    if config.board_reads_all and not config.require_sign_in_to_view:
        return True
    if not config.board_reads_all:
        return bool(signed_in_for(config, "view"))
    return bool(
        signed_in_editor(config)
        or st.session_state.get(VIEWER_KEY)
        or (config.oidc_configured and _oidc_email())
    )


def may_view_organisation(organisation: str, config: AccessSettings | None = None) -> bool:
    """Whether the person may read this organisation's pages (always, unless board_reads_all is off)."""
    config = config or settings()
    return config.readable(signed_in_for(config, "view"), organisation)


def not_readable_notice(organisation: str) -> str:
    """What a person signed in for other organisations reads on one that is not theirs (board_reads_all off)."""
    cluster = current_cluster()
    return (
        f"You read {md(owner_name(cluster, organisation))}'s pages only when signed in for it. Choose your "
        "organisation in the sidebar's Organisation list, or ask the dashboard's administrator."
    )


def editing_store(store: Store | None = None, config: AccessSettings | None = None) -> Store:
    """The store a page saves through (default: the current organisation's): itself for its own editors, and
    for anyone else the same data refusing every write, saying whose it is and what to do
    (access.organisations.writable_store: the one rule)."""
    config = config or settings()
    return writable_store(
        store or app_store(), signed_in_for(config), current_cluster(), signed_in_editor(config)
    )


def cluster_texts_store(config: AccessSettings | None = None) -> Store:
    """The cluster's own written texts (stored under the cluster's id), as the person signed in may write
    them: only a cluster editor can."""
    return editing_store(organisation_store(current_cluster().id), config)


def _client() -> str:
    """Who is guessing, as far as the server can tell: the client's address (its session if unknown)."""
    try:
        address = st.context.ip_address
    except Exception:  # outside a browser session (tests)
        address = None
    return address if isinstance(address, str) and address else "unknown"


def _check_password(
    store: Store, config: AccessSettings, name: str, password: str, purpose: str
) -> tuple[str | None, tuple[str, ...]]:
    """Verify against every organisation's password, count failures and throttle (access/lockout.py); returns an
    error message, or None and the organisations the password is for. A sign-in is written to each of their
    audit logs; a failure or lock-out to the log of the organisation being looked at."""
    attempt = begin_attempt(store, purpose, _client())
    if not attempt.allowed and attempt.retry_at is not None:
        store.audit(name or "unknown", "sign_in_blocked", "refused", {"purpose": purpose})
        if attempt.client_locked:
            return (
                f"Signing in is locked after {MAX_FAILURES} failed attempts. Try again after "
                f"{attempt.retry_at.astimezone(dt.UTC):%H:%M} UTC, or ask the dashboard's administrator."
            ), ()
        wait = max(1, math.ceil((attempt.retry_at - dt.datetime.now(dt.UTC)).total_seconds()))
        return (
            f"Too many wrong passwords have been tried recently. Wait {wait} second{'s' if wait > 1 else ''}, "
            "then try again; "
            "the wait grows with every wrong password."
        ), ()
    owners = config.password_owners(purpose, lambda encoded: verify_password(password, encoded))
    if owners:
        attempt_succeeded(store, purpose, _client())
        for owner in owners:  # in each organisation's own log
            written = store if owner == store.organisation else store.for_organisation(owner)
            written.audit(name, "sign_in", "ok", {"purpose": purpose, "method": "password"})
        return None, owners
    store.audit(name or "unknown", FAILED, "refused", {"purpose": purpose})
    left = attempt.failures_left
    return (
        f"That password is not right. {max(left, 0)} more attempts before signing in is locked for 15 minutes."
    ), ()


def sign_in_panel(store: Store, config: AccessSettings, purpose: str = "edit") -> None:
    """The sign-in form for editors (or viewers when viewing requires sign-in)."""
    if config.oidc_configured:
        st.markdown("Sign in with your organisation account.")
        if st.button("Sign in", key=f"oidc_sign_in_{purpose}", icon=":material/login:"):
            st.login(config.auth_provider) if config.auth_provider else st.login()
        email = _oidc_email()
        if email and purpose == "edit" and not config.is_editor_email(email):
            st.warning(
                f"You are signed in as {md(email)}, which is not on the list of editors. Ask an editor to add you."
            )
        if not config.password_editing:
            return
    with st.form(f"sign_in_{purpose}"):
        name = st.text_input(
            "Your name",
            help="Recorded with every upload and restore you make.",
            key=f"sign_in_name_{purpose}",
        )
        password = st.text_input("Password", type="password", key=f"sign_in_password_{purpose}")
        submitted = st.form_submit_button("Sign in", icon=":material/login:")
    if submitted:
        if purpose == "edit" and not name.strip():
            st.error("Type your name: it is recorded with what you upload.")
            return
        if len(name.strip()) > MAX_EDITOR_NAME:
            st.error(f"Your name is too long: use at most {MAX_EDITOR_NAME} characters (initials will do).")
            return
        error, owners = _check_password(store, config, name.strip(), password, purpose)
        if error:
            st.error(error)
            return
        st.session_state[EDITOR_KEY if purpose == "edit" else VIEWER_KEY] = name.strip() or True
        st.session_state[SIGNED_IN_FOR_KEY] = owners
        _remember(config, name.strip(), purpose, owners)
        st.rerun()


def sign_out_button(store: Store | None = None) -> None:
    if st.button("Sign out", icon=":material/logout:", key="sign_out"):
        _forget(store, "sign_out")
        if _oidc_email():
            st.logout()  # redirects the browser to clear the identity cookie: a rerun here would cancel that
            return
        st.rerun()


def refused_notice(store: Store) -> None:
    """Say, before any work is done, that this store refuses the signed-in editor's writes and why (another
    organisation's data: access.organisations), when it does."""
    if store.writes_refused is not None:
        st.warning(md(store.writes_refused), icon=":material/edit_off:")


def read_only_notice(reason: str) -> str:
    return (
        f"Nothing can be saved just now: the database cannot be written ({reason}). The pages show everything "
        "stored before; the dashboard's administrator has been told in the server's log."
    )


def editor_gate(store: Store, may: str, recorded: str) -> str:
    """The signed-in editor's name for a page that changes data; otherwise say why not and stop the page.

    Args:
        store: where sign-in attempts are counted.
        may: what only editors may do, e.g. "upload" ("Only editors may upload.").
        recorded: what the page records about the editor, shown after their name.
    """
    config = settings()
    if not config.editing_enabled:
        st.info(HOW_TO_ENABLE, icon=":material/lock:")
        st.stop()
    editor = signed_in_editor(config)
    if editor is None:
        st.markdown(f"Only editors may {may}. Sign in to continue.")
        sign_in_panel(store, config)
        st.stop()
    left, right = st.columns([4, 1])
    cluster = current_cluster()
    editor_of = (
        ""
        if cluster.single
        else " Editor of "
        + md(" and ".join(owner_name(cluster, o) for o in config.owners if o in signed_in_for(config)))
        + "."
    )
    left.markdown(f"Signed in as **{md(editor)}**.{editor_of} {recorded}")
    with right:
        sign_out_button(store)
    if store.read_only is not None:  # said before she does any work, not only when she saves
        st.warning(read_only_notice(store.read_only), icon=":material/edit_off:")
    refused_notice(store)  # another organisation's: said before she does any work too
    return editor
