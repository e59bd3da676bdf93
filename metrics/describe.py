"""One plain-English sentence per chart, computed from the same data the chart draws.

Each sentence stands beside its chart as its text alternative, so a reader who cannot see the chart gets
the same message. Every function handles empty data with a sentence that says so.
"""

from __future__ import annotations

import pandas as pd

from domain import STATUSES
from formatting import count, known_date, long_date, month_year, names_in_prose
from metrics.filters import Filters

_n = count
_date = long_date
_names = names_in_prose


def status_sentence(priorities: pd.DataFrame) -> str:
    """'4 of 24 priorities are complete; 3 are at risk, all in the Support theme.' ('1 of 24 … is complete')"""
    total = len(priorities)
    if total == 0:
        return "There are no priorities to show."
    status = priorities["status"].astype("string")
    complete = int((status == "Complete").sum())
    verb = (
        "is" if 1 in (complete, total) else "are"
    )  # '1 of 24 priorities is complete', '4 of 24 … are complete'
    parts = [f"{complete:,} of {total:,} {'priority' if total == 1 else 'priorities'} {verb} complete"]
    for word in ("At risk", "Off track"):
        rows = priorities[status == word]
        if rows.empty:
            continue
        themes = sorted(rows["theme"].dropna().unique()) if "theme" in rows else []
        where = ""
        if len(themes) == 1:
            where = f", {'all ' if len(rows) > 1 else ''}in the {themes[0]} theme"
        elif 1 < len(themes) <= 3:
            where = f", in the {_names(themes)} themes"
        parts.append(f"{len(rows)} {'is' if len(rows) == 1 else 'are'} {word.lower()}{where}")
    if not any(s in set(status.dropna()) for s in ("At risk", "Off track")):
        parts.append("none is at risk or off track")
    others = [
        f"{int((status == s).sum())} {s.lower()}"
        for s in STATUSES
        if s not in ("Complete", "At risk", "Off track")
    ]
    others = [o for o in others if not o.startswith("0 ")]
    sentence = "; ".join(parts)
    return sentence + (f" (the rest: {', '.join(others)})." if others else ".")


def principle_progress_sentence(progress: pd.DataFrame) -> str:
    """Which principle is furthest on and which has least, by share of priorities complete."""
    with_priorities = progress[progress["priorities"] > 0]
    if with_priorities.empty:
        return "No principle has any priorities yet, so progress cannot be measured."
    best = with_priorities.sort_values(["share_Complete", "principle"], ascending=[False, True]).iloc[0]
    sentence = (
        f"Principle {int(best['principle'])} ({best['title']}) is furthest on: {best['share_Complete']:.0f}% of its "
        f"{_n(int(best['priorities']), 'priority', 'priorities')} complete"
    )
    if len(with_priorities) > 1:
        worst = with_priorities.sort_values(["share_Complete", "principle"]).iloc[0]
        sentence += (
            f"; principle {int(worst['principle'])} ({worst['title']}) has {worst['share_Complete']:.0f}% of "
            f"{_n(int(worst['priorities']), 'priority', 'priorities')} complete"
        )
    none = progress[progress["priorities"] == 0]
    if not none.empty:
        sentence += f"; {_names([str(int(p)) for p in none['principle']])} {'has' if len(none) == 1 else 'have'} no priorities"
    return sentence + "."


def coverage_sentence(grid: pd.DataFrame) -> str:
    """How many themes address how many principles, and which principle has fewest themes."""
    marked = grid[grid["strength"] != ""]
    if marked.empty:
        return "No theme is marked against any principle yet."
    per_principle = (
        marked.groupby("principle")["theme_id"].nunique().reindex(grid["principle"].unique(), fill_value=0)
    )
    fewest = per_principle.min()
    fewest_ids = [str(p) for p in per_principle[per_principle == fewest].index]
    primary = int((marked["strength"] == "Primary").sum())
    return (
        f"{_n(marked['theme_id'].nunique(), 'theme')} address {_n(marked['principle'].nunique(), 'principle')} with "
        f"{_n(len(marked), 'mark')} ({primary} primary, {len(marked) - primary} supporting); principle"
        f"{'s' if len(fewest_ids) > 1 else ''} {_names(fewest_ids)} {'is' if len(fewest_ids) == 1 else 'are'} "
        f"addressed by the fewest themes ({fewest})."
    )


