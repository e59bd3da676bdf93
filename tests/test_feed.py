"""The analysts' data feed (web/feed.py, services/feed.py, store/keys.py) through its HTTP routes, on SQLite and
PostgreSQL: every dataset in every format, typed from the tracker formats; keys (missing, forged, revoked,
expired: 401 and no rows); the rate limit shared by two servers on one database; bad parameters (400 naming
them); ETag, 304 and immutable presented snapshots. tests/test_feed_http.py runs the analysts' recipes against a
real server, directly and through nginx."""

# ruff: noqa: F811  (the store fixture, imported from tests.test_store, is a parameter of most tests)
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from collections.abc import Iterator

import pandas as pd
import pyarrow.parquet as pq
import pytest
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from exports import feed_files
from loaders.formats import TRACKERS
from loaders.trackers import load_tracker
from metrics.filters import Filters
from metrics.view import build_view
from services import feed
from services.trackers import tracker_set_as_at, tracker_set_for_lock
from services.uploads import new_version
from store import keys
from store.repository import SnapshotLock, Store
from store.schema import feed_keys
from tests.conftest import current_versions
from tests.test_store import engine, store  # noqa: F401  (SQLite and PostgreSQL fixtures)
from tests.test_upload_flow import updated_framework
from web import feed as web_feed

EDITOR = "Ada Secretname"
FEBRUARY = dt.date(2023, 2, 8)


def source_for(store: Store) -> web_feed.FeedSource:
    """The feed reading a test store (the app's reads the board's shared views; the same build_view)."""

    def view(latest: int, filters: Filters):  # noqa: ANN202
        return build_view(tracker_set_as_at(store, filters.as_at), filters)

    def locked(lock: SnapshotLock, filters: Filters):  # noqa: ANN202
        return build_view(tracker_set_for_lock(store, lock), filters)

    return web_feed.FeedSource(lambda: store, view, locked)


def client_for(store: Store) -> TestClient:
    return TestClient(Starlette(routes=web_feed.routes("", lambda: source_for(store))))


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with client_for(store) as made:
        yield made


@pytest.fixture
def secret(store: Store) -> str:
    return keys.create_key(store, "Power BI: ICB BI team", 30, EDITOR)[1]


def auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def get(client: TestClient, path: str, secret: str, **headers: str):  # noqa: ANN201
    return client.get(path, headers={**auth(secret), **headers})


def store_march(store: Store) -> None:
    content = updated_framework("2023-03-01")
    loaded = load_tracker(content, "framework_2023-03-01.xlsx")
    store.save_batch([new_version(loaded, content)], "Somebody Else")


# -- datasets ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("extension", sorted(feed.FORMATS))
def test_every_dataset_answers_in_every_format_with_the_declared_columns(
    client: TestClient, secret: str, extension: str
) -> None:
    for name, dataset in feed.DATASETS.items():
        response = get(client, f"/feed/v1/{name}.{extension}", secret)
        assert response.status_code == 200, (name, response.text)
        assert response.headers["content-type"].startswith(feed.FORMATS[extension].split(";")[0])
        declared = [c.key for c in dataset.columns]
        if extension == "parquet":
            table = pq.read_table(io.BytesIO(response.content))
            assert table.column_names == declared
            assert [str(t).replace("element:", "item:") for t in table.schema.types] == [
                str(feed.ARROW_TYPES[feed.feed_type(c)]) for c in dataset.columns
            ]
        elif extension == "csv":
            assert response.content.startswith(b"\xef\xbb\xbf")
            assert list(pd.read_csv(io.BytesIO(response.content), encoding="utf-8-sig").columns) == declared
        else:
            body = response.json()
            assert [c["name"] for c in body["columns"]] == declared
            assert all(list(row) == declared for row in body["rows"])


def test_priorities_are_the_dashboards_rows_typed(client: TestClient, secret: str, store: Store) -> None:
    view = build_view(tracker_set_as_at(store), Filters())
    table = pq.read_table(io.BytesIO(get(client, "/feed/v1/priorities.parquet", secret).content)).to_pandas()
    assert list(table["priority_id"]) == list(view.priorities["priority_id"])
    assert table["due_date"].map(type).eq(dt.date).sum() == view.priorities["due_date"].notna().sum()
    assert list(table["status"]) == list(view.priorities["status"].astype(str))
    assert table["overdue"].dtype == bool


