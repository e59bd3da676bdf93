"""The Feed keys page's workflow (pages/manage/feed_keys.py lays it out): list, make and revoke analysts' keys.

The keys themselves, their storage as SHA-256 and the rate limit are store/keys.py; what the feed serves is
services/feed.py and web/feed.py; docs/feed.md is the analysts' guide.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from formatting import timestamp_utc
from store import keys
from store.keys import DEFAULT_VALIDITY_DAYS, LONGEST_VALIDITY_DAYS, MAX_KEY_NAME, REQUESTS_PER_MINUTE
from store.repository import Store, StoreError

__all__ = [  # the page reads the limits from here, not from the store
    "DEFAULT_VALIDITY_DAYS",
    "LONGEST_VALIDITY_DAYS",
    "MAX_KEY_NAME",
    "REQUESTS_PER_MINUTE",
    "KeyRefused",
    "keys_frame",
    "make_key",
    "revocable",
    "revoke_key",
]


class KeyRefused(Exception):
    """The key was not made or revoked, and why, in words for the page."""


STATE_ORDER = ("Active", "Expired", "Revoked")


def keys_frame(store: Store, now: dt.datetime | None = None) -> pd.DataFrame:
    """Every key (never the key itself): name, state, who made it and when, expiry, last use."""
    now = now or dt.datetime.now(dt.UTC)
    used = keys.last_use(store)
    rows = [
        {
            "id": key.id,
            "name": key.name,
            "state": key.state(now),
            "made by": key.created_by,
            "made": timestamp_utc(key.created_at),
            "expires": timestamp_utc(key.expires_at),
            "last used": timestamp_utc(used[key.id]) if key.id in used else "Never",
        }
        for key in keys.keys(store)
    ]
    return pd.DataFrame(rows, columns=["id", "name", "state", "made by", "made", "expires", "last used"])


def make_key(store: Store, name: str, valid_days: int, editor: str) -> str:
    """A new key's secret, to be shown once (KeyRefused with a message for the page)."""
    try:
        return keys.create_key(store, name, valid_days, editor)[1]
    except StoreError as refusal:
        raise KeyRefused(str(refusal)) from refusal


def revocable(store: Store, now: dt.datetime | None = None) -> dict[int, str]:
    """Keys that may still be used, by id, with a label for the page's choice."""
    now = now or dt.datetime.now(dt.UTC)
    return {k.id: f"{k.name} (expires {k.expires_at:%d/%m/%Y})" for k in keys.keys(store) if k.usable(now)}


def revoke_key(store: Store, key_id: int, editor: str) -> None:
    """Revoke the key (KeyRefused with a message for the page)."""
    try:
        keys.revoke(store, key_id, editor)
    except StoreError as refusal:
        raise KeyRefused(str(refusal)) from refusal
