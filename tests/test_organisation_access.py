"""Access per organisation (issue 23), on SQLite and PostgreSQL: for every write path, an editor of one
organisation cannot write another's (refused, saying whose it is and what to do; nothing stored: every table's
rows compared before and after, the only new row the refusal in the other organisation's audit log) and can
write their own. The store is derived as the app derives it (access.organisations.writable_store, from the
organisations the editor's password matched in access.settings); the organisations are fictional."""

# ruff: noqa: F811  (the engine fixture, imported from tests.test_store, is a parameter of the tests)
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from access import sessions
from access.organisations import REFUSED_ACTION, writable_store
from access.passwords import hash_password, verify_password
from access.settings import AccessSettings, load_settings
from domain import Cluster, Kind, Organisation
from loaders.assessment_round import file_name, round_workbook
from loaders.tracker_set import DEFAULT_DATA_DIR
from loaders.trackers import load_tracker, load_tracker_file
from services import uploads
from services.edits import Draft, check_edit, editable_table, save_edit
from services.feed_keys import KeyRefused, make_key, revoke_key
from services.locks import lock_snapshot
from services.papers import SaveRefused, save_written_parts, written_parts
from services.trackers import tracker_set_from_store
from services.version_history import restore, set_withdrawn
from store import keys
from store.repository import NewVersion, NotYourOrganisation, Store, StoreError
from store.schema import metadata
from tests.test_store import engine  # noqa: F401  (SQLite and PostgreSQL)
from tests.test_upload_flow import updated_framework
from web import signin

NORTH = Organisation("north", "Example ICB North", short_name="North", group_name="Clinical senate")
SOUTH = Organisation("south", "Example ICB South", short_name="South", group_name="Professional assembly")
CLUSTER = Cluster("example-cluster", "Example cluster board", (NORTH, SOUTH))
PASSWORDS = {"north": "north editors' password", "south": "south editors' password"}
CLUSTER_PASSWORD = "cluster editors' password"
FEB = dt.date(2023, 2, 8)


@functools.cache
def hashes() -> dict[str, str]:
    made = {org: hash_password(pw, n=2**10) for org, pw in PASSWORDS.items()}
    return {**made, "cluster": hash_password(CLUSTER_PASSWORD, n=2**10)}


def settings() -> AccessSettings:
    """Per-organisation passwords as a server is given them (the environment), for the fictional cluster."""
    environ = {
        "CCPL_EDITOR_PASSWORD_HASH__NORTH": hashes()["north"],
        "CCPL_EDITOR_PASSWORD_HASH__SOUTH": hashes()["south"],
        "CCPL_CLUSTER_EDITOR_PASSWORD_HASH": hashes()["cluster"],
    }
    return load_settings({}, environ=environ, cluster=CLUSTER)


def signed_in_for(password: str) -> tuple[str, ...]:
    """What a password sign-in grants (as ui.auth's sign-in form asks the settings)."""
    return settings().password_owners("edit", lambda encoded: verify_password(password, encoded))


@functools.cache
def default_versions() -> tuple[NewVersion, ...]:
    paths = sorted(DEFAULT_DATA_DIR.glob("*.xlsx"))
    return tuple(uploads.new_version(load_tracker_file(p), p.read_bytes()) for p in paths)


@pytest.fixture
def database(engine: Engine) -> Store:
    """One database holding North's and South's trackers (the same test workbooks under each)."""
    base = Store(engine)
    base.ensure_ready()
    for organisation in CLUSTER.organisations:
        base.for_organisation(organisation.id).import_defaults(list(default_versions()))
    return base


def every_row(engine: Engine) -> dict[str, list[tuple]]:
    with engine.connect() as connection:
        return {
            table.name: sorted((tuple(map(repr, row)) for row in connection.execute(select(table))), key=str)
            for table in metadata.sorted_tables
        }


def editors_store(database: Store, password: str, target: str, editor: str = "Ada Editor") -> Store:
    """The store an editor signed in with `password` writes `target`'s data through, as the app derives it."""
    return writable_store(database.for_organisation(target), signed_in_for(password), CLUSTER, editor)


# -- the write paths --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class WritePath:
    name: str
    prepare: Callable[[Store], object]
    """Run as the target organisation's own editor before the attempt (e.g. a version to reinstate)."""
    write: Callable[[Store, object], object]
    """The write, through the store the editor was given."""


def _upload(store: Store, _: object) -> object:
    content = updated_framework("2023-03-01")
    return uploads.store_checked(
        store, [(content, load_tracker(content, "framework_2023-03-01.xlsx"))], "Ada"
    )


