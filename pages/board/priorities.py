"""Priorities: by theme and status, due dates against the 'as at' date, changes between snapshots, cycle review."""

import pandas as pd
import streamlit as st

from charts.figures import due_timeline, simple_bars
from charts.palette import NHS_BLUE
from charts.views import priorities_by_theme_chart
from metrics import describe
from metrics.changes import CHANGE_ORDER, change_summary, cycle_review, status_changes
from metrics.labels import label
from ui.components import empty_state, long_date, page_header, show_chart, show_table
from ui.data import page_view
from ui.exports import narrowed_to
from ui.filters import date_field

CYCLE_HOW = """**How the cycle review works.** A cycle runs six months from its start date. The priorities
promised at its start are those in the first snapshot taken on or after that date. By the last snapshot
on or before the cycle's end, each is **Delivered** (complete), **Carried over** (still on the tracker, not
complete, including deferred ones) or **Dropped** (no longer on the tracker)."""

COLUMNS = [
    "priority_id",
    "theme",
    "priority",
    "owner",
    "due_date",
    "status",
    "percent_complete",
    "overdue",
    "last_updated",
    "notes",
]

view = page_view()
page_header("Six-month priorities", view)
priorities = view.priorities
if priorities.empty:
    empty_state(
        "No priority matches. Add priorities to the Priorities sheet of the framework tracker, or clear the filters in the sidebar."
    )
    st.stop()

st.header("Priorities by theme and status")
fig, table = priorities_by_theme_chart(priorities)
show_chart(fig, describe.theme_status_sentence(priorities), table, "priorities_by_theme", titled=False)

st.header("Due dates")
overdue = priorities[priorities["overdue"]]
if not overdue.empty:
    st.error(
        f"**{len(overdue)} overdue** as at {long_date(view.as_at)}: " + ", ".join(overdue["priority_id"]),
        icon=":material/schedule:",
    )
show_chart(
    due_timeline(priorities, view.as_at),
    describe.timeline_sentence(priorities, view.as_at),
    priorities[["priority_id", "theme", "due_date", "status", "overdue"]].rename(columns=label),
    "priorities_timeline",
    titled=False,
)

st.header("Every priority")
st.markdown("Owner and notes as the tracker records them; 'Not recorded' where the tracker names no owner.")
show_table(priorities, "priorities_table", COLUMNS, title="Every priority")

st.header("What moved between two snapshots")
dates = [s.as_at for s in view.snapshots]
if len(dates) < 2:
    empty_state(
        "There is only one framework snapshot. Upload the framework tracker again with a new 'As at' date to compare."
    )
else:
    left, right = st.columns(2)
    start = left.selectbox(
        "From the snapshot of",
        dates[:-1],
        index=len(dates) - 2,
        format_func=long_date,
        key="changes_from",
    )
    end = right.selectbox(
        "To the snapshot of",
        [d for d in dates if d > start],
        index=len([d for d in dates if d > start]) - 1,
        format_func=long_date,
        key="changes_to",
    )
    by_date = {s.as_at: s.priorities for s in view.snapshots}
    changes = status_changes(by_date[start], by_date[end])
    summary = change_summary(changes)
    if changes.empty:
        st.markdown(describe.changes_sentence(summary, start, end))
    else:
        counts = summary.rename_axis("change").rename("count").reset_index()
        fig = simple_bars(
            counts,
            "change",
            "count",
            "How priorities moved between the two snapshots",
            "Number of priorities",
            "Change",
            colour=NHS_BLUE,
        )
        show_chart(
            fig,
            describe.changes_sentence(summary, start, end),
            counts.rename(columns={"change": "Change", "count": "Priorities"}),
            "priorities_changes_chart",
            titled=False,
        )
        show_table(
            changes.assign(theme=changes["theme_id"].map(view.theme_names)),
            "priorities_changes",
            ["priority_id", "theme", "priority", "before", "after", "change", "notes"],
            title="Status changes between the two snapshots",
            narrowed_by=narrowed_to("Snapshots compared", f"{long_date(start)} with {long_date(end)}"),
            labels={"notes": "Why (latest notes)"},
        )
    st.markdown(
        "Changes are read from worst to best: Deferred, Not started, Off track, At risk, On track, Complete. "
        + ", ".join(CHANGE_ORDER)
        + "."
    )

st.header("Cycle review")
st.markdown(CYCLE_HOW)
if dates:
    cycle_start = date_field(
        st,
        "Cycle starts on",
        "cycle_start",
        "It starts at the first snapshot's date.",
        default=dates[0].date(),
    )
    review = cycle_review(
        [(s.as_at, s.priorities) for s in view.snapshots], pd.Timestamp(cycle_start or dates[0])
    )
    counts = review.counts()
    sentence = describe.cycle_sentence(counts, review.start, review.complete)
    if review.start_snapshot is None:
        empty_state(sentence)
    else:
        st.markdown(
            f"Cycle **{long_date(review.start)} to {long_date(review.end)}**: compared the snapshot of {long_date(review.start_snapshot)} with that of {long_date(review.end_snapshot)}."
        )
        table = counts.rename_axis("outcome").rename("count").reset_index()
        fig = simple_bars(
            table,
            "outcome",
            "count",
            "Priorities promised at the start of the cycle, by outcome",
            "Number of priorities",
            "Outcome",
            zero_text="none",
        )
        show_chart(
            fig, sentence, table.rename(columns={"outcome": "Outcome", "count": "Priorities"}), "cycle_chart"
        )
        show_table(
            review.table.assign(theme=review.table["theme_id"].map(view.theme_names)),
            "cycle_table",
            ["priority_id", "theme", "priority", "status_at_start", "status_at_end", "outcome"],
            title="Six-month cycle review",
            narrowed_by=narrowed_to("Cycle", f"{long_date(review.start)} to {long_date(review.end)}"),
        )
        if not review.added.empty:
            st.markdown(
                f"{len(review.added)} priorities were added during the cycle: "
                + ", ".join(review.added["priority_id"])
                + "."
            )
