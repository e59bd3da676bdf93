"""Start the dashboard with `streamlit run` on a free local port, for browser tests, screenshots and benchmarks."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class AppUrl(str):
    """The app's base URL, which also knows the server's process id (for memory measurements)."""

    pid: int
    log: Path
    """The server's output so far."""


def peak_memory_mb(pid: int) -> float:
    """The process's peak resident memory so far (Linux VmHWM), in MiB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pids: Sequence[int]) -> float:
    """User and system CPU time used so far by these processes (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))
    return total / ticks


def memory_mb(pid: int, field: str) -> float:
    """VmRSS (resident now) or VmHWM (peak resident) of a process, in MiB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def running_app(
    env: Mapping[str, str] | None = None,
    timeout: float = 60,
    script: Path | None = None,
    options: Sequence[str] = (),
    port: int | None = None,
    poll: float = 0.2,
    launcher: Sequence[str] | None = None,
) -> Iterator[AppUrl]:
    """Run the app (or another Streamlit script) in a subprocess and yield its base URL; stop it afterwards.

    `options` are extra `streamlit run` options, e.g. ("--runner.postScriptGC=true",) to measure a setting.
    `launcher` replaces `-m tools.serve` (bench/profile_sessions.py starts it under a profiler).
    """
    port = port or free_port()
    if launcher is None:
        launcher = ["-m", "tools.serve"] if script is None else ["-m", "streamlit", "run", str(script)]
    command = [
        sys.executable,
        *launcher,
        "--server.headless=true",
        f"--server.port={port}",
        "--server.address=127.0.0.1",
        "--browser.gatherUsageStats=false",
        "--server.fileWatcherType=none",
        *options,
    ]
    # The server's output goes to a file, not a pipe nobody reads (a full pipe would stop the server).
    log = tempfile.NamedTemporaryFile(prefix="ccpl-app-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT
    )
    url = AppUrl(f"http://127.0.0.1:{port}")
    url.pid = process.pid
    url.log = Path(log.name)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = Path(log.name).read_text(errors="replace")
                raise RuntimeError(f"the app did not start:\n{output}")
            time.sleep(poll)
        yield url
    finally:
        stop(process)
        log.close()
        Path(log.name).unlink(missing_ok=True)


def stop(process: subprocess.Popen) -> None:
    """End a server process: politely, then by force if it has not stopped within ten seconds."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
