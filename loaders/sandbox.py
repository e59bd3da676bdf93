"""Checking untrusted workbooks in a worker process with CPU-time, memory and wall-clock limits.

Every uploaded or CLI-checked file is read here, not in the server process: a file built to exhaust memory
or time can only kill its own worker, and the user gets a message saying which limit it hit. The server's
threads wait on a pipe (without the interpreter lock), so other sessions stay responsive meanwhile.

Workers are forked from a 'forkserver' that has already imported the loaders, pandas and the readers, so a
worker starts in milliseconds; each worker checks one file and exits (no state survives a hostile file).
The forkserver itself is a fresh interpreter, never a fork of the multi-threaded server.
bench/bench_sandbox.py measures what a worker costs per file.
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import os
import resource
import threading
import time
import traceback
from dataclasses import dataclass
from multiprocessing import forkserver, popen_forkserver, spawn, util
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerProcess, reduction, set_spawning_popen
from pathlib import Path

from domain import Kind
from loaders.excel import RawSheet
from loaders.limits import (
    MAX_WORKERS,
    WORKER_ADDRESS_SPACE_MB,
    WORKER_CPU_SECONDS,
    WORKER_MEMORY_CHECK_SECONDS,
    WORKER_MEMORY_MB,
    WORKER_WALL_SECONDS,
)
from loaders.loaded import LoadedTracker
from loaders.problems import Problem, Severity
from loaders.trackers import load_tracker, load_tracker_grid, read_tracker_bytes

log = logging.getLogger(__name__)

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(["loaders._worker_preload"])
_slots = threading.BoundedSemaphore(MAX_WORKERS)


class _WorkerPopen(popen_forkserver.Popen):
    """The forkserver's launch, minus running the parent's main module again in the worker.

    multiprocessing re-runs `__main__` in every worker; under Streamlit that is the page script being
    run (Streamlit installs it as `__main__`), which would draw the page again in the worker.
    """

    def _launch(self, process_obj: multiprocessing.process.BaseProcess) -> None:
        prep_data = spawn.get_preparation_data(process_obj._name)
        prep_data.pop("init_main_from_name", None)
        prep_data.pop("init_main_from_path", None)
        buf = io.BytesIO()
        set_spawning_popen(self)
        try:
            reduction.dump(prep_data, buf)
            reduction.dump(process_obj, buf)
        finally:
            set_spawning_popen(None)
        self.sentinel, w = forkserver.connect_to_new_process(self._fds)
        parent_w = os.dup(w)
        self.finalizer = util.Finalize(self, util.close_fds, (parent_w, self.sentinel))
        with open(w, "wb", closefd=True) as f:
            f.write(buf.getbuffer())
        self.pid = forkserver.read_signed(self.sentinel)


class _Worker(ForkServerProcess):
    @staticmethod
    def _Popen(process_obj: multiprocessing.process.BaseProcess) -> _WorkerPopen:  # noqa: N802 - the API's name
        return _WorkerPopen(process_obj)


@dataclass(frozen=True)
class WorkerLimits:
    """What one worker may use to check one file."""

    cpu_seconds: float = WORKER_CPU_SECONDS
    wall_seconds: float = WORKER_WALL_SECONDS
    memory_mb: int = WORKER_MEMORY_MB

    def describe(self) -> str:
        return f"{self.wall_seconds:g} s / {self.memory_mb:,} MB"


DEFAULT_LIMITS = WorkerLimits()


def check_upload(
    content: bytes, file_name: str, kind: Kind | str | None = None, limits: WorkerLimits = DEFAULT_LIMITS
) -> LoadedTracker:
    """Check and read one untrusted workbook in a limited worker; never raises for bad input.

    The result is what loaders.trackers.load_tracker returns, or a tracker with one error saying the file
    could not be checked within the limits.
    """
    kind = Kind(kind) if kind else None
    with _slots:
        return _run_in_worker(content, file_name, kind, limits)


def check_grid(
    grid: dict[str, RawSheet], file_name: str, kind: Kind, limits: WorkerLimits = DEFAULT_LIMITS
) -> LoadedTracker:
    """loaders.trackers.load_tracker_grid in a limited worker: an edit made in the app (thousands of pasted
    rows) is checked outside the server process, as an upload is, so other sessions keep answering."""
    with _slots:
        return _run_in_worker(grid, file_name, kind, limits)


def check_file(
    path: str | Path, kind: Kind | None = None, limits: WorkerLimits = DEFAULT_LIMITS
) -> LoadedTracker:
    """check_upload for a file on disk: its size is checked before a byte is read."""
    content = read_tracker_bytes(path, kind)
    if isinstance(content, LoadedTracker):
        return content
    return check_upload(content, Path(path).name, kind, limits)


def warm_up() -> None:
    """Start the forkserver now (it imports the readers once, about a second), not on the first upload."""
    _Worker(target=_nothing, daemon=True).start()


def _nothing() -> None:
    return None


def _run_in_worker(
    content: bytes | dict[str, RawSheet], file_name: str, kind: Kind | None, limits: WorkerLimits
) -> LoadedTracker:
    receiver, sender = _context.Pipe(duplex=False)
    worker = _Worker(
        target=_work, args=(sender, content, file_name, kind, limits), name="tracker-check", daemon=True
    )
    deadline = time.monotonic() + limits.wall_seconds
    worker.start()
    sender.close()
    try:
        # A fresh fork counts the pages it shares with the forkserver as its own: growth past the first
        # reading is what the worker itself uses.
        baseline = None
        while not receiver.poll(max(0.0, min(WORKER_MEMORY_CHECK_SECONDS, deadline - time.monotonic()))):
            used = _anonymous_memory_mb(worker.pid)
            baseline = used if baseline is None else min(baseline, used)
            if time.monotonic() >= deadline:
                worker.kill()
                return _over_limits(
                    file_name, kind, limits, f"checking it took longer than {limits.wall_seconds:g} seconds"
                )
            if used - baseline > limits.memory_mb:
                worker.kill()
                return _over_limits(
                    file_name, kind, limits, f"it needed more than {limits.memory_mb:,} MB of memory"
                )
        try:
            outcome, payload = receiver.recv()
        except (EOFError, OSError):
            worker.join(5)
            return _over_limits(file_name, kind, limits, _death(worker.exitcode, limits))
    finally:
        receiver.close()
        if worker.is_alive():
            worker.kill()
        worker.join(5)
    if outcome == "ok":
        return payload
    if outcome == "memory":
        return _over_limits(file_name, kind, limits, f"it needed more than {limits.memory_mb:,} MB of memory")
    log.error("checking %s failed in the worker:\n%s", file_name, payload)
    return _over_limits(file_name, kind, limits, "the checker met something it could not handle")


def _anonymous_memory_mb(pid: int | None) -> float:
    """The worker's resident anonymous memory in MB (cheap to read: no walk over its mappings)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            line = next(line for line in status if line.startswith("RssAnon:"))
    except (OSError, StopIteration):
        return 0.0
    return int(line.split()[1]) / 1024


