"""The self-assessment sections of the Principles page and the Overview headline (layout over
metrics.assessment and charts.assessment)."""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd
import streamlit as st

from charts.assessment import level_small_multiples, self_vs_peer_chart
from domain import Kind
from loaders.tracker_set import TrackerSet
from metrics import assessment as am
from metrics.memo import memoised
from metrics.progress import thin_evidence
from metrics.view import View
from ui.components import empty_state, long_date, md, show_chart, show_table
from ui.templates import template_buttons

FORM_PAGE = "pages/manage/assessment.py"
EVIDENCE_PAGES: dict[str, str] = {
    "achievement": "themes",
    "priority": "priorities",
    "CPLG agenda item": "cplg-decisions",
    "event": "engagement",
}
"""The page (url path) where each kind of evidence is listed; links carry the item's theme as a filter."""
LINKED_LABELS = {
    "principle": "Principle",
    "title": "Title",
    "themes": "Themes marked against it",
    "achievements": "Achievements",
    "priorities": "Priorities",
    "events": "Events",
    "decisions": "CPLG decisions",
}
HOW_TO_START = (
    "No self-assessment has been recorded yet. To start one, an editor records a round on the "
    "**Record an assessment** page (Manage data), or fills in the blank template (below: one row per "
    "principle, with the level, the rationale and the ids of the evidence) and uploads it on **Upload "
    "trackers**. The scale's level names are an editable assumption, not a national standard."
)


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


def evidence_link(item: pd.Series) -> str:
    """A markdown link to the page listing an evidence item, filtered to its theme; escaped throughout."""
    if not item["found"]:
        return f"{md(item['id'])} (not found in the current trackers)"
    text = str(item["text"])
    short = text if len(text) <= 90 else text[:89] + "…"
    target = EVIDENCE_PAGES[item["what"]]
    if pd.notna(item["theme_id"]):
        target += f"?theme={quote(str(item['theme_id']), safe='')}"
    return f"[{md(item['id'])} {md(short)}]({target}) ({md(item['what'])})"


def _status_line(row: pd.Series) -> str:
    if pd.isna(row["level"]):
        return "Not assessed yet."
    parts = [f"**Level {md(row['level_label'])}**"]
    if pd.notna(row["target_level"]):
        met = "met" if row["at_or_above_target"] else "not yet met"
        by = f" by {long_date(row['target_date'])}" if pd.notna(row["target_date"]) else ""
        parts.append(f"against a target of {md(row['target_label'])}{by}: **{met}**")
    else:
        parts.append("with no target set")
    moved = {
        "up": "up since the previous round",
        "down": "down since the previous round",
        "same": "unchanged since the previous round",
        "first": "first assessed in this round",
    }[row["movement"]]
    who = f" by {md(row['assessed_by'])}" if pd.notna(row["assessed_by"]) else ""
    return " ".join(parts) + f" ({moved}). Assessed{who} on {long_date(row['assessment_date'])}."


def principle_assessments(view: View) -> None:
    """Per principle: latest level against target, rationale, evidence links, peer level, thin-evidence call-out;
    then the level over the rounds and self against peer. An empty state with how to start before any round."""
    st.header("Self-assessment against the principles")
    sources = view.evidence_sources()
    if view.assessments.empty:
        empty_state(HOW_TO_START)
        template_buttons([Kind.ASSESSMENT], "principles_template")
        st.page_link(FORM_PAGE, label="Record an assessment (editors)", icon=":material/edit_note:")
        st.markdown(
            "Meanwhile, the evidence the dashboard already links to each principle through its themes:"
        )
        show_table(
            am.linked_evidence(view.principles, view.coverage, sources),
            "assessment_linked_evidence",
            title="Evidence linked to each principle",
            labels=LINKED_LABELS,
        )
        return
    latest = am.latest_levels(view.assessments, view.levels, view.principles)
    thin = thin_evidence(view.principles, view.coverage, sources)
    called_out = am.thin_claims(latest, thin).set_index("principle")["why_called_out"]
    thin_flags = thin.set_index("principle")
    figures = am.headline(view.assessments, view.levels, view.principles)
    st.markdown(f"{md(am.headline_sentence(figures))} {md(am.change_sentence(figures))}")
    for _, row in latest.iterrows():
        number = int(row["principle"])
        label = f"{number}. {row['title']}: " + (row["level_label"] or "not assessed")
        with st.expander(md(label), expanded=number in called_out.index):
            st.markdown(_status_line(row))
            if number in called_out.index:
                st.warning(f"**Called out:** {md(called_out[number])}.", icon=":material/warning:")
            elif number in thin_flags.index and thin_flags.loc[number, "thin"]:
                st.markdown(f"Thin evidence flag: {md(thin_flags.loc[number, 'why_thin'])}.")
            if pd.notna(row["peer_level"]):
                st.markdown(f"Peer review: **{md(row['peer_label'])}** ({md(row['peer_reviewer'])}).")
            if pd.notna(row.get("rationale", pd.NA)):
                st.markdown(f"> {md(row['rationale'])}")
            items = am.evidence_items(row["evidence"], sources)
            st.markdown(
                "**Evidence cited:**\n"
                + "\n".join(f"- {evidence_link(item)}" for _, item in items.iterrows())
                if not items.empty
                else "**Evidence cited:** none."
            )
    history = am.level_history(view.assessments, view.levels)
    figures_table = history.rename(
        columns={"assessment_date": "Round", "who": "Who", "level_label": "Level", "principle": "Principle"}
    )[["Principle", "Round", "Who", "Level"]]
    show_chart(
        level_small_multiples(history, latest, view.levels),
        am.history_sentence(history, latest),
        figures_table,
        "assessment_history",
    )
    pairs = am.self_vs_peer(latest)
    if pairs.empty:
        st.markdown(md(am.peer_sentence(pairs)))
    else:
        show_chart(
            self_vs_peer_chart(pairs, view.levels),
            am.peer_sentence(pairs),  # show_chart escapes the sentence
            pairs.rename(
                columns={
                    "principle": "Principle",
                    "title": "Title",
                    "level": "Self-assessed level",
                    "peer_level": "Peer-review level",
                    "gap": "Peer minus self",
                    "peer_reviewer": "Peer reviewer",
                }
            ),
            "assessment_peer",
        )


def assessment_headline(view: View) -> None:
    """The Overview's line: '3 of 5 principles at or above target (assessed 12 March 2024)' and the change."""
    line = _headline_line(view)
    if line is None:
        return
    st.markdown(line)
    st.page_link("pages/board/principles.py", label="See the self-assessment", icon=":material/grid_view:")


@memoised  # per shared view: the same line for every visitor of the Overview
def _headline_line(view: View) -> str | None:
    figures = am.headline(view.assessments, view.levels, view.principles)
    if figures is None:
        return None
    return f"**{md(am.headline_sentence(figures))}** {md(am.change_sentence(figures))}"
