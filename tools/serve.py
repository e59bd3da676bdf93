"""Start the dashboard: `python -m tools.serve [streamlit run options]`. `make run` uses it.

Streamlit treats a folder called pages/ beside the entry file as a legacy multipage 'pages' directory until
the entry file has called st.navigation once, which happens only after the first session's first run. A
server's first visitor arriving on a shared deep link (/priorities?theme=T8) would then get a modal 'Page
not found' dialog over the right page. Declaring up front that this app uses st.navigation avoids that.
This sets a Streamlit class attribute (PagesManager.uses_pages_directory) that st.navigation itself sets;
tests/browser/test_flows.py checks a cold deep link in a real browser, so an upgrade that changes it shows.

Before the server listens it warms up (`warm_up`): it imports the pages' libraries, opens the store and loads
the trackers, the unfiltered view and the Overview's figures into the process-wide caches. The first visitor
after a restart then waits no longer than any other (bench/README.md, cold start), and a replica behind the
proxy reports healthy only once it can serve quickly.
"""

from __future__ import annotations

import logging
import sys
import time

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from tools.app_server import ROOT


def warm_up() -> None:
    """Fill the process-wide caches the first visit would otherwise fill (see the docstring)."""
    started = time.perf_counter()
    quiet = [
        "streamlit.runtime.scriptrunner_utils.script_run_context",
        "streamlit.runtime.state.session_state_proxy",
    ]
    levels = {name: logging.getLogger(name).level for name in quiet}
    for name in quiet:  # outside a script run Streamlit warns about the missing session; expected here
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        from charts.views import principle_progress_chart
        from metrics.changes import change_summary, status_changes
        from metrics.describe import principle_progress_sentence
        from metrics.engagement import latest_event
        from metrics.filters import Filters
        from metrics.progress import principle_progress, status_counts
        from ui.data import current_view

        view = current_view(Filters())  # what the Overview computes for every first visitor
        progress = principle_progress(view.priorities, view.coverage, view.principles)
        principle_progress_chart(progress)
        principle_progress_sentence(progress)
        status_counts(view.priorities)
        latest_event(view.events, view.as_at)
        if view.previous is not None:
            change_summary(status_changes(view.previous.priorities, view.priorities))
    except Exception as error:  # the app shows its own message for a store it cannot open; start anyway
        print(f"Warm-up skipped: {type(error).__name__}: {error}", file=sys.stderr)
    finally:
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
    print(f"Warmed up in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def main() -> None:
    PagesManager.uses_pages_directory = False  # this app routes with st.navigation (see the docstring)
    warm_up()
    sys.argv = ["streamlit", "run", str(ROOT / "dashboard.py"), *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
