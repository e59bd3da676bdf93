"""Capacity benchmark: N simultaneous new sessions per page, measured at Streamlit's websocket protocol.

No browser: a client that speaks what Streamlit's frontend speaks (frontend/connection/src/WebsocketConnection.tsx):
it loads the page (which sets the `_streamlit_xsrf` cookie, and behind the proxy its affinity cookie), opens
`/_stcore/stream` with `Sec-WebSocket-Protocol: streamlit, <xsrf cookie>`, sends a `rerun_script` BackMsg with
the page's URL path as `page_name`, and reads ForwardMsgs until `script_finished`. Each session must finish
successfully, with no exception element among its deltas and with the page's key text (and, for chart
pages, a plotly chart) received; otherwise the benchmark fails.

The floor is bench/floor_app.py (one st.metric) with the fastest server settings, started in the same run;
each of its rounds is run right before the app's round with the same N, so both see the same machine.

    python -m bench.bench_capacity                       # every page, N = 1, 5, 10, 20, 40 (about 4 min)
    python -m bench.bench_capacity --pages overview --sessions 20,40 --repeats 3
    python -m bench.bench_capacity --replicas 2          # the app behind nginx with two replicas
    python -m bench.bench_capacity --cold 3              # cold start only: server start to figures
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
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

from tools.app_server import ROOT, running_app
from tools.proxy import running_proxy

FLOOR_SCRIPT = ROOT / "bench" / "floor_app.py"
FASTEST = ("--runner.postScriptGC=false", "--server.fileWatcherType=none")
"""The fastest server settings, for the floor (the app reads its own from .streamlit/config.toml)."""


@dataclass(frozen=True)
class Page:
    url_path: str
    key_text: str
    chart: bool


PAGES = {
    "overview": Page("", "CCPL progress overview", True),
    "principles": Page("principles", "Progress against the five principles", True),
    "priorities": Page("priorities", "Six-month priorities", True),
    "themes": Page("themes", "Development themes", True),
    "engagement": Page("engagement", "System engagement", True),
    "cplg": Page("cplg-decisions", "CPLG decisions", True),
}
FLOOR = Page("", "Floor figure", False)
TIMEOUT = 300.0


class SessionFailed(AssertionError):
    """A session did not finish cleanly or did not show the page."""


@dataclass
class Visit:
    seconds: float
    first_chart: float | None


def _cookies(base: str) -> dict[str, str]:
    """GET the page as a browser would first; return the cookies it sets (xsrf, and the proxy's affinity)."""
    with urllib.request.urlopen(base + "/", timeout=TIMEOUT) as response:
        jar = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        response.read()
    return {name: morsel.value for name, morsel in jar.items()}


async def visit(base: str, page: Page) -> Visit:
    """One new session: load the page, open the websocket, run the page's script, check what arrived."""
    start = time.perf_counter()
    cookies = await asyncio.to_thread(_cookies, base)
    xsrf = cookies.get("_streamlit_xsrf", "PLACEHOLDER_AUTH_TOKEN")
    first_chart = None
    exceptions: list[str] = []
    key_found = False
    async with connect(
        base.replace("http", "ws", 1) + "/_stcore/stream",
        subprotocols=["streamlit", xsrf],  # type: ignore[list-item]
        additional_headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
        origin=base,  # type: ignore[arg-type]
        max_size=None,
        open_timeout=TIMEOUT,
    ) as socket:
        request = BackMsg()
        request.rerun_script.query_string = ""
        request.rerun_script.page_name = page.url_path
        await socket.send(request.SerializeToString())
        while True:
            data = await asyncio.wait_for(socket.recv(), TIMEOUT)
            message = ForwardMsg()
            message.ParseFromString(data)
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element.WhichOneof("type")
                if element == "exception":
                    exceptions.append(message.delta.new_element.exception.message)
                elif element == "plotly_chart" and first_chart is None:
                    first_chart = time.perf_counter() - start
                key_found = key_found or page.key_text.encode() in data
            elif kind == "page_not_found":
                raise SessionFailed(f"page not found: {page.url_path!r}")
            elif kind == "script_finished":
                if message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                    break
                if message.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise SessionFailed("the script did not compile")
    seconds = time.perf_counter() - start
    if exceptions:
        raise SessionFailed(f"{page.url_path or 'overview'}: exception in the session: {exceptions[0][:300]}")
    if not key_found:
        raise SessionFailed(f"{page.url_path or 'overview'}: {page.key_text!r} never arrived")
    if page.chart and first_chart is None:
        raise SessionFailed(f"{page.url_path or 'overview'}: no chart arrived")
    return Visit(seconds, first_chart)


async def _round(base: str, page: Page, sessions: int) -> list[Visit]:
    return list(await asyncio.gather(*(visit(base, page) for _ in range(sessions))))


def cpu_seconds(pids: Sequence[int]) -> float:
    """User and system CPU time used so far by these processes (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))
    return total / ticks


def memory_mb(pid: int, field: str) -> float:
    """VmRSS (resident now) or VmHWM (peak resident) of a process, in MiB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


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


def measure(base: str, pids: Sequence[int], page: Page, sessions: int) -> Round:
    before = cpu_seconds(pids)
    visits = asyncio.run(_round(base, page, sessions))
    time.sleep(0.3)  # let the server finish closing the sessions before reading its CPU time
    used = cpu_seconds(pids) - before
    return Round([v.seconds for v in visits], used / sessions, max(memory_mb(p, "VmHWM") for p in pids))


def app_env(state: Path) -> dict[str, str]:
    return {"CCPL_STATE_DIR": str(state), "CCPL_DATA_DIR": "", "CCPL_DATABASE_URL": ""}


@contextlib.contextmanager
def serving(replicas: int, state: Path, options: Sequence[str] = ()) -> Iterator[tuple[str, list[int]]]:
    """The app (one process, or `replicas` processes behind nginx sharing one store): (base URL, pids)."""
    env = {
        **app_env(state),
        **(
            {"CCPL_DATABASE_URL": os.environ["CCPL_DATABASE_URL"]}
            if os.environ.get("CCPL_DATABASE_URL")
            else {}
        ),
    }
    with contextlib.ExitStack() as stack:
        first = stack.enter_context(running_app(env, options=options))
        asyncio.run(visit(first, PAGES["overview"]))  # creates and seeds the store before the others start
        if replicas == 1:
            yield first, [first.pid]
            return
        urls = [first] + [stack.enter_context(running_app(env, options=options)) for _ in range(replicas - 1)]
        proxy = stack.enter_context(running_proxy(urls))
        yield proxy, [u.pid for u in urls]


def _warm(base: str, page: Page) -> None:
    asyncio.run(_round(base, page, 2))


def capacity(
    pages: Sequence[str], sessions: Sequence[int], repeats: int, replicas: int, options: Sequence[str] = ()
) -> list[dict[str, object]]:
    rows = []
    with (
        tempfile.TemporaryDirectory() as state,
        running_app(script=FLOOR_SCRIPT, options=FASTEST) as floor,
        serving(replicas, Path(state), options) as (app, pids),
    ):
        _warm(floor, FLOOR)
        for name in pages:
            _warm(app, PAGES[name])
        for name in pages:
            for count in sessions:
                floor_rounds, app_rounds = [], []
                for _ in range(repeats):
                    floor_rounds.append(measure(floor, [floor.pid], FLOOR, count))
                    app_rounds.append(measure(app, pids, PAGES[name], count))
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
                rows.append(row)
                print(_line(row), flush=True)
    return rows


HEADER = (
    "| page | replicas | N | median s | p95 s | floor median s | floor p95 s | p95 ratio to floor "
    "| server CPU per session s | floor CPU per session s | peak RSS MiB |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def _line(row: dict[str, object]) -> str:
    return (
        f"| {row['page']} | {row['replicas']} | {row['N']} | {row['median']:.2f} | {row['p95']:.2f} "
        f"| {row['floor median']:.2f} | {row['floor p95']:.2f} | {row['ratio']:.1f}x "
        f"| {row['cpu/session']:.3f} | {row['floor cpu/session']:.3f} | {row['peak MiB']:.0f} |"
    )


def cold_start(repeats: int) -> list[tuple[float, float]]:
    """From launching the server to the first visit's figures (Overview chart; floor: its metric), pairs."""
    pairs = []
    for _ in range(repeats):
        results = []
        for script, page in ((FLOOR_SCRIPT, FLOOR), (None, PAGES["overview"])):
            with tempfile.TemporaryDirectory() as state:
                if script is None:  # the store already exists, as on any restart but the very first
                    with running_app(app_env(Path(state))) as warmup:
                        asyncio.run(visit(warmup, page))
                start = time.perf_counter()
                options = FASTEST if script else ()
                with running_app(app_env(Path(state)), script=script, options=options, poll=0.02) as url:
                    shown = asyncio.run(visit(url, page))
                    results.append(
                        time.perf_counter() - start - shown.seconds + (shown.first_chart or shown.seconds)
                    )
        pairs.append((results[0], results[1]))
        print(
            f"cold start: floor {results[0]:.2f} s, overview figures {results[1]:.2f} s, ratio {results[1] / results[0]:.2f}x",
            flush=True,
        )
    return pairs


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
    args = parser.parse_args(argv)
    pages = [p for p in args.pages.split(",") if p]
    unknown = [p for p in pages if p not in PAGES]
    if unknown:
        parser.error(f"unknown page(s): {', '.join(unknown)}")
    replica_counts = [int(r) for r in args.replicas.split(",")]
    if max(replica_counts) > 1 and not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        parser.error("--replicas above 1 needs nginx")
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}; Python {sys.version.split()[0]}")
    if pages and args.sessions:
        print(HEADER, flush=True)
        for replicas in replica_counts:
            counts = [int(n) for n in args.sessions.split(",")]
            capacity(pages, counts, args.repeats, replicas, args.app_options.split())
    if args.cold:
        cold_start(args.cold)


if __name__ == "__main__":
    main()
