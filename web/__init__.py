"""The HTTP layer: the Streamlit server as an st.App with the dashboard's own routes (web/app.py).

It imports ui/, access/ and store/; nothing in the app imports it (docs/layers.md, checked by
tests/test_layout.py).
"""