def _peak_memory_mb() -> float:
    """This process's peak resident memory in MB (VmHWM: after a fork it starts at the fork's own size)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            line = next(line for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return 0.0
    return int(line.split()[1]) / 1024


def _death(exitcode: int | None, limits: WorkerLimits) -> str:
    if exitcode == -24:  # SIGXCPU: past RLIMIT_CPU
        return f"it needed more than {limits.cpu_seconds:g} seconds of processor time"
    if exitcode in (-9, -6, -11, 134, 137):  # killed, aborted or crashed: in practice out of memory
        return f"it needed more than {limits.memory_mb:,} MB of memory (the checker was stopped)"
    return f"the checker stopped unexpectedly (exit code {exitcode})"


def _over_limits(file_name: str, kind: Kind | None, limits: WorkerLimits, reason: str) -> LoadedTracker:
    problem = Problem(
        Severity.ERROR,
        "over_limits",
        f"This file could not be checked within the limits ({limits.describe()}): {reason}.",
        "Check it is the tracker you meant to upload. Delete unused sheets, rows, columns and pictures, save "
        "it as a new .xlsx and try again; if it still fails, send it to the dashboard's maintainers.",
        file=file_name,
    )
    return LoadedTracker(kind, file_name, problems=[problem])


def _limit_resources(limits: WorkerLimits) -> None:
    cpu = max(1, int(limits.cpu_seconds + 0.999))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    address_space = max(WORKER_ADDRESS_SPACE_MB, limits.memory_mb) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _work(
    sender: Connection,
    content: bytes | dict[str, RawSheet],
    file_name: str,
    kind: Kind | None,
    limits: WorkerLimits,
) -> None:
    """In the worker: limit ourselves, check the file (or a grid of cell text), send back ('ok', tracker) or
    what went wrong."""
    try:
        _limit_resources(limits)
        before = _peak_memory_mb()
        if isinstance(content, bytes):
            result: tuple[str, object] = ("ok", load_tracker(content, file_name, kind))
        else:
            assert kind is not None
            result = ("ok", load_tracker_grid(content, file_name, kind))
        # The parent samples memory every WORKER_MEMORY_CHECK_SECONDS: a check that peaks and finishes
        # between two samples escapes it. The peak the kernel kept (a fork's starts at its size) does not.
        if _peak_memory_mb() - before > limits.memory_mb:
            result = ("memory", None)
    except MemoryError:
        result = ("memory", None)
    except BaseException:  # noqa: BLE001 - anything else is a bug to log, never a traceback for the user
        result = ("error", traceback.format_exc())
    try:
        sender.send(result)
    except MemoryError:
        sender.send(("memory", None))
    finally:
        sender.close()
