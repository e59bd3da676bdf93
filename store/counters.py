"""Sign-in counters: failures per key, read and changed in one locking transaction (kept in memory while the
store is read-only)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Self

from sqlalchemy import Engine, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from store.base import StoreBase, _as_utc
from store.schema import sign_in_counters


@dataclass(frozen=True)
class Counter:
    """A sign-in counter: failures counted so far and when the last attempt was made."""

    failures: int = 0
    last_attempt_at: dt.datetime | None = None


class CountersMixin(StoreBase):
    """Reading and updating the sign-in counters."""

    def __init__(self, engine: Engine, read_only: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(engine, read_only, *args, **kwargs)
        self._memory_counters: dict[str, Counter] = {}  # sign-in counters while read-only
        self._memory_lock = threading.Lock()

    def for_organisation(self, organisation: str, writes_refused: str | None = None) -> Self:
        scoped = super().for_organisation(organisation, writes_refused)
        scoped._memory_counters, scoped._memory_lock = self._memory_counters, self._memory_lock  # by account
        return scoped

    def update_counters(
        self,
        keys: Sequence[str],
        decide: Callable[[dict[str, Counter]], dict[str, Counter] | None],
    ) -> bool:
        """Read the counters for `keys`, let `decide` return their new values (or None to leave them), and
        write them, all in one transaction that holds the rows locked: concurrent callers are serialised, so
        no two of them see the same count. Returns whether `decide` changed anything.
        """
        keys = sorted(set(keys))  # the same lock order everywhere, so two callers never deadlock
        if self.read_only is not None:  # sign-in throttling goes on in this process's memory meanwhile
            with self._memory_lock:
                stored = self.read_counters(keys)
                current = {
                    key: self._memory_counters.get(key, stored.get(key, Counter(0, None))) for key in keys
                }
                changed = decide(current)
                if changed is None:
                    return False
                self._memory_counters.update(changed)
                return True
        with self.engine.begin() as connection:
            # Create missing rows; when two callers create one at once, the second insert does nothing.
            insert = postgresql_insert if self.engine.dialect.name == "postgresql" else sqlite_insert
            connection.execute(
                insert(sign_in_counters)
                .values([{"key": key, "failures": 0} for key in keys])
                .on_conflict_do_nothing(index_elements=["key"])
            )
            # Touching the rows takes the write lock (SQLite's database lock, PostgreSQL's row locks)
            # before they are read.
            connection.execute(
                sign_in_counters.update()
                .where(sign_in_counters.c.key.in_(keys))
                .values(failures=sign_in_counters.c.failures)
            )
            rows = connection.execute(
                select(sign_in_counters).where(sign_in_counters.c.key.in_(keys)).with_for_update()
            )
            current = {
                r.key: Counter(r.failures, _as_utc(r.last_attempt_at) if r.last_attempt_at else None)
                for r in rows
            }
            changed = decide(current)
            if changed is None:
                return False
            for key, counter in changed.items():
                connection.execute(
                    sign_in_counters.update()
                    .where(sign_in_counters.c.key == key)
                    .values(failures=counter.failures, last_attempt_at=counter.last_attempt_at)
                )
            return True

    def read_counters(self, keys: Sequence[str]) -> dict[str, Counter]:
        """The counters stored under `keys` (missing keys are left out), read without locking them."""
        query = select(sign_in_counters).where(sign_in_counters.c.key.in_(sorted(set(keys))))
        with self.engine.connect() as connection:
            stored = {
                r.key: Counter(r.failures, _as_utc(r.last_attempt_at) if r.last_attempt_at else None)
                for r in connection.execute(query)
            }
        return stored | {key: c for key, c in self._memory_counters.items() if key in set(keys)}
