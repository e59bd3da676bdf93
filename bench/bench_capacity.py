"""Capacity benchmark: N simultaneous new sessions per page, measured at Streamlit's websocket protocol.

No browser: tools/session_client.py speaks what Streamlit's frontend speaks over its websocket, so the test
machine's drawing does not count. Each session must finish successfully, with no exception element among its
deltas and with the page's key text (and, for chart pages, a plotly chart) received; otherwise the benchmark
fails. Server CPU is read from /proc for the app's processes (not the floor's, not nginx's).

The floor is bench/floor_app.py (one st.metric) with the fastest server settings, started in the same run;
each of its rounds is run right before the app's round with the same N, so both see the same machine.

    python -m bench.bench_capacity                       # every page, N = 1, 5, 10, 20, 40 (about 4 min)
    python -m bench.bench_capacity --pages overview --sessions 20,40 --repeats 3
    python -m bench.bench_capacity --replicas 2          # the app behind nginx with two replicas
    python -m bench.bench_capacity --cold 3              # cold start only: server start to figures
    python -m bench.bench_capacity --cluster --sessions 20 --repeats 3 --cold 0
                                                         # a cluster of three fictional ICBs, each the large set

With --cluster the app is served with CCPL_CLUSTER_FILE naming the cluster of three fictional ICBs of
tools/fictional_cluster.py (Example ICB North, South and West), each with a set of the large set's size. The
cluster view (CLUSTER_VIEW) is measured when the app has it; each page named in --pages is measured as the
organisations' own page, the N sessions spread over the three ICBs (?org=<id>).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from settings import CLUSTER_FILE_VARIABLE, read_cluster_file
from tools.app_server import ROOT, cpu_seconds, memory_mb, running_app
from tools.fictional_cluster import FICTIONAL, cluster_file
from tools.proxy import running_proxy
from tools.session_client import Page, SessionFailed, Visit, visit

FLOOR_SCRIPT = ROOT / "bench" / "floor_app.py"
FASTEST = ("--runner.postScriptGC=false", "--server.fileWatcherType=none")
"""The fastest server settings, for the floor (the app reads its own from .streamlit/config.toml)."""


PAGES = {
    "overview": Page("", "CCPL progress overview", True),
    "principles": Page("principles", "Progress against the five principles", True),
    "priorities": Page("priorities", "Six-month priorities", True),
    "themes": Page("themes", "Development themes", True),
    "papers": Page("board-papers", "Board papers", False),
    "engagement": Page("engagement", "System engagement", True),
    "cplg": Page("cplg-decisions", "CPLG decisions", True),
}
FLOOR = Page("", "Floor figure", False)

CLUSTER_VIEW = Page("cluster", "Cluster view", True)
"""The cluster view (pages/cluster/view.py, url path 'cluster', title 'Cluster view', as branch 'cluster' declares
it in dashboard.py). THE HOOK: should that page's url path or title change, change them here. When the app has no
such page, a --cluster run says so and measures the organisations' own pages only; a page that exists but fails
its checks still fails the run."""


def write_cluster(directory: Path) -> Path:
    """The three fictional ICBs of tools/fictional_cluster.py, each with a set of the large set's size, and the
    cluster file naming them, checked as the app reads it (settings.read_cluster_file); returns the file."""
    path = cluster_file(directory, large=True)
    read_cluster_file(path)
    return path


def organisation_pages(page: Page) -> tuple[Page, ...]:
    """The page as each organisation of the benchmark's cluster shows it (?org=<id>)."""
    return tuple(replace(page, query=f"org={org.id}") for org in FICTIONAL)


async def _round(base: str, page: Page | Sequence[Page], sessions: int) -> list[Visit]:
    """`sessions` new sessions at once; given several pages, the sessions take them in turn."""
    pages = (page,) if isinstance(page, Page) else tuple(page)
    return list(await asyncio.gather(*(visit(base, pages[i % len(pages)]) for i in range(sessions))))


@dataclass
class Round:
    times: list[float]
    cpu_per_session: float
    peak_mb: float

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(base: str, pids: Sequence[int], page: Page | Sequence[Page], sessions: int) -> Round:
    before = cpu_seconds(pids)
    visits = asyncio.run(_round(base, page, sessions))
    time.sleep(0.3)  # let the server finish closing the sessions before reading its CPU time
    used = cpu_seconds(pids) - before
    return Round([v.seconds for v in visits], used / sessions, max(memory_mb(p, "VmHWM") for p in pids))


def app_env(state: Path) -> dict[str, str]:
    return {"CCPL_STATE_DIR": str(state), "CCPL_DATA_DIR": "", "CCPL_DATABASE_URL": ""}


