"""Record an assessment: editors record a self-assessment round on a form instead of uploading the workbook.

The round is written as an assessment tracker (every stored round plus this one), checked by the same loader
as an upload, and stored as a new version with the audit log, exactly as an upload is.
"""

import datetime as dt

import streamlit as st

from domain import Kind
from formatting import count
from services.assessment_rounds import (
    evidence_problems,
    file_name,
    level_names,
    preview_sentences,
    round_workbook,
    typed_date,
)
from services.edits import text_problem
from services.uploads import StoreError, store_checked
from ui.auth import editing_store, editor_gate
from ui.components import md, show_problems
from ui.data import checked_upload, current_trackers, data_changed
from ui.editing import TEXT_LIMIT
from ui.self_assessment import evidence_options

PENDING = "_assessment_pending"
FORM_NOTE = "Recorded on the assessment form"

st.title("Record a self-assessment round")
store = editing_store()  # read-only to editors of another organisation
editor = editor_gate(store, "record an assessment", "What you store is recorded with your name and the time.")

if notice := st.session_state.pop("_assessment_done", None):
    st.success(notice, icon=":material/check_circle:")
    st.page_link("pages/board/principles.py", label="See the Principles page", icon=":material/grid_view:")

trackers = current_trackers()
assessments = trackers.table(Kind.ASSESSMENT, "assessments")
levels = trackers.table(Kind.ASSESSMENT, "levels")
principles = trackers.table(Kind.COVERAGE, "principles")
titles = dict(zip(principles["principle"].astype(int), principles["title"], strict=True)) or {
    n: f"Principle {n}" for n in range(1, 6)
}
names = level_names(levels)
options = evidence_options(trackers)
earlier = assessments["assessment_date"].nunique()
st.markdown(
    f"One level per principle on the scale {', '.join(f'{n} {md(v)}' for n, v in names.items())} (an editable "
    "assumption, not a national standard), with the rationale and the evidence. "
    + (
        f"{earlier} earlier round{'s' if earlier > 1 else ''}; this one is added to {'them' if earlier > 1 else 'it'}."
        if earlier
        else "This is the first round."
    )
)

with st.form("assessment_form"):
    left, right = st.columns(2)
    typed = left.text_input(
        "Assessment date", value=f"{dt.date.today():%d/%m/%Y}", placeholder="dd/mm/yyyy", key="as_date"
    )
    group = right.text_input("Assessed by", placeholder="e.g. CPLG SLT", key="as_by")
    for number, title in titles.items():
        st.subheader(f"Principle {number}. {md(title)}")
        one, two, three = st.columns(3)
        one.selectbox(
            "Level",
            list(names),
            index=None,
            format_func=lambda n: f"{n} {names[n]}",
            key=f"as_level_{number}",
        )
        two.selectbox(
            "Target level",
            list(names),
            index=None,
            format_func=lambda n: f"{n} {names[n]}",
            key=f"as_target_{number}",
        )
        three.text_input("Target date", placeholder="dd/mm/yyyy", key=f"as_target_date_{number}")
        st.text_area(
            "Rationale",
            key=f"as_rationale_{number}",
            placeholder="Why this level; what is missing",
            help=TEXT_LIMIT,
        )
        st.multiselect(
            "Evidence (achievements, priorities, CPLG decisions, events)",
            list(options),
            format_func=options.get,
            key=f"as_evidence_{number}",
        )
        one, two = st.columns(2)
        one.selectbox(
            "Peer review level (optional)",
            list(names),
            index=None,
            format_func=lambda n: f"{n} {names[n]}",
            key=f"as_peer_{number}",
        )
        two.text_input("Peer reviewer", key=f"as_reviewer_{number}")
    checked = st.form_submit_button("Check this round", type="primary")

if checked:
    state = st.session_state
    try:  # dates are typed (a text field is a larger target than the date picker's parts)
        date = typed_date(typed)
        targets = {n: typed_date(state[f"as_target_date_{n}"]) for n in titles}
    except ValueError as error:
        st.error(str(error), icon=":material/error:")
        st.stop()
    if date is None:
        st.error("Type the assessment date, e.g. 12/03/2024.", icon=":material/error:")
        st.stop()
    typed_texts = [("Assessed by", group)] + [
        (f"{label} of principle {n}", state[f"{key}_{n}"])
        for n in titles
        for label, key in (("Rationale", "as_rationale"), ("Peer reviewer", "as_reviewer"))
    ]
    unstorable = [
        f"{which} {problem[0]} {problem[1]}"
        for which, value in typed_texts
        if (problem := text_problem(value, which.split(" of ")[0]))
    ]
    if unstorable:  # never cut or replaced by the writer without a word
        st.error(" ".join(unstorable), icon=":material/error:")
        st.stop()
    new_round = [
        {
            "principle": n,
            "level": state[f"as_level_{n}"],
            "rationale": state[f"as_rationale_{n}"].strip() or None,
            "evidence": tuple(state[f"as_evidence_{n}"]),
            "assessed_by": group.strip() or None,
            "peer_level": state[f"as_peer_{n}"],
            "peer_reviewer": state[f"as_reviewer_{n}"].strip() or None,
            "target_level": state[f"as_target_{n}"],
            "target_date": targets[n],
        }
        for n in titles
        if state[f"as_level_{n}"] is not None or state[f"as_rationale_{n}"].strip()
    ]
    content = round_workbook(assessments, levels, new_round, date, editor)
    st.session_state[PENDING] = (content, file_name(date))

if PENDING not in st.session_state:
    st.stop()
content, name = st.session_state[PENDING]
tracker = checked_upload(content, name, Kind.ASSESSMENT.value)
unknown = evidence_problems(trackers, tracker)
problems = tracker.problems + unknown
st.header("Check")
if problems:
    (st.error if tracker.errors else st.warning)(
        f"{count(len(tracker.errors), 'error')} and {count(len(problems) - len(tracker.errors), 'warning')}. "
        + (
            "Correct the form above and check again."
            if tracker.errors
            else "Warnings do not stop it being stored."
        )
    )
    show_problems(problems, "assessment_problems")
if not tracker.ok:
    st.stop()
st.markdown("\n".join(f"- {md(line)}" for line in preview_sentences(trackers, tracker)))
accepted = not problems or st.checkbox(
    f"I have read the {count(len(problems), 'warning')} and want to store this round"
)
note = st.text_input("Note for the history (optional)", key="as_note")
refused = store.writes_refused is not None  # another organisation's: said at the top
if st.button(
    "Store as a new version", type="primary", disabled=not accepted or refused, icon=":material/save:"
):
    try:
        ids = store_checked(
            store, [(content, tracker)], editor, f"{FORM_NOTE}: {note}" if note else FORM_NOTE
        )
    except StoreError as exc:
        st.error(f"{exc} Try again; if it keeps failing, tell the dashboard's administrator.")
        st.stop()
    data_changed()
    del st.session_state[PENDING]
    st.session_state["_assessment_done"] = f"Stored the round as version {ids[0]}. Every page now shows it."
    st.rerun()
