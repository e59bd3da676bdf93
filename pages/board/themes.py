"""Themes: one development theme at a time, as the board papers present it."""

import pandas as pd
import streamlit as st

from charts.palette import status_label
from charts.views import theme_status_chart
from metrics import describe
from ui.components import drawn_when_open, empty_state, long_date, md, page_header, show_chart, show_table
from ui.data import page_view
from ui.exports import narrowed_to


def bullets(text: object) -> str:
    lines = [] if pd.isna(text) else [line.strip() for line in str(text).splitlines() if line.strip()]
    return "\n".join(f"- {md(line)}" for line in lines) if lines else "_Not recorded._"


view = page_view()
page_header("Development themes", view)
if view.themes.empty:
    empty_state(
        "No theme matches. Add themes to the Themes sheet of the framework tracker, or clear the filters."
    )
    st.stop()

names = dict(zip(view.themes["theme_id"], view.themes["theme"], strict=True))
theme_id = st.selectbox("Theme", list(names), format_func=lambda t: f"{t} {names[t]}", key="theme_page_theme")
theme = view.themes.set_index("theme_id").loc[theme_id]
st.header(md(theme["theme"]))

left, right = st.columns(2, gap="large")
with left:
    st.subheader("What will be different")
    st.markdown(bullets(theme["what_will_be_different"]))
with right:
    st.subheader("What we need to do to get there")
    st.markdown(bullets(theme.get("how_we_get_there")))

st.subheader("What we have achieved")
achieved = view.achievements[view.achievements["theme_id"] == theme_id]
if achieved.empty:
    empty_state(
        "No achievement is recorded for this theme yet. Add rows to the Achievements sheet of the framework tracker."
    )
else:
    for _, row in achieved.iterrows():
        when = f" ({long_date(row['date_achieved'])})" if pd.notna(row["date_achieved"]) else ""
        source = f" — _{md(row['source'])}_" if pd.notna(row["source"]) else ""
        st.markdown(f"- {md(row['achievement'])}{when}{source}")

st.subheader("Priorities for the next six months")
mine = view.priorities[view.priorities["theme_id"] == theme_id]
if mine.empty:
    empty_state(
        "No priority of this theme matches. Add priorities to the Priorities sheet, or clear the status and owner filters."
    )
else:
    fig, table = theme_status_chart(mine, str(theme["theme"]))
    show_chart(fig, describe.status_sentence(mine), table, "theme_status")
    for _, row in mine.iterrows():
        due = f"due {long_date(row['due_date'])}" if pd.notna(row["due_date"]) else "no due date"
        late = " — **overdue**" if row["overdue"] else ""
        st.markdown(
            f"**{md(row['priority_id'])}** {status_label(row['status'])} ({due}{late}): {md(row['priority'])}  \n"
            f"Owner: {md(row['owner'])}. {md(row['notes']) if pd.notna(row['notes']) else ''}"
        )
    with drawn_when_open("These priorities as a table", "theme_priorities_open") as shown:
        if shown:
            show_table(
                mine,
                "theme_priorities",
                ["priority_id", "priority", "status", "owner", "due_date", "notes"],
                title="Priorities of the theme",
                narrowed_by=narrowed_to("Theme", f"{theme_id} {names[theme_id]}"),
            )
