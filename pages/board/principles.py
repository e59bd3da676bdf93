"""Principles: the self-assessment per principle, the coverage matrix and its evidence, progress per principle,
and a drill-down."""

import streamlit as st

from report import principles as story
from report.sections import coverage_matrix
from ui.components import empty_state, md, page_header
from ui.data import page_view
from ui.sections import show_section_chart, show_section_table
from ui.self_assessment import principle_assessments

view = page_view()
page_header("Progress against the five principles", view, story.HOW)
if view.principles.empty or view.themes.empty:
    empty_state(story.NOTHING_TO_SHOW)
    st.stop()

principle_assessments(view)

titles = story.principle_titles(view)
for thin in story.thin_warnings(view):
    st.warning(
        f"**Principle {thin.principle} ({md(thin.title)}) rests on thin evidence:** {md(thin.why)}.",
        icon=":material/warning:",
    )

st.header("Coverage of the principles by the themes")
event = show_section_chart(
    coverage_matrix(view), "principles_matrix", titled=False, on_select="rerun", selection_mode="points"
)
points = event.selection.points if event and event.selection else []
if points and points[0].get("customdata"):
    picked = (points[0]["customdata"][0], int(points[0]["customdata"][1]))
    if st.session_state.get("_matrix_pick") != picked:  # a new click on the chart moves the pickers below
        st.session_state["_matrix_pick"] = picked
        st.session_state["ev_theme"], st.session_state["ev_principle"] = picked

st.header("Evidence behind a theme's contribution to a principle")
st.markdown("Select a cell in the matrix, or choose here:")
names = story.theme_names(view)
left, right = st.columns(2)
theme_id = left.selectbox("Theme", list(names), key="ev_theme", format_func=lambda t: f"{t} {names[t]}")
principle = right.selectbox(
    "Principle", list(titles), key="ev_principle", format_func=lambda p: f"{p}. {titles[p]}"
)
evidence = story.evidence_story(view, theme_id, principle)
if evidence.mark:
    st.markdown(
        f"**{md(evidence.theme)}** makes a **{evidence.mark}** contribution to principle {principle}. Behind it: {evidence.total} items."
    )
else:
    st.markdown(
        f"**{md(evidence.theme)}** is not marked against principle {principle}, so it adds no evidence there. What the theme has done is listed below for context."
    )
tabs = st.tabs([f"{part.lead} ({len(part.table.frame)})" for part in evidence.parts])
for tab, part in zip(tabs, evidence.parts, strict=True):
    with tab:
        show_section_table(part)

st.header("Progress per principle")
show_section_chart(
    story.progress_per_principle(view), "principles_progress", titled=False, figures_from_table=True
)

st.header("Drill down into a principle")
chosen = st.selectbox(
    "Principle to look into", list(titles), key="drill_principle", format_func=lambda p: f"{p}. {titles[p]}"
)
drill = story.drill_story(view, chosen)
st.markdown(f"> {md(drill.text)}")
if drill.themes.empty:
    empty_state(drill.themes.empty)
else:
    show_section_table(drill.themes)
    st.markdown(f"**Priorities of these themes** ({len(drill.priorities.table.frame)})")
    show_section_table(drill.priorities)
    st.markdown(f"**Related CPLG agenda items** ({len(drill.decisions.table.frame)})")
    show_section_table(drill.decisions)