def _save_batch(store: Store, _: object) -> object:
    content = updated_framework("2023-04-01")
    loaded = load_tracker(content, "framework_2023-04-01.xlsx")
    return uploads.save_batch(store, [uploads.new_version(loaded, content)], "Ada", "April")


def _a_version(store: Store) -> int:
    return next(v.id for v in store.versions(Kind.CPLG))


def _withdrawn(store: Store) -> int:
    version = _a_version(store)
    set_withdrawn(store, version, True, "Their own editor", "mistyped")
    return version


def _edit(store: Store, _: object) -> object:
    current = tracker_set_from_store(store)
    base = next(t for t in current.framework if t.as_at.date() == FEB)
    edited = editable_table(base)
    edited.loc[edited["priority_id"] == "P07", "status"] = "Complete"
    checked = check_edit(store, current, Draft(base=base, edited=edited, as_at=FEB, editor="Ada"))
    assert checked.ok, checked.tracker.problems
    return save_edit(store, current, checked)


def _assessment_round(store: Store, _: object) -> object:
    current = tracker_set_from_store(store)
    when = dt.date(2024, 3, 12)
    content = round_workbook(
        current.table(Kind.ASSESSMENT, "assessments"),
        current.table(Kind.ASSESSMENT, "levels"),
        [{"principle": p, "level": 2, "rationale": "In part", "evidence": ()} for p in range(1, 6)],
        when,
        "Ada",
    )
    tracker = load_tracker(content, file_name(when), Kind.ASSESSMENT)
    assert tracker.ok, tracker.errors
    return uploads.store_checked(store, [(content, tracker)], "Ada", "Recorded on the assessment form")


def _a_key(store: Store) -> int:
    return keys.create_key(store, "Power BI: their own", 30, "Their own editor")[0].id


WRITE_PATHS = [
    WritePath("upload", lambda s: None, _upload),
    WritePath("save_batch", lambda s: None, _save_batch),
    WritePath("restore", _a_version, lambda s, v: restore(s, v, "Ada", "back")),
    WritePath("withdraw", _a_version, lambda s, v: set_withdrawn(s, v, True, "Ada", "wrong date")),
    WritePath("reinstate", _withdrawn, lambda s, v: set_withdrawn(s, v, False, "Ada", "right after all")),
    WritePath("edit", lambda s: None, _edit),
    WritePath("assessment_round", lambda s: None, _assessment_round),
    WritePath("lock", lambda s: None, lambda s, _: lock_snapshot(s, FEB, FEB + dt.timedelta(days=7), "Ada")),
    WritePath(
        "written_parts",
        lambda s: None,
        lambda s, _: save_written_parts(s, FEB, {"summary": "Our words"}, "Ada"),
    ),
    WritePath("feed_key_create", lambda s: None, lambda s, _: make_key(s, "Power BI: BI team", 30, "Ada")),
    WritePath("feed_key_revoke", _a_key, lambda s, key: revoke_key(s, key, "Ada")),
]
REFUSALS = (NotYourOrganisation, SaveRefused, KeyRefused)


@pytest.mark.parametrize("path", WRITE_PATHS, ids=lambda p: p.name)
def test_an_editor_of_north_cannot_write_souths(database: Store, path: WritePath) -> None:
    prepared = path.prepare(database.for_organisation("south"))
    before = every_row(database.engine)
    store = editors_store(database, PASSWORDS["north"], "south")
    with pytest.raises(REFUSALS) as refused:
        path.write(store, prepared)
    message = str(refused.value)
    assert "You edit Example ICB North's trackers; this is Example ICB South's" in message
    assert "Choose Example ICB North in the sidebar" in message and "administrator" in message
    assert "Nothing was stored." in message
    after = every_row(database.engine)
    assert {name: rows for name, rows in after.items() if name != "audit_log"} == {
        name: rows for name, rows in before.items() if name != "audit_log"
    }
    added = [row for row in after["audit_log"] if row not in before["audit_log"]]
    assert len(added) == 1  # the refusal, in South's own log, naming who tried
    [entry] = database.for_organisation("south").audit_entries(1)
    assert (entry.actor, entry.action, entry.outcome) == ("Ada Editor", REFUSED_ACTION, "refused")
    assert not any(e.action == REFUSED_ACTION for e in database.for_organisation("north").audit_entries())


