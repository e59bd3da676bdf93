"""The analysts' read-only data feed over HTTP, beside the dashboard in the same server (web/app.py).

Addresses (under the server's base URL path; FORMAT_VERSION is v1):

- GET /feed/v1/catalogue: every dataset, its columns, types, descriptions and allowed values (JSON);
- GET /feed/v1/snapshots: the snapshots presented to the board, with their addresses (JSON);
- GET /feed/v1/{dataset}.{csv|parquet|json}?theme=…&status=…&as_at=…: the current view, narrowed by the
  dashboard's own link parameters; ETag and Last-Modified, `Cache-Control: private, no-cache`;
- GET /feed/v1/snapshots/{YYYY-MM-DD}/{dataset}.{csv|parquet|json}?…: a snapshot presented to the board, from
  exactly the versions its lock recorded: the answer never changes (`Cache-Control: …, immutable`).

Every request needs `Authorization: Bearer <key>` (store/keys.py), and is answered with the data of the
organisation whose editor made the key (FeedKey.organisation: its current rows, its presented snapshots),
never another's; without a usable key the answer is 401 and
no data; over the key's rate limit, 429 with Retry-After. A parameter the feed cannot use gets 400 naming it; an
unknown dataset or a date that was not presented, 404. Nothing else reaches a client: an unexpected failure is
logged here and answered with a plain 500.

The board comes first: the files are built on one worker thread of their own (BUILDS), once per ETag (requests
for the same file wait for one build, and later ones get it from the cache, FileCache), so twenty analysts
refreshing at once cost the board one build, not twenty.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from exports import feed_files
from metrics.filters import Filters
from metrics.view import View
from services import feed
from store import keys
from store.repository import SnapshotLock, Store

LOGGER = logging.getLogger(__name__)
MAX_CACHE_BYTES = 128 * 1024 * 1024
"""Built files kept per process, by ETag (the least recently used go first)."""
BUILDS = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ccpl-feed")
"""One thread builds the feed's files: never more than one build competes with the board's page runs."""
REST = 1.0
"""After each build, the builder rests this many times as long as the build took before it starts the next one:
one build after a quiet spell starts at once, but a queue of builds takes at most half of one thread's time,
so the board's page runs keep the interpreter most of the time (bench/README.md, feed)."""
IMMUTABLE = "private, max-age=31536000, immutable"
REVALIDATE = "private, no-cache"


@dataclass(frozen=True)
class FeedSource:
    """Where the feed reads: the store, and the views (the board's shared ones in the app)."""

    store: Callable[[], Store]
    view: Callable[[int, Filters], View]
    """The current view for the store's newest id (Store.latest_id) and the filters."""
    locked_view: Callable[[SnapshotLock, Filters], View]
    for_organisation: Callable[[str], FeedSource] | None = None
    """The source of one organisation's data, for a key of that organisation; None: this source serves only
    its store's own organisation (a key of another is refused)."""


def app_source() -> FeedSource:
    from ui.data import feed_locked_view, feed_view, organisation_store, server_store

    def organisation_source(organisation: str) -> FeedSource:
        return FeedSource(
            lambda: organisation_store(organisation),
            lambda latest, filters: feed_view(latest, filters, organisation),
            lambda lock, filters: feed_locked_view(lock, filters, organisation),
        )

    return FeedSource(server_store, feed_view, feed_locked_view, organisation_source)