def theme_status_sentence(priorities: pd.DataFrame) -> str:
    """Which theme has most priorities complete, and which has most not started."""
    if priorities.empty:
        return "There are no priorities to show."
    status = priorities["status"].astype("string")
    per_theme = (
        priorities.assign(status=status)
        .groupby("theme")
        .agg(total=("priority_id", "size"), complete=("status", lambda s: int((s == "Complete").sum())))
    )
    top = per_theme.sort_values(["complete", "total"], ascending=False).iloc[0]
    sentence = f"{_n(len(priorities), 'priority', 'priorities')} across {_n(len(per_theme), 'theme')}"
    if top["complete"] > 0:
        sentence += f"; {top.name} has the most complete ({int(top['complete'])} of {int(top['total'])})"
    else:
        sentence += "; none is complete yet"
    return sentence + "."


def timeline_sentence(priorities: pd.DataFrame, as_at: pd.Timestamp | None) -> str:
    """The span of due dates and how many are overdue as at the date."""
    dated = priorities.dropna(subset=["due_date"])
    if dated.empty:
        return "No priority has a due date, so none can be shown on the timeline."
    overdue = int(priorities["overdue"].sum()) if "overdue" in priorities else 0
    when = f" as at {_date(as_at)}" if as_at is not None else ""
    overdue_text = "none is" if overdue == 0 else f"{overdue} {'is' if overdue == 1 else 'are'}"
    first = dated.loc[dated["due_date"].idxmin()]
    last = dated.loc[dated["due_date"].idxmax()]
    return (
        f"{_n(len(dated), 'priority', 'priorities')} {'is' if len(dated) == 1 else 'are'} due between "
        f"{_due(first)} and {_due(last)}; {overdue_text} overdue{when}."
    )


def _due(row: pd.Series) -> str:
    """A priority's due date as known: '31 May 2023 (assumed)' where the papers give none."""
    return known_date(row["due_date"], assumed=row.get("due_date_assumed"))


def events_sentence(events: pd.DataFrame) -> str:
    """How many events, over what period, drawing how many people, and the largest."""
    dated = events.dropna(subset=["date"])
    if dated.empty:
        return "There are no engagement events to show."
    approx = bool(dated["attendance_approximate"].fillna(False).any())
    about = "about " if approx else ""
    largest = dated.sort_values("attendees", ascending=False).iloc[0]
    span = (
        f"in {month_year(dated['date'].min())}"
        if dated["date"].min().to_period("M") == dated["date"].max().to_period("M")
        else f"from {month_year(dated['date'].min())} to {month_year(dated['date'].max())}"
    )
    sentence = f"{_n(len(dated), 'event')} {span} drew {about}{int(dated['attendees'].fillna(0).sum()):,} attendees in all"
    if len(dated) > 1 and pd.notna(largest["attendees"]):
        sentence += f"; the largest was {largest['event']} ({about}{int(largest['attendees']):,})"
    volunteers = int(dated["volunteers"].fillna(0).sum())
    if volunteers:
        sentence += f"; {_n(volunteers, 'person', 'people')} volunteered for follow-up work"
    return sentence + "."


def breakdown_sentence(table: pd.DataFrame, column: str, what: str) -> str:
    """The largest groups in an attendance breakdown."""
    if table.empty or table["attendees"].sum() == 0:
        return f"No attendance by {what} is recorded."
    top = table.sort_values("attendees", ascending=False).head(3)
    listed = _names([f"{row[column]} ({int(row['attendees']):,})" for _, row in top.iterrows()])
    return f"Attendance by {what} across {_n(len(table), 'group')}; the largest: {listed}."