@pytest.mark.parametrize("path", WRITE_PATHS, ids=lambda p: p.name)
def test_an_editor_of_north_writes_norths(database: Store, path: WritePath) -> None:
    prepared = path.prepare(database.for_organisation("north"))
    south_before = every_row(database.engine)
    store = editors_store(database, PASSWORDS["north"], "north")
    path.write(store, prepared)
    after = every_row(database.engine)
    assert after != south_before  # stored
    north_log = database.for_organisation("north").audit_entries(5)
    assert north_log and north_log[0].action != REFUSED_ACTION  # the write, in North's own log
    assert not any(e.action == REFUSED_ACTION for e in database.for_organisation("south").audit_entries())


# -- the cluster's own texts ----------------------------------------------------------------------------------
def test_a_cluster_editor_writes_the_cluster_texts_and_no_icbs_trackers(database: Store) -> None:
    assert signed_in_for(CLUSTER_PASSWORD) == (CLUSTER.id,)
    texts = editors_store(database, CLUSTER_PASSWORD, CLUSTER.id, "Cleo Cluster")
    save_written_parts(texts, FEB, {"summary": "Across the cluster"}, "Cleo Cluster")
    saved = written_parts(database.for_organisation(CLUSTER.id), FEB)
    assert saved is not None and saved.texts == {"summary": "Across the cluster"}
    assert written_parts(database.for_organisation("north"), FEB) is None  # not North's
    for organisation in ("north", "south"):
        before = every_row(database.engine)
        with pytest.raises(NotYourOrganisation) as refused:
            _upload(editors_store(database, CLUSTER_PASSWORD, organisation, "Cleo Cluster"), None)
        assert f"You edit {CLUSTER.name}'s own texts" in str(refused.value)
        after = every_row(database.engine)
        assert after["tracker_versions"] == before["tracker_versions"]


def test_an_icb_editor_cannot_write_the_cluster_texts(database: Store) -> None:
    before = every_row(database.engine)
    store = editors_store(database, PASSWORDS["south"], CLUSTER.id)
    with pytest.raises(SaveRefused) as refused:
        save_written_parts(store, FEB, {"summary": "Not ours to write"}, "Ada")
    assert "Example cluster board's own texts are written by its cluster editors" in str(refused.value)
    assert "cluster editor" in str(refused.value) and "Nothing was stored." in str(refused.value)
    after = every_row(database.engine)
    assert after["paper_texts"] == before["paper_texts"]
    assert written_parts(database.for_organisation(CLUSTER.id), FEB) is None


def test_a_key_id_of_another_organisation_is_not_found_through_ones_own_store(database: Store) -> None:
    souths = _a_key(database.for_organisation("south"))
    with pytest.raises(KeyRefused, match="There is no key"):
        revoke_key(editors_store(database, PASSWORDS["north"], "north"), souths, "Ada")
    assert not next(k for k in keys.keys(database.for_organisation("south")) if k.id == souths).revoked


def test_a_store_refuses_writes_for_no_sign_in_at_all(database: Store) -> None:
    store = writable_store(database.for_organisation("north"), (), CLUSTER)
    with pytest.raises(StoreError, match="not signed in as an editor of Example ICB North"):
        _upload(store, None)


# -- the settings ---------------------------------------------------------------------------------------------
def test_each_organisation_has_its_own_password_and_allow_list() -> None:
    secrets = {
        "ccpl": {
            "organisations": {
                "north": {"editor_password_hash": hashes()["north"], "editors": ["N.Editor@nhs.net"]},
                "south": {"editors": ["s.editor@nhs.net"]},
                "elsewhere": {"editors": ["stranger@nhs.net"]},  # not in the cluster: ignored
            },
            "cluster_editors": ["cleo@nhs.net"],
        },
        "auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x"},
    }
    config = load_settings(
        secrets, environ={"CCPL_EDITOR_PASSWORD_HASH__SOUTH": hashes()["south"]}, cluster=CLUSTER
    )
    assert config.home == "north"  # no Joined Up Care Derbyshire in this cluster: the first is the home
    assert config.owners == ("north", "south", CLUSTER.id)
    assert config.email_owners("n.editor@nhs.net ") == {"north"}
    assert config.email_owners("s.editor@nhs.net") == {"south"}
    assert config.email_owners("cleo@nhs.net") == {CLUSTER.id}
    assert config.email_owners("stranger@nhs.net") == frozenset() and config.editing_enabled
    assert config.password_owners("edit", lambda h: verify_password(PASSWORDS["south"], h)) == ("south",)
    assert config.password_owners("edit", lambda h: verify_password("guess", h)) == ()
    assert config.credential("edit", ["south"]) == hashes()["south"]


