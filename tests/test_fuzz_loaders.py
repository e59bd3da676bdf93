"""Fuzzing the loader with damaged copies of the real trackers in data/ (issue 10).

A seeded mutator damages the trackers two ways: the zip bytes themselves (flipped, inserted, deleted or
repeated bytes, truncation), and the XML inside a part (cut, repeated or altered text; cell references
sent far away; types switched to errors, strings or booleans), re-zipped so the damage reaches the
parsers. For every mutant the contract holds: load_tracker returns, never raises; the result is either
usable or has errors, each with a message and what to do; no problem carries a traceback; each file takes
bounded time. Most mutants are loaded in-process through the same function the workers run; a sample goes
through the worker (loaders.sandbox) and a few through the command line.

Thousands of mutants go through everything that touches the untrusted bytes (the byte checks, the streamed
sheet scan, the reader: loaders.trackers.read_tracker_sheets, a few ms each); hundreds go on through the
whole load, validation included (tens of ms each: pandas work on grids already bounded).
FUZZ_SECONDS (default 25 for each of the two) bounds the run; FUZZ_SEED picks another sequence of mutants.
"""

from __future__ import annotations

import io
import os
import random
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from loaders.loaded import LoadedTracker
from loaders.sandbox import check_upload
from loaders.trackers import load_tracker, read_tracker_sheets

ROOT = Path(__file__).resolve().parent.parent
TRACKERS = {path.name: path.read_bytes() for path in sorted((ROOT / "data").glob("*.xlsx"))}
SEED = int(os.environ.get("FUZZ_SEED", "20261125"))
BUDGET_SECONDS = float(os.environ.get("FUZZ_SECONDS", "25"))
MAX_CASES = 5000
MIN_READ_CASES = 1000
MIN_LOAD_CASES = 40  # hundreds on a quiet machine; 64 seen with load average 22 on 2 cores
SLOWEST_ACCEPTED_SECONDS = (
    20.0  # one file, on a loaded machine; the worker's wall-clock limit is the real bound
)


