"""Lock-out after repeated failed sign-ins, counted in the audit log so it holds across sessions and instances."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from store.repository import Store

MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
FAILED = "sign_in_failed"


@dataclass(frozen=True)
class LockState:
    locked: bool
    until: dt.datetime | None = None
    failures: int = 0


def lock_state(store: Store, now: dt.datetime | None = None) -> LockState:
    """Locked when MAX_FAILURES sign-ins failed within WINDOW since the last success; unlocks WINDOW later."""
    now = now or dt.datetime.now(dt.UTC)
    since = now - WINDOW
    last_success = store.last_action_at("sign_in")
    if last_success is not None and last_success > since:
        since = last_success
    failures = store.count_actions_since(FAILED, since)
    if failures < MAX_FAILURES:
        return LockState(False, failures=failures)
    last_failure = store.last_action_at(FAILED)
    until = (last_failure or now) + WINDOW
    return LockState(until > now, until, failures)
