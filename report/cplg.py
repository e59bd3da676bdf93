"""The CPLG decisions page's story: matters arising, agenda items over time by outcome and by facet, the
searched log and the items that came back, each built once per view (and day, or search).

Tracker text stays raw here: a renderer escapes it once, where it becomes Markdown, HTML or a chart label.
"""

from __future__ import annotations

import pandas as pd

from metrics.cplg import matters_arising, recurring_items, searched_items
from metrics.memo import memoised
from metrics.view import View
from report.section_types import Section, Table, nothing_in_view
from report.section_types import searched as searched_for
from report.sections import cplg_by_facet, cplg_decisions

INTRO = (
    "What the Clinical and Professional Leadership Group considered and recommended. Outcomes are read from "
    "the recommendations; agendas were organised into three facets from August 2022."
)
LABELS = {
    "actions": "Actions",
    "links": "Came back",
    "action_id": "Action",
    "set_on": "Set at the meeting of",
    "action": "What was asked",
    "due_label": "Due",
    "update": "Update",
}
LOG_COLUMNS = (
    "item_id",
    "meeting_date",
    "item",
    "facet_label",
    "presenter",
    "overview",
    "recommendation",
    "outcome_label",
    "theme_ids",
    "actions",
    "links",
)
ARISING_COLUMNS = (
    "action_id",
    "item_id",
    "item",
    "set_on",
    "action",
    "owner",
    "due_label",
    "status",
    "update",
)


def no_item_in_view(view: View) -> str:
    return nothing_in_view(view, "agenda", "CPLG agenda item")


@memoised  # per shared view and day: built once, not per visitor
def arising(view: View, today: pd.Timestamp) -> Section:
    """Actions still to be reported on at the next meeting, overdue first, with a sentence on where they stand."""
    rows = matters_arising(view.actions, view.all_agenda, today)
    if rows.empty:
        return Section(
            "cplg_matters_arising",
            "Matters arising",
            empty="No open action. Record the actions each item sets on the Actions sheet of the CPLG agenda "
            "log, or on the Update priorities page.",
        )
    overdue = int(rows["overdue"].sum())
    not_recorded = int((rows["status"].astype("string") == "Not recorded").sum())
    sentence = (
        f"{len(rows)} actions are still open"
        + (f", {overdue} of them overdue (listed first). " if overdue else ", none of them overdue. ")
        + (
            f"{not_recorded} were read from the recommendations and their follow-up was never recorded: "
            "close them, or say where they stand."
            if not_recorded
            else ""
        )
    )
    return Section(
        "cplg_matters_arising",
        "Matters arising",
        sentence,
        table=Table(rows, ARISING_COLUMNS, LABELS),
    )


def by_outcome(view: View) -> Section:
    """Agenda items per month by outcome (the board pack's CPLG chart)."""
    return cplg_decisions(view)


def by_facet(view: View) -> Section:
    return cplg_by_facet(view)


@memoised  # per shared view and search: built once, not per visitor
def searched(view: View, query: str) -> Section:
    """The agenda log narrowed by a search, newest first, with how many of the items in view it kept."""
    found = searched_items(view.agenda, view.all_agenda, view.actions, query)
    words = f" contain '{query}'." if query.strip() else "."
    return Section(
        "cplg_table",
        "Agenda log",
        f"{len(found)} of {len(view.agenda)} items{words}",
        table=Table(found, LOG_COLUMNS, LABELS),
        narrowed_by=searched_for(query, len(found), len(view.agenda)),
    )


@memoised  # per shared view: built once, not per visitor
def came_back(view: View) -> Section:
    again = recurring_items(view.agenda)
    if again.empty:
        return Section(
            "cplg_recurring", "Items that came back", empty="No item has been presented more than once."
        )
    return Section(
        "cplg_recurring",
        "Items that came back",
        f"{len(again)} items were presented more than once; the outcomes show how each developed.",
        table=Table(again, ("item", "times", "first", "last", "outcomes", "item_ids")),
    )
