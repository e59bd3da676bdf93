"""ui.data.shared_per_process: the caches every page view reads, under many sessions at once."""

from __future__ import annotations

import threading
import time

import pytest

from ui.data import shared_per_process


def test_twenty_sessions_missing_at_once_make_one_build_and_share_it() -> None:
    builds: list[str] = []

    @shared_per_process(max_entries=4)
    def load(key: str) -> object:
        builds.append(key)
        time.sleep(0.2)  # long enough for every session to arrive while the first is building
        return object()

    start = threading.Barrier(20)
    results: list[object] = []

    def session() -> None:
        start.wait()
        results.append(load("v1"))

    threads = [threading.Thread(target=session) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert builds == ["v1"]
    assert len(results) == 20 and all(r is results[0] for r in results)


def test_entries_past_the_bound_are_dropped_oldest_first_and_clear_empties_it() -> None:
    builds: list[int] = []

    @shared_per_process(max_entries=2)
    def square(n: int) -> int:
        builds.append(n)
        return n * n

    assert [square(1), square(2), square(1), square(3)] == [1, 4, 1, 9]  # 2 is now the oldest
    square(1)
    square(2)
    assert builds == [1, 2, 3, 2]
    square.clear()  # type: ignore[attr-defined]
    square(1)
    assert builds == [1, 2, 3, 2, 1]


def test_a_failed_build_is_not_kept_and_the_next_caller_builds_again() -> None:
    calls: list[int] = []

    @shared_per_process(max_entries=2)
    def flaky(n: int) -> int:
        calls.append(n)
        if len(calls) == 1:
            raise OSError("database away")
        return n

    with pytest.raises(OSError):
        flaky(1)
    assert flaky(1) == 1 and calls == [1, 1]
