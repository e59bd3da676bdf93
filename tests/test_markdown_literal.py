"""Tracker text through ui.components.md() reads back exactly as typed when a CommonMark renderer draws it:
no emphasis, link, heading, list, entity or escape is made from it (Streamlit's st.markdown is CommonMark)."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from ui.components import md

RENDERER = MarkdownIt("commonmark")
WORD_JOINER = "\u2060"


def drawn(text: str) -> str:
    """The text a reader sees when the escaped text is drawn (tags dropped, entities decoded)."""
    rendered = RENDERER.render(md(text))
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).replace(WORD_JOINER, "")


def _words(text: str) -> str:
    return " ".join(text.split())


def test_entities_typed_into_a_tracker_stay_as_typed() -> None:
    for typed in ("R&amp;D", "&lt;script&gt;", "&#169; NHS", "Q&A", "&copy;"):
        assert _words(drawn(typed)) == typed


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab 1.-*_#&;<>[]()!`\\~|=+:/@"))
        | st.characters(blacklist_categories=("Cc", "Cs")),
        max_size=60,
    )
)
def test_any_single_line_text_reads_back_as_typed(typed: str) -> None:
    line = _words(typed.replace("\r", " ").replace("\n", " "))
    assert _words(drawn(line)) == line
