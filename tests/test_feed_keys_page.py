"""The Feed keys page (pages/manage/feed_keys.py): only editors; a key is shown once, works, and is revoked."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from store import keys
from tests.test_upload_flow import ENTRY, editing, password_hash, sign_in  # noqa: F401  (fixtures)
from ui.data import app_store


def open_keys_page() -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=120).run()
    return at.switch_page("pages/manage/feed_keys.py").run()


def test_viewers_cannot_make_keys() -> None:
    at = open_keys_page()
    assert not at.exception
    assert not [b for b in at.button if b.label == "Make the key"]
    assert not any(f.label == "Make the key" for f in at.get("form_submit_button"))


@pytest.mark.usefixtures("editing")
def test_an_editor_makes_a_key_sees_it_once_and_revokes_it() -> None:
    at = sign_in(open_keys_page())
    assert not at.exception
    [name] = [t for t in at.text_input if t.label == "Whose key, and for what"]
    name.input("Power BI: ICB BI team")
    next(b for b in at.get("form_submit_button") if b.label == "Make the key").click()
    at = at.run()
    assert not at.exception
    [shown] = [c.value for c in at.code]
    store = app_store()
    admitted = keys.admit(store, shown, "test")
    assert admitted.key is not None and admitted.key.name == "Power BI: ICB BI team"
    assert admitted.key.created_by == "Sukhi Mahil"
    at = at.run()  # any later run: the key is no longer on the page
    assert not [c for c in at.code if c.value == shown]
    at.selectbox(key="revoke_choice").select(admitted.key.id)
    at.button(key="revoke_key").click()
    at = at.run()
    assert not at.exception
    assert keys.admit(store, shown, "test").key is None
    assert {e.action for e in store.audit_entries(10)} >= {"feed_key_create", "feed_key_revoke"}