def test_the_catalogue_is_the_tracker_formats_declarations(client: TestClient, secret: str) -> None:
    body = get(client, "/feed/v1/catalogue", secret).json()
    by_name = {d["name"]: d for d in body["datasets"]}
    sheet = TRACKERS[feed.Kind.FRAMEWORK].sheet("Priorities")
    columns = {c["name"]: c for c in by_name["priorities"]["columns"]}
    for column in sheet.columns:
        assert columns[column.key]["description"] == column.description
        assert columns[column.key]["allowed"] == list(column.allowed)
        assert columns[column.key]["tracker_type"] == column.type.value
    assert columns["status"]["allowed"] == list(feed.STATUSES)
    assert set(by_name) == set(feed.DATASETS)
    assert by_name["priorities"]["narrowed_by"] == ["theme", "principle", "status", "owner", "from", "to"]


def test_the_dashboards_link_parameters_narrow_the_feed(
    client: TestClient, secret: str, store: Store
) -> None:
    query = "theme=T4&status=On+track&from=2022-01-01&to=2023-12-31"
    body = get(client, f"/feed/v1/priorities.json?{query}", secret).json()
    filters = Filters(
        themes=("T4",),
        statuses=("On track",),
        date_from=pd.Timestamp("2022-01-01"),
        date_to=pd.Timestamp("2023-12-31"),
    )
    expected = build_view(tracker_set_as_at(store), filters).priorities
    assert [r["priority_id"] for r in body["rows"]] == list(expected["priority_id"])
    assert 0 < len(body["rows"]) < len(build_view(tracker_set_as_at(store), Filters()).priorities)
    assert {r["theme_id"] for r in body["rows"]} == {"T4"}


def test_no_dataset_shows_who_stored_or_edited_a_version(
    client: TestClient, secret: str, store: Store
) -> None:
    store_march(store)
    store.lock_snapshot(dt.date(2023, 3, 1), dt.date(2023, 3, 16), EDITOR)
    for name in feed.DATASETS:
        for path in (f"/feed/v1/{name}.json", f"/feed/v1/snapshots/2023-03-01/{name}.csv"):
            text = get(client, path, secret).text
            assert "Somebody Else" not in text and "Secretname" not in text, path
    listing = get(client, "/feed/v1/snapshots", secret).text
    assert "Secretname" not in listing and "2023-03-01" in listing


# -- keys --------------------------------------------------------------------------------------------------------
def test_a_key_is_stored_only_as_its_sha256(store: Store) -> None:
    key, secret = keys.create_key(store, "R: public health team", 10, EDITOR)
    assert len(secret) >= 43  # 32 random bytes, URL-safe base64
    with store.engine.connect() as connection:
        row = connection.execute(select(feed_keys).where(feed_keys.c.id == key.id)).one()
    assert row.key_sha256 == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in json.dumps([str(v) for v in row])
    assert [e.action for e in store.audit_entries(1)] == ["feed_key_create"]


@pytest.mark.parametrize("how", ["missing", "forged", "revoked", "expired", "another scheme"])
def test_a_request_without_a_usable_key_gets_401_and_no_rows(
    client: TestClient,
    store: Store,
    secret: str,
    how: str,
) -> None:
    headers = auth(secret)
    if how == "missing":
        headers = {}
    elif how == "forged":
        headers = auth(secret[:-4] + ("AAAA" if not secret.endswith("AAAA") else "BBBB"))
    elif how == "revoked":
        keys.revoke(store, keys.keys(store)[0].id, EDITOR)
    elif how == "expired":
        with store.engine.begin() as connection:
            connection.execute(
                feed_keys.update().values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
            )
    elif how == "another scheme":
        headers = {"Authorization": f"Basic {secret}"}
    for path in (
        "/feed/v1/priorities.csv",
        "/feed/v1/catalogue",
        "/feed/v1/snapshots",
        "/feed/v1/nothing.csv",
    ):
        response = client.get(path, headers=headers)
        assert response.status_code == 401, (how, path)
        assert "priority_id" not in response.text and "P07" not in response.text
        assert response.headers["www-authenticate"].startswith("Bearer")


