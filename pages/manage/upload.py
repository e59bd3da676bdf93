"""Upload: editors replace trackers with updated ones. Checked first; stored as new versions in one go."""

import streamlit as st

from domain import Kind
from formatting import count
from services.locks import held_by_lock_sentence, snapshot_locks
from services.uploads import (
    MAX_FILE_BYTES,
    SnapshotLocked,
    StoreError,
    store_checked,
    upload_clashes,
    upload_preview,
)
from ui.auth import editing_store, editor_gate
from ui.components import md, show_problems
from ui.data import checked_upload, current_trackers, data_changed
from ui.editing import show_change_preview
from ui.templates import template_buttons

st.title("Upload updated trackers")
store = editing_store()  # read-only to editors of another organisation
editor = editor_gate(store, "upload", "Everything you store is recorded with your name and the time.")

if notice := st.session_state.pop("_upload_done", None):
    st.success(notice, icon=":material/check_circle:")
    st.page_link("pages/board/overview.py", label="See the Overview", icon=":material/dashboard:")

st.markdown(
    f"Choose one or several tracker workbooks (.xlsx, up to {MAX_FILE_BYTES // 1_048_576} MB each). Each is checked "
    "before anything is stored; the current data stays as it is until you confirm. To start a tracker from "
    "scratch, download its blank template (with drop-downs and a 'How to fill in' sheet):"
)
template_buttons(list(Kind), "upload_template")
round_number = st.session_state.setdefault("_upload_round", 0)
files = st.file_uploader(
    "Tracker workbooks", type=["xlsx"], accept_multiple_files=True, key=f"uploads_{round_number}"
)
if not files:
    st.stop()

current = current_trackers()
kinds = {k.value: k.title for k in Kind}
checked = []
with st.status(f"Checking {len(files)} file{'s' if len(files) > 1 else ''}…", expanded=True) as status:
    for upload in files:
        st.markdown(f"Checking **{md(upload.name)}**…")
        chosen = st.session_state.get(f"kind_{upload.file_id}")
        tracker = checked_upload(upload.getvalue(), upload.name, chosen)
        checked.append((upload, tracker))
    errors = sum(len(t.errors) for _, t in checked)
    warnings = sum(len(t.warnings) for _, t in checked)
    status.update(
        label=f"Checked {count(len(files), 'file')}: {count(errors, 'error')}, {count(warnings, 'warning')}",
        state="error" if errors else "complete",
        expanded=False,
    )

for upload, tracker in checked:
    title = tracker.kind.title if tracker.kind else "not recognised"
    st.header(f"{md(upload.name)}: {title}")
    st.selectbox(
        "Tracker kind",
        list(kinds),
        index=list(kinds).index(tracker.kind.value) if tracker.kind else None,
        format_func=kinds.get,
        key=f"kind_{upload.file_id}",
        help="Recognised from the sheets; change it if the file was recognised wrongly.",
        placeholder="Choose which tracker this is",
    )
    if tracker.problems:
        verdict = st.error if tracker.errors else st.warning
        verdict(
            f"{count(len(tracker.errors), 'error')} and {count(len(tracker.warnings), 'warning')}. "
            + (
                "Errors must be fixed in the workbook before it can be stored."
                if tracker.errors
                else "Warnings do not stop it being stored."
            )
        )
        show_problems(tracker.problems, f"problems_{upload.file_id}")
    if tracker.ok:
        show_change_preview(upload_preview(current, tracker), upload.file_id, tracker.as_at)

st.divider()
st.header("Store as new versions")
blocked = [u.name for u, t in checked if not t.ok]
if blocked:
    st.error(
        f"Nothing can be stored while a file has errors ({md(', '.join(blocked))}). Fix them in Excel and upload again, or remove that file. The current data is unchanged."
    )
    st.stop()
uploads = [(u.getvalue(), t) for u, t in checked]
if clashes := upload_clashes(uploads):
    st.error(
        md(" ".join(clashes)) + " Nothing can be stored while two files would replace the same tracker.",
        icon=":material/content_copy:",
    )
    st.stop()
accepted = True
if warnings:
    accepted = st.checkbox(
        f"I have read the {count(warnings, 'warning')} and want to store these files anyway",
        key=f"accept_{round_number}",
    )
note = st.text_input(
    "Note for the history (optional)",
    placeholder="e.g. updated for the March ICB",
    key=f"note_{round_number}",
)
if st.button(
    f"Store {len(checked)} file{'s' if len(checked) > 1 else ''} as new versions",
    type="primary",
    disabled=not accepted or store.writes_refused is not None,  # another organisation's: said at the top
    icon=":material/upload:",
):
    try:
        ids = store_checked(store, uploads, editor, note or None)
    except SnapshotLocked as exc:  # presented to the board: only a later snapshot may follow it
        st.error(f"{exc} Nothing was stored.")
        st.stop()
    except StoreError as exc:
        st.error(f"{exc} Try again; if it keeps failing, tell the dashboard's administrator.")
        st.stop()
    data_changed()
    st.session_state["_upload_round"] = round_number + 1
    held = held_by_lock_sentence(snapshot_locks(store), current.as_at, {t.kind for _, t in checked if t.kind})
    st.session_state["_upload_done"] = (
        f"Stored {len(ids)} new version{'s' if len(ids) > 1 else ''} (numbers {', '.join(map(str, ids))}). "
        + (held or "Every page now shows them.")
    )
    st.rerun()
