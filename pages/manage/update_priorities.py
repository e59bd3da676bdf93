"""Update priorities (and CPLG actions) in the app: edit the table, check it as an upload, preview, store."""

import datetime as dt

import streamlit as st

from domain import Kind
from formatting import count
from services.edits import (
    Draft,
    EditRefused,
    changes_frame,
    check_edit,
    editable_table,
    field_changes,
    refusal_problems,
    save_edit,
    status_changes_of,
    with_nothing_stored,
)
from services.locks import StoreError, lock_snapshot, presented_sentence, snapshot_locks, storing_refusal
from services.recorded_edits import field_changes_table, snapshots_table
from ui.auth import editing_store, editor_gate
from ui.components import long_date, md, show_problems, show_table
from ui.data import current_trackers, data_changed
from ui.editing import (
    BLANK,
    MAX_PASTED_ROWS,
    TAKEN_FROM,
    apply_grid_edits,
    column_config,
    column_order,
    for_editor,
    pasted_rows,
    show_change_preview,
    show_changes,
    started_from,
    too_many_pasted,
)
from ui.filters import date_field

st.title("Update priorities")
store = editing_store()  # read-only to editors of another organisation
editor = editor_gate(
    store, "update the trackers", "Every change is recorded, field by field, with your name and the time."
)
if notice := st.session_state.pop("_edit_done", None):
    st.success(notice["message"], icon=":material/check_circle:")
    if not notice["conflicts"].empty:
        st.warning(notice["warning"], icon=":material/merge:")
        show_changes(notice["conflicts"], "edit_conflicts_done", list(notice["conflicts"].columns))
    st.page_link("pages/board/overview.py", label="See the Overview", icon=":material/dashboard:")

current = current_trackers()
locks = snapshot_locks(store)
kind = (
    st.segmented_control(
        "What to update",
        [Kind.FRAMEWORK, Kind.CPLG],
        default=Kind.FRAMEWORK,
        format_func={Kind.FRAMEWORK: "Framework priorities", Kind.CPLG: "CPLG actions"}.get,
        key="edit_kind",
    )
    or Kind.FRAMEWORK
)
latest = current.current_framework if kind is Kind.FRAMEWORK else current.cplg
if latest is None or latest.version_id is None:
    st.info("There is no tracker of this kind to update yet: upload one first.", icon=":material/info:")
    st.stop()
snapshot_day = latest.as_at.date() if latest.as_at is not None else None
base_key = f"_edit_base_{store.organisation}_{kind}_{snapshot_day}"  # each organisation's versions its own
pinned = st.session_state.setdefault(base_key, latest.version_id)
base = started_from(pinned, latest)
caption = f"Version {base.version_id}" + (
    f", the snapshot as at {long_date(latest.as_at)}" if kind is Kind.FRAMEWORK else ""
)
presented = presented_sentence(locks, latest.as_at) if kind is Kind.FRAMEWORK else None
st.markdown(f"Editing **{md(caption)}**. " + (md(presented) + " It is locked." if presented else ""))

as_at = snapshot_day
if kind is Kind.FRAMEWORK:
    how = st.radio(
        "Store the changes as",
        ["new", "amend"] if presented else ["amend", "new"],
        format_func={
            "amend": "an amendment of this snapshot (same 'as at' date)",
            "new": "a new snapshot as at…",
        }.get,
        horizontal=True,
        key="edit_how",
    )
    if how == "new":
        as_at = date_field(st, "As at", "edit_as_at", "The new snapshot's date.", default=dt.date.today())
        if as_at is None:
            st.stop()  # date_field has said what to type
wording = st.toggle("Edit wording (ids, themes, text; add or remove rows)", key="edit_wording")
settings_, locked = column_config(kind, wording)
round_number = st.session_state.setdefault("_edit_round", 0)
draft_key, grid_round = f"_edit_draft_{kind}_{pinned}", f"_edit_grid_{kind}_{pinned}"
grid_key = f"editor_{kind}_{pinned}_{round_number}_{st.session_state.get(grid_round, 0)}"
shown = st.session_state.get(draft_key)
if shown is None:
    shown = for_editor(editable_table(base))
if (added := pasted_rows(st.session_state.get(grid_key))) >= TAKEN_FROM:  # a pasted block: see TAKEN_FROM
    if added > MAX_PASTED_ROWS:
        st.error(too_many_pasted(added), icon=":material/error:")
    else:
        shown = st.session_state[draft_key] = apply_grid_edits(shown, st.session_state[grid_key])
    st.session_state[grid_round] = st.session_state.get(grid_round, 0) + 1  # a new grid over the draft
    grid_key = f"editor_{kind}_{pinned}_{round_number}_{st.session_state[grid_round]}"
