"""Board papers: the cover report, Appendix A and the board pack of this view; editors write the words."""

import pandas as pd
import streamlit as st

from formatting import long_date, timestamp_utc
from report.before_you_send import BEFORE_YOU_SEND, NOTHING_TO_CHECK, before_you_send
from report.paper import WRITTEN_PARTS, PaperTexts, paper_refusal
from services.papers import SaveRefused, save_written_parts, written_parts, written_parts_history
from ui.auth import editing_store, refused_notice, settings, sign_in_panel, signed_in_editor
from ui.components import drawn_when_open, md, page_header
from ui.data import page_view
from ui.exports import paper_buttons
from ui.filters import date_field
from ui.written import written_preview

SIGN_OFF_COLUMNS = ["Role", "Name", "Date of sign-off"]

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

if notice := st.session_state.pop("_paper_saved", None):
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

refused_notice(store)  # another organisation's words: said before any are typed
with st.form("paper_texts"):
    values: dict[str, object] = {}
    for part in WRITTEN_PARTS:
        current = str(getattr(texts, part.name))
        if part.multiline:
            values[part.name] = st.text_area(
                part.label, current, help=part.help or None, key=f"paper_{part.name}_{paper_date}"
            )
        else:
            values[part.name] = st.text_input(
                part.label, current, help=part.help or None, key=f"paper_{part.name}_{paper_date}"
            )
    st.markdown("Sign-off")
    sign_off = st.data_editor(
        pd.DataFrame([list(row) for row in texts.sign_off], columns=SIGN_OFF_COLUMNS),
        num_rows="dynamic",
        hide_index=True,
        key=f"paper_sign_off_{paper_date}",
    )
    saved_now = st.form_submit_button("Save the written parts", type="primary")
if saved_now:
    values["sign_off"] = sign_off.fillna("").astype(str).values.tolist()
    try:
        save_written_parts(store, paper_date, texts.with_changes(**values).to_dict(), editor)
    except SaveRefused as exc:  # e.g. the snapshot was presented to the board: its words are locked
        st.error(str(exc) if store.writes_refused else f"{exc} Nothing was saved.")  # refused says so
        st.stop()
    st.session_state["_paper_saved"] = "Saved. The papers above now use these words."
    st.rerun()

with st.expander("Who changed the words, and when"):
    history = written_parts_history(store, paper_date)
    if history:
        st.markdown("\n".join(f"- {timestamp_utc(s.saved_at)}: {md(s.saved_by)}" for s in history))
    else:
        st.markdown("Nothing saved for this paper yet.")
