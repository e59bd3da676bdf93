"""Priorities: by theme and status, due dates against the 'as at' date, changes between snapshots, cycle review."""

import pandas as pd
import streamlit as st

from report import priorities as story
from report.sections import priorities_by_status
from ui.components import empty_state, long_date, md, page_header
from ui.data import page_view, priority_edits
from ui.filters import date_field
from ui.sections import show_section_chart, show_section_table

view = page_view()
page_header("Six-month priorities", view)
if view.priorities.empty:
    empty_state(md(story.no_priority_in_view(view)))
    st.stop()

st.header("Priorities by theme and status")
show_section_chart(priorities_by_status(view), "priorities_by_theme", titled=False)

st.header("Due dates")
due = story.due_dates(view)
if due.overdue_ids:
    st.error(
        f"**{len(due.overdue_ids)} overdue** as at {due.as_at}: " + md(", ".join(due.overdue_ids)),
        icon=":material/schedule:",
    )
show_section_chart(due.chart, "priorities_timeline", titled=False, figures_from_table=True)

st.header("Every priority")
st.markdown("Owner and notes as the tracker records them; 'Not recorded' where the tracker names no owner.")
show_section_table(story.every_priority(view))

st.header("History of a priority")
st.markdown(story.HISTORY_HOW)
chosen = st.selectbox(
    "Priority",
    story.history_choices(view),
    index=None,
    placeholder="Choose a priority",
    key="history_of",
)
if chosen:
    show_section_table(story.priority_history(view, chosen, priority_edits(chosen)), "priority_history_table")

st.header("What moved between two snapshots")
dates = story.snapshot_dates(view)
if len(dates) < 2:
    empty_state(story.ONE_SNAPSHOT)
else:
    left, right = st.columns(2)
    start = left.selectbox(
        "From the snapshot of",
        dates[:-1],
        index=len(dates) - 2,
        format_func=long_date,
        key="changes_from",
    )
    later = [d for d in dates if d > start]
    end = right.selectbox(
        "To the snapshot of", later, index=len(later) - 1, format_func=long_date, key="changes_to"
    )
    moved = story.moved_between(view, start, end)
    if moved.empty:
        st.markdown(md(moved.empty))
    else:
        show_section_chart(moved, "priorities_changes_chart", titled=False)
        show_section_table(moved, "priorities_changes")
    st.markdown(
        "How each change is named, from the two snapshots as recorded (a filter only chooses which are shown): "
        + "; ".join(f"**{name}**: {meaning}" for name, meaning in story.CHANGE_NAMES)
        + "."
    )

st.header("Cycle review")
st.markdown(story.CYCLE_HOW)
if dates:
    cycle_start = date_field(
        st,
        "Cycle starts on",
        "cycle_start",
        "It starts at the first snapshot's date.",
        default=dates[0].date(),
    )
    cycle = story.cycle_story(view, pd.Timestamp(cycle_start or dates[0]))
    if cycle.section.empty:
        empty_state(md(cycle.section.empty))
    else:
        st.markdown(cycle.period)
        show_section_chart(cycle.section, "cycle_chart")
        show_section_table(cycle.section, "cycle_table")
        if cycle.added:
            st.markdown(
                md(
                    f"{len(cycle.added)} priorities were added during the cycle: "
                    + ", ".join(cycle.added)
                    + "."
                )
            )
