"""An independent oracle: every headline figure, count and change class re-computed plainly from the tracker rows.

It shares no code with metrics/, report/ or charts/ (nor their tables: the change classes are written out by
hand below). It reads only the rows the loaders produce (loaders are the one shared input) and says, in plain
Python over lists of dicts, what a board member should read. Tests compare it with what every page, the board
pack, the Word paper and the slides show (tests/test_oracle*.py).

The meaning, as issue 18 states it:
- The filters select priorities (theme in view, status, owner, due date; undated rows are kept), agenda
  items and events (linked to a theme in view, unless every theme is in view; dated within the range).
  A principle filter keeps the themes marked against it.
- A figure's "change since the previous snapshot" is the same figure on the previous snapshot, same filters.
- A priority's change class is decided on the two snapshots WITHOUT filters; the change is shown when the
  priority matches the filters in either snapshot.
- A principle's priorities are the priorities of the themes marked against it, each counted once; its evidence
  is the distinct achievements, events and agenda items linked to those themes, each counted once.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

OPEN = ("Not started", "On track", "At risk", "Off track")
"""Statuses of a priority still to be delivered: overdue when its due date has passed."""

# The change class of every move between two statuses, written out by hand (issue 18 #6): reaching Complete
# is 'Delivered'; a move to At risk or Off track is never progress; leaving Complete is a slip.
PROGRESS = "Moved forward"
DELIVERED = "Delivered"
SLIPPED = "Slipped"
RESUMED = "Resumed"  # back on the list but not started: neither progress nor a slip
NEW = "New"
REMOVED = "Removed"
CHANGE_CLASS: dict[tuple[str, str], str] = {
    ("Not started", "On track"): PROGRESS,
    ("Not started", "At risk"): SLIPPED,
    ("Not started", "Off track"): SLIPPED,
    ("Not started", "Deferred"): SLIPPED,
    ("Not started", "Complete"): DELIVERED,
    ("On track", "Not started"): SLIPPED,
    ("On track", "At risk"): SLIPPED,
    ("On track", "Off track"): SLIPPED,
    ("On track", "Deferred"): SLIPPED,
    ("On track", "Complete"): DELIVERED,
    ("At risk", "Not started"): SLIPPED,
    ("At risk", "On track"): PROGRESS,
    ("At risk", "Off track"): SLIPPED,
    ("At risk", "Deferred"): SLIPPED,
    ("At risk", "Complete"): DELIVERED,
    ("Off track", "Not started"): SLIPPED,
    ("Off track", "On track"): PROGRESS,
    ("Off track", "At risk"): SLIPPED,
    ("Off track", "Deferred"): SLIPPED,
    ("Off track", "Complete"): DELIVERED,
    ("Deferred", "Not started"): RESUMED,
    ("Deferred", "On track"): PROGRESS,
    ("Deferred", "At risk"): SLIPPED,
    ("Deferred", "Off track"): SLIPPED,
    ("Deferred", "Complete"): DELIVERED,
    ("Complete", "Not started"): SLIPPED,
    ("Complete", "On track"): SLIPPED,
    ("Complete", "At risk"): SLIPPED,
    ("Complete", "Off track"): SLIPPED,
    ("Complete", "Deferred"): SLIPPED,
}
"""(before, after) -> class, for every pair of different statuses; the same status twice is no change."""

NOT_RECORDED_OWNER = "Not recorded"


def _plain(value: Any) -> Any:
    """A cell as plain Python: blanks None, timestamps dates, numpy scalars Python ones."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item") and not isinstance(value, str | tuple):
        return value.item()
    return value


def rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    columns = list(frame.columns)
    return [
        {c: _plain(v) for c, v in zip(columns, values, strict=True)}
        for values in frame.astype(object).itertuples(index=False, name=None)
    ]


@dataclass(frozen=True)
class Choice:
    """The sidebar filters as a board member sets them (empty = all)."""

    themes: tuple[str, ...] = ()
    principles: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    as_at: dt.date | None = None

    def query(self) -> dict[str, list[str]]:
        """The page's URL query for this choice, written by hand."""
        query: dict[str, list[str]] = {}
        if self.themes:
            query["theme"] = list(self.themes)
        if self.principles:
            query["principle"] = [str(p) for p in self.principles]
        if self.statuses:
            query["status"] = list(self.statuses)
        if self.owners:
            query["owner"] = list(self.owners)
        if self.date_from:
            query["from"] = [self.date_from.isoformat()]
        if self.date_to:
            query["to"] = [self.date_to.isoformat()]
        if self.as_at:
            query["as_at"] = [self.as_at.isoformat()]
        return query


