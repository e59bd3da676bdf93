"""The written parts of the cover report previewed on the Board papers page, as the papers print them.

Reads report.written's blocks (nothing here parses the text) and writes each run through ui.components.md(),
so only the subset's own emphasis, lists and headings become Markdown: whatever else an editor typed shows as
typed. No unsafe_allow_html.
"""

from __future__ import annotations

import streamlit as st

from report.paper import SECTION_KEYS, SECTION_TITLES, PaperTexts
from report.written import LINE_BREAK, Bullets, Decision, Footnote, Numbered, Run, Subheading, blocks
from ui.components import md


def _run(run: Run, bold: bool = False, italic: bool = False) -> str:
    text = "  \n".join(md(line) for line in run.text.strip(" ").split(LINE_BREAK))
    if not text:
        return run.text
    mark = ("**" if run.bold or bold else "") + ("*" if run.italic or italic else "")
    lead = " " if run.text.startswith(" ") else ""
    trail = " " if run.text.endswith(" ") else ""
    return f"{lead}{mark}{text}{mark[::-1]}{trail}"


def runs_markdown(runs: tuple[Run, ...], bold: bool = False, italic: bool = False) -> str:
    """Runs as Markdown whose only markup is their bold and italic."""
    return "".join(_run(run, bold, italic) for run in runs)


def part_markdown(text: str) -> list[tuple[str, str]]:
    """('markdown' | 'caption', text) per block of a written part, for st.markdown and st.caption."""
    out: list[tuple[str, str]] = []
    for block in blocks(text):
        if isinstance(block, Bullets):
            out.append(("markdown", "\n".join(f"- {runs_markdown(item)}" for item in block.items)))
        elif isinstance(block, Numbered):
            out.append(
                (
                    "markdown",
                    "\n".join(f"{block.start + n}. {runs_markdown(i)}" for n, i in enumerate(block.items)),
                )
            )
        elif isinstance(block, Subheading):
            out.append(("markdown", f"##### {runs_markdown(block.runs)}"))
        elif isinstance(block, Decision):
            out.append(("markdown", f"> {runs_markdown(block.runs, bold=True, italic=True)}"))
        elif isinstance(block, Footnote):
            out.append(("caption", runs_markdown(block.runs)))
        else:
            out.append(("markdown", runs_markdown(block.runs)))
    return out


def written_preview(texts: PaperTexts) -> None:
    """Each written section under its heading, as the cover report prints it (numbers left to Word)."""
    for key in SECTION_KEYS:
        parts = part_markdown(getattr(texts, key))
        if not parts:
            continue
        st.markdown(f"#### {md(SECTION_TITLES[key])}")
        for kind, markdown in parts:
            (st.caption if kind == "caption" else st.markdown)(markdown)
