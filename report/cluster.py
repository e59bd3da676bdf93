"""The cluster board's story: several ICBs, each with its own framework, read against the same five national
principles (issue 23). Built once per set of views, from metrics/cluster.py's tables and each ICB's own
sections; nothing is counted twice.

- principles_side_by_side: per principle and ICB, coverage by its own themes, progress of the priorities
  mapped to the principle, the self-assessment against target, events and decisions as evidence;
- assessment_side_by_side: the latest self-assessed level against target, a column per ICB;
- crosswalk: each ICB's themes against the principles, and where a principle rests on few themes in one ICB
  only (or in all);
- changes_by_organisation: what changed since each ICB's previous snapshot, in one table;
- cluster_summary and organisation_paper: the cluster cover report's summary and its section per ICB (each
  ICB's own summary, as its own cover report gives it).

Every ICB is named by Organisation.name (in sentences) or .label (in headings and columns), its leadership
group by .group_name. Tracker text stays raw here: a renderer escapes it once.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from domain import Organisation
from formatting import count, long_date, names_in_prose
from metrics import cluster as cm
from metrics.changes import CHANGE_CLASSES, CHANGE_ORDER
from metrics.memo import memoised
from metrics.progress import THIN_PRIMARY_THEMES
from metrics.view import View
from report import sections as own
from report import snapshots
from report.paper import (
    CoverReportContent,
    Listing,
    PaperTexts,
    as_known_at,
    cover_report_content,
    paper_refusal,
)
from report.period import Period, decisions_in_period
from report.section_types import Section, Table

ClusterViews = tuple[tuple[Organisation, View], ...]

NO_THEME = "No theme"
NOT_ASSESSED = "Not assessed"
NOTHING_TO_COMPARE = "Nothing to compare yet"
SIDE_LABELS = {
    "principle": "Principle",
    "label": "ICB",
    "themes": "Themes addressing it",
    "primary_themes": "Primary themes",
    "priorities": "Priorities",
    "share_on_course": "Complete or on track (%)",
    "assessed": "Self-assessed level (target)",
    "events": "Engagement events",
    "decisions": "Leadership group decisions",
    "few": "Rests on few themes",
}
CHANGED_IN_ALL = "Changed in all"


def groups_in_words(views: ClusterViews) -> str:
    """'North's CPLG, South's Clinical Senate and West's Professional Assembly'."""
    return names_in_prose([f"{org.label}'s {org.group_name}" for org, _ in views])


def _percent(value: object) -> str:
    return "no priorities" if pd.isna(value) else f"{float(value):.0f}%"


def _assessed(row: pd.Series) -> str:
    """'2 Developing (target 3 Established)'; 'Not assessed'."""
    level = row.get("level_label")
    if pd.isna(row.get("level")) or not level:
        return NOT_ASSESSED
    target = row.get("target_label")
    return f"{level} (target {target})" if isinstance(target, str) and target else f"{level} (no target)"


