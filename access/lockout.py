"""Throttling password guesses, counted in the store so it holds across sessions and app instances.

Two counters are charged for every password checked, before it is checked, in one transaction (so 30 guesses
sent at once are not all checked):

- per client of an account (the editor password from one address): after MAX_FAILURES failures within
  WINDOW, that client may not try again until WINDOW after its last attempt;
- per account (the editor password, or the viewer password, from anywhere): after MAX_FAILURES failures,
  each further attempt must wait a delay that doubles with every failure, up to MAX_DELAY. A stranger can
  slow an account down, never lock its owners out for long.

A correct password resets both counters of its own account only: signing in as a viewer does not forgive
failed editor guesses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from store.repository import Counter, Store

MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
MAX_DELAY = dt.timedelta(seconds=60)
FAILED = "sign_in_failed"


@dataclass(frozen=True)
class Attempt:
    """Whether a password may be checked now; if not, when to try again."""

    allowed: bool
    retry_at: dt.datetime | None = None
    failures_left: int = MAX_FAILURES
    client_locked: bool = False


def _client_key(account: str, client: str) -> str:
    return f"client:{account}:{client}"[:300]


def _account_key(account: str) -> str:
    return f"account:{account}"


def account_delay(failures: int) -> dt.timedelta:
    """How long an account waits between attempts after `failures` failures: none, then 1 s, 2 s, 4 s..."""
    if failures < MAX_FAILURES:
        return dt.timedelta(0)
    return min(dt.timedelta(seconds=2 ** min(failures - MAX_FAILURES, 16)), MAX_DELAY)


def _fresh(counter: Counter, now: dt.datetime) -> Counter:
    """Failures older than WINDOW are forgotten."""
    if counter.last_attempt_at is None or counter.last_attempt_at <= now - WINDOW:
        return Counter(0, counter.last_attempt_at)
    return counter


def begin_attempt(store: Store, account: str, client: str, now: dt.datetime | None = None) -> Attempt:
    """Decide whether this client may try `account`'s password now and, if so, count it as a failure until
    `attempt_succeeded` says otherwise (atomically, for every concurrent caller)."""
    now = now or dt.datetime.now(dt.UTC)
    client_key, account_key = _client_key(account, client), _account_key(account)
    verdict: dict[str, Attempt] = {}

    def decide(counters: dict[str, Counter]) -> dict[str, Counter] | None:
        by_client = _fresh(counters[client_key], now)
        by_account = _fresh(counters[account_key], now)
        if by_client.failures >= MAX_FAILURES and by_client.last_attempt_at is not None:
            verdict["result"] = Attempt(False, by_client.last_attempt_at + WINDOW, 0, client_locked=True)
            return None
        wait_until = (by_account.last_attempt_at or now) + account_delay(by_account.failures)
        if wait_until > now:
            verdict["result"] = Attempt(False, wait_until, MAX_FAILURES - by_client.failures)
            return None
        verdict["result"] = Attempt(True, None, MAX_FAILURES - by_client.failures - 1)
        return {
            client_key: Counter(by_client.failures + 1, now),
            account_key: Counter(by_account.failures + 1, now),
        }

    store.update_counters([client_key, account_key], decide)
    return verdict["result"]


def attempt_succeeded(store: Store, account: str, client: str) -> None:
    """The password was right: forget this account's failures (its own, not another account's)."""
    keys = [_client_key(account, client), _account_key(account)]
    store.update_counters(keys, lambda counters: {key: Counter(0, None) for key in counters})
