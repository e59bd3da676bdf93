"""Who may do what, read from the app's secrets (`.streamlit/secrets.toml`) and the environment.

    [ccpl]
    editor_password_hash = "scrypt$..."    # python -m access hash-password
    viewer_password_hash = "scrypt$..."    # optional: only with require_sign_in_to_view
    require_sign_in_to_view = false
    editors = ["first.last@nhs.net"]       # with an OpenID Connect provider ([auth] section, st.login)
    auth_provider = "microsoft"            # the [auth.<name>] section to sign in with, if there are several
    sign_in_secret = "..."                 # signs the password sign-in cookie (default: made in the state folder)
    sign_in_hours = 10                     # how long a password sign-in lasts across reloads

Environment variables override the file: CCPL_EDITOR_PASSWORD_HASH, CCPL_VIEWER_PASSWORD_HASH,
CCPL_REQUIRE_SIGN_IN_TO_VIEW (true/false), CCPL_EDITORS (comma-separated e-mail addresses),
CCPL_SIGN_IN_SECRET, CCPL_SIGN_IN_HOURS.
There is no default password: without a hash or an identity provider, nobody can edit.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from access.passwords import is_valid_hash
from access.sessions import SIGN_IN_HOURS


@dataclass(frozen=True)
class AccessSettings:
    editor_password_hash: str | None = None
    viewer_password_hash: str | None = None
    require_sign_in_to_view: bool = False
    editors: frozenset[str] = frozenset()
    oidc_configured: bool = False
    auth_provider: str | None = None
    sign_in_secret: str | None = None
    sign_in_hours: float = SIGN_IN_HOURS

    @property
    def password_editing(self) -> bool:
        return is_valid_hash(self.editor_password_hash)

    @property
    def editing_enabled(self) -> bool:
        """Someone can sign in to edit: an identity provider with an allow-list, or an editor password."""
        return (self.oidc_configured and bool(self.editors)) or self.password_editing

    def is_editor_email(self, email: str | None) -> bool:
        return bool(email) and email.strip().lower() in self.editors

    def password_hash(self, purpose: str) -> str | None:
        """The hash a password for `purpose` is checked against (viewers may use the editor password)."""
        if purpose == "edit":
            return self.editor_password_hash
        return self.viewer_password_hash or self.editor_password_hash


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def _hours(value: Any) -> float:
    """A positive number of hours; anything else falls back to the default (a working day)."""
    try:
        hours = float(value)
    except (TypeError, ValueError):
        return SIGN_IN_HOURS
    return hours if 0 < hours <= 24 * 31 else SIGN_IN_HOURS


def load_settings(secrets: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> AccessSettings:
    """Settings from the secrets mapping, with environment variables taking precedence."""
    environ = os.environ if environ is None else environ
    section = dict(secrets.get("ccpl", {}) or {})
    editors = section.get("editors", [])
    if environ.get("CCPL_EDITORS"):
        editors = environ["CCPL_EDITORS"].split(",")
    auth = secrets.get("auth", {}) or {}
    return AccessSettings(
        editor_password_hash=environ.get("CCPL_EDITOR_PASSWORD_HASH") or section.get("editor_password_hash"),
        viewer_password_hash=environ.get("CCPL_VIEWER_PASSWORD_HASH") or section.get("viewer_password_hash"),
        require_sign_in_to_view=_flag(
            environ.get("CCPL_REQUIRE_SIGN_IN_TO_VIEW", section.get("require_sign_in_to_view", False))
        ),
        editors=frozenset(e.strip().lower() for e in editors if e and e.strip()),
        oidc_configured=bool(auth.get("redirect_uri") and auth.get("cookie_secret")),
        auth_provider=section.get("auth_provider"),
        sign_in_secret=environ.get("CCPL_SIGN_IN_SECRET") or section.get("sign_in_secret") or None,
        sign_in_hours=_hours(
            environ.get("CCPL_SIGN_IN_HOURS") or section.get("sign_in_hours", SIGN_IN_HOURS)
        ),
    )
