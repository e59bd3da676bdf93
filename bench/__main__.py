"""Run every benchmark and print its tables: python -m bench (or make bench). Takes about 30 minutes."""

import os
import platform

from bench import (
    bench_browser,
    bench_bulk_paste,
    bench_capacity,
    bench_cluster_pages,
    bench_edits,
    bench_exports,
    bench_feed,
    bench_pages,
    bench_papers,
    bench_readers,
)

print(
    f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
    f"Python {platform.python_version()}"
)
print("\n## Readers: loader scaling by engine\n")
bench_readers.main(["--sizes", "1000,10000,100000", "--repeats", "2"])
print("\n## Pages (AppTest)\n")
bench_pages.main([])
print("\n## Cluster pages (AppTest, three ICBs of the large set's size)\n")
bench_cluster_pages.main([])
print("\n## Exports (large set)\n")
bench_exports.main([])
print("\n## Capacity (websocket protocol, ratios to a one-metric app)\n")
bench_capacity.main(["--replicas", "1,2", "--cold", "3"])
print("\n## Capacity of a cluster of three fictional ICBs, each the large set\n")
bench_capacity.main(["--cluster", "--pages", "overview", "--sessions", "20", "--repeats", "3", "--cold", "0"])
print("\n## Board papers\n")
bench_papers.main([])
print("\n## Saving an edit made in the app (50,000 priorities)\n")
bench_edits.main([])
print("\n## A pasted block of rows on the Update priorities page\n")
bench_bulk_paste.main([])
print("\n## The analysts' data feed (50,000 priorities)\n")
bench_feed.main([])
print("\n## In the browser\n")
bench_browser.main([])
