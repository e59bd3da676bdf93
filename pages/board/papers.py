"""Board papers: the cover report, Appendix A and the board pack of this view; editors write the words."""

import streamlit as st

from formatting import long_date, timestamp_utc
from report.before_you_send import BEFORE_YOU_SEND, NOTHING_TO_CHECK, before_you_send
from report.paper import PaperTexts, paper_refusal
from services.papers import written_parts, written_parts_history
from ui.auth import editing_store, settings, sign_in_panel, signed_in_editor
from ui.components import drawn_when_open, md, page_header
from ui.data import page_view
from ui.exports import paper_buttons
from ui.filters import date_field
from ui.written import saved_notice_key, written_parts_form, written_preview

view = page_view()
page_header(
    "Board papers",
    view,
    "The cover report and its slides for the ICP and ICB, written from this view (the 'as at' date and "
    "filters in the sidebar). Figures, changes, decisions and events come from the trackers; the words "
    "below are written by people and kept for the next paper.",
)
store = editing_store()  # read-only to editors of another organisation
paper_date = view.as_at.date() if view.as_at is not None else None
saved = written_parts(store, paper_date)
texts = PaperTexts.from_dict(saved.texts) if saved else PaperTexts()
if saved is None:
    st.markdown("No words have been saved yet: the paper uses the standard wording until an editor saves.")
elif saved.starts_from_earlier(paper_date):
    earlier = long_date(saved.as_at) if saved.as_at else "an undated paper"
    st.markdown(
        f"This paper starts from the words of the paper as at {earlier} (saved by {md(saved.saved_by)}, "
        f"{timestamp_utc(saved.saved_at)}). Save to keep them for this paper."
    )
else:
    st.markdown(f"Words saved by {md(saved.saved_by)}, {timestamp_utc(saved.saved_at)}.")

if notice := st.session_state.pop(saved_notice_key("paper"), None):
    st.success(notice, icon=":material/check_circle:")

st.header("Download")
if refusal := paper_refusal(view):
    st.markdown(md(refusal))
else:
    agenda_from = date_field(
        st.container(width=320),
        "CPLG agenda in Appendix A listed from",
        "paper_agenda_from",
        "Leave blank to list the items since the previous paper.",
    )
    if checks := before_you_send(view, texts, agenda_from):
        st.markdown(
            f"**{BEFORE_YOU_SEND}**, check these first:\n\n"
            + "\n".join(f"- **{check.what}:** {md(check.detail)}" for check in checks)
        )
    else:
        st.markdown(f"**{BEFORE_YOU_SEND}:** {NOTHING_TO_CHECK}")
    paper_buttons(view, texts, agenda_from)
    with drawn_when_open(
        "Preview of the written parts, as the cover report prints them", "written_preview"
    ) as shown:
        if shown:
            written_preview(texts)

st.header("The written parts")
config = settings()
editor = signed_in_editor(config) if config.editing_enabled else None
if editor is None:
    st.markdown("Editors can change these words. Everyone can download the papers above.")
    if config.editing_enabled:
        with st.expander("Sign in to edit"):
            sign_in_panel(store, config)
    st.stop()

written_parts_form(store, paper_date, texts, editor, key="paper")

with st.expander("Who changed the words, and when"):
    history = written_parts_history(store, paper_date)
    if history:
        st.markdown("\n".join(f"- {timestamp_utc(s.saved_at)}: {md(s.saved_by)}" for s in history))
    else:
        st.markdown("Nothing saved for this paper yet.")
