"""A cluster of ICBs read at once: each ICB's own framework against the same five national principles.

Every figure here is the figure the ICB's own pages show, gathered per ICB and laid side by side; no rule is
written again. Per ICB and principle:
- coverage by its own themes and progress of the priorities mapped to the principle: metrics.progress
  (principle_progress: a principle's priorities are those of the themes marked against it, each counted once);
- the latest self-assessment level against target: metrics.self_assessment.latest_levels;
- engagement events, leadership group decisions and achievements as evidence, each item counted once
  however many of the principle's themes it serves: metrics.progress.principle_evidence;
- whether it rests on few themes (fewer than THIN_PRIMARY_THEMES primary ones) or on thin evidence:
  metrics.progress.thin_evidence.

The one figure new to the cluster is the share of a principle's priorities that are ON_COURSE (complete or on
track), so that ICBs whose frameworks differ in size can be read on one scale.

The crosswalk lays each ICB's themes against the principles (metrics.progress.coverage_grid), and few_themes
says where a principle rests on few themes in one ICB only (where the others may have something to share) or
in every ICB (where the cluster might act once rather than several times).

What changed since each ICB's previous snapshot is classified by metrics.changes (change_summary) from the
changes each ICB's own pages show; change_counts puts them in one table.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from domain import STATUSES, Organisation
from metrics import self_assessment as am
from metrics.changes import CHANGE_ORDER, change_summary
from metrics.progress import coverage_grid, principle_evidence, principle_progress, thin_evidence
from metrics.view import View

ClusterViews = Sequence[tuple[Organisation, View]]
"""Each organisation of the cluster with its View, in the cluster's order."""

ON_COURSE: tuple[str, ...] = ("Complete", "On track")
"""The statuses read as 'complete or on track' when ICBs are compared on one scale."""

EVIDENCE = ("achievements", "events", "decisions")
LEVEL_COLUMNS = (
    "assessment_date",
    "level",
    "level_label",
    "target_level",
    "target_label",
    "at_or_above_target",
    "movement",
)


def principle_titles(views: ClusterViews) -> dict[int, str]:
    """The five principles' short titles (national, so shared): from the first ICB whose trackers name each."""
    titles: dict[int, str] = {}
    for _, view in views:
        for number, title in zip(view.principles["principle"], view.principles["title"], strict=True):
            if pd.notna(number):
                titles.setdefault(int(number), str(title))
    return dict(sorted(titles.items()))


def organisation_principles(organisation: Organisation, view: View) -> pd.DataFrame:
    """One ICB's row per principle: coverage, progress, self-assessment, evidence, few themes and thin evidence.

    Columns: organisation, name, label, principle, title, themes, primary_themes, priorities, one count per
    status, on_course, share_on_course, share_Complete, achievements, events, decisions, assessment_date,
    level, level_label, target_level, target_label, at_or_above_target, movement, few_themes, thin, why_thin.
    """
    sources = view.evidence_sources()
    progress = principle_progress(view.priorities, view.coverage, view.principles)
    evidence = principle_evidence(view.coverage, sources)
    levels = am.latest_levels(view.assessments, view.levels, view.principles)
    thin = thin_evidence(view.principles, view.coverage, sources)
    table = progress[
        ["principle", "title", "themes", "primary_themes", "priorities", *STATUSES, "share_Complete"]
    ]
    table = table.assign(on_course=table[list(ON_COURSE)].sum(axis=1).astype(int))
    table["share_on_course"] = (
        100 * table["on_course"] / table["priorities"].where(table["priorities"] > 0)
    ).round(1)
    table = table.merge(evidence[list(EVIDENCE)], left_on="principle", right_index=True, how="left").fillna(
        {kind: 0 for kind in EVIDENCE}
    )
    table[list(EVIDENCE)] = table[list(EVIDENCE)].astype(int)
    # an ICB with no round recorded has no level columns: each principle 'not assessed'
    levels = levels.reindex(columns=["principle", *LEVEL_COLUMNS])
    table = table.merge(levels, on="principle", how="left")
    table = table.merge(thin[["principle", "few_themes", "thin", "why_thin"]], on="principle", how="left")
    table["few_themes"] = table["few_themes"].fillna(False).astype(bool)
    table["thin"] = table["thin"].fillna(False).astype(bool)
    table.insert(0, "label", organisation.label)
    table.insert(0, "name", organisation.name)
    table.insert(0, "organisation", organisation.id)
    return table


def principles_side_by_side(views: ClusterViews) -> pd.DataFrame:
    """organisation_principles for every ICB, in the cluster's order, principles in order within each."""
    frames = [organisation_principles(org, view) for org, view in views]
    if not frames:
        return pd.DataFrame()
    table = pd.concat(frames, ignore_index=True)
    for column in ("level", "target_level"):
        table[column] = table[column].astype("Int64")
    return table


def crosswalk(views: ClusterViews) -> pd.DataFrame:
    """Every ICB's themes against the principles: one row per (ICB, theme, principle) with the mark ('' where
    the theme does not address the principle). Columns: organisation, label, theme_id, theme, principle,
    title, strength."""
    frames = [
        coverage_grid(view.themes, view.principles, view.coverage).assign(
            organisation=org.id, label=org.label
        )
        for org, view in views
    ]
    columns = ["organisation", "label", "theme_id", "theme", "principle", "title", "strength"]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


def few_themes(side: pd.DataFrame) -> pd.DataFrame:
    """Per principle: the ICBs where it rests on few themes (labels, in the cluster's order), whether that is
    one ICB only (of several) and whether it is every ICB. Reads principles_side_by_side's few_themes.

    Columns: principle, title, few_in (tuple of labels), one_only, everywhere.
    """
    icbs = side["organisation"].nunique() if not side.empty else 0
    rows = []
    for principle, group in side.groupby("principle", sort=True):
        few_in = tuple(group.loc[group["few_themes"], "label"])
        rows.append(
            {
                "principle": int(principle),
                "title": str(group["title"].iloc[0]),
                "few_in": few_in,
                "one_only": len(few_in) == 1 and icbs > 1,
                "everywhere": len(few_in) == icbs and icbs > 0,
            }
        )
    return pd.DataFrame(rows, columns=["principle", "title", "few_in", "one_only", "everywhere"])


def change_counts(
    per_organisation: Sequence[
        tuple[Organisation, pd.Timestamp | None, pd.Timestamp | None, pd.DataFrame | None]
    ],
) -> pd.DataFrame:
    """What changed since each ICB's previous snapshot, in one table.

    Args:
        per_organisation: (organisation, previous snapshot's date or None, current snapshot's date, the
            changes its own pages show between them, from metrics.changes.status_changes, or None when there
            is no previous snapshot to compare with).

    Columns: organisation, label, name, compared (bool), since, as_at, one count per change class
    (CHANGE_ORDER) and changed (their total).
    """
    rows = []
    for organisation, since, as_at, changes in per_organisation:
        compared = since is not None and changes is not None
        counts = change_summary(changes) if compared else pd.Series(0, index=list(CHANGE_ORDER))
        rows.append(
            {
                "organisation": organisation.id,
                "label": organisation.label,
                "name": organisation.name,
                "compared": compared,
                "since": since if compared else pd.NaT,
                "as_at": as_at,
                **{kind: int(counts[kind]) for kind in CHANGE_ORDER},
                "changed": int(counts.sum()),
            }
        )
    columns = ["organisation", "label", "name", "compared", "since", "as_at", *CHANGE_ORDER, "changed"]
    return pd.DataFrame(rows, columns=columns)
