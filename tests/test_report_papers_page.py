"""The Board papers page: everyone downloads the papers of the view; editors write the words, kept per date."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from loaders.tracker_set import DEFAULT_DATA_DIR
from report.paper import PaperTexts
from services.seeding import ensure_ready
from settings import data_dir
from store.db import database_url, make_engine
from store.papers import paper_texts_for
from store.repository import Store
from tests.test_pages import run_page, texts
from tests.test_upload_flow import password_hash, sign_in  # noqa: F401  (fixture)

PAGE = "pages/board/papers.py"


def download_labels(at: AppTest) -> list[str]:
    return [e.proto.label for e in at.get("download_button")]


def test_everyone_can_download_the_papers_of_the_view(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page(PAGE, DEFAULT_DATA_DIR, monkeypatch, as_at="2023-02-08")
    assert not at.exception, at.exception[0].message if at.exception else ""
    assert at.title[0].value == "Board papers"
    labels = download_labels(at)
    assert "Cover report (Word)" in labels and "Board pack (HTML)" in labels
    assert "Appendix A (PowerPoint)" in labels
    assert "Editors can change these words" in texts(at)
    assert not at.text_area  # no editing without signing in as an editor


def test_an_editor_saves_the_words_for_this_paper_and_the_next_starts_from_them(
    monkeypatch: pytest.MonkeyPatch,
    password_hash: str,  # noqa: F811
) -> None:
    monkeypatch.setenv("CCPL_EDITOR_PASSWORD_HASH", password_hash)
    at = run_page(PAGE, DEFAULT_DATA_DIR, monkeypatch, as_at="2023-02-08")
    next(e for e in at.expander if e.label == "Sign in to edit")
    at = sign_in(at)
    assert not at.exception, at.exception[0].message if at.exception else ""
    at.text_input(key="paper_item_2023-02-08").input("10")
    at.text_input(key="paper_sponsor_2023-02-08").input("Chris Weiner **[click](http://example.invalid)**")
    at.text_area(key="paper_legal_2023-02-08").input("Reviewed by legal.\n\nNo issues.")
    next(b for b in at.button if b.label == "Save the written parts").click()
    at.run()
    assert not at.exception, at.exception[0].message if at.exception else ""
    assert "Saved. The papers above now use these words." in [s.value for s in at.success]
    store = Store(make_engine(database_url()))
    ensure_ready(store, data_dir())
    saved = paper_texts_for(store, dt.date(2023, 2, 8))
    assert saved is not None and saved.saved_by == "Sukhi Mahil"
    written = PaperTexts.from_dict(saved.texts)
    assert (written.item, written.sponsor) == ("10", "Chris Weiner **[click](http://example.invalid)**")
    assert written.legal == "Reviewed by legal.\n\nNo issues."
    assert store.audit_entries(1)[0].action == "paper_texts_saved"
    later = paper_texts_for(store, dt.date(2023, 8, 1))
    assert later is not None and PaperTexts.from_dict(later.texts).item == "10"


def test_before_the_first_snapshot_the_page_says_so_instead_of_offering_papers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    at = run_page(PAGE, DEFAULT_DATA_DIR, monkeypatch, as_at="2022-06-01")
    assert not at.exception, at.exception[0].message if at.exception else ""
    said = texts(at)
    assert "No paper can be written as at 1 June 2022" in said and "1 December 2022" in said
    assert download_labels(at) == []  # issue 19 item 4: no paper of a later date offered as this one


def test_the_page_previews_the_written_parts_as_the_paper_prints_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    at = run_page(PAGE, DEFAULT_DATA_DIR, monkeypatch, as_at="2023-02-08")  # a new store: the February words
    assert not at.exception, at.exception[0].message if at.exception else ""
    closed = [
        m.value for m in at.markdown
    ]  # drawn only when opened: twenty members at once pay nothing for it
    assert not any("Substantive Chair" in v for v in closed)
    at.session_state["written_preview"] = True  # the visitor opens the preview
    at.run()
    shown = [m.value for m in at.markdown]
    assert "##### Leadership Roles\\: Substantive Chair \\(Appendix C\\)" in shown
    assert any(v.startswith("> ***The ICB Board approved the new CPLG Chair Job Description") for v in shown)
    assert any(v.startswith("- the Integrated Care Board \\(ICB\\)") for v in shown)
    assert any(c.value.startswith("\\*The NHS Executive highlighted") for c in at.caption)
    assert all(not m.proto.allow_html for m in at.markdown)
