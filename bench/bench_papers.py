"""Board papers benchmark: the Word cover report and the PowerPoint Appendix A, on the default data and at scale.

Targets (issue 12): both documents on the default data in at most 2 s together, on the large synthetic set
(2,000 priorities, 5,000 agenda items, 500 events) in at most 15 s. Growth is shown as the ratio to a floor
measured in the same run (saving an empty python-docx document, and an empty python-pptx presentation), so
the numbers compare across machines.

python -m bench.bench_papers [--repeats N]
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from exports.appendix_a import appendix_a_pptx
from exports.cover_report import cover_report_docx
from loaders.tracker_set import load_default_set
from metrics.filters import Filters
from metrics.view import View, build_view
from tools.synthetic import write_large_set

SCALES = (0.125, 0.25, 0.5, 1.0)
TARGET_DEFAULT = 2.0
TARGET_LARGE = 15.0


def _median(call: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _empty_docx() -> bytes:
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    return buffer.getvalue()


def _empty_pptx() -> bytes:
    from pptx import Presentation

    buffer = io.BytesIO()
    Presentation().save(buffer)
    return buffer.getvalue()


def _documents(view: View) -> dict[str, Callable[[], object]]:
    calls: dict[str, Callable[[], object]] = {"cover report (docx)": lambda: cover_report_docx(view)}
    calls["Appendix A (pptx)"] = lambda: appendix_a_pptx(view)
    return calls


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    floor_docx = _median(_empty_docx, args.repeats)
    floor_pptx = _median(_empty_pptx, args.repeats)
    print(f"Floor: empty docx saved in {floor_docx * 1000:.1f} ms, empty pptx in {floor_pptx * 1000:.1f} ms")
    print()
    print("| data | priorities | agenda items | events | document | median s | × floor | both s | target |")
    print("|---|---:|---:|---:|---|---:|---:|---:|---|")
    cases: list[tuple[str, View, float | None]] = [
        ("default", build_view(load_default_set(), Filters()), TARGET_DEFAULT)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for scale in SCALES:
            folder = Path(tmp) / f"scale-{scale}"
            write_large_set(
                folder,
                priorities=int(2000 * scale),
                agenda=int(5000 * scale),
                events=max(1, int(500 * scale)),
            )
            target = TARGET_LARGE if scale == 1.0 else None
            cases.append((f"synthetic ×{scale:g}", build_view(load_default_set(folder), Filters()), target))
        for name, view, target in cases:
            timings = {doc: _median(call, args.repeats) for doc, call in _documents(view).items()}
            both = sum(timings.values())
            verdict = (
                "" if target is None else (f"≤ {target:g} s: " + ("met" if both <= target else "MISSED"))
            )
            for doc, seconds in timings.items():
                floor = floor_docx if "docx" in doc else floor_pptx
                print(
                    f"| {name} | {len(view.priorities):,} | {len(view.agenda):,} | {len(view.events):,} | {doc} "
                    f"| {seconds:.2f} | {seconds / floor:.0f} | {both:.2f} | {verdict} |"
                )


if __name__ == "__main__":
    main()
