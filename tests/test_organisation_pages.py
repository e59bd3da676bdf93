"""Access per organisation through the app (issue 23): who is signed in for which organisations (a password
finds whose it is; the kept cookie says so), and the manage pages refusing another organisation's data before
any work is done, naming both and what to do. Fictional organisations only."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from access import sessions
from access.organisations import REFUSED_ACTION
from access.passwords import hash_password
from access.settings import load_settings
from loaders.tracker_set import DEFAULT_DATA_DIR
from store import keys
from tests.test_upload_flow import ENTRY, markdown, sign_in
from ui.data import current_cluster, organisation_store

NORTH_PASSWORD = "north editors' password, long enough"
SOUTH_PASSWORD = "south editors' password, long enough"
REFUSAL = "You edit Example ICB North's trackers; this is Example ICB South's"


@pytest.fixture
def cluster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two fictional ICBs (their default trackers are the test workbooks), each with its own editor password."""
    path = tmp_path / "cluster.toml"
    path.write_text(
        'id = "example-cluster"\nname = "Example cluster board"\n'
        f'[[organisations]]\nid = "north"\nname = "Example ICB North"\ndata_dir = "{DEFAULT_DATA_DIR}"\n'
        f'[[organisations]]\nid = "south"\nname = "Example ICB South"\ndata_dir = "{DEFAULT_DATA_DIR}"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("CCPL_CLUSTER_FILE", str(path))
    monkeypatch.setenv("CCPL_EDITOR_PASSWORD_HASH__NORTH", hash_password(NORTH_PASSWORD, n=2**10))
    monkeypatch.setenv("CCPL_EDITOR_PASSWORD_HASH__SOUTH", hash_password(SOUTH_PASSWORD, n=2**10))


def open_page(script: str) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=120).run()
    return at.switch_page(script).run()


def choose(at: AppTest, organisation: str) -> AppTest:
    at.selectbox(key="f_organisation").select(organisation)
    return at.run()


@pytest.mark.usefixtures("cluster")
def test_a_password_signs_in_for_its_own_organisation_and_the_cookie_says_which() -> None:
    at = sign_in(open_page("pages/manage/upload.py"), NORTH_PASSWORD, "Ada North")
    assert not at.exception
    assert at.session_state["_signed_in_for"] == ("north",)
    _, _, body, _ = at.session_state["_sign_in_cookie_script"]
    assert sessions.claimed_organisations(body["token"]) == ("north",)
    assert "Editor of Example ICB North" in markdown(at)
    assert REFUSAL not in markdown(at)  # North's own page
    north_log = organisation_store("north").audit_entries(5)
    assert any(e.action == "sign_in" and e.actor == "Ada North" for e in north_log)
    assert not any(e.action == "sign_in" for e in organisation_store("south").audit_entries(5))


@pytest.mark.usefixtures("cluster")
@pytest.mark.parametrize(
    "script",
    [
        "pages/manage/upload.py",
        "pages/manage/record_assessment.py",
        "pages/manage/update_priorities.py",
        "pages/manage/stored_versions.py",
        "pages/manage/feed_keys.py",
        "pages/board/papers.py",
    ],
)
def test_every_page_that_saves_refuses_another_organisation_before_any_work(script: str) -> None:
    at = sign_in(open_page("pages/manage/upload.py"), NORTH_PASSWORD, "Ada North")
    at = choose(at.switch_page(script).run(), "south")
    assert not at.exception
    shown = markdown(at)
    assert REFUSAL in shown and "Choose Example ICB North in the sidebar" in shown, shown
    assert "administrator" in shown
    at = choose(at, "north")
    assert REFUSAL not in markdown(at)


@pytest.mark.usefixtures("cluster")
def test_a_key_made_on_another_organisations_page_is_refused_and_audited_there() -> None:
    at = sign_in(open_page("pages/manage/feed_keys.py"), NORTH_PASSWORD, "Ada North")
    at = choose(at, "south")
    [name] = [t for t in at.text_input if t.label == "Whose key, and for what"]
    name.input("Power BI: North's team")
    next(b for b in at.get("form_submit_button") if b.label == "Make the key").click()
    at = at.run()
    assert not at.exception
    assert not at.code  # no key shown
    assert any(REFUSAL in e.value and "Nothing was stored." in e.value for e in at.error)
    assert keys.keys(organisation_store("south")) == [] and keys.keys(organisation_store("north")) == []
    [entry] = [e for e in organisation_store("south").audit_entries(10) if e.action == REFUSED_ACTION]
    assert entry.actor == "Ada North"


@pytest.mark.usefixtures("cluster")
def test_an_editor_of_north_makes_norths_key_on_norths_page() -> None:
    at = sign_in(open_page("pages/manage/feed_keys.py"), NORTH_PASSWORD, "Ada North")
    [name] = [t for t in at.text_input if t.label == "Whose key, and for what"]
    name.input("Power BI: North's team")
    next(b for b in at.get("form_submit_button") if b.label == "Make the key").click()
    at = at.run()
    assert not at.exception
    [shown] = [c.value for c in at.code]
    admitted = keys.admit(organisation_store("north"), shown, "test")
    assert admitted.key is not None and admitted.key.organisation == "north"
    assert keys.keys(organisation_store("south")) == []


