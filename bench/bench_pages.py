"""Page benchmark: AppTest time for each page on the default data and on the large synthetic set.

For every page: the first run in a new session (data already cached, as for any visitor after the first),
and a rerun after a filter change (the status filter set to On track, then cleared, alternately). Medians
of several runs; targets from the board-pages issue: every rerun on the large set within 1 s, on the
default data within 0.3 s.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from loaders.tracker_set import DEFAULT_DATA_DIR
from tools.synthetic import write_large_set
from ui.data import DATA_DIR_VARIABLE

ENTRY = str(Path(__file__).resolve().parent.parent / "dashboard.py")
PAGES = ["overview", "principles", "priorities", "themes", "engagement", "cplg"]
TARGETS = {"default": 0.3, "large": 1.0}


def _open(page: str) -> tuple[AppTest, float]:
    at = AppTest.from_file(ENTRY, default_timeout=300)
    start = time.perf_counter()
    at.run()
    if page != "overview":
        at.switch_page(f"pages/board/{page}.py").run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].message}")
    return at, elapsed


def measure(data_dir: Path, repeats: int) -> dict[str, tuple[float, float]]:
    os.environ[DATA_DIR_VARIABLE] = str(data_dir)
    _open("overview")  # load and cache the trackers once: every later session finds them cached
    results = {}
    for page in PAGES:
        firsts, reruns = [], []
        for _ in range(repeats):
            at, first = _open(page)
            firsts.append(first)
            for value in (["On track"], []):
                at.session_state["f_statuses"] = value
                start = time.perf_counter()
                at.run()
                reruns.append(time.perf_counter() - start)
        results[page] = (statistics.median(firsts), statistics.median(reruns))
    return results


def main(argv: list[str] | None = None) -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # AppTest outside a server warns on every run
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        large = Path(tmp) / "large"
        write_large_set(large)
        sets = {"default": DEFAULT_DATA_DIR, "large": large}
        print(
            "| data | page | first view (median s) | rerun after a filter change (median s) | rerun target | met |"
        )
        print("|---|---|---:|---:|---:|---|")
        for name, directory in sets.items():
            for page, (first, rerun) in measure(directory, args.repeats).items():
                target = TARGETS[name]
                print(
                    f"| {name} | {page} | {first:.3f} | {rerun:.3f} | {target:.1f} | {'yes' if rerun <= target else 'NO'} |"
                )


if __name__ == "__main__":
    main()
