"""A password sign-in kept across reloads: a signed cookie the browser holds, expiring and revocable.

The cookie's value is `<payload>.<signature>`: the payload (base64url JSON) says who signed in, for what
(editing or viewing) and for which organisations (the ones whose password it matched: access/settings.py), a
random session id, and when it was issued and expires; the signature is an HMAC-SHA256 of it under the server's
secret and the password hashes it was checked against (AccessSettings.credential: for one organisation, its
hash). So a cookie is refused when

- it was altered, or signed under another secret (a replica with a different secret, a rotated secret);
- the password it was checked against has changed (a new hash ends every sign-in made with the old one);
- it has expired (SIGN_IN_HOURS, a working day, unless the settings say otherwise);
- its session was revoked: signing out records the session id in the store's sign-in counters
  (`signed-out:<id>`, no schema change), and a revoked id is refused by every replica sharing the store.

The browser gets the cookie from the server's sign-in route (web/signin.py) in exchange for a one-time token
(`one_time_token`, signed the same way with its own purpose, valid TOKEN_SECONDS) that the sign-in form's
handler mints after checking the password. The secret comes from the settings or, when none is configured, a
file generated once in the state folder (`secret_key`), so replicas sharing that folder agree.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import json
import os
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from store.repository import Counter, Store

COOKIE = "ccpl_sign_in"
SIGN_IN_HOURS = 10.0
"""How long a sign-in lasts by default: a working day."""
TOKEN_SECONDS = 60
"""How long the one-time token handed from the sign-in form to the route is valid."""
SECRET_FILE = "sign-in-secret"
"""The generated secret's file in the state folder (when no secret is configured)."""
PURPOSES = ("edit", "view")
_REVOKED = "signed-out:"
_SKEW = dt.timedelta(minutes=5)
"""Clocks of replicas may differ a little: a cookie issued up to this far 'in the future' is still accepted."""


@dataclass(frozen=True)
class SignIn:
    """Who signed in with a password, for what, and for how long."""

    name: str
    purpose: str
    session_id: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    organisations: tuple[str, ...] = ()
    """The organisations (and, for a cluster editor, the cluster) the password was right for."""

    def expired(self, now: dt.datetime) -> bool:
        return now >= self.expires_at

    @property
    def max_age(self) -> int:
        """The cookie's Max-Age: the seconds left from issue to expiry."""
        return max(0, int((self.expires_at - self.issued_at).total_seconds()))


def start(
    name: str,
    purpose: str,
    hours: float = SIGN_IN_HOURS,
    now: dt.datetime | None = None,
    organisations: tuple[str, ...] = (),
) -> SignIn:
    """A new sign-in (a new random session id) lasting `hours` from now, for `organisations`."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    now = now or dt.datetime.now(dt.UTC)
    return SignIn(
        name, purpose, secrets.token_urlsafe(18), now, now + dt.timedelta(hours=hours), tuple(organisations)
    )


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(secret: bytes, kind: str, credential: str, payload: str) -> str:
    """HMAC over what is signed, for which use (cookie or token) and under which password hash."""
    bound = hashlib.sha256(credential.encode("utf-8")).hexdigest()
    message = f"{kind}\n{bound}\n{payload}".encode("ascii")
    return _b64(hmac.new(secret, message, hashlib.sha256).digest())


def _encode(sign_in: SignIn, secret: bytes, kind: str, credential: str, until: dt.datetime) -> str:
    payload = _b64(
        json.dumps(
            {
                "n": sign_in.name,
                "p": sign_in.purpose,
                "s": sign_in.session_id,
                "i": sign_in.issued_at.timestamp(),
                "e": sign_in.expires_at.timestamp(),
                "u": until.timestamp(),
                **({"o": list(sign_in.organisations)} if sign_in.organisations else {}),
            },
            separators=(",", ":"),
        ).encode("utf-8")
    )
    return f"{payload}.{_signature(secret, kind, credential, payload)}"


def _decode(value: str | None, secret: bytes, kind: str, credential: str, now: dt.datetime) -> SignIn | None:
    if not value or len(value) > 4096 or value.count(".") != 1:
        return None
    payload, signature = value.split(".")
    if not hmac.compare_digest(signature, _signature(secret, kind, credential, payload)):
        return None
    try:
        data = json.loads(_unb64(payload))
        sign_in = SignIn(
            str(data["n"]),
            str(data["p"]),
            str(data["s"]),
            dt.datetime.fromtimestamp(float(data["i"]), dt.UTC),
            dt.datetime.fromtimestamp(float(data["e"]), dt.UTC),
            tuple(str(o) for o in data.get("o", ())),
        )
        until = dt.datetime.fromtimestamp(float(data["u"]), dt.UTC)
    except (ValueError, KeyError, TypeError):
        return None
    if (
        sign_in.purpose not in PURPOSES
        or now >= until
        or sign_in.expired(now)
        or now < sign_in.issued_at - _SKEW
    ):
        return None
    return sign_in


def claimed_organisations(value: str | None) -> tuple[str, ...]:
    """The organisations a cookie or token says it is for, read before its signature is checked (the signature
    binds the hashes of exactly these: AccessSettings.credential), or () when it names none or is unreadable."""
    if not value or len(value) > 4096 or value.count(".") != 1:
        return ()
    try:
        data = json.loads(_unb64(value.split(".")[0]))
        claimed = data.get("o", ()) if isinstance(data, dict) else ()
        return tuple(str(o) for o in claimed) if isinstance(claimed, list) else ()
    except (ValueError, TypeError):
        return ()


def cookie_value(sign_in: SignIn, secret: bytes, credential: str) -> str:
    """The cookie's value for this sign-in, checked against `credential` (the password hash)."""
    return _encode(sign_in, secret, "cookie", credential, sign_in.expires_at)


