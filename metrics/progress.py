"""Progress against the principles and the six-month priorities.

How progress against a principle is measured (the Principles page says the same in words):
1. The coverage matrix says which themes address the principle (primary or supporting).
2. The principle's priorities are the priorities of those themes, each counted once.
3. Its progress is the share of those priorities in each status: complete, on track, at risk, and so on.

A principle rests on thin evidence when fewer than THIN_PRIMARY_THEMES themes address it as a primary
contribution, or when fewer than THIN_EVIDENCE_ITEMS distinct achievements, engagement events and CPLG
decisions come through its primary themes (an item linked to two of them counts once).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from domain import OPEN_STATUSES, STATUSES
from metrics.filters import NOT_RECORDED

THIN_PRIMARY_THEMES = 2
THIN_EVIDENCE_ITEMS = 5
ATTENTION_STATUSES = ("At risk", "Off track", "Deferred")


def enrich_priorities(
    priorities: pd.DataFrame, themes: pd.DataFrame, as_at: pd.Timestamp | None
) -> pd.DataFrame:
    """Priorities with their theme's name, owner shown as 'Not recorded' when blank, and overdue flags.

    A priority is overdue when it is still open (not started, on track, at risk or off track) and its due
    date is before the 'as at' date.
    """
    names = themes.set_index("theme_id")["theme"]
    enriched = priorities.assign(
        theme=priorities["theme_id"].map(names).astype("string"),
        owner=priorities["owner"].fillna(NOT_RECORDED),
    )
    open_ = enriched["status"].astype("string").isin(OPEN_STATUSES).fillna(False)
    due = enriched["due_date"]
    if as_at is None:
        overdue = pd.Series(False, index=enriched.index)
    else:
        overdue = (open_ & (due < as_at)).fillna(False)
    enriched["overdue"] = overdue.astype(bool)
    enriched["days_overdue"] = ((as_at - due).dt.days if as_at is not None else 0) * enriched["overdue"]
    attention = (
        enriched["status"].astype("string").isin(ATTENTION_STATUSES).fillna(False) | enriched["overdue"]
    )
    enriched["needs_attention"] = attention.astype(bool)
    return enriched


def attention_reason(row: pd.Series) -> str:
    """Why a priority needs attention, in words: 'Overdue by 12 days; at risk'."""
    reasons = []
    if row["overdue"]:
        reasons.append(f"Overdue by {int(row['days_overdue'])} days")
    if str(row["status"]) in ATTENTION_STATUSES:
        reasons.append(str(row["status"]))
    return "; ".join(reasons)


def status_counts(priorities: pd.DataFrame) -> pd.Series:
    """Number of priorities in each status, every status present (zero if none), in reading order."""
    counts = priorities["status"].astype("string").value_counts()
    return counts.reindex(list(STATUSES), fill_value=0).astype(int)


def principle_priorities(priorities: pd.DataFrame, coverage: pd.DataFrame) -> pd.DataFrame:
    """One row per (principle, priority) for the priorities of the themes addressing each principle."""
    links = coverage[["theme_id", "principle", "strength"]].drop_duplicates(["theme_id", "principle"])
    return links.merge(priorities, on="theme_id", how="inner")


def principle_progress(
    priorities: pd.DataFrame, coverage: pd.DataFrame, principles: pd.DataFrame
) -> pd.DataFrame:
    """Per principle: its themes, its priorities by status, and the share in each status.

    Columns: principle, title, themes, primary_themes, priorities, one count column per status, and
    share_<status> (0-100) for each status.
    """
    # groupby/unstack and one frame built at the end: pivot_table and column-by-column assignment cost
    # most of the Overview's own time when twenty sessions arrive at once (bench/README.md)
    per = principle_priorities(priorities[["theme_id", "priority_id", "status"]], coverage)
    counts = (
        per.assign(status=per["status"].astype("string"))
        .groupby(["principle", "status"])["priority_id"]
        .nunique()
        .unstack("status", fill_value=0)
        .reindex(columns=list(STATUSES), fill_value=0)
    )
    index = pd.Index(principles["principle"])
    by_principle = coverage.groupby("principle")["theme_id"]
    primary = coverage[coverage["strength"] == "Primary"].groupby("principle")["theme_id"]
    columns: dict[str, object] = {
        "title": principles["title"].to_numpy(),
        "themes": by_principle.nunique().reindex(index).to_numpy(),
        "primary_themes": primary.nunique().reindex(index).to_numpy(),
    }
    status_counts = counts.reindex(index).fillna(0)
    for status in STATUSES:
        columns[status] = status_counts[status].to_numpy()
    table = pd.DataFrame(columns, index=index).fillna(0)
    table["title"] = table["title"].astype(principles["title"].dtype)
    totals = table[list(STATUSES)].sum(axis=1)
    table["priorities"] = totals
    denominator = totals.where(totals > 0)
    shares = {f"share_{s}": (100 * table[s] / denominator).round(1) for s in STATUSES}
    table = pd.concat([table, pd.DataFrame(shares, index=index)], axis=1)
    integer_columns = ["themes", "primary_themes", "priorities", *STATUSES]
    table[integer_columns] = table[integer_columns].astype(int)
    return table.reset_index()


def principle_status_long(progress: pd.DataFrame) -> pd.DataFrame:
    """principle_progress reshaped for a stacked bar: one row per (principle, status) with count and share."""
    rows = []
    for _, row in progress.iterrows():
        for status in STATUSES:
            rows.append(
                {
                    "principle": int(row["principle"]),
                    "label": f"{int(row['principle'])}. {row['title']}",
                    "status": status,
                    "count": int(row[status]),
                    "share": row[f"share_{status}"],
                }
            )
    return pd.DataFrame(rows, columns=["principle", "label", "status", "count", "share"])


@dataclass(frozen=True)
class EvidenceSources:
    """The tables evidence comes from, with their links to themes."""

    achievements: pd.DataFrame
    priorities: pd.DataFrame
    events: pd.DataFrame
    event_themes: pd.DataFrame
    agenda: pd.DataFrame
    agenda_themes: pd.DataFrame


EVIDENCE_COLUMNS = ("achievements", "priorities", "events", "decisions")


def _linked(links: pd.DataFrame, key: str, in_view: pd.Series) -> pd.DataFrame:
    """(key, theme_id) pairs for the rows in view, each pair once."""
    return links.loc[links[key].isin(in_view), [key, "theme_id"]].drop_duplicates()


def principle_evidence(
    coverage: pd.DataFrame, sources: EvidenceSources, primary_only: bool = False
) -> pd.DataFrame:
    """Per principle: how many themes are marked against it, and how many distinct achievements, priorities,
    events and CPLG decisions are linked to any of those themes. An item linked to two of a principle's themes
    counts once (an event serving T2 and T7 is one event). primary_only: through its primary themes only.

    Index: principle. Columns: themes and one per kind of evidence (EVIDENCE_COLUMNS).
    """
    marks = coverage[["theme_id", "principle", "strength"]]
    if primary_only:
        marks = marks[marks["strength"] == "Primary"]
    marks = marks[["theme_id", "principle"]].drop_duplicates()
    achievements = sources.achievements.assign(_id=sources.achievements.index)[["_id", "theme_id"]]
    priorities = sources.priorities.assign(_id=sources.priorities.index)[["_id", "theme_id"]]
    links = {
        "achievements": achievements,
        "priorities": priorities,
        "events": _linked(sources.event_themes, "event_id", sources.events["event_id"]).rename(
            columns={"event_id": "_id"}
        ),
        "decisions": _linked(sources.agenda_themes, "item_id", sources.agenda["item_id"]).rename(
            columns={"item_id": "_id"}
        ),
    }
    columns = {"themes": marks.groupby("principle")["theme_id"].nunique()}
    for kind, linked in links.items():
        columns[kind] = marks.merge(linked, on="theme_id").groupby("principle")["_id"].nunique()
    table = pd.DataFrame(columns, index=pd.Index(marks["principle"].unique(), name="principle"))
    return table.fillna(0).astype(int)


def thin_evidence(principles: pd.DataFrame, coverage: pd.DataFrame, sources: EvidenceSources) -> pd.DataFrame:
    """Per principle: primary themes, evidence items through them (distinct achievements, events and
    decisions, each counted once however many of its primary themes it serves), and whether the evidence is
    thin (with why); few_themes: whether it rests on fewer than THIN_PRIMARY_THEMES primary themes."""
    primary = principle_evidence(coverage, sources, primary_only=True)
    summary = principles[["principle", "title"]].set_index("principle")
    summary["primary_themes"] = primary["themes"]
    summary["evidence_items"] = primary[["achievements", "events", "decisions"]].sum(axis=1)
    summary = summary.fillna(0)
    summary[["primary_themes", "evidence_items"]] = summary[["primary_themes", "evidence_items"]].astype(int)
    summary["few_themes"] = summary["primary_themes"] < THIN_PRIMARY_THEMES
    reasons = []
    for _, row in summary.iterrows():
        why = []
        if row["few_themes"]:
            why.append(f"{row['primary_themes']} primary theme" + ("" if row["primary_themes"] == 1 else "s"))
        if row["evidence_items"] < THIN_EVIDENCE_ITEMS:
            why.append(
                f"{row['evidence_items']} achievements, events and decisions through its primary themes"
            )
        reasons.append("; ".join(why))
    summary["thin"] = [bool(r) for r in reasons]
    summary["why_thin"] = reasons
    return summary.reset_index()


@dataclass(frozen=True)
class Evidence:
    """What lies behind one theme's contribution to one principle."""

    achievements: pd.DataFrame
    priorities: pd.DataFrame
    events: pd.DataFrame
    decisions: pd.DataFrame

    @property
    def total(self) -> int:
        return len(self.achievements) + len(self.priorities) + len(self.events) + len(self.decisions)


