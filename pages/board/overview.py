"""Overview: where things stand, what changed since the previous snapshot, and what needs attention."""

import streamlit as st

from report import sections as story
from report import snapshots
from report.section_types import Figure
from ui.components import (
    FIGURE_WIDTH,
    drawn_when_open,
    empty_state,
    figures_row,
    md,
    page_header,
    show_problems,
    show_table,
)
from ui.data import current_trackers, page_view, presented
from ui.exports import board_pack_buttons
from ui.sections import show_section_chart, show_section_table
from ui.self_assessment import assessment_headline

ATTENTION_LIST_MAX = 8  # up to this many priorities needing attention are listed in words; more in a table

view = page_view()
page_header("CCPL progress overview", view)
if presented_on := presented(view):
    st.caption(presented_on)
board_pack_buttons(view)

headline = story.headline(view)


def figure(item: Figure) -> None:
    """'Complete: 1 of 24, +1 since 1 December 2022' (the change in words, not colour or arrow alone)."""
    st.metric(
        item.label,
        item.text,
        delta=item.short_change_text,
        delta_color="off",
        delta_arrow="auto" if item.change else "off",
        help=item.help or None,
        width=FIGURE_WIDTH,
    )


with figures_row():
    for item in headline.figures[:4]:
        figure(item)
with figures_row():
    for item in headline.figures[4:]:
        figure(item)

st.header("Progress against the five principles")
assessment_headline(view)
show_section_chart(story.principles(view), "overview_principles", titled=False)
# One under the other, not side by side: in a column two fifths wide a heading broke mid-word on a tablet.
st.header("Needs attention")
attention = story.attention(view)
if attention.empty:
    st.markdown(md(attention.empty))
elif len(attention.table.frame) <= ATTENTION_LIST_MAX:
    # One list, not a paragraph each: read as a list of n items, and one element to send, not n.
    st.markdown("\n".join(f"- **{md(pid)}** {md(line)}" for pid, line in story.attention_lines(view)))
else:
    show_table(
        attention.table.frame,
        "overview_attention",
        ["priority_id", "reason", "priority", "theme", "due_date", "owner"],
        title="Needs attention",
    )
st.header("Latest engagement event")
event = story.latest_engagement_event(view)
if event.empty:
    empty_state(md(event.empty))
else:
    st.markdown(f"**{md(event.lead)}**{md(event.sentence)}")

st.header("What changed since the previous snapshot")
changes = snapshots.changes(view)
if changes.empty:
    empty_state(md(changes.empty))
else:
    st.markdown(md(changes.sentence))  # the sentence names the filters (owners are tracker text)
    if not changes.table.frame.empty:
        show_section_table(changes, "overview_changes")

problems = current_trackers().problems()
with drawn_when_open(f"Data checks: {len(problems)} to review", "overview_problems_open") as shown:
    if shown and problems:
        show_problems(problems, "overview_problems")
    elif shown:
        st.write("The trackers passed every check.")