@contextlib.contextmanager
def serving(
    replicas: int, state: Path, options: Sequence[str] = (), cluster_file: Path | None = None
) -> Iterator[tuple[str, list[int]]]:
    """The app (one process, or `replicas` processes behind nginx sharing one store): (base URL, pids). With
    `cluster_file`, the app serves that cluster (CCPL_CLUSTER_FILE)."""
    env = {
        **app_env(state),
        **(
            {"CCPL_DATABASE_URL": os.environ["CCPL_DATABASE_URL"]}
            if os.environ.get("CCPL_DATABASE_URL")
            else {}
        ),
        **({CLUSTER_FILE_VARIABLE: str(cluster_file)} if cluster_file else {}),
    }
    # A server fills its caches before it answers its health check: three large sets take minutes on a busy machine.
    timeout = 600 if cluster_file else 60
    with contextlib.ExitStack() as stack:
        first = stack.enter_context(running_app(env, options=options, timeout=timeout))
        urls = [first]
        try:
            for page in organisation_pages(PAGES["overview"]) if cluster_file else (PAGES["overview"],):
                asyncio.run(visit(first, page))  # creates and seeds the store(s) before the others start
            if replicas == 1:
                yield first, [first.pid]
                return
            urls += [
                stack.enter_context(running_app(env, options=options, timeout=timeout))
                for _ in range(replicas - 1)
            ]
            proxy = stack.enter_context(running_proxy(urls))
            yield proxy, [u.pid for u in urls]
        except SessionFailed:
            for url in urls:  # the page's own message is redacted: the server's log has the traceback
                print(_last_error(url.log), file=sys.stderr, flush=True)
            raise


def _last_error(log: Path) -> str:
    """The server log's last uncaught error, with its traceback."""
    text = log.read_text(encoding="utf-8", errors="replace")
    start = text.rfind("Uncaught app execution")
    return f"{log}:\n{text[start : start + 6000]}" if start >= 0 else f"{log}: no uncaught error logged"


def _warm(base: str, page: Page | Sequence[Page]) -> None:
    pages = (page,) if isinstance(page, Page) else tuple(page)
    asyncio.run(_round(base, pages, 2 * len(pages)))


def has_cluster_view(base: str) -> bool:
    """Whether the served app has the cluster view (False: the page is not found). Any other failure raises."""
    try:
        asyncio.run(visit(base, CLUSTER_VIEW))
    except SessionFailed as failure:
        if "page not found" in str(failure):
            return False
        raise
    return True


def capacity(
    pages: Sequence[str],
    sessions: Sequence[int],
    repeats: int,
    replicas: int,
    options: Sequence[str] = (),
    cluster: bool = False,
) -> list[dict[str, object]]:
    """One row per (page, N). With `cluster`, the app serves three fictional ICBs (write_cluster): the cluster
    view first, when the app has it, then each named page as the three organisations' own (row 'page @ 3 ICBs')."""
    rows = []
    with (
        tempfile.TemporaryDirectory() as state,
        running_app(script=FLOOR_SCRIPT, options=FASTEST) as floor,
        serving(
            replicas, Path(state), options, write_cluster(Path(state) / "cluster") if cluster else None
        ) as (app, pids),
    ):
        measured: list[tuple[str, Page | tuple[Page, ...]]] = [
            (f"{name} @ 3 ICBs", organisation_pages(PAGES[name])) if cluster else (name, PAGES[name])
            for name in pages
        ]
        if cluster:
            if has_cluster_view(app):
                measured.insert(0, ("cluster view", CLUSTER_VIEW))
            else:
                print(
                    f"No cluster view in this build (page {CLUSTER_VIEW.url_path!r} not found): "
                    "measuring the organisations' own pages only (bench_capacity.CLUSTER_VIEW).",
                    flush=True,
                )
        _warm(floor, FLOOR)
        for _, page in measured:
            _warm(app, page)
        for name, page in measured:
            for count in sessions:
                floor_rounds, app_rounds = [], []
                for _ in range(repeats):
                    floor_rounds.append(measure(floor, [floor.pid], FLOOR, count))
                    app_rounds.append(measure(app, pids, page, count))
                row = {
                    "page": name,
                    "replicas": replicas,
                    "N": count,
                    "median": statistics.median(r.median for r in app_rounds),
                    "p95": statistics.median(r.p95 for r in app_rounds),
                    "floor median": statistics.median(r.median for r in floor_rounds),
                    "floor p95": statistics.median(r.p95 for r in floor_rounds),
                    "cpu/session": statistics.median(r.cpu_per_session for r in app_rounds),
                    "floor cpu/session": statistics.median(r.cpu_per_session for r in floor_rounds),
                    "peak MiB": max(r.peak_mb for r in app_rounds),
                    "floor peak MiB": max(r.peak_mb for r in floor_rounds),
                }
                row["ratio"] = row["p95"] / row["floor p95"]  # type: ignore[operator]
                row["cpu ratio"] = row["cpu/session"] / row["floor cpu/session"]  # type: ignore[operator]
                rows.append(row)
                print(_line(row), flush=True)
    return rows