@dataclass
class Data:
    """The tracker rows, plain."""

    snapshots: list[
        tuple[dt.date, list[dict[str, Any]], list[dict[str, Any]]]
    ]  # (as at, priorities, achievements)
    themes: list[dict[str, Any]]  # of the latest snapshot
    principles: list[dict[str, Any]]
    coverage: list[dict[str, Any]]  # theme_id, principle, strength
    events: list[dict[str, Any]] = field(default_factory=list)
    event_themes: list[tuple[str, str]] = field(default_factory=list)
    agenda: list[dict[str, Any]] = field(default_factory=list)
    agenda_themes: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def from_trackers(cls, trackers: Any) -> Data:
        """From a loaders.tracker_set.TrackerSet (only its loaded tables are read)."""
        framework = sorted(trackers.framework, key=lambda t: t.as_at)
        snapshots = [
            (t.as_at.date(), rows(t.tables["priorities"]), rows(t.tables["achievements"])) for t in framework
        ]

        def table(tracker: Any, key: str) -> list[dict[str, Any]]:
            return rows(tracker.tables[key]) if tracker is not None else []

        def pairs(tracker: Any, key: str, id_column: str) -> list[tuple[str, str]]:
            return [(r[id_column], r["theme_id"]) for r in table(tracker, key)]

        return cls(
            snapshots=snapshots,
            themes=rows(framework[-1].tables["themes"]) if framework else [],
            principles=table(trackers.coverage, "principles"),
            coverage=table(trackers.coverage, "coverage"),
            events=table(trackers.engagement, "events"),
            event_themes=pairs(trackers.engagement, "event_themes", "event_id"),
            agenda=placed(table(trackers.cplg, "agenda_items")),
            agenda_themes=pairs(trackers.cplg, "agenda_themes", "item_id"),
        )


