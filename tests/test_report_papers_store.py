"""The written parts of a board paper round-trip through the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from report.paper import PaperTexts
from store import schema
from store.papers import SAVED_ACTION, paper_texts_for, paper_texts_history, save_paper_texts
from store.repository import Store
from tests.test_store import engine, store  # noqa: F401  (the SQLite and PostgreSQL fixtures)

FEB = dt.date(2023, 2, 8)
AUG = dt.date(2023, 8, 9)
HOSTILE = 'ctrl\x00\x07\x1f <b>x</b> =SUM(1) "quoted" \ud800 ' + "y" * 5000


def test_written_parts_round_trip_with_who_and_when(store: Store) -> None:  # noqa: F811
    texts = PaperTexts().with_changes(
        sponsor="Chris Weiner, Chief Medical Officer",
        item="10",
        narrative=HOSTILE,
        sign_off=[["Finance", HOSTILE, ""]],
    )
    assert "\x00" not in texts.narrative and "\ud800" not in texts.narrative and "y" * 5000 in texts.narrative
    save_paper_texts(store, FEB, texts.to_dict(), "editor@nhs.net")
    saved = paper_texts_for(store, FEB)
    assert saved is not None and saved.saved_by == "editor@nhs.net" and saved.as_at == FEB
    assert saved.saved_at.tzinfo is not None
    assert PaperTexts.from_dict(saved.texts) == texts
    entry = store.audit_entries(1)[0]
    assert (entry.action, entry.actor, entry.detail["as_at"]) == (
        SAVED_ACTION,
        "editor@nhs.net",
        "2023-02-08",
    )


def test_the_next_paper_starts_from_the_last_ones_words(store: Store) -> None:  # noqa: F811
    assert paper_texts_for(store, FEB) is None
    save_paper_texts(store, FEB, PaperTexts(item="10").to_dict(), "first@nhs.net")
    save_paper_texts(store, FEB, PaperTexts(item="11").to_dict(), "second@nhs.net")
    later = paper_texts_for(store, AUG)
    assert later is not None and later.texts["item"] == "11" and later.starts_from_earlier(AUG)
    assert paper_texts_for(store, dt.date(2022, 12, 1)) is None  # nothing earlier than the first paper
    save_paper_texts(store, AUG, PaperTexts(item="7").to_dict(), "third@nhs.net")
    assert paper_texts_for(store, AUG).texts["item"] == "7"
    assert paper_texts_for(store, FEB).texts["item"] == "11"
    assert [s.saved_by for s in paper_texts_history(store, FEB)] == ["second@nhs.net", "first@nhs.net"]


def test_an_older_database_gains_the_table_on_start(engine: Engine) -> None:  # noqa: F811
    # The tables of the last release before Alembic (the baseline revision's, frozen), without paper_texts.
    baseline = (
        ScriptDirectory.from_config(schema.alembic_config()).get_revision(schema.BASELINE).module.baseline
    )
    older = [t for t in baseline.sorted_tables if t.name != "paper_texts"]
    baseline.create_all(engine, tables=older)
    with engine.begin() as connection:
        connection.execute(text("insert into meta (key, value) values ('schema_version', '1')"))
    assert "paper_texts" not in inspect(engine).get_table_names()
    Store(engine).ensure_ready()
    assert "paper_texts" in inspect(engine).get_table_names()


def test_unknown_or_malformed_stored_values_are_read_safely() -> None:
    texts = PaperTexts.from_dict(
        {"item": 10, "nonsense": "x", "sign_off": [["Legal"], "not a row", None], "legal": None}
    )
    assert texts.item == "10" and texts.legal == "None arising."
    assert texts.sign_off == (("Legal", "", ""), ("", "", ""), ("", "", ""))
