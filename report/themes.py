"""The Themes page's story: one development theme as the board papers present it, built once per view.

Tracker text stays raw here: a renderer escapes it once, where it becomes Markdown, HTML or a chart label.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from charts.palette import status_label
from formatting import known_date, long_date
from metrics import describe
from metrics.memo import memoised
from metrics.view import View
from report.section_types import Section, Table, narrowed_to, nothing_in_view, nothing_linked

NOT_RECORDED = "Not recorded."


@dataclass(frozen=True)
class Achievement:
    text: str
    when: str  # '' when no date is recorded
    source: str  # '' when no source is recorded


@dataclass(frozen=True)
class PriorityLine:
    """One priority as the theme page lists it: the parts a renderer puts in words."""

    priority_id: str
    status: str  # with its icon: '● On track'
    due: str  # 'due 31 May 2023' or 'no due date'
    overdue: bool
    priority: str
    owner: str
    notes: str


@dataclass(frozen=True)
class ThemeStory:
    theme_id: str
    name: str
    what_will_be_different: tuple[str, ...]
    how_we_get_there: tuple[str, ...]
    achievements: tuple[Achievement, ...]
    achievements_empty: str
    priorities: Section  # sentence, chart data and table of the theme's priorities in view
    priority_lines: tuple[PriorityLine, ...]


def _lines(text: object) -> tuple[str, ...]:
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ()
    return tuple(line.strip() for line in str(text).splitlines() if line.strip())


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def no_theme_in_view(view: View) -> str:
    """Why no theme is in view: none recorded, or none matching the filters (named)."""
    return nothing_in_view(view, "themes", "theme")


def theme_choices(view: View) -> dict[str, str]:
    """Theme id -> name, for the themes in view, in tracker order."""
    return dict(zip(view.themes["theme_id"], view.themes["theme"], strict=True))


@memoised  # per shared view and theme: built once, not per visitor
def theme_story(view: View, theme_id: str) -> ThemeStory:
    """What will be different, how, what was achieved and the priorities of one theme in view."""
    theme = view.themes.set_index("theme_id").loc[theme_id]
    name = str(theme["theme"])
    achieved = view.achievements[view.achievements["theme_id"] == theme_id]
    mine = view.priorities[view.priorities["theme_id"] == theme_id]
    priorities = Section(
        "theme_status",
        f"{name}: priorities by status",
        describe.status_sentence(mine),
        data=mine,
        lead=name,
        narrowed_by=narrowed_to("Theme", f"{theme_id} {name}"),
        table=Table(mine, ("priority_id", "priority", "status", "owner", "due_date", "notes")),
        empty=""
        if not mine.empty
        else nothing_linked(
            view,
            "priorities",
            "priority",
            "this theme",
            "No priority is recorded for this theme. Add priorities to the Priorities sheet of the framework "
            "tracker.",
        ),
    )
    return ThemeStory(
        theme_id=theme_id,
        name=name,
        what_will_be_different=_lines(theme["what_will_be_different"]),
        how_we_get_there=_lines(theme.get("how_we_get_there")),
        achievements=tuple(
            Achievement(
                _text(row["achievement"]),
                long_date(row["date_achieved"]) if pd.notna(row["date_achieved"]) else "",
                _text(row["source"]),
            )
            for _, row in achieved.iterrows()
        ),
        achievements_empty="No achievement is recorded for this theme yet. Add rows to the Achievements sheet "
        "of the framework tracker.",
        priorities=priorities,
        priority_lines=tuple(
            PriorityLine(
                _text(row["priority_id"]),
                status_label(row["status"]),
                f"due {known_date(row['due_date'], assumed=row.get('due_date_assumed'))}"
                if pd.notna(row["due_date"])
                else "no due date",
                bool(row["overdue"]),
                _text(row["priority"]),
                _text(row["owner"]),
                _text(row["notes"]),
            )
            for _, row in mine.iterrows()
        ),
    )