edited = st.data_editor(
    shown,
    column_config=settings_,
    column_order=column_order(kind),
    disabled=locked,
    num_rows="dynamic" if wording else "fixed",
    hide_index=True,
    placeholder=BLANK,
    key=grid_key,
)
draft = Draft(base=base, edited=edited, as_at=as_at, editor=editor)
try:
    pending = field_changes(editable_table(base), edited, kind)
except EditRefused as refused:  # text no workbook can keep as typed: said here, never cut or replaced
    st.error(f"{refused} Nothing can be checked or stored until it is fixed.", icon=":material/error:")
    show_problems(refused.problems, "edit_text_problems")
    pending = []
else:
    st.markdown(f"{count(len(pending), 'field')} changed so far.")
if refused := storing_refusal(locks, kind, {as_at}):  # e.g. an amendment of a snapshot presented to the board
    st.error(refused, icon=":material/lock:")
if st.button(
    "Check and preview", icon=":material/fact_check:", disabled=not pending or bool(refused), key="edit_check"
):
    st.session_state["_edit_checked"] = check_edit(store, current, draft)
checked = st.session_state.get("_edit_checked")
if checked is not None and (checked.draft.as_at != as_at or not checked.draft.edited.equals(edited)):
    checked = None  # edited since the check: check again
if checked is not None:
    st.header("What storing would change")
    if checked.saved_since:
        who = "; ".join(
            f"{v.uploaded_by} stored version {v.id} at {v.uploaded_at:%H:%M} UTC" for v in checked.saved_since
        )
        st.warning(
            f"Since you started, {md(who)}. Your changes are applied on top of theirs.",
            icon=":material/merge:",
        )
        show_changes(
            checked.conflicts,
            "edit_conflicts",
            list(checked.conflicts.columns),
            "No field was changed by both.",
        )
    problems = refusal_problems(checked)
    if problems or checked.tracker.warnings:
        show_problems([*problems, *checked.tracker.warnings], "edit_problems")
    if checked.preview is not None:
        show_change_preview(checked.preview, "edit", checked.tracker.as_at)
    show_changes(changes_frame(checked.changes), "edit_changes", ["record", "field", "before", "after"])
    reasons = {  # asked per status change: the board paper quotes it as that change's reason
        change.record_id: st.text_input(
            f"Why did {md(change.record_id)} change from {md(change.before or '(blank)')} to "
            f"{md(change.after or '(blank)')}? (optional)",
            key=f"edit_reason_{change.record_id}_{round_number}",
            help="Stored with this status change; the board paper quotes it as the reason. Left blank, the "
            "paper says that no reason was recorded (it never quotes a note written for an earlier change).",
        )
        for change in status_changes_of(checked.changes, kind)
    }
    note = st.text_input("Note for the history (optional)", key=f"edit_note_{round_number}")
    if st.button(
        "Store as a new version",
        type="primary",
        disabled=not checked.ok,
        icon=":material/save:",
        key="edit_store",
    ):
        try:
            saved = save_edit(store, current, checked, note or None, reasons)
        except (EditRefused, StoreError) as exc:
            st.error(with_nothing_stored(str(exc)))
            st.stop()
        data_changed()
        st.session_state.pop("_edit_checked", None)
        st.session_state.pop(base_key, None)
        st.session_state.pop(draft_key, None)
        st.session_state["_edit_round"] = round_number + 1
        who = ", ".join(sorted({v.uploaded_by for v in saved.saved_since}))
        st.session_state["_edit_done"] = {
            "message": f"Stored version {saved.version_id} ({count(len(saved.changes), 'field')} changed). "
            "Every page now shows it.",
            "warning": f"{md(who)} saved changes while you were editing; both versions are kept. "
            "Fields you both changed:",
            "conflicts": saved.conflicts,
        }
        st.rerun()

if kind is Kind.FRAMEWORK:
    st.header("Presented to the board")
    for lock in locks:
        st.markdown(f"- {md(presented_sentence(locks, lock.as_at))} Locked by {md(lock.locked_by)}.")
    if presented is None and snapshot_day is not None:
        day = date_field(st, "Presented on", "lock_day", "The board meeting's date.", default=dt.date.today())
        if day is not None and st.button(
            f"Lock the snapshot as at {long_date(latest.as_at)}", icon=":material/lock:", key="lock"
        ):
            try:
                lock_snapshot(store, snapshot_day, day, editor)
            except StoreError as exc:
                st.error(str(exc), icon=":material/error:")
                st.stop()  # said, not wiped by the rerun below
            st.rerun()
    st.header("A priority's history")
    ids = list(latest.tables["priorities"]["priority_id"].dropna())
    chosen = st.selectbox(
        "Priority", ids, key="history_priority", index=None, placeholder="Choose a priority"
    )
    if chosen:
        show_table(snapshots_table(current, chosen), "priority_history", downloads=False)
        edits = field_changes_table(store, chosen)
        st.markdown("Changes made in the app, field by field:")
        show_changes(edits, "priority_edits", list(edits.columns), "No change made in the app yet.")