def read_cookie(
    value: str | None, secret: bytes, credential: str, now: dt.datetime | None = None
) -> SignIn | None:
    """The sign-in a cookie holds, or None if it is missing, altered, signed otherwise, or expired.

    Revocation is checked separately (`is_revoked`): it needs the store.
    """
    return _decode(value, secret, "cookie", credential, now or dt.datetime.now(dt.UTC))


def one_time_token(sign_in: SignIn, secret: bytes, credential: str, now: dt.datetime | None = None) -> str:
    """A token the browser exchanges once, within TOKEN_SECONDS, at the sign-in route for the cookie."""
    now = now or dt.datetime.now(dt.UTC)
    return _encode(sign_in, secret, "token", credential, now + dt.timedelta(seconds=TOKEN_SECONDS))


class UsedTokens:
    """Tokens already exchanged in this process, remembered until they would have expired anyway."""

    def __init__(self) -> None:
        self._used: dict[str, dt.datetime] = {}
        self._lock = threading.Lock()

    def first_use(self, token: str, now: dt.datetime) -> bool:
        """Whether this is the token's first use (and mark it used)."""
        with self._lock:
            for old in [
                t for t, at in self._used.items() if at <= now - dt.timedelta(seconds=2 * TOKEN_SECONDS)
            ]:
                del self._used[old]
            if token in self._used:
                return False
            self._used[token] = now
            return True


def redeem_token(
    token: str | None, secret: bytes, credential: str, used: UsedTokens, now: dt.datetime | None = None
) -> SignIn | None:
    """The sign-in a one-time token stands for, or None if it is not valid or was used before."""
    now = now or dt.datetime.now(dt.UTC)
    sign_in = _decode(token, secret, "token", credential, now)
    if sign_in is None or token is None or not used.first_use(token, now):
        return None
    return sign_in


def _revoked_key(sign_in: SignIn) -> str:
    return f"{_REVOKED}{sign_in.session_id}"[:300]


def revoke(store: Store, sign_in: SignIn) -> None:
    """End this sign-in wherever its cookie is presented (every replica sharing the store)."""
    key = _revoked_key(sign_in)
    # The row says 'revoked' (1) and when the cookie would have expired anyway (so old rows can be pruned).
    store.update_counters([key], lambda counters: {key: Counter(1, sign_in.expires_at)})


def is_revoked(store: Store, sign_in: SignIn) -> bool:
    key = _revoked_key(sign_in)
    counter = store.read_counters([key]).get(key)
    return counter is not None and counter.failures > 0


def valid_sign_in(
    store: Store, value: str | None, secret: bytes, credential: str, now: dt.datetime | None = None
) -> SignIn | None:
    """The cookie's sign-in if it is genuine, unexpired and not revoked; else None."""
    sign_in = read_cookie(value, secret, credential, now)
    if sign_in is None or is_revoked(store, sign_in):
        return None
    return sign_in


@functools.cache
def secret_key(configured: str | None, state_dir: Path) -> bytes:
    """The secret cookies are signed with: the configured one, else the state folder's (created once).

    Replicas configured with the same secret, or sharing the state folder, accept each other's cookies.
    """
    if configured and configured.strip():
        return configured.strip().encode("utf-8")
    path = state_dir / SECRET_FILE
    if not path.exists():
        state_dir.mkdir(parents=True, exist_ok=True)
        # Written whole to a private temporary file, then linked into place: a replica starting at the same
        # moment either wins the link or reads the winner's complete file, never a half-written one.
        temporary = state_dir / f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(secrets.token_urlsafe(48) + "\n")
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink(missing_ok=True)
    secret = path.read_text(encoding="ascii").strip()
    if len(secret) < 32:
        raise ValueError(f"{path} holds too short a secret: delete it to have a new one made")
    return secret.encode("ascii")
