"""What the automated accessibility test checks: the axe-core rule sets run on every page.

There is no list of allowed violations: any serious or critical one fails tests/browser/test_accessibility.py.
"""

from __future__ import annotations

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
"""The axe-core rule sets run on every page."""
