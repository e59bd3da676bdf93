"""Engagement: events over time, who attended, and the reach across the professions of principle 1."""

import streamlit as st

from charts.figures import events_chart, simple_bars
from charts.palette import NHS_DARK_BLUE, NHS_DARK_GREEN
from metrics import describe
from metrics.engagement import breakdown, profession_reach, totals
from report.sections import nothing_in_view
from ui.components import FIGURE_WIDTH, empty_state, figures_row, md, page_header, show_chart, show_table
from ui.data import page_view

FIGURE_COLUMNS = ["event", "date", "date_month_only", "attendees", "attendance_approximate", "volunteers"]

view = page_view()
page_header("System engagement", view)
events = view.events
if events.empty:
    empty_state(md(nothing_in_view(view, "events", "engagement event")))
    st.stop()

summary = totals(events)
about = "about " if summary.approximate else ""
with figures_row():
    st.metric("Events", summary.events, width=FIGURE_WIDTH)
    st.metric(
        "Attendees" + (" (approximate)" if summary.approximate else ""),
        f"{about}{summary.attendees:,}",
        width=FIGURE_WIDTH,
    )
    st.metric("Volunteers", summary.volunteers, width=FIGURE_WIDTH)
if summary.approximate:
    st.markdown("Attendance marked '~' is an estimate: the papers give 'circa' figures.")

st.header("Events over time")
# the standard headings (metrics/labels.py); the 'Month only' column makes the date read 'October 2022'
table = events[[c for c in FIGURE_COLUMNS if c in events.columns]]
show_chart(
    events_chart(events),
    describe.events_sentence(events),
    table,
    "engagement_events",
    titled=False,
)
show_table(
    events,
    "engagement_table",
    ["event_id", "date", "event", "format", "attendees", "attendance_approximate", "volunteers", "notes"],
    title="Engagement events",
)

st.header("Who attended")
left, right = st.columns(2, gap="large")
for column, table_name, field, what, colour in (
    (left, "by_organisation_type", "organisation_type", "organisation type", NHS_DARK_BLUE),
    (right, "by_profession", "profession", "profession", NHS_DARK_GREEN),
):
    with column:
        counts = breakdown(getattr(view, table_name), field, events["event_id"])
        if counts.empty:
            sheet = "By organisation type" if field == "organisation_type" else "By profession"
            empty_state(
                f"The engagement tracker has no attendance by {what}: the board papers do not give one. Add rows (event, {what}, attendees) to its '{sheet}' sheet to see it here."
            )
        else:
            fig = simple_bars(
                counts,
                field,
                "attendees",
                f"Attendance by {what}",
                "Attendees",
                what.capitalize(),
                colour=colour,
            )
            show_chart(
                fig,
                describe.breakdown_sentence(counts, field, what),
                counts.rename(columns={field: what.capitalize(), "attendees": "Attendees"}),
                f"engagement_{field}",
            )

st.header("Reach across the professions named in principle 1")
st.markdown(
    "Principle 1 asks that the full range of clinical and care professionals, 'allied health professionals, pharmacists, doctors, nurses, social workers/practitioners, psychologists, healthcare scientists, physician associates, midwives, dentists, optometrists, orthoptists and public health professionals, among others', are integrated into decision-making."
)
if view.by_profession[view.by_profession["event_id"].isin(events["event_id"])].empty:
    empty_state(
        "Reach cannot be measured yet: the engagement tracker records no attendance by profession. The papers say only that attendees came 'from across all partner organisations (including Social Care) and with a broad range of clinical and professional leaders'."
    )
else:
    reach = profession_reach(view.by_profession, events["event_id"])
    fig = simple_bars(
        reach,
        "profession",
        "attendees",
        "Attendance by the professions of principle 1",
        "Attendees",
        "Profession",
        zero_text="not reached",
    )
    show_chart(
        fig,
        describe.reach_sentence(reach),
        reach.rename(columns={"profession": "Profession", "attendees": "Attendees", "reached": "Reached"}),
        "engagement_reach",
    )
