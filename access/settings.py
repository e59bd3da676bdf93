"""Who may do what, read from the app's secrets (`.streamlit/secrets.toml`) and the environment.

    [ccpl]
    editor_password_hash = "scrypt$..."    # python -m access hash-password
    viewer_password_hash = "scrypt$..."    # optional: only with require_sign_in_to_view
    require_sign_in_to_view = false
    editors = ["first.last@nhs.net"]       # with an OpenID Connect provider ([auth] section, st.login)
    auth_provider = "microsoft"            # the [auth.<name>] section to sign in with, if there are several

Environment variables override the file: CCPL_EDITOR_PASSWORD_HASH, CCPL_VIEWER_PASSWORD_HASH,
CCPL_REQUIRE_SIGN_IN_TO_VIEW (true/false), CCPL_EDITORS (comma-separated e-mail addresses).
There is no default password: without a hash or an identity provider, nobody can edit.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from access.passwords import is_valid_hash


@dataclass(frozen=True)
class AccessSettings:
    editor_password_hash: str | None = None
    viewer_password_hash: str | None = None
    require_sign_in_to_view: bool = False
    editors: frozenset[str] = frozenset()
    oidc_configured: bool = False
    auth_provider: str | None = None

    @property
    def password_editing(self) -> bool:
        return is_valid_hash(self.editor_password_hash)

    @property
    def editing_enabled(self) -> bool:
        """Someone can sign in to edit: an identity provider with an allow-list, or an editor password."""
        return (self.oidc_configured and bool(self.editors)) or self.password_editing

    def is_editor_email(self, email: str | None) -> bool:
        return bool(email) and email.strip().lower() in self.editors


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


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
    )
