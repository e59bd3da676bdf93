"""Reader benchmark: each xlsx engine on the same trackers, timed side by side in one run.

Two measures per engine and size: the raw read into the text grid every engine must produce
(loaders.excel.read_workbook), and the whole load (read, validate, type: loaders.trackers.load_tracker).
Runs are interleaved (engine order rotated each round) so machine noise hits every engine alike; the table
shows medians and the ratio to the fastest engine at that size.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from loaders.excel import ENGINES, read_workbook
from loaders.trackers import load_tracker
from tools.synthetic import framework_bytes


def _time(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def run(sizes: list[int], repeats: int) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for size in sizes:
        data = framework_bytes(size)
        reads: dict[str, list[float]] = {e: [] for e in ENGINES}
        loads: dict[str, list[float]] = {e: [] for e in ENGINES}
        for round_number in range(repeats):
            order = ENGINES[round_number % len(ENGINES) :] + ENGINES[: round_number % len(ENGINES)]
            for engine in order:
                reads[engine].append(_time(lambda e=engine, d=data: read_workbook(d, e)))
                loads[engine].append(_time(lambda e=engine, d=data: load_tracker(d, "bench.xlsx", engine=e)))
        read_median = {e: statistics.median(v) for e, v in reads.items()}
        load_median = {e: statistics.median(v) for e, v in loads.items()}
        fastest_read, fastest_load = min(read_median.values()), min(load_median.values())
        for engine in ENGINES:
            rows.append(
                {
                    "rows": size,
                    "engine": engine,
                    "read_s": read_median[engine],
                    "read_ratio": read_median[engine] / fastest_read,
                    "load_s": load_median[engine],
                    "load_ratio": load_median[engine] / fastest_load,
                    "file_kb": len(data) // 1024,
                }
            )
    return rows


def print_table(rows: list[dict[str, object]]) -> None:
    print(
        "| priorities | file | engine | read (median s) | read vs fastest | full load (median s) | load vs fastest |"
    )
    print("|---:|---:|---|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['rows']:,} | {r['file_kb']:,} KB | {r['engine']} | {r['read_s']:.3f} | {r['read_ratio']:.2f}x | "
            f"{r['load_s']:.3f} | {r['load_ratio']:.2f}x |"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="comma-separated priority counts")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    print_table(run([int(s) for s in args.sizes.split(",")], args.repeats))


if __name__ == "__main__":
    main()
