"""The shared vocabulary: tracker kinds, statuses, outcomes, facets, formats, professions.

The ground floor every layer may import (loaders, metrics, charts, store, exports, ui), so that nothing imports a
loader only to know what a status is. How a cell's spelling maps onto these words (synonyms, tick marks) is a
reading rule and stays with the loaders (loaders/schema.py).
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """The four tracker workbooks, one per subject."""

    FRAMEWORK = "framework"
    COVERAGE = "coverage"
    ENGAGEMENT = "engagement"
    CPLG = "cplg"


STATUSES: tuple[str, ...] = ("Not started", "On track", "At risk", "Off track", "Deferred", "Complete")
"""Priority statuses, in reading order from 'not begun' to 'done'."""

OPEN_STATUSES: frozenset[str] = frozenset({"Not started", "On track", "At risk", "Off track"})
"""Statuses of priorities still being worked on (these can be overdue)."""

OUTCOMES: tuple[str, ...] = (
    "Approved",
    "Supported",
    "Noted",
    "Feedback given",
    "Further work",
    "Not supported",
)
"""CPLG outcome categories, read from the recommendation text (see loaders.outcomes)."""

ACTION_STATUSES: tuple[str, ...] = ("Open", "Done", "Dropped", "Not recorded")
"""CPLG action statuses. 'Not recorded' is for actions read from the papers, whose follow-up nobody logged."""

OPEN_ACTION_STATUSES: frozenset[str] = frozenset({"Open", "Not recorded"})
"""Action statuses still to be reported on at a meeting (matters arising)."""

NEXT_MEETING = "Next meeting"
"""What a CPLG action's due cell says when it is due at the meeting after the one that set it."""

FACETS: tuple[str, ...] = ("ICB (NHS)", "ICP", "CCPL Development")
"""CPLG agenda facets, used from August 2022 onwards."""

EVENT_FORMATS: tuple[str, ...] = ("In person", "Virtual", "Hybrid")

COVERAGE_MARKS: tuple[str, ...] = ("Primary", "Supporting")
"""A theme's contribution to a principle: primary, supporting, or blank for none."""

PRINCIPLE_1_PROFESSIONS: tuple[str, ...] = (
    "Allied health professionals",
    "Pharmacists",
    "Doctors",
    "Nurses",
    "Social workers/practitioners",
    "Psychologists",
    "Healthcare scientists",
    "Physician associates",
    "Midwives",
    "Dentists",
    "Optometrists",
    "Orthoptists",
    "Public health professionals",
)
"""The professions principle 1 names ('among others'): the yardstick for the reach of engagement."""

PROFESSIONS: tuple[str, ...] = (*PRINCIPLE_1_PROFESSIONS, "General practice", "Managers", "Other")

ORGANISATION_TYPES: tuple[str, ...] = (
    "NHS provider",
    "Primary care",
    "ICB",
    "Local authority",
    "Social care",
    "Voluntary sector",
    "Other",
)