def test_a_working_key_is_refused_once_revoked(client: TestClient, store: Store, secret: str) -> None:
    assert get(client, "/feed/v1/themes.csv", secret).status_code == 200
    keys.revoke(store, keys.keys(store)[0].id, EDITOR)
    assert get(client, "/feed/v1/themes.csv", secret).status_code == 401


def test_a_keys_use_is_in_the_audit_log(client: TestClient, store: Store, secret: str) -> None:
    get(client, "/feed/v1/themes.csv", secret)
    get(client, "/feed/v1/themes.csv", secret)
    uses = [e for e in store.audit_entries(10) if e.action == "feed_use"]
    assert len(uses) == 1  # the first request of the minute
    assert (
        uses[0].actor == "feed key: Power BI: ICB BI team" and uses[0].detail["what"] == "/feed/v1/themes.csv"
    )
    assert keys.last_use(store)[keys.keys(store)[0].id] == uses[0].at


def test_the_rate_limit_holds_across_two_servers_on_one_database(store: Store, secret: str) -> None:
    with client_for(store) as first, client_for(store) as second:
        answers = [
            get(first if i % 2 else second, "/feed/v1/catalogue", secret).status_code
            for i in range(keys.REQUESTS_PER_MINUTE + 1)
        ]
        # a minute may turn during the loop: then the count starts again (only the last minute's requests count)
        if answers[-1] == 200:
            pytest.skip("a minute turned during the loop; run again")
    assert answers[:-1] == [200] * keys.REQUESTS_PER_MINUTE
    assert answers[-1] == 429


def test_a_key_name_and_validity_are_checked(store: Store) -> None:
    for name, days in (("", 10), ("x" * 101, 10), ("ok", 0), ("ok", 367)):
        with pytest.raises(keys.StoreError):
            keys.create_key(store, name, days, EDITOR)


# -- parameters --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("as_at=2023-02-30", "as_at"),
        ("as_at=yesterday", "as_at"),
        ("from=1900-01-01", "from"),
        ("from=2023-05-01&to=2023-01-01", "from"),
        ("principle=one", "principle"),
        ("principle=9", "principle"),
        ("theme=T99", "theme"),
        ("theme=%3Cscript%3E", "theme"),
        ("status=Finished", "status"),
        ("owner=" + "x" * 300, "owner"),
        ("colour=red", "colour"),
        ("key=abc", "key"),
        ("as_at=2023-02-08&as_at=2023-02-09", "as_at"),
    ],
)
def test_a_bad_parameter_gets_400_naming_it(
    client: TestClient, secret: str, query: str, parameter: str
) -> None:
    response = get(client, f"/feed/v1/priorities.csv?{query}", secret)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["parameter"] == parameter and parameter in body["error"]
    assert "Traceback" not in response.text and "<script>" not in body["error"]


def test_unknown_datasets_formats_and_snapshots_get_404_or_400(client: TestClient, secret: str) -> None:
    assert get(client, "/feed/v1/secrets.csv", secret).status_code == 404
    assert get(client, "/feed/v1/priorities.xlsx", secret).status_code == 404
    assert get(client, "/feed/v1/priorities", secret).status_code == 404
    assert (
        get(client, "/feed/v1/snapshots/2023-02-08/priorities.csv", secret).status_code == 404
    )  # not presented
    bad = get(client, "/feed/v1/snapshots/08-02-2023/priorities.csv", secret)
    assert bad.status_code == 400 and bad.json()["parameter"] == "as_at"


def test_a_failure_inside_is_a_plain_500(store: Store, secret: str) -> None:
    def broken(latest: int, filters: Filters):  # noqa: ANN202
        raise RuntimeError("secret internals")

    source = web_feed.FeedSource(lambda: store, broken, broken)
    with TestClient(Starlette(routes=web_feed.routes("", lambda: source))) as client:
        response = get(client, "/feed/v1/priorities.csv", secret)
    assert response.status_code == 500 and "secret internals" not in response.text


