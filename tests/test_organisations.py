"""Organisations: the cluster file, each organisation's own store on one database (SQLite and PostgreSQL), and
the sidebar's choice of organisation kept in the address. Only fictional organisations ("Example ICB North")
stand beside Joined Up Care Derbyshire here: nothing is made up about real ICBs."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from domain import DEFAULT_ORGANISATION_ID, SINGLE_CLUSTER, Kind
from loaders.tracker_set import DEFAULT_DATA_DIR
from services.seeding import ensure_ready
from services.trackers import tracker_set_from_store
from settings import (
    CLUSTER_FILE_VARIABLE,
    ClusterFileError,
    cluster,
    organisation_data_dir,
    read_cluster_file,
)
from store import schema
from store.keys import admit, create_key, keys, revoke
from store.papers import paper_texts_for, save_paper_texts
from store.repository import NotYourOrganisation, Store, StoreError
from tests.test_store import engine  # noqa: F401  (the SQLite and PostgreSQL fixture)
from tools.synthetic import write_large_set

ROOT = Path(__file__).resolve().parent.parent
FEB = dt.date(2023, 2, 8)


def cluster_file(folder: Path, body: str) -> Path:
    path = folder / "cluster.toml"
    path.write_text(body, encoding="utf-8")
    return path


THREE = """
id = "example-cluster"
name = "Example cluster board"

[[organisations]]
id = "north"
name = "Example ICB North"
short_name = "North"
group_name = "Clinical senate"
data_dir = "north"

[[organisations]]
id = "south"
name = "Example ICB South"
group_name = "Professional assembly"
data_dir = "south"

