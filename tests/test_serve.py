"""tools/serve.py: the server a proxy or a test is told is ready has already drawn its Overview once."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import tomllib
import typing
import urllib.request

from tools.app_server import ROOT, free_port, running_app, stop
from tools.session_client import Page, run_async, visit


def test_the_health_check_answers_ready_only_after_the_server_drew_its_own_overview(tmp_path) -> None:  # noqa: ANN001
    env = {"CCPL_STATE_DIR": str(tmp_path), "CCPL_DATA_DIR": "", "CCPL_DATABASE_URL": ""}
    with running_app(env, poll=0.01) as url:
        # running_app returns at the first healthy answer: by then the first visit must be finished.
        assert "First visit drawn in" in url.log.read_text(errors="replace")
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as response:
            assert response.status == 200
        first = run_async(visit(url, Page("", "CCPL progress overview", chart=True)))
        assert first.first_chart is not None


def _listening(port: int) -> set[str]:
    """The local addresses (hex, as /proc/net/tcp* write them) with a socket listening on `port`."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table, encoding="ascii") as rows:
            for row in list(rows)[1:]:
                local, state = row.split()[1], row.split()[3]
                address, hex_port = local.split(":")
                if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                    found.add(address)
    return found


def test_the_default_address_is_this_machine_only() -> None:
    """`make run` out of the box listens on 127.0.0.1 and prints no 'Network URL' (docs/operations.md says how
    to serve a network on purpose)."""
    port = free_port()
    with tempfile.TemporaryDirectory() as state, tempfile.TemporaryFile() as log:
        env = {**os.environ, "CCPL_STATE_DIR": state, "CCPL_DATABASE_URL": ""}
        env.pop("STREAMLIT_SERVER_ADDRESS", None)
        server = subprocess.Popen(  # what `make run` runs, with no address given
            [sys.executable, "-m", "tools.serve", "--server.headless=true", f"--server.port={port}"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 120
            while not _listening(port) and time.monotonic() < deadline and server.poll() is None:
                time.sleep(0.2)
            assert _listening(port) == {"0100007F"}, _listening(port)  # 127.0.0.1 only, no wildcard
            while b"URL:" not in _read(log) and time.monotonic() < deadline:
                time.sleep(0.2)
            output = _read(log).decode(errors="replace")
            assert f"http://127.0.0.1:{port}" in output and "Network URL" not in output, output
        finally:
            stop(server)
    with (ROOT / ".streamlit" / "config.toml").open("rb") as config:
        assert tomllib.load(config)["server"]["address"] == "127.0.0.1"


def _read(log: typing.IO[bytes]) -> bytes:
    log.seek(0)
    return log.read()
