"""Where the tracker formats were declared before they got a module each (issue 21 step 3).

The declarations now live in loaders/spec.py (Column, Sheet, Tracker, the About sheet) and one module per
format in loaders/formats/ (framework, coverage, engagement, cplg, self_assessment), listed in
loaders/formats/__init__.py. This module only re-exports the old names so that code not yet moved still
imports; new code imports from the modules above. To be removed once nothing imports it.
"""

# ruff: noqa: F401

from domain import (
    ACTION_STATUSES,
    DEFAULT_LEVEL_SCALE,
    EVENT_FORMATS,
    FACETS,
    LEVELS,
    NEXT_MEETING,
    ORGANISATION_TYPES,
    OUTCOMES,
    PROFESSIONS,
    STATUSES,
    Kind,
)
from loaders.formats import OPTIONAL_KINDS, TRACKERS
from loaders.formats.coverage import COVERAGE, COVERAGE_COLUMN_PREFIX, PRIMARY_MARKS, SUPPORTING_MARKS
from loaders.formats.cplg import ACTION_STATUS_SYNONYMS, ACTIONS, CPLG, FACET_SYNONYMS
from loaders.formats.engagement import ENGAGEMENT
from loaders.formats.framework import FRAMEWORK, STATUS_SYNONYMS, THEME_ID
from loaders.formats.self_assessment import ASSESSMENT, LEVEL_RANGE, LEVEL_SCALE_NOTE
from loaders.spec import (
    ABOUT_AS_AT,
    ABOUT_FIELDS,
    ABOUT_SHEET,
    ABOUT_TRACKER,
    EARLIEST_PLAUSIBLE_YEAR,
    NO_VALUES,
    OUTLIER_YEARS,
    YES_VALUES,
    Column,
    ColumnType,
    Sheet,
    Tracker,
)
