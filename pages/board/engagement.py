"""Engagement: events over time, who attended, and the reach across the professions of principle 1."""

import streamlit as st

from report import engagement as story
from ui.components import FIGURE_WIDTH, empty_state, figures_row, md, page_header
from ui.data import page_view
from ui.sections import show_section_chart, show_section_table

view = page_view()
page_header("System engagement", view)
if view.events.empty:
    empty_state(md(story.no_event_in_view(view)))
    st.stop()

events = story.events_over_time(view)
with figures_row():
    for figure in events.figures:
        approximate = figure.note == "approximate"
        st.metric(figure.label + (" (approximate)" if approximate else ""), figure.text, width=FIGURE_WIDTH)
if any(figure.note == "approximate" for figure in events.figures):
    st.markdown(story.ESTIMATE_NOTE)

st.header("Events over time")
show_section_chart(events, "engagement_events", titled=False)
show_section_table(story.event_table(view))

st.header("Who attended")
for column, part in zip(st.columns(2, gap="large"), story.who_attended(view), strict=True):
    with column:
        show_section_chart(part, part.key)

st.header("Reach across the professions named in principle 1")
st.markdown(story.PRINCIPLE_1)
show_section_chart(story.reach(view), "engagement_reach")