def test_the_top_level_settings_are_joined_up_care_derbyshires_and_one_organisation_is_unchanged() -> None:
    derbyshire_and_north = Cluster(
        "c", "Example cluster board", (NORTH, Organisation("jucd", "Joined Up Care Derbyshire"))
    )
    environ = {"CCPL_EDITOR_PASSWORD_HASH": hashes()["south"], "CCPL_EDITORS__NORTH": "n@nhs.net,m@nhs.net"}
    config = load_settings({}, environ=environ, cluster=derbyshire_and_north)
    assert config.home == "jucd" and config.password_hash("edit", "jucd") == hashes()["south"]
    assert config.password_hash("edit", "north") is None
    assert config.access_of("north").editors == {"n@nhs.net", "m@nhs.net"}
    single = load_settings({"ccpl": {"editor_password_hash": hashes()["north"]}}, environ={})
    assert single.owners == ("jucd",) and single.cluster_id is None
    assert single.password_owners("edit", lambda h: verify_password(PASSWORDS["north"], h)) == ("jucd",)
    assert single.credential("edit", ["jucd"]) == single.editor_password_hash  # kept cookies still read
    assert single.board_reads_all and single.readable((), "jucd")


def test_board_members_read_all_unless_configured_otherwise() -> None:
    closed = load_settings({"ccpl": {"board_reads_all": False}}, environ={}, cluster=CLUSTER)
    assert not closed.readable(("north",), "south") and closed.readable(("north",), "north")
    assert closed.readable((CLUSTER.id,), "south")  # the cluster editors read every organisation
    assert (
        load_settings({}, environ={"CCPL_BOARD_READS_ALL": "false"}, cluster=CLUSTER).board_reads_all is False
    )


# -- the kept sign-in -------------------------------------------------------------------------------------------
SECRET = b"an organisations test secret, long enough for signing 0123456789"


def test_the_kept_sign_in_names_its_organisations_and_is_bound_to_their_passwords() -> None:
    config = settings()
    sign_in = sessions.start("Ada Editor", "edit", 10, organisations=signed_in_for(PASSWORDS["north"]))
    cookie = sessions.cookie_value(sign_in, SECRET, config.credential("edit", ("north",)))
    claimed = sessions.claimed_organisations(cookie)
    assert claimed == ("north",)
    assert sessions.read_cookie(cookie, SECRET, config.credential("edit", claimed)) == sign_in
    # Claiming South with North's signature is refused, whichever hashes it is checked against.
    signature = cookie.split(".")[1]
    other = dataclasses.replace(sign_in, organisations=("south",))
    forged = sessions.cookie_value(other, SECRET, "any").split(".")[0] + "." + signature
    assert sessions.read_cookie(forged, SECRET, config.credential("edit", ("south",))) is None
    assert sessions.read_cookie(forged, SECRET, config.credential("edit", ("north",))) is None
    # A new password for North ends the sign-ins made with the old one.
    renewed = load_settings(
        {}, environ={"CCPL_EDITOR_PASSWORD_HASH__NORTH": hash_password("new", n=2**10)}, cluster=CLUSTER
    )
    assert sessions.read_cookie(cookie, SECRET, renewed.credential("edit", claimed)) is None


def test_the_sign_in_route_keeps_a_sign_in_for_its_organisation(database: Store) -> None:
    config = dataclasses.replace(settings(), sign_in_secret=SECRET.decode())
    app = Starlette(routes=signin.routes("", settings=lambda: config, store=lambda: database))
    sign_in = sessions.start("Ada Editor", "edit", 10, organisations=("south",))
    secret = sessions.secret_key(config.sign_in_secret, Path("unused"))
    token = sessions.one_time_token(sign_in, secret, config.credential("edit", ("south",)))
    with TestClient(app, base_url="http://testserver") as client:
        response = client.post(
            "/sign-in", json={"token": token, "purpose": "edit"}, headers={"Origin": "http://testserver"}
        )
    assert response.status_code == 200, response.text
    kept = sessions.read_cookie(response.cookies[sessions.COOKIE], secret, hashes()["south"])
    assert kept == sign_in and kept.organisations == ("south",)


def test_the_refusals_name_both_and_what_to_do() -> None:
    from access.organisations import refusal

    assert refusal(CLUSTER, ("north",), "north") is None
    assert refusal(CLUSTER, ("north", "south"), "south") is None
    assert refusal(CLUSTER, ("example-cluster",), "north") == (
        "You edit Example cluster board's own texts; this is Example ICB North's, so nothing can be saved here. "
        "Ask the dashboard's administrator to make you an editor of Example ICB North."
    )
    assert refusal(CLUSTER, ("north",), "example-cluster") == (
        "You edit Example ICB North's trackers; Example cluster board's own texts are written by its cluster "
        "editors, so nothing can be saved here. Ask the dashboard's administrator to make you a cluster editor."
    )
