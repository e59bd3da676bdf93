"""What checking a file in a limited worker costs (loaders.sandbox), against loading it in-process.

    python -m bench.bench_sandbox [--repeats N] [FILE ...]   (default: the shipped trackers in data/)

Per file: the median in-process load, the median check in a worker once the forkserver is running (warm),
and their difference, the worker's overhead. The first check in a process starts the forkserver, which
imports and warms the readers once: that cold start is timed separately.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from loaders import sandbox
from loaders.trackers import load_tracker

DATA = Path(__file__).resolve().parent.parent / "data"


def _time(call) -> float:  # noqa: ANN001
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    files = args.files or sorted(DATA.glob("*.xlsx"))
    cold = _time(lambda: sandbox.check_upload(files[0].read_bytes(), files[0].name))
    empty = statistics.median(
        _time(lambda: sandbox.check_upload(b"", "empty.xlsx")) for _ in range(args.repeats)
    )
    print(
        f"Cold start (forkserver imports and warms the readers, then checks {files[0].name}): {cold * 1000:.0f} ms"
    )
    print(f"Worker round trip for an empty file (start, limits, refuse, answer): {empty * 1000:.0f} ms\n")
    print("| File | KB | In-process (ms) | In a worker (ms) | Overhead (ms) |")
    print("|---|---:|---:|---:|---:|")
    for path in files:
        data = path.read_bytes()
        local, worker = [], []
        for _ in range(args.repeats):
            local.append(_time(lambda d=data, n=path.name: load_tracker(d, n)))
            worker.append(_time(lambda d=data, n=path.name: sandbox.check_upload(d, n)))
        a, b = statistics.median(local) * 1000, statistics.median(worker) * 1000
        print(f"| {path.name} | {len(data) / 1024:.0f} | {a:.0f} | {b:.0f} | {b - a:+.0f} |")


if __name__ == "__main__":
    main()
