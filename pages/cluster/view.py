"""Cluster view: each ICB's own framework against the same five national principles, side by side."""

import streamlit as st

from report import cluster as story
from report.section_types import as_at_text
from ui.cluster import page_cluster_views
from ui.components import drawn_when_open, empty_state, md
from ui.data import current_cluster
from ui.sections import show_section_chart, show_section_table

cluster = current_cluster()
views = page_cluster_views()
st.title("Cluster view")
st.markdown(
    f"**{md(cluster.name)}**: "
    + "; ".join(f"{md(org.name)} as at {md(as_at_text(view))}" for org, view in views)
    + ". Each ICB's own themes and priorities, read against the same five national principles."
)

st.header("The five principles, ICB by ICB")
side = story.principles_side_by_side(views)
show_section_chart(side, "cluster_principles", titled=False)
if not side.empty:
    show_section_table(side, "cluster_principles_table", "Each principle in each ICB")

st.header("Self-assessment against target")
assessed = story.assessment_side_by_side(views)
if assessed.empty:
    empty_state(md(assessed.empty))
else:
    st.markdown(md(assessed.sentence))
    show_section_table(assessed, "cluster_assessment")

st.header("Crosswalk: each ICB's themes against the principles")
walk = story.crosswalk(views)
if walk.empty:
    empty_state(md(walk.empty))
else:
    st.markdown(md(walk.sentence))
    show_section_table(story.crosswalk_counts(views), "cluster_crosswalk_counts")
    grid = story.crosswalk_grid(views)
    with drawn_when_open(grid.title, "cluster_crosswalk_grid_open") as shown:
        if shown:
            st.markdown(md(grid.sentence))
            show_section_table(grid, "cluster_crosswalk_grid")

st.header("What changed since each ICB's previous snapshot")
changes = story.changes_by_organisation(views)
st.markdown(md(changes.sentence))
show_section_table(changes, "cluster_changes")
for org, section in story.organisation_changes(views):
    with drawn_when_open(f"{org.name}: each change", f"cluster_changes_{org.id}_open") as shown:
        if shown:
            if section.empty:
                empty_state(md(section.empty))
            else:
                st.markdown(md(section.sentence))
                show_section_table(section, f"cluster_changes_{org.id}", f"{org.name}: changes")
