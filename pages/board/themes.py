"""Themes: one development theme at a time, as the board papers present it."""

import streamlit as st

from report.themes import NOT_RECORDED, Achievement, no_theme_in_view, theme_choices, theme_story
from ui.components import drawn_when_open, empty_state, md, page_header
from ui.data import page_view
from ui.sections import show_section_chart, show_section_table


def bullets(lines: tuple[str, ...]) -> str:
    return "\n".join(f"- {md(line)}" for line in lines) if lines else f"_{NOT_RECORDED}_"


def achievement_line(item: Achievement) -> str:
    when = f" ({item.when})" if item.when else ""
    source = f" — _{md(item.source)}_" if item.source else ""
    return f"- {md(item.text)}{when}{source}"


view = page_view()
page_header("Development themes", view)
if view.themes.empty:
    empty_state(md(no_theme_in_view(view)))
    st.stop()

names = theme_choices(view)
theme_id = st.selectbox("Theme", list(names), format_func=lambda t: f"{t} {names[t]}", key="theme_page_theme")
theme = theme_story(view, theme_id)
st.header(md(theme.name))

left, right = st.columns(2, gap="large")
with left:
    st.subheader("What will be different")
    st.markdown(bullets(theme.what_will_be_different))
with right:
    st.subheader("What we need to do to get there")
    st.markdown(bullets(theme.how_we_get_there))

st.subheader("What we have achieved")
if not theme.achievements:
    empty_state(theme.achievements_empty)
else:  # one list, read as a list of n items, and one element to send
    st.markdown("\n".join(achievement_line(item) for item in theme.achievements))

st.subheader("Priorities for the next six months")
show_section_chart(theme.priorities, "theme_status")
if not theme.priorities.empty:
    for line in theme.priority_lines:
        late = " — **overdue**" if line.overdue else ""
        st.markdown(
            f"**{md(line.priority_id)}** {line.status} ({line.due}{late}): {md(line.priority)}  \n"
            f"Owner: {md(line.owner)}. {md(line.notes)}"
        )
    with drawn_when_open("These priorities as a table", "theme_priorities_open") as shown:
        if shown:
            show_section_table(theme.priorities, "theme_priorities", title="Priorities of the theme")
