"""Engagement events: attendance over time, breakdowns, and reach across the professions of principle 1."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from domain import PRINCIPLE_1_PROFESSIONS


@dataclass(frozen=True)
class EngagementTotals:
    events: int
    attendees: int
    volunteers: int
    approximate: bool  # any attendance figure is an estimate


def totals(events: pd.DataFrame) -> EngagementTotals:
    return EngagementTotals(
        events=len(events),
        attendees=int(events["attendees"].fillna(0).sum()),
        volunteers=int(events["volunteers"].fillna(0).sum()),
        approximate=bool(events["attendance_approximate"].fillna(False).any()),
    )


def latest_event(events: pd.DataFrame, as_at: pd.Timestamp | None = None) -> pd.Series | None:
    """The most recent event on or before the 'as at' date, or None."""
    held = events if as_at is None else events[events["date"] <= as_at]
    held = held.dropna(subset=["date"])
    return None if held.empty else held.sort_values("date").iloc[-1]


def attendance_phrase(event: pd.Series) -> str:
    """How many came to one event, in words: "about 100 attendees, 13 volunteers".

    Blank cells are normal (the optional columns may be absent or empty): a blank "approximate" is not an
    estimate, a blank attendance is "not recorded".
    """
    approximate = event.get("attendance_approximate")
    about = "about " if pd.notna(approximate) and bool(approximate) else ""
    attendees = event.get("attendees")
    people = f"{about}{int(attendees):,} attendees" if pd.notna(attendees) else "attendance not recorded"
    volunteers = event.get("volunteers")
    return people + (f", {int(volunteers)} volunteers" if pd.notna(volunteers) else "")


def breakdown(table: pd.DataFrame, column: str, event_ids: pd.Series) -> pd.DataFrame:
    """Attendance by a breakdown column (organisation type or profession) over the events in view."""
    rows = table[table["event_id"].isin(event_ids)]
    summed = rows.groupby(rows[column].astype("string"), observed=True)["attendees"].sum()
    return (
        summed.rename("attendees").reset_index().sort_values("attendees", ascending=False, ignore_index=True)
    )


def profession_reach(by_profession: pd.DataFrame, event_ids: pd.Series) -> pd.DataFrame:
    """Each profession named in principle 1 with its attendance (0 if none) and whether it was reached."""
    summed = breakdown(by_profession, "profession", event_ids).set_index("profession")["attendees"]
    reach = pd.DataFrame({"profession": list(PRINCIPLE_1_PROFESSIONS)})
    reach["attendees"] = reach["profession"].map(summed).fillna(0).astype(int)
    reach["reached"] = reach["attendees"] > 0
    return reach
