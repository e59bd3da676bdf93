"""Revision 0004_written_markdown: written parts saved as plain text before the Markdown subset print exactly as
they did after the upgrade (escaped), and the downgrade gives back what was stored. SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from alembic import command
from sqlalchemy import Engine, select

from report.written import Paragraph, blocks, text_of
from store import schema
from store.repository import Store
from tests.test_migrations import every_row, previous_release_store, revision_of
from tests.test_store import engine  # noqa: F401  (the SQLite and PostgreSQL fixture)

PLAIN = {
    "narrative": "- not a bullet\n1. not a list\n\n# not a heading\n> not a decision\n\n"
    "*stars* and _underscores_ and a back\\slash  \nand ***more***",
    "purpose": "*The NHS Executive note (a literal asterisk opening a paragraph)",
    "legal": "10.5 per cent\n2) second",
    "title": "A *title* is plain text",  # not read as markup: left as it is
    "appendices": "- Appendix A",  # one appendix a line, plain text: left as it is
}


def old_paragraphs(text: str) -> list[str]:
    parts = [re.sub(r"\s*\n\s*", " ", p).strip() for p in re.split(r"\n\s*\n", text or "")]
    return [p for p in parts if p]


def _to(db: Engine, revision: str, down: bool = False) -> None:
    with db.begin() as connection:
        (command.downgrade if down else command.upgrade)(schema.alembic_config(connection), revision)


def _texts(db: Engine) -> dict[str, str]:
    with db.connect() as connection:
        return dict(connection.execute(select(schema.paper_texts.c.texts)).scalar_one())


def test_plain_texts_print_as_before_after_the_upgrade_and_come_back_on_downgrade(
    engine: Engine,  # noqa: F811
) -> None:
    _to(engine, "0003_change_reasons")
    with engine.begin() as connection:
        connection.execute(
            schema.paper_texts.insert().values(
                as_at=dt.date(2023, 2, 8),
                texts=PLAIN,
                saved_by="writer@nhs.net",
                saved_at=dt.datetime.now(dt.UTC),
            )
        )
    _to(engine, "0004_written_markdown")  # the later revisions are never downgraded: stop at this one
    upgraded = _texts(engine)
    assert upgraded["title"] == PLAIN["title"] and upgraded["appendices"] == PLAIN["appendices"]
    for key in ("narrative", "purpose", "legal"):
        assert upgraded[key] != PLAIN[key]
        parsed = blocks(upgraded[key])
        assert all(isinstance(b, Paragraph) for b in parsed), key  # still numbered paragraphs, no lists
        assert [text_of(b.runs) for b in parsed] == old_paragraphs(PLAIN[key])
        assert not any(r.bold or r.italic for b in parsed for r in b.runs)
    _to(engine, "0003_change_reasons", down=True)
    restored = _texts(engine)
    assert restored == {**PLAIN, "narrative": PLAIN["narrative"].replace("  \n", "\n")}
    Store(engine).ensure_ready()  # and the app upgrades it to the head again, as before
    assert revision_of(engine) == schema.head_revision()
    assert _texts(engine) == upgraded


def test_the_previous_release_store_upgrades_with_its_texts_unchanged(
    engine: Engine,  # noqa: F811
    tmp_path: Path,
) -> None:
    old = previous_release_store(engine, tmp_path)
    before = every_row(old)["paper_texts"]
    Store(old).ensure_ready()
    assert every_row(old)["paper_texts"] == before  # 'February words', 'March words': nothing to escape
    if old is not engine:
        old.dispose()