@memoised  # per set of shared views: built once, not per visitor
def principles_side_by_side(views: ClusterViews) -> Section:
    """Per principle and ICB: themes, priorities, the share complete or on track, the self-assessed level
    against target, events and decisions. Its data draws the side-by-side chart (charts/cluster.py)."""
    side = cm.principles_side_by_side(views)
    title = "The five principles, ICB by ICB"
    if side.empty:
        return Section("cluster_principles", title, empty="No ICB's principles are recorded yet.")
    side = (
        side.assign(
            assessed=side.apply(_assessed, axis=1),
            few=side["few_themes"].map({True: "Yes", False: ""}),
            _order=side["organisation"].map(_order(views)),
        )
        .sort_values(["principle", "_order"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )
    sentences = []
    for principle, group in side.groupby("principle", sort=True):
        shares = ", ".join(
            f"{row['label']} {_percent(row['share_on_course'])}" for _, row in group.iterrows()
        )
        sentences.append(f"principle {int(principle)}: {shares}")
    sentence = (
        "Share of each principle's priorities complete or on track, ICB by ICB: "
        + "; ".join(sentences)
        + f". Decisions are each ICB's own leadership group's: {groups_in_words(views)}."
        + _not_reporting(views)
    )
    return Section(
        "cluster_principles",
        title,
        sentence,
        data=side,
        table=Table(side, tuple(SIDE_LABELS), SIDE_LABELS),
        context={"organisations": tuple(org.label for org, _ in views)},
    )


def _order(views: ClusterViews) -> dict[str, int]:
    return {org.id: i for i, (org, _) in enumerate(views)}


@memoised  # per set of shared views
def assessment_side_by_side(views: ClusterViews) -> Section:
    """The latest self-assessed level against target per principle, a column per ICB."""
    side = cm.principles_side_by_side(views)
    title = "Self-assessment against target, ICB by ICB"
    if side.empty:
        return Section("cluster_assessment", title, empty="No ICB's principles are recorded yet.")
    side = side.assign(assessed=side.apply(_assessed, axis=1))
    wide = side.pivot_table(index="principle", columns="organisation", values="assessed", aggfunc="first")
    wide = (
        wide.reindex(columns=[org.id for org, _ in views]).astype(object).fillna(NOT_ASSESSED).reset_index()
    )
    titles = cm.principle_titles(views)
    wide.insert(1, "title", wide["principle"].map(titles))
    parts = []
    for org, _ in views:
        mine = side[side["organisation"] == org.id]
        assessed = mine[mine["level"].notna()]
        if assessed.empty:
            parts.append(f"{org.name} has recorded no self-assessment yet")
            continue
        met = int(assessed["at_or_above_target"].fillna(False).astype(bool).sum())
        when = long_date(pd.Timestamp(assessed["assessment_date"].max()))
        parts.append(f"{org.name} has {met} of {len(mine)} principles at or above target (assessed {when})")
    labels = {"principle": "Principle", "title": "Title", **{org.id: org.label for org, _ in views}}
    return Section(
        "cluster_assessment",
        title,
        "; ".join(parts) + ".",
        table=Table(wide, tuple(labels), labels),
    )


def _theme_list(rows: pd.DataFrame) -> str:
    """'Theme 1 (primary); Theme 4 (supporting)', primary first; NO_THEME when none addresses it."""
    marked = rows[rows["strength"] != ""].sort_values(
        "strength", key=lambda s: s.map({"Primary": 0}).fillna(1)
    )
    return (
        "; ".join(f"{row['theme']} ({row['strength'].lower()})" for _, row in marked.iterrows()) or NO_THEME
    )


def few_themes_sentence(few: pd.DataFrame, icbs: int) -> str:
    """Where principles rest on few themes: in one ICB only (where the others may have something to share), in
    more than one, or in every ICB (where the cluster could act once rather than several times)."""
    rule = f"few: fewer than {THIN_PRIMARY_THEMES} themes address it as a primary contribution"

    def listed(rows: pd.DataFrame) -> str:
        return names_in_prose(
            [
                f"principle {int(row['principle'])} in {names_in_prose(list(row['few_in']))}"
                for _, row in rows.iterrows()
            ]
        )

    resting = few[few["few_in"].map(len) > 0]
    if resting.empty:
        return f"Every principle rests on at least {THIN_PRIMARY_THEMES} primary themes in each ICB."
    if icbs == 1:
        return f"Resting on few themes ({rule}): {listed(resting)}."
    everywhere = resting[resting["everywhere"]]
    one_only = resting[resting["one_only"]]
    some = resting[~resting["everywhere"] & ~resting["one_only"]]
    parts = []
    if not one_only.empty:
        parts.append(
            f"Resting on few themes in one ICB only, where the others may have something to share: {listed(one_only)}."
        )
    if not some.empty:
        parts.append(f"In more than one ICB: {listed(some)}.")
    if not everywhere.empty:
        numbers = names_in_prose([str(int(p)) for p in everywhere["principle"]])
        parts.append(
            f"In every ICB, where the cluster could act once: principle{'s' if len(everywhere) > 1 else ''} {numbers}."
        )
    return " ".join(parts) + f" ({rule.capitalize()}.)"


@memoised  # per set of shared views
def crosswalk(views: ClusterViews) -> Section:
    """Each ICB's own themes against the five principles (a column per ICB), and where a principle rests on
    few themes in one ICB only."""
    walk = cm.crosswalk(views)
    title = "Crosswalk: each ICB's themes against the principles"
    if walk.empty:
        return Section("cluster_crosswalk", title, empty="No ICB's themes are recorded yet.")
    few = cm.few_themes(cm.principles_side_by_side(views))
    rows = []
    for principle, group in walk.groupby("principle", sort=True):
        row: dict[str, object] = {
            "principle": int(principle),
            "title": cm.principle_titles(views).get(int(principle), ""),
        }
        for org, _ in views:
            row[org.id] = _theme_list(group[group["organisation"] == org.id])
        where = few.loc[few["principle"] == principle, "few_in"]
        row["few_in"] = ", ".join(where.iloc[0]) if not where.empty else ""
        rows.append(row)
    table = pd.DataFrame(rows)
    labels = {
        "principle": "Principle",
        "title": "Title",
        **{org.id: org.label for org, _ in views},
        "few_in": "Rests on few themes in",
    }
    return Section(
        "cluster_crosswalk",
        title,
        few_themes_sentence(few, len(views)),
        data=walk,
        table=Table(table, tuple(labels), labels),
    )


@memoised  # per set of shared views
def changes_by_organisation(views: ClusterViews) -> Section:
    """What changed since each ICB's previous snapshot, counted by kind, one row per ICB (each ICB's changes
    are those its own pages show: report.snapshots.snapshot_changes)."""
    per = []
    words = []
    for org, view in views:
        if view.previous is None or view.snapshot_date is None:
            per.append((org, None, view.snapshot_date, None))
            words.append(f"{org.name}: there is only one framework snapshot, so nothing to compare yet")
            continue
        moved = snapshots.snapshot_changes(view, view.previous.as_at, view.snapshot_date)
        per.append((org, view.previous.as_at, view.snapshot_date, moved))
        said = snapshots.snapshot_changes_sentence(view, moved, view.previous.as_at, view.snapshot_date)
        words.append(f"{org.name}: {said[0].lower()}{said[1:].rstrip('.')}")
    table = cm.change_counts(per)
    table["compared"] = [
        f"{long_date(since)} to {long_date(as_at)}" if done else NOTHING_TO_COMPARE
        for done, since, as_at in zip(table["compared"], table["since"], table["as_at"], strict=True)
    ]
    return Section(
        "cluster_changes",
        "What changed since each ICB's previous snapshot",
        "; ".join(words) + ".",
        data=table,
        table=change_grid(table, views),
        context={"lead": f"How many priorities changed status, and how, {_compared_in_words(table)}:"},
    )


def _compared_in_words(table: pd.DataFrame) -> str:
    """'between 8 February 2023 and 31 May 2023 in every ICB', or each ICB's pair of snapshots."""
    pairs = {
        row["label"]: row["compared"].replace(" to ", " and ")
        for _, row in table.iterrows()
        if row["compared"] != NOTHING_TO_COMPARE
    }
    if len(set(pairs.values())) == 1 and len(pairs) == len(table):
        return f"between {next(iter(pairs.values()))} in every ICB"
    return (
        "since each ICB's previous snapshot ("
        + "; ".join(f"{label} between {pair}" for label, pair in pairs.items())
        + ")"
    )


def change_grid(table: pd.DataFrame, views: ClusterViews) -> Table:
    """change_counts as a row per kind of change (those that happened in any ICB), a column per ICB and what
    the kind means last, the total at the foot: as narrow as the cluster is wide."""
    kinds = [kind for kind in CHANGE_ORDER if table[kind].sum() > 0]
    by_org = table.set_index("organisation")
    rows: list[dict[str, object]] = []
    rows += [
        {
            "change": kind,
            **{org.id: str(by_org.loc[org.id, kind]) for org, _ in views},
            "meaning": CHANGE_CLASSES[kind],
        }
        for kind in kinds
    ]
    rows.append(
        {
            "change": CHANGED_IN_ALL,
            **{org.id: str(by_org.loc[org.id, "changed"]) for org, _ in views},
            "meaning": "",
        }
    )
    labels = {**_grid_labels(views, "change", "Change"), "meaning": "What it means"}
    return Table(pd.DataFrame(rows, columns=list(labels)), tuple(labels), labels)


def organisation_changes(views: ClusterViews) -> tuple[tuple[Organisation, Section], ...]:
    """Each ICB's own changes since its previous snapshot, as its own pages show them."""
    return tuple((org, snapshots.changes(view)) for org, view in views)


def cluster_sections(views: ClusterViews) -> list[Section]:
    """The cluster view's sections, in order (the page and the cluster board pack)."""
    return [
        principles_side_by_side(views),
        assessment_side_by_side(views),
        crosswalk(views),
        changes_by_organisation(views),
    ]


def nothing_to_report(organisation: Organisation, view: View) -> str:
    """Why an ICB has no part in the cluster's figures and papers, in words ('' when it has): no framework
    tracker stored yet, or the 'as at' date is before its first snapshot (report.paper.paper_refusal)."""
    if not view.snapshots or view.as_at is None:
        return (
            f"No framework tracker is stored for {organisation.name} yet, so there is nothing to report: its "
            "editors add its trackers on its Upload trackers page."
        )
    refusal = paper_refusal(view)
    return f"{organisation.name}: {refusal}" if refusal else ""


def _not_reporting(views: ClusterViews) -> str:
    """' No framework tracker is stored for … yet …' for each ICB with nothing to report ('' when none)."""
    said = [nothing_to_report(org, view) for org, view in views]
    return "".join(f" {words}" for words in said if words)


@dataclass(frozen=True)
class OrganisationPaper:
    """One ICB's part of the cluster cover report: its own cover report's summary, attention and changes, and
    its leadership group's decisions in the period by the group's own name."""

    organisation: Organisation
    content: CoverReportContent
    decisions: Section
    decisions_to_date: str

    @property
    def progress_sentence(self) -> str:
        return self.content.progress_sentence

    @property
    def attention(self) -> Section:
        return self.content.attention

    @property
    def attention_lines(self) -> Listing:
        return self.content.attention_lines

    @property
    def changes(self) -> Section:
        return self.content.changes

    @property
    def change_lines(self) -> Listing:
        return self.content.change_lines

    @property
    def assessment_sentence(self) -> str:
        return self.content.assessment_sentence


@memoised  # per organisation and shared view: the cluster papers page previews it for every visitor
def organisation_paper(organisation: Organisation, view: View) -> OrganisationPaper:
    """The ICB's own cover report's computed parts (report.paper), with its group named as it names it. Only
    for an ICB with something to report (nothing_to_report is ''): its paper refuses a date before its first
    snapshot."""
    content = cover_report_content(view, PaperTexts())
    known = as_known_at(view)
    group = f"{organisation.label}'s {organisation.group_name}"
    decisions = decisions_in_period(known, content.period, group)
    to_date = ""
    if content.period.start is not None:
        whole = decisions_in_period(known, Period(None, known.as_at), group)
        to_date = whole.empty or whole.sentence
    return OrganisationPaper(organisation, content, decisions, to_date)


@memoised  # per cluster name and set of shared views
def cluster_summary(cluster_name: str, views: ClusterViews) -> Section:
    """The cluster cover report's summary: who is in the cluster, where each stands, where frameworks differ."""
    side = cm.principles_side_by_side(views)
    few = cm.few_themes(side) if not side.empty else pd.DataFrame(columns=["few_in"])
    standing = []
    for org, view in views:
        if nothing := nothing_to_report(org, view):
            standing.append(nothing.rstrip("."))
            continue
        headline = own.headline(view)
        total = len(view.priorities)
        complete = next((f.value for f in headline.figures if f.label == "Complete"), 0)
        on_track = next((f.value for f in headline.figures if f.label == "On track"), 0)
        standing.append(
            f"{org.name}: {count(total, 'priority', 'priorities')} across "
            f"{count(len(view.themes), 'theme')}, {complete} complete and {on_track} on track as at "
            f"{long_date(view.as_at) if view.as_at is not None else 'the latest snapshot'}"
        )
    lead = (
        f"{cluster_name} brings together {count(len(views), 'ICB')}: "
        f"{names_in_prose([org.name for org, _ in views])}. Each agreed its own CCPL framework, with its own "
        "themes and priorities, and all answer the same five national principles."
    )
    paragraphs = (lead, "; ".join(standing) + ".", few_themes_sentence(few, len(views)))
    return Section(
        "cluster_summary",
        f"{cluster_name}: summary",
        " ".join(paragraphs),
        context={"paragraphs": paragraphs},  # the cover report numbers each
    )


# -- the cluster cover report's tables: a row per principle (or kind of change), a column per ICB ------------


def _principle_label(principle: object, title: object) -> str:
    return f"{int(principle)}. {title}"


def _grid_labels(views: ClusterViews, first: str, heading: str) -> dict[str, str]:
    return {first: heading, **{org.id: org.label for org, _ in views}}


def _progress_cell(row: pd.Series) -> str:
    """'15 of 38; 4 themes (1 primary, few)': counts, never a share rounded twice."""
    done = f"{int(row['on_course'])} of {int(row['priorities'])}" if row["priorities"] else "no priorities"
    few = ", few" if row["few_themes"] else ""
    return f"{done}; {count(int(row['themes']), 'theme')} ({int(row['primary_themes'])} primary{few})"


@memoised  # per set of shared views
def progress_grid(views: ClusterViews) -> Section:
    """Per principle, a cell per ICB: its priorities complete or on track (of how many) and its themes
    addressing the principle (how many primary; 'few' under THIN_PRIMARY_THEMES)."""
    side = cm.principles_side_by_side(views)
    title = "The five principles, ICB by ICB"
    if side.empty:
        return Section("cluster_progress_grid", title, empty="No ICB's principles are recorded yet.")
    side = side.assign(cell=side.apply(_progress_cell, axis=1))
    grid = side.pivot_table(index="principle", columns="organisation", values="cell", aggfunc="first")
    grid = grid.reindex(columns=[org.id for org, _ in views]).astype(object).fillna("–").reset_index()
    titles = cm.principle_titles(views)
    grid.insert(
        0, "principle_label", [_principle_label(p, titles.get(int(p), "")) for p in grid["principle"]]
    )
    labels = _grid_labels(views, "principle_label", "Principle")
    return Section(
        "cluster_progress_grid",
        title,
        "For each principle and ICB: how many of the principle's priorities are complete or on track, of how "
        "many, and how many themes of the ICB's own framework address it (how many as a primary contribution; "
        f"'few' where fewer than {THIN_PRIMARY_THEMES}):",
        table=Table(grid, tuple(labels), labels),
    )


@memoised  # per set of shared views
def assessment_grid(views: ClusterViews) -> Section:
    """assessment_side_by_side with the principle and its title in one column (the paper's tables)."""
    section = assessment_side_by_side(views)
    if section.empty or section.table is None:
        return section
    frame = section.table.frame
    frame = frame.assign(
        principle_label=[
            _principle_label(p, t) for p, t in zip(frame["principle"], frame["title"], strict=True)
        ]
    )
    labels = _grid_labels(views, "principle_label", "Principle")
    return dataclasses.replace(section, table=Table(frame, tuple(labels), labels))


@memoised  # per set of shared views
def crosswalk_counts(views: ClusterViews) -> Section:
    """Per principle, how many of each ICB's own themes address it, and how many as a primary contribution."""
    walk = cm.crosswalk(views)
    title = "Where the frameworks meet: the crosswalk"
    if walk.empty:
        return Section("cluster_crosswalk_counts", title, empty="No ICB's themes are recorded yet.")
    marked = walk[walk["strength"] != ""]
    titles = cm.principle_titles(views)
    few = cm.few_themes(cm.principles_side_by_side(views)).set_index("principle")["few_in"]
    rows = []
    for principle in sorted(walk["principle"].unique()):
        row: dict[str, object] = {
            "principle_label": _principle_label(principle, titles.get(int(principle), ""))
        }
        for org, _ in views:
            mine = marked[(marked["principle"] == principle) & (marked["organisation"] == org.id)]
            primary = int((mine["strength"] == "Primary").sum())
            row[org.id] = f"{len(mine)} ({primary} primary)" if len(mine) else "none"
        row["few_in"] = ", ".join(few.get(int(principle), ()))
        rows.append(row)
    labels = {**_grid_labels(views, "principle_label", "Principle"), "few_in": "Rests on few themes in"}
    return Section(
        "cluster_crosswalk_counts",
        title,
        "How many of each ICB's own themes address each principle (primary or supporting), and where the "
        "principle rests on few of them:",
        table=Table(pd.DataFrame(rows), tuple(labels), labels),
    )


@memoised  # per set of shared views
def crosswalk_grid(views: ClusterViews) -> Section:
    """Every ICB's themes against the five principles: a row per (ICB, theme), a column per principle with the
    theme's mark ('' where it does not address the principle), ICBs in the cluster's order."""
    walk = cm.crosswalk(views)
    title = "Each ICB's themes against the principles"
    if walk.empty:
        return Section("cluster_crosswalk_grid", title, empty="No ICB's themes are recorded yet.")
    order = _order(views)
    grid = (
        walk.assign(column=walk["principle"].map(lambda p: f"principle_{int(p)}"))
        .pivot_table(
            index=["organisation", "label", "theme_id", "theme"],
            columns="column",
            values="strength",
            aggfunc="first",
            sort=False,
        )
        .reset_index()
    )
    grid = grid.assign(_order=grid["organisation"].map(order)).sort_values("_order", kind="stable")
    principles = sorted(walk["principle"].unique())
    labels = {
        "label": "ICB",
        "theme_id": "ID",
        "theme": "Theme",
        **{f"principle_{int(p)}": f"Principle {int(p)}" for p in principles},
    }
    return Section(
        "cluster_crosswalk_grid",
        title,
        "A row per theme of each ICB's own framework, and its mark against each principle.",
        table=Table(grid.reset_index(drop=True), tuple(labels), labels),
    )
