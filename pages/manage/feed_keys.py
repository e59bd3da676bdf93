"""Feed keys: editors make, list and revoke the analysts' read-only keys for the data feed (docs/feed.md)."""

import streamlit as st

from services.feed_keys import (
    DEFAULT_VALIDITY_DAYS,
    LONGEST_VALIDITY_DAYS,
    MAX_KEY_NAME,
    REQUESTS_PER_MINUTE,
    KeyRefused,
    keys_frame,
    make_key,
    revocable,
    revoke_key,
)
from ui.auth import editing_store, editor_gate
from ui.components import md, show_table

NEW_KEY = "_new_feed_key"

st.title("Feed keys")
store = editing_store()  # the current organisation's keys; read-only to other editors
editor = editor_gate(
    store, "make or revoke feed keys", "Keys you make and revoke are recorded with your name."
)
st.markdown(
    "Analysts point Power BI, Excel, R or Python at the dashboard's data feed (`/feed/v1/…`) with a key: "
    "read-only, the same data viewers see, and a presented snapshot's address never changes its answer. "
    f"Each key may make {REQUESTS_PER_MINUTE} requests a minute. The analysts' guide with the recipes is "
    "docs/feed.md."
)

if new := st.session_state.pop(NEW_KEY, None):  # shown once: the next rerun no longer has it
    name, secret = new
    st.success(
        f"The key for **{md(name)}** is below. Copy it now and give it to its holder securely: it is not "
        "shown again, and the dashboard keeps only a fingerprint of it.",
        icon=":material/key:",
    )
    st.code(secret, language=None)

with st.form("new_feed_key", clear_on_submit=True):
    st.markdown("**Make a key**")
    name = st.text_input(
        "Whose key, and for what", max_chars=MAX_KEY_NAME, placeholder="Power BI: ICB BI team"
    )
    days = st.number_input(
        "Valid for (days)", min_value=1, max_value=LONGEST_VALIDITY_DAYS, value=DEFAULT_VALIDITY_DAYS, step=1
    )
    if st.form_submit_button("Make the key", icon=":material/add:"):
        try:
            secret = make_key(store, name, int(days), editor)
        except KeyRefused as exc:
            st.error(str(exc))
        else:
            st.session_state[NEW_KEY] = (" ".join(name.split()), secret)
            st.rerun()

show_table(keys_frame(store), "feed_keys", empty="No key has been made yet.", title="Keys", downloads=False)

if choices := revocable(store):
    choice = st.selectbox(
        "Key to revoke", list(choices), format_func=lambda i: choices[i], key="revoke_choice"
    )
    if st.button("Revoke this key", icon=":material/block:", key="revoke_key"):
        try:
            revoke_key(store, choice, editor)
        except KeyRefused as exc:
            st.error(str(exc))
        else:
            st.success(f"{md(choices[choice])} is revoked: its next request is refused.")
