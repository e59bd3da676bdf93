"""The self-assessment on the Principles page and the Overview: per principle, the latest level against target,
the rationale, the evidence cited and any call-out; the level over the rounds; self against peer. Built once
per view.

Tracker text stays raw here: a renderer escapes it once, where it becomes Markdown, HTML or a chart label.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from formatting import long_date
from metrics import self_assessment as am
from metrics.memo import memoised
from metrics.progress import thin_evidence
from metrics.view import View
from report.section_types import Section, Table

HOW_TO_START = (
    "No self-assessment has been recorded yet. To start one, an editor records a round on the "
    "**Record an assessment** page (Manage data), or fills in the blank template (below: one row per "
    "principle, with the level, the rationale and the ids of the evidence) and uploads it on **Upload "
    "trackers**. The scale's level names are an editable assumption, not a national standard."
)
LINKED_LABELS = {
    "principle": "Principle",
    "title": "Title",
    "themes": "Themes marked against it",
    "achievements": "Achievements",
    "priorities": "Priorities",
    "events": "Events",
    "decisions": "CPLG decisions",
}
MOVEMENT = {
    "up": "up since the previous round",
    "down": "down since the previous round",
    "same": "unchanged since the previous round",
    "first": "first assessed in this round",
}


@dataclass(frozen=True)
class CitedItem:
    item_id: str
    text: str
    what: str  # 'achievement', 'priority', 'CPLG agenda item', 'event'
    theme_id: str  # '' when the item has no theme
    found: bool


@dataclass(frozen=True)
class PrincipleAssessment:
    """One principle's latest assessment, as parts a renderer puts in words (raw tracker text)."""

    principle: int
    label: str  # '1. <title>: <level>' or '…: not assessed'
    assessed: bool
    level: str
    target: str  # '' when no target is set
    target_by: str  # '31 March 2025', or ''
    met: bool
    movement: str  # 'up since the previous round', …
    assessed_by: str
    assessed_on: str
    called_out: str  # why the claim is called out, or ''
    thin: str  # why its evidence is thin, or ''
    peer_level: str  # '' when not peer reviewed
    peer_reviewer: str
    rationale: str
    cited: tuple[CitedItem, ...]


@dataclass(frozen=True)
class SelfAssessment:
    """No round yet: `empty` and the evidence already linked; else the sentence, principles and charts."""

    empty: str
    linked_evidence: Section | None
    sentence: str
    principles: tuple[PrincipleAssessment, ...]
    history: Section | None
    peer: Section | None


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _cited(items: pd.DataFrame) -> tuple[CitedItem, ...]:
    return tuple(
        CitedItem(
            _text(item["id"]),
            _text(item["text"]),
            _text(item["what"]),
            _text(item["theme_id"]),
            bool(item["found"]),
        )
        for _, item in items.iterrows()
    )


@memoised  # per shared view: built once, not per visitor
def self_assessment(view: View) -> SelfAssessment:
    sources = view.evidence_sources()
    if view.assessments.empty:
        linked = am.linked_evidence(view.principles, view.coverage, sources)
        return SelfAssessment(
            HOW_TO_START,
            Section(
                "assessment_linked_evidence",
                "Evidence linked to each principle",
                table=Table(linked, tuple(linked.columns), LINKED_LABELS),
            ),
            "",
            (),
            None,
            None,
        )
    latest = am.latest_levels(view.assessments, view.levels, view.principles)
    thin = thin_evidence(view.principles, view.coverage, sources)
    called_out = am.thin_claims(latest, thin).set_index("principle")["why_called_out"]
    thin_flags = thin.set_index("principle")
    figures = am.headline(view.assessments, view.levels, view.principles)
    principles = []
    for _, row in latest.iterrows():
        number = int(row["principle"])
        assessed = pd.notna(row["level"])
        has_target = assessed and pd.notna(row["target_level"])
        thin_why = (
            _text(thin_flags.loc[number, "why_thin"])
            if number in thin_flags.index and thin_flags.loc[number, "thin"]
            else ""
        )
        principles.append(
            PrincipleAssessment(
                principle=number,
                label=f"{number}. {row['title']}: " + (row["level_label"] or "not assessed"),
                assessed=bool(assessed),
                level=_text(row["level_label"]),
                target=_text(row["target_label"]) if has_target else "",
                target_by=long_date(row["target_date"])
                if has_target and pd.notna(row["target_date"])
                else "",
                met=bool(row["at_or_above_target"]) if has_target else False,
                movement=MOVEMENT[row["movement"]] if assessed else "",
                assessed_by=_text(row["assessed_by"]) if assessed else "",
                assessed_on=long_date(row["assessment_date"]) if assessed else "",
                called_out=_text(called_out[number]) if number in called_out.index else "",
                thin=thin_why,
                peer_level=_text(row["peer_label"]) if pd.notna(row["peer_level"]) else "",
                peer_reviewer=_text(row["peer_reviewer"]) if pd.notna(row["peer_level"]) else "",
                rationale=_text(row.get("rationale", pd.NA)),
                cited=_cited(am.evidence_items(row["evidence"], sources)),
            )
        )
    history = am.level_history(view.assessments, view.levels)
    pairs = am.self_vs_peer(latest)
    return SelfAssessment(
        "",
        None,
        f"{am.headline_sentence(figures)} {am.change_sentence(figures)}",
        tuple(principles),
        Section(
            "assessment_history",
            "Level over the rounds",
            am.history_sentence(history, latest),
            data=history,
            context={"latest": latest, "levels": view.levels},
        ),
        Section(
            "assessment_peer",
            "Self-assessment against peer review",
            am.peer_sentence(pairs),
            data=pairs,
            context={"levels": view.levels},
            empty=am.peer_sentence(pairs) if pairs.empty else "",
        ),
    )


@memoised  # per shared view: the same line for every visitor of the Overview
def overview_line(view: View) -> tuple[str, str] | None:
    """The Overview's line: ('3 of 5 principles at or above target …', the change since the previous round)."""
    figures = am.headline(view.assessments, view.levels, view.principles)
    if figures is None:
        return None
    return am.headline_sentence(figures), am.change_sentence(figures)