class FileCache:
    """Built files by ETag, bounded in bytes; a file asked for while it is being built is built once."""

    def __init__(self, max_bytes: int = MAX_CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self.files: OrderedDict[str, feed_files.FeedFile] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()
        self.building: dict[str, asyncio.Future[feed_files.FeedFile]] = {}
        self.builds = 0  # how many files were built (tests and the benchmark read it)

    def get(self, tag: str) -> feed_files.FeedFile | None:
        with self.lock:
            found = self.files.get(tag)
            if found is not None:
                self.files.move_to_end(tag)
            return found

    def put(self, tag: str, file: feed_files.FeedFile) -> None:
        with self.lock:
            if tag in self.files or len(file.content) > self.max_bytes:
                return
            self.files[tag] = file
            self.size += len(file.content)
            while self.size > self.max_bytes:
                _, old = self.files.popitem(last=False)
                self.size -= len(old.content)

    async def fetch(self, tag: str, build: Callable[[], feed_files.FeedFile]) -> feed_files.FeedFile:
        if (found := self.get(tag)) is not None:
            return found
        pending = self.building.get(tag)
        if pending is None:
            pending = asyncio.get_running_loop().run_in_executor(BUILDS, _resting, build)
            self.building[tag] = pending
            self.builds += 1
            try:
                made = await pending
            finally:
                self.building.pop(tag, None)
            self.put(tag, made)
            return made
        return await asyncio.shield(pending)


_rested_until = [
    0.0
]  # when the builder may start its next build (only the one BUILDS thread reads or sets it)


def _resting(build: Callable[[], feed_files.FeedFile]) -> feed_files.FeedFile:
    """Run `build` on the builder thread, after the rest its previous build earned (REST)."""
    if (wait := _rested_until[0] - time.monotonic()) > 0:
        time.sleep(wait)
    start = time.monotonic()
    try:
        return build()
    finally:
        _rested_until[0] = time.monotonic() + REST * (time.monotonic() - start)


def _error(status: int, message: str, parameter: str | None = None, **headers: str) -> JSONResponse:
    body: dict[str, str] = {"error": message}
    if parameter is not None:
        body["parameter"] = parameter
    named = {
        name.replace("_", "-"): value for name, value in headers.items()
    }  # WWW_Authenticate: WWW-Authenticate
    return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store", **named})


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _matches(request: Request, tag: str) -> bool:
    wanted = request.headers.get("if-none-match")
    if wanted is None:
        return False
    tags = {t.strip().removeprefix("W/") for t in wanted.split(",")}
    return tag in tags or "*" in tags


def _http_date(value: dt.datetime) -> str:
    return email.utils.format_datetime(value.astimezone(dt.UTC).replace(microsecond=0), usegmt=True)


def _not_modified_since(request: Request, changed: dt.datetime | None) -> bool:
    header = request.headers.get("if-modified-since")
    if header is None or changed is None or "if-none-match" in request.headers:
        return False
    try:
        since = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return False
    return since.tzinfo is not None and changed.replace(microsecond=0) <= since


def _dataset(name: str) -> tuple[feed.Dataset, str] | None:
    stem, dot, extension = name.rpartition(".")
    dataset = feed.DATASETS.get(stem) if dot else None
    return (dataset, extension) if dataset is not None and extension in feed.FORMATS else None


def routes(base_path: str = "", source: Callable[[], FeedSource] = app_source) -> list[BaseRoute]:
    """The feed's routes under the server's base URL path (Streamlit's server.baseUrlPath)."""
    base = base_path.strip("/")
    prefix = (f"/{base}" if base else "") + f"/feed/{feed.FORMAT_VERSION}"
    cache = FileCache()
    read: dict[str, FeedSource] = {}

    def where() -> FeedSource:
        if "source" not in read:
            read["source"] = source()
        return read["source"]

    def guarded(handler: Callable[[Request, Store], object]) -> Callable[[Request], object]:
        async def endpoint(request: Request) -> Response:
            request.state.started = time.perf_counter()
            try:
                store = where().store()
                what = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                # the key's check and what the handler reads first run at once (the answer waits for both)
                admission, known = await asyncio.gather(
                    run_in_threadpool(keys.admit, store, _bearer(request), what[:300]),
                    run_in_threadpool(keys.fingerprints, store),
                )
                if admission.key is not None:  # the key's organisation's data, and no other's
                    served = where()
                    if served.for_organisation is not None:
                        served = served.for_organisation(admission.key.organisation)
                        store = served.store()
                    elif admission.key.organisation != store.organisation:
                        admission = keys.Admission(None)
                    request.state.source = served
                    request.state.fingerprint = known.get(admission.key.organisation, (0, None))
                if admission.key is None:
                    return _error(
                        401,
                        "A valid feed key is needed: send 'Authorization: Bearer <key>' (editors make keys on the "
                        "Feed keys page).",
                        WWW_Authenticate='Bearer realm="ccpl-feed"',
                    )
                if admission.retry_after:
                    return _error(
                        429,
                        f"This key made more than {keys.REQUESTS_PER_MINUTE} requests this minute.",
                        Retry_After=str(admission.retry_after),
                    )
                return await handler(request, store)  # type: ignore[misc]
            except feed.FeedParameterError as problem:
                return _error(400, str(problem), problem.parameter)
            except Exception:  # never a traceback to a client: the log has it
                LOGGER.exception("The feed could not answer %s", request.url.path)
                return _error(500, "The feed could not answer this request; the server's log says why.")

        return endpoint

    async def catalogue(request: Request, store: Store) -> Response:
        return JSONResponse(feed.catalogue(prefix.removesuffix(f"/feed/{feed.FORMAT_VERSION}")))

    async def snapshots(request: Request, store: Store) -> Response:
        locks = await run_in_threadpool(store.locks)
        return JSONResponse(
            {
                "snapshots": [
                    {
                        "as_at": lock.as_at.isoformat(),
                        "presented_on": lock.presented_on.isoformat(),
                        "address": f"{prefix}/snapshots/{lock.as_at.isoformat()}/",
                    }
                    for lock in locks
                ]
            }
        )

    async def current(request: Request, store: Store) -> Response:
        found = _dataset(request.path_params["name"])
        if found is None:
            return _error(
                404, f"There is no dataset '{request.path_params['name'][:60]}' (see {prefix}/catalogue)."
            )
        dataset, extension = found
        filters = feed.parse_filters(request.query_params.multi_items())
        latest, changed = request.state.fingerprint
        tag = feed.etag(f"{store.organisation}:latest:{latest}", dataset.name, extension, filters)
        headers = {"ETag": tag, "Cache-Control": REVALIDATE, "Vary": "Authorization"}
        if changed is not None:
            headers["Last-Modified"] = _http_date(changed)
        if _matches(request, tag) or _not_modified_since(request, changed):
            return Response(status_code=304, headers=headers)

        source = request.state.source

        def build() -> feed_files.FeedFile:
            view = source.view(latest, filters)
            feed.check_against(view, filters)
            return feed_files.build_file(view, dataset, extension, feed.about(dataset, view, filters, None))

        return _file(request, await cache.fetch(tag, build), dataset, extension, headers)

    async def snapshot(request: Request, store: Store) -> Response:
        found = _dataset(request.path_params["name"])
        if found is None:
            return _error(
                404, f"There is no dataset '{request.path_params['name'][:60]}' (see {prefix}/catalogue)."
            )
        dataset, extension = found
        text = request.path_params["as_at"]
        try:
            day = dt.date.fromisoformat(text) if len(text) == 10 else None
        except ValueError:
            day = None
        if day is None:
            return _error(400, "A snapshot's address has its date as YYYY-MM-DD.", "as_at")
        filters = feed.parse_filters(request.query_params.multi_items(), snapshot=day)
        lock = await run_in_threadpool(store.lock_for, day)
        if lock is None:
            return _error(
                404,
                f"No snapshot as at {day.isoformat()} was presented to the board (see {prefix}/snapshots).",
            )
        tag = feed.etag(f"{store.organisation}:lock:{lock.id}", dataset.name, extension, filters)
        headers = {
            "ETag": tag,
            "Cache-Control": IMMUTABLE,
            "Last-Modified": _http_date(lock.locked_at),
            "Vary": "Authorization",
        }
        if _matches(request, tag):
            return Response(status_code=304, headers=headers)

        source = request.state.source

        def build() -> feed_files.FeedFile:
            view = source.locked_view(lock, filters)
            feed.check_against(view, filters)
            return feed_files.build_file(view, dataset, extension, feed.about(dataset, view, filters, day))

        return _file(request, await cache.fetch(tag, build), dataset, extension, headers)

    def _file(
        request: Request,
        file: feed_files.FeedFile,
        dataset: feed.Dataset,
        extension: str,
        headers: dict[str, str],
    ) -> Response:
        took = (time.perf_counter() - request.state.started) * 1000
        return Response(
            file.content,
            media_type=file.media_type,
            headers={
                **headers,
                "Content-Disposition": f'inline; filename="{dataset.name}.{extension}"',
                "X-Content-Type-Options": "nosniff",
                "X-Feed-Rows": str(file.rows),
                "Server-Timing": f"feed;dur={took:.1f}",  # the server's time for this answer (bench/bench_feed.py)
            },
        )

    made = [
        Route(f"{prefix}/catalogue", guarded(catalogue), methods=["GET"]),
        Route(f"{prefix}/snapshots", guarded(snapshots), methods=["GET"]),
        Route(f"{prefix}/snapshots/{{as_at}}/{{name}}", guarded(snapshot), methods=["GET"]),
        Route(f"{prefix}/{{name}}", guarded(current), methods=["GET"]),
    ]
    routes.cache = cache  # type: ignore[attr-defined]  # the last routes' cache, for tests and the benchmark
    return made
