"""Principles: the self-assessment per principle, the coverage matrix and its evidence, progress per principle,
and a drill-down."""

import streamlit as st

from charts.figures import coverage_matrix
from charts.views import principle_progress_chart
from domain import STATUSES
from metrics import describe
from metrics.progress import (
    THIN_EVIDENCE_ITEMS,
    THIN_PRIMARY_THEMES,
    coverage_grid,
    coverage_table,
    evidence_for,
    principle_drill_down,
    principle_progress,
    thin_evidence,
)
from ui.assessment import principle_assessments
from ui.components import empty_state, md, page_header, show_chart, show_table
from ui.data import page_view
from ui.exports import narrowed_to

HOW = f"""**How progress is measured.** The coverage matrix says which themes address each principle. A
principle's priorities are the priorities of those themes (primary or supporting), each counted once, and its
progress is the share of them in each status. A principle is flagged as resting on **thin evidence** when
fewer than {THIN_PRIMARY_THEMES} themes address it as a primary contribution, or fewer than
{THIN_EVIDENCE_ITEMS} achievements, engagement events and CPLG decisions come through its primary themes. The
matrix marks are an editable assumption (see the coverage tracker's Basis column)."""

view = page_view()
page_header("Progress against the five principles", view, HOW)
if view.principles.empty or view.themes.empty:
    empty_state(
        "There are no principles or themes to show. Add the principles to the Principles sheet of the coverage tracker and the themes to the framework tracker."
    )
    st.stop()

principle_assessments(view)

sources = view.evidence_sources()
titles = dict(zip(view.principles["principle"], view.principles["title"], strict=True))
for _, row in thin_evidence(view.principles, view.coverage, sources).query("thin").iterrows():
    st.warning(
        f"**Principle {row['principle']} ({md(row['title'])}) rests on thin evidence:** {row['why_thin']}.",
        icon=":material/warning:",
    )

st.header("Coverage of the principles by the themes")
grid = coverage_grid(view.themes, view.principles, view.coverage)
event = show_chart(
    coverage_matrix(grid),
    describe.coverage_sentence(grid),
    coverage_table(grid),
    "principles_matrix",
    titled=False,
    on_select="rerun",
    selection_mode="points",
)
points = event.selection.points if event and event.selection else []
if points and points[0].get("customdata"):
    picked = (points[0]["customdata"][0], int(points[0]["customdata"][1]))
    if st.session_state.get("_matrix_pick") != picked:  # a new click on the chart moves the pickers below
        st.session_state["_matrix_pick"] = picked
        st.session_state["ev_theme"], st.session_state["ev_principle"] = picked

st.header("Evidence behind a theme's contribution to a principle")
st.markdown("Select a cell in the matrix, or choose here:")
names = dict(zip(view.themes["theme_id"], view.themes["theme"], strict=True))
left, right = st.columns(2)
theme_id = left.selectbox("Theme", list(names), key="ev_theme", format_func=lambda t: f"{t} {names[t]}")
principle = right.selectbox(
    "Principle", list(titles), key="ev_principle", format_func=lambda p: f"{p}. {titles[p]}"
)
mark = grid.loc[(grid["theme_id"] == theme_id) & (grid["principle"] == principle), "strength"]
mark_text = mark.iloc[0].lower() if not mark.empty and mark.iloc[0] else ""
evidence = evidence_for(theme_id, sources)
if mark_text:
    st.markdown(
        f"**{md(names[theme_id])}** makes a **{mark_text}** contribution to principle {principle}. Behind it: {evidence.total} items."
    )
else:
    st.markdown(
        f"**{md(names[theme_id])}** is not marked against principle {principle}, so it adds no evidence there. What the theme has done is listed below for context."
    )
tabs = st.tabs(
    [
        f"Achievements ({len(evidence.achievements)})",
        f"Priorities ({len(evidence.priorities)})",
        f"Events ({len(evidence.events)})",
        f"CPLG decisions ({len(evidence.decisions)})",
    ]
)
with tabs[0]:
    show_table(
        evidence.achievements,
        "ev_achievements",
        ["achievement_id", "achievement", "date_achieved", "source"],
        title="Evidence: achievements",
        empty="No achievement is recorded for this theme. Add rows to the Achievements sheet of the framework tracker.",
    )
with tabs[1]:
    show_table(
        evidence.priorities,
        "ev_priorities",
        ["priority_id", "priority", "status", "owner", "due_date"],
        title="Evidence: priorities",
        empty="No priority is recorded for this theme.",
    )
with tabs[2]:
    show_table(
        evidence.events,
        "ev_events",
        ["event", "date", "attendees"],
        title="Evidence: engagement events",
        empty="No engagement event is linked to this theme. Add the theme's code to the Theme IDs column of the Events sheet.",
    )
with tabs[3]:
    show_table(
        evidence.decisions,
        "ev_decisions",
        ["meeting_date", "item", "outcome", "recommendation"],
        title="Evidence: CPLG decisions",
        empty="No CPLG agenda item is linked to this theme. Add the theme's code to the Theme IDs column of the agenda log.",
    )

st.header("Progress per principle")
progress = principle_progress(view.priorities, view.coverage, view.principles)
if progress["priorities"].sum() == 0:
    empty_state("No priorities are linked to any principle yet.")
else:
    fig, _ = principle_progress_chart(progress)
    table = progress[
        ["principle", "title", "themes", "primary_themes", "priorities", *[f"share_{s}" for s in STATUSES]]
    ]
    show_chart(
        fig,
        describe.principle_progress_sentence(progress),
        table.rename(
            columns={
                "principle": "Principle",
                "title": "Title",
                "themes": "Themes",
                "primary_themes": "Primary themes",
                "priorities": "Priorities",
                **{f"share_{s}": f"{s} (%)" for s in STATUSES},
            }
        ),
        "principles_progress",
        titled=False,
    )

st.header("Drill down into a principle")
chosen = st.selectbox(
    "Principle to look into", list(titles), key="drill_principle", format_func=lambda p: f"{p}. {titles[p]}"
)
st.markdown(f"> {md(view.principles.set_index('principle').loc[chosen, 'text'])}")
drill = principle_drill_down(chosen, view.coverage, sources, view.themes)
drilled = narrowed_to("Principle", f"{chosen}. {titles[chosen]}")
if drill.themes.empty:
    empty_state(
        f"No theme in view is marked against principle {chosen}. Mark themes in its column on the coverage tracker's Coverage sheet."
    )
else:
    show_table(
        drill.themes,
        "drill_themes",
        ["theme_id", "theme", "strength"],
        labels={"theme_id": "ID"},
        title="Themes of the principle",
        narrowed_by=drilled,
    )
    st.markdown(f"**Priorities of these themes** ({len(drill.priorities)})")
    show_table(
        drill.priorities,
        "drill_priorities",
        ["priority_id", "theme", "priority", "status", "owner", "due_date", "notes"],
        title="Priorities of the principle's themes",
        narrowed_by=drilled,
    )
    st.markdown(f"**Related CPLG agenda items** ({len(drill.decisions)})")
    show_table(
        drill.decisions,
        "drill_decisions",
        ["meeting_date", "item", "outcome", "recommendation"],
        title="CPLG agenda items of the principle's themes",
        narrowed_by=drilled,
        empty="No CPLG agenda item is linked to these themes.",
    )
