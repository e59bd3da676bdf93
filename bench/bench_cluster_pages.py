"""Cluster pages benchmark (issue 23): AppTest time for the cluster view and the cluster papers page on a
cluster of three fictional ICBs, each with a tracker set of the large set's size (tools/fictional_cluster.py).

As bench/bench_pages.py does for the board pages: the first run in a new session (every ICB's trackers already
cached, as for any visitor after the first) and a rerun after a filter change (the status filter set to On
track, then cleared, alternately: the cluster pages read only the date, so the cluster views come from the
cache). Medians of several runs; the board pages' target applies: every rerun on the large set within 1 s.
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

from settings import CLUSTER_FILE_VARIABLE
from tools.fictional_cluster import cluster_file

ENTRY = str(Path(__file__).resolve().parent.parent / "dashboard.py")
PAGES = {"cluster view": "pages/cluster/view.py", "cluster papers": "pages/cluster/papers.py"}
TARGET = 1.0


def _open(page: str) -> tuple[AppTest, float]:
    at = AppTest.from_file(ENTRY, default_timeout=600)
    start = time.perf_counter()
    at.run()
    at.switch_page(page).run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].message}")
    return at, elapsed


def measure(repeats: int) -> dict[str, tuple[float, float]]:
    """Page -> (median first view, median rerun after a filter change), in seconds."""
    _open(PAGES["cluster view"])  # load and cache every ICB's trackers once
    results = {}
    for name, page in PAGES.items():
        firsts, reruns = [], []
        for _ in range(repeats):
            at, first = _open(page)
            firsts.append(first)
            for value in (["On track"], []):
                at.session_state["f_statuses"] = value
                start = time.perf_counter()
                at.run()
                reruns.append(time.perf_counter() - start)
        results[name] = (statistics.median(firsts), statistics.median(reruns))
    return results


def main(argv: list[str] | None = None) -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # AppTest outside a server warns on every run
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ[CLUSTER_FILE_VARIABLE] = str(cluster_file(Path(tmp) / "cluster", large=True))
        os.environ["CCPL_STATE_DIR"] = str(Path(tmp) / "state")
        os.environ["CCPL_DATABASE_URL"] = ""
        print(
            "| data | page | first view (median s) | rerun after a filter change (median s) | rerun target | met |"
        )
        print("|---|---|---:|---:|---:|---|")
        for page, (first, rerun) in measure(args.repeats).items():
            met = "yes" if rerun <= TARGET else "NO"
            print(f"| three large ICBs | {page} | {first:.3f} | {rerun:.3f} | {TARGET:.1f} | {met} |")


if __name__ == "__main__":
    main()
