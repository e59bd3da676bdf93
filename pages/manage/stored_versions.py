"""History: every stored version of each tracker; download any original file; editors restore and audit."""

import streamlit as st

from domain import Kind
from services.version_history import (
    SnapshotLocked,
    StoreError,
    audit_table,
    kind_title,
    original_file,
    restore,
    set_withdrawn,
    versions_frame,
    versions_of,
    withdrawn_ids,
)
from ui.auth import editing_store, refused_notice, settings, signed_in_editor
from ui.components import show_table
from ui.data import current_trackers, data_changed
from ui.exports import all_data_buttons

st.title("Tracker history")
st.markdown(
    "Every version ever stored, newest first. Nothing is overwritten or deleted: a restore stores an earlier "
    "version again as a new one, and a withdrawn version (e.g. a mistyped 'As at' date) stays listed. Framework versions with different 'as at' dates are the snapshots the pages compare."
)
store = editing_store()  # read-only to editors of another organisation
editor = signed_in_editor(settings())
if editor:
    refused_notice(store)
st.markdown(
    "**For analysts:** every tracker and every version in tidy long form (who stored each version is not included)."
)
all_data_buttons(store)
current_ids = {t.version_id for t in current_trackers().loaded() if t.version_id is not None}
withdrawn = withdrawn_ids(store)

if notice := st.session_state.pop("_restore_done", None):
    st.success(notice, icon=":material/check_circle:")

tabs = st.tabs([kind_title(k) for k in Kind] + (["Audit log"] if editor else []))
for tab, kind in zip(tabs, Kind, strict=False):
    with tab:
        versions = versions_of(store, kind)
        table = versions_frame(versions, current_ids, show_people=editor is not None, withdrawn_ids=withdrawn)
        show_table(
            table,
            f"history_{kind.value}",
            empty=f"No {kind_title(kind)} tracker has been stored yet.",
            title=f"Versions of the {kind_title(kind)} tracker",
        )
        if not versions:
            continue
        by_id = {v.id: v for v in versions}
        choice = st.selectbox(
            "Version",
            sorted(by_id, reverse=True),
            key=f"pick_{kind.value}",
            format_func=lambda i, by_id=by_id: (
                f"Version {i}: {by_id[i].file_name}"
                + (f", as at {by_id[i].as_at:%d/%m/%Y}" if by_id[i].as_at else "")
                + (" (withdrawn)" if i in withdrawn else "")
            ),
        )
        # Deferred (a callable): no /media URL exists until a signed-in session clicks, and Streamlit drops the
        # file once no session references it. Viewers get a copy that names nobody (original_file).
        st.download_button(
            "Download this version's original file",
            data=lambda choice=choice: original_file(store, choice, editor=editor is not None),
            file_name=by_id[choice].file_name,
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"download_{kind.value}",
            icon=":material/download:",
        )
        if editor:
            note = st.text_input("Why restore it (recorded)", key=f"restore_note_{kind.value}")
            if st.button(
                f"Restore version {choice} as the current {kind_title(kind)} tracker",
                key=f"restore_{kind.value}",
                icon=":material/history:",
            ):
                try:
                    new_id = restore(store, choice, editor, note or None)
                except SnapshotLocked as exc:  # the snapshot was presented to the board and is locked
                    st.error(str(exc))
                    st.stop()
                except StoreError as exc:
                    again = " Try again; if it keeps failing, tell the dashboard's administrator."
                    st.error(str(exc) if store.writes_refused else f"{exc}{again}")  # refused: says why
                    st.stop()
                data_changed()
                st.session_state["_restore_done"] = (
                    f"Version {choice} was stored again as version {new_id}, which is now current."
                )
                st.rerun()
            withdrawing = choice not in withdrawn
            reason = st.text_input(
                "Why withdraw it (recorded)" if withdrawing else "Why reinstate it (recorded)",
                key=f"withdraw_note_{kind.value}",
                help="A withdrawn version stays in the history but is never shown as current, e.g. a snapshot "
                "whose 'As at' date was mistyped. Reinstating undoes it; both are recorded in the audit log.",
            )
            if st.button(
                f"{'Withdraw' if withdrawing else 'Reinstate'} version {choice}",
                key=f"withdraw_{kind.value}",
                icon=":material/visibility_off:" if withdrawing else ":material/visibility:",
            ):
                try:
                    set_withdrawn(store, choice, withdrawing, editor, reason or None)
                except StoreError as exc:
                    st.error(str(exc))
                    st.stop()
                data_changed()
                st.session_state["_restore_done"] = (
                    f"Version {choice} was {'withdrawn: it is no longer shown as current' if withdrawing else 'reinstated'}."
                )
                st.rerun()
if editor:
    with tabs[-1]:
        st.markdown("Uploads, restores, sign-ins and failed sign-ins, newest first. Editors only.")
        show_table(
            audit_table(store),
            "audit_log",
            empty="Nothing has been recorded yet.",
            title="Audit log",
        )
