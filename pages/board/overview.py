"""Overview: where things stand, what changed since the previous snapshot, and what needs attention."""

import pandas as pd
import streamlit as st

from charts.palette import status_label
from charts.views import principle_progress_chart
from metrics import describe
from metrics.changes import change_summary, status_changes
from metrics.engagement import latest_event
from metrics.progress import attention_reason, principle_progress, status_counts
from services.edits import presented_sentence
from ui.components import empty_state, long_date, md, page_header, show_chart, show_problems, show_table
from ui.data import app_store, current_trackers, page_view
from ui.exports import board_pack_buttons

ATTENTION_LIST_MAX = 8  # up to this many priorities needing attention are listed in words; more in a table
METRIC_WIDTH = 250  # pixels: the figures wrap onto new lines rather than cut their words short when zoomed

view = page_view()
page_header("CCPL progress overview", view)
if presented := presented_sentence(app_store().locks(), view.snapshot_date):
    st.caption(presented)
board_pack_buttons(view)

now = status_counts(view.priorities)
before = status_counts(view.previous.priorities) if view.previous is not None else None
since = f" since {long_date(view.previous.as_at)}" if view.previous is not None else ""


def figure(label: str, statuses: tuple[str, ...], help_text: str) -> None:
    """'Complete: 1 of 24, +1 since 1 December 2022' (the change in words, not colour or arrow alone)."""
    value = int(sum(now[s] for s in statuses))
    delta = None if before is None else value - int(sum(before[s] for s in statuses))
    st.metric(
        label,
        f"{value} of {int(now.sum())}",
        delta=None if delta is None else (f"{delta:+d}{since}" if delta else f"no change{since}"),
        delta_color="off",
        delta_arrow="auto" if delta else "off",
        help=help_text,
        width=METRIC_WIDTH,
    )


overdue = int(view.priorities["overdue"].sum())
covered = view.coverage["principle"].nunique()
with st.container(horizontal=True, gap="medium"):
    figure("Complete", ("Complete",), "Priorities delivered.")
    figure("On track", ("On track",), "Priorities progressing as planned.")
    figure("At risk or off track", ("At risk", "Off track"), "Priorities that may not be delivered on time.")
    figure("Not started or deferred", ("Not started", "Deferred"), "Priorities not yet begun, or put back.")
with st.container(horizontal=True, gap="medium"):
    st.metric(
        "Overdue",
        overdue,
        help="Open priorities whose due date is before the 'as at' date.",
        width=METRIC_WIDTH,
    )
    st.metric(
        "Principles addressed",
        f"{covered} of {len(view.principles)}",
        help="Principles with at least one theme in view marked against them.",
        width=METRIC_WIDTH,
    )
    st.metric("Themes", len(view.themes), width=METRIC_WIDTH)
    st.metric("CPLG agenda items", len(view.agenda), width=METRIC_WIDTH)

st.header("Progress against the five principles")
progress = principle_progress(view.priorities, view.coverage, view.principles)
if progress["priorities"].sum() == 0:
    empty_state(
        "No priorities are linked to a principle. Add priorities to the framework tracker and mark themes against principles on the coverage tracker."
    )
else:
    fig, table = principle_progress_chart(progress)
    show_chart(fig, describe.principle_progress_sentence(progress), table, "overview_principles")
left, right = st.columns([3, 2], gap="large")
with left:
    st.header("Needs attention")
    attention = view.priorities[view.priorities["needs_attention"]]
    if attention.empty:
        st.markdown(
            f"No priority is at risk, off track, deferred or overdue as at {long_date(view.as_at)}."
            if view.as_at is not None
            else "No priority needs attention."
        )
    elif len(attention) <= ATTENTION_LIST_MAX:
        for _, row in attention.sort_values(["overdue", "priority_id"], ascending=[False, True]).iterrows():
            due = f"due {long_date(row['due_date'])}" if pd.notna(row["due_date"]) else "no due date"
            st.markdown(
                f"**{md(row['priority_id'])}** {status_label(row['status'])}"
                + (f" — overdue by {int(row['days_overdue'])} days" if row["overdue"] else "")
                + f": {md(row['priority'])} "
                f"({md(row['theme'])}; {due}; owner: {md(row['owner'])})"
            )
    else:
        show_table(
            attention.assign(reason=attention.apply(attention_reason, axis=1)),
            "overview_attention",
            ["priority_id", "reason", "priority", "theme", "due_date", "owner"],
        )
with right:
    st.header("Latest engagement event")
    event = latest_event(view.events, view.as_at)
    if event is None:
        empty_state(
            "No engagement event is recorded yet. Add events to the Events sheet of the engagement tracker."
        )
    else:
        about = "about " if bool(event["attendance_approximate"]) else ""
        people = (
            f"{about}{int(event['attendees']):,} attendees"
            if pd.notna(event["attendees"])
            else "attendance not recorded"
        )
        volunteers = f", {int(event['volunteers'])} volunteers" if pd.notna(event["volunteers"]) else ""
        st.markdown(f"**{md(event['event'])}**, {long_date(event['date'])}: {people}{volunteers}.")

st.header("What changed since the previous snapshot")
if view.previous is None:
    empty_state(
        "There is only one framework snapshot, so there is nothing to compare yet. Each framework tracker uploaded with a new 'As at' date becomes a snapshot."
    )
else:
    changes = status_changes(view.previous.priorities, view.priorities)
    st.markdown(describe.changes_sentence(change_summary(changes), view.previous.as_at, view.snapshot_date))
    if not changes.empty:
        show_table(
            changes,
            "overview_changes",
            ["priority_id", "priority", "before", "after", "change", "notes"],
            labels={"notes": "Why"},
        )

problems = current_trackers().problems()
with st.expander(f"Data checks: {len(problems)} to review"):
    if problems:
        show_problems(problems, "overview_problems")
    else:
        st.write("The trackers passed every check.")
