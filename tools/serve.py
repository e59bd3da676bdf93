"""Start the dashboard: `python -m tools.serve [streamlit run options]`. `make run` uses it.

It serves web/app.py, Streamlit's st.App running dashboard.py with the dashboard's own routes beside it (the
sign-in cookie's, web/signin.py). Run it from the project folder: Streamlit reads .streamlit/ there.

Streamlit treats a folder called pages/ beside the entry file as a legacy multipage 'pages' directory until
the entry file has called st.navigation once, which happens only after the first session's first run. A
server's first visitor arriving on a shared deep link (/priorities?theme=T8) would then get a modal 'Page
not found' dialog over the right page. Declaring up front that this app uses st.navigation avoids that.
This sets a Streamlit class attribute (PagesManager.uses_pages_directory) that st.navigation itself sets;
tests/browser/test_flows.py checks a cold deep link in a real browser, so an upgrade that changes it shows.

Before the server listens it warms up (`warm_up`): it imports the pages' libraries, opens the store and loads
the trackers, the unfiltered view and the Overview's figures into the process-wide caches. Once it listens, it
visits its own Overview over the websocket before `/_stcore/health` reports ready (`ready_after_first_visit`).
The first visitor after a restart then waits no longer than any other (bench/README.md, cold start), and a
replica behind the proxy reports healthy only once it can serve quickly.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import sys
import threading
import time

from streamlit import config, delta_generator
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.runtime import Runtime
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
        import plotly.io
        from streamlit import dataframe_util, string_util

        import ui.auth
        import ui.components
        import ui.exports
        import ui.filters  # noqa: F401  (the router's and the pages' modules, loaded before the first run)
        from metrics.filters import Filters
        from report import sections as story
        from report import snapshots
        from report.charts import section_chart
        from ui.data import cluster_views, current_cluster, current_view

        view = current_view(Filters())  # what the Overview computes for every first visitor
        if not current_cluster().single:
            cluster_views()  # every organisation's trackers and view: the cluster pages read them all
        for section in (story.headline, story.attention, snapshots.changes, story.latest_engagement_event):
            section(view)
        principles = story.principles(view)
        fig, table = section_chart(principles)
        # What st.plotly_chart and st.dataframe do with them: loads and first-uses plotly's JSON and Arrow.
        plotly.io.to_json(fig.to_dict(), validate=False)
        dataframe_util.convert_pandas_df_to_arrow_bytes(table)
        dataframe_util.convert_pandas_df_to_arrow_bytes(view.priorities)
        view.priorities.sort_values(["overdue", "priority_id"]).take([0]).copy()  # first Arrow kernels
        # Widget labels with non-ASCII text load Streamlit's emoji and icon catalogues (a large regex).
        string_util.extract_leading_emoji("Théme")
        string_util.is_material_icon("dashboard")
    except Exception as error:  # the app shows its own message for a store it cannot open; start anyway
        print(f"Warm-up skipped: {type(error).__name__}: {error}", file=sys.stderr)
    finally:
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
    # On the first element drawn, Streamlit checks once per process whether to warn that the app was not
    # started with `streamlit run` (it was): the check walks the stack reading every module's source file,
    # about a second of the first visitor's wait on a busy machine. Marking the warning as shown skips it.
    delta_generator._use_warning_has_been_displayed = True
    print(f"Warmed up in {time.perf_counter() - started:.1f} s", file=sys.stderr)


FIRST_VISIT_SECONDS = 60
"""The longest the server waits for its own first visit before it reports healthy anyway."""


def ready_after_first_visit() -> None:
    """Report healthy only after one real session has drawn the Overview (`/_stcore/health` says 'warming up').

    A server's first session pays for Streamlit's own first use of everything it draws (each element's
    protobuf, the widget registry, Arrow and plotly serialisation, compiling the scripts). The server pays
    that itself, in a session of its own over its own websocket (tools/session_client.py), before a proxy or
    a test is told it is ready, so the first board member waits no longer than the next.
    """
    visited = threading.Event()
    ready = Runtime.is_ready_for_browser_connection

    async def ready_once_visited(runtime: Runtime) -> tuple[bool, str]:
        ok, message = await ready.fget(runtime)  # type: ignore[attr-defined]
        return (ok, message) if not ok or visited.is_set() else (False, "warming up")

    Runtime.is_ready_for_browser_connection = property(ready_once_visited)  # type: ignore[assignment]
    threading.Thread(target=_visit_self, args=(visited,), daemon=True, name="first-visit").start()


def _visit_self(visited: threading.Event) -> None:
    from tools.session_client import Page, visit

    address = config.get_option("server.address") or "127.0.0.1"
    host = "127.0.0.1" if address in {"0.0.0.0", "::"} else address  # noqa: S104  (a wildcard: reach it on loopback)
    port = int(config.get_option("server.port"))
    base_path = (config.get_option("server.baseUrlPath") or "").strip("/")
    base = f"http://{host}:{port}" + (f"/{base_path}" if base_path else "")
    deadline = time.monotonic() + FIRST_VISIT_SECONDS
    try:
        while time.monotonic() < deadline:  # until the server listens
            with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
                break
            time.sleep(0.05)
        # The key text and a chart only arrive for a visitor allowed to view; any finished run warms up.
        overview = Page("", "", chart=False)
        shown = asyncio.run(asyncio.wait_for(visit(base, overview), max(1.0, deadline - time.monotonic())))
        print(f"First visit drawn in {shown.seconds:.2f} s; reporting ready", file=sys.stderr, flush=True)
    except Exception as error:  # never keep a server from reporting healthy: it just starts cold
        print(f"First visit skipped: {type(error).__name__}: {error}", file=sys.stderr)
    finally:
        visited.set()


def main() -> None:
    PagesManager.uses_pages_directory = False  # this app routes with st.navigation (see the docstring)
    warm_up()
    ready_after_first_visit()
    # web/app.py is an st.App: `streamlit run` serves it with its routes (the sign-in cookie's) beside the app.
    sys.argv = ["streamlit", "run", str(ROOT / "web" / "app.py"), *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
