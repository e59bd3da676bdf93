"""Export benchmark on the large synthetic set: table CSV/Excel, all-data exports, board pack HTML and PDF."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from exports.all_data import all_data_tables, all_data_xlsx, all_data_zip
from exports.board_pack import board_pack_html
from exports.pdf import chromium_path, html_to_pdf
from exports.tables import ExportContext, columns_as_shown, csv_bytes, xlsx_bytes
from metrics.filters import Filters
from metrics.labels import COLUMN_LABELS
from metrics.view import build_view
from services.seeding import ensure_ready
from services.trackers import tracker_set_from_store
from store.db import make_engine
from store.repository import Store
from tools.synthetic import write_large_set


def _time(call: Callable[[], object], repeats: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeats):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
        size = len(result) if isinstance(result, bytes | str | dict) else 0
    return statistics.median(times), size


def main(argv: list[str] | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        large = Path(tmp) / "large"
        write_large_set(large)
        store = Store(make_engine(f"sqlite:///{tmp}/bench.sqlite3"))
        ensure_ready(store, large)
        view = build_view(tracker_set_from_store(store), Filters())
        priorities = columns_as_shown(view.priorities, None, COLUMN_LABELS)
        agenda = columns_as_shown(view.agenda, None, COLUMN_LABELS)
        context = ExportContext(title="Benchmark")
        cases: list[tuple[str, Callable[[], object], int]] = [
            (f"Priorities table ({len(priorities):,} rows) as CSV", lambda: csv_bytes(priorities), 3),
            (
                f"Priorities table ({len(priorities):,} rows) as Excel",
                lambda: xlsx_bytes(priorities, context),
                3,
            ),
            (f"Agenda table ({len(agenda):,} rows) as Excel", lambda: xlsx_bytes(agenda, context), 3),
            ("All data: read every version into tables", lambda: all_data_tables(store), 1),
            (
                "All data as Excel (from the tables)",
                lambda: all_data_xlsx(all_data_tables(store), context),
                1,
            ),
            (
                "All data as a zip of CSVs (from the tables)",
                lambda: all_data_zip(all_data_tables(store), context),
                1,
            ),
            ("Board pack HTML", lambda: board_pack_html(view, []), 3),
        ]
        if chromium_path():
            cases.append(
                (
                    "Board pack PDF (HTML printed by headless Chromium)",
                    lambda: html_to_pdf(board_pack_html(view, [])),
                    1,
                )
            )
        print("| export (large set) | median s | size |")
        print("|---|---:|---:|")
        for name, call, repeats in cases:
            seconds, size = _time(call, repeats)
            print(
                f"| {name} | {seconds:.2f} | {size / 1_048_576:.1f} MB |"
                if size > 100
                else f"| {name} | {seconds:.2f} | |"
            )


if __name__ == "__main__":
    main()
