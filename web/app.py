"""The server: Streamlit's st.App running dashboard.py, with the dashboard's own routes beside it.

`python -m tools.serve` (`make run`) serves this with `streamlit run web/app.py`. Routes of our own go in
`ROUTES` (the sign-in cookie's, web/signin.py; the analysts' data feed, web/feed.py); Streamlit keeps its own (/_stcore/..., /static/...,
/media/..., /component/...) and refuses a route that would shadow one of them.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit import config

from web import feed, signin

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard.py"
"""Absolute: st.App resolves a relative script path against the launcher's folder (web/), not the project."""


BASE_PATH = config.get_option("server.baseUrlPath") or ""
"""Read when the server imports this module, after `streamlit run` has read the configuration and flags."""

app = st.App(DASHBOARD, routes=signin.routes(BASE_PATH) + feed.routes(BASE_PATH))