[[organisations]]
id = "west"
name = "Example ICB West"
"""


@pytest.fixture(scope="module")
def fictional_sets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cluster")
    write_large_set(folder / "north", themes=6, priorities=40, events=12, agenda=30, seed=3)
    write_large_set(folder / "south", themes=5, priorities=30, events=10, agenda=20, seed=5)
    return folder


# -- the cluster file ---------------------------------------------------------------------------------------


def test_no_cluster_file_is_joined_up_care_derbyshire_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CLUSTER_FILE_VARIABLE, raising=False)
    assert cluster() == SINGLE_CLUSTER and cluster().single
    assert cluster().home.name == "Joined Up Care Derbyshire" and cluster().home.id == DEFAULT_ORGANISATION_ID
    assert organisation_data_dir(DEFAULT_ORGANISATION_ID) == DEFAULT_DATA_DIR
    assert organisation_data_dir("north") is None


def test_a_cluster_file_names_each_organisation_and_its_folder(
    fictional_sets: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = cluster_file(fictional_sets, THREE)
    monkeypatch.setenv(CLUSTER_FILE_VARIABLE, str(path))
    read = cluster()
    assert [o.id for o in read.organisations] == ["north", "south", "west"] and not read.single
    assert read.name == "Example cluster board" and read.id == "example-cluster"
    assert (
        read.organisation("north").label == "North"
        and read.organisation("south").label == "Example ICB South"
    )
    assert read.organisation("south").group_name == "Professional assembly"
    assert read.organisation("west").group_name == "CPLG"  # unless the file says otherwise
    assert organisation_data_dir("north") == (fictional_sets / "north").resolve()
    assert organisation_data_dir("west") is None  # starts empty: its editors upload its trackers
    assert organisation_data_dir(DEFAULT_ORGANISATION_ID) == DEFAULT_DATA_DIR  # not in the file: as before


@pytest.mark.parametrize(
    ("body", "names"),
    [
        ("id = [", "is not valid TOML"),
        ('name = "A board"', "lists no organisations"),
        ('[[organisations]]\nid = "North ICB"\nname = "x"', "organisation 1: id 'North ICB' is not"),
        (
            '[[organisations]]\nid = "n"\nname = "A"\n[[organisations]]\nid = "n"\nname = "B"',
            "organisation 2: id 'n' is listed twice",
        ),
        ('[[organisations]]\nid = "n"', "organisation 1 (n): give it a name"),
        (
            '[[organisations]]\nid = "n"\nname = "A"\ndata_dir = "missing"',
            "data_dir 'missing' is not a folder",
        ),
        ('[[organisations]]\nid = "n"\nname = "A"\nshort_name = 3', "short_name and group_name are text"),
        (
            'id = "n"\n[[organisations]]\nid = "n"\nname = "A"',
            "the cluster's id 'n' is also an organisation's",
        ),
        ('id = "jucd"\n[[organisations]]\nid = "n"\nname = "A"', "id 'jucd' is Joined Up Care Derbyshire's"),
    ],
)
def test_a_bad_cluster_file_says_which_entry_and_what_to_do(tmp_path: Path, body: str, names: str) -> None:
    path = cluster_file(tmp_path, body)
    with pytest.raises(ClusterFileError) as refused:
        read_cluster_file(path)
    assert str(path) in str(refused.value) and names in str(refused.value)


def test_a_missing_cluster_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CLUSTER_FILE_VARIABLE, str(tmp_path / "nowhere.toml"))
    with pytest.raises(ClusterFileError, match="nowhere.toml .CCPL_CLUSTER_FILE. cannot be read"):
        cluster()


# -- one database, a store per organisation -----------------------------------------------------------------


@pytest.fixture
def two_organisations(engine: Engine, fictional_sets: Path) -> Iterator[tuple[Store, Store]]:  # noqa: F811
    derbyshire = Store(engine)
    ensure_ready(derbyshire, DEFAULT_DATA_DIR)
    north = derbyshire.for_organisation("north")
    ensure_ready(north, fictional_sets / "north")
    yield derbyshire, north


def owners(engine: Engine, table: str) -> dict[str, int]:  # noqa: F811
    counted: dict[str, int] = {}
    with engine.connect() as connection:
        for (organisation,) in connection.execute(select(schema.metadata.tables[table].c.organisation)):
            counted[organisation] = counted.get(organisation, 0) + 1
    return counted


def test_each_organisation_reads_and_writes_only_its_own_rows(two_organisations: tuple[Store, Store]) -> None:
    derbyshire, north = two_organisations
    theirs = {v.id for v in derbyshire.versions()}
    ours = {v.id for v in north.versions()}
    assert theirs and ours and not theirs & ours
    assert "framework_2022-12-01.xlsx" in {v.file_name for v in derbyshire.versions()}
    assert "framework_2022-12-01.xlsx" not in {v.file_name for v in north.versions()}
    assert owners(derbyshire.engine, "tracker_versions") == {"jucd": len(theirs), "north": len(ours)}

    # The same date locked in both: one lock per organisation, tracker and date.
    derbyshire.lock_snapshot(FEB, FEB, "editor@derbyshire")
    north.lock_snapshot(FEB, FEB, "editor@north")
    assert [lock.as_at for lock in north.locks()] == [FEB] and [
        lock.as_at for lock in derbyshire.locks()
    ] == [FEB]
    assert set(north.locks()[0].version_ids) <= ours and set(derbyshire.locks()[0].version_ids) <= theirs

    # Written parts, keys and the audit log are the organisation's own.
    save_paper_texts(north, dt.date(2023, 5, 31), {"item": "North's words"}, "editor@north")
    assert paper_texts_for(north, dt.date(2023, 5, 31)).texts == {"item": "North's words"}
    derbyshire_texts = paper_texts_for(derbyshire, dt.date(2023, 5, 31))
    assert derbyshire_texts is None or derbyshire_texts.texts != {"item": "North's words"}
    key, secret = create_key(north, "North analysts", 30, "editor@north")
    assert [k.id for k in keys(north)] == [key.id] and key.id not in [k.id for k in keys(derbyshire)]
    assert admit(derbyshire, secret, "themes.csv").key.organisation == "north"  # the key says whose data
    with pytest.raises(StoreError, match="There is no key"):
        revoke(derbyshire, key.id, "editor@derbyshire")
    assert {e.actor for e in north.audit_entries()} >= {"editor@north"}
    assert "editor@north" not in {e.actor for e in derbyshire.audit_entries()}
    assert any(e.action == "feed_use" for e in north.audit_entries())

    # Another organisation's version is not there to restore or withdraw.
    other = max(theirs)
    with pytest.raises(KeyError):
        north.version(other)
    with pytest.raises(StoreError, match=f"There is no version {other}"):
        north.withdraw(other, "editor@north")
    with pytest.raises(StoreError, match=f"There is no version {other}"):
        north.restore(other, "editor@north")
    assert tracker_set_from_store(derbyshire).current_framework.file_name == "framework_2023-02-08.xlsx"


def test_a_store_read_only_to_another_organisations_editor_refuses_every_save(
    two_organisations: tuple[Store, Store],
) -> None:
    derbyshire, north = two_organisations
    refused = north.for_organisation("north", writes_refused="You edit Joined Up Care Derbyshire's trackers.")
    before = {
        t: owners(north.engine, t) for t in ("tracker_versions", "paper_texts", "snapshot_locks", "feed_keys")
    }
    some = north.versions()[-1]
    attempts = [
        lambda: refused.restore(some.id, "editor@derbyshire"),
        lambda: refused.withdraw(some.id, "editor@derbyshire"),
        lambda: refused.lock_snapshot(FEB, FEB, "editor@derbyshire"),
        lambda: save_paper_texts(refused, FEB, {"item": "x"}, "editor@derbyshire"),
        lambda: create_key(refused, "k", 30, "editor@derbyshire"),
    ]
    for attempt in attempts:
        with pytest.raises(
            NotYourOrganisation, match="You edit Joined Up Care Derbyshire's trackers. Nothing was"
        ):
            attempt()
    after = {t: owners(north.engine, t) for t in before}
    assert after == before
    assert [v.id for v in refused.versions()] == [v.id for v in north.versions()]  # it still reads


def test_an_organisation_without_a_data_folder_starts_empty(engine: Engine) -> None:  # noqa: F811
    derbyshire = Store(engine)
    ensure_ready(derbyshire, DEFAULT_DATA_DIR)
    west = derbyshire.for_organisation("west")
    ensure_ready(west)
    assert west.versions() == [] and west.locks() == [] and not tracker_set_from_store(west).loaded()
    assert not west.defaults_imported() and derbyshire.defaults_imported()
    assert Kind.FRAMEWORK in {v.kind for v in derbyshire.versions()}


# -- the sidebar's choice, kept in the address ----------------------------------------------------------------


@pytest.fixture
def cluster_app(fictional_sets: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CLUSTER_FILE_VARIABLE, str(cluster_file(fictional_sets, THREE)))
    monkeypatch.setenv("CCPL_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("CCPL_DATABASE_URL", "")
    return tmp_path


def run_app(query: dict[str, str] | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for name, value in (query or {}).items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_the_address_chooses_the_organisation_and_the_choice_stays_in_it(cluster_app: Path) -> None:
    first = run_app()
    choice = first.sidebar.selectbox(key="f_organisation")
    assert choice.value == "north" and first.query_params["org"] == "north"
    assert list(choice.options) == [
        "Example ICB North",
        "Example ICB South",
        "Example ICB West",
    ]
    north_metrics = [m.value for m in first.metric]

    south = run_app({"org": "south"})
    assert south.sidebar.selectbox(key="f_organisation").value == "south"
    assert [m.value for m in south.metric] != north_metrics  # South's own priorities

    south.sidebar.selectbox(key="f_organisation").select("west").run()
    assert south.query_params["org"] == "west"
    assert "Example ICB West has no trackers stored yet" in " ".join(i.value for i in south.info)


def test_a_link_to_an_organisation_the_dashboard_does_not_show_says_so(cluster_app: Path) -> None:
    app = run_app({"org": "nottingham"})
    assert app.sidebar.selectbox(key="f_organisation").value == "north"
    assert app.query_params["org"] == "north"
    shown = re.sub(r"\\(.)", r"\1", app.sidebar.warning[0].value)  # as a person reads it (escapes undone)
    assert "does not show ('nottingham'): showing Example ICB North" in shown


def test_with_one_organisation_nothing_is_drawn_and_the_address_has_no_org(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(CLUSTER_FILE_VARIABLE, raising=False)
    monkeypatch.setenv("CCPL_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("CCPL_DATABASE_URL", "")
    app = run_app({"org": "north"})
    assert not [s for s in app.sidebar.selectbox if s.key == "f_organisation"]
    assert "org" not in app.query_params


# -- each organisation's papers from the command line ---------------------------------------------------------


def test_the_papers_command_writes_the_chosen_organisations_papers(
    fictional_sets: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pptx import Presentation

    from exports.__main__ import main
    from loaders.trackers import load_tracker_file

    path = cluster_file(
        fictional_sets, THREE.replace('[[organisations]]\nid = "west"', '[[organisations]]\nid = "jucd"')
    )
    monkeypatch.setenv(CLUSTER_FILE_VARIABLE, str(path))
    monkeypatch.setenv("CCPL_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("CCPL_DATABASE_URL", "")
    assert main(["papers", str(tmp_path / "north"), "--organisation", "north", "--no-pdf"]) == 0
    deck = Presentation(str(tmp_path / "north" / "appendix-a.pptx"))
    text = "\n".join(s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame)
    text += "\n".join(
        c.text
        for slide in deck.slides
        for s in slide.shapes
        if s.has_table
        for r in s.table.rows
        for c in r.cells
    )
    north_themes = load_tracker_file(fictional_sets / "north" / "framework_2023-05-31.xlsx").tables["themes"]
    derbyshire_themes = load_tracker_file(DEFAULT_DATA_DIR / "framework_2023-02-08.xlsx").tables["themes"]
    assert all(name in text for name in north_themes["theme"])
    distinctive = [name for name in derbyshire_themes["theme"] if " " in name]  # not "Support" (Supported…)
    assert len(distinctive) >= 6 and not any(name in text for name in distinctive)

    with pytest.raises(SystemExit) as refused:
        main(["papers", str(tmp_path / "x"), "--organisation", "nottingham", "--no-pdf"])
    assert refused.value.code == 2
    assert "'nottingham' is not an organisation of this dashboard: choose north (Example ICB North)" in (
        capsys.readouterr().err
    )


def test_the_cluster_pages_offer_only_the_date_and_keep_the_icbs_filters_for_its_pages(
    cluster_app: Path,
) -> None:
    app = run_app({"org": "north"})
    themes = app.sidebar.pills(key="f_themes")
    chosen = list(themes.options[:2])
    themes.set_value(chosen).run()
    chosen = app.sidebar.pills(key="f_themes").value
    assert len(chosen) == 2 and "theme" in app.query_params

    app.switch_page("pages/cluster/view.py").run()
    assert not app.exception
    assert not [p for p in app.sidebar.pills if p.key == "f_themes"]  # only the date: themes are one ICB's
    assert app.sidebar.text_input(key="f_as_at").value
    assert "theme" not in app.query_params and app.query_params["org"] == "north"

    app.switch_page("pages/board/overview.py").run()
    assert app.sidebar.pills(key="f_themes").value == chosen  # kept for North's own pages


def test_a_cluster_file_the_app_cannot_use_is_a_plain_message_and_the_log_names_the_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = cluster_file(tmp_path, '[[organisations]]\nid = "North ICB"\nname = "Example ICB North"')
    monkeypatch.setenv(CLUSTER_FILE_VARIABLE, str(path))
    monkeypatch.setenv("CCPL_STATE_DIR", str(tmp_path / "state"))
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120).run()
    assert not app.exception
    assert "name organisations it cannot read" in app.error[0].value
    assert "North ICB" not in app.error[0].value  # the details are the operator's
    assert any(str(path) in r.getMessage() and "'North ICB' is not" in r.getMessage() for r in caplog.records)


def test_a_link_with_markdown_for_an_organisation_shows_it_as_typed(cluster_app: Path) -> None:
    app = run_app({"org": "[Sign in here](http://evil.example)"})
    note = app.sidebar.warning[0].value
    assert "\\[Sign in here\\]" in note and "](http" not in note.replace("\\]", "")  # no link drawn
