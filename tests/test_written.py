"""Written parts in the Markdown subset (report.written): the blocks every renderer reads, and plain text saved
before the subset reading back exactly as it printed."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from report.written import (
    Bullets,
    Decision,
    Footnote,
    Numbered,
    Paragraph,
    Run,
    Subheading,
    blocks,
    escape_plain,
    numbered_count,
    plain_paragraphs,
    text_of,
    unescape_plain,
)


def old_paragraphs(text: str) -> list[str]:
    """How report.paper.paragraphs read a written part before the subset (the rule the upgrade keeps)."""
    parts = [re.sub(r"\s*\n\s*", " ", p).strip() for p in re.split(r"\n\s*\n", text or "")]
    return [p for p in parts if p]


SEED_LIKE = """4.3 opening line
which goes on.

- first *italic* bullet;
- second **bold** one

1. Understand what CCPL is
2. Map what exists

### Leadership Roles: Substantive Chair (Appendix C)

\\*The NHS Executive highlighted the importance.

> The ICB Board approved the new CPLG ToR.

*GP Clinical Leads Resourcing*\\
There is a need to align.

***both*** <b>raw</b> [link](http://x) `code` &amp; | a | b |
"""


def test_each_form_of_the_subset_is_a_block_of_its_own() -> None:
    parsed = blocks(SEED_LIKE)
    assert [type(b) for b in parsed] == [
        Paragraph,
        Bullets,
        Numbered,
        Subheading,
        Footnote,
        Decision,
        Paragraph,
        Paragraph,
    ]
    assert parsed[0].runs == (Run("4.3 opening line which goes on."),)
    assert parsed[1].items == (
        (Run("first "), Run("italic", italic=True), Run(" bullet;")),
        (Run("second "), Run("bold", bold=True), Run(" one")),
    )
    assert [text_of(i) for i in parsed[2].items] == ["Understand what CCPL is", "Map what exists"]
    assert text_of(parsed[3].runs) == "Leadership Roles: Substantive Chair (Appendix C)"
    assert text_of(parsed[4].runs) == "*The NHS Executive highlighted the importance."
    assert parsed[5].runs == (Run("The ICB Board approved the new CPLG ToR.", bold=True, italic=True),)
    assert parsed[6].runs == (
        Run("GP Clinical Leads Resourcing", italic=True),
        Run("\nThere is a need to align."),
    )
    # outside the subset: printed as typed
    assert parsed[7].runs[0] == Run("both", bold=True, italic=True)
    assert text_of(parsed[7].runs) == "both <b>raw</b> [link](http://x) `code` &amp; | a | b |"
    assert numbered_count(SEED_LIKE) == 3


def test_other_heading_levels_print_as_typed() -> None:
    assert [text_of(b.runs) for b in blocks("# One\n\n## Two")] == ["# One", "## Two"]


def test_escaped_plain_text_reads_back_as_it_was_written() -> None:
    text = (
        "- not a bullet\n1. not a list\n# not a heading\n> not a decision\n*star* _under_ back\\slash  \nend"
    )
    assert plain_paragraphs(escape_plain(text)) == old_paragraphs(text)
    assert all(isinstance(b, Paragraph) for b in blocks(escape_plain(text)))
    assert unescape_plain(escape_plain(text)) == text.replace("  \n", "\n")


plain_text = st.text(
    alphabet=st.sampled_from(list("ab -*_#>\\1.)+ \n\t`[]<&!"))
    | st.characters(categories=["L", "N", "P", "S"]),
    max_size=80,
)
"""Written parts as stored: letters, digits, punctuation and symbols of any script, spaces, tabs and line
breaks (a browser's '\\r\\n' arrives as '\\n'; control characters are dropped by formatting.xml_text)."""


@settings(max_examples=400, deadline=None)
@given(plain_text)
def test_any_plain_text_escaped_prints_exactly_as_before(text: str) -> None:
    escaped = escape_plain(text)
    parsed = blocks(escaped)
    assert all(isinstance(b, Paragraph) for b in parsed)  # every paragraph stays a numbered paragraph
    assert [text_of(b.runs) for b in parsed] == old_paragraphs(text)
    assert all(not (run.bold or run.italic) for b in parsed for run in b.runs)
    assert unescape_plain(escaped) == re.sub(r"[ \t]+$", "", text, flags=re.MULTILINE)
