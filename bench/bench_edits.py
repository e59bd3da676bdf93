"""Saving an in-app edit of the 50,000-row framework tracker: check and preview, then save to new figures.

Steps timed, medians over the repeats, in one run on one store (SQLite in a temporary folder):
- floor: loading the same 50,000-row tracker once (read, validate, type), the least any check can cost;
- check and preview (services.edits.check_edit): the loader's checks on the cells the workbook will hold
  (loaders.templates.workbook_grid), the field changes and the upload preview's diff (target <= 3 s);
- save to new figures: write the workbook, store it with its field changes (services.edits.save_edit),
  reload the current trackers from the store and build the Overview's view (target <= 5 s);
and, for comparison, writing the workbook (loaders.templates) and loading it back as an upload is loaded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from loaders.trackers import load_tracker
from metrics.diff import diff_upload
from metrics.filters import Filters
from metrics.view import build_view
from services.edits import Draft, build_workbook, check_edit, editable_table, save_edit
from services.seeding import ensure_ready
from services.trackers import tracker_set_from_store
from store.db import make_engine
from store.repository import Store
from tools.synthetic import framework_bytes

CHECK_TARGET_S = 3.0
SAVE_TARGET_S = 5.0
AS_AT = dt.date(2023, 2, 8)


def _time(call: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def run(priorities: int, repeats: int, changed: int) -> dict[str, float]:
    data = framework_bytes(priorities, as_at=AS_AT)
    with tempfile.TemporaryDirectory() as folder:
        defaults = Path(folder) / "data"
        defaults.mkdir()
        (defaults / "framework_large.xlsx").write_bytes(data)
        store = Store(make_engine(f"sqlite:///{Path(folder) / 'bench.sqlite3'}"))
        ensure_ready(store, defaults)
        timings: dict[str, list[float]] = {
            k: [] for k in ("floor", "write", "load", "diff", "check", "store", "figures", "save")
        }
        for round_number in range(repeats):
            current = tracker_set_from_store(store)  # what the app holds in its cache already
            base = current.current_framework
            assert base is not None
            edited = editable_table(base)
            statuses = ["Complete", "At risk"]
            rows = edited.index[round_number : round_number + changed]
            edited.loc[rows, "status"] = statuses[round_number % 2]
            edited.loc[rows, "percent_complete"] = 100 if round_number % 2 == 0 else 40
            draft = Draft(base=base, edited=edited, as_at=AS_AT, editor="bench")

            floor, _ = _time(lambda: load_tracker(data, "floor.xlsx"))
            write, content = _time(lambda d=draft: build_workbook(d.base, d.edited, AS_AT, "bench"))
            load, loaded = _time(lambda c=content: load_tracker(c, "edit.xlsx"))
            diff, _ = _time(lambda t=loaded, c=current: diff_upload(c, t))
            check, checked = _time(lambda d=draft, c=current: check_edit(store, c, d))
            assert checked.ok, checked.tracker.problems[:3]
            stored, _ = _time(lambda k=checked, c=current: save_edit(store, c, k))
            figures, _ = _time(lambda: build_view(tracker_set_from_store(store), Filters()))
            for key, value in (
                ("floor", floor),
                ("write", write),
                ("load", load),
                ("diff", diff),
                ("check", check),
                ("store", stored),
                ("figures", figures),
                ("save", stored + figures),
            ):
                timings[key].append(value)
        store.engine.dispose()
    return {key: statistics.median(values) for key, values in timings.items()}


def print_table(priorities: int, medians: dict[str, float]) -> None:
    floor = medians["floor"]
    rows = [
        ("Floor: load the tracker once (read, validate, type)", "floor", None),
        ("Part of the save: write the workbook (loaders.templates)", "write", None),
        ("Not done: load the written workbook back as an upload", "load", None),
        ("Part of the check: preview diff against what is current", "diff", None),
        ("**Check and preview** (services.edits.check_edit)", "check", CHECK_TARGET_S),
        ("Save: write the workbook, store it and its field changes", "store", None),
        ("Save: reload the current trackers and build the view", "figures", None),
        ("**Save to new figures**", "save", SAVE_TARGET_S),
    ]
    print(f"{priorities:,} priorities; medians")
    print("| step | median s | vs floor | target | met |")
    print("|---|---:|---:|---:|---|")
    for label, key, target in rows:
        value = medians[key]
        met = "" if target is None else ("yes" if value <= target else "no")
        shown_target = "" if target is None else f"{target:.0f} s"
        print(f"| {label} | {value:.2f} | {value / floor:.1f}x | {shown_target} | {met} |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--priorities", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--changed", type=int, default=20, help="how many priorities each edit changes")
    args = parser.parse_args(argv)
    print_table(args.priorities, run(args.priorities, args.repeats, args.changed))


if __name__ == "__main__":
    main()