def _zip_parts(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


PARTS = {name: _zip_parts(data) for name, data in TRACKERS.items()}


def _rezip(parts: list[tuple[str, bytes]], rng: random.Random) -> bytes:
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if rng.random() < 0.1 else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in parts:
            archive.writestr(name, content)
    return buffer.getvalue()


# Byte-level damage to the archive ------------------------------------------------------------------------


def _flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _insert(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + rng.randbytes(rng.randint(1, 64)) + data[at:]


def _delete(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + data[at + rng.randint(1, 256) :]


def _repeat(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    chunk = data[at : at + rng.randint(1, 512)]
    return data[:at] + chunk * rng.randint(2, 20) + data[at:]


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


BYTE_MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [_flip, _insert, _delete, _repeat, _truncate]


# XML-level damage inside one part, re-zipped ---------------------------------------------------------------

_FAR_REFS = [b"XFD1048576", b"XFD5000", b"A1048576", b"ZZ99999", b"A0", b"", b"1A", b"AAAA1"]
_TYPES = [b"e", b"s", b"b", b"str", b"inlineStr", b"d", b"n", b"x", b""]
_VALUES = [
    b"#N/A",
    b"#DIV/0!",
    b"60",
    b"-1",
    b"1e19",
    b"inf",
    b"nan",
    b"99999999",
    b"2958466",
    b"\xe2\x80\x8b",
    b"&amp;",
    b"",
]
_SNIPPETS = [
    b'<c r="B2" t="s"><v>999999</v></c>',
    b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
    b'<c r="C3"><f>1/0</f></c>',
    b'<sheet name="Priorities" sheetId="99" state="hidden" r:id="rId1"/>',
    b'<row r="3" hidden="1">',
    b"<![CDATA[x]]>",
    b"<?pi x?>",
    b"<!-- c -->",
    b"\x00",
    b"&#0;",
    b"&bogus;",
]


def _xml_mutation(content: bytes, rng: random.Random) -> bytes:
    choice = rng.randrange(8)
    if not content:
        return rng.choice(_SNIPPETS)
    at = rng.randrange(len(content))
    if choice == 0:
        return content[:at] + content[at + rng.randint(1, 200) :]
    if choice == 1:
        chunk = content[at : at + rng.randint(1, 400)]
        return content[:at] + chunk * rng.randint(2, 50) + content[at:]
    if choice == 2:
        return re.sub(
            rb'r="[A-Z]+\d+"', lambda _: b'r="%s"' % rng.choice(_FAR_REFS), content, count=rng.randint(1, 3)
        )
    if choice == 3:
        return re.sub(
            rb'\bt="[a-zA-Z]*"', lambda _: b't="%s"' % rng.choice(_TYPES), content, count=rng.randint(1, 5)
        )
    if choice == 4:
        return re.sub(
            rb"<v>[^<]*</v>", lambda _: b"<v>%s</v>" % rng.choice(_VALUES), content, count=rng.randint(1, 5)
        )
    if choice == 5:
        return content[:at] + rng.choice(_SNIPPETS) + content[at:]
    if choice == 6:
        return _flip(content, rng)
    return re.sub(
        rb"<(/?)([a-zA-Z]+)",
        lambda m: b"<%s%s" % (m.group(1), m.group(2) if rng.random() < 0.97 else b"x"),
        content,
    )


def mutant(rng: random.Random) -> tuple[str, bytes]:
    """One damaged tracker: (a description for the failure message, its bytes)."""
    name = rng.choice(sorted(TRACKERS))
    if rng.random() < 0.4:
        mutation = rng.choice(BYTE_MUTATIONS)
        return f"{name} {mutation.__name__}", mutation(TRACKERS[name], rng)
    parts = [(info.filename, content) for info, content in PARTS[name]]
    xml_parts = [i for i, (part, _) in enumerate(parts) if part.endswith((".xml", ".rels"))]
    done = []
    for _ in range(rng.randint(1, 3)):
        index = rng.choice(xml_parts)
        parts[index] = (parts[index][0], _xml_mutation(parts[index][1], rng))
        done.append(parts[index][0])
    if rng.random() < 0.05:
        parts.pop(rng.randrange(len(parts)))
        done.append("a part removed")
    return f"{name} xml in {', '.join(done)}", _rezip(parts, rng)


def assert_contract(tracker: LoadedTracker, what: str) -> None:
    assert isinstance(tracker, LoadedTracker), what
    for problem in tracker.problems:
        assert problem.message and problem.fix, (what, problem)
        text = problem.message + problem.fix
        assert "Traceback" not in text and 'File "' not in text, (what, problem)
    if not tracker.ok:
        assert tracker.errors, what


def _fuzz(seed: int, step: Callable[[bytes], LoadedTracker], minimum: int) -> None:
    rng = random.Random(seed)
    started = time.perf_counter()
    cases = refused = 0
    slowest = (0.0, "")
    while cases < MAX_CASES and time.perf_counter() - started < BUDGET_SECONDS:
        what, data = mutant(rng)
        before = time.perf_counter()
        try:
            tracker = step(data)
        except Exception as exc:  # the contract: never
            raise AssertionError(f"{what} (seed {seed}, case {cases}) raised {exc!r}") from exc
        slowest = max(slowest, (time.perf_counter() - before, what))
        assert_contract(tracker, what)
        refused += not tracker.ok
        cases += 1
    assert cases >= minimum, f"only {cases} mutants in {BUDGET_SECONDS} s"
    assert slowest[0] < SLOWEST_ACCEPTED_SECONDS, slowest
    assert 0 < refused < cases, "the mutants should be a mix of refused and still-usable files"


def test_thousands_of_mutants_are_checked_and_read_or_refused_with_a_message() -> None:
    _fuzz(SEED, lambda data: read_tracker_sheets(data, "fuzzed.xlsx")[0], MIN_READ_CASES)


def test_mutants_are_loaded_whole_or_refused_with_a_message() -> None:
    _fuzz(SEED + 3, lambda data: load_tracker(data, "fuzzed.xlsx"), MIN_LOAD_CASES)


def test_a_sample_of_mutants_through_the_worker() -> None:
    rng = random.Random(SEED + 1)
    for case in range(12):
        what, data = mutant(rng)
        tracker = check_upload(data, "fuzzed.xlsx")
        assert_contract(tracker, f"{what} (case {case})")
        assert tracker.problems == load_tracker(data, "fuzzed.xlsx").problems, what


def test_cli_contract_on_a_sample_of_mutants(tmp_path: Path) -> None:
    rng = random.Random(SEED + 2)
    paths = []
    for case in range(6):
        what, data = mutant(rng)
        path = tmp_path / f"mutant{case}.xlsx"
        path.write_bytes(data)
        paths.append((path, what))
    # One command for all of them: each worker is forked from one forkserver, started once.
    result = subprocess.run(
        [sys.executable, "-m", "loaders", "check", *(str(path) for path, _ in paths)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    described = "; ".join(what for _, what in paths)
    assert result.returncode in (0, 1), (described, result.returncode, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr, (described, result.stderr)
    for path, what in paths:
        assert re.search(rf"^{re.escape(str(path))}: ", result.stdout, re.MULTILINE), (what, result.stdout)
