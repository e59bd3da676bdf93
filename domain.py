"""The shared vocabulary: tracker kinds, statuses, outcomes, facets, formats, professions.

The ground floor every layer may import (loaders, metrics, charts, store, exports, ui), so that nothing imports a
loader only to know what a status is. How a cell's spelling maps onto these words (synonyms, tick marks) is a
reading rule and stays with the loaders (each tracker format's module in loaders/formats/).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """The tracker workbooks, one per subject (the assessment tracker is optional)."""

    FRAMEWORK = "framework"
    COVERAGE = "coverage"
    ENGAGEMENT = "engagement"
    CPLG = "cplg"
    ASSESSMENT = "assessment"  # optional: the self-assessment against the principles, round by round

    @property
    def title(self) -> str:
        """The tracker's name as people read it (its About sheet, the pages, the history): said here once, so
        nothing needs the loaders' declarations to name a tracker."""
        return _KIND_TITLES[self]


_KIND_TITLES: dict[Kind, str] = {
    Kind.FRAMEWORK: "Framework themes",
    Kind.COVERAGE: "Principle coverage",
    Kind.ENGAGEMENT: "Engagement events",
    Kind.CPLG: "CPLG agenda log",
    Kind.ASSESSMENT: "Principles self-assessment",
}


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


PRINCIPLE_NUMBERS: tuple[int, ...] = (1, 2, 3, 4, 5)
"""The national guidance's five CCPL principles (cover report 4.2; Appendix 1 of the framework)."""

LEVELS: tuple[int, ...] = (1, 2, 3, 4)
"""The self-assessment scale: a level per principle, 1 (lowest) to 4. Charts keep this fixed axis."""

DEFAULT_LEVEL_SCALE: tuple[tuple[int, str, str], ...] = (
    (1, "Emerging", "Early steps: intent agreed, little yet in place or evidenced."),
    (2, "Developing", "Arrangements in place in parts of the system; evidence is partial."),
    (3, "Established", "Working across the system as intended, with evidence from several sources."),
    (4, "Embedded", "Routine practice, sustained over time, reviewed and improved on evidence."),
)
"""The default names and descriptors of the levels. An editable assumption of this dashboard, not a national
standard (there is none): editors may reword them on the assessment tracker's Levels sheet."""


DEFAULT_ORGANISATION_ID = "jucd"
"""The organisation whose trackers this dashboard was built on, and into which a store written before
organisations existed is upgraded (store/migrations 0006): Joined Up Care Derbyshire."""


@dataclass(frozen=True)
class Organisation:
    """An ICB (or ICS) with its own CCPL framework: its own themes, priorities, events, leadership group and
    facets, all answering the same five national principles."""

    id: str
    name: str
    short_name: str = ""
    group_name: str = "CPLG"
    """What this organisation calls its clinical and professional leadership group (a senate, an assembly…)."""

    @property
    def label(self) -> str:
        """The name where space is short (a chart's axis, a column heading)."""
        return self.short_name or self.name


DEFAULT_ORGANISATION = Organisation(
    DEFAULT_ORGANISATION_ID, "Joined Up Care Derbyshire", short_name="Derbyshire", group_name="CPLG"
)


@dataclass(frozen=True)
class Cluster:
    """The organisations one board reads (settings.cluster). A cluster of one is the single-ICB dashboard."""

    id: str
    name: str
    organisations: tuple[Organisation, ...]

    @property
    def single(self) -> bool:
        return len(self.organisations) == 1

    @property
    def home(self) -> Organisation:
        """The first organisation listed: the one a visitor sees first."""
        return self.organisations[0]

    def organisation(self, organisation_id: str | None) -> Organisation | None:
        return next((o for o in self.organisations if o.id == organisation_id), None)


SINGLE_CLUSTER = Cluster("jucd-cluster", "Joined Up Care Derbyshire", (DEFAULT_ORGANISATION,))
