"""Start the dashboard: `python -m tools.serve [streamlit run options]`. `make run` uses it.

Streamlit treats a folder called pages/ beside the entry file as a legacy multipage 'pages' directory until
the entry file has called st.navigation once, which happens only after the first session's first run. A
server's first visitor arriving on a shared deep link (/priorities?theme=T8) would then get a modal 'Page
not found' dialog over the right page. Declaring up front that this app uses st.navigation avoids that.
This sets a Streamlit class attribute (PagesManager.uses_pages_directory) that st.navigation itself sets;
tests/browser/test_flows.py checks a cold deep link in a real browser, so an upgrade that changes it shows.
"""

from __future__ import annotations

import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from tools.app_server import ROOT


def main() -> None:
    PagesManager.uses_pages_directory = False  # this app routes with st.navigation (see the docstring)
    sys.argv = ["streamlit", "run", str(ROOT / "dashboard.py"), *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
