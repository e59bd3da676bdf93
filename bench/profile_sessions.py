"""Where a page's server CPU goes: N simultaneous new sessions, profiled with yappi's CPU clock.

    python -m bench.profile_sessions                        # the Overview, 5 rounds of 20 sessions
    python -m bench.profile_sessions --page principles --rounds 3 --out /tmp/principles.pstat
    python -m bench.profile_sessions --cluster --page cluster  # the cluster view, three fictional large ICBs

Starts the app (tools/serve.py) in a process of its own with yappi (clock type 'cpu'), fills the caches
with a few visits, then profiles only the measured rounds (tools/session_client.py speaks Streamlit's
websocket protocol) and prints the functions of the app with the most CPU per session. yappi counts CPU
time per function across every thread; py-spy's `--gil` or wall-clock samples also count time spent
waiting for the interpreter lock, which makes every function look dearer when many sessions run at once.
yappi's own cost inflates the figures (about 3x): compare runs with each other, not with bench_capacity.
"""

from __future__ import annotations

import argparse
import os
import pstats
import signal
import tempfile
import time
from pathlib import Path

from bench.bench_capacity import CLUSTER_VIEW, PAGES, _round, app_env, organisation_pages, write_cluster
from settings import CLUSTER_FILE_VARIABLE
from tools.app_server import running_app
from tools.session_client import Page, run_async

SERVER = """
import os, signal, sys
import yappi
yappi.set_clock_type("cpu")
def stop(*_):
    yappi.stop()
    yappi.get_func_stats().save(os.environ["PROFILE_OUT"] + ".part", type="pstat")
    os.replace(os.environ["PROFILE_OUT"] + ".part", os.environ["PROFILE_OUT"])  # whole, or not there
    os._exit(0)
signal.signal(signal.SIGUSR1, lambda *_: yappi.start())
signal.signal(signal.SIGUSR2, stop)
sys.argv = ["tools.serve", *sys.argv[1:]]
import runpy
runpy.run_module("tools.serve", run_name="__main__")
"""


def profile(page: str, rounds: int, sessions: int, out: Path, cluster: bool = False) -> None:
    """With `cluster`, the app serves bench_capacity's cluster of three fictional ICBs: page 'cluster' is the
    cluster view, any other the three organisations' own page, the sessions taking them in turn."""
    with tempfile.TemporaryDirectory() as state:
        env = {**app_env(Path(state)), "PROFILE_OUT": str(out)}
        visited: Page | tuple[Page, ...] = PAGES.get(page, CLUSTER_VIEW)
        if cluster:
            env[CLUSTER_FILE_VARIABLE] = str(write_cluster(Path(state) / "cluster"))
            visited = CLUSTER_VIEW if page == "cluster" else organisation_pages(PAGES[page])
        with running_app(env, launcher=["-c", SERVER], timeout=600 if cluster else 120) as base:
            for _ in range(2):
                run_async(_round(base, visited, 3 if cluster else 1))  # caches filled before profiling
            os.kill(base.pid, signal.SIGUSR1)
            time.sleep(0.3)
            for _ in range(rounds):
                run_async(_round(base, visited, sessions))
                time.sleep(0.3)
            out.unlink(missing_ok=True)
            os.kill(base.pid, signal.SIGUSR2)  # the server saves the profile and exits
            deadline = time.monotonic() + 120
            while not out.exists() and time.monotonic() < deadline:
                time.sleep(0.2)


def report(out: Path, visits: int, top: int) -> None:
    stats = pstats.Stats(str(out))
    total = sum(entry[2] for entry in stats.stats.values())  # type: ignore[attr-defined]
    print(f"CPU per session, as yappi measured it: {1000 * total / visits:.1f} ms")
    stats.sort_stats("cumulative").print_stats(
        r"/(ui|pages|metrics|report|charts|store|loaders|exports)/|dashboard\.py|_enqueue\b", top
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", default="overview", choices=sorted([*PAGES, "cluster"]))
    parser.add_argument(
        "--cluster",
        action="store_true",
        help="serve bench_capacity's three fictional ICBs (page 'cluster' too)",
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "ccpl-sessions.pstat")
    args = parser.parse_args(argv)
    if args.page == "cluster" and not args.cluster:
        parser.error("--page cluster needs --cluster")
    profile(args.page, args.rounds, args.sessions, args.out, args.cluster)
    report(args.out, args.rounds * args.sessions, args.top)


if __name__ == "__main__":
    main()
