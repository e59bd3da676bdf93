"""Run every benchmark and print its table: python -m bench (or make bench)."""

import platform

from bench import bench_readers

print(
    f"Machine: {platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}"
)
print("\n## Readers (loaders/excel.py engines)\n")
bench_readers.main([])
