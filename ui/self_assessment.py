"""The self-assessment on the Principles page and the Overview's line: layout of report.self_assessment."""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd
import streamlit as st

from domain import Kind
from loaders.tracker_set import TrackerSet
from metrics.view import View
from report.self_assessment import CitedItem, PrincipleAssessment, overview_line, self_assessment
from ui.components import empty_state, md
from ui.sections import show_section_chart, show_section_table
from ui.templates import template_buttons

FORM_PAGE = "pages/manage/record_assessment.py"
EVIDENCE_PAGES: dict[str, str] = {
    "achievement": "themes",
    "priority": "priorities",
    "CPLG agenda item": "cplg-decisions",
    "event": "engagement",
}
"""The page (url path) where each kind of evidence is listed; links carry the item's theme as a filter."""
EVIDENCE_CHOICES: tuple[tuple[Kind, str, str, str, str], ...] = (
    (Kind.FRAMEWORK, "achievements", "achievement_id", "achievement", "Achievement"),
    (Kind.FRAMEWORK, "priorities", "priority_id", "priority", "Priority"),
    (Kind.CPLG, "agenda_items", "item_id", "item", "CPLG"),
    (Kind.ENGAGEMENT, "events", "event_id", "event", "Event"),
)


def evidence_options(trackers: TrackerSet) -> dict[str, str]:
    """Every item a round may cite, id -> 'P07 Priority: Confirm resourcing…' (the form's choices)."""
    options: dict[str, str] = {}
    for kind, table, id_column, text_column, what in EVIDENCE_CHOICES:
        frame = trackers.table(kind, table)
        for item_id, text in zip(frame[id_column], frame[text_column], strict=True):
            if pd.notna(item_id):
                words = str(text) if pd.notna(text) else ""
                options.setdefault(str(item_id), f"{item_id} {what}: {words[:80]}")
    return options


def evidence_link(item: CitedItem) -> str:
    """A markdown link to the page listing an evidence item, filtered to its theme; escaped throughout."""
    if not item.found:
        return f"{md(item.item_id)} (not found in the current trackers)"
    short = item.text if len(item.text) <= 90 else item.text[:89] + "…"
    target = EVIDENCE_PAGES[item.what]
    if item.theme_id:
        target += f"?theme={quote(item.theme_id, safe='')}"
    return f"[{md(item.item_id)} {md(short)}]({target}) ({md(item.what)})"


def _status_line(item: PrincipleAssessment) -> str:
    if not item.assessed:
        return "Not assessed yet."
    parts = [f"**Level {md(item.level)}**"]
    if item.target:
        met = "met" if item.met else "not yet met"
        by = f" by {item.target_by}" if item.target_by else ""
        parts.append(f"against a target of {md(item.target)}{by}: **{met}**")
    else:
        parts.append("with no target set")
    who = f" by {md(item.assessed_by)}" if item.assessed_by else ""
    return " ".join(parts) + f" ({item.movement}). Assessed{who} on {item.assessed_on}."


def principle_assessments(view: View) -> None:
    """Per principle: latest level against target, rationale, evidence links, peer level, thin-evidence call-out;
    then the level over the rounds and self against peer. An empty state with how to start before any round."""
    st.header("Self-assessment against the principles")
    story = self_assessment(view)
    if story.empty:
        empty_state(story.empty)
        template_buttons([Kind.ASSESSMENT], "principles_template")
        st.page_link(FORM_PAGE, label="Record an assessment (editors)", icon=":material/edit_note:")
        st.markdown(
            "Meanwhile, the evidence the dashboard already links to each principle through its themes:"
        )
        show_section_table(story.linked_evidence)
        return
    st.markdown(md(story.sentence))
    for item in story.principles:
        with st.expander(md(item.label), expanded=bool(item.called_out)):
            st.markdown(_status_line(item))
            if item.called_out:
                st.warning(f"**Called out:** {md(item.called_out)}.", icon=":material/warning:")
            elif item.thin:
                st.markdown(f"Thin evidence flag: {md(item.thin)}.")
            if item.peer_level:
                st.markdown(f"Peer review: **{md(item.peer_level)}** ({md(item.peer_reviewer)}).")
            if item.rationale:
                st.markdown(f"> {md(item.rationale)}")
            st.markdown(
                "**Evidence cited:**\n" + "\n".join(f"- {evidence_link(cited)}" for cited in item.cited)
                if item.cited
                else "**Evidence cited:** none."
            )
    show_section_chart(story.history, "assessment_history")
    if story.peer.empty:
        st.markdown(md(story.peer.empty))
    else:
        show_section_chart(story.peer, "assessment_peer")


def assessment_headline(view: View) -> None:
    """The Overview's line: '3 of 5 principles at or above target (assessed 12 March 2024)' and the change."""
    line = _headline_line(view)
    if line is None:
        return
    st.markdown(line)
    st.page_link("pages/board/principles.py", label="See the self-assessment", icon=":material/grid_view:")


def _headline_line(view: View) -> str | None:
    line = overview_line(view)
    return None if line is None else f"**{md(line[0])}** {md(line[1])}"