def reach_sentence(reach: pd.DataFrame) -> str:
    """How many of the professions named in principle 1 were reached, and which were not."""
    reached = reach[reach["reached"]]
    missing = reach[~reach["reached"]]["profession"].tolist()
    sentence = f"{len(reached)} of the {len(reach)} professions named in principle 1 attended"
    if missing:
        shown = missing[:4]
        more = f" and {len(missing) - 4} more" if len(missing) > 4 else ""
        sentence += f"; not reached: {', '.join(shown)}{more}"
    return sentence + "."


def agenda_sentence(counts: pd.DataFrame, by: str, what: str) -> str:
    """Agenda items over time by facet or outcome: span and the largest category."""
    if counts.empty:
        return "There are no CPLG agenda items to show."
    total = int(counts["items"].sum())
    per = counts.groupby(by, observed=True)["items"].sum().sort_values(ascending=False)
    span = f"from {month_year(counts['month'].min())} to {month_year(counts['month'].max())}"
    return f"{_n(total, 'agenda item')} {span}; by {what}, the most were {per.index[0]} ({int(per.iloc[0])})."


def _or(items: list[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def among_priorities(filters: Filters, when: str = "in either snapshot") -> str:
    """The filters as the priorities a comparison is narrowed to: 'among priorities of theme T8 with status
    On track in either snapshot'; '' when nothing narrows the view.

    A comparison of snapshots shows a priority that matches the filters in either of them (`when`)."""
    if not filters.active:
        return ""
    parts = ["among priorities"]
    if filters.themes:
        parts.append(f"of {'theme' if len(filters.themes) == 1 else 'themes'} {_names(list(filters.themes))}")
    if filters.principles:
        word = "principle" if len(filters.principles) == 1 else "principles"
        parts.append(f"in themes addressing {word} {_or([str(p) for p in filters.principles])}")
    if filters.owners:
        parts.append(f"owned by {_or(list(filters.owners))}")
    if filters.date_from is not None or filters.date_to is not None:
        start = f" from {_date(filters.date_from)}" if filters.date_from is not None else ""
        end = f" to {_date(filters.date_to)}" if filters.date_to is not None else ""
        parts.append(f"due{start}{end} or undated")
    if filters.statuses:
        parts.append(f"with status {_or(list(filters.statuses))}")
    return " ".join([*parts, when])


def changes_sentence(summary: pd.Series, before: pd.Timestamp, after: pd.Timestamp, among: str = "") -> str:
    """What moved between two snapshots; `among` names the priorities shown (`among_priorities`)."""
    moved = {k: int(v) for k, v in summary.items() if v}
    narrowed = f", {among}" if among else ""
    if not moved:
        return f"No priority changed status between {_date(before)} and {_date(after)}{narrowed}."
    parts = [f"{v} {k.lower()}" for k, v in moved.items()]
    return f"Between {_date(before)} and {_date(after)}: {_names(parts)}{narrowed}."


def cycle_sentence(counts: pd.Series, start: pd.Timestamp, complete: bool, among: str = "") -> str:
    """The cycle review's outcome in one sentence; `among` names the priorities shown (`among_priorities`)."""
    total = int(counts.sum())
    if total == 0:
        return f"No snapshot falls in the cycle starting {_date(start)}, so it cannot be reviewed."
    parts = _names([f"{int(counts[k])} {k.lower()}" for k in counts.index])
    state = "so far (the cycle is still running)" if not complete else "by the end of the cycle"
    narrowed = f" ({among})" if among else ""
    return f"Of {_n(total, 'priority', 'priorities')} promised at the start of the cycle from {_date(start)}{narrowed}: {parts} {state}."
