"""The written parts of the cover report previewed on the Board papers page, as the papers print them, and
the form editors change them in (an ICB's paper, the cluster's).

Reads report.written's blocks (nothing here parses the text) and writes each run through ui.components.md(),
so only the subset's own emphasis, lists and headings become Markdown: whatever else an editor typed shows as
typed. No unsafe_allow_html.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from report.paper import SECTION_KEYS, SECTION_TITLES, WRITTEN_PARTS, PaperTexts
from report.written import LINE_BREAK, Bullets, Decision, Footnote, Numbered, Run, Subheading, blocks
from services.papers import SaveRefused, save_written_parts
from store.repository import Store
from ui.auth import refused_notice
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


SIGN_OFF_COLUMNS = ["Role", "Name", "Date of sign-off"]


def saved_notice_key(key: str) -> str:
    """Where the form leaves 'Saved.' for the page's next run to show (the page pops it)."""
    return f"_{key}_saved"


def written_parts_form(
    store: Store, paper_date: dt.date | None, texts: PaperTexts, editor: str, key: str
) -> None:
    """The written parts as an editor changes them, saved as a new version for `paper_date` (an ICB's paper on
    Board papers, the cluster's on Cluster papers: `key` keeps their widgets apart). A store read-only to this
    editor says so before any word is typed; a refused save says why and stops."""
    refused_notice(store)  # another organisation's words: said before any are typed
    with st.form(f"{key}_texts"):
        values: dict[str, object] = {}
        for part in WRITTEN_PARTS:
            current = str(getattr(texts, part.name))
            field = st.text_area if part.multiline else st.text_input
            values[part.name] = field(
                part.label, current, help=part.help or None, key=f"{key}_{part.name}_{paper_date}"
            )
        st.markdown("Sign-off")
        sign_off = st.data_editor(
            pd.DataFrame([list(row) for row in texts.sign_off], columns=SIGN_OFF_COLUMNS),
            num_rows="dynamic",
            hide_index=True,
            key=f"{key}_sign_off_{paper_date}",
        )
        saved_now = st.form_submit_button("Save the written parts", type="primary")
    if saved_now:
        values["sign_off"] = sign_off.fillna("").astype(str).values.tolist()
        try:
            save_written_parts(store, paper_date, texts.with_changes(**values).to_dict(), editor)
        except SaveRefused as exc:  # e.g. the snapshot was presented to the board: its words are locked
            st.error(str(exc) if store.writes_refused else f"{exc} Nothing was saved.")  # refused says so
            st.stop()
        st.session_state[saved_notice_key(key)] = "Saved. The papers above now use these words."
        st.rerun()