HEADER = (
    "| page | replicas | N | median s | p95 s | floor median s | floor p95 s | p95 ratio to floor "
    "| server CPU per session s | floor CPU per session s | CPU ratio to floor | peak RSS MiB |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def _line(row: dict[str, object]) -> str:
    return (
        f"| {row['page']} | {row['replicas']} | {row['N']} | {row['median']:.2f} | {row['p95']:.2f} "
        f"| {row['floor median']:.2f} | {row['floor p95']:.2f} | {row['ratio']:.1f}x "
        f"| {row['cpu/session']:.3f} | {row['floor cpu/session']:.3f} | {row['cpu ratio']:.1f}x "
        f"| {row['peak MiB']:.0f} |"
    )


def cold_start(repeats: int) -> list[dict[str, float]]:
    """A freshly started server's first visit, the app (Overview figures) against the floor (its metric).

    Three times each: from launching the process to its health check answering ("start"), from then to the
    first visit's figures ("first visit"), and the two together. The store already exists, as on any restart
    but the very first; the floor and the app alternate.
    """
    results = []
    for _ in range(repeats):
        row: dict[str, float] = {}
        for name, script, page in (("floor", FLOOR_SCRIPT, FLOOR), ("app", None, PAGES["overview"])):
            with tempfile.TemporaryDirectory() as state:
                if script is None:
                    with running_app(app_env(Path(state))) as warmup:
                        asyncio.run(visit(warmup, page))
                options = FASTEST if script else ()
                launched = time.perf_counter()
                with running_app(app_env(Path(state)), script=script, options=options, poll=0.02) as url:
                    healthy = time.perf_counter()
                    shown = asyncio.run(visit(url, page))
                    first = shown.first_chart if shown.first_chart is not None else shown.seconds
                    row[f"{name} start"] = healthy - launched
                    row[f"{name} first visit"] = first
                    row[f"{name} total"] = healthy - launched + first
        results.append(row)
        print(
            "cold start: floor {floor start:.2f} s + {floor first visit:.2f} s, "
            "app {app start:.2f} s + {app first visit:.2f} s to the Overview's figures; "
            "first visit ratio {0:.2f}x, start to figures ratio {1:.2f}x".format(
                row["app first visit"] / row["floor first visit"],
                row["app total"] / row["floor total"],
                **row,
            ),
            flush=True,
        )
    return results


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated: " + ", ".join(PAGES))
    parser.add_argument("--sessions", default="1,5,10,20,40", help="simultaneous new sessions per round")
    parser.add_argument("--repeats", type=int, default=1, help="rounds per (page, N); medians are reported")
    parser.add_argument(
        "--replicas", default="1", help="comma-separated replica counts, e.g. 1,2 (2+ needs nginx)"
    )
    parser.add_argument(
        "--app-options",
        default="",
        help="extra streamlit options for the app, e.g. '--runner.postScriptGC=true --server.fileWatcherType=auto'",
    )
    parser.add_argument("--cold", type=int, default=1, help="cold-start pairs to measure (0: none)")
    parser.add_argument(
        "--cluster",
        action="store_true",
        help="serve a cluster of three fictional ICBs, each the large set: the cluster view, then the --pages",
    )
    args = parser.parse_args(argv)
    pages = [p for p in args.pages.split(",") if p]
    unknown = [p for p in pages if p not in PAGES]
    if unknown:
        parser.error(f"unknown page(s): {', '.join(unknown)}")
    replica_counts = [int(r) for r in args.replicas.split(",")]
    if max(replica_counts) > 1 and not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        parser.error("--replicas above 1 needs nginx")
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}; Python {sys.version.split()[0]}")
    if (pages or args.cluster) and args.sessions:
        print(HEADER, flush=True)
        for replicas in replica_counts:
            counts = [int(n) for n in args.sessions.split(",")]
            capacity(pages, counts, args.repeats, replicas, args.app_options.split(), args.cluster)
    if args.cold:
        cold_start(args.cold)


if __name__ == "__main__":
    main()
