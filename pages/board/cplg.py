"""CPLG decisions: agenda items over time by facet and outcome, search, and items that came back."""

import streamlit as st

from charts.views import agenda_by_month_chart
from metrics import describe
from metrics.cplg import counts_by_month, recurring_items, search, with_labels
from ui.components import empty_state, md, page_header, show_chart, show_table
from ui.data import page_view

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
]

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
found = with_labels(search(agenda, query))
st.markdown(f"{len(found)} of {len(agenda)} items" + (f" contain '{md(query)}'." if query.strip() else "."))
show_table(found.sort_values("meeting_date", ascending=False), "cplg_table", COLUMNS)

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
    )
