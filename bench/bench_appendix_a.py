"""Appendix A (PowerPoint) benchmark: slides and time on the default data and as the synthetic set grows.

Prints, per data set: priorities, agenda items, slides, wall and CPU seconds (median), the ratio to a floor
measured in the same run (saving an empty python-pptx presentation), and milliseconds per slide, so growth
with rows reads across machines. CPU time is shown beside wall time because on a shared machine wall time
mostly measures the neighbours. Target (issue 12, with the Word paper): default ≤ 2 s, large ≤ 15 s; the
papers' joint figures are in bench/bench_papers.py.

python -m bench.bench_appendix_a [--repeats N] [--scales 0.125,0.25,0.5,1]
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pptx import Presentation

from exports.appendix_a import appendix_a_pptx
from loaders.tracker_set import load_default_set
from metrics.filters import Filters
from metrics.view import View, build_view
from tools.synthetic import write_large_set


def _median(call: Callable[[], bytes], repeats: int) -> tuple[float, float, bytes]:
    """Median wall and CPU seconds of `call`, and its last result."""
    walls, cpus, result = [], [], b""
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        result = call()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def _empty_pptx() -> bytes:
    buffer = io.BytesIO()
    Presentation().save(buffer)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--scales", default="0.125,0.25,0.5,1")
    args = parser.parse_args(argv)
    floor_wall, floor_cpu, _ = _median(_empty_pptx, args.repeats)
    print(
        f"Floor: an empty python-pptx presentation saved in {floor_wall * 1000:.1f} ms ({floor_cpu * 1000:.1f} ms CPU)"
    )
    print()
    print("| data | priorities | agenda items | slides | wall s | CPU s | × floor (CPU) | ms CPU per slide |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    cases: list[tuple[str, View]] = [("default", build_view(load_default_set(), Filters()))]
    with tempfile.TemporaryDirectory() as tmp:
        for scale in (float(s) for s in args.scales.split(",")):
            folder = Path(tmp) / f"scale-{scale}"
            write_large_set(
                folder,
                priorities=int(2000 * scale),
                agenda=int(5000 * scale),
                events=max(1, int(500 * scale)),
            )
            cases.append((f"synthetic ×{scale:g}", build_view(load_default_set(folder), Filters())))
        for name, view in cases:
            wall, cpu, blob = _median(lambda view=view: appendix_a_pptx(view), args.repeats)
            slides = len(Presentation(io.BytesIO(blob)).slides)
            print(
                f"| {name} | {len(view.priorities):,} | {len(view.agenda):,} | {slides:,} | {wall:.2f} | "
                f"{cpu:.2f} | {cpu / floor_cpu:.0f} | {1000 * cpu / slides:.1f} |"
            )


if __name__ == "__main__":
    main()
