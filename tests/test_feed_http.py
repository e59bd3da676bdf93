"""The data feed over real HTTP, as an analyst uses it: the Python recipes in docs/feed.md run unchanged against a
running server (`python -m tools.serve`, the same as `make run`) on SQLite and on PostgreSQL, and through nginx
in front of two replicas sharing one PostgreSQL store (where the rate limit must hold across both).

PostgreSQL (CCPL_TEST_POSTGRES_URL), nginx and polars are needed for some cases: skipped without them, except
under CI=true, where they must run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pandas as pd
import pytest

from loaders.tracker_set import DEFAULT_DATA_DIR
from metrics.filters import Filters
from metrics.view import build_view
from services.seeding import ensure_ready
from services.trackers import tracker_set_as_at
from store import keys
from store.db import make_engine
from store.repository import Store
from tests.conftest import drop_every_table
from tools.app_server import running_app
from tools.proxy import NGINX, running_proxy

POSTGRES = os.environ.get("CCPL_TEST_POSTGRES_URL")
DOCS = Path(__file__).resolve().parent.parent / "docs" / "feed.md"
FEBRUARY = dt.date(2023, 2, 8)


def _needs(available: bool, what: str) -> None:
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the feed's HTTP tests with {what} (.ci/run provides it)")
    pytest.skip(f"{what} is not available here")


def recipes() -> dict[str, str]:
    """The Python code blocks of docs/feed.md, by the library they read with."""
    blocks = re.findall(r"```python\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    named = {}
    for number, block in enumerate(blocks):
        library = "polars" if "import polars" in block else "pandas"
        named[f"{library}-{number}"] = block
    return named


@dataclass
class Served:
    feed: str  # the feed's base address, .../feed/v1
    key: str
    store: Store


@contextlib.contextmanager
def seeded_store(url: str) -> Iterator[tuple[Store, str]]:
    """A store with the default trackers, the February snapshot presented, and a key."""
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        drop_every_table(engine)
    store = Store(engine)
    ensure_ready(store, DEFAULT_DATA_DIR)
    store.lock_snapshot(FEBRUARY, dt.date(2023, 2, 16), "Ada Editor")
    _, secret = keys.create_key(store, "Python recipes", 1, "Ada Editor")
    try:
        yield store, secret
    finally:
        if engine.dialect.name == "postgresql":
            drop_every_table(engine)
        engine.dispose()


def _env(url: str, state: str) -> dict[str, str]:
    return {"CCPL_DATABASE_URL": url, "CCPL_STATE_DIR": state, "CCPL_DATA_DIR": str(DEFAULT_DATA_DIR)}


@pytest.fixture(
    params=["postgresql", "sqlite"], scope="module"
)  # PostgreSQL first: done before `replicas` uses it
def served(request: pytest.FixtureRequest) -> Iterator[Served]:
    state = tempfile.mkdtemp(prefix="ccpl-feed-")
    if request.param == "postgresql":
        _needs(bool(POSTGRES), "PostgreSQL (CCPL_TEST_POSTGRES_URL)")
        url = POSTGRES or ""
    else:
        url = f"sqlite:///{state}/feed.sqlite3"
    try:
        with seeded_store(url) as (store, secret), running_app(_env(url, state)) as app:
            yield Served(f"{app}/feed/v1", secret, store)
    finally:
        shutil.rmtree(state, ignore_errors=True)


def run_recipe(code: str, served: Served, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    if "import polars" in code:
        _needs(_has_polars(), "polars (requirements-dev.txt)")
    monkeypatch.setenv("CCPL_FEED_URL", served.feed)
    monkeypatch.setenv("CCPL_FEED_KEY", served.key)
    namespace: dict[str, object] = {"__name__": "recipe"}
    exec(compile(code, str(DOCS), "exec"), namespace)  # noqa: S102  (our own documentation's code)
    return namespace


def _has_polars() -> bool:
    try:
        import polars  # noqa: F401
    except ImportError:
        return False
    return True


def _expected_t4(store: Store) -> list[str]:
    view = build_view(tracker_set_as_at(store), Filters(themes=("T4",)))
    return list(view.priorities["priority_id"])


@pytest.mark.parametrize("name", sorted(recipes()))
def test_the_python_recipes_run_against_a_real_server(
    served: Served, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    namespace = run_recipe(recipes()[name], served, monkeypatch)
    priorities = namespace["priorities"]
    ids = list(priorities["priority_id"])  # type: ignore[index]
    if "theme=T4" in recipes()[name]:
        assert ids == _expected_t4(served.store)
    else:
        assert len(ids) == len(build_view(tracker_set_as_at(served.store), Filters()).priorities)
    if name.startswith("pandas"):
        assert isinstance(priorities, pd.DataFrame)
        assert pd.api.types.is_datetime64_any_dtype(priorities["due_date"]) or isinstance(
            priorities["due_date"].dropna().iloc[0], dt.date
        )


def _get(url: str, key: str | None, **headers: str) -> tuple[int, Message, bytes]:
    sent = {**headers, **({"Authorization": f"Bearer {key}"} if key else {})}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=sent), timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as answer:
        return answer.code, answer.headers, answer.read()


def test_keys_parameters_and_caching_over_http(served: Served) -> None:
    status, _, body = _get(f"{served.feed}/priorities.csv", None)
    assert status == 401 and b"P07" not in body
    status, _, body = _get(f"{served.feed}/priorities.csv", served.key[::-1])
    assert status == 401 and b"P07" not in body
    status, _, body = _get(f"{served.feed}/priorities.csv?as_at=2023-13-01", served.key)
    assert status == 400 and b'"parameter":"as_at"' in body and b"Traceback" not in body
    status, headers, body = _get(f"{served.feed}/priorities.parquet", served.key)
    assert status == 200 and body.startswith(b"PAR1")
    again, _, empty = _get(
        f"{served.feed}/priorities.parquet", served.key, **{"If-None-Match": headers["ETag"]}
    )
    assert again == 304 and empty == b""
    status, headers, body = _get(f"{served.feed}/snapshots/2023-02-08/changes.json", served.key)
    assert status == 200 and "immutable" in headers["Cache-Control"]
    status, _, catalogue = _get(f"{served.feed}/catalogue", served.key)
    assert status == 200 and b'"priorities_over_time"' in catalogue


# -- through nginx, two replicas on one PostgreSQL store ----------------------------------------------------------
@pytest.fixture(scope="module")
def replicas() -> Iterator[tuple[Served, str, str]]:
    _needs(Path(NGINX).exists() or bool(shutil.which("nginx")), "nginx")
    _needs(bool(POSTGRES), "PostgreSQL (CCPL_TEST_POSTGRES_URL)")
    state = tempfile.mkdtemp(prefix="ccpl-feed-replicas-")
    try:
        with contextlib.ExitStack() as stack:
            store, secret = stack.enter_context(seeded_store(POSTGRES or ""))
            first = stack.enter_context(running_app(_env(POSTGRES or "", state)))
            second = stack.enter_context(running_app(_env(POSTGRES or "", state)))
            proxy = stack.enter_context(running_proxy([first, second]))
            yield Served(f"{proxy}/feed/v1", secret, store), f"{first}/feed/v1", f"{second}/feed/v1"
    finally:
        shutil.rmtree(state, ignore_errors=True)


@pytest.mark.parametrize("name", sorted(recipes()))
def test_the_python_recipes_run_through_the_proxy(
    replicas: tuple[Served, str, str], name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    served, _, _ = replicas
    namespace = run_recipe(recipes()[name], served, monkeypatch)
    assert len(namespace["priorities"]) > 0  # type: ignore[arg-type]


def test_the_rate_limit_holds_across_the_replicas(replicas: tuple[Served, str, str]) -> None:
    served, first, second = replicas
    _, key = keys.create_key(served.store, "Rate limit", 1, "Ada Editor")
    answers = [
        _get(f"{first if i % 2 else second}/catalogue", key)[0] for i in range(keys.REQUESTS_PER_MINUTE + 1)
    ]
    if answers[-1] == 200 and answers.count(200) == len(answers):
        pytest.skip("a minute turned during the loop; run again")
    assert answers[: keys.REQUESTS_PER_MINUTE] == [200] * keys.REQUESTS_PER_MINUTE
    assert answers[-1] == 429
    assert _get(f"{served.feed}/catalogue", key)[0] == 429  # through the proxy too
