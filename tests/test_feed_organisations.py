"""The data feed per organisation (issue 23): a key reads the data of the organisation whose editor made it, and
nothing of another's: its current rows, its snapshots and their rows. Served from the app's own source
(web.feed.app_source over ui.data, with a cluster file), on SQLite. Fictional organisations only."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from loaders.tracker_set import DEFAULT_DATA_DIR
from loaders.trackers import load_tracker
from services.locks import lock_snapshot
from services.uploads import new_version
from store import keys
from tests.test_upload_flow import updated_framework
from ui import data
from web import feed as web_feed

MARCH = dt.date(2023, 3, 1)


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """North starts from the test workbooks (P07 not complete, snapshots of December and February); South has
    one framework snapshot of its own, as at 1 March, with P07 complete, presented to its board."""
    path = tmp_path / "cluster.toml"
    path.write_text(
        'id = "example-cluster"\nname = "Example cluster board"\n'
        f'[[organisations]]\nid = "north"\nname = "Example ICB North"\ndata_dir = "{DEFAULT_DATA_DIR}"\n'
        '[[organisations]]\nid = "south"\nname = "Example ICB South"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("CCPL_CLUSTER_FILE", str(path))
    monkeypatch.setenv("CCPL_DATABASE_URL", f"sqlite:///{tmp_path / 'feed.sqlite3'}")
    south = data.organisation_store("south")
    content = updated_framework(MARCH.isoformat())
    south.save_batch(
        [new_version(load_tracker(content, "framework_2023-03-01.xlsx"), content)], "South editor"
    )
    lock_snapshot(south, MARCH, MARCH + dt.timedelta(days=7), "South editor")
    with TestClient(Starlette(routes=web_feed.routes("", web_feed.app_source))) as made:
        yield made
    for cached in (data._database, data._store, data._load, data._locks, data._load_locked, data._view):
        cached.clear()


def _get(client: TestClient, path: str, secret: str):  # noqa: ANN202
    return client.get(path, headers={"Authorization": f"Bearer {secret}"})


def _p07(response) -> str:  # noqa: ANN001
    assert response.status_code == 200, response.text
    table = pd.read_csv(io.BytesIO(response.content), encoding="utf-8-sig")
    return str(table.loc[table["priority_id"] == "P07", "status"].iloc[0])


def test_norths_key_reads_norths_rows_only_and_souths_key_souths(client: TestClient) -> None:
    north_key = keys.create_key(data.organisation_store("north"), "Power BI: North", 30, "North editor")[1]
    south_key = keys.create_key(data.organisation_store("south"), "Power BI: South", 30, "South editor")[1]
    north_rows = _get(client, "/feed/v1/priorities.csv", north_key)
    south_rows = _get(client, "/feed/v1/priorities.csv", south_key)
    assert _p07(north_rows) != "Complete" and _p07(south_rows) == "Complete"
    assert north_rows.headers["etag"] != south_rows.headers["etag"]
    north_view = data.feed_view(0, web_feed.feed.parse_filters([]), "north")
    assert int(north_rows.headers["x-feed-rows"]) == len(north_view.priorities)
    # Snapshots: each organisation's own presented snapshots, and no other's.
    assert _get(client, "/feed/v1/snapshots", north_key).json() == {"snapshots": []}
    [presented] = _get(client, "/feed/v1/snapshots", south_key).json()["snapshots"]
    assert presented["as_at"] == MARCH.isoformat()
    assert _p07(_get(client, "/feed/v1/snapshots/2023-03-01/priorities.csv", south_key)) == "Complete"
    assert _get(client, "/feed/v1/snapshots/2023-03-01/priorities.csv", north_key).status_code == 404
    # Each key's use is in its own organisation's log.
    assert any(e.action == "feed_use" for e in data.organisation_store("north").audit_entries(20))
    south_uses = [e for e in data.organisation_store("south").audit_entries(20) if e.action == "feed_use"]
    assert south_uses and all(e.actor == "feed key: Power BI: South" for e in south_uses)


def test_another_organisations_change_leaves_a_keys_answer_unchanged(client: TestClient) -> None:
    north_key = keys.create_key(data.organisation_store("north"), "Power BI: North", 30, "North editor")[1]
    first = _get(client, "/feed/v1/priorities.csv", north_key)
    tag, modified = first.headers["etag"], first.headers["last-modified"]
    south = data.organisation_store("south")
    content = updated_framework("2023-04-01")
    south.save_batch(
        [new_version(load_tracker(content, "framework_2023-04-01.xlsx"), content)], "South editor"
    )
    again = client.get(
        "/feed/v1/priorities.csv", headers={"Authorization": f"Bearer {north_key}", "If-None-Match": tag}
    )
    assert again.status_code == 304 and again.headers["last-modified"] == modified
    north = data.organisation_store("north")
    north.save_batch(
        [new_version(load_tracker(content, "framework_2023-04-01.xlsx"), content)], "North editor"
    )
    changed = client.get(
        "/feed/v1/priorities.csv", headers={"Authorization": f"Bearer {north_key}", "If-None-Match": tag}
    )
    assert changed.status_code == 200 and _p07(changed) == "Complete"
