"""The Principles page's story: thin evidence, the coverage matrix, the evidence behind one mark, progress per
principle and the drill-down into one principle, each built once per view (and choice).

Tracker text stays raw here: a renderer escapes it once, where it becomes Markdown, HTML or a chart label.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain import STATUSES
from metrics import describe
from metrics.memo import memoised
from metrics.progress import (
    THIN_EVIDENCE_ITEMS,
    THIN_PRIMARY_THEMES,
    coverage_grid,
    evidence_for,
    principle_drill_down,
    principle_progress,
    thin_evidence,
)
from metrics.view import View
from report.section_types import Section, Table, narrowed_to, nothing_linked

HOW = f"""**How progress is measured.** The coverage matrix says which themes address each principle. A
principle's priorities are the priorities of those themes (primary or supporting), each counted once, and its
progress is the share of them in each status. A principle is flagged as resting on **thin evidence** when
fewer than {THIN_PRIMARY_THEMES} themes address it as a primary contribution, or fewer than
{THIN_EVIDENCE_ITEMS} achievements, engagement events and CPLG decisions come through its primary themes (each
counted once, however many of its themes it serves). The
matrix marks are an editable assumption (see the coverage tracker's Basis column)."""

NOTHING_TO_SHOW = (
    "There are no principles or themes to show. Add the principles to the Principles sheet of the coverage "
    "tracker and the themes to the framework tracker."
)


@dataclass(frozen=True)
class ThinWarning:
    principle: int
    title: str
    why: str


@dataclass(frozen=True)
class EvidenceStory:
    """What lies behind one theme's mark against one principle: the mark, and a section per kind of item."""

    theme: str
    principle: int
    mark: str  # 'primary', 'supporting', or '' when the theme is not marked against the principle
    total: int
    parts: tuple[Section, ...]  # achievements, priorities, events, CPLG decisions


@dataclass(frozen=True)
class DrillStory:
    principle: int
    text: str  # the principle's national wording
    themes: Section
    priorities: Section
    decisions: Section


def principle_titles(view: View) -> dict[int, str]:
    return dict(zip(view.principles["principle"], view.principles["title"], strict=True))


def theme_names(view: View) -> dict[str, str]:
    return dict(zip(view.themes["theme_id"], view.themes["theme"], strict=True))


@memoised  # per shared view: built once, not per visitor
def thin_warnings(view: View) -> tuple[ThinWarning, ...]:
    """The principles resting on thin evidence, with why."""
    thin = thin_evidence(view.principles, view.coverage, view.evidence_sources()).query("thin")
    return tuple(
        ThinWarning(int(row["principle"]), str(row["title"]), str(row["why_thin"]))
        for _, row in thin.iterrows()
    )


@memoised  # per shared view and mark: built once, not per visitor
def evidence_story(view: View, theme_id: str, principle: int) -> EvidenceStory:
    grid = coverage_grid(view.themes, view.principles, view.coverage)
    mark = grid.loc[(grid["theme_id"] == theme_id) & (grid["principle"] == principle), "strength"]
    evidence = evidence_for(theme_id, view.evidence_sources())

    def part(key: str, label: str, what: str, frame: object, columns: tuple[str, ...], empty: str) -> Section:
        """lead: the tab's label; title: what the table is (its download file names)."""
        return Section(
            key,
            f"Evidence: {what}",
            lead=label,
            table=Table(frame, columns),
            empty=empty if frame.empty else "",
        )

    return EvidenceStory(
        theme=theme_names(view)[theme_id],
        principle=principle,
        mark=mark.iloc[0].lower() if not mark.empty and mark.iloc[0] else "",
        total=evidence.total,
        parts=(
            part(
                "ev_achievements",
                "Achievements",
                "achievements",
                evidence.achievements,
                ("achievement_id", "achievement", "date_achieved", "source"),
                "No achievement is recorded for this theme. Add rows to the Achievements sheet of the framework tracker.",
            ),
            part(
                "ev_priorities",
                "Priorities",
                "priorities",
                evidence.priorities,
                ("priority_id", "priority", "status", "owner", "due_date"),
                nothing_linked(
                    view, "priorities", "priority", "this theme", "No priority is recorded for this theme."
                ),
            ),
            part(
                "ev_events",
                "Events",
                "engagement events",
                evidence.events,
                ("event", "date", "attendees"),
                nothing_linked(
                    view,
                    "events",
                    "engagement event",
                    "this theme",
                    "No engagement event is linked to this theme. Add the theme's code to the Theme IDs column of the Events sheet.",
                ),
            ),
            part(
                "ev_decisions",
                "CPLG decisions",
                "CPLG decisions",
                evidence.decisions,
                ("meeting_date", "item", "outcome", "recommendation"),
                nothing_linked(
                    view,
                    "agenda",
                    "CPLG agenda item",
                    "this theme",
                    "No CPLG agenda item is linked to this theme. Add the theme's code to the Theme IDs column of the agenda log.",
                ),
            ),
        ),
    )


PROGRESS_LABELS = {
    "principle": "Principle",
    "title": "Title",
    "themes": "Themes",
    "primary_themes": "Primary themes",
    "priorities": "Priorities",
    **{f"share_{s}": f"{s} (%)" for s in STATUSES},
}


@memoised  # per shared view: built once, not per visitor
def progress_per_principle(view: View) -> Section:
    """Each principle's priorities by status (the chart), with themes, primary themes and shares as its table."""
    progress = principle_progress(view.priorities, view.coverage, view.principles)
    return Section(
        "principles",
        "Progress per principle",
        describe.principle_progress_sentence(progress),
        data=progress,
        table=Table(progress, tuple(PROGRESS_LABELS), PROGRESS_LABELS),
        empty="No priorities are linked to any principle yet." if progress["priorities"].sum() == 0 else "",
    )


@memoised  # per shared view and principle: built once, not per visitor
def drill_story(view: View, principle: int) -> DrillStory:
    drill = principle_drill_down(principle, view.coverage, view.evidence_sources(), view.themes)
    no_theme = (
        f"No theme in view is marked against principle {principle}. Mark themes in its column on the coverage "
        "tracker's Coverage sheet."
    )
    drilled = narrowed_to("Principle", f"{principle}. {principle_titles(view)[principle]}")
    return DrillStory(
        principle=principle,
        text=str(view.principles.set_index("principle").loc[principle, "text"]),
        themes=Section(
            "drill_themes",
            "Themes of the principle",
            table=Table(drill.themes, ("theme_id", "theme", "strength"), {"theme_id": "ID"}),
            narrowed_by=drilled,
            empty=no_theme if drill.themes.empty else "",
        ),
        priorities=Section(
            "drill_priorities",
            "Priorities of the principle's themes",
            table=Table(
                drill.priorities, ("priority_id", "theme", "priority", "status", "owner", "due_date", "notes")
            ),
            narrowed_by=drilled,
        ),
        decisions=Section(
            "drill_decisions",
            "CPLG agenda items of the principle's themes",
            table=Table(drill.decisions, ("meeting_date", "item", "outcome", "recommendation")),
            narrowed_by=drilled,
            empty=nothing_linked(
                view,
                "agenda",
                "CPLG agenda item",
                "these themes",
                "No CPLG agenda item is linked to these themes.",
            )
            if drill.decisions.empty
            else "",
        ),
    )
