"""A Streamlit session at the protocol level: what the frontend does for one visit, without a browser.

It follows frontend/connection/src/WebsocketConnection.tsx in Streamlit's repository: load the page (which
sets the `_streamlit_xsrf` cookie, and behind the proxy its affinity cookie), open `/_stcore/stream` with
`Sec-WebSocket-Protocol: streamlit, <xsrf cookie>`, send a `rerun_script` BackMsg with the page's URL path as
`page_name`, and read ForwardMsgs until `script_finished`. A visit fails unless the run finished successfully,
no exception element arrived, and the page's key text (and, for chart pages, a plotly chart) did.
Used by bench/bench_capacity.py, bench/bench_soak.py and tests/test_replicas.py.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
import urllib.request
from collections.abc import Coroutine
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any, TypeVar

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

TIMEOUT = 300.0


@dataclass(frozen=True)
class Page:
    url_path: str
    key_text: str
    chart: bool
    query: str = ""
    """The URL's query string, without '?' (e.g. 'org=north': an organisation's page in a cluster)."""


class SessionFailed(AssertionError):
    """A session did not finish cleanly or did not show the page."""


@dataclass
class Visit:
    seconds: float
    first_chart: float | None


def _cookies(base: str) -> dict[str, str]:
    """GET the page as a browser would first; return the cookies it sets (xsrf, and the proxy's affinity)."""
    with urllib.request.urlopen(base + "/", timeout=TIMEOUT) as response:
        jar = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        response.read()
    return {name: morsel.value for name, morsel in jar.items()}


async def visit(base: str, page: Page) -> Visit:
    """One new session: load the page, open the websocket, run the page's script, check what arrived."""
    start = time.perf_counter()
    cookies = await asyncio.to_thread(_cookies, base)
    xsrf = cookies.get("_streamlit_xsrf", "PLACEHOLDER_AUTH_TOKEN")
    first_chart = None
    exceptions: list[str] = []
    key_found = False
    async with connect(
        base.replace("http", "ws", 1) + "/_stcore/stream",
        subprotocols=["streamlit", xsrf],  # type: ignore[list-item]
        additional_headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
        origin=base,  # type: ignore[arg-type]
        max_size=None,
        ping_interval=None,  # as a browser: no client pings (a busy server answers them late)
        open_timeout=TIMEOUT,
    ) as socket:
        request = BackMsg()
        request.rerun_script.query_string = page.query
        request.rerun_script.page_name = page.url_path
        await socket.send(request.SerializeToString())
        while True:
            data = await asyncio.wait_for(socket.recv(), TIMEOUT)
            message = ForwardMsg()
            message.ParseFromString(data)
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element.WhichOneof("type")
                if element == "exception":
                    exceptions.append(message.delta.new_element.exception.message)
                elif element == "plotly_chart" and first_chart is None:
                    first_chart = time.perf_counter() - start
                key_found = key_found or page.key_text.encode() in data
            elif kind == "page_not_found":
                raise SessionFailed(f"page not found: {page.url_path!r}")
            elif kind == "script_finished":
                if message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                    break
                if message.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise SessionFailed("the script did not compile")
    seconds = time.perf_counter() - start
    if exceptions:
        raise SessionFailed(f"{page.url_path or 'overview'}: exception in the session: {exceptions[0][:300]}")
    if not key_found:
        raise SessionFailed(f"{page.url_path or 'overview'}: {page.key_text!r} never arrived")
    if page.chart and first_chart is None:
        raise SessionFailed(f"{page.url_path or 'overview'}: no chart arrived")
    return Visit(seconds, first_chart)


T = TypeVar("T")


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """asyncio.run in a thread of its own: Playwright's sync API (browser tests earlier in the same pytest
    process) keeps an event loop running on the main thread, where asyncio.run is refused."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
