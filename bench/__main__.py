"""Run every benchmark and print its table: python -m bench (or make bench)."""

import os
import platform

from bench import bench_pages, bench_readers

print(
    f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, Python {platform.python_version()}"
)
print("\n## Readers (loaders/excel.py engines)\n")
bench_readers.main([])
print("\n## Pages (AppTest, per page)\n")
bench_pages.main([])
