"""Imported once by the workers' forkserver: everything a check needs, warmed, so each worker starts fast.

Readers import some of their libraries lazily (fastexcel, pyarrow for its frames, pandas' date parsing);
loading one small template here pays for all of that once, in the forkserver, not in every worker.
"""

from __future__ import annotations

import gc

import fastexcel  # noqa: F401
import pyarrow  # noqa: F401

from domain import Kind
from loaders import sandbox  # noqa: F401 - the workers' entry point
from loaders.templates import template_bytes
from loaders.trackers import load_tracker

for _kind in Kind:
    load_tracker(template_bytes(_kind), "warm-up.xlsx", _kind)

# Keep the collector off everything loaded so far: its first pass in a worker would otherwise write to
# every object, copying the forkserver's memory page by page into each worker.
gc.collect()
gc.freeze()