@pytest.mark.usefixtures("cluster")
def test_with_board_reads_all_off_a_viewer_reads_only_their_own_organisation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CCPL_BOARD_READS_ALL", "false")
    monkeypatch.setenv("CCPL_VIEWER_PASSWORD_HASH__NORTH", hash_password("north board members", n=2**10))
    at = AppTest.from_file(ENTRY, default_timeout=120).run()
    assert "Sign in to view the dashboard." in markdown(at)
    at.text_input(key="sign_in_name_view").input("Bea Board")
    at.text_input(key="sign_in_password_view").input("north board members")
    next(b for b in at.button if b.label == "Sign in").click()
    at = at.run()
    assert not at.exception
    assert "Sign in to view" not in markdown(at) and "only when signed in for it" not in markdown(at)
    at = choose(at, "south")
    assert "You read Example ICB South's pages only when signed in for it" in markdown(at)
    at = choose(at, "north")
    assert "only when signed in for it" not in markdown(at)


@pytest.mark.usefixtures("cluster")
def test_an_identity_provider_sign_in_edits_the_organisations_whose_list_holds_the_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ui import auth

    monkeypatch.setenv("CCPL_EDITORS__SOUTH", "s.editor@nhs.net")
    monkeypatch.setattr(auth, "_oidc_email", lambda: "S.Editor@nhs.net")
    oidc = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x"}}
    config = load_settings(oidc, cluster=current_cluster())
    assert auth.signed_in_editor(config) == "S.Editor@nhs.net"
    assert auth.signed_in_for(config) == {"south"}
    assert auth.editing_store(organisation_store("south"), config).writes_refused is None
    refused = auth.editing_store(organisation_store("north"), config).writes_refused
    assert refused is not None and refused.startswith(
        "You edit Example ICB South's trackers; this is Example ICB North's"
    )
    cluster_texts = auth.cluster_texts_store(config)
    assert cluster_texts.organisation == "example-cluster"
    assert "cluster editor" in (cluster_texts.writes_refused or "")


@pytest.mark.usefixtures("cluster")
def test_a_refused_save_says_why_once_without_asking_to_try_again() -> None:
    at = sign_in(open_page("pages/manage/upload.py"), NORTH_PASSWORD, "Ada North")
    at = choose(at.switch_page("pages/board/papers.py").run(), "south")
    next(b for b in at.get("form_submit_button") if b.label == "Save the written parts").click()
    at = at.run()
    [refused] = [e.value for e in at.error if REFUSAL in e.value]
    assert refused.count("Nothing was") == 1 and "Try again" not in refused
    at = at.switch_page("pages/manage/stored_versions.py").run()
    next(b for b in at.button if b.label.startswith("Restore version")).click()
    at = at.run()
    [refused] = [e.value for e in at.error if REFUSAL in e.value]
    assert refused.count("Nothing was") == 1 and "Try again" not in refused
    south = organisation_store("south")
    assert [e.action for e in south.audit_entries(5)][:2] == ["write_refused", "write_refused"]


CLUSTER_PASSWORD = "cluster editors' password, long enough"


@pytest.mark.usefixtures("cluster")
def test_a_cluster_editor_writes_the_clusters_words_on_cluster_papers_and_an_icb_editor_cannot(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CCPL_CLUSTER_EDITOR_PASSWORD_HASH", hash_password(CLUSTER_PASSWORD, n=2**10))
    cluster_id = current_cluster().id

    at = sign_in(open_page("pages/cluster/papers.py"), NORTH_PASSWORD, "Ada North")
    assert not at.exception
    assert "You edit Example ICB North's trackers" in markdown(at)  # said before any word is typed
    at.text_area(key=next(t.key for t in at.text_area if t.key.startswith("cluster_paper_"))).input(
        "North's try"
    )
    next(b for b in at.button if b.label == "Save the written parts").click()
    at = at.run()
    assert "Nothing was stored" in markdown(at)
    assert organisation_store(cluster_id).for_organisation(cluster_id).versions() == []
    assert not any(e.action == "paper_texts_saved" for e in organisation_store(cluster_id).audit_entries(20))

    at = sign_in(open_page("pages/cluster/papers.py"), CLUSTER_PASSWORD, "Cleo Cluster")
    assert not at.exception and "You edit" not in markdown(at)
    first = next(t for t in at.text_area if t.key.startswith("cluster_paper_"))
    first.input("The cluster board is asked to note each ICB's progress.")
    next(b for b in at.button if b.label == "Save the written parts").click()
    at = at.run()
    assert not at.exception
    assert "Saved. The papers above now use these words." in markdown(at)
    saved = [e for e in organisation_store(cluster_id).audit_entries(20) if e.action == "paper_texts_saved"]
    assert [e.actor for e in saved] == ["Cleo Cluster"]
    assert "Cleo Cluster" not in {e.actor for e in organisation_store("north").audit_entries(50)}