# -- caching -----------------------------------------------------------------------------------------------------
def test_an_unchanged_refresh_is_a_304_and_a_change_is_not(
    client: TestClient, secret: str, store: Store
) -> None:
    first = get(client, "/feed/v1/priorities.parquet?theme=T4", secret)
    tag, modified = first.headers["etag"], first.headers["last-modified"]
    assert "no-cache" in first.headers["cache-control"]
    again = get(client, "/feed/v1/priorities.parquet?theme=T4", secret, **{"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    since = get(client, "/feed/v1/priorities.parquet?theme=T4", secret, **{"If-Modified-Since": modified})
    assert since.status_code == 304
    other = get(client, "/feed/v1/priorities.parquet?theme=T5", secret, **{"If-None-Match": tag})
    assert other.status_code == 200
    store_march(store)
    changed = get(client, "/feed/v1/priorities.parquet?theme=T4", secret, **{"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["etag"] != tag


def test_a_presented_snapshots_address_never_changes_its_answer(
    client: TestClient, secret: str, store: Store
) -> None:
    store.lock_snapshot(FEBRUARY, dt.date(2023, 2, 16), EDITOR)
    path = "/feed/v1/snapshots/2023-02-08/priorities.csv?theme=T4"
    first = get(client, path, secret)
    assert first.status_code == 200 and "immutable" in first.headers["cache-control"]
    store_march(store)  # a later snapshot, and the current view moves on
    [framework] = [v for v in current_versions(store) if v.kind is feed.Kind.COVERAGE]
    store.restore(framework.id, "Somebody Else")  # any other write to the store
    with client_for(store) as fresh:  # another process: nothing cached
        later = get(fresh, path, secret)
    assert later.content == first.content and later.headers["etag"] == first.headers["etag"]
    assert get(client, path, secret, **{"If-None-Match": first.headers["etag"]}).status_code == 304
    assert get(client, "/feed/v1/priorities.csv?theme=T4", secret).content != first.content


def test_the_same_file_asked_for_at_once_is_built_once(store: Store, secret: str) -> None:
    import concurrent.futures

    with client_for(store) as client:
        cache = web_feed.routes.cache  # type: ignore[attr-defined]
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: get(client, "/feed/v1/events.parquet", secret), range(8)))
    assert {a.status_code for a in answers} == {200}
    assert len({a.content for a in answers}) == 1
    assert cache.builds == 1


def test_csv_neutralises_a_text_column_at_once_exactly_as_cell_by_cell() -> None:
    from exports.tables import _neutralised, neutralise

    cells = [
        "=1+1",
        "+44 1234",
        "-5",
        " -5",
        "-5 ",
        "+1.5",
        "-.5",
        "@SUM(A1)",
        "\tx",
        "\rx",
        "plain",
        "",
        None,
    ]
    cells += [
        "=",
        "-",
        "1,5",
        "-1,5",
        "-1.5.5",
        "-٣",
        '=HYPERLINK("x")',
        "'=a",
        "x=1",
        "-\n5",
        "+5\n",
        "+5 x",
    ]
    column = pd.Series(cells, dtype="string")
    at_once = _neutralised(column)
    one_by_one = [neutralise(c) if isinstance(c, str) else None for c in cells]
    assert [None if pd.isna(v) else v for v in at_once] == one_by_one
    assert at_once[0] == "'=1+1" and at_once[2] == "-5"


def test_under_a_base_url_path_the_feed_is_under_it_too(store: Store, secret: str) -> None:
    source = source_for(store)
    with TestClient(Starlette(routes=web_feed.routes("/ccpl/", lambda: source))) as client:
        assert get(client, "/ccpl/feed/v1/catalogue", secret).status_code == 200
        body = get(client, "/ccpl/feed/v1/catalogue", secret).json()
        assert body["datasets"][0]["address"].startswith("/ccpl/feed/v1/")
        assert get(client, "/feed/v1/catalogue", secret).status_code == 404


def test_the_builder_rests_as_long_as_it_worked_before_the_next_build() -> None:
    import time

    def slow() -> feed_files.FeedFile:
        time.sleep(0.2)
        return feed_files.FeedFile(b"", "text/csv", 0)

    web_feed._rested_until[0] = 0.0
    start = time.monotonic()
    web_feed._resting(slow)
    first = time.monotonic() - start
    web_feed._resting(slow)
    both = time.monotonic() - start
    assert first < 0.35  # nothing owed: the first build starts at once
    assert both >= first + web_feed.REST * 0.2 + 0.2 - 0.02  # the rest, then the second build
