"""CPLG decisions: matters arising, agenda items over time by facet and outcome, search, items that came back."""

import pandas as pd
import streamlit as st

from report import cplg as story
from ui.components import empty_state, md, page_header
from ui.data import page_view
from ui.sections import show_section_chart, show_section_table

view = page_view()
page_header("CPLG decisions", view, story.INTRO)
if view.agenda.empty:
    empty_state(md(story.no_item_in_view(view)))
    st.stop()

st.header("Matters arising for the next meeting")
arising = story.arising(view, pd.Timestamp.today().normalize())
if arising.empty:
    st.markdown(md(arising.empty))
else:
    st.markdown(md(arising.sentence))
    show_section_table(arising)

st.header("Agenda items over time")
left, right = st.columns(2, gap="large")
with left:
    show_section_chart(story.by_outcome(view), "cplg_outcomes")
with right:
    show_section_chart(story.by_facet(view), "cplg_facets")

st.header("Search the agenda log")
query = st.text_input(
    "Search items, presenters, overviews and recommendations",
    key="cplg_search",
    placeholder="e.g. headache, pathway, dental",
)
found = story.searched(view, query)
st.markdown(md(found.sentence))
show_section_table(found)

st.header("Items that came back")
again = story.came_back(view)
if again.empty:
    st.markdown(md(again.empty))
else:
    st.markdown(md(again.sentence))
    show_section_table(again)
