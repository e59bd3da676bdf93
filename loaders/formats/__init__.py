"""The registry of tracker formats: one module per format, one line here each.

Adding a tracker: write loaders/formats/<name>.py with its declaration (a Tracker), its cross-sheet checks and
its derived tables as a FORMAT, give its Kind a value in domain.py, and add the module to FORMATS below.
"""

from __future__ import annotations

from domain import Kind
from loaders.formats import coverage, cplg, engagement, framework, self_assessment
from loaders.formats.base import Format
from loaders.spec import Tracker

FORMATS: dict[Kind, Format] = {
    f.kind: f
    for f in (
        framework.FORMAT,
        coverage.FORMAT,
        engagement.FORMAT,
        cplg.FORMAT,
        self_assessment.FORMAT,
    )
}
"""Every tracker format, in the order the trackers are listed (templates, docs, messages)."""

TRACKERS: dict[Kind, Tracker] = {kind: f.tracker for kind, f in FORMATS.items()}
"""Every tracker's declaration by kind."""

OPTIONAL_KINDS: frozenset[Kind] = frozenset({Kind.ASSESSMENT})
"""Trackers the dashboard works without (nothing is shown for them until one is stored)."""
