"""The cluster pages through the entry file (issue 23): a 'Cluster' group with the cluster view and the cluster
papers when the cluster file names three fictional ICBs; nothing of it with one organisation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from settings import CLUSTER_FILE_VARIABLE
from tests import cluster_sets
from tools.fictional_cluster import cluster_file

ROOT = Path(__file__).resolve().parent.parent
VIEW = "pages/cluster/view.py"
PAPERS = "pages/cluster/papers.py"


@pytest.fixture(scope="module")
def cluster_toml(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cluster file of the three fictional ICBs, each folder holding its synthetic trackers."""
    return cluster_file(tmp_path_factory.mktemp("cluster-pages"))


@pytest.fixture
def cluster_app(cluster_toml: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CLUSTER_FILE_VARIABLE, str(cluster_toml))
    monkeypatch.setenv("CCPL_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("CCPL_DATABASE_URL", "")
    return cluster_toml


def run(page: str | None = None, query: dict[str, str] | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=180)
    for name, value in (query or {}).items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    if page is not None:
        app.switch_page(page).run()
        assert not app.exception, [e.value for e in app.exception]
    return app


def words(app: AppTest) -> str:
    parts = [e.value for e in (*app.title, *app.header, *app.subheader, *app.markdown, *app.caption)]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))


def page_links(app: AppTest) -> list[str]:
    return [str(link.proto.label) for link in app.get("page_link")]


def test_the_cluster_group_is_in_the_sidebar_with_several_icbs(cluster_app: Path) -> None:
    app = run()
    assert "Cluster" in [s.value for s in app.sidebar.subheader]
    assert {"Cluster view", "Cluster papers"} <= set(page_links(app))


def test_the_cluster_view_shows_every_icb_side_by_side(cluster_app: Path) -> None:
    app = run(VIEW)
    text = words(app)
    assert "Cluster view" in [t.value for t in app.title]
    for heading in (
        "The five principles, ICB by ICB",
        "Self-assessment against target",
        "Crosswalk: each ICB's themes against the principles",
        "What changed since each ICB's previous snapshot",
    ):
        assert heading in [h.value for h in app.header]
    for org in cluster_sets.FICTIONAL:
        assert org.name in text
    assert "South's Clinical Senate" in text and "West's Professional Assembly" in text
    assert "Resting on few themes in one ICB only" in text
    assert len(app.get("plotly_chart")) == 1
    assert {"North", "South", "West"} <= set(app.dataframe[0].value.columns) | {
        v for frame in app.dataframe for v in frame.value.columns
    }


def test_the_cluster_view_keeps_the_chosen_icb_in_the_address(cluster_app: Path) -> None:
    app = run(VIEW, {"org": "south"})
    assert app.query_params["org"] == "south"
    assert app.sidebar.selectbox(key="f_organisation").value == "south"
    assert all(org.name in words(app) for org in cluster_sets.FICTIONAL)  # the cluster view shows all three


def test_the_cluster_papers_page_offers_the_papers_and_previews_each_icb(cluster_app: Path) -> None:
    app = run(PAPERS)
    text = words(app)
    labels = [str(b.proto.label) for b in app.get("download_button")]
    assert labels == ["Cluster cover report (Word)", "Cluster board pack (HTML)"]
    assert [s.value for s in app.subheader][:4] == [
        "Cluster summary",
        *[o.name for o in cluster_sets.FICTIONAL],
    ]
    assert "Example Cluster brings together 3 ICBs" in text
    assert "South's Clinical Senate considered" in text
    assert "standard wording" in text


def test_with_one_organisation_there_is_no_cluster_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(CLUSTER_FILE_VARIABLE, raising=False)
    monkeypatch.setenv("CCPL_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("CCPL_DATABASE_URL", "")
    app = run()
    assert "Cluster" not in [s.value for s in app.sidebar.subheader]
    assert not {"Cluster view", "Cluster papers"} & set(page_links(app))
