"""Every limit on an untrusted workbook, in one place (docs/operations.md quotes them; a test checks it).

The limits are absolute resources, with room for real trackers (a few hundred rows by a few dozen columns,
a few hundred KB): a file past any of them gets a message saying which limit and what to do, before any
reader builds a grid. Compression ratios alone do not tell a bomb from a genuine workbook of long text.
"""

from __future__ import annotations

MB = 1024 * 1024

MAX_FILE_BYTES = 20 * MB
"""Largest accepted file; matches server.maxUploadSize in .streamlit/config.toml."""
MAX_UNCOMPRESSED_BYTES = 400 * MB
"""Largest total the archive's parts may unpack to."""
MAX_PART_BYTES = 200 * MB
"""Largest one part (a sheet, the shared strings) may unpack to."""
MAX_ENTRY_RATIO = 500
"""Highest compression ratio for a part of 1 MB or more once unpacked: deflate's own ceiling is about
1,000 to 1, which only runs of identical bytes reach; real workbooks of long text stay well under 200."""
RATIO_CHECK_FROM_BYTES = 1 * MB
"""Parts smaller than this once unpacked are not ratio-checked: small XML compresses very well."""

MAX_SHEET_CELLS = 2_000_000
"""Largest grid one sheet may span (rows x columns from its first to its last filled cell)."""
MAX_FILLED_CELLS = 2_000_000
"""Most filled cells over the sheets read."""
MAX_TEXT_CHARS = 50_000_000
"""Most characters of text over the cells of the sheets read (a shared string counts each time it is used)."""
MAX_SHARED_STRINGS = 1_000_000
"""Most distinct strings in the workbook's shared-strings table."""
MAX_SHARED_TEXT_CHARS = 100_000_000
"""Most characters in the workbook's shared-strings table."""
MAX_SHEETS = 1_000
"""Most sheets a workbook may list."""

WORKER_CPU_SECONDS = 60
"""CPU time a worker may use to check one file."""
WORKER_WALL_SECONDS = 90
"""Time a worker may take to check one file, waiting included."""
WORKER_MEMORY_MB = 1024
"""Memory a worker may use of its own (its resident memory beyond what it shares with the forkserver at
the start); the server stops it when it goes past (the readers' allocators reserve address space early, so RLIMIT_AS alone would
not see their use)."""
WORKER_ADDRESS_SPACE_MB = 4096
"""Address space a worker may map (RLIMIT_AS), the libraries included: the backstop."""
WORKER_MEMORY_CHECK_SECONDS = 0.05
"""How often the server looks at a worker's memory."""
MAX_WORKERS = 2
"""Files checked at the same time; more wait their turn."""

LIMITS_FOR_DOCS: dict[str, str] = {
    "File size": f"{MAX_FILE_BYTES // MB} MB",
    "Unpacked size of the whole workbook": f"{MAX_UNCOMPRESSED_BYTES // MB} MB",
    "Unpacked size of one part": f"{MAX_PART_BYTES // MB} MB",
    "Compression ratio of one part of 1 MB or more": f"{MAX_ENTRY_RATIO} to 1",
    "Grid of one sheet (first to last filled cell)": f"{MAX_SHEET_CELLS:,} cells",
    "Filled cells over the sheets read": f"{MAX_FILLED_CELLS:,}",
    "Text in the cells read": f"{MAX_TEXT_CHARS:,} characters",
    "Shared strings": f"{MAX_SHARED_STRINGS:,} strings, {MAX_SHARED_TEXT_CHARS:,} characters",
    "Sheets in a workbook": f"{MAX_SHEETS:,}",
    "Worker CPU time": f"{WORKER_CPU_SECONDS} s",
    "Worker wall-clock time": f"{WORKER_WALL_SECONDS} s",
    "Worker memory of its own": f"{WORKER_MEMORY_MB:,} MB",
    "Worker address space (libraries included)": f"{WORKER_ADDRESS_SPACE_MB:,} MB",
    "Files checked at once": f"{MAX_WORKERS}",
}
"""The table in docs/operations.md, 'Limits' (tests/test_hostile_limits.py checks the doc matches)."""
