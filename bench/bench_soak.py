"""Soak: thousands of new sessions against one server, to show its memory stays flat with runner.postScriptGC off.

.streamlit/config.toml turns off the full garbage collection Streamlit runs after every script run (it was
about 40% of the server's time under load). Python's own generational collector still runs; this checks that
nothing accumulates without the extra collection: sessions arrive in waves of --wave simultaneous visits,
rotating over every board page, and the server's resident memory (VmRSS) is sampled after every wave. It
prints the samples and the growth per 1,000 sessions after the first --settle sessions (caches filling).

    python -m bench.bench_soak                      # 2,000 sessions, collection off (about 3 minutes)
    python -m bench.bench_soak --sessions 500 --gc  # the same with Streamlit's collection on, to compare
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.bench_capacity import PAGES, app_env
from tools.app_server import cpu_seconds, memory_mb, running_app
from tools.session_client import visit


async def _wave(base: str, pages: Sequence[str]) -> None:
    await asyncio.gather(*(visit(base, PAGES[name]) for name in pages))


def soak(sessions: int, wave: int, settle: int, gc: bool) -> tuple[list[tuple[int, float]], float]:
    """(sessions done, RSS MiB) after each wave, and the server CPU seconds per session."""
    options = ["--runner.postScriptGC=true"] if gc else []
    rotation = itertools.cycle(PAGES)
    samples: list[tuple[int, float]] = []
    with tempfile.TemporaryDirectory() as state, running_app(app_env(Path(state)), options=options) as url:
        start_cpu = cpu_seconds([url.pid])
        done = 0
        while done < sessions:
            count = min(wave, sessions - done)
            asyncio.run(_wave(url, [next(rotation) for _ in range(count)]))
            done += count
            time.sleep(0.05)  # closed sessions are released on the server's event loop
            samples.append((done, memory_mb(url.pid, "VmRSS")))
        cpu = (cpu_seconds([url.pid]) - start_cpu) / sessions
    return samples, cpu


def growth_per_thousand(samples: list[tuple[int, float]], settle: int) -> float:
    """Least-squares slope of RSS against sessions after `settle` sessions, in MiB per 1,000 sessions."""
    points = [(n, mb) for n, mb in samples if n > settle]
    if len(points) < 2:
        return float("nan")
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sum((x - mean_x) ** 2 for x in xs)
    return slope * 1000


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--wave", type=int, default=20, help="simultaneous sessions per wave")
    parser.add_argument("--settle", type=int, default=200, help="sessions before the slope is measured")
    parser.add_argument("--gc", action="store_true", help="turn Streamlit's post-run collection back on")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    samples, cpu = soak(args.sessions, args.wave, args.settle, args.gc)
    marks = sorted({*range(0, len(samples), max(1, len(samples) // 10)), len(samples) - 1})
    print(
        f"postScriptGC {'on' if args.gc else 'off'}: {args.sessions} sessions in waves of {args.wave}, "
        f"{time.perf_counter() - began:.0f} s, server CPU {cpu:.3f} s per session"
    )
    print("| sessions | server RSS MiB |\n|---:|---:|")
    for index in marks:
        print(f"| {samples[index][0]:,} | {samples[index][1]:.0f} |")
    settled = [mb for n, mb in samples if n > args.settle]
    print(
        f"After {args.settle} sessions: min {min(settled):.0f} MiB, max {max(settled):.0f} MiB, "
        f"growth {growth_per_thousand(samples, args.settle):+.1f} MiB per 1,000 sessions"
    )


if __name__ == "__main__":
    main()
