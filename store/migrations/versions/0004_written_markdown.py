"""The written parts of the papers are read in a Markdown subset (report.written): texts saved as plain text
before it are escaped here, so each prints exactly as it did.

What plain text would now read as markup (a line starting '- ', '1. ', '#' or '>', an asterisk or underscore,
a backslash) is escaped with a backslash, in the parts read as markup (report.paper.MARKUP_PARTS at this
revision, listed below); the one-line parts and the list of appendices are plain text and are not touched.
Trailing spaces at the end of a line are dropped (two would now keep a line break). The downgrade takes the
escapes out again. The escaping rule is copied here, frozen, as a revision must not change with the code.

Revision ID: 0004_written_markdown
Revises: 0003_change_reasons
Create Date: 2026-12-06
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from alembic import op
from sqlalchemy import JSON, Column, Date, DateTime, Integer, MetaData, String, Table, select

revision = "0004_written_markdown"
down_revision = "0003_change_reasons"
branch_labels = None
depends_on = None

MARKUP_PARTS = (
    "purpose",
    "recommendation",
    "reasons",
    "narrative",
    "engagement_narrative",
    "other_options",
    "financial",
    "legal",
    "climate",
    "socio_economic",
    "other_implications",
)

_LINE_START = re.compile(r"^([ \t]*)(#|>|[-+*](?=[ \t]|$)|\d{1,9}(?=[.)](?:[ \t]|$)))", re.MULTILINE)
_INLINE = re.compile(r"([*_])")
_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _marker(match: re.Match[str]) -> str:
    indent, marker = match.group(1), match.group(2)
    if marker.isdigit():
        return f"{indent}{marker}\\"
    if marker == "*":
        return match.group(0)
    return f"{indent}\\{marker}"


def escape_plain(text: str) -> str:
    """report.written.escape_plain as at this revision."""
    if not text:
        return text
    value = _TRAILING.sub("", text.replace("\\", "\\\\"))
    value = _LINE_START.sub(_marker, _INLINE.sub(r"\\\1", value))
    return re.sub(r"^(?=\\\*)", " ", value, flags=re.MULTILINE)


def unescape_plain(text: str) -> str:
    """report.written.unescape_plain as at this revision."""
    if not text:
        return text
    return _UNESCAPE.sub(r"\1", re.sub(r"^ (?=\\\*)", "", text, flags=re.MULTILINE))


def _paper_texts() -> Table:
    return Table(
        "paper_texts",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("as_at", Date),
        Column("texts", JSON),
        Column("saved_by", String(255)),
        Column("saved_at", DateTime(timezone=True)),
    )


def _rewrite(change: Callable[[str], str]) -> None:
    table = _paper_texts()
    connection = op.get_bind()
    for row in connection.execute(select(table.c.id, table.c.texts)).all():
        texts: dict[str, Any] = dict(row.texts or {})
        new = {k: change(v) if k in MARKUP_PARTS and isinstance(v, str) else v for k, v in texts.items()}
        if new != texts:
            connection.execute(table.update().where(table.c.id == row.id).values(texts=new))


def upgrade() -> None:
    _rewrite(escape_plain)


def downgrade() -> None:
    _rewrite(unescape_plain)
