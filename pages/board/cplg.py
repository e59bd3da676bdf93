"""CPLG decisions: matters arising, agenda items over time by facet and outcome, search, items that came back."""

import pandas as pd
import streamlit as st

from charts.views import agenda_by_month_chart
from domain import Kind
from metrics import describe
from metrics.cplg import (
    counts_by_month,
    matters_arising,
    recurring_items,
    searched_items,
)
from ui.components import empty_state, md, page_header, show_chart, show_table
from ui.data import current_trackers, page_view
from ui.exports import searched

COLUMNS = [
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
]
ARISING_COLUMNS = [
    "action_id",
    "item_id",
    "item",
    "set_on",
    "action",
    "owner",
    "due_label",
    "status",
    "update",
]
LABELS = {
    "actions": "Actions",
    "links": "Came back",
    "action_id": "Action",
    "set_on": "Set at the meeting of",
    "action": "What was asked",
    "due_label": "Due",
    "update": "Update",
}

view = page_view()
page_header(
    "CPLG decisions",
    view,
    "What the Clinical and Professional Leadership Group considered and recommended. Outcomes are read from the recommendations; agendas were organised into three facets from August 2022.",
)
agenda = view.agenda
if agenda.empty:
    empty_state(
        "No agenda item matches. Add items to the Agenda items sheet of the CPLG agenda log tracker, or widen the date range."
    )
    st.stop()

trackers = current_trackers()
all_items = trackers.table(Kind.CPLG, "agenda_items")
actions = trackers.table(Kind.CPLG, "actions")
st.header("Matters arising for the next meeting")
arising = matters_arising(actions, all_items, pd.Timestamp.today().normalize())
if arising.empty:
    st.markdown(
        "No open action. Record the actions each item sets on the Actions sheet of the CPLG agenda log, or "
        "on the Update priorities page."
    )
else:
    overdue = int(arising["overdue"].sum())
    not_recorded = int((arising["status"].astype("string") == "Not recorded").sum())
    st.markdown(
        f"{len(arising)} actions are still open"
        + (f", {overdue} of them overdue (listed first). " if overdue else ", none of them overdue. ")
        + (
            f"{not_recorded} were read from the recommendations and their follow-up was never recorded: "
            "close them, or say where they stand."
            if not_recorded
            else ""
        )
    )
    show_table(arising, "cplg_matters_arising", ARISING_COLUMNS, labels=LABELS, title="Matters arising")

by_outcome = counts_by_month(agenda, "outcome_label")
by_facet = counts_by_month(agenda, "facet_label")
months = [f"{m:%b %Y}" for m in sorted(by_outcome["month"].unique())]
st.header("Agenda items over time")
left, right = st.columns(2, gap="large")
with left:
    fig, table = agenda_by_month_chart(by_outcome, "outcome_label")
    show_chart(fig, describe.agenda_sentence(by_outcome, "outcome_label", "outcome"), table, "cplg_outcomes")
with right:
    fig, table = agenda_by_month_chart(by_facet, "facet_label")
    show_chart(fig, describe.agenda_sentence(by_facet, "facet_label", "facet"), table, "cplg_facets")

st.header("Search the agenda log")
query = st.text_input(
    "Search items, presenters, overviews and recommendations",
    key="cplg_search",
    placeholder="e.g. headache, pathway, dental",
)
found = searched_items(agenda, all_items, actions, query)
st.markdown(f"{len(found)} of {len(agenda)} items" + (f" contain '{md(query)}'." if query.strip() else "."))
show_table(
    found,
    "cplg_table",
    COLUMNS,
    labels=LABELS,
    title="Agenda log",
    narrowed_by=searched(query, len(found), len(agenda)),
)

st.header("Items that came back")
again = recurring_items(agenda)
if again.empty:
    st.markdown("No item has been presented more than once.")
else:
    st.markdown(f"{len(again)} items were presented more than once; the outcomes show how each developed.")
    show_table(
        again,
        "cplg_recurring",
        ["item", "times", "first", "last", "outcomes", "item_ids"],
        title="Items that came back",
    )
