"""Cluster view: each ICB's own framework against the same five national principles, side by side."""

import streamlit as st

from report import cluster as story
from report.section_types import as_at_text
from ui.cluster import page_cluster_views
from ui.components import drawn_when_open, empty_state, md
from ui.data import current_cluster
from ui.sections import section_downloads, show_section_chart, show_section_table

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
    show_section_table(side, "cluster_principles_table", "Each principle in each ICB", downloads=False)

st.header("Self-assessment against target")
assessed = story.assessment_side_by_side(views)
if assessed.empty:
    empty_state(md(assessed.empty))
else:
    st.markdown(md(assessed.sentence))
    show_section_table(assessed, "cluster_assessment", downloads=False)

st.header("Crosswalk: each ICB's themes against the principles")
walk = story.crosswalk(views)
counts = story.crosswalk_counts(views)
if walk.empty:
    empty_state(md(walk.empty))
else:
    st.markdown(md(walk.sentence))
    show_section_table(counts, "cluster_crosswalk_counts", downloads=False)
    grid = story.crosswalk_grid(views)
    with drawn_when_open(grid.title, "cluster_crosswalk_grid_open") as shown:
        if shown:
            st.markdown(md(grid.sentence))
            show_section_table(grid, "cluster_crosswalk_grid")

st.header("What changed since each ICB's previous snapshot")
changes = story.changes_by_organisation(views)
st.markdown(md(changes.sentence))
show_section_table(changes, "cluster_changes", downloads=False)
with drawn_when_open("Each ICB's changes, one by one", "cluster_changes_each_open") as shown:
    if shown:  # one disclosure for every ICB: each closed one is an element every visitor is sent
        for org, section in story.organisation_changes(views):
            st.subheader(org.name, anchor=False)
            if section.empty:
                empty_state(md(section.empty))
            else:
                st.markdown(md(section.sentence))
                show_section_table(section, f"cluster_changes_{org.id}", f"{org.name}: changes")

section_downloads(
    [
        (side, "cluster_principles_table"),
        (assessed, "cluster_assessment"),
        (counts, "cluster_crosswalk_counts"),
        (changes, "cluster_changes"),
    ],
    "Download the tables above (CSV or Excel)",
    "cluster_downloads",
)