def evidence_for(theme_id: str, sources: EvidenceSources) -> Evidence:
    """The achievements, priorities, events and CPLG decisions linked to a theme."""
    event_ids = sources.event_themes.loc[sources.event_themes["theme_id"] == theme_id, "event_id"]
    item_ids = sources.agenda_themes.loc[sources.agenda_themes["theme_id"] == theme_id, "item_id"]
    return Evidence(
        achievements=sources.achievements[sources.achievements["theme_id"] == theme_id],
        priorities=sources.priorities[sources.priorities["theme_id"] == theme_id],
        events=sources.events[sources.events["event_id"].isin(event_ids)],
        decisions=sources.agenda[sources.agenda["item_id"].isin(item_ids)],
    )


def coverage_grid(themes: pd.DataFrame, principles: pd.DataFrame, coverage: pd.DataFrame) -> pd.DataFrame:
    """Every (theme, principle) cell of the matrix with its mark ('' where none), themes in tracker order."""
    grid = themes[["theme_id", "theme"]].merge(principles[["principle", "title"]], how="cross")
    grid = grid.merge(
        coverage[["theme_id", "principle", "strength"]], on=["theme_id", "principle"], how="left"
    )
    grid["strength"] = grid["strength"].astype("string").fillna("")
    return grid


def coverage_table(grid: pd.DataFrame) -> pd.DataFrame:
    """The coverage matrix as a table (the chart's text alternative): a row per theme, a column per principle."""
    matrix = grid.pivot_table(
        index="theme", columns="principle", values="strength", aggfunc="first", sort=False
    ).reset_index()
    matrix.columns = ["Theme", *[f"Principle {c}" for c in matrix.columns[1:]]]
    return matrix


@dataclass(frozen=True)
class PrincipleDrillDown:
    """The themes marked against one principle, and their priorities and CPLG agenda items."""

    themes: pd.DataFrame
    priorities: pd.DataFrame
    decisions: pd.DataFrame


def principle_drill_down(
    principle: object, coverage: pd.DataFrame, sources: EvidenceSources, themes: pd.DataFrame
) -> PrincipleDrillDown:
    """What lies behind one principle: its themes (with their marks), their priorities and agenda items."""
    links = coverage[coverage["principle"] == principle].merge(themes, on="theme_id")
    theme_ids = set(links["theme_id"])
    items = sources.agenda_themes.loc[sources.agenda_themes["theme_id"].isin(theme_ids), "item_id"]
    return PrincipleDrillDown(
        themes=links,
        priorities=sources.priorities[sources.priorities["theme_id"].isin(theme_ids)],
        decisions=sources.agenda[sources.agenda["item_id"].isin(items)],
    )
