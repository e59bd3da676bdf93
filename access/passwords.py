"""Editor passwords: salted scrypt hashes (standard library), compared in constant time.

A hash looks like `scrypt$32768$8$1$<salt>$<key>` (base64). Generate one with
`python -m access hash-password` and put it in `.streamlit/secrets.toml`; the password itself is never stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

N, R, P = 2**15, 8, 1  # about 32 MiB and ~0.1 s per check: slow for guessing, quick enough for signing in
KEY_BYTES = 32
MAX_MEMORY = 64 * 1024 * 1024
PREFIX = "scrypt"


def hash_password(password: str, *, n: int = N, r: int = R, p: int = P) -> str:
    """A new salted scrypt hash of `password`."""
    if not password:
        raise ValueError("the password is empty")
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=MAX_MEMORY, dklen=KEY_BYTES
    )
    encode = base64.b64encode
    return f"{PREFIX}${n}${r}${p}${encode(salt).decode()}${encode(key).decode()}"


def verify_password(password: str, encoded: str) -> bool:
    """Whether `password` matches the hash; False for a malformed hash rather than an error."""
    try:
        prefix, n, r, p, salt, key = encoded.strip().split("$")
        if prefix != PREFIX:
            return False
        expected = base64.b64decode(key)
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=MAX_MEMORY,
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def is_valid_hash(encoded: str | None) -> bool:
    if not encoded:
        return False
    parts = encoded.strip().split("$")
    return len(parts) == 6 and parts[0] == PREFIX and all(parts[1:4]) and parts[1].isdigit()