def placed(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each agenda row with 'place': its meeting date, or, for a date that cannot be right (before 2015, or
    more than three years from the middle of the log's dates: the paper's '20 September 2002'), the date of
    the next plausible row in the log (the previous one when none follows). Windows filter on the place."""
    dates = sorted(r["meeting_date"] for r in items if r["meeting_date"] is not None)
    middle = dates[len(dates) // 2] if dates else None

    def wrong(day: dt.date | None) -> bool:
        return day is not None and (day.year < 2015 or abs((day - middle).days) > 3 * 365)

    plausible = [None if wrong(r["meeting_date"]) else r["meeting_date"] for r in items]
    out = []
    for i, row in enumerate(items):
        place = plausible[i]
        if wrong(row["meeting_date"]):
            after = [d for d in plausible[i + 1 :] if d is not None]
            before = [d for d in plausible[:i] if d is not None]
            place = after[0] if after else (before[-1] if before else None)
        out.append({**row, "place": place})
    return out


class Oracle:
    """What a view should say, for one Data and one Choice."""

    def __init__(self, data: Data, choice: Choice = Choice()) -> None:
        self.data = data
        self.choice = choice
        dates = [d for d, _, _ in data.snapshots]
        self.as_at = choice.as_at or (dates[-1] if dates else None)
        in_force = [i for i, d in enumerate(dates) if self.as_at is None or d <= self.as_at]
        self.current = in_force[-1] if in_force else (0 if dates else None)
        self.previous = self.current - 1 if self.current else None
        every = {t["theme_id"] for t in data.themes}
        chosen = set(choice.themes) if choice.themes else set(every)
        if choice.principles:
            chosen &= {c["theme_id"] for c in data.coverage if c["principle"] in choice.principles}
        self.theme_ids = chosen
        self.every_theme = chosen == every

    # --- what is in view -----------------------------------------------------------------------------
    def _in_dates(self, when: dt.date | None) -> bool:
        if when is None:
            return True  # undated rows are kept
        if self.choice.date_from and when < self.choice.date_from:
            return False
        return not (self.choice.date_to and when > self.choice.date_to)

    def matches(self, priority: dict[str, Any]) -> bool:
        """Whether a priority row passes every filter."""
        if priority["theme_id"] not in self.theme_ids:
            return False
        if self.choice.statuses and priority["status"] not in self.choice.statuses:
            return False
        owner = priority["owner"] if priority["owner"] not in (None, "") else NOT_RECORDED_OWNER
        if self.choice.owners and owner not in self.choice.owners:
            return False
        return self._in_dates(priority["due_date"])

    def priorities(self, snapshot: int | None = None) -> list[dict[str, Any]]:
        """The priorities in view on a snapshot (the one in force by default)."""
        index = self.current if snapshot is None else snapshot
        if index is None:
            return []
        return [p for p in self.data.snapshots[index][1] if self.matches(p)]

    def achievements(self) -> list[dict[str, Any]]:
        if self.current is None:
            return []
        return [a for a in self.data.snapshots[self.current][2] if a["theme_id"] in self.theme_ids]

    def _linked(
        self, items: list[dict[str, Any]], links: list[tuple[str, str]], key: str, date: str
    ) -> list[dict]:
        linked = {item for item, theme in links if theme in self.theme_ids}
        return [r for r in items if self._in_dates(r[date]) and (self.every_theme or r[key] in linked)]

    def events(self) -> list[dict[str, Any]]:
        return self._linked(self.data.events, self.data.event_themes, "event_id", "date")

    def agenda(self) -> list[dict[str, Any]]:
        return self._linked(self.data.agenda, self.data.agenda_themes, "item_id", "place")

    def themes(self) -> list[dict[str, Any]]:
        return [t for t in self.data.themes if t["theme_id"] in self.theme_ids]

    def coverage(self) -> list[dict[str, Any]]:
        return [c for c in self.data.coverage if c["theme_id"] in self.theme_ids]

    # --- the figures ---------------------------------------------------------------------------------
    def overdue(self, priority: dict[str, Any]) -> bool:
        due = priority["due_date"]
        return priority["status"] in OPEN and due is not None and self.as_at is not None and due < self.as_at

    @staticmethod
    def _groups(priorities: list[dict[str, Any]]) -> dict[str, int]:
        def n(*statuses: str) -> int:
            return sum(1 for p in priorities if p["status"] in statuses)

        return {
            "Complete": n("Complete"),
            "On track": n("On track"),
            "At risk or off track": n("At risk", "Off track"),
            "Not started or deferred": n("Not started", "Deferred"),
        }

    def headline(self) -> dict[str, tuple[int, int | None, int | None]]:
        """The Overview's figures: label -> (value, out of, value on the previous snapshot)."""
        now = self.priorities()
        before = self._groups(self.priorities(self.previous)) if self.previous is not None else None
        figures: dict[str, tuple[int, int | None, int | None]] = {
            name: (value, len(now), None if before is None else before[name])
            for name, value in self._groups(now).items()
        }
        figures["Overdue"] = (sum(1 for p in now if self.overdue(p)), None, None)
        addressed = {c["principle"] for c in self.coverage()}
        figures["Principles addressed"] = (len(addressed), len(self.data.principles), None)
        figures["Themes"] = (len(self.themes()), None, None)
        figures["CPLG agenda items"] = (len(self.agenda()), None, None)
        return figures

    def status_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for p in self.priorities():
            counts[p["status"]] = counts.get(p["status"], 0) + 1
        return counts

    def status_by_theme(self) -> dict[str, dict[str, int]]:
        table: dict[str, dict[str, int]] = {t["theme_id"]: {} for t in self.themes()}
        for p in self.priorities():
            table[p["theme_id"]][p["status"]] = table[p["theme_id"]].get(p["status"], 0) + 1
        return table

    def _principle_themes(self, principle: int) -> set[str]:
        return {c["theme_id"] for c in self.coverage() if c["principle"] == principle}

    def principle_progress(self) -> dict[int, dict[str, Any]]:
        """Per principle: its themes in view, its priorities (each once) and how many are in each status."""
        result = {}
        for principle in (p["principle"] for p in self.data.principles):
            themes = self._principle_themes(principle)
            mine = {p["priority_id"]: p["status"] for p in self.priorities() if p["theme_id"] in themes}
            by_status: dict[str, int] = {}
            for status in mine.values():
                by_status[status] = by_status.get(status, 0) + 1
            result[principle] = {"themes": len(themes), "priorities": len(mine), "by_status": by_status}
        return result

    def evidence(self) -> dict[int, dict[str, int]]:
        """Per principle: distinct achievements, priorities, events and agenda items through its themes."""
        events = {e["event_id"] for e in self.events()}
        items = {a["item_id"] for a in self.agenda()}
        result = {}
        for principle in (p["principle"] for p in self.data.principles):
            themes = self._principle_themes(principle)
            result[principle] = {
                "themes": len(themes),
                "achievements": len(
                    {a["achievement_id"] for a in self.achievements() if a["theme_id"] in themes}
                ),
                "priorities": len({p["priority_id"] for p in self.priorities() if p["theme_id"] in themes}),
                "events": len({e for e, t in self.data.event_themes if t in themes and e in events}),
                "decisions": len({i for i, t in self.data.agenda_themes if t in themes and i in items}),
            }
        return result

    def engagement(self) -> dict[str, int]:
        events = self.events()
        return {
            "events": len(events),
            "attendees": sum(e["attendees"] or 0 for e in events),
            "volunteers": sum(e["volunteers"] or 0 for e in events),
        }

    def cplg(self) -> dict[str, int]:
        """Agenda items in view, and per outcome as recorded (blank outcomes under None)."""
        counts: dict[str, int] = {"items": len(self.agenda())}
        for item in self.agenda():
            counts[item["outcome"]] = counts.get(item["outcome"], 0) + 1
        return counts

    # --- what changed --------------------------------------------------------------------------------
    def changes(self) -> dict[str, str]:
        """Priority id -> change class since the previous snapshot, for the priorities shown.

        The class is read on the unfiltered snapshots; a change is shown when the priority matches the
        filters in either snapshot.
        """
        if self.previous is None or self.current is None:
            return {}
        before = {p["priority_id"]: p for p in self.data.snapshots[self.previous][1]}
        after = {p["priority_id"]: p for p in self.data.snapshots[self.current][1]}
        shown = {}
        for pid in before.keys() | after.keys():
            was, now = before.get(pid), after.get(pid)
            if was is None:
                change = NEW
            elif now is None:
                change = REMOVED
            elif was["status"] == now["status"]:
                continue
            else:
                change = CHANGE_CLASS[(was["status"], now["status"])]
            if (was is not None and self.matches(was)) or (now is not None and self.matches(now)):
                shown[pid] = change
        return shown

    def change_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for change in self.changes().values():
            counts[change] = counts.get(change, 0) + 1
        return counts
