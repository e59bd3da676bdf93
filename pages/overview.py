"""Overview: headline figures from the current trackers, and what the data checks found."""

import streamlit as st

from loaders.problems import PROBLEM_LABELS, problems_frame
from loaders.schema import Kind
from metrics.figures import headline_figures, outcome_counts
from ui.data import current_trackers

trackers = current_trackers()
st.title("CCPL progress overview")
if trackers.as_at is not None:
    st.caption(f"Framework tracker as at {trackers.as_at:%d %B %Y}")

figures = {f.label: f for f in headline_figures(trackers)}
for row in (
    ["Themes", "Priorities", "Complete", "At risk"],
    ["On track", "Not started", "Deferred", "Off track"],
):
    for column, label in zip(st.columns(len(row)), row, strict=True):
        figure = figures[label]
        column.metric(label, figure.value, delta=figure.change, delta_color="off")

attendance = figures["Total attendance"]
columns = st.columns(3)
columns[0].metric("Engagement events", figures["Engagement events"].value)
columns[1].metric("Total attendance" + (" (approximate)" if attendance.note else ""), f"{attendance.value:,}")
columns[2].metric("CPLG agenda items", figures["CPLG agenda items"].value)

st.subheader("CPLG agenda items by outcome")
outcomes = outcome_counts(trackers.table(Kind.CPLG, "agenda_items"))
st.dataframe(outcomes.rename_axis("Outcome").rename("Items").reset_index(), hide_index=True)

problems = trackers.problems()
with st.expander(f"Data checks: {len(problems)} to review"):
    if problems:
        st.dataframe(
            problems_frame(problems).drop(columns="code").rename(columns=PROBLEM_LABELS), hide_index=True
        )
    else:
        st.write("The trackers passed every check.")
