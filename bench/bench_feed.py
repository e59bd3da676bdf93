"""The data feed's benchmark (issue 22): file building against its floors, a refresh's 304, and the board under
feed load. Timings and ratios, not tests.

1. Serving 50,000 priorities (server time, the first request after a change: the file cache is empty, the
   tracker set is loaded, as the board's pages have it): as Parquet against pyarrow alone writing the same
   table (pyarrow.parquet.write_table of the typed Arrow table), as CSV against pandas' to_csv of the same
   typed frame. Both floors run in the same process, right after each request.
2. A refresh with If-None-Match of the ETag: its time and size against the full answer's.
3. The board comes first: 20 simultaneous new Overview sessions (protocol level, tools/session_client.py, as
   bench/bench_capacity.py) on a real server holding the 50,000-priority set, alone and with 20 feed requests
   for the 50,000-row dataset in flight (started with the visits). Two loads: the same address 20 times (one
   build, the rest wait for it) and 20 different addresses (20 builds: every request a first request).

    python -m bench.bench_feed                    # about 5 minutes on a 2-core machine
    python -m bench.bench_feed --repeats 5 --priorities 50000
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import io
import statistics
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyarrow.parquet as pq
from starlette.applications import Starlette
from starlette.testclient import TestClient

from exports import feed_files
from metrics.filters import Filters
from metrics.view import View, build_view
from services import feed
from services.seeding import ensure_ready
from services.trackers import tracker_set_as_at
from store import keys
from store.db import make_engine
from store.repository import Store
from tools.app_server import running_app
from tools.session_client import Page, visit
from tools.synthetic import write_large_set
from web import feed as web_feed

OVERVIEW = Page("", "CCPL progress overview", True)


def _p95(times: Sequence[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@contextlib.contextmanager
def large_store(priorities: int) -> Iterator[tuple[Path, Store, str]]:
    """A SQLite store seeded with a synthetic set of `priorities` priorities per snapshot, and a key."""
    with tempfile.TemporaryDirectory(prefix="ccpl-bench-feed-") as folder:
        data = Path(folder) / "data"
        write_large_set(data, priorities=priorities)
        store = Store(make_engine(f"sqlite:///{folder}/feed.sqlite3"))
        ensure_ready(store, data)
        _, secret = keys.create_key(store, "benchmark", 1, "bench")
        yield Path(folder), store, secret


def _floors(frame: object, dataset: feed.Dataset) -> tuple[float, float]:
    table = feed_files.arrow_table(frame, dataset.columns)  # type: ignore[arg-type]
    start = time.perf_counter()
    pq.write_table(table, io.BytesIO())
    parquet = time.perf_counter() - start
    start = time.perf_counter()
    frame.to_csv(index=False)  # type: ignore[attr-defined]
    return parquet, time.perf_counter() - start


def serving_ratios(store: Store, secret: str, repeats: int) -> list[dict[str, object]]:
    view = build_view(tracker_set_as_at(store), Filters())  # what the board's shared cache holds
    dataset = feed.DATASETS["priorities"]
    source = web_feed.FeedSource(lambda: store, lambda latest, f: _same(view, f), lambda lock, f: view)
    frame = feed_files.typed(dataset.rows(view), dataset.columns)
    rows = []
    headers = {"Authorization": f"Bearer {secret}"}
    with TestClient(Starlette(routes=web_feed.routes("", lambda: source))) as client:
        cache = web_feed.routes.cache  # type: ignore[attr-defined]
        client.get("/feed/v1/themes.csv", headers=headers)  # the server's threads and imports are warm
        for extension in ("parquet", "csv"):
            served: list[float] = []
            floors: list[float] = []
            for _ in range(repeats):
                time.sleep(2 * web_feed.REST * max(served, default=1.0))  # a quiet spell: no rest owed
                cache.files.clear()  # the first request after a change: nothing built yet
                cache.size = 0
                response = client.get(f"/feed/v1/priorities.{extension}", headers=headers)
                served.append(float(response.headers["server-timing"].split("dur=")[1]) / 1000)
                assert response.status_code == 200 and int(response.headers["x-feed-rows"]) == len(frame)
                tag, size = response.headers["etag"], len(response.content)
                start = time.perf_counter()
                again = client.get(
                    f"/feed/v1/priorities.{extension}", headers={**headers, "If-None-Match": tag}
                )
                refresh = time.perf_counter() - start
                assert again.status_code == 304
                parquet_floor, csv_floor = _floors(frame, dataset)
                floors.append(parquet_floor if extension == "parquet" else csv_floor)
            row = {
                "format": extension,
                "rows": len(frame),
                "served s": statistics.median(served),
                "floor s": statistics.median(floors),
                "bytes": size,
                "304 s": refresh,
            }
            row["ratio"] = row["served s"] / row["floor s"]  # type: ignore[operator]
            rows.append(row)
            print(
                f"| {extension} | {row['rows']:,} | {row['served s']:.3f} | "
                f"{'pyarrow write_table' if extension == 'parquet' else 'pandas to_csv'} {row['floor s']:.3f} | "
                f"{row['ratio']:.2f} | {size:,} | 304 in {refresh:.3f} s, 0 bytes |",
                flush=True,
            )
    return rows


def _same(view: View, filters: Filters) -> View:
    return view if filters == Filters() else build_view(tracker_set_as_at_cache[0], filters)


tracker_set_as_at_cache: list[object] = []


def _fetch(url: str, secret: str, done: list[float]) -> None:
    start = time.perf_counter()
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {secret}"})
    with urllib.request.urlopen(request, timeout=600) as response:
        response.read()
    done.append(time.perf_counter() - start)


async def _visits(base: str, sessions: int) -> list[float]:
    return [v.seconds for v in await asyncio.gather(*(visit(base, OVERVIEW) for _ in range(sessions)))]


def board_round(base: str, secret: str, sessions: int, feed_urls: Sequence[str]) -> tuple[float, float]:
    """p95 of `sessions` simultaneous Overview visits with `feed_urls` requested at the same moment; and how
    long the slowest feed request took."""
    done: list[float] = []
    threads = [threading.Thread(target=_fetch, args=(u, secret, done)) for u in feed_urls]
    for thread in threads:
        thread.start()
    times = asyncio.run(_visits(base, sessions))
    for thread in threads:
        thread.join()
    return _p95(times), max(done) if done else 0.0


def board_first(
    folder: Path, store: Store, secret: str, repeats: int, sessions: int
) -> list[dict[str, object]]:
    env = {"CCPL_STATE_DIR": str(folder), "CCPL_DATABASE_URL": f"sqlite:///{folder}/feed.sqlite3"}
    rows = []
    with running_app(env, timeout=600) as app:
        asyncio.run(_visits(app, 2))  # warm: the tracker set is loaded, as on a server in use
        feed_base = f"{app}/feed/v1/priorities"
        _fetch(f"{feed_base}.parquet?to=2099-12-31", secret, [])  # warm the feed's imports
        loads = {
            "none": lambda r: [],
            "same address x20": lambda r: [f"{feed_base}.parquet?from=2001-01-{r + 1:02d}"] * 20,
            "20 addresses": lambda r: [
                f"{feed_base}.{'parquet' if i % 2 else 'csv'}?from=2002-{r % 12 + 1:02d}-{i + 1:02d}"
                for i in range(20)
            ],
        }
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in loads}
        for r in range(repeats):
            for name, urls in loads.items():
                results[name].append(board_round(app, secret, sessions, urls(r)))
        alone = statistics.median(p for p, _ in results["none"])
        for name, measured in results.items():
            p95 = statistics.median(p for p, _ in measured)
            slowest = statistics.median(s for _, s in measured)
            row = {"feed load": name, "p95": p95, "ratio": p95 / alone, "slowest feed": slowest}
            rows.append(row)
            print(
                f"| {name} | {sessions} | {p95:.2f} | {p95 / alone:.2f} | "
                + (f"{slowest:.1f} |" if name != "none" else "- |"),
                flush=True,
            )
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--priorities", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--skip-board", action="store_true", help="only the serving ratios and the 304")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with large_store(args.priorities) as (folder, store, secret):
        print(
            f"Store seeded in {time.perf_counter() - started:.0f} s ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)"
        )
        tracker_set_as_at_cache.append(tracker_set_as_at(store))
        print("\n| format | rows | served s (first request) | floor s | ratio | bytes | refresh |")
        print("|---|---|---|---|---|---|---|")
        serving_ratios(store, secret, args.repeats)
        if not args.skip_board:
            print(
                "\n| feed requests in flight | Overview sessions | p95 s | ratio to none | slowest feed s |"
            )
            print("|---|---|---|---|---|")
            board_first(folder, store, secret, args.repeats, args.sessions)


if __name__ == "__main__":
    main()
